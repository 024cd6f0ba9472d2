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

import pytest
from fuzz import harness

import eventbridge_structs as ebs
from eventbridge_structs import ecr

from . import strategies

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.json"))
PTC = (EXAMPLES / "pull-through-cache-action.json").read_bytes()
S3 = (EXAMPLES / "storage-object-created.json").read_bytes()


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


# --- UTF-8 and surrogates -------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [b"\xff", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"],
)
def test_invalid_utf8_in_a_string_is_a_decode_error(bad: bytes) -> None:
    typed = PTC.replace(b'"SUCCESS"', b'"SUC' + bad + b'CESS"')
    generic = S3.replace(b'"Object Created"', b'"Object' + bad + b'"')
    for data in (typed, generic):
        with pytest.raises(ebs.DecodeError, match="Invalid UTF-8") as info:
            ebs.decode(data)
        assert info.value.path == "$"
        with pytest.raises(ebs.DecodeError, match="Invalid UTF-8"):
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
    with pytest.raises(ebs.DecodeError, match="Invalid UTF-8") as info:
        ebs.decode(text)
    assert info.value.path == "$"
    with pytest.raises(ebs.DecodeError, match="Invalid UTF-8"):
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
        with pytest.raises(ebs.DecodeError, match=r"surrogate|escape") as info:
            ebs.decode(data)
        assert info.value.path == "$"


def test_surrogate_pairs_and_nul_escapes_are_text() -> None:
    ev = ebs.decode(PTC.replace(b'"SUCCESS"', b'"\\ud83d\\ude00\\u0000"'))
    assert ev.detail.sync_status == "\U0001f600\x00"
    harness.check_event(ev)


# --- duplicate keys: the last one wins, on every path ---------------------------------

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
    data = with_key(PTC, "source", "com.example.storage", first=first)
    result = all_paths_agree(data)
    expected = ecr.ECRPullThroughCacheActionEvent if first else ebs.GenericEvent
    assert type(result) is expected
    assert result.source == ("aws.ecr" if first else "com.example.storage")


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


# --- numbers --------------------------------------------------------------------------

SCAN = (EXAMPLES / "image-scan.json").read_bytes()


def at_critical(token: bytes) -> bytes:
    """The image-scan example with ``token`` as its CRITICAL count (a
    ``float | None`` field)."""
    return SCAN.replace(b'"CRITICAL": 10', b'"CRITICAL": ' + token)


def in_untyped_detail(token: bytes) -> bytes:
    """The S3 example (an unregistered type: ``detail`` is plain JSON) with
    ``token`` as a value in its detail."""
    return S3.replace(b'"detail": {', b'"detail": {"n": ' + token + b",", 1)


@pytest.mark.parametrize(
    "token", [b"NaN", b"-NaN", b"Infinity", b"-Infinity", b"inf", b"nan", b"+1", b"01"]
)
def test_non_json_numbers_are_decode_errors(token: bytes) -> None:
    for data in (at_critical(token), in_untyped_detail(token)):
        with pytest.raises(ebs.DecodeError, match="malformed") as info:
            ebs.decode(data)
        assert info.value.path == "$"


@pytest.mark.parametrize("token", [b"1e400", b"-1e400", b"1.8e308", b"1" + b"0" * 400])
def test_numbers_beyond_a_float_are_decode_errors_in_float_fields(token: bytes) -> None:
    with pytest.raises(ebs.DecodeError, match="out of range") as info:
        ebs.decode(at_critical(token))
    assert info.value.path == "$.detail.finding-severity-counts.CRITICAL"


