"""Typed Parquet datasets from Firehose archives (issue 16, items 2, 4 and
5): every format read_archive reads, local, stdin and S3 (moto on
127.0.0.1), into source=/detail_type=/day= partitions with bounded row
groups; bad records in _failures; the DuckDB recipe against a Python count;
and bad input (truncated gzip, oversize record, an S3 object that vanishes,
a failing read, a worker killed mid-file): reported, nothing partial in the
dataset, and a rerun finishes the job."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from benchmarks.parquet_bench import make_records, write_archive  # noqa: E402

from eventbridge_structs import _parquet as parquet_impl  # noqa: E402
from eventbridge_structs import cli  # noqa: E402
from eventbridge_structs.arrow import (  # noqa: E402
    convert,
    expand_inputs,
    input_key,
    to_table,
)
from eventbridge_structs.delivery import Failure, read_archive  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc

#: The README's recipe: image pushes per repository per day.
PUSHES_PER_REPOSITORY_PER_DAY = """
SELECT detail.repository_name AS repository, day, count(*) AS pushes
FROM read_parquet('{out}/source=aws.ecr/detail_type=ECR%20Image%20Action/**/*.parquet',
                  hive_partitioning = true)
WHERE detail.action_type = 'PUSH' AND detail.result = 'SUCCESS'
GROUP BY ALL
ORDER BY repository, day
"""


# --- helpers ----------------------------------------------------------------------


def dataset_files(out: Path) -> list[Path]:
    """The Parquet files of the dataset's event partitions."""
    return sorted(out.glob("source=*/detail_type=*/day=*/*.parquet"))


def partition_values(path: Path, out: Path) -> dict[str, str]:
    parts = path.relative_to(out).parts[:-1]
    return {k: unquote(v) for k, _, v in (p.partition("=") for p in parts)}


def rows_of(out: Path) -> list[tuple[str, str, str, str, str]]:
    """Every row of the dataset as (source, detail_type, day, id, its JSON),
    sorted: what two runs must agree on."""
    rows = []
    for path in dataset_files(out):
        where = partition_values(path, out)
        for row in pq.read_table(path).to_pylist():
            text = json.dumps(row, sort_keys=True, default=str)
            rows.append(
                (where["source"], where["detail_type"], where["day"], row["id"], text)
            )
    return sorted(rows)


def day_of(ev: Any) -> str:
    t = ev.time
    if isinstance(t, str):
        t = dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    return str(t.astimezone(UTC).date())


def expected_keys(*paths: Path) -> list[tuple[str, str, str, str]]:
    keys = []
    for path in paths:
        for item in read_archive(str(path)):
            if not isinstance(item, Failure):
                keys.append((item.source, item.detail_type, day_of(item), item.id))
    return sorted(keys)


def keys_of(out: Path) -> list[tuple[str, str, str, str]]:
    return [row[:4] for row in rows_of(out)]


def failures_of(out: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted((out / "_failures").glob("*.parquet")):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def assert_nothing_partial(out: Path) -> None:
    """Every Parquet file in the dataset is one a finished input wrote, and
    no staging is left."""
    listed = set()
    for marker in (out / "_done").glob("*.json"):
        listed.update(json.loads(marker.read_text())["files"])
    present = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*.parquet")
        if p.relative_to(out).parts[0] != "_staging"
    }
    assert present <= listed, present - listed
    assert not any((out / "_staging").glob("*/**/*.parquet"))


@pytest.fixture(scope="module")
def records() -> list[bytes]:
    return make_records(600, seed=7)


# --- formats, layout, rows ----------------------------------------------------------


@pytest.mark.parametrize("form", ["concat", "ndjson", "array"])
@pytest.mark.parametrize("compress", [True, False])
def test_every_format_and_compression(
    tmp_path: Path, records: list[bytes], form: str, compress: bool
) -> None:
    path = write_archive(tmp_path / "in", records, compress=compress, form=form)
    out = tmp_path / "out"
    result = convert([str(path)], out)
    assert result.status == 0, result.errors
    assert result.events == len(records)
    assert keys_of(out) == expected_keys(path)
    assert sum(sum(t.values()) for t in result.counts.values()) == len(records)


