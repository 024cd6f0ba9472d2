# The engine behind the ``decode`` and ``validate`` commands: the inputs read
# in one process, or with ``--jobs N`` split into pieces (an uncompressed
# NDJSON file into byte ranges that start at a line, anything else a file at
# a time) that a pool of N processes decodes while this process writes each
# piece's output in input order, renumbering its failures (lines, byte
# offsets and records) as if the input had been read in one go. Output that
# cannot be written raises OutputError, never blaming an input.
from __future__ import annotations

import errno
import io
import itertools
import os
import shutil
import signal
import stat
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, NamedTuple

from ._archive import CHUNK_SIZE, read_records
from ._codec import encode
from ._delivery import Failure
from ._envelope import GenericEvent
from ._payload import MAX_EVENT_SIZE, is_compressed
from ._streams import MAX_PAYLOAD_SIZE, Progress, Stats

__all__ = [
    "SPLIT_MAX",
    "SPLIT_MIN",
    "Options",
    "OutputError",
    "count",
    "describe",
    "run",
    "split_size",
]

#: The bounds of the size of the byte ranges an uncompressed NDJSON file is
#: split into with more than one job, by default: about ``_RANGES_PER_JOB``
#: ranges per job, so that the jobs end together, within these bounds (each
#: range costs a little: measured, 8 MiB ranges of a 100 MB file decode 4%
#: faster than 4 MiB ones, 10% faster than 1 MiB ones).
SPLIT_MIN = 1 << 20
SPLIT_MAX = 8 << 20
_RANGES_PER_JOB = 6

#: Output kept in memory before it is written (one process) or spilled to a
#: temporary file (a worker decoding a whole file).
_FLUSH_AT = 1 << 20
_SPILL_AT = 32 << 20
#: A worker's output sent back through the pool's pipe, rather than in a
#: temporary file, when it is at most this large.
_KEEP = 1 << 16
#: How far to look before a candidate split for the ``}`` that ends a line.
_LOOK_BACK = 64
_WINDOW = 1 << 16
#: Paths of the failures of a Lambda payload's records, whose record
#: numbers count within the payload.
_PAYLOAD_PATHS = ("$.Records[", "$.records[")


class OutputError(Exception):
    """Writing the output failed (a closed pipe, a full disk).

    Parameters
    ----------
    error : OSError
        What the write raised.
    """

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error

    @property
    def broken_pipe(self) -> bool:
        """Whether the reader went away (``| head``)."""
        return isinstance(self.error, BrokenPipeError)


class Options(NamedTuple):
    """What to do with each record (sent to the worker processes).

    Attributes
    ----------
    command : str
        ``"decode"`` or ``"validate"``.
    summary : bool
        Count events per ``(source, detail-type)`` instead of writing them.
    type : type or None
        Decode every record into this event class.
    strict : bool
        Report an event of an unregistered ``(source, detail-type)`` as a
        failure.
    max_size : int
        The largest event accepted, in bytes.
    """

    command: str
    summary: bool = False
    type: Any = None
    strict: bool = False
    max_size: int = MAX_EVENT_SIZE


#: A bad record: (record index, line, byte offset, item identifier, JSON
#: path, reason, whether its index counts the input's records).
Problem = tuple[int, "int | None", "int | None", "str | None", str, str, bool]


def count(n: int, noun: str) -> str:
    """``n`` and ``noun`` in correct English: ``1 event``, ``2 events``.

    Parameters
    ----------
    n : int
        How many.
    noun : str
        The singular noun.
    """
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def describe(name: str, problem: Problem) -> str:
    """One line per bad record: where it is (record numbers are 1-based,
    like lines), the JSON path, the reason.

    Parameters
    ----------
    name : str
        The input's name.
    problem : Problem
        The bad record.
    """
    index, line, offset, ident, path, reason, _ = problem
    where = name if line is None else f"{name}:{line}: byte {offset}"
    label = f" ({ident})" if ident else ""
    return f"{where}: record {index + 1}{label}: {path}: {reason}"


