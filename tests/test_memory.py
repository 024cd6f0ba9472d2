"""Memory under load (issue 8): decoding in a loop holds traced memory flat,
returned events never keep the input buffer alive (``decode_many`` splits
its input into ``msgspec.Raw`` views), and stored failures do not either.

The full million-event loop is `make fuzz`'s memory stage; here a bounded
loop compares traced memory between two points of it."""

from __future__ import annotations

import base64
import gc
import json
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import eventbridge_structs as ebs
from eventbridge_structs.delivery import read_archive, unwrap

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DOCS = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.json"))]
COMPACT = [json.dumps(json.loads(d)).encode() for d in DOCS]
BAD = [
    COMPACT[0].replace(b'"time"', b'"tim"', 1),  # missing field
    COMPACT[0][:-5],  # truncated
    COMPACT[0].replace(b'"region"', b'"region":1,"region"', 1),  # duplicate key
    COMPACT[0].replace(b'"0"', b'"\xff"', 1),  # invalid UTF-8
]


@pytest.fixture
def traced() -> Iterator[None]:
    gc.collect()
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


def growth(step: Callable[[int], Any], warm: int, more: int) -> int:
    """Traced bytes gained between call ``warm`` and call ``warm + more``."""
    keep = None
    for i in range(warm):
        keep = step(i)
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(warm, warm + more):
        keep = step(i)
    del keep
    gc.collect()
    return tracemalloc.get_traced_memory()[0] - before


def _settle(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except ebs.DecodeError as exc:
        return exc


LOOPS: dict[str, Callable[[int], Any]] = {
    "decode": lambda i: ebs.decode(DOCS[i % len(DOCS)]),
    "decode errors": lambda i: _settle(lambda: ebs.decode(BAD[i % len(BAD)])),
    "convert": lambda i: ebs.convert(json.loads(COMPACT[i % len(COMPACT)])),
    "decode_many": lambda i: ebs.decode_many(b"[" + b",".join(COMPACT) + b"]"),
    "decode_lines": lambda i: ebs.decode_lines(b"\n".join(COMPACT)),
    "unwrap": lambda i: unwrap(
        {
            "Records": [
                {"messageId": str(i), "body": d.decode("utf-8", "replace")}
                for d in COMPACT + BAD
            ]
        }
    ),
    "read_archive": lambda i: list(read_archive(b"\n".join(COMPACT + BAD))),
}
#: Calls per loop: (warm-up, measured). A leak of one small object per
#: call would show as hundreds of KiB.
CALLS = {
    "decode": (5_000, 30_000),
    "decode errors": (2_000, 8_000),
    "read_archive": (100, 400),
}


@pytest.mark.parametrize("name", LOOPS)
def test_decoding_in_a_loop_holds_memory_flat(traced: None, name: str) -> None:
    warm, more = CALLS.get(name, (300, 1_500))
    gained = growth(LOOPS[name], warm, more)
    assert gained < 64 * 1024, f"{name}: {gained} bytes more after {more} calls"


def detached(result: Any) -> Any:
    """``result``; for an error, without the tracebacks of its chain (as a
    stored error is kept: a live traceback holds every frame's locals)."""
    seen = set()
    stack = [result if isinstance(result, BaseException) else None]
    while stack:
        exc = stack.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        exc.__traceback__ = None
        stack += [exc.__cause__, exc.__context__]
    return result


def test_events_do_not_keep_the_input_alive() -> None:
    """No event holds a view of the buffer it came from, or a whole input of
    several events: the buffer's reference count is unchanged (but for
    ``decode`` of one bytes event, which keeps that immutable object for a
    lossless ``encode``), and a bytearray can still be resized (it could not
    while a view of it is alive)."""
    array = b"[" + b",".join(COMPACT * 20) + b"]"
    lines = b"\n".join(COMPACT * 20)
    for data, call in (
        (array, ebs.decode_many),
        (lines, ebs.decode_lines),
        (COMPACT[0], ebs.decode),
        # the slow path: a CloudTrail event of another source, and a bad event
        (
            array.replace(
                b'"source": "aws.ecr"', b'"source": "com.example.storage"', 1
            ),
            ebs.decode_many,
        ),
        (array.replace(b'"time"', b'"tim"', 1), ebs.decode_many),
        (lines, lambda d: list(read_archive(d))),
    ):
        refs = sys.getrefcount(data)
        result = detached(_settle(lambda d=data, c=call: c(d)))
        kept = 1 if call is ebs.decode else 0
        assert sys.getrefcount(data) == refs + kept
        for kind in (bytearray, memoryview):
            buffer = bytearray(data)
            view = kind(buffer) if kind is memoryview else buffer
            result = detached(_settle(lambda v=view, c=call: c(v)))
            del view
            buffer.extend(b" ")  # BufferError if a view of it is alive
        del result


def _retained(make: Callable[[], list[Any]]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        kept = make()
        gc.collect()
        current = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept
    return current


@pytest.mark.parametrize(
    "change",
    [
        (b'"SUCCESS"', b"5"),  # a wrong type: the last-wins retry runs and fails
        (b'"SUCCESS"', b'"\\ud800"'),  # malformed
        (b'"SUCCESS"', b'"\xff"'),  # invalid UTF-8
    ],
    ids=["wrong type", "malformed", "invalid utf-8"],
)
def test_stored_failures_do_not_keep_input_buffers_alive(
    change: tuple[bytes, bytes],
) -> None:
    """Failures are kept (in a Batch, in the caller's list) long after the
    input is gone: their errors must hold no frame, and so no buffer."""
    doc = json.loads((EXAMPLES / "pull-through-cache-action.json").read_bytes())
    doc["pad"] = "x" * 32_000
    record = json.dumps(doc).encode().replace(*change)
    count = 100
    archive = _retained(lambda: list(read_archive(b"\n".join([record] * count))))
    data = base64.b64encode(record).decode()
    payload = {
        "Records": [
            {
                "eventSource": "aws:kinesis",
                "kinesis": {"sequenceNumber": str(i), "data": data},
            }
            for i in range(count)
        ]
    }
    batch = _retained(lambda: unwrap(json.dumps(payload).encode()).failures)
    # A retained record or buffer per failure would be 3 MiB and more.
    assert archive < count * 4096, archive
    assert batch < count * 4096, batch
