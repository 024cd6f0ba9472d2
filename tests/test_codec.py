"""decode / convert / encode / decode_many / decode_lines: dispatch, input
kinds, and one DecodeError naming the JSON path for every bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import ecr

from . import strategies

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PTC = (EXAMPLES / "pull-through-cache-action.json").read_bytes()


def doc(**changes: Any) -> dict[str, Any]:
    """The pull-through-cache example as a dict, with top-level changes."""
    d: dict[str, Any] = json.loads(PTC)
    d.update(changes)
    return d


def detail_doc(**changes: Any) -> dict[str, Any]:
    d = doc()
    d["detail"].update(changes)
    return d


def enc(d: Any) -> bytes:
    return json.dumps(d).encode()


# --- dispatch -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_every_input_kind_decodes_the_same(name: str) -> None:
    raw = (EXAMPLES / name).read_bytes()
    expected = ebs.decode(raw)
    assert ebs.decode(raw.decode()) == expected
    assert ebs.decode(bytearray(raw)) == expected
    assert ebs.decode(memoryview(raw)) == expected
    assert ebs.convert(json.loads(raw)) == expected


@settings(max_examples=100)
@given(strategies.any_event())
def test_dispatch_picks_the_registered_class(event: ebs.TypedEvent) -> None:
    raw = ebs.encode(event)
    assert type(ebs.decode(raw)) is type(event)
    assert type(ebs.convert(json.loads(raw))) is type(event)


def test_unknown_pair_gives_generic_event_with_detail_intact() -> None:
    raw = (EXAMPLES / "storage-object-created.json").read_bytes()
    ev = ebs.decode(raw)
    assert type(ev) is ebs.GenericEvent
    assert isinstance(ev, ebs.EventBridgeEvent)
    assert ev.detail == json.loads(raw)["detail"]
    assert (ev.source, ev.detail_type) == ("com.example.storage", "Object Created")
    assert json.loads(ebs.encode(ev)) == json.loads(raw)


def test_registered_detail_type_from_another_source_is_generic() -> None:
    """Every service shares "AWS API Call via CloudTrail"; only aws.ecr's is
    an ECR event."""
    d = json.loads((EXAMPLES / "cloudtrail-batch-get-image.json").read_bytes())
    d["source"] = "com.example.storage"
    for ev in (ebs.decode(enc(d)), ebs.convert(d)):
        assert type(ev) is ebs.GenericEvent
        assert ev.detail_type == "AWS API Call via CloudTrail"
        assert ev.detail == d["detail"]


@pytest.mark.parametrize("source", ["com.example.storage", "aws.ecr"])
def test_strict_rejects_unknown_pairs(source: str) -> None:
    d = doc(source=source, **{"detail-type": "Something Else"})
    for call in (
        lambda: ebs.decode(enc(d), strict=True),
        lambda: ebs.convert(d, strict=True),
    ):
        with pytest.raises(ebs.DecodeError, match="No event type is registered"):
            call()
    assert type(ebs.decode(enc(d))) is ebs.GenericEvent


def test_explicit_type_decodes_straight_into_it() -> None:
    ev = ebs.decode(PTC, type=ecr.ECRPullThroughCacheActionEvent)
    assert isinstance(ev, ecr.ECRPullThroughCacheActionEvent)
    detail = ebs.decode(json.dumps(doc()["detail"]), type=ecr.ECRPullThroughCacheAction)
    assert detail == ev.detail
    generic = ebs.decode(PTC, type=ebs.EventBridgeEvent)
    assert type(generic) is ebs.GenericEvent
    assert generic.detail["sync-status"] == "SUCCESS"
    assert ebs.convert(doc(), type=ebs.EventBridgeEvent) == generic


def test_explicit_type_checks_the_detail_type() -> None:
    d = doc(**{"detail-type": "ECR Image Action"})
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(enc(d), type=ecr.ECRPullThroughCacheActionEvent)
    assert info.value.path == "$.detail-type"


# --- bad input ------------------------------------------------------------------

BAD = [
    (b"", "$", "truncated"),
    (b"{", "$", "truncated"),
    (b"not json", "$", "malformed"),
    (PTC[:-2], "$", "truncated"),
    (b"[]", "$", "Expected `object`, got `array`"),
    (b"null", "$", "Expected `object`, got `null`"),
    (enc(detail_doc(**{"sync-status": 3})), "$.detail.sync-status", "Expected `str`"),
    (
        enc(detail_doc(**{"image-tag": ["x"]})),
        "$.detail.image-tag",
        "Expected `str | null`",
    ),
    (enc(doc(resources="arn")), "$.resources", "Expected `array`"),
    (enc(doc(resources=["a", 1])), "$.resources[1]", "Expected `str`"),
    (enc(doc(time="yesterday")), "$.time", "Invalid RFC3339"),
    (enc(doc(time="2023-02-28T02:36:48")), "$.time", "timezone"),
    (enc(doc(time="2023-02-30T02:36:48Z")), "$.time", "RFC3339"),
    (enc(doc(time=True)), "$.time", "Expected `datetime`"),
    (enc(doc(account=None)), "$.account", "Expected `str`, got `null`"),
    (enc(doc(detail=[])), "$.detail", "Expected `object`"),
]


def _without(path: tuple[str, ...]) -> bytes:
    d = doc()
    target = d
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return enc(d)


MISSING = [
    (("detail", "sync-status"), "$.detail.sync-status"),
    (("detail", "upstream-registry-url"), "$.detail.upstream-registry-url"),
    (("time",), "$.time"),
    (("detail",), "$.detail"),
    (("account",), "$.account"),
]


@pytest.mark.parametrize(("data", "path", "reason"), BAD)
def test_bad_input_raises_decode_error_with_path(
    data: bytes, path: str, reason: str
) -> None:
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(data)
    assert isinstance(info.value, ValueError)
    assert info.value.path == path
    assert reason in info.value.reason
    assert f"`{path}`" in str(info.value)


@pytest.mark.parametrize(("path", "expected"), MISSING)
def test_missing_required_field_is_reported_at_its_own_path(
    path: tuple[str, ...], expected: str
) -> None:
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(_without(path))
    assert info.value.path == expected
    assert "missing required field" in info.value.reason
    with pytest.raises(ebs.DecodeError) as info:
        ebs.convert(json.loads(_without(path)))
    assert info.value.path == expected


@pytest.mark.parametrize(("data", "path", "reason"), BAD[4:])
def test_convert_reports_the_same_paths(data: bytes, path: str, reason: str) -> None:
    with pytest.raises(ebs.DecodeError) as info:
        ebs.convert(json.loads(data))
    assert info.value.path == path


def test_deep_nesting_is_a_decode_error_not_a_crash() -> None:
    deep = b'{"detail":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(ebs.DecodeError):
        ebs.decode(deep)


def test_missing_routing_key_is_reported_on_the_generic_event() -> None:
    d = doc()
    del d["detail-type"]
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(enc(d))
    assert info.value.path == "$.detail-type"


@settings(max_examples=200)
@given(st.binary(max_size=64) | st.text(max_size=64))
def test_arbitrary_bytes_decode_or_raise_decode_error(data: bytes | str) -> None:
    try:
        ev = ebs.decode(data)
    except ebs.DecodeError as exc:
        assert exc.path.startswith("$")
    else:
        assert ebs.decode(ebs.encode(ev)) == ev


# --- batches ----------------------------------------------------------------------


def test_decode_many_dispatches_each_event() -> None:
    files = sorted(EXAMPLES.glob("*.json"))
    array = b"[" + b",".join(p.read_bytes() for p in files) + b"]"
    events = ebs.decode_many(array)
    assert events == [ebs.decode(p.read_bytes()) for p in files]
    assert ebs.decode_many(b"[]") == []


def test_decode_many_names_the_index_of_the_bad_event() -> None:
    events = [doc(), doc(), doc(), doc(time="nope"), doc()]
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode_many(enc(events))
    assert info.value.path == "$[3].time"
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode_many(b'{"not": "an array"}')
    assert info.value.path == "$"


def test_decode_lines_skips_blank_lines_and_names_the_line() -> None:
    good = json.dumps(doc())
    text = "\n".join([good, "", good, "   ", good]) + "\n"
    assert len(ebs.decode_lines(text)) == 3
    assert len(ebs.decode_lines(text.replace("\n", "\r\n").encode())) == 3
    bad = "\n".join([good, "", json.dumps(detail_doc(**{"sync-status": None}))])
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode_lines(bad)
    assert (info.value.path, info.value.line) == ("$[1].detail.sync-status", 3)
    assert "line 3" in str(info.value)


@settings(max_examples=50)
@given(st.lists(strategies.any_event(), max_size=5))
def test_batches_round_trip(events: list[ebs.TypedEvent]) -> None:
    array = b"[" + b",".join(ebs.encode(e) for e in events) + b"]"
    assert ebs.decode_many(array) == events
    assert ebs.decode_lines(b"\n".join(ebs.encode(e) for e in events)) == events


def test_encode_writes_documented_json_names() -> None:
    """An event not decoded (here: replaced) is written from its fields; a
    decoded one as it came (tests/test_kept.py)."""
    out = json.loads(ebs.encode(msgspec.structs.replace(ebs.decode(PTC))))
    expected = json.loads(PTC)
    del expected["detail"]["rule-version"]  # not in the documented model
    expected["detail"].update({"failure-code": None, "failure-reason": None})
    assert out == expected
    assert msgspec.json.decode(ebs.encode(ebs.decode(PTC))) == json.loads(PTC)