class _Progress(Progress):
    """The progress bar, its counts in correct English."""

    def line(self) -> str:
        stats = self.stats
        rate = stats.events / stats.elapsed()
        counts = (
            f"{count(stats.events, 'event')}  {count(stats.failures, 'failure')}  "
            f"{rate:,.0f} events/s"
        )
        if self.total:
            fraction = min(self.done / self.total, 1.0)
            where = f"[{'#' * int(fraction * 20):-<20}] {fraction:4.0%}"
        else:
            where = f"{self.done / 1e6:.1f} MB"
        return f"{self.name} {where}  {counts}"


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


def _scan(
    source: Any,
    options: Options,
    write: Callable[[bytearray], object] | None,
    report: Callable[[Problem], object],
    counts: dict[tuple[str, str], int] | None,
    stats: Stats | None = None,
    flush_at: int = _FLUSH_AT,
    stop: int | None = None,
) -> tuple[int, int]:
    """Read the records of ``source``: write each event's JSON line
    (``write``), or count it (``counts``), and ``report`` each bad record.
    A failure at ``stop`` or after it is not the input's (see ``_work``).
    Return the numbers of events and of records."""
    strict = options.strict and options.type is None
    events = records = 0
    pending = bytearray()
    items = read_records(
        source, options.type, options.max_size, MAX_PAYLOAD_SIZE, True, CHUNK_SIZE
    )
    try:
        for item in items:
            cls = item.__class__
            if cls is Failure:
                if stop is not None and item.offset is not None and item.offset >= stop:
                    continue
                error = item.error
                path = error.path
                ordinary = item.index == records and not path.startswith(_PAYLOAD_PATHS)
                report(
                    (
                        item.index,
                        item.line,
                        item.offset,
                        item.item_identifier,
                        path,
                        error.reason,
                        ordinary,
                    )
                )
                records += 1
                continue
            if strict and cls is GenericEvent:
                reason = (
                    f"No event type is registered for source {item.source!r} "
                    f"and detail-type {item.detail_type!r}"
                )
                report((records, None, None, item.id, "$", reason, True))
                records += 1
                continue
            records += 1
            events += 1
            if write is not None:
                pending += encode(item)
                pending += b"\n"
                if len(pending) >= flush_at:
                    write(pending)
                    pending = bytearray()
                    if stats is not None:
                        stats.events += events
                        events = 0
            elif counts is not None:
                key = (item.source, item.detail_type)
                counts[key] = counts.get(key, 0) + 1
    except OSError:
        # What was decoded before the input failed is written all the same.
        if pending and write is not None:
            write(pending)
        raise
    finally:
        items.close()
    if pending and write is not None:
        write(pending)
    if stats is not None:
        stats.events += events
        events = 0
    return events, records


# --- the pieces of the inputs ----------------------------------------------------


class Piece(NamedTuple):
    """A part of an input that a worker decodes.

    Attributes
    ----------
    path : str
        The file.
    start, end : int
        ``[start, end)`` of an uncompressed NDJSON file; ``end`` None for
        the whole file.
    more : bool
        Whether the file goes on after ``end``.
    """

    path: str
    start: int
    end: int | None
    more: bool = False


class _Input(NamedTuple):
    """One input as planned: its pieces, or None to read it in this process
    (stdin, a pipe), or the reason it cannot be read."""

    path: str
    name: str
    size: int | None
    pieces: list[Piece] | None
    error: str | None = None