@pytest.mark.parametrize("token", [b"1e400", b"-1e400", b"1.8e308"])
def test_floats_beyond_a_float_are_decode_errors_in_plain_json(token: bytes) -> None:
    """Never silently infinity (which encode would write as null)."""
    with pytest.raises(ebs.DecodeError, match="out of range"):
        ebs.decode(in_untyped_detail(token))


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (b"9223372036854775808", 2**63),
        (b"-9223372036854775809", -(2**63) - 1),
        (b"18446744073709551616", 2**64),
        (b"123456789012345678901234567890", 123456789012345678901234567890),
        (b"1" + b"0" * 4299, 10**4299),
        (b"1e-400", 0.0),
        (b"5e-324", 5e-324),
        (b"-0.0", -0.0),
    ],
)
def test_integers_beyond_64_bits_are_kept_exactly(token: bytes, expected: Any) -> None:
    ev = ebs.decode(in_untyped_detail(token))
    assert ev.detail["n"] == expected and type(ev.detail["n"]) is type(expected)
    harness.check_decode(in_untyped_detail(token))
    if abs(expected) < 2**1024:  # else "Number out of range" for a float
        scan = ebs.decode(at_critical(token))
        critical = scan.detail.finding_severity_counts.CRITICAL
        assert critical == float(expected)
        harness.check_event(scan)


def test_integers_beyond_python_s_digit_limit_are_decode_errors() -> None:
    """CPython refuses to convert integers of more than 4,300 digits (a
    denial-of-service guard); so does decode, with a path-naming error."""
    with pytest.raises(ebs.DecodeError, match="out of range"):
        ebs.decode(in_untyped_detail(b"1" + b"0" * 4300))
    with pytest.raises(ebs.DecodeError, match="out of range"):
        ebs.decode(at_critical(b"1" + b"0" * 4300))


# --- nesting and size -----------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_101, 1_200, 5_000, 100_000, 1_000_000])
@pytest.mark.parametrize("objects", [False, True], ids=["arrays", "objects"])
def test_nesting_past_eventbridge_s_limit_is_a_decode_error(
    depth: int, objects: bool
) -> None:
    """PutEvents processes JSON nested up to 1,100 levels; deeper input, in
    a typed field, an untyped detail or a field the model ignores, is one
    DecodeError, never a crash."""
    token = bytes(strategies.nested(depth, objects=objects))
    for data in (
        PTC.replace(b'"SUCCESS"', token),
        PTC.replace(b'"rule-version": "1"', b'"rule-version": ' + token),
        in_untyped_detail(token),
        b'{"detail": ' + token + b"}",
    ):
        with pytest.raises(ebs.DecodeError, match="nested too deeply") as info:
            ebs.decode(data)
        assert info.value.path == "$"
        with pytest.raises(ebs.DecodeError, match="nested too deeply"):
            ebs.decode_many(b"[" + data + b"]")
        with pytest.raises(ebs.DecodeError, match="nested too deeply"):
            ebs.decode_lines(data.replace(b"\n", b" "))


def test_moderate_nesting_decodes_and_round_trips() -> None:
    data = in_untyped_detail(bytes(strategies.nested(500, objects=True)))
    ev = ebs.decode(data)
    harness.check_event(ev)
    assert ebs.decode(data, type=ebs.EventBridgeEvent) == ev


@pytest.mark.parametrize("size", [2**20, 2**24])
def test_huge_strings_decode_whole(size: int) -> None:
    big = "x" * size
    ev = ebs.decode(PTC.replace(b'"SUCCESS"', b'"' + big.encode() + b'"'))
    assert ev.detail.sync_status == big
    generic = ebs.decode(in_untyped_detail(b'"' + big.encode() + b'"'))
    assert generic.detail["n"] == big
    assert ebs.decode(ebs.encode(generic)) == generic


def test_a_huge_ignored_field_is_skipped() -> None:
    data = PTC.replace(
        b'"rule-version": "1"', b'"rule-version": "' + b"y" * 2**24 + b'"'
    )
    assert ebs.decode(data) == ebs.decode(PTC)


# --- empty and degenerate input -------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b" ", b"\n", b"\t\r\n ", b"\x00", b"\xef\xbb\xbf", b"null", b"0", b'""'],
    ids=repr,
)
def test_empty_and_degenerate_input(data: bytes) -> None:
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(data)
    assert info.value.path == "$"
    with pytest.raises(ebs.DecodeError):
        ebs.convert(
            json.loads(data) if data.strip(b"\x00\xef\xbb\xbf \t\r\n") else None
        )
    if data.strip():
        with pytest.raises(ebs.DecodeError) as info:
            ebs.decode_lines(data)
        assert info.value.line == 1
    else:
        assert ebs.decode_lines(data) == []
    harness.check_decode(data)