def test_layout_is_hive_partitioned_and_percent_encoded(
    tmp_path: Path, records: list[bytes]
) -> None:
    path = write_archive(tmp_path / "in.json.gz", records)
    out = tmp_path / "out"
    convert(str(path), out)
    dirs = {p.parent.relative_to(out).as_posix() for p in dataset_files(out)}
    assert "source=aws.ecr/detail_type=ECR%20Image%20Action/day=2024-03-01" in dirs
    assert "source=com.example.orders/detail_type=Order%20Placed/day=2024-03-02" in dirs
    for d in dirs:  # slug-safe: unreserved characters and %XX only
        assert all(c.isalnum() or c in "-._~%=/" for c in d), d
    # The partition columns are in the path only (Spark and Athena refuse both).
    for path in dataset_files(out):
        names = pq.read_schema(path).names
        assert "source" not in names and "detail_type" not in names
        assert "time" in names and "detail" in names
    # pyarrow's dataset reader decodes the partitions back to the values.
    import pyarrow.dataset as ds

    table = ds.dataset(
        out / "source=aws.ecr" / "detail_type=ECR%20Image%20Action",
        partitioning="hive",
    ).to_table()
    assert set(table.column("day").to_pylist()) == {
        "2024-03-01",
        "2024-03-02",
        "2024-03-03",
    }


def test_file_rows_are_the_events_as_to_table_builds_them(
    tmp_path: Path, records: list[bytes]
) -> None:
    path = write_archive(tmp_path / "in.json.gz", records)
    out = tmp_path / "out"
    convert(str(path), out)
    events = [e for e in read_archive(str(path)) if e.detail_type == "ECR Image Action"]
    expected = to_table(events).drop_columns(["source", "detail_type"])
    files = [p for p in dataset_files(out) if "ECR%20Image%20Action" in p.as_posix()]
    got = pa.concat_tables([pq.read_table(p) for p in files])
    assert got.schema.equals(expected.schema)
    by_id = {r["id"]: r for r in expected.to_pylist()}
    assert len(got) == len(by_id)
    for row in got.to_pylist():
        assert row == by_id[row["id"]]


def test_duckdb_recipe_counts_image_pushes_per_repository_per_day(
    tmp_path: Path, records: list[bytes]
) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = write_archive(tmp_path / "in.json.gz", records)
    out = tmp_path / "out"
    convert(str(path), out)
    answer = duckdb.sql(PUSHES_PER_REPOSITORY_PER_DAY.format(out=out)).fetchall()
    counted: Counter[tuple[str, dt.date]] = Counter()
    for ev in read_archive(str(path)):
        if (
            ev.detail_type == "ECR Image Action"
            and ev.detail.action_type == "PUSH"
            and ev.detail.result == "SUCCESS"
        ):
            counted[(ev.detail.repository_name, ev.time.astimezone(UTC).date())] += 1
    assert answer == sorted((r, d, n) for (r, d), n in counted.items())
    assert len(answer) >= 20


def test_row_groups_are_bounded(tmp_path: Path) -> None:
    records = make_records(3000, seed=3)
    path = write_archive(tmp_path / "in.json.gz", records)
    out = tmp_path / "out"
    result = convert(str(path), out, row_group_size=100, max_buffered_rows=250)
    assert result.events == 3000
    groups = 0
    for p in dataset_files(out):
        meta = pq.ParquetFile(p).metadata
        for i in range(meta.num_row_groups):
            assert meta.row_group(i).num_rows <= 100
            groups += 1
    assert groups >= 30
    assert keys_of(out) == expected_keys(path)


