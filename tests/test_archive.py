"""read_archive: Firehose-to-S3 files in every format and compression, read
through buffers of every size, with poison, oversized and broken records."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import DecodeError
from eventbridge_structs.delivery import (
    CHUNK_SIZE,
    MAX_EVENT_SIZE,
    Failure,
    read_archive,
)

from .strategies import record_texts

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "delivery"
EXAMPLES = ROOT / "examples"

NAMES = [
    "pull-through-cache-action",
    "image-action-push",
    "image-scan",
    "replication-action",
    "s3-object-created",
    "scan-resource-change",
    "referrer-action",
    "cloudtrail-batch-get-image",
]
TEXTS = [json.dumps(json.loads((EXAMPLES / f"{n}.json").read_text())) for n in NAMES]
EVENTS = [ebs.decode(t) for t in TEXTS]


# --- formats -------------------------------------------------------------------
# Each builds a file from record texts and returns it with the offset at
# which each record starts.


def ndjson(texts: list[str], newline: str = "\n") -> tuple[bytes, list[int]]:
    out, offsets = b"", []
    for t in texts:
        offsets.append(len(out))
        out += t.encode() + newline.encode()
    return out, offsets


def concatenated(texts: list[str]) -> tuple[bytes, list[int]]:
    out, offsets = b"", []
    for t in texts:
        offsets.append(len(out))
        out += t.encode()
    return out, offsets


def array(texts: list[str]) -> tuple[bytes, list[int]]:
    out, offsets = b"[\n", []
    for i, t in enumerate(texts):
        if i:
            out += b",\n"
        offsets.append(len(out))
        out += t.encode()
    return out + b"\n]\n", offsets


def pretty(texts: list[str]) -> tuple[bytes, list[int]]:
    # What `jq .` writes: indented records one after the other.
    return ndjson([json.dumps(json.loads(t), indent=2) for t in texts])


def spaced(texts: list[str]) -> tuple[bytes, list[int]]:
    out, offsets = b"\xef\xbb\xbf \r\n", []
    for t in texts:
        offsets.append(len(out))
        out += t.encode() + b" \t\r\n\n"
    return out, offsets


FORMATS: dict[str, Callable[[list[str]], tuple[bytes, list[int]]]] = {
    "ndjson": ndjson,
    "crlf": lambda texts: ndjson(texts, "\r\n"),
    "concatenated": concatenated,
    "array": array,
    "pretty": pretty,
    "spaced": spaced,
}


def gzip_members(data: bytes, split: int) -> bytes:
    return gzip.compress(data[:split]) + gzip.compress(data[split:])


COMPRESSIONS: dict[str, Callable[[bytes], bytes]] = {
    "plain": lambda data: data,
    "gzip": gzip.compress,
    "gzip-members": lambda data: gzip_members(data, len(data) // 3),
    "zlib": zlib.compress,
}


def record_text(data: bytes, offsets: list[int], i: int) -> bytes:
    """The text of record ``i`` as it stands in the file."""
    end = offsets[i + 1] if i + 1 < len(offsets) else len(data)
    return data[offsets[i] : end].rstrip(b" \t\r\n,]")


def split(items: list[Any]) -> tuple[list[Any], list[Failure]]:
    events = [i for i in items if not isinstance(i, Failure)]
    return events, [i for i in items if isinstance(i, Failure)]


# --- every format, compression and buffer size ------------------------------------


def test_fixture_files() -> None:
    for name in ["archive-concatenated", "archive.ndjson", "archive-array.json"]:
        assert list(read_archive(FIXTURES / name)) == EVENTS
    # Firehose's default: no delimiter at all.
    assert b"}{" in (FIXTURES / "archive-concatenated").read_bytes()
    assert b"\n" not in (FIXTURES / "archive-concatenated").read_bytes()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("compression", sorted(COMPRESSIONS))
@pytest.mark.parametrize("chunk_size", [1, 2, 7, 100, 4096, CHUNK_SIZE])
def test_formats_compressions_and_chunk_sizes(
    fmt: str, compression: str, chunk_size: int
) -> None:
    data, _ = FORMATS[fmt](TEXTS)
    blob = COMPRESSIONS[compression](data)
    assert list(read_archive(blob, chunk_size=chunk_size)) == EVENTS


def test_sources(tmp_path: Path) -> None:
    data = gzip.compress(concatenated(TEXTS)[0])
    path = tmp_path / "ecr-events-1-2024-03-01-12-00-00-0a1b2c3d.gz"
    path.write_bytes(data)
    assert list(read_archive(path)) == EVENTS
    assert list(read_archive(str(path))) == EVENTS
    with path.open("rb") as file:
        assert list(read_archive(file)) == EVENTS
    assert list(read_archive(io.BufferedReader(io.BytesIO(data)))) == EVENTS
    assert list(read_archive(bytearray(data))) == EVENTS
    assert list(read_archive(memoryview(data))) == EVENTS


def test_source_errors(tmp_path: Path) -> None:
    items = read_archive(tmp_path / "missing.gz")  # opened when iterated
    with pytest.raises(FileNotFoundError):
        next(items)
    with pytest.raises(TypeError, match="binary mode"):
        list(read_archive(io.StringIO(TEXTS[0])))
    with pytest.raises(TypeError, match="path, bytes or a binary file"):
        list(read_archive(42))
    with pytest.raises(ValueError, match="chunk_size"):
        list(read_archive(b"{}", chunk_size=0))


@pytest.mark.parametrize("data", [b"", b" \n\r\n\t ", b"\xef\xbb\xbf", b"[]", b"[ ]\n"])
def test_empty_files(data: bytes) -> None:
    assert list(read_archive(data)) == []
    assert list(read_archive(gzip.compress(data), chunk_size=3)) == []


def test_type_decodes_every_record_into_it() -> None:
    items = list(read_archive(ndjson(TEXTS)[0], type=ebs.EventBridgeEvent))
    assert all(type(e) is ebs.GenericEvent for e in items)
    assert [e.detail_type for e in items] == [e.detail_type for e in EVENTS]


def test_stdin_like_pipe_reads() -> None:
    class Pipe(io.RawIOBase):
        """Gives at most 5 bytes per read, as a pipe may."""

        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            return self.data.read(min(size, 5))

    assert list(read_archive(Pipe(gzip.compress(ndjson(TEXTS)[0])))) == EVENTS


# --- poison records -------------------------------------------------------------


def _bad(kind: str) -> str:
    doc = json.loads(TEXTS[0])
    if kind == "wrong-type":
        doc["detail"]["sync-status"] = 5
    elif kind == "missing":
        del doc["source"]
    elif kind == "bad-time":
        doc["time"] = "2023-02-30T02:36:48Z"
    elif kind == "not-an-event":
        doc = {"Records": "nope"}
    return json.dumps(doc)


WELL_FORMED_POISON = {
    "wrong-type": ("$.detail.sync-status", "Expected `str`, got `int`"),
    "missing": ("$.source", "Object missing required field `source`"),
    "bad-time": ("$.time", "Invalid RFC3339 encoded datetime"),
    "not-an-event": ("$.detail", "Object missing required field `detail`"),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("where", [0, 4, 8])
@pytest.mark.parametrize("kind", sorted(WELL_FORMED_POISON))
@pytest.mark.parametrize("chunk_size", [3, CHUNK_SIZE])
def test_poison_record_at_start_middle_and_end(
    fmt: str, where: int, kind: str, chunk_size: int
) -> None:
    texts = [*TEXTS]
    texts.insert(where, _bad(kind))
    data, offsets = FORMATS[fmt](texts)
    events, failures = split(list(read_archive(data, chunk_size=chunk_size)))
    assert events == EVENTS
    [failure] = failures
    path, reason = WELL_FORMED_POISON[kind]
    if fmt == "array":
        path = f"$[{where}]" + path[1:]
    assert failure.error.path == path
    assert failure.error.reason.startswith(reason)
    assert failure.index == where
    assert failure.offset == offsets[where]
    assert failure.line == data[: offsets[where]].count(b"\n") + 1
    assert failure.error.line == failure.line
    assert failure.item_identifier is None


@pytest.mark.parametrize("chunk_size", [1, 5, CHUNK_SIZE])
def test_malformed_lines_in_ndjson(chunk_size: int) -> None:
    lines = [
        TEXTS[0],
        TEXTS[1][:80],  # cut short
        TEXTS[2],
        '{"version": "0", "id": tru}',  # invalid JSON
        TEXTS[3],
        "hello world",  # not JSON at all
        TEXTS[4],
        '{"detail": "unclosed string}',
        TEXTS[5],
        "[1, 2",  # an array left open
        TEXTS[6],
    ]
    data, offsets = ndjson(lines)
    events, failures = split(list(read_archive(data, chunk_size=chunk_size)))
    assert events == [EVENTS[0], *EVENTS[2:7]]
    assert [f.index for f in failures] == [1, 3, 5, 7, 9]
    assert [f.line for f in failures] == [2, 4, 6, 8, 10]
    assert [f.offset for f in failures] == [offsets[i] for i in (1, 3, 5, 7, 9)]
    assert all(
        f.error.reason.startswith(("JSON is malformed", "Input data")) for f in failures
    )


def test_malformed_objects_in_concatenated_stream() -> None:
    texts = [TEXTS[0], '{"version":"0",,"id":"x"}', TEXTS[1], '{"a":[1,2}', TEXTS[2]]
    data, offsets = concatenated(texts)
    for chunk_size in (1, 4, CHUNK_SIZE):
        events, failures = split(list(read_archive(data, chunk_size=chunk_size)))
        assert events == EVENTS[:3]
        assert [(f.index, f.offset) for f in failures] == [
            (1, offsets[1]),
            (3, offsets[3]),
        ]


def test_a_record_cut_short_before_the_next_in_a_concatenated_stream() -> None:
    # The cut record takes the next one as a value: both are lost, the rest not.
    texts = [TEXTS[0], TEXTS[1][:60], TEXTS[2], TEXTS[3]]
    events, failures = split(list(read_archive(concatenated(texts)[0])))
    assert events == [EVENTS[0], EVENTS[3]]
    assert len(failures) == 1


def test_boundaries_inside_strings() -> None:
    doc = json.loads(TEXTS[4])
    doc["detail"]["object"]["key"] = 'a}{b}\n{"c":"}{'
    texts = [TEXTS[0], json.dumps(doc), TEXTS[1]]
    expected = [EVENTS[0], ebs.decode(texts[1]), EVENTS[1]]
    for fmt in ("ndjson", "concatenated", "array"):
        data, _ = FORMATS[fmt](texts)
        for chunk_size in (1, 9, CHUNK_SIZE):
            assert list(read_archive(data, chunk_size=chunk_size)) == expected


def test_values_that_are_not_objects() -> None:
    data = f'{TEXTS[0]}\n42\n"text"\nnull\n[{TEXTS[1]}, 7, [], {TEXTS[2]}]\n{TEXTS[3]}'
    items = list(read_archive(data.encode(), chunk_size=3))
    events, failures = split(items)
    # Only a file that starts with "[" is an array of records.
    assert events == [EVENTS[0], EVENTS[3]]
    assert [(f.index, f.error.path, f.error.reason) for f in failures] == [
        (1, "$", "Expected `object`, got `int`"),
        (2, "$", "Expected `object`, got `str`"),
        (3, "$", "Expected `object`, got `null`"),
        (4, "$", "Expected `object`, got `array`"),
    ]
    data = f'[{TEXTS[0]}, 7, [], {TEXTS[1]}, "x"]'
    events, failures = split(list(read_archive(data.encode(), chunk_size=3)))
    assert events == EVENTS[:2]
    assert [(f.index, f.error.path, f.error.reason) for f in failures] == [
        (1, "$[1]", "Expected `object`, got `int`"),
        (2, "$[2]", "Expected `object`, got `array`"),
        (4, "$[4]", "Expected `object`, got `str`"),
    ]


def test_array_errors() -> None:
    missing_comma = f"[{TEXTS[0]} {TEXTS[1]}, {TEXTS[2]}]".encode()
    events, failures = split(list(read_archive(missing_comma)))
    assert events == [EVENTS[0], EVENTS[2]]
    [failure] = failures
    assert failure.error.reason == "Expected `,` or `]` in the JSON array"
    assert failure.error.path == "$[1]"

    unclosed = f"[{TEXTS[0]}, {TEXTS[1]}".encode()
    for blob in (unclosed, gzip.compress(unclosed)):
        events, failures = split(list(read_archive(blob)))
        assert events == EVENTS[:2]
        [failure] = failures
        assert "not closed" in failure.error.reason


# --- broken compressed data -----------------------------------------------------------


def test_truncated_gzip_keeps_what_came_before() -> None:
    data, offsets = ndjson(TEXTS)
    blob = gzip.compress(data)[:-40]
    events, failures = split(list(read_archive(blob, chunk_size=16)))
    assert events == EVENTS[: len(events)]
    assert 0 < len(events) < len(EVENTS)
    [failure] = failures
    assert failure.error.reason == "Compressed data is truncated"
    assert failure.offset == offsets[len(events)]


def test_gzip_with_garbage_after_it() -> None:
    blob = gzip.compress(ndjson(TEXTS)[0]) + b"garbage!"
    events, failures = split(list(read_archive(blob)))
    assert events == EVENTS
    [failure] = failures
    assert failure.error.reason == "Unexpected data after the compressed stream"


def test_corrupt_gzip() -> None:
    blob = bytearray(gzip.compress(ndjson(TEXTS * 20)[0]))
    blob[len(blob) // 2 : len(blob) // 2 + 8] = b"\xff" * 8
    items = list(read_archive(bytes(blob)))
    events, failures = split(items)
    assert events == (EVENTS * 20)[: len(events)]
    assert failures[-1].error.reason.startswith(
        ("Invalid compressed data", "Compressed data is truncated")
    ) or any("Invalid compressed data" in f.error.reason for f in failures)


# --- the size guard ---------------------------------------------------------------


def _big(size: int) -> str:
    doc = json.loads(TEXTS[4])
    doc["detail"]["padding"] = ""
    doc["detail"]["padding"] = "x" * (size - len(json.dumps(doc)))
    text = json.dumps(doc)
    assert len(text) == size
    return text


@pytest.mark.parametrize("fmt", ["ndjson", "concatenated", "array", "spaced"])
def test_oversized_records_are_failures(fmt: str) -> None:
    texts = [TEXTS[0], _big(MAX_EVENT_SIZE), _big(MAX_EVENT_SIZE + 1), TEXTS[1]]
    data, offsets = FORMATS[fmt](texts)
    events, failures = split(list(read_archive(data)))
    assert events[0] == EVENTS[0] and events[2] == EVENTS[1]
    assert len(events) == 3
    [failure] = failures
    assert failure.index == 2
    assert failure.offset == offsets[2]
    assert failure.error.reason == (
        f"Event is {MAX_EVENT_SIZE + 1} bytes, more than the limit of "
        f"{MAX_EVENT_SIZE} bytes"
    )


@pytest.mark.parametrize("fmt", ["ndjson", "concatenated", "array"])
@pytest.mark.parametrize("compression", ["plain", "gzip"])
def test_oversized_record_is_skipped_without_holding_it(
    fmt: str, compression: str
) -> None:
    texts = [TEXTS[0], _big(3_000_000), TEXTS[1]]
    data, offsets = FORMATS[fmt](texts)
    blob = COMPRESSIONS[compression](data)
    tracemalloc.start()
    try:
        items = list(read_archive(blob, max_size=10_000, chunk_size=4096))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    events, failures = split(items)
    assert events == EVENTS[:2]
    [failure] = failures
    assert failure.offset == offsets[1]
    assert failure.error.reason == (
        "Event is 3000000 bytes, more than the limit of 10000 bytes"
    )
    assert peak < 200_000  # the 3 MB record was never held


def test_memory_stays_bounded_for_a_large_file(tmp_path: Path) -> None:
    path = tmp_path / "big.gz"
    with gzip.open(path, "wb") as file:
        for _ in range(2000):
            file.write(concatenated(TEXTS)[0])
    tracemalloc.start()
    try:
        count = 0
        for item in read_archive(path):
            assert not isinstance(item, Failure)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 2000 * len(TEXTS)
    assert peak < 2_000_000  # about 11 MB of events went through


# --- any records, any format, any split point ------------------------------------


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(record_texts(), max_size=6),
    fmt=st.sampled_from(sorted(FORMATS)),
    compression=st.sampled_from(sorted(COMPRESSIONS)),
    chunk_size=st.integers(1, 300),
)
def test_any_records_any_split(
    texts: list[str], fmt: str, compression: str, chunk_size: int
) -> None:
    data, offsets = FORMATS[fmt](texts)
    items = list(read_archive(COMPRESSIONS[compression](data), chunk_size=chunk_size))
    assert len(items) == len(texts)
    for i, item in enumerate(items):
        try:
            expected = ebs.decode(record_text(data, offsets, i))
        except DecodeError as err:
            assert isinstance(item, Failure)
            assert item.index == i
            assert item.offset == offsets[i]
            assert item.line == data[: offsets[i]].count(b"\n") + 1
            assert item.error.reason == err.reason
            prefix = f"$[{i}]" if fmt == "array" else "$"
            assert item.error.path == prefix + err.path[1:]
        else:
            assert item == expected


@pytest.mark.parametrize(
    "bad",
    [
        b"[" * 5000 + b"]" * 5000,  # too deeply nested for the parser
        b'{"a":' + b"[" * 3000 + b"1" + b"]" * 3000 + b"}",
        b'{"detail":"' + b"x" * 3000 + b'",,}',  # broken past the limit
        b'{"detail":"' + b"x" * 100 + b'",,}',  # broken within it
        b'{"detail":"' + b"x" * 3000 + b'"}',  # too large
        b'{"detail":"' + b"x" * 3000,  # too large and cut short
    ],
)
def test_bad_records_read_the_same_whatever_the_chunk_size(bad: bytes) -> None:
    data = TEXTS[0].encode() + b"\n" + bad + b"\n" + TEXTS[1].encode() + b"\n"
    results = [
        [
            (i.index, i.offset, i.line, i.error.path, i.error.reason)
            if isinstance(i, Failure)
            else i
            for i in read_archive(data, max_size=1000, chunk_size=size)
        ]
        for size in (1, 7, 100, 999, 1000, 1001, 4096, CHUNK_SIZE)
    ]
    assert all(r == results[0] for r in results)
    events, failures = split(list(read_archive(data, max_size=1000)))
    assert events == EVENTS[:2]
    [failure] = failures
    assert failure.offset == len(TEXTS[0]) + 1
    assert failure.line == 2


# --- lazy: envelopes ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("compression", ["plain", "gzip"])
@pytest.mark.parametrize("chunk_size", [1, 7, 4096, CHUNK_SIZE])
def test_lazy_reads_the_envelopes_of_every_format(
    fmt: str, compression: str, chunk_size: int
) -> None:
    data, _ = FORMATS[fmt](TEXTS)
    blob = COMPRESSIONS[compression](data)
    items = list(read_archive(blob, lazy=True, chunk_size=chunk_size))
    assert all(isinstance(e, ebs.Envelope) for e in items)
    assert [ebs.typed(e) for e in items] == EVENTS


def test_many_records_in_runs_and_one_by_one() -> None:
    # Enough records for several runs (decoded in one call each), with bad
    # ones among them (read record by record), in both fast formats.
    texts = [TEXTS[i % len(TEXTS)] for i in range(600)]
    for where in (5, 250, 599):
        texts[where] = _bad("bad-time")
    texts[400] = _bad("wrong-type")  # an envelope, but not an event
    for fmt in ("ndjson", "concatenated"):
        data, offsets = FORMATS[fmt](texts)
        for lazy in (False, True):
            events, failures = split(list(read_archive(data, lazy=lazy)))
            bad = {5, 250, 599} if lazy else {5, 250, 400, 599}
            assert [f.index for f in failures] == sorted(bad)
            assert [f.offset for f in failures] == [offsets[i] for i in sorted(bad)]
            assert all(f.error.path == "$.time" for f in failures if f.index != 400)
            good = [i for i in range(600) if i not in bad]
            if lazy:
                assert [ebs.encode(e) for e in events] == [
                    ebs.encode(ebs.peek(texts[i])) for i in good
                ]
            else:
                assert events == [ebs.decode(texts[i]) for i in good]


def test_lazy_oversized_and_broken_records_are_failures() -> None:
    texts = [*TEXTS]
    texts.insert(2, '{"version": "0", "id": ')  # cut short
    data, _ = ndjson(texts)
    events, failures = split(list(read_archive(data, lazy=True, max_size=700)))
    big = [i + (i >= 2) for i, t in enumerate(TEXTS) if len(t) > 700]
    assert big, "some examples are over the limit"
    assert [f.index for f in failures] == sorted([2, *big])
    assert len(events) + len(failures) == len(texts)


def test_lazy_and_type_are_exclusive() -> None:
    with pytest.raises(ValueError, match="lazy"):
        read_archive(b"", type=dict, lazy=True)