class Result(NamedTuple):
    """What a worker made of a piece.

    Attributes
    ----------
    output : list of bytearray
        The events' JSON lines, when small.
    spill : str or None
        Else the temporary file that holds them.
    problems : list of Problem
        The bad records, numbered within the piece.
    counts : dict or None
        Events per ``(source, detail-type)``, for ``--summary``.
    events, records : int
        How many events and records the piece holds.
    error : str or None
        Why the piece could not be read (to its end).
    """

    output: list[bytearray]
    spill: str | None
    problems: list[Problem]
    counts: dict[tuple[str, str], int] | None
    events: int
    records: int
    error: str | None


def _boundary(file: IO[bytes], pos: int, size: int) -> int | None:
    """The first place at or after ``pos`` where a line that starts with
    ``{`` follows a line that ends with ``}`` (trailing blanks aside): a
    place no JSON value spans, and where the reader resumes after any bad
    record. None if there is none."""
    while pos < size:
        base = max(pos - _LOOK_BACK, 0)
        file.seek(base)
        buf = file.read(_WINDOW + _LOOK_BACK)
        if len(buf) < 2:
            return None
        i = buf.find(b"\n{", pos - base)
        while i >= 0:
            j = i
            while j > 0 and buf[j - 1] in b" \t\r":
                j -= 1
            if j > 0 and buf[j - 1] == 0x7D:  # }
                return base + i + 1
            i = buf.find(b"\n{", i + 1)
        if base + len(buf) >= size:
            return None
        pos = base + len(buf) - 1
    return None


