# The fuzz targets of eventbridge-structs and the property every one of them
# checks (issue 8, "hostile input"): every input either decodes to events that
# re-encode and re-decode equal, or raises one DecodeError (a ValueError)
# naming a JSON path; no other exception, no crash, no hang. On top of it,
# the paths must agree: bytes, bytearray, memoryview and str decode alike;
# decode(raw) gives what convert(msgspec.json.decode(raw)) gives (so a
# duplicated key resolves the same way on every path: the last one wins);
# decode_lines and decode_many give what decode gives record by record.
#
# The hypothesis tests (tests/test_fuzz_*.py) and the atheris fuzzer
# (fuzz/run.py, `make fuzz`) drive these same functions.
from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import msgspec

import eventbridge_structs as ebs

__all__ = [
    "TARGETS",
    "check_convert",
    "check_decode",
    "check_decode_lines",
    "check_decode_many",
    "check_error",
    "check_event",
    "one_input",
]

_UNPARSED: Any = object()


class PropertyViolation(AssertionError):
    """An input broke the property."""


def expect(condition: object, message: str) -> None:
    """Fail with ``message`` unless ``condition`` (kept under ``python -O``)."""
    if not condition:
        raise PropertyViolation(message)


def check_error(exc: ebs.DecodeError) -> None:
    """A DecodeError is a ValueError naming a JSON path, and pickles."""
    expect(isinstance(exc, ValueError), "DecodeError is not a ValueError")
    expect(isinstance(exc.path, str) and exc.path.startswith("$"), f"{exc.path!r}")
    expect(isinstance(exc.reason, str) and exc.reason, "DecodeError without reason")
    expect(f"`{exc.path}`" in str(exc), f"path missing from message: {exc}")
    again = pickle.loads(pickle.dumps(exc))
    expect(
        (again.reason, again.path, again.line) == (exc.reason, exc.path, exc.line),
        "pickle",
    )


def settle(call: Callable[[], Any]) -> tuple[Any, ebs.DecodeError | None]:
    """Run ``call``: ``(result, None)`` or ``(None, DecodeError)``; any other
    exception propagates (and is the finding)."""
    try:
        return call(), None
    except ebs.DecodeError as exc:
        check_error(exc)
        return None, exc


def check_event(event: Any, type: Any = None) -> None:
    """``event`` re-encodes and re-decodes equal, to the same class, and a
    dispatched event is of the class registered for its routing key."""
    if type is None:
        expect(isinstance(event, ebs.EventBridgeEvent), f"not an event: {event!r}")
        registered = ebs.event_type_for(event.source, event.detail_type)
        expected = registered or ebs.GenericEvent
        expect(event.__class__ is expected, f"dispatched to {event.__class__}")
    raw = ebs.encode(event)
    again, error = settle(lambda: ebs.decode(raw, type=type))
    if too_deep(error):
        return
    expect(error is None, f"re-decoding failed: {error!r}")
    expect(again.__class__ is event.__class__, f"re-decoded as {again.__class__}")
    expect(again == event, f"re-decoded unequal: {event!r} != {again!r}")


def too_deep(error: ebs.DecodeError | None) -> bool:
    """Whether ``error`` is the nesting limit, which follows the
    interpreter's recursion limit and so the caller's stack depth: near it,
    two calls from different depths may disagree."""
    return error is not None and error.reason == "Input is nested too deeply"


def same_outcome(
    a: tuple[Any, ebs.DecodeError | None],
    b: tuple[Any, ebs.DecodeError | None],
    what: str,
) -> None:
    """Two calls gave the same result, or DecodeErrors at the same path."""
    (ra, ea), (rb, eb) = a, b
    if too_deep(ea) or too_deep(eb):
        return
    if ea is None and eb is None:
        expect(ra.__class__ is rb.__class__ and ra == rb, f"{what}: {ra!r} != {rb!r}")
    else:
        expect(ea is not None and eb is not None, f"{what}: {ea!r} vs {eb!r}")
        assert ea is not None and eb is not None
        expect(ea.path == eb.path, f"{what}: paths {ea.path} != {eb.path}")


