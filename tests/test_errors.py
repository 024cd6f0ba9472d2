"""DecodeError: one ValueError subclass carrying reason, path and line."""

from __future__ import annotations

import pickle

import pytest

import eventbridge_structs as ebs


def test_decode_error_is_a_value_error_with_fields() -> None:
    err = ebs.DecodeError("Expected `str`, got `int`", "$.detail.sync-status")
    assert isinstance(err, ValueError)
    assert (err.reason, err.path, err.line) == (
        "Expected `str`, got `int`",
        "$.detail.sync-status",
        None,
    )
    assert str(err) == "Expected `str`, got `int` - at `$.detail.sync-status`"


def test_relocated_moves_the_path_under_a_batch_index() -> None:
    err = ebs.DecodeError("bad", "$.time").relocated("$[3]", line=4)
    assert (err.path, err.line) == ("$[3].time", 4)
    assert str(err) == "bad - at `$[3].time` (line 4)"
    assert ebs.DecodeError("bad").relocated("$[0]").path == "$[0]"


def test_pickles() -> None:
    err = ebs.DecodeError("bad", "$.x", line=2)
    back = pickle.loads(pickle.dumps(err))
    assert (back.reason, back.path, back.line, str(back)) == ("bad", "$.x", 2, str(err))


def test_chains_the_msgspec_error() -> None:
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(b"{")
    assert info.value.__cause__ is not None