def test_empty_batches_are_empty() -> None:
    assert ebs.decode_many(b"[]") == ebs.decode_many(b" [ ] ") == []
    assert ebs.decode_lines(b"") == ebs.decode_lines("\n\n") == []
    for data in (b"", b"[", b"{}", b"[]]"):
        with pytest.raises(ebs.DecodeError):
            ebs.decode_many(data)


# --- wrong types at every path --------------------------------------------------------

WRONG = [None, True, 0, -1.5, "", "x", [], ["x"], {}, {"a": 1}, 2**70]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_a_wrong_type_anywhere_is_reported_at_its_path(name: str) -> None:
    """Every value of every example replaced by values of every JSON type:
    the event decodes (the model accepts the value there) or the error
    names that path or one below it; decode and convert agree."""
    doc = json.loads((EXAMPLES / name).read_bytes())
    for path, keys in every_path(doc):
        for value in WRONG:
            bad = replaced(doc, keys, value)
            data = json.dumps(bad).encode()
            try:
                ev = ebs.decode(data)
            except ebs.DecodeError as exc:
                if keys[-1] not in {"source", "detail-type"}:
                    assert exc.path == path or exc.path.startswith(
                        (path + ".", path + "[")
                    ), (path, value, exc)
                with pytest.raises(ebs.DecodeError) as info:
                    ebs.convert(bad)
                assert info.value.path == exc.path
            else:
                harness.check_event(ev)
                assert ebs.convert(bad) == ev


# --- datetimes ------------------------------------------------------------------------


@pytest.mark.parametrize("value", strategies.DATETIME_STRINGS[:-4])
def test_naive_and_out_of_range_datetime_strings_are_decode_errors(value: str) -> None:
    data = json.dumps({**json.loads(PTC), "time": value}).encode()
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(data)
    assert info.value.path == "$.time"
    with pytest.raises(ebs.DecodeError) as info:
        ebs.convert(json.loads(data))
    assert info.value.path == "$.time"


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "2023-02-28T02:36:48.1234567890123456789Z",
        "2023-02-28t02:36:48z",
        "2023-02-28 02:36:48+05:30",
    ],
)
def test_edge_datetimes_that_rfc_3339_allows_round_trip(value: str) -> None:
    data = json.dumps({**json.loads(PTC), "time": value}).encode()
    ev = ebs.decode(data)
    assert ev.time.tzinfo is not None
    harness.check_decode(data)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2023, 2, 28, 2, 36, 48),
        dt.datetime.min,
        dt.datetime.max,
        dt.date(2023, 2, 28),
        dt.time(2, 36, tzinfo=dt.timezone.utc),
        True,
        "yesterday",
    ],
    ids=repr,
)
def test_convert_rejects_naive_datetimes_and_non_datetimes(value: Any) -> None:
    with pytest.raises(ebs.DecodeError) as info:
        ebs.convert({**json.loads(PTC), "time": value})
    assert info.value.path == "$.time"


@pytest.mark.parametrize("value", [1677551808, 1677551808.5])
def test_numbers_are_unix_times_as_in_botocraft(value: float) -> None:
    """Validation is pydantic's lax mode, as botocraft runs it: a number for
    a datetime is seconds since the epoch, in UTC."""
    event = ebs.convert({**json.loads(PTC), "time": value})
    assert event.time == dt.datetime.fromtimestamp(value, dt.timezone.utc)
    assert ebs.decode(json.dumps({**json.loads(PTC), "time": value})) == event


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2023, 2, 28, 2, 36, 48, tzinfo=dt.timezone.utc),
        dt.datetime.max.replace(
            tzinfo=dt.timezone(-dt.timedelta(hours=23, minutes=59))
        ),
        dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))),
        dt.datetime(2023, 2, 28, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
    ],
    ids=repr,
)
def test_convert_accepts_aware_datetimes_at_the_edges(value: dt.datetime) -> None:
    ev = ebs.convert({**json.loads(PTC), "time": value})
    assert ev.time == value
    harness.check_event(ev)
