# Typed Parquet datasets from Firehose archives: every file read_archive
# reads (local, stdin, ``s3://`` through boto3, any fsspec URL where fsspec is
# installed) into a Hive-partitioned dataset
# (https://cwiki.apache.org/confluence/display/Hive/LanguageManual+DDL#LanguageManualDDL-PartitionedTables)
# of Parquet files (https://parquet.apache.org/docs/file-format/):
#
#     OUT/source=<source>/detail_type=<detail-type>/day=<YYYY-MM-DD>/
#         part-<key>-<n>.parquet    events of one class (<key>: the input's hash)
#     OUT/_failures/part-<key>.parquet    bad records: file, offset, line, error
#     OUT/_done/<key>.json                what each finished input wrote
#
# Partition values are percent-encoded (RFC 3986 unreserved characters
# kept: ``detail_type=ECR%20Image%20Action``), which pyarrow, DuckDB, Spark and
# Athena decode back to the exact value; ``day`` is the UTC date of ``time``.
# The partition columns are not repeated inside the files (Spark and Athena
# refuse a column that is both).
#
# One input file is one unit of work (``convert_file``, engine-neutral: a
# process pool, Dask, Ray or Spark call it). Its events are streamed and
# buffered per event class up to a row group, so memory is bounded by the
# row groups in flight whatever the input size. Everything it writes goes to
# ``OUT/_staging/<key>/`` first; only once the input has been read to its end
# are the files renamed into the dataset (the list of names is recorded in
# ``_done/<key>.pending`` before, the ``_done/<key>.json`` marker after), so
# a run that is killed or fails leaves nothing partial in the dataset, and a
# rerun skips the inputs that are done and redoes the others from scratch.
from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import IO, Any
from urllib.parse import quote

import msgspec

from ._archive import read_archive
from ._arrow import import_pyarrow, plan_for
from ._delivery import Failure
from ._envelope import GenericEvent
from ._payload import MAX_EVENT_SIZE
from ._streams import Progress, Stats

__all__ = [
    "COMPRESSION",
    "MAX_BUFFERED_ROWS",
    "NULL_PARTITION",
    "ROW_GROUP_SIZE",
    "ConvertResult",
    "FileResult",
    "convert",
    "convert_file",
    "expand_inputs",
    "failure_schema",
    "input_key",
    "open_input",
    "partition_dir",
]

#: The most rows in one row group (and buffered per event class).
ROW_GROUP_SIZE = 50_000
#: The most rows buffered in all, over every event class of a file.
MAX_BUFFERED_ROWS = 100_000
#: Events are held as Python objects up to this many per event class, then
#: as an Arrow batch (a few times smaller) until a row group is complete.
BATCH_SIZE = 8_192
#: Parquet's compression codec for the output files.
COMPRESSION = "snappy"
#: The most Parquet files open at once per input file.
MAX_OPEN_FILES = 64
#: The name Hive gives a partition whose value is null.
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"

_FAILURES = "_failures"
_DONE = "_done"
_STAGING = "_staging"
_FAILURE_FLUSH = 10_000
_GLOB = "*?["
_ENCODE = msgspec.json.Encoder().encode


class FileResult(msgspec.Struct, kw_only=True):
    """What converting one input did.

    Attributes
    ----------
    input : str
        The input, as given.
    events, failures : int
        Events written, bad records written to ``_failures``.
    counts : dict
        Events per source, per detail-type.
    files : list of str
        The Parquet files written, relative to the output directory.
    bytes_read : int
        Bytes read from the input (compressed size).
    seconds : float
        Time spent on it.
    skipped : bool
        The input was done by an earlier run (its counts are that run's).
    error : str or None
        Why the input could not be converted; then nothing of it is in the
        dataset.
    """

    input: str
    events: int = 0
    failures: int = 0
    counts: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    files: list[str] = msgspec.field(default_factory=list)
    bytes_read: int = 0
    seconds: float = 0.0
    skipped: bool = False
    error: str | None = None


