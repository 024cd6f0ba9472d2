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


# --- duplicate keys: the last one wins, on every path ---------------------------

IMAGE_ACTION = (EXAMPLES / "image-action-push.json").read_bytes()


def with_key(data: bytes, key: str, value: Any, *, first: bool) -> bytes:
    """``data`` (an object) with ``"key": value`` added as its first or
    last member; ``key`` may already be there."""
    member = json.dumps(key).encode() + b":" + json.dumps(value).encode()
    body = data.strip()
    if first:
        return b"{" + member + b"," + body[1:]
    return body[:-1].rstrip() + b"," + member + b"}"


def all_paths_agree(data: bytes) -> Any:
    """decode, every batch path and convert(json.loads(...)) give one result."""
    parsed = json.loads(data)
    try:
        expected = ebs.convert(parsed)
    except ebs.DecodeError as exc:
        for call in (
            lambda: ebs.decode(data),
            lambda: ebs.decode(data.decode()),
            lambda: ebs.decode_lines(data.replace(b"\n", b"")),
            lambda: ebs.decode_many(b"[" + data + b"]"),
        ):
            with pytest.raises(ebs.DecodeError) as info:
                call()
            assert info.value.path.replace("$[0]", "$") == exc.path
        return exc
    assert ebs.decode(data) == expected
    assert type(ebs.decode(data)) is type(expected)
    assert ebs.decode(data.decode()) == expected
    assert ebs.decode_lines(data.replace(b"\n", b"")) == [expected]
    assert ebs.decode_many(b"[" + data + b"]") == [expected]
    assert ebs.decode_many(b"[" + data + b"," + data + b"]") == [expected] * 2
    harness.check_decode(data)
    return expected


@pytest.mark.parametrize("first", [True, False], ids=["before", "after"])
@pytest.mark.parametrize(
    ("key", "value"),
    [("account", "999999999999"), ("account", 12), ("time", "not a time")],
)
def test_a_repeated_envelope_key_takes_its_last_value(
    key: str, value: Any, first: bool
) -> None:
    data = with_key(PTC, key, value, first=first)
    result = all_paths_agree(data)
    if first:
        assert result == ebs.decode(PTC)  # the original member came last
    else:
        assert isinstance(result, ebs.DecodeError) or getattr(result, key) == value


@pytest.mark.parametrize("first", [True, False], ids=["before", "after"])
def test_a_repeated_detail_field_takes_its_last_value(first: bool) -> None:
    doc = json.loads(PTC)
    for value in ("FAILED", 3, None, ["x"]):
        detail = with_key(
            json.dumps(doc["detail"]).encode(), "sync-status", value, first=first
        )
        data = json.dumps({**doc, "detail": "@"}).encode().replace(b'"@"', detail)
        result = all_paths_agree(data)
        if first:
            assert result.detail.sync_status == "SUCCESS"
        elif isinstance(value, str):
            assert result.detail.sync_status == value
        else:
            assert result.path == "$.detail.sync-status"


@pytest.mark.parametrize("first", [True, False], ids=["before", "after"])
@pytest.mark.parametrize(
    "other", ["ECR Image Action", "Something Else", 5, None], ids=repr
)
def test_a_repeated_detail_type_dispatches_on_its_last_value(
    other: Any, first: bool
) -> None:
    """The class and the ``detail_type`` always agree, and follow the last
    ``detail-type``, whether or not either value is registered."""
    data = with_key(PTC, "detail-type", other, first=first)
    result = all_paths_agree(data)
    if first:
        assert type(result) is ecr.ECRPullThroughCacheActionEvent
    elif other == "ECR Image Action":
        assert result.path.startswith("$.detail.")  # a PTC detail is no image action
    elif isinstance(other, str):
        assert type(result) is ebs.GenericEvent
        assert result.detail_type == other
    else:
        assert result.path == "$.detail-type"
    image = with_key(IMAGE_ACTION, "detail-type", other, first=True)
    assert type(all_paths_agree(image)) is ecr.ECRImageActionEvent


@pytest.mark.parametrize("first", [True, False], ids=["before", "after"])
def test_a_repeated_source_dispatches_on_its_last_value(first: bool) -> None:
    data = with_key(PTC, "source", "aws.s3", first=first)
    result = all_paths_agree(data)
    expected = ecr.ECRPullThroughCacheActionEvent if first else ebs.GenericEvent
    assert type(result) is expected
    assert result.source == ("aws.ecr" if first else "aws.s3")


def test_repeated_keys_inside_an_untyped_detail() -> None:
    data = S3.replace(b'"version": "0",', b'"version": "1", "version": "0",', 1)
    data = data.replace(b'"bucket": {', b'"bucket": 7, "bucket": {', 1)
    result = all_paths_agree(data)
    assert result.detail["bucket"] == json.loads(S3)["detail"]["bucket"]


def test_repeated_keys_with_an_explicit_type() -> None:
    data = with_key(PTC, "account", None, first=True)
    ev = ebs.decode(data, type=ecr.ECRPullThroughCacheActionEvent)
    assert ev == ebs.decode(PTC)
    assert ebs.decode(data, type=ebs.EventBridgeEvent) == ebs.decode(
        PTC, type=ebs.EventBridgeEvent
    )
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(with_key(PTC, "account", None, first=False), type=type(ev))
    assert info.value.path == "$.account"
