# Reading events from files as Amazon Data Firehose writes them to S3
# (https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html):
# JSON objects concatenated with no delimiter (Firehose's default for
# EventBridge events), newline-delimited JSON (with a new line delimiter
# configured), or a JSON array, any of them gzip (or zlib) compressed.
#
# The file is read in chunks into one buffer that never holds more than
# the record being decoded plus one chunk. Whole runs of records are decoded
# in one call where the format allows: the complete lines in the buffer
# (``decode_lines``, each event keeping its own line), or, for envelopes
# (``lazy``), every complete record in the buffer, concatenated or not
# (msgspec's own reader of concatenated JSON values). A run that fails is
# read again record by record: each record is found by a candidate boundary
# (the next newline, or the next '}{"') and decoded straight from that slice
# of the buffer, one parse per event. Anything else (a record spread over
# several lines, an array, a bad or oversized record) takes the slow path,
# which finds the record's exact extent with msgspec's own parser and, for a
# broken record, skips to where the next one starts.
from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Generator, Iterator
from typing import IO, Any, Literal, TypeVar, overload

import msgspec

from ._codec import decode_lines
from ._delivery import Failure, Readers, readers, unwrap_buffer
from ._envelope import EventBridgeEvent
from ._errors import MSGSPEC_ERRORS, DecodeError, from_msgspec
from ._lazy import Envelope, decode_envelopes
from ._payload import (
    MAX_EVENT_SIZE,
    PROBE,
    StreamError,
    detach,
    inflate_stream,
    is_compressed,
    too_big,
)

__all__ = ["CHUNK_SIZE", "read_archive"]

T = TypeVar("T")

#: Bytes read from the file at a time.
CHUNK_SIZE = 1 << 16

#: The most bytes of records decoded in one call.
RUN_SIZE = 1 << 16

_BOM = b"\xef\xbb\xbf"
_WS = re.compile(rb"[ \t\r\n]*")
_RAW = msgspec.json.Decoder(msgspec.Raw)
_TRAILING = "trailing characters (byte "
_TRUNCATED = "Input data was truncated"
_BYTE = "(byte "
# Outside and inside a JSON string: the bytes that change the nesting (and,
# inside, "}" for a "}{" that shows a string was cut short).
_OUTSIDE = re.compile(rb'[{}\[\]"\n]')
_INSIDE = re.compile(rb'["\\\n]')
_INSIDE_BROKEN = re.compile(rb'["\\\n}]')
# Where a value that is not an object or array ends.
_SCALAR_END = re.compile(rb"[\n{\[]")

#: Decodes a run of records at once: each record's event, or raises.
_Run = Callable[[bytes], list[Any]]
_RUN_MISSES = (*MSGSPEC_ERRORS, DecodeError)


def _runs(type: Any, lazy: bool) -> tuple[_Run | None, _Run | None]:
    """How to decode a run of complete lines, and a run of concatenated
    records: envelopes both ways (msgspec reads concatenated JSON values);
    events by ``decode_lines``, lines only (each event keeps its own line,
    which a run of concatenated records does not tell)."""
    if lazy:
        return decode_envelopes, decode_envelopes
    if type is None:
        return decode_lines, None

    def lines(data: bytes) -> list[Any]:
        return decode_lines(data, type=type)

    return lines, None


def _plain(read: Callable[[int], bytes], head: bytes, size: int) -> Iterator[bytes]:
    if head:
        yield head
    while chunk := read(size):
        yield chunk


def _chunks(read: Callable[[int], bytes], size: int) -> Iterator[bytes]:
    head = b""
    while len(head) < 2:
        more = read(size)
        if not more:
            break
        head += more
    if is_compressed(head):
        return inflate_stream(read, head, size)
    return _plain(read, head, size)