class ConvertResult(msgspec.Struct, kw_only=True):
    """The summary of a run over many inputs.

    Attributes
    ----------
    out : str
        The output directory.
    inputs : int
        Inputs in the run.
    converted, skipped : int
        Inputs converted now, and inputs an earlier run had done.
    events, failures : int
        Events and bad records of the inputs converted now or before.
    counts : dict
        Events per source, per detail-type.
    errors : list of (str, str)
        Each input that could not be converted, and why.
    files_written : int
        Parquet files written by this run (events and failures).
    seconds : float
        Wall-clock time of the run.
    results : list of FileResult
        One per input, in input order.
    """

    out: str
    inputs: int = 0
    converted: int = 0
    skipped: int = 0
    events: int = 0
    failures: int = 0
    counts: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    errors: list[tuple[str, str]] = msgspec.field(default_factory=list)
    files_written: int = 0
    seconds: float = 0.0
    results: list[FileResult] = msgspec.field(default_factory=list)

    @property
    def status(self) -> int:
        """The exit status: 2 if an input failed, 1 if records did, else 0."""
        if self.errors:
            return 2
        return 1 if self.failures else 0

    @classmethod
    def of(
        cls, out: str, results: Sequence[FileResult], seconds: float
    ) -> ConvertResult:
        """Sum up ``results``."""
        summary = cls(out=os.fspath(out), inputs=len(results), seconds=seconds)
        for r in results:
            summary.results.append(r)
            if r.error is not None:
                summary.errors.append((r.input, r.error))
                continue
            if r.skipped:
                summary.skipped += 1
            else:
                summary.converted += 1
                summary.files_written += len(r.files)
            summary.events += r.events
            summary.failures += r.failures
            for source, types in r.counts.items():
                mine = summary.counts.setdefault(source, {})
                for detail_type, n in types.items():
                    mine[detail_type] = mine.get(detail_type, 0) + n
        return summary

    def line(self, command: str = "convert") -> str:
        """A one-line summary."""
        new = sum(r.events for r in self.results if not r.skipped and not r.error)
        rate = new / max(self.seconds, 1e-9)
        skipped = f" ({self.skipped:,} done before)" if self.skipped else ""
        errors = f", {len(self.errors):,} unreadable" if self.errors else ""
        return (
            f"{command}: {self.inputs:,} files{skipped}{errors}, "
            f"{self.events:,} events, {self.failures:,} failures in "
            f"{self.seconds:.2f} s ({rate:,.0f} events/s); "
            f"{self.files_written:,} Parquet files written to {self.out}"
        )


# --- inputs: local files, stdin, s3://, fsspec URLs ----------------------------

_S3_CLIENTS: dict[str, Any] = {}


def _scheme(url: str) -> str:
    head, sep, _ = url.partition("://")
    return head.lower() if sep and head.isalnum() and len(head) > 1 else ""


def _split_s3(url: str) -> tuple[str, str]:
    bucket, _, key = url[len("s3://") :].partition("/")
    return bucket, key


def _s3_client(storage_options: dict[str, Any] | None) -> Any:
    """A boto3 S3 client for ``storage_options`` (s3fs's names: ``key``,
    ``secret``, ``token``, ``profile``, ``endpoint_url``, ``region_name``,
    ``client_kwargs``), one per process and options."""
    opts = dict(storage_options or {})
    ident = repr(sorted(opts.items(), key=lambda kv: kv[0]))
    client = _S3_CLIENTS.get(ident)
    if client is not None:
        return client
    from .lookups._base import import_boto3

    boto3 = import_boto3()
    from botocore.config import Config

    session = opts.pop("session", None)
    if session is None:
        session = boto3.Session(
            aws_access_key_id=opts.pop("key", None),
            aws_secret_access_key=opts.pop("secret", None),
            aws_session_token=opts.pop("token", None),
            profile_name=opts.pop("profile", None),
        )
    kwargs = dict(opts.pop("client_kwargs", None) or {})
    for name in ("endpoint_url", "region_name"):
        if name in opts:
            kwargs[name] = opts.pop(name)
    config = Config(retries={"mode": "standard"})
    kwargs["config"] = config.merge(kwargs["config"]) if "config" in kwargs else config
    client = session.client("s3", **kwargs)
    _S3_CLIENTS[ident] = client
    return client


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError as exc:
        raise ImportError(
            "URLs other than s3:// need fsspec, which is not installed; "
            "install it with: pip install fsspec"
        ) from exc
    return fsspec


def _has_boto3() -> bool:
    try:
        import boto3  # noqa: F401
    except ImportError:
        return False
    return True


