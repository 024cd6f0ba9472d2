"""Hostile input, case by case (issue 8): invalid UTF-8, lone surrogates,
duplicate keys, NaN/Infinity, out-of-range numbers, deep nesting, huge
strings, wrong types at every path, bad datetimes, empty input. Each gives
an event that round-trips or one DecodeError naming the JSON path."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

import eventbridge_structs as ebs
from eventbridge_structs import ecr
from fuzz import harness

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.json"))
PTC = (EXAMPLES / "pull-through-cache-action.json").read_bytes()
S3 = (EXAMPLES / "s3-object-created.json").read_bytes()


def every_path(
    value: Any, path: str = "$", keys: tuple[Any, ...] = ()
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every ``(json_path, keys)`` below ``value``, in msgspec's notation."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", (*keys, key)
            yield from every_path(item, f"{path}.{key}", (*keys, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield f"{path}[{index}]", (*keys, index)
            yield from every_path(item, f"{path}[{index}]", (*keys, index))


def replaced(doc: Any, keys: tuple[Any, ...], value: Any) -> Any:
    """A deep copy of ``doc`` with the value at ``keys`` replaced."""
    doc = json.loads(json.dumps(doc))
    target = doc
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return doc


# --- UTF-8 and surrogates --------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [b"\xff", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"],
)
def test_invalid_utf8_in_a_string_is_a_decode_error(bad: bytes) -> None:
    typed = PTC.replace(b'"SUCCESS"', b'"SUC' + bad + b'CESS"')
    generic = S3.replace(b'"Object Created"', b'"Object' + bad + b'"')
    for data in (typed, generic):
        with pytest.raises(ebs.DecodeError, match="not valid UTF-8") as info:
            ebs.decode(data)
        assert info.value.path == "$"
        with pytest.raises(ebs.DecodeError, match="not valid UTF-8"):
            ebs.decode(data, type=ebs.EventBridgeEvent)
        harness.check_decode(data)
    lines = PTC.replace(b"\n", b"") + b"\n" + typed.replace(b"\n", b"")
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode_lines(lines)
    assert (info.value.path, info.value.line) == ("$[1]", 2)
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode_many(b"[" + PTC + b"," + typed + b"]")
    assert info.value.path == "$[1]"


def test_invalid_utf8_in_an_ignored_key_is_skipped_with_it() -> None:
    """Bytes the model never reads are not validated: the event is the same
    as without them."""
    data = PTC.replace(b'"rule-version": "1"', b'"rule-\xff": "\xfe"')
    assert ebs.decode(data) == ebs.decode(PTC)


def test_lone_surrogates_in_text_input_are_decode_errors() -> None:
    text = PTC.decode().replace("SUCCESS", "SUC\ud800CESS")
    with pytest.raises(ebs.DecodeError, match="not valid UTF-8") as info:
        ebs.decode(text)
    assert info.value.path == "$"
    with pytest.raises(ebs.DecodeError, match="not valid UTF-8"):
        ebs.decode(text, type=ecr.ECRPullThroughCacheActionEvent)
    with pytest.raises(ebs.DecodeError):
        ebs.decode_many("[" + text + "]")
    good = PTC.decode().replace("\n", "")
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode_lines(good + "\n\n" + text.replace("\n", ""))
    assert (info.value.path, info.value.line) == ("$[1]", 3)


@pytest.mark.parametrize(
    "escape", [rb"\ud800", rb"\udc00", rb"a\ud800b", rb"\ud800\u0041", rb"\udfff"]
)
def test_lone_surrogate_escapes_are_decode_errors(escape: bytes) -> None:
    for data in (
        PTC.replace(b'"SUCCESS"', b'"' + escape + b'"'),
        PTC.replace(b'"rule-version": "1"', b'"rule-version": "' + escape + b'"'),
        S3.replace(b'"Object Created"', b'"' + escape + b'"'),
    ):
        with pytest.raises(ebs.DecodeError, match="surrogate|escape") as info:
            ebs.decode(data)
        assert info.value.path == "$"


def test_surrogate_pairs_and_nul_escapes_are_text() -> None:
    ev = ebs.decode(PTC.replace(b'"SUCCESS"', b'"\\ud83d\\ude00\\u0000"'))
    assert ev.detail.sync_status == "\U0001f600\x00"
    harness.check_event(ev)