class _Buffer:
    """The part of the stream being decoded, and where it is in the stream."""

    __slots__ = ("base", "buf", "chunks", "counted", "eof", "error", "lines", "view")

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.buf = b""
        self.view = memoryview(self.buf)
        self.base = 0  # stream offset of buf[0]
        self.lines = 1  # the line number at buf[counted]
        self.counted = 0
        self.eof = False
        self.error: str | None = None

    def fill(self, keep: int) -> int:
        """Drop ``buf[:keep]`` and append the next chunk; return ``keep``
        (how far positions in the buffer moved)."""
        buf = self.buf
        if keep:
            if keep > self.counted:
                self.lines += buf.count(b"\n", self.counted, keep)
                self.counted = 0
            else:
                self.counted -= keep
            self.base += keep
            buf = buf[keep:]
        try:
            chunk = next(self.chunks)
        except StopIteration:
            self.eof = True
            chunk = b""
        except StreamError as exc:
            self.eof = True
            self.error = str(exc)
            chunk = b""
        self.buf = buf + chunk
        self.view = memoryview(self.buf)
        return keep

    def where(self, pos: int) -> tuple[int, int]:
        """The stream offset and line of ``buf[pos]`` (``pos`` never goes
        back)."""
        if pos > self.counted:
            self.lines += self.buf.count(b"\n", self.counted, pos)
            self.counted = pos
        return self.base + pos, self.lines


def _extent(view: memoryview, start: int) -> int | DecodeError | None:
    """Where the JSON value at ``start`` ends (with the whitespace after
    it), None if the buffer ends first, or the DecodeError of a value that
    is not well-formed JSON."""
    try:
        _RAW.decode(view[start:])
    except MSGSPEC_ERRORS as exc:
        message = str(exc)
        at = message.find(_TRAILING)
        if at >= 0:
            return start + int(message[at + len(_TRAILING) : -1]) - 1
        if message == _TRUNCATED:
            return None
        # A number cut short by the end of the buffer ("1e", "0.") is
        # reported as malformed, at the end of the input.
        at = message.rfind(_BYTE)
        if at >= 0 and int(message[at + len(_BYTE) : -1]) >= len(view) - start:
            return None
        return from_msgspec(exc)
    return len(view)


