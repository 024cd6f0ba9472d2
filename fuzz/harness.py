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

import functools
import gzip
import logging
import pickle
from collections.abc import Callable
from typing import Any

import msgspec

import eventbridge_structs as ebs
from eventbridge_structs._payload import is_compressed
from eventbridge_structs.delivery import (
    Batch,
    Failure,
    process_batch,
    read_archive,
    unwrap,
)

__all__ = [
    "TARGETS",
    "check_batch",
    "check_convert",
    "check_convert_bytes",
    "check_decode",
    "check_decode_lines",
    "check_decode_many",
    "check_error",
    "check_event",
    "check_process_batch",
    "check_read_archive",
    "check_unwrap",
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


# --- delivery: unwrap, process_batch, read_archive ------------------------------


def expected_records(parsed: Any) -> int:
    """How many records a parsed Lambda payload holds, as its shape says:
    each item of ``Records`` (or Firehose's ``records``); one for anything
    else (a bare event, or a payload whose records are not a list)."""
    if isinstance(parsed, dict):
        for key in ("Records", "records"):
            if key in parsed:
                records = parsed[key]
                return len(records) if isinstance(records, list) else 1
    return 1


def check_batch(batch: Any, records: int | None, type: Any = None) -> None:
    """Every record is an event or a failure, once, in input order."""
    expect(isinstance(batch, Batch), f"not a Batch: {batch!r}")
    events, failures = batch.events, batch.failures
    expect(len(events) == len(batch.item_identifiers), "identifiers not parallel")
    total = len(events) + len(failures)
    if records is not None:
        expect(total == records, f"{total} results for {records} records")
    indices = [f.index for f in failures]
    expect(indices == sorted(set(indices)), f"failure indices {indices}")
    expect(all(0 <= i < total for i in indices), f"indices {indices} of {total}")
    for failure in failures:
        check_error(failure.error)
        expect(failure.error.__traceback__ is None, "a stored error keeps frames")
    for event in events:
        check_event(event, type)


def _failure_key(f: Any) -> tuple[Any, ...]:
    return (f.item_identifier, f.index, f.error.path, f.offset, f.line)


def _oversized(failures: list[Any]) -> bool:
    return any(f.error.reason.startswith("Event is ") for f in failures)


def check_unwrap(data: bytes) -> None:
    """unwrap of JSON text and of its parsed dict: the same batch, holding
    one result per record; process_batch reports exactly the failed ones."""
    batch = unwrap(data)
    parsed = parse(data)
    check_batch(batch, None if parsed is _UNPARSED else expected_records(parsed))
    if isinstance(parsed, dict):
        again = unwrap(parsed)
        check_batch(again, expected_records(parsed))
        if not (_oversized(batch.failures) or _oversized(again.failures)):
            expect(again.kind == batch.kind, f"kind {again.kind} != {batch.kind}")
            expect(again.events == batch.events, "unwrap(dict) != unwrap(bytes)")
            expect(again.item_identifiers == batch.item_identifiers, "identifiers")
            expect(
                [_failure_key(f) for f in again.failures]
                == [_failure_key(f) for f in batch.failures],
                "failures of unwrap(dict) != unwrap(bytes)",
            )
        if b"MessageGroupId" not in data:
            check_process_batch(parsed, batch)


def check_process_batch(payload: Any, batch: Any) -> None:
    """The partial batch response lists exactly the records that failed to
    decode and those whose handler raised (every third call), in order."""
    calls: list[Any] = []

    def handler(event: Any) -> None:
        calls.append(event)
        if len(calls) % 3 == 0:
            raise RuntimeError("handler failed")

    total = len(batch.events) + len(batch.failures)
    try:
        with _quiet():
            response = process_batch(payload, handler)
    except ValueError as exc:
        expect(not isinstance(exc, ebs.DecodeError), f"process_batch: {exc!r}")
        expect(total > 0 and batch.kind not in ("sqs", "kinesis"), f"{exc}")
        return
    expect(total == 0 or batch.kind in ("sqs", "kinesis"), f"took {batch.kind}")
    expect(calls == batch.events, "the handler did not see every event in order")
    failed_at = {f.index: f.item_identifier for f in batch.failures}
    expected: list[Any] = []
    events = iter(enumerate(batch.item_identifiers, 1))
    for index in range(total):
        if index in failed_at:
            expected.append(failed_at[index])
            continue
        call, ident = next(events)
        if call % 3 == 0:
            expected.append(ident)
    got = [item["itemIdentifier"] for item in response["batchItemFailures"]]
    expect(got == expected, f"batchItemFailures {got} != {expected}")


class _quiet:
    """Silence the delivery logger (a fuzzer would flood it)."""

    def __enter__(self) -> None:
        self.logger = logging.getLogger("eventbridge_structs.delivery")
        self.was = self.logger.disabled
        self.logger.disabled = True

    def __exit__(self, *exc: object) -> None:
        self.logger.disabled = self.was


def _archive(data: bytes, **kw: Any) -> list[Any]:
    items = list(read_archive(data, **kw))
    for position, item in enumerate(items):
        if isinstance(item, Failure):
            check_error(item.error)
            expect(item.index == position, f"failure {item.index} at {position}")
            expect(item.offset is not None and item.offset >= 0, "offset")
            expect(item.line is not None and item.line >= 1, "line")
        else:
            check_event(item)
    return items


def _same_items(a: list[Any], b: list[Any], what: str) -> None:
    expect(len(a) == len(b), f"{what}: {len(a)} items != {len(b)}")
    for x, y in zip(a, b, strict=True):
        if isinstance(x, Failure) or isinstance(y, Failure):
            expect(
                isinstance(x, Failure)
                and isinstance(y, Failure)
                and _failure_key(x) == _failure_key(y)
                and x.error.reason == y.error.reason,
                f"{what}: {x!r} != {y!r}",
            )
        else:
            expect(x == y, f"{what}: {x!r} != {y!r}")


def check_read_archive(data: bytes) -> None:
    """read_archive: one item per record, in order, whatever the chunk size
    or compression; for newline-delimited records that are JSON objects,
    what decode gives line by line (and the same records concatenated or in
    an array)."""
    items = _archive(data)
    # A record read in chunks much smaller than itself costs time quadratic
    # in its size / chunk size (each chunk re-copies and re-scans what is
    # held): tiny chunks only for small inputs.
    small = (1, 7) if len(data) < 512 else (61,) if len(data) < 8192 else ()
    for chunk_size in (*small, 4096):
        _same_items(items, _archive(data, chunk_size=chunk_size), f"chunk {chunk_size}")
    if not is_compressed(data):  # else gzip makes it a compressed file's content
        _same_items(items, _archive(gzip.compress(data)), "gzip")
    records = [line for line in data.split(b"\n") if line.strip(b" \t\r\n")]
    if not all(isinstance(parse(r), dict) for r in records):
        return
    expected = [settle(lambda r=r: ebs.decode(r)) for r in records]
    if any(too_deep(e) for _, e in expected):
        return
    for what, text, prefix in (
        ("lines", data, "$"),
        ("concatenated", b"".join(records), "$"),
        ("array", b"[" + b",".join(records) + b"]", "$[{}]"),
    ):
        got = items if what == "lines" else _archive(text)
        expect(len(got) == len(records), f"{what}: {len(got)} of {len(records)}")
        for index, (item, (event, error)) in enumerate(zip(got, expected, strict=True)):
            if isinstance(item, Failure):
                expect(error is not None or _oversized([item]), f"{what}: {item!r}")
                if error is not None and not _oversized([item]):
                    path = prefix.format(index) + error.path[1:]
                    expect(item.error.path == path, f"{what}: {item.error.path}")
            else:
                expect(item == event, f"{what}: record {index} differs")


@functools.cache
def _builtin_types() -> tuple[Any, ...]:
    return tuple(dict.fromkeys(ebs.registered().values()))


def check_convert_bytes(data: bytes) -> None:
    """convert of the JSON value in ``data[1:]`` (when it is JSON), into the
    type ``data[0]`` picks: dispatch, ``EventBridgeEvent``, or a built-in
    event type."""
    if not data:
        return
    types: list[Any] = [None, ebs.EventBridgeEvent, *_builtin_types()]
    obj = parse(data[1:])
    if obj is not _UNPARSED:
        check_convert(obj, type=types[data[0] % len(types)])


#: Target name -> function of the fuzzed bytes.
TARGETS: dict[str, Callable[[bytes], None]] = {
    "convert": check_convert_bytes,
    "decode": check_decode,
    "decode_lines": check_decode_lines,
    "decode_many": check_decode_many,
    "read_archive": check_read_archive,
    "unwrap": check_unwrap,
}


def one_input(data: bytes) -> None:
    """The atheris entry point: the first byte picks the target."""
    if not data:
        check_decode(data)
        return
    names = sorted(TARGETS)
    TARGETS[names[data[0] % len(names)]](data[1:])