def test_a_directory_of_inputs_and_the_output_inside_it(
    tmp_path: Path, records: list[bytes]
) -> None:
    (tmp_path / "2024" / "03").mkdir(parents=True)
    a = write_archive(tmp_path / "2024" / "03" / "a.gz", records[:300])
    b = write_archive(tmp_path / "2024" / "b", records[300:], compress=False)
    (tmp_path / "_SUCCESS").write_text("")
    (tmp_path / ".hidden").write_text("{")
    listed = [u for u, _ in expand_inputs(str(tmp_path))]
    assert listed == [str(b), str(a)] or sorted(listed) == sorted([str(a), str(b)])
    out = tmp_path / "out"
    first = convert(str(tmp_path), out)
    second = convert(str(tmp_path), out)  # out/ is inside the input directory
    assert first.inputs == second.inputs == 2
    assert second.skipped == 2 and second.failures == 0
    assert keys_of(out) == expected_keys(a, b)


# --- the command line ---------------------------------------------------------------


def test_cli_convert_summary_rerun_and_overwrite(
    tmp_path: Path, records: list[bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    a = write_archive(tmp_path / "a.json.gz", records[:400])
    b = write_archive(
        tmp_path / "b.ndjson", records[400:], compress=False, form="ndjson"
    )
    out = tmp_path / "out"
    argv = ["convert", str(a), str(b), "--to", "parquet", "--out", str(out)]
    assert cli.main(argv) == 0
    err = capsys.readouterr().err
    assert "convert: 2 files, 600 events, 0 failures" in err
    rows = rows_of(out)
    assert cli.main(argv) == 0
    assert "(2 done before)" in capsys.readouterr().err
    assert rows_of(out) == rows
    assert cli.main([*argv, "--overwrite"]) == 0
    assert "0 Parquet files" not in capsys.readouterr().err
    assert rows_of(out) == rows


def test_cli_reads_stdin(tmp_path: Path, records: list[bytes]) -> None:
    data = gzip.compress(b"".join(records[:50]))
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "eventbridge_structs",
            "convert",
            "-",
            "--out",
            str(out),
        ],
        input=data,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"50 events" in done.stderr
    assert len(rows_of(out)) == 50


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "out")
    assert cli.main(["convert", "x", "--out", out, "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
    assert cli.main(["convert", "x", "--out", out, "--type", "NoSuchType"]) == 2
    assert cli.main(["convert", str(tmp_path / "missing.gz"), "--out", out]) == 2
    assert "cannot convert" in capsys.readouterr().err


# --- bad input ----------------------------------------------------------------------


def test_truncated_gzip_keeps_what_precedes_and_reports_the_rest(
    tmp_path: Path, records: list[bytes]
) -> None:
    whole = gzip.compress(b"".join(records))
    path = tmp_path / "cut.json.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    out = tmp_path / "out"
    result = convert(str(path), out)
    assert result.status == 1 and result.failures == 1
    assert 0 < result.events < len(records)
    (failure,) = failures_of(out)
    assert failure["file"] == str(path)
    assert failure["offset"] > 0
    assert "compressed" in failure["error"] or "truncated" in failure["error"]
    assert len(rows_of(out)) == result.events
    assert_nothing_partial(out)


def test_oversize_record_is_a_failure_with_its_offset(
    tmp_path: Path, records: list[bytes]
) -> None:
    big = json.loads(records[0])
    big["detail"]["padding"] = "x" * 5000
    data = [records[1], json.dumps(big).encode(), records[2]]
    path = write_archive(tmp_path / "in.json.gz", data)
    out = tmp_path / "out"
    result = convert(str(path), out, max_size=4000)
    assert (result.events, result.failures) == (2, 1)
    (failure,) = failures_of(out)
    assert failure["offset"] == len(records[1])
    assert "more than the limit of 4000 bytes" in failure["error"]


def test_a_failing_read_leaves_nothing_and_a_rerun_finishes(
    tmp_path: Path, records: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_archive(tmp_path / "good.gz", records[:300])
    flaky = write_archive(tmp_path / "flaky", records[300:], compress=False)
    real_open = parquet_impl.open_input

    class Broken:
        def __init__(self, file: Any) -> None:
            self.file, self.read_bytes = file, 0

        def read(self, size: int) -> bytes:
            if self.read_bytes > 20_000:
                raise ConnectionResetError("connection reset mid-file")
            data: bytes = self.file.read(min(size, 4096))
            self.read_bytes += len(data)
            return data

    @contextmanager
    def opener(url: str, options: Any = None) -> Iterator[Any]:
        with real_open(url, options) as f:
            yield Broken(f) if url == str(flaky) else f

    monkeypatch.setattr(parquet_impl, "open_input", opener)
    out = tmp_path / "out"
    result = convert([str(good), str(flaky)], out, row_group_size=20)
    assert result.status == 2
    assert result.errors == [
        (str(flaky), "ConnectionResetError: connection reset mid-file")
    ]
    assert keys_of(out) == expected_keys(good)
    assert not list(out.rglob(f"part-{input_key(str(flaky))}*"))
    assert_nothing_partial(out)
    monkeypatch.undo()
    again = convert([str(good), str(flaky)], out)
    assert (again.status, again.skipped, again.converted) == (0, 1, 1)
    assert keys_of(out) == expected_keys(good, flaky)


def test_leftovers_of_a_run_killed_while_renaming_are_removed(
    tmp_path: Path, records: list[bytes]
) -> None:
    path = write_archive(tmp_path / "in.gz", records)
    out = tmp_path / "out"
    first = convert(str(path), out).results[0]
    rows = rows_of(out)
    # As if killed after moving some files and before the _done marker.
    key = input_key(str(path))
    (out / "_done" / f"{key}.json").unlink()
    (out / "_done" / f"{key}.pending").write_text(json.dumps(first.files))
    (out / "_staging" / key / "junk").mkdir(parents=True)
    again = convert(str(path), out)
    assert again.converted == 1
    assert rows_of(out) == rows  # no duplicates
    assert not (out / "_staging" / key).exists()
    assert not (out / "_done" / f"{key}.pending").exists()


def _fifo_readers(fifo: Path) -> list[int]:
    """The processes that have ``fifo`` open (Linux /proc)."""
    pids = []
    target = str(fifo)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fds = os.listdir(f"/proc/{entry}/fd")
            links = [os.readlink(f"/proc/{entry}/fd/{fd}") for fd in fds]
        except OSError:
            continue
        if target in links and int(entry) != os.getpid():
            pids.append(int(entry))
    return pids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_a_worker_killed_mid_file_leaves_nothing_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    records = make_records(400, seed=11)
    other = write_archive(tmp_path / "other.gz", make_records(200, seed=12))
    fifo = tmp_path / "stream.ndjson"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "eventbridge_structs", "convert", str(fifo)]
    argv += [str(other), "--out", str(out), "--jobs", "2", "--row-group-size", "10"]
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
    try:
        with open(fifo, "wb") as w:  # blocks until a worker opens it
            w.write(b"\n".join(records[:200]) + b"\n")
            w.flush()
            deadline = time.monotonic() + 30
            while not list((out / "_staging").glob("*/source=*/**/*.parquet")):
                assert time.monotonic() < deadline, "the worker wrote nothing"
                time.sleep(0.05)
            readers = _fifo_readers(fifo)
            assert readers
            for pid in readers:
                os.kill(pid, signal.SIGKILL)
            with suppress(BrokenPipeError):
                w.write(b"\n".join(records[200:]))
    except BrokenPipeError:
        pass
    finally:
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert f"cannot convert {fifo}" in err
    assert not list(out.rglob(f"part-{input_key(str(fifo))}*.parquet"))
    assert_nothing_partial(out)
    # Rerun with the whole stream as a file at the same path.
    fifo.unlink()
    write_archive(fifo, records, compress=False, form="ndjson")
    done = subprocess.run(
        [*argv[:-4], "--out", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert keys_of(out) == expected_keys(fifo, other)
    assert not list((out / "_staging").rglob("*.parquet"))


def test_jobs_2_gives_the_same_rows_as_one_process(tmp_path: Path) -> None:
    inputs = [
        write_archive(tmp_path / f"in-{i}.gz", make_records(300, seed=20 + i))
        for i in range(4)
    ]
    one, two = tmp_path / "one", tmp_path / "two"
    first = convert([str(p) for p in inputs], one)
    second = convert([str(p) for p in inputs], two, jobs=2)
    assert first.status == second.status == 0
    assert first.counts == second.counts
    assert rows_of(one) == rows_of(two)
    assert len(rows_of(one)) == 1200


# --- S3 -------------------------------------------------------------------------------


@pytest.fixture
def s3(moto_server: Any, local_ecr_module: Any, request: pytest.FixtureRequest) -> Any:
    """A bucket of Firehose objects on the moto server: (client, bucket,
    storage_options)."""
    client = moto_server.client("s3")
    bucket = "firehose-" + request.node.name.lower().replace("_", "-")[:40]
    client.create_bucket(Bucket=bucket)
    options = {
        "endpoint_url": moto_server.endpoint_url,
        "key": local_ecr_module.ACCESS_KEY,
        "secret": local_ecr_module.SECRET_KEY,
        "region_name": "us-east-1",
    }
    return client, bucket, options


def put_firehose_objects(
    client: Any, bucket: str, tmp_path: Path, n: int = 3
) -> list[Path]:
    """Objects as Firehose names them (by hour), gzip and plain; the same
    files kept locally."""
    local = []
    for i in range(n):
        path = write_archive(
            tmp_path / f"obj-{i}", make_records(150, seed=40 + i), compress=i % 2 == 0
        )
        key = f"events/2024/03/01/0{i}/stream-1-2024-03-01-0{i}-00-00-{i}"
        client.put_object(Bucket=bucket, Key=key, Body=path.read_bytes())
        local.append(path)
    return local


def test_s3_prefix_gzip_and_plain_objects(s3: Any, tmp_path: Path) -> None:
    client, bucket, options = s3
    local = put_firehose_objects(client, bucket, tmp_path)
    out = tmp_path / "out"
    result = convert(f"s3://{bucket}/events/", out, storage_options=options)
    assert result.status == 0, result.errors
    assert result.inputs == 3
    assert keys_of(out) == expected_keys(*local)
    env = {**os.environ, "AWS_ACCESS_KEY_ID": options["key"]}
    env.update(AWS_SECRET_ACCESS_KEY=options["secret"], AWS_DEFAULT_REGION="us-east-1")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "eventbridge_structs", "convert"),
            *(f"s3://{bucket}/events/2024/03/01/00/*", "--out", str(tmp_path / "cli")),
            *("--endpoint-url", options["endpoint_url"]),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert keys_of(tmp_path / "cli") == expected_keys(local[0])


def test_s3_object_vanishing_mid_run(s3: Any, tmp_path: Path) -> None:
    client, bucket, options = s3
    local = put_firehose_objects(client, bucket, tmp_path)
    urls = [u for u, _ in expand_inputs(f"s3://{bucket}/events/", options)]
    client.delete_object(Bucket=bucket, Key=urls[1].split("/", 3)[3])
    out = tmp_path / "out"
    result = convert(urls, out, storage_options=options)
    assert result.status == 2
    ((name, error),) = result.errors
    assert name == urls[1] and "NoSuchKey" in error
    assert keys_of(out) == expected_keys(local[0], local[2])
    assert_nothing_partial(out)
    again = convert(f"s3://{bucket}/events/", out, storage_options=options)
    assert (again.status, again.inputs, again.skipped) == (0, 2, 2)


def test_progress_bar_on_a_terminal(tmp_path: Path, records: list[bytes]) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = write_archive(tmp_path / "in.gz", records * 5)
    stream = Terminal()
    slow = threading.Event()
    original = parquet_impl.convert_file

    def convert_slowly(*args: Any, **kwargs: Any) -> Any:
        report = kwargs["report"]

        def later(nbytes: int, events: int, failures: int) -> None:
            if not slow.is_set():
                slow.set()
                time.sleep(0.6)  # past the bar's half-second delay
            report(nbytes, events, failures)

        kwargs["report"] = later
        return original(*args, **kwargs)

    parquet_impl.convert_file = convert_slowly  # type: ignore[assignment]
    try:
        convert(str(path), tmp_path / "out", progress=stream)
    finally:
        parquet_impl.convert_file = original  # type: ignore[assignment]
    text = stream.getvalue()
    assert "events/s" in text and "\r" in text
    assert text.endswith("\r\x1b[K")