class _Scanner:
    """Splits a stream into top-level JSON values and decodes each."""

    def __init__(
        self,
        chunks: Iterator[bytes],
        read: Readers,
        runs: tuple[_Run | None, _Run | None],
        max_size: int,
        max_value: int,
        payloads: bool,
    ) -> None:
        self.s = _Buffer(chunks)
        self.read = read
        self.runs = runs
        self.max_size = max_size
        self.max_value = max_value
        self.payloads = payloads
        self.index = 0  # records seen
        self.in_array = False
        self.element = 0  # index of the next element of the array
        self.expect_comma = False
        self.was_array = False

    # -- the fast path ----------------------------------------------------------------

    def __iter__(self) -> Iterator[Any]:
        s = self.s
        read = self.read.text
        # Runs of complete records (lines; concatenated records), decoded in
        # one call each, of at most run_size bytes (so that no record in
        # one is over the limit); `single` is where the records read one by
        # one after a run that failed end.
        line_run, value_run = self.runs
        run_size = min(RUN_SIZE, max_size := self.max_size)
        single = -1
        max_value = self.max_value
        while len(s.buf) < 3 and not s.eof:
            s.fill(0)
        pos = 3 if s.buf.startswith(_BOM) else 0
        buf, view, n = s.buf, s.view, len(s.buf)
        # Where records end: at newlines (True), at '}{"' (False; '}{"' is
        # found faster than '}{', and a boundary it misses, before an empty
        # object, makes the slice fail and take the slow path), or not known
        # yet (None: look for both). Only the one in use is searched for.
        lines: bool | None = None
        nl = cc = -1  # the next newline and the next '}{"' + 1, or n
        index = self.index
        in_array = self.in_array
        while True:
            if pos >= n:
                if s.eof:
                    break
                shift = s.fill(pos)
                pos -= shift
                single -= shift
                buf, view, n = s.buf, s.view, len(s.buf)
                nl = cc = -1
                continue
            if lines is not False and nl < pos:
                nl = buf.find(b"\n", pos)
                if nl < 0:
                    nl = n
            if lines is not True and cc <= pos:
                cc = buf.find(b'}{"', pos)
                cc = n if cc < 0 else cc + 1
            if lines is None:
                if nl < cc:
                    lines = True
                elif cc < n:
                    lines = False
            if lines:
                end, after = nl, nl + 1
            else:
                end = after = cc if lines is False else n
            if end == n and not s.eof and n - pos <= max_value:
                shift = s.fill(pos)
                pos -= shift
                single -= shift
                buf, view, n = s.buf, s.view, len(s.buf)
                nl = cc = -1
                continue
            run = value_run if lines is False else line_run if lines else None
            if run is not None and pos >= single and not in_array:
                if lines:
                    cut = buf.rfind(b"\n", pos, pos + run_size)
                    stop = cut + 1
                else:
                    cut = buf.rfind(b'}{"', pos, pos + run_size) + 1
                    stop = cut
                if cut > end:  # more than one record
                    try:
                        events = run(buf[pos:cut])
                    except _RUN_MISSES:
                        single = stop
                    else:
                        yield from events
                        index += len(events)
                        pos = stop
                        continue
            if end - pos <= max_size and not in_array:
                try:
                    event = read(view[pos:end])
                except DecodeError:
                    pass
                else:
                    yield event
                    index += 1
                    pos = after
                    continue
            self.index = index
            base = s.base
            pos = yield from self._slow(pos)
            single -= s.base - base  # the buffer may have moved
            index = self.index
            in_array = self.in_array
            buf, view, n = s.buf, s.view, len(s.buf)
            lines = None
            nl = cc = -1
        self.index = index
        yield from self._finish()

    # -- the slow path -----------------------------------------------------------------

    def _failure(
        self, start: int, err: DecodeError, where: tuple[int, int] | None = None
    ) -> Failure:
        offset, line = self.s.where(start) if where is None else where
        prefix = f"$[{self.element}]" if self.in_array else "$"
        failure = Failure(
            None, self.index, detach(err.relocated(prefix, line=line)), offset, line
        )
        self.index += 1
        return failure

    def _slow(self, pos: int) -> Generator[Any, None, int]:
        """Handle the value at ``pos``, whatever it is; return the position
        after it (in the buffer as it is then)."""
        s = self.s
        while True:
            start = _skip_ws(s.buf, pos)
            if start == len(s.buf):
                if s.eof:
                    return start
                pos = start - s.fill(start)
                continue
            c = s.buf[start]
            if self.in_array:
                if c == 0x5D:  # ]
                    self.in_array = False
                    return start + 1
                if self.expect_comma:
                    if c == 0x2C:  # ,
                        self.expect_comma = False
                        pos = start + 1
                        continue
                    err = DecodeError("Expected `,` or `]` in the JSON array")
                    return (yield from self._bad(start, err, True))
            elif c == 0x5B and self.index == 0 and not self.was_array:
                # A file that is a JSON array: its elements are the records.
                self.was_array = True
                self.in_array = True
                self.element = 0
                self.expect_comma = False
                return start + 1
            break
        # Find the value's exact extent, reading on as needed.
        while True:
            end = _extent(s.view, start)
            if isinstance(end, int) and (end < len(s.buf) or s.eof or c in b'{["'):
                break
            if isinstance(end, DecodeError):
                # Broken JSON within the limit is skipped as such; beyond it
                # (or too deeply nested to tell), as a value too large.
                at = _error_byte(end)
                broken = at is not None and at <= self.max_value
                return (yield from self._bad(start, end, broken))
            if s.eof:
                reason = s.error or _TRUNCATED
                s.error = None
                yield self._failure(start, DecodeError(reason))
                return len(s.buf)
            if len(s.buf) - start > self.max_value:
                return (yield from self._bad(start, None, False))
            start -= s.fill(start)
        stop = end
        buf = s.buf
        while stop > start and buf[stop - 1] in b" \t\r\n":
            stop -= 1
        value = s.view[start:stop]
        if self.payloads and c == 0x7B and _is_payload(value):
            yield from self._payload(start, value)
        elif stop - start > self.max_size:
            yield self._failure(start, too_big(stop - start, self.max_size))
        else:
            try:
                event = self.read.text(value)
            except DecodeError as err:
                yield self._failure(start, err)
            else:
                self.index += 1
                yield event
        if self.in_array:
            self.element += 1
            self.expect_comma = True
        return end

    def _bad(
        self, start: int, err: DecodeError | None, broken: bool
    ) -> Generator[Any, None, int]:
        """Report and skip a bad value: one too large to hold (``err`` None)
        or not well-formed JSON. The value is measured by skipping it; one
        larger than the limit is reported as such, any other with the error
        of the bytes skipped, which are kept at hand for it (``err`` may
        describe what follows a value cut short). The outcome depends only
        on the bytes, never on how they were read."""
        s = self.s
        where = s.where(start)
        stop = self._skip(start, broken)
        size = s.base + stop - where[0]
        if size > self.max_value:
            err = too_big(size, self.max_value)
        else:
            first = where[0] - s.base
            try:
                _RAW.decode(s.view[first:stop])
            except MSGSPEC_ERRORS as exc:
                err = from_msgspec(exc)
        assert err is not None
        yield self._failure(start, err, where)
        if self.in_array:
            self.element += 1
            self.expect_comma = True
        return stop

    def _skip(self, start: int, broken: bool) -> int:
        """Skip a bad value from ``start``: to the end of its brackets, or to
        where a new record evidently starts (a line starting with ``{``, or
        ``}{``, even inside a string when the value is ``broken`` JSON, whose
        strings may be cut short), or for a value that is not an object or
        array, to the next line or bracket. Reads on as needed, keeping the
        value's bytes while they are within the size limit, and nothing
        after. Returns the position after it."""
        s = self.s
        limit = self.max_value

        def more(i: int) -> int:
            # Read on; keep the value from ``start`` while it is small.
            nonlocal start
            shift = s.fill(start if len(s.buf) - start <= limit else i)
            start -= shift
            return i - shift

        inside = _INSIDE_BROKEN if broken else _INSIDE
        if s.buf[start] not in b"{[":
            i = start + 1
            while True:
                m = _SCALAR_END.search(s.buf, i)
                if m is not None:
                    return m.start()
                if s.eof:
                    return len(s.buf)
                i = more(len(s.buf))
        depth = 0
        in_string = False
        i = start
        while True:
            buf = s.buf
            n = len(buf)
            m = (inside if in_string else _OUTSIDE).search(buf, i)
            if m is not None:
                j = m.start()
                c = buf[j]
                if in_string:
                    if c == 0x5C:  # backslash: skip the escaped byte
                        if j + 1 < n:
                            i = j + 2
                            continue
                        i = j
                    elif c == 0x22:
                        in_string = False
                        i = j + 1
                        continue
                    elif c == 0x7D:  # }
                        if j + 1 < n or s.eof:
                            if buf[j + 1 : j + 2] == b"{":
                                return j + 1
                            i = j + 1
                            continue
                        i = j
                    else:  # a raw newline cannot be in a string: broken here
                        return j
                elif c == 0x22:
                    in_string = True
                    i = j + 1
                    continue
                elif j + 1 < n or s.eof:
                    after = buf[j + 1 : j + 2]
                    if c in b"{[":
                        depth += 1
                    elif c in b"}]":
                        depth -= 1
                        if depth <= 0 or after == b"{":
                            return j + 1
                    elif after == b"{":  # a new line starting with {
                        return j + 1
                    i = j + 1
                    continue
                else:
                    i = j  # decide once the next byte is read
            else:
                i = n
            if s.eof:
                return n
            i = more(i)

    def _payload(self, start: int, value: memoryview) -> Iterator[Any]:
        """Expand a Lambda payload (SQS, SNS, Kinesis, Firehose) in the input."""
        offset, line = self.s.where(start)
        batch = unwrap_buffer(value, self.read, self.max_size)
        yield from batch.events
        for f in batch.failures:
            err = detach(f.error.relocated("$", line=line))
            yield Failure(f.item_identifier, f.index, err, offset, line)
        self.index += len(batch.events) + len(batch.failures)

    def _finish(self) -> Iterator[Any]:
        s = self.s
        if self.in_array:
            self.in_array = False
            reason = s.error or "Input data was truncated: the JSON array is not closed"
            s.error = None
            yield self._failure(len(s.buf), DecodeError(reason))
        if s.error is not None:
            yield self._failure(len(s.buf), DecodeError(s.error))