def _local_files(path: str) -> list[tuple[str, int | None]]:
    if any(c in path for c in _GLOB):
        paths = sorted(glob.glob(path, recursive=True))
        return [(p, os.path.getsize(p) or None) for p in paths if os.path.isfile(p)]
    if os.path.isdir(path):
        found: list[tuple[str, int | None]] = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d[:1] not in "._")
            for name in sorted(files):
                if name[:1] not in "._":
                    p = os.path.join(root, name)
                    found.append((p, os.path.getsize(p) or None))
        return found
    try:
        size: int | None = os.path.getsize(path) or None
    except OSError:
        size = None
    return [(path, size)]


def _s3_objects(
    url: str, storage_options: dict[str, Any] | None
) -> list[tuple[str, int | None]]:
    bucket, key = _split_s3(url)
    pattern = None
    if any(c in key for c in _GLOB):
        pattern = key
        key = key[: min(key.find(c) for c in _GLOB if c in key)]
    elif key and not key.endswith("/"):
        return [(url, None)]
    client = _s3_client(storage_options)
    found: list[tuple[str, int | None]] = []
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=key)
    for page in pages:
        for obj in page.get("Contents", ()):
            name = obj["Key"]
            if name.endswith("/"):
                continue
            if pattern is not None and not fnmatch.fnmatchcase(name, pattern):
                continue
            found.append((f"s3://{bucket}/{name}", int(obj["Size"])))
    return found


def expand_inputs(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    storage_options: dict[str, Any] | None = None,
) -> list[tuple[str, int | None]]:
    """The files an input list names, with their sizes when known.

    Parameters
    ----------
    inputs : str, path or sequence of them
        Files; ``-`` for stdin; local directories (read recursively,
        skipping names that start with ``.`` or ``_``) and glob patterns;
        ``s3://bucket/key`` (one object), ``s3://bucket/prefix/`` (every
        object under the prefix, as Firehose lays them out by hour) or
        ``s3://bucket/prefix/*.gz`` (a pattern); any other ``scheme://`` URL
        through fsspec (``gs://``, ``az://``...), where it is installed.
    storage_options : dict, optional
        Options of the S3 client (s3fs's names: ``key``, ``secret``,
        ``token``, ``profile``, ``endpoint_url``, ``region_name``,
        ``client_kwargs``; or ``session``, a boto3 Session) or of the fsspec
        filesystem.

    Returns
    -------
    list of (str, int or None)
        Each file's URL or path, and its size in bytes when known.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    found: list[tuple[str, int | None]] = []
    for item in inputs:
        url = os.fspath(item)
        scheme = _scheme(url)
        if url == "-":
            found.append((url, None))
        elif scheme == "s3" and _has_boto3():
            found.extend(_s3_objects(url, storage_options))
        elif scheme and scheme != "file":
            fs, path = _fsspec().core.url_to_fs(url, **(storage_options or {}))
            paths = fs.glob(path) if any(c in path for c in _GLOB) else [path]
            for p in paths:
                if fs.isdir(p):
                    for q in sorted(fs.find(p)):
                        found.append((fs.unstrip_protocol(q), fs.size(q)))
                else:
                    found.append((url if p == path else fs.unstrip_protocol(p), None))
        else:
            found.extend(_local_files(url[len("file://") :] if scheme else url))
    return found


@contextmanager
def open_input(
    url: str, storage_options: dict[str, Any] | None = None
) -> Iterator[IO[bytes]]:
    """Open one input for reading, as bytes.

    Parameters
    ----------
    url : str
        A local path, ``-`` (stdin), ``s3://bucket/key`` (a streamed
        ``GetObject``) or an fsspec URL.
    storage_options : dict, optional
        See :func:`expand_inputs`.

    Yields
    ------
    binary file
    """
    scheme = _scheme(url)
    if url == "-":
        yield sys.stdin.buffer
    elif scheme == "s3" and _has_boto3():
        bucket, key = _split_s3(url)
        body = _s3_client(storage_options).get_object(Bucket=bucket, Key=key)["Body"]
        try:
            yield body
        finally:
            body.close()
    elif scheme and scheme != "file":
        with _fsspec().open(url, "rb", **(storage_options or {})) as file:
            yield file
    else:
        with open(url[len("file://") :] if scheme else url, "rb") as file:
            yield file


def input_key(url: str) -> str:
    """The name of an input's outputs: a hash of its absolute path or URL."""
    if not _scheme(url):
        url = os.path.abspath(url)
    return hashlib.sha256(url.encode()).hexdigest()[:20]