def split_size(size: int, jobs: int) -> int:
    """The default size of the byte ranges of a file of ``size`` bytes.

    Parameters
    ----------
    size : int
        The file's size in bytes.
    jobs : int
        The number of processes.
    """
    return min(max(size // (jobs * _RANGES_PER_JOB), SPLIT_MIN), SPLIT_MAX)


def _plan_file(path: str, jobs: int, split: int | None) -> _Input:
    try:
        st = os.stat(path)
    except OSError as exc:
        return _Input(path, path, None, None, exc.strerror or str(exc))
    if not stat.S_ISREG(st.st_mode):
        # A pipe (``<(zcat ...)``) is read once, here; a directory fails
        # when it is opened.
        return _Input(path, path, None, None)
    size = st.st_size
    whole = [Piece(path, 0, None)]
    if split is None:
        split = split_size(size, jobs)
    if jobs < 2 or size <= split:
        return _Input(path, path, size, whole)
    try:
        with open(path, "rb") as file:
            head = file.read(_WINDOW)
            start = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
            if is_compressed(head) or start.lstrip()[:1] != b"{":
                return _Input(path, path, size, whole)
            cuts = [0]
            while True:
                cut = _boundary(file, cuts[-1] + split, size)
                if cut is None:
                    break
                cuts.append(cut)
    except OSError as exc:
        return _Input(path, path, None, None, exc.strerror or str(exc))
    cuts.append(size)
    pieces = [Piece(path, a, b, b < size) for a, b in itertools.pairwise(cuts)]
    return _Input(path, path, size, pieces)


def _plan(paths: Sequence[str], jobs: int, split: int | None) -> list[_Input]:
    inputs = []
    for path in paths:
        if path == "-":
            inputs.append(_Input(path, "<stdin>", None, None))
        else:
            inputs.append(_plan_file(path, jobs, split))
    return inputs


class _Collect:
    """A worker's output: in memory up to ``limit`` bytes, then in a
    temporary file in ``directory`` (which the writing process copies to
    the output in the kernel, cheaper than sending it through a pipe)."""

    def __init__(self, directory: str, limit: int) -> None:
        self.directory = directory
        self.limit = limit
        self.chunks: list[bytearray] = []
        self.size = 0
        self.file: IO[bytes] | None = None

    def write(self, data: bytearray) -> None:
        if self.file is not None:
            self.file.write(data)
            return
        self.chunks.append(data)
        self.size += len(data)
        if self.size > self.limit:
            self.file = tempfile.NamedTemporaryFile(  # noqa: SIM115
                dir=self.directory, delete=False
            )
            for chunk in self.chunks:
                self.file.write(chunk)
            self.chunks = []

    def close(self) -> str | None:
        if self.file is None:
            return None
        self.file.close()
        return self.file.name


class _Range:
    """``size`` bytes of a file from where it is."""

    __slots__ = ("file", "remaining")

    def __init__(self, file: IO[bytes], size: int) -> None:
        self.file = file
        self.remaining = size

    def read(self, size: int) -> bytes:
        data = self.file.read(min(size, self.remaining))
        self.remaining -= len(data)
        return data


def _work(piece: Piece, options: Options, directory: str) -> Result:
    """Decode one piece (in a worker process)."""
    emit = options.command == "decode" and not options.summary
    collect = _Collect(directory, _KEEP if piece.end is not None else _SPILL_AT)
    problems: list[Problem] = []
    counts: dict[tuple[str, str], int] | None = {} if options.summary else None
    events = records = 0
    error = None
    try:
        if piece.end is None:
            events, records = _scan(
                piece.path,
                options,
                collect.write if emit else None,
                problems.append,
                counts,
                flush_at=_FLUSH_AT,
            )
        else:
            with open(piece.path, "rb") as file:
                file.seek(piece.start)
                # The next piece starts with "{". The reader decides where a
                # bad record ends by what follows it; one that runs to the
                # end of the piece ends there as in the whole file only if
                # the "{" is read too, as a record of its own (cut short:
                # the one failure at ``stop``, not reported).
                size = piece.end - piece.start
                part = _Range(file, size + 1 if piece.more else size)
                events, records = _scan(
                    part,
                    options,
                    collect.write if emit else None,
                    problems.append,
                    counts,
                    flush_at=_FLUSH_AT >> 2,
                    stop=size if piece.more else None,
                )
    except OSError as exc:
        error = exc.strerror or str(exc)
    spill = collect.close()
    return Result(collect.chunks, spill, problems, counts, events, records, error)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the group; the parent handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- writing ------------------------------------------------------------------------


class _Output:
    """Where events (decode) or reports (validate) go: writes that fail
    raise OutputError."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, data: bytes | bytearray) -> None:
        try:
            self.stream.write(data)
        except OSError as exc:
            raise OutputError(exc) from None

    def copy(self, path: str) -> None:
        """Write the content of the file ``path``."""
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            offset = 0
            try:
                self.stream.flush()
                out = self.stream.fileno()
                while offset < size:
                    sent = os.sendfile(out, file.fileno(), offset, size - offset)
                    if sent == 0:
                        break
                    offset += sent
            except OSError as exc:
                if (
                    offset
                    or isinstance(exc, BrokenPipeError)
                    or exc.errno
                    not in (
                        errno.EINVAL,
                        errno.ENOSYS,
                        errno.EBADF,
                    )
                ):
                    raise OutputError(exc) from None
            except (AttributeError, ValueError, io.UnsupportedOperation):
                pass  # no file descriptor, or no sendfile: copied below
            file.seek(offset)
            while data := file.read(_FLUSH_AT):
                self.write(data)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise OutputError(exc) from None


def _table(counts: dict[tuple[str, str], int]) -> str:
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(counts.values())
    header = ("count", "source", "detail-type")
    body = [(f"{n:,}", source, detail_type) for (source, detail_type), n in rows]
    body.append((f"{total:,}", "total", ""))
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(3)]
    lines = []
    for n, source, detail_type in [header, *body]:
        line = f"{n:>{widths[0]}}  {source:<{widths[1]}}  {detail_type}"
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


def _newlines(path: str, start: int, end: int) -> int:
    """The number of newlines in ``[start, end)`` of a file."""
    n = 0
    with open(path, "rb") as file:
        file.seek(start)
        while start < end:
            data = file.read(min(end - start, _FLUSH_AT))
            if not data:
                break
            n += data.count(b"\n")
            start += len(data)
    return n


class _Run:
    """One run of ``decode`` or ``validate``: the counts so far and where
    everything is written."""

    def __init__(
        self, options: Options, out: IO[bytes], err: IO[str], quiet: bool
    ) -> None:
        self.options = options
        self.out = _Output(out)
        self.err = err
        self.stats = Stats()
        self.progress = _Progress(err, self.stats)
        if quiet:
            self.progress.enabled = False
        self.emit = options.command == "decode" and not options.summary
        self.counts: dict[tuple[str, str], int] | None = {} if options.summary else None
        self.status = 0

    def problem(self, name: str, problem: Problem) -> None:
        self.stats.failures += 1
        self.progress.clear()
        text = describe(name, problem) + "\n"
        if self.options.command == "validate":
            self.out.write(text.encode("utf-8", "surrogateescape"))
        else:
            self.err.write(text)

    def cannot_read(self, path: str, reason: str) -> None:
        self.progress.clear()
        self.err.write(f"eventbridge-structs: cannot read {path}: {reason}\n")
        self.status = 2

    def here(self, item: _Input) -> None:
        """Read one input in this process, streaming."""
        if item.error is not None:
            self.cannot_read(item.path, item.error)
            return
        try:
            if item.path == "-":
                file: IO[bytes] = sys.stdin.buffer
                total = None
            else:
                file = open(item.path, "rb")  # noqa: SIM115 - closed below
                size = os.fstat(file.fileno()).st_size
                total = size if size > 0 and item.size is not None else None
        except OSError as exc:
            self.cannot_read(item.path, exc.strerror or str(exc))
            return
        name = item.name
        self.progress.start(name, total)
        try:
            _scan(
                _Counting(file, self.progress),
                self.options,
                self.out.write if self.emit else None,
                lambda problem: self.problem(name, problem),
                self.counts,
                self.stats,
            )
        except OSError as exc:
            self.cannot_read(item.path, exc.strerror or str(exc))
        finally:
            if item.path != "-":
                file.close()

    def results(self, item: _Input, results: Iterator[tuple[Piece, Result]]) -> None:
        """Write the results of an input's pieces, in order."""
        name = item.name
        self.progress.start(name, item.size)
        records = 0
        # The newlines before ``counted``: counted here, only up to a piece
        # with a failure to number (most inputs have none, and counting
        # newlines costs a tenth of decoding them).
        lines = counted = 0
        for piece, result in results:
            if counted < piece.start and any(p[1] is not None for p in result.problems):
                try:
                    lines += _newlines(piece.path, counted, piece.start)
                except OSError as exc:  # pragma: no cover - a worker just read it
                    self.cannot_read(item.path, exc.strerror or str(exc))
                counted = piece.start
            for chunk in result.output:
                self.out.write(chunk)
            if result.spill is not None:
                try:
                    self.out.copy(result.spill)
                finally:
                    os.unlink(result.spill)
            for index, line, offset, ident, path, reason, ordinary in result.problems:
                if ordinary:
                    index += records
                if line is not None:
                    line += lines
                if offset is not None:
                    offset += piece.start
                problem = (index, line, offset, ident, path, reason, ordinary)
                self.problem(name, problem)
            if result.counts is not None and self.counts is not None:
                for key, n in result.counts.items():
                    self.counts[key] = self.counts.get(key, 0) + n
            self.stats.events += result.events
            records += result.records
            end = piece.end if piece.end is not None else item.size or 0
            self.progress.advance(end - piece.start)
            if result.error is not None:
                self.cannot_read(item.path, result.error)

    def finish(self, command: str, quiet: bool) -> int:
        if self.counts is not None:
            self.out.write(_table(self.counts).encode())
        self.out.flush()
        self.progress.clear()
        if not quiet:
            stats = self.stats
            elapsed = stats.elapsed()
            self.err.write(
                f"{command}: {count(stats.events, 'event')}, "
                f"{count(stats.failures, 'failure')} in {elapsed:.2f} s "
                f"({stats.events / elapsed:,.0f} events/s)\n"
            )
        if self.status == 0 and self.stats.failures:
            return 1
        return self.status


def _entries(inputs: list[_Input]) -> Iterator[tuple[_Input, Piece | None]]:
    """Each piece of each input, or the input alone (None) if it has none."""
    for item in inputs:
        if item.pieces is None:
            yield item, None
        else:
            for piece in item.pieces:
                yield item, piece


def _parallel(run: _Run, inputs: list[_Input], jobs: int) -> None:
    """Decode the pieces in a pool of ``jobs`` processes, a few pieces ahead
    of the one being written; inputs without pieces are read here, in
    turn, while the pool works on the next ones."""
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    directory = tempfile.mkdtemp(prefix="eventbridge-structs-")
    ahead = 2 * jobs
    # Each entry: an input read here, or a piece and its pending result.
    queue: deque[tuple[_Input, Piece | None, Any]] = deque()
    todo = _entries(inputs)
    in_flight = 0
    try:
        with context.Pool(jobs, initializer=_ignore_interrupts) as pool:

            def fill() -> None:
                nonlocal in_flight
                while in_flight < ahead:
                    entry = next(todo, None)
                    if entry is None:
                        return
                    item, piece = entry
                    if piece is None:
                        queue.append((item, None, None))
                        continue
                    pending = pool.apply_async(_work, (piece, run.options, directory))
                    queue.append((item, piece, pending))
                    in_flight += 1

            def pieces_of(item: _Input) -> Iterator[tuple[Piece, Result]]:
                nonlocal in_flight
                while queue and queue[0][0] is item and queue[0][1] is not None:
                    _, piece, pending = queue.popleft()
                    result = pending.get()
                    in_flight -= 1
                    fill()
                    assert piece is not None
                    yield piece, result

            fill()
            while queue:
                item, piece, _ = queue[0]
                if piece is None:
                    queue.popleft()
                    fill()
                    run.here(item)
                else:
                    run.results(item, pieces_of(item))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(
    options: Options,
    paths: Sequence[str],
    *,
    jobs: int = 1,
    split: int | None = None,
    quiet: bool = False,
    stdout: IO[bytes] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run ``decode`` or ``validate`` over ``paths`` (``-`` is stdin).

    ``decode`` writes each event to stdout as one line of JSON (as
    :func:`eventbridge_structs.encode` writes it), or with
    ``options.summary`` a table of counts per ``(source, detail-type)``,
    and reports bad records on stderr; ``validate`` reports bad records on
    stdout. Both end with a one-line summary on stderr unless ``quiet``.

    Parameters
    ----------
    options : Options
        The command and what to do with each record.
    paths : sequence of str
        The inputs.
    jobs : int, default 1
        Processes decoding at once; the output is the same for any number.
    split : int, optional
        With more than one job, the size of the byte ranges an uncompressed
        NDJSON file is split into; by default :func:`split_size`.
    quiet : bool, default False
        No progress bar and no summary line.
    stdout : binary file, optional
        Where the output goes (``sys.stdout.buffer``).
    stderr : text file, optional
        Where failures of ``decode``, the progress bar and the summary go
        (``sys.stderr``).

    Returns
    -------
    int
        0 if every record decoded, 1 if some did not, 2 if an input could
        not be read.

    Raises
    ------
    OutputError
        If the output cannot be written.
    """
    out = stdout if stdout is not None else sys.stdout.buffer
    err = stderr if stderr is not None else sys.stderr
    state = _Run(options, out, err, quiet)
    inputs = _plan(paths, jobs, split)
    if jobs > 1 and sum(len(item.pieces or ()) for item in inputs) > 1:
        _parallel(state, inputs, jobs)
    else:
        for item in inputs:
            state.here(item)
    return state.finish(options.command, quiet)