def _error_byte(err: DecodeError) -> int | None:
    """The byte offset a syntax error names, if any."""
    reason = err.reason
    at = reason.rfind(_BYTE)
    if at < 0 or not reason.endswith(")"):
        return None
    return int(reason[at + len(_BYTE) : -1])


def _is_payload(value: memoryview) -> bool:
    """Whether a JSON object is a Lambda event with records."""
    try:
        probe = PROBE.decode(value)
    except MSGSPEC_ERRORS:
        return False
    return probe.Records is not msgspec.UNSET or probe.records is not msgspec.UNSET


def _skip_ws(buf: bytes, pos: int) -> int:
    match = _WS.match(buf, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _reader(source: Any) -> tuple[Callable[[int], bytes], IO[bytes] | None]:
    """The read function of ``source``, and the file to close, if opened."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(source).read, None
    if isinstance(source, (str, os.PathLike)):
        file = open(source, "rb")  # noqa: SIM115 - closed by read_records
        return file.read, file
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(
            "source must be a path, bytes or a binary file, not "
            f"{source.__class__.__name__}"
        )

    def checked(size: int) -> bytes:
        data = read(size)
        if not isinstance(data, bytes):
            if not isinstance(data, (bytearray, memoryview)):
                raise TypeError(
                    "the file must be opened in binary mode (its read() gave "
                    f"{data.__class__.__name__})"
                )
            data = bytes(data)
        return data

    return checked, None


def read_records(
    source: Any,
    type: Any,
    max_size: int,
    max_value: int,
    payloads: bool,
    chunk_size: int,
    *,
    lazy: bool = False,
) -> Generator[Any, None, None]:
    """Stream the records of ``source`` (see :func:`read_archive`); with
    ``payloads``, also expand Lambda payloads of up to ``max_value`` bytes."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    text = readers(type, lazy)
    read, file = _reader(source)
    try:
        yield from _Scanner(
            _chunks(read, chunk_size),
            text,
            _runs(type, lazy),
            max_size,
            max_value,
            payloads,
        )
    finally:
        if file is not None:
            file.close()


Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]