# --- the dataset layout ---------------------------------------------------------


def _segment(value: str | None) -> str:
    if value is None or value == "":
        return NULL_PARTITION
    return quote(value, safe="")


def partition_dir(
    source: str | None, detail_type: str | None, day: str | None = None
) -> str:
    """The relative directory of a partition: ``source=.../detail_type=...``
    (and ``/day=...``), values percent-encoded."""
    parts = [f"source={_segment(source)}", f"detail_type={_segment(detail_type)}"]
    if day is not None:
        parts.append(f"day={_segment(day)}")
    return "/".join(parts)


def _day_of_text(value: Any) -> str | None:
    """The UTC day of a ``time`` documented as a string."""
    if not isinstance(value, str):
        return None
    from datetime import datetime, timezone

    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(timezone.utc)
    return t.date().isoformat()


class _Group:
    """The buffered events of one event class, source and detail-type."""

    __slots__ = (
        "batches",
        "cls",
        "count",
        "detail_type",
        "dir",
        "plan",
        "rows",
        "size",
        "source",
    )

    def __init__(self, cls: type[Any], source: str, detail_type: str) -> None:
        self.cls = cls
        self.plan = plan_for(cls)
        self.source = source
        self.detail_type = detail_type
        self.dir = partition_dir(source, detail_type)
        self.rows: list[Any] = []  # events not yet in a batch
        self.batches: list[Any] = []  # Arrow tables of earlier events
        self.size = 0  # rows in both
        self.count = 0  # rows written

    def batch(self) -> None:
        """Turn the events held into an Arrow batch."""
        if self.rows:
            self.batches.append(self.plan.table(self.rows))
            self.rows = []

    def take(self) -> Any:
        """The rows buffered, as one table; the buffer is emptied."""
        self.batch()
        pa = import_pyarrow()
        table = pa.concat_tables(self.batches) if len(self.batches) > 1 else None
        table = self.batches[0] if table is None else table
        self.count += self.size
        self.batches = []
        self.size = 0
        return table


