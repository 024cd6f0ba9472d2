# The work behind the ``decode`` and ``validate`` commands: reading files (or
# stdin) in any format the delivery paths know (Firehose archives as
# concatenated JSON, NDJSON or a JSON array, gzip or not; bare events;
# Lambda payloads of SQS, SNS, Kinesis and Firehose), writing the events as
# NDJSON, a summary table or a report of bad records, a progress bar on a
# terminal, and the closing one-line summary.
from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from ._archive import CHUNK_SIZE, read_records
from ._codec import encode
from ._delivery import Failure
from ._payload import MAX_EVENT_SIZE

__all__ = ["Progress", "run"]

#: The largest Lambda payload file accepted as one JSON value (Lambda's own
#: limit is 6 MB; pretty-printed captures are larger).
MAX_PAYLOAD_SIZE = 64 << 20

_FLUSH_AT = 1 << 20


class Stats:
    """What has been read so far."""

    __slots__ = ("events", "failures", "started")

    def __init__(self) -> None:
        self.events = 0
        self.failures = 0
        self.started = time.monotonic()

    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError  # pragma: no cover


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a
    terminal and only once the input has taken ``delay`` seconds, at most
    every ``interval`` seconds.

    Parameters
    ----------
    stream : file
        Where to draw (stderr).
    stats : Stats
        The counts to show.
    delay, interval : float
        Seconds before the first drawing, and between drawings.
    clock : callable
        The time source (``time.monotonic``).
    """

    def __init__(
        self,
        stream: IO[str],
        stats: Stats,
        *,
        delay: float = 0.5,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.stream = stream
        self.stats = stats
        self.clock = clock
        self.interval = interval
        self.next_draw = clock() + delay
        self.shown = False
        self.name = ""
        self.total: int | None = None
        self.done = 0

    def start(self, name: str, total: int | None) -> None:
        """Begin a new input of ``total`` bytes (None if unknown)."""
        self.name, self.total, self.done = name, total, 0

    def advance(self, nbytes: int) -> None:
        """Count ``nbytes`` more bytes read; redraw if it is time."""
        self.done += nbytes
        if self.enabled and self.clock() >= self.next_draw:
            self.draw()

    def line(self) -> str:
        """The text of the bar."""
        stats = self.stats
        rate = stats.events / stats.elapsed()
        counts = (
            f"{stats.events:,} events  {stats.failures:,} failures  "
            f"{rate:,.0f} events/s"
        )
        if self.total:
            fraction = min(self.done / self.total, 1.0)
            bar = "#" * int(fraction * 20)
            where = f"[{bar:-<20}] {fraction:4.0%}"
        else:
            where = _size(self.done)
        return f"{self.name} {where}  {counts}"

    def draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r" + self.line()[:width] + "\x1b[K")
        self.stream.flush()
        self.shown = True
        self.next_draw = self.clock() + self.interval

    def clear(self) -> None:
        """Remove the bar (before other output on the terminal)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


class _Counting:
    """A binary file whose reads advance the progress bar."""

    __slots__ = ("progress", "raw")

    def __init__(self, raw: IO[bytes], progress: Progress) -> None:
        self.raw = raw
        self.progress = progress

    def read(self, size: int) -> bytes:
        data = self.raw.read(size)
        self.progress.advance(len(data))
        return data


def _describe(name: str, failure: Failure) -> str:
    """One line per bad record: where it is, the JSON path, the reason."""
    ident = f" ({failure.item_identifier})" if failure.item_identifier else ""
    error = failure.error
    return (
        f"{name}:{failure.line}: byte {failure.offset}: record {failure.index}"
        f"{ident}: {error.path}: {error.reason}"
    )


def _open(path: str) -> tuple[IO[bytes], int | None]:
    if path == "-":
        return sys.stdin.buffer, None
    file = open(path, "rb")  # noqa: SIM115 - closed by run()
    try:
        st = os.fstat(file.fileno())
    except OSError:  # pragma: no cover - fstat of an open file
        return file, None
    return file, st.st_size if st.st_size > 0 else None


def _items(file: IO[bytes], progress: Progress, max_size: int) -> Iterator[Any]:
    return read_records(
        _Counting(file, progress), None, max_size, MAX_PAYLOAD_SIZE, True, CHUNK_SIZE
    )


def _table(counts: dict[tuple[str, str], int]) -> str:
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(counts.values())
    header = ("count", "source", "detail-type")
    body = [(f"{n:,}", source, detail_type) for (source, detail_type), n in rows]
    body.append((f"{total:,}", "total", ""))
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(3)]
    lines = []
    for count, source, detail_type in [header, *body]:
        line = f"{count:>{widths[0]}}  {source:<{widths[1]}}  {detail_type}"
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


def _bytes_writer(out: IO[str]) -> Callable[[bytearray], object]:
    """Write UTF-8 bytes to a text stream: to its binary buffer if it has
    one (after what was written as text)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        return lambda data: out.write(data.decode())

    def write(data: bytearray) -> object:
        out.flush()
        return buffer.write(data)

    return write


def run(
    command: str,
    paths: Sequence[str],
    *,
    summary: bool = False,
    max_size: int = MAX_EVENT_SIZE,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run ``decode`` or ``validate`` over ``paths`` (``-`` is stdin).

    ``decode`` writes each event to stdout as one line of JSON (as
    :func:`eventbridge_structs.encode` writes it), or with ``summary`` a
    table of counts per ``(source, detail-type)``, and reports bad records
    on stderr; ``validate`` reports bad records on stdout. Both end with a
    one-line summary on stderr.

    Returns
    -------
    int
        0 if every record decoded, 1 if some did not, 2 if a file could not
        be read.
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    validate = command == "validate"
    emit = not validate and not summary
    report = out if validate else err
    stats = Stats()
    progress = Progress(err, stats)
    counts: dict[tuple[str, str], int] = {}
    write_bytes = _bytes_writer(out)
    pending = bytearray()
    status = 0
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            file, total = _open(path)
        except OSError as exc:
            progress.clear()
            err.write(f"eventbridge-structs: cannot read {path}: {exc.strerror}\n")
            status = 2
            continue
        progress.start(name, total)
        try:
            for item in _items(file, progress, max_size):
                if item.__class__ is Failure:
                    stats.failures += 1
                    progress.clear()
                    report.write(_describe(name, item) + "\n")
                    continue
                stats.events += 1
                if emit:
                    pending += encode(item)
                    pending += b"\n"
                    if len(pending) >= _FLUSH_AT:
                        write_bytes(pending)
                        pending.clear()
                elif summary:
                    key = (item.source, item.detail_type)
                    counts[key] = counts.get(key, 0) + 1
        except OSError as exc:
            progress.clear()
            err.write(f"eventbridge-structs: cannot read {path}: {exc}\n")
            status = 2
        finally:
            if path != "-":
                file.close()
    if pending:
        write_bytes(pending)
    if summary:
        out.write(_table(counts))
    out.flush()
    if emit and hasattr(out, "buffer"):
        out.buffer.flush()
    progress.clear()
    elapsed = stats.elapsed()
    err.write(
        f"{command}: {stats.events:,} events, {stats.failures:,} failures "
        f"in {elapsed:.2f} s ({stats.events / elapsed:,.0f} events/s)\n"
    )
    if status == 0 and stats.failures:
        status = 1
    return status