@overload
def read_archive(
    source: Source,
    *,
    type: None = None,
    lazy: Literal[False] = False,
    max_size: int = MAX_EVENT_SIZE,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[EventBridgeEvent | Failure]: ...
@overload
def read_archive(
    source: Source,
    *,
    type: type[T],
    lazy: Literal[False] = False,
    max_size: int = MAX_EVENT_SIZE,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[T | Failure]: ...
@overload
def read_archive(
    source: Source,
    *,
    type: None = None,
    lazy: Literal[True],
    max_size: int = MAX_EVENT_SIZE,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Envelope | Failure]: ...
@overload
def read_archive(
    source: Source,
    *,
    type: type[Any] | None = None,
    lazy: bool,
    max_size: int = MAX_EVENT_SIZE,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Any]: ...
def read_archive(
    source: Any,
    *,
    type: Any = None,
    lazy: bool = False,
    max_size: int = MAX_EVENT_SIZE,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Any]:
    """Stream the events of a file as Firehose writes them to S3.

    The format is detected: JSON objects concatenated with no delimiter
    (Firehose's default), newline-delimited JSON, or a JSON array (whose
    elements are the records), gzip or zlib compressed or not. Pretty-printed
    records are fine too. The file is read ``chunk_size`` bytes at a time and
    memory stays bounded by the largest record plus one chunk, whatever the
    size of the file.

    Parameters
    ----------
    source : str, path-like, bytes or binary file
        A path (opened when iteration starts and closed when it ends), the
        file's content, or a file object opened in binary mode (``sys.stdin.buffer``,
        an S3 ``StreamingBody``).
    type : type, optional
        Decode every event into this type instead of dispatching on
        ``(source, detail-type)``.
    lazy : bool, default False
        Yield each event's :class:`Envelope` (:func:`eventbridge_structs.peek`)
        instead: the envelope validated, the detail kept as raw JSON, typed
        later with :func:`eventbridge_structs.typed` for the events you keep
        (a bad detail is reported by ``typed``, not as a failure here). For
        filtering or counting by source, detail-type, account or time. Not
        with ``type``.
    max_size : int, default MAX_EVENT_SIZE
        The largest event accepted, in bytes; a larger record is reported as
        a failure and skipped without being held in memory.
    chunk_size : int, default CHUNK_SIZE
        How many bytes to read at a time.

    Yields
    ------
    EventBridgeEvent or Failure
        Each event, or a :class:`Failure` for each bad record, in file order.
        A failure carries the record's byte ``offset`` (in the decompressed
        data), its 1-based ``line``, its ``index`` among the records, and the
        :class:`DecodeError` (whose path is relative to the record, or
        ``$[i]...`` inside a JSON array). After a malformed record, reading
        resumes where the next record evidently starts. Broken compressed
        data ends the stream with a failure.

    Raises
    ------
    OSError
        If the file cannot be read.
    ValueError
        If both ``type`` and ``lazy=True`` are given.
    """
    readers(type, lazy)  # the arguments are checked now, not when iterating
    return read_records(source, type, max_size, max_size, False, chunk_size, lazy=lazy)