class _Writer:
    """The Parquet files of one input, in its staging directory."""

    def __init__(
        self,
        out: str,
        key: str,
        name: str,
        row_group_size: int,
        compression: str,
    ) -> None:
        self.pa = import_pyarrow()
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        self.pc = pc
        self.pq = pq
        self.out = out
        self.key = key
        self.name = name
        self.staging = os.path.join(out, _STAGING, key)
        self.row_group_size = row_group_size
        self.compression = compression
        # partition dir -> its open ParquetWriter, least recently used first
        self.open: dict[str, Any] = {}
        self.written: list[str] = []  # relative paths, in the staging directory
        self.seq = 0
        self.failures: list[dict[str, Any]] = []
        self.failure_writer: Any = None

    def write(self, group: _Group) -> None:
        """Write the group's buffered rows as a row group per day."""
        pa, pc = self.pa, self.pc
        table = group.take()
        keep = [n for n in table.column_names if n not in ("source", "detail_type")]
        table = table.select(keep)
        names = table.column_names
        if "time" not in names:
            days = pa.nulls(len(table), pa.string())
        elif pa.types.is_timestamp(table.schema.field("time").type):
            days = pc.strftime(table.column("time"), format="%Y-%m-%d")
        else:  # documented as a string
            texts = table.column("time").to_pylist()
            days = pa.array([_day_of_text(v) for v in texts], pa.string())
        unique = pc.unique(days).to_pylist()
        for day in unique:
            if len(unique) == 1:
                part = table
            elif day is None:
                part = table.filter(pc.is_null(days))
            else:
                part = table.filter(pc.equal(days, day))
            self._write(f"{group.dir}/day={_segment(day)}", part)

    def _write(self, rel_dir: str, table: Any) -> None:
        writer = self.open.pop(rel_dir, None)
        if writer is None:
            if len(self.open) >= MAX_OPEN_FILES:
                self.open.pop(next(iter(self.open))).close()
            rel = f"{rel_dir}/part-{self.key}-{self.seq:05d}.parquet"
            self.seq += 1
            path = os.path.join(self.staging, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            self.written.append(rel)
            writer = self.pq.ParquetWriter(
                path, table.schema, compression=self.compression
            )
        self.open[rel_dir] = writer  # the most recently used last
        writer.write_table(table, row_group_size=self.row_group_size)

    def failure(self, failure: Failure) -> None:
        err = failure.error
        self.failures.append(
            {
                "file": self.name,
                "offset": failure.offset,
                "line": failure.line,
                "index": failure.index,
                "item_identifier": failure.item_identifier,
                "path": err.path,
                "error": err.reason,
            }
        )
        if len(self.failures) >= _FAILURE_FLUSH:
            self.flush_failures()

    def flush_failures(self) -> None:
        if not self.failures:
            return
        pa = self.pa
        table = pa.Table.from_pylist(self.failures, schema=failure_schema())
        self.failures = []
        if self.failure_writer is None:
            rel = f"{_FAILURES}/part-{self.key}.parquet"
            path = os.path.join(self.staging, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            self.written.append(rel)
            self.failure_writer = self.pq.ParquetWriter(
                path, table.schema, compression=self.compression
            )
        self.failure_writer.write_table(table)

    def close(self) -> None:
        for writer in self.open.values():
            writer.close()
        self.open.clear()
        if self.failure_writer is not None:
            self.failure_writer.close()
            self.failure_writer = None


def failure_schema() -> Any:
    """The Arrow schema of the ``_failures`` dataset."""
    pa = import_pyarrow()
    return pa.schema(
        [
            pa.field("file", pa.string(), False),
            pa.field("offset", pa.int64()),
            pa.field("line", pa.int64()),
            pa.field("index", pa.int64()),
            pa.field("item_identifier", pa.string()),
            pa.field("path", pa.string()),
            pa.field("error", pa.string(), False),
        ]
    )


class _Tally:
    __slots__ = ("events", "failures")

    def __init__(self) -> None:
        self.events = 0
        self.failures = 0


class _Counted:
    """A binary file whose reads are counted (and reported)."""

    __slots__ = ("nbytes", "raw", "report", "tally")

    def __init__(
        self,
        raw: IO[bytes],
        tally: _Tally,
        report: Callable[[int, int, int], None] | None,
    ) -> None:
        self.raw = raw
        self.tally = tally
        self.report = report
        self.nbytes = 0

    def read(self, size: int) -> bytes:
        data = self.raw.read(size)
        self.nbytes += len(data)
        if self.report is not None:
            self.report(len(data), self.tally.events, self.tally.failures)
        return data


def _remove(path: str) -> None:
    with suppress(FileNotFoundError):
        os.remove(path)


def _write_json(path: str, obj: Any) -> None:
    """Write a small JSON file atomically (temp name, fsync, rename)."""
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(_ENCODE(obj))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _clean(out: str, key: str) -> None:
    """Remove what an unfinished run of this input left: its staging
    directory, and any file it had moved into the dataset."""
    shutil.rmtree(os.path.join(out, _STAGING, key), ignore_errors=True)
    pending = os.path.join(out, _DONE, f"{key}.pending")
    try:
        with open(pending, "rb") as f:
            names = msgspec.json.decode(f.read(), type=list[str])
    except (FileNotFoundError, msgspec.DecodeError):
        names = []
    for rel in names:
        _remove(os.path.join(out, rel))
    _remove(pending)


def convert_file(
    url: str,
    out: str | os.PathLike[str],
    *,
    type: Any = None,
    row_group_size: int = ROW_GROUP_SIZE,
    max_buffered_rows: int = MAX_BUFFERED_ROWS,
    max_size: int = MAX_EVENT_SIZE,
    storage_options: dict[str, Any] | None = None,
    overwrite: bool = False,
    compression: str = COMPRESSION,
    report: Callable[[int, int, int], None] | None = None,
) -> FileResult:
    """Convert one input file into the dataset at ``out``.

    Engine-neutral: it needs only the input's URL and a directory every
    worker can write to, and returns a small picklable summary, so a process
    pool, Dask, Ray Data's ``map_batches`` or Spark's ``mapPartitions`` can
    call it, one input per call.

    Parameters
    ----------
    url : str
        The input (see :func:`open_input`).
    out : str or path
        The dataset's directory (local or a shared filesystem).
    type : type, optional
        Decode every event into this class instead of dispatching on
        ``(source, detail-type)``.
    row_group_size : int
        The most rows of one row group (and buffered per event class).
    max_buffered_rows : int
        The most rows buffered in all; the largest buffer is written when
        they are more.
    max_size : int
        The largest event accepted, in bytes; larger records are failures.
    storage_options : dict, optional
        See :func:`expand_inputs`.
    overwrite : bool
        Convert the input again even if an earlier run did (its files are
        replaced).
    compression : str
        The Parquet codec (``"snappy"``, ``"zstd"``, ``"gzip"``, ``"none"``).
    report : callable, optional
        Called after each read with (bytes read, events so far, failures so
        far): a progress bar.

    Returns
    -------
    FileResult
        Never raises for a bad input: an input that cannot be read or
        written has ``error`` set, and nothing of it is in the dataset.
    """
    started = time.monotonic()
    out = os.fspath(out)
    if row_group_size < 1 or max_buffered_rows < 1:
        raise ValueError("row_group_size and max_buffered_rows must be at least 1")
    stdin = url == "-"
    key = f"stdin-{uuid.uuid4().hex[:12]}" if stdin else input_key(url)
    name = "<stdin>" if stdin else url
    done = os.path.join(out, _DONE, f"{key}.json")
    os.makedirs(os.path.join(out, _DONE), exist_ok=True)
    if not stdin and os.path.exists(done):
        with open(done, "rb") as f:
            previous = msgspec.json.decode(f.read(), type=FileResult)
        if not overwrite:
            previous.skipped = True
            previous.seconds = time.monotonic() - started
            return previous
        for rel in previous.files:
            _remove(os.path.join(out, rel))
        _remove(done)
    _clean(out, key)
    result = FileResult(input=url)
    writer: _Writer | None = None
    try:
        writer = _Writer(out, key, name, row_group_size, compression)
        tally = _Tally()
        groups: dict[Any, _Group] = {}
        buffered = 0
        batch_size = min(BATCH_SIZE, row_group_size)
        with open_input(url, storage_options) as raw:
            counted: Any = _Counted(raw, tally, report)
            for item in read_archive(counted, type=type, max_size=max_size):
                cls = item.__class__
                if cls is Failure:
                    tally.failures += 1
                    writer.failure(item)
                    continue
                tally.events += 1
                gkey = (
                    (cls, item.source, item.detail_type)
                    if cls is GenericEvent or type is not None
                    else (cls, item.source)
                )
                group = groups.get(gkey)
                if group is None:
                    group = groups[gkey] = _Group(cls, item.source, item.detail_type)
                rows = group.rows
                rows.append(item)
                group.size += 1
                buffered += 1
                if group.size >= row_group_size:
                    buffered -= group.size
                    writer.write(group)
                elif len(rows) >= batch_size:
                    group.batch()
                if buffered >= max_buffered_rows:
                    largest = max(groups.values(), key=lambda g: g.size)
                    buffered -= largest.size
                    writer.write(largest)
            result.bytes_read = counted.nbytes
        for group in groups.values():
            if group.size:
                writer.write(group)
        writer.flush_failures()
        writer.close()
        # Every file is complete: move them into the dataset.
        final = list(writer.written)
        _write_json(os.path.join(out, _DONE, f"{key}.pending"), final)
        for rel in final:
            target = os.path.join(out, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(os.path.join(writer.staging, rel), target)
        result.events = tally.events
        result.failures = tally.failures
        result.files = final
        for group in groups.values():
            types = result.counts.setdefault(group.source, {})
            types[group.detail_type] = types.get(group.detail_type, 0) + group.count
        result.seconds = time.monotonic() - started
        if not stdin:
            _write_json(done, result)
        _remove(os.path.join(out, _DONE, f"{key}.pending"))
        shutil.rmtree(writer.staging, ignore_errors=True)
        return result
    except Exception as exc:
        if writer is not None:
            with suppress(Exception):
                writer.close()
        _clean(out, key)
        result.error = f"{exc.__class__.__name__}: {exc}"
        result.seconds = time.monotonic() - started
        return result


# --- many inputs: one process or a pool of them ---------------------------------


def _pool_context() -> Any:
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Workers fork from a server that has imported the converter and pyarrow
    # once, instead of each importing them.
    context.set_forkserver_preload([__name__, "pyarrow.parquet", "pyarrow.compute"])
    return context


def convert(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    type: Any = None,
    jobs: int = 1,
    row_group_size: int = ROW_GROUP_SIZE,
    max_buffered_rows: int = MAX_BUFFERED_ROWS,
    max_size: int = MAX_EVENT_SIZE,
    storage_options: dict[str, Any] | None = None,
    overwrite: bool = False,
    compression: str = COMPRESSION,
    progress: IO[str] | None = None,
) -> ConvertResult:
    """Convert Firehose archives into a typed, Hive-partitioned Parquet
    dataset.

    Parameters
    ----------
    inputs : str, path or sequence of them
        Files, directories, patterns, ``-`` and URLs (see
        :func:`expand_inputs`).
    out : str or path
        The dataset's directory: ``source=.../detail_type=.../day=.../``
        partitions, ``_failures/`` for bad records, ``_done/`` for the
        inputs that are done.
    type : type, optional
        Decode every event into this class.
    jobs : int
        Processes to convert with (one input file per task; stdin is read by
        this process).
    row_group_size, max_buffered_rows, max_size, overwrite, compression
        See :func:`convert_file`.
    storage_options : dict, optional
        See :func:`expand_inputs`.
    progress : text file, optional
        Where to draw a progress bar (only when it is a terminal): stderr
        for the command line.

    Returns
    -------
    ConvertResult
        Counts, errors and one :class:`FileResult` per input. A rerun after
        a failed or killed run skips the inputs that were done and converts
        the others.
    """

    started = time.monotonic()
    out = os.fspath(out)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    os.makedirs(out, exist_ok=True)
    # The dataset itself is never an input (an input directory may hold it).
    inside = os.path.join(os.path.realpath(out), "")
    files = [
        (url, size)
        for url, size in expand_inputs(inputs, storage_options)
        if _scheme(url) or not os.path.realpath(url).startswith(inside)
    ]
    stats = Stats()
    stream: Any = progress if progress is not None else _NoTerminal()
    bar = Progress(stream, stats)
    known = [size for _, size in files if size is not None]
    bar.start("convert", sum(known) if len(known) == len(files) else None)
    options: dict[str, Any] = {
        "type": type,
        "row_group_size": row_group_size,
        "max_buffered_rows": max_buffered_rows,
        "max_size": max_size,
        "storage_options": storage_options,
        "overwrite": overwrite,
        "compression": compression,
    }
    results: dict[int, FileResult] = {}

    def finished(i: int, result: FileResult) -> None:
        results[i] = result
        stats.events += result.events
        stats.failures += result.failures

    def run_here(i: int, url: str) -> None:
        base = (stats.events, stats.failures)

        def report(nbytes: int, events: int, failures: int) -> None:
            stats.events, stats.failures = base[0] + events, base[1] + failures
            bar.advance(nbytes)

        result = convert_file(
            url, out, report=report if bar.enabled else None, **options
        )
        stats.events, stats.failures = base
        finished(i, result)

    order = sorted(range(len(files)), key=lambda i: -(files[i][1] or 0))
    local = [i for i in order if files[i][0] == "-"]
    remote = [i for i in order if files[i][0] != "-"]
    for i in local:
        run_here(i, files[i][0])
    if jobs == 1 or len(remote) <= 1:
        for i in remote:
            run_here(i, files[i][0])
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context()) as pool:
            futures = {
                pool.submit(convert_file, files[i][0], out, **options): i
                for i in remote
            }
            for future in as_completed(futures):
                i = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker died: BrokenProcessPool
                    _clean(out, input_key(files[i][0]))
                    result = FileResult(
                        input=files[i][0], error=f"{exc.__class__.__name__}: {exc}"
                    )
                finished(i, result)
                bar.advance(files[i][1] or 0)
    bar.clear()
    ordered = [results[i] for i in range(len(files))]
    return ConvertResult.of(out, ordered, time.monotonic() - started)


class _NoTerminal:
    """A stream that is not a terminal (no progress bar)."""

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