def parse(data: bytes | str) -> Any:
    """The plain JSON value of ``data``, or ``_UNPARSED``."""
    try:
        return msgspec.json.decode(data)
    except (msgspec.DecodeError, RecursionError, UnicodeError):
        return _UNPARSED


def check_decode(data: bytes, type: Any = None) -> None:
    """decode: the property, the same outcome for every input kind, and the
    same outcome as convert of the parsed JSON."""
    outcome = settle(lambda: ebs.decode(data, type=type))
    event, error = outcome
    if error is None:
        check_event(event, type)
    for kind in (bytearray, memoryview):
        same_outcome(
            outcome,
            settle(lambda k=kind: ebs.decode(k(data), type=type)),
            kind.__name__,
        )
    try:
        text = data.decode()
    except UnicodeDecodeError:
        pass
    else:
        same_outcome(outcome, settle(lambda: ebs.decode(text, type=type)), "str")
    parsed = parse(data)
    if parsed is not _UNPARSED:
        converted = settle(lambda: ebs.convert(parsed, type=type))
        same_outcome(outcome, converted, "decode vs convert")
    if type is None:
        strict, strict_error = settle(lambda: ebs.decode(data, strict=True))
        if isinstance(event, ebs.TypedEvent):
            expect(strict == event, "strict decode differs")
        elif event is not None:
            expect(strict_error is not None, "strict accepted an unregistered type")


def check_convert(obj: Any, type: Any = None) -> None:
    """convert: the property, and the same outcome as decode of the JSON
    text of ``obj`` (when it has one)."""
    outcome = settle(lambda: ebs.convert(obj, type=type))
    if outcome[1] is None:
        check_event(outcome[0], type)
    try:
        raw = msgspec.json.encode(obj)
    except (TypeError, UnicodeError, RecursionError):
        return
    same_outcome(
        outcome, settle(lambda: ebs.decode(raw, type=type)), "convert vs decode"
    )


def check_decode_lines(data: bytes) -> None:
    """decode_lines: every line decodes as decode decodes it, or the first
    bad line is reported with its record index and line number."""
    events, error = settle(lambda: ebs.decode_lines(data))
    expected: list[Any] = []
    for lineno, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        event, line_error = settle(lambda line=line: ebs.decode(line))
        if too_deep(line_error) or too_deep(error):
            return
        if line_error is not None:
            expect(error is not None, f"decode_lines accepted bad line {lineno}")
            assert error is not None
            expect(error.line == lineno, f"line {error.line} != {lineno}")
            prefix = f"$[{len(expected)}]"
            expect(error.path == prefix + line_error.path[1:], f"path {error.path}")
            return
        check_event(event)
        expected.append(event)
    expect(error is None, f"decode_lines rejected good lines: {error}")
    expect(events == expected, "decode_lines differs from decode per line")


def check_decode_many(data: bytes) -> None:
    """decode_many of the array of the records of ``data`` (its non-blank
    lines): what decode gives record by record, or the first bad record's
    error with its index in the path."""
    records = [line for line in data.split(b"\n") if line.strip()]
    events, error = settle(lambda: ebs.decode_many(b"[" + b",".join(records) + b"]"))
    if error is None:
        for event in events:
            check_event(event)
    if any(parse(r) is _UNPARSED for r in records) or too_deep(error):
        return  # the array is not JSON, or holds other items than the records
    expected = []
    for index, record in enumerate(records):
        event, record_error = settle(lambda r=record: ebs.decode(r))
        if too_deep(record_error):
            return
        if record_error is not None:
            expect(error is not None, f"decode_many accepted bad record {index}")
            assert error is not None
            expect(error.path == f"$[{index}]" + record_error.path[1:], error.path)
            return
        expected.append(event)
    expect(error is None, f"decode_many rejected good records: {error!r}")
    expect(events == expected, "decode_many differs from decode per record")


#: Target name -> function of the fuzzed bytes.
TARGETS: dict[str, Callable[[bytes], None]] = {
    "decode": check_decode,
    "decode_lines": check_decode_lines,
    "decode_many": check_decode_many,
}


def one_input(data: bytes) -> None:
    """The atheris entry point: the first byte picks the target."""
    if not data:
        check_decode(data)
        return
    names = sorted(TARGETS)
    TARGETS[names[data[0] % len(names)]](data[1:])
