"""Firehose archives on a Dask cluster (issue 16, item 3): a real
``dask.distributed.LocalCluster`` of 2 worker processes reads gzip and plain
Firehose objects from a moto S3 server on 127.0.0.1; ``read_archives`` gives
one bag partition per file with the events read_archive reads, and
``to_parquet`` writes, on the workers, the very rows the CLI and
``--jobs 2`` write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")

from benchmarks.parquet_bench import make_records, write_archive  # noqa: E402

from eventbridge_structs.arrow import convert, convert_file  # noqa: E402
from eventbridge_structs.dask import read_archives, read_file, to_parquet  # noqa: E402
from eventbridge_structs.delivery import Failure  # noqa: E402

from .test_parquet import assert_nothing_partial, expected_keys, rows_of  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Any:
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def bucket(moto_server: Any, local_ecr_module: Any, tmp_path_factory: Any) -> Any:
    """Firehose objects on the moto server, gzip and plain, one with a bad
    record: (storage_options, prefix URL, the same files kept locally)."""
    s3 = moto_server.client("s3")
    name = "firehose-dask"
    s3.create_bucket(Bucket=name)
    tmp = tmp_path_factory.mktemp("objects")
    local = []
    for i in range(4):
        records = make_records(250, seed=60 + i)
        if i == 3:
            records.insert(7, b'{"version": "0", "id": 1}')
        path = write_archive(tmp / f"obj-{i}", records, compress=i % 2 == 0)
        key = f"firehose/2024/03/01/0{i}/stream-1-2024-03-01-0{i}-00-00-{i}"
        s3.put_object(Bucket=name, Key=key, Body=path.read_bytes())
        local.append(path)
    options = {
        "endpoint_url": moto_server.endpoint_url,
        "key": local_ecr_module.ACCESS_KEY,
        "secret": local_ecr_module.SECRET_KEY,
        "region_name": "us-east-1",
    }
    return options, f"s3://{name}/firehose/", local


def test_read_archives_is_one_partition_per_file(client: Any, bucket: Any) -> None:
    options, prefix, local = bucket
    bag = read_archives(prefix, storage_options=options)
    assert bag.npartitions == 4
    items = bag.compute()
    events = [e for e in items if not isinstance(e, Failure)]
    failures = [e for e in items if isinstance(e, Failure)]
    assert len(failures) == 1
    keys = sorted((e.source, e.detail_type, e.id) for e in events)
    assert keys == sorted((s, t, i) for s, t, _, i in expected_keys(*local))
    skipped = read_archives(prefix, storage_options=options, failures="skip")
    assert skipped.count().compute() == len(events)
    pushes = (
        skipped.filter(lambda e: e.detail_type == "ECR Image Action")
        .map(lambda e: e.detail)
        .filter(lambda d: d.action_type == "PUSH")
        .count()
        .compute()
    )
    assert pushes == sum(
        1
        for e in events
        if e.detail_type == "ECR Image Action" and e.detail.action_type == "PUSH"
    )


def test_to_parquet_on_the_workers_equals_the_cli_and_jobs_2(
    client: Any, bucket: Any, tmp_path: Path
) -> None:
    options, prefix, local = bucket
    out = tmp_path / "dask"
    result = to_parquet(prefix, out, storage_options=options, row_group_size=100)
    assert (result.inputs, result.converted, result.failures) == (4, 4, 1)
    assert result.status == 1
    # The work ran in the worker processes, not here.
    pids = set(client.run(os.getpid).values())
    assert os.getpid() not in pids and len(pids) == 2
    env = {**os.environ, "AWS_ACCESS_KEY_ID": options["key"]}
    env.update(AWS_SECRET_ACCESS_KEY=options["secret"], AWS_DEFAULT_REGION="us-east-1")
    cli_out = tmp_path / "cli"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "eventbridge_structs", "convert", prefix),
            *("--out", str(cli_out), "--row-group-size", "100"),
            *("--endpoint-url", options["endpoint_url"]),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    jobs_out = tmp_path / "jobs2"
    two = convert(prefix, jobs_out, jobs=2, storage_options=options)
    assert two.failures == 1
    rows = rows_of(out)
    assert len(rows) == 1000
    assert rows == rows_of(cli_out) == rows_of(jobs_out)
    assert [r[:4] for r in rows] == expected_keys(*local)
    assert_nothing_partial(out)
    # A rerun skips every file on the workers.
    again = to_parquet(prefix, out, storage_options=options)
    assert (again.skipped, again.converted) == (4, 0)
    assert rows_of(out) == rows


def test_the_per_file_functions_are_engine_neutral(bucket: Any, tmp_path: Path) -> None:
    # What Ray Data's map_batches or Spark's mapPartitions call: a URL in,
    # picklable values out, no Dask needed.
    import pickle

    options, prefix, local = bucket
    url = prefix + "2024/03/01/01/stream-1-2024-03-01-01-00-00-1"
    events = read_file(url, storage_options=options)
    assert len(events) == 250
    assert pickle.loads(pickle.dumps(events)) == events
    result = convert_file(url, tmp_path / "out", storage_options=options)
    assert pickle.loads(pickle.dumps(result)) == result
    assert result.events == 250 and result.files
    assert [r[:4] for r in rows_of(tmp_path / "out")] == expected_keys(local[1])


def test_stdin_is_refused_on_a_cluster() -> None:
    with pytest.raises(ValueError, match="stdin"):
        read_archives("-")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_a_worker_killed_mid_file_is_redone_with_nothing_partial(
    client: Any, tmp_path: Path
) -> None:
    import time
    from contextlib import suppress

    from .test_parquet import _fifo_readers

    records = make_records(300, seed=70)
    other = write_archive(tmp_path / "other.gz", make_records(100, seed=71))
    fifo = tmp_path / "stream.ndjson"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    bag = to_parquet([str(fifo), str(other)], out, row_group_size=10, compute=False)
    future = client.compute(bag)
    data = b"\n".join(records) + b"\n"
    with open(fifo, "wb") as w:  # blocks until a worker opens it
        w.write(data[: len(data) // 2])
        w.flush()
        deadline = time.monotonic() + 60
        while not list((out / "_staging").glob("*/source=*/**/*.parquet")):
            assert time.monotonic() < deadline, "the worker wrote nothing"
            time.sleep(0.05)
        killed = _fifo_readers(fifo)
        assert killed
        for pid in killed:
            os.kill(pid, 9)
        with suppress(BrokenPipeError):
            w.write(data[len(data) // 2 :])
    # The task is rescheduled: its new run opens the stream again.
    with open(fifo, "wb") as w:
        w.write(data)
    results = future.result(timeout=120)
    assert [r.error for r in results] == [None, None]
    assert sorted(r.events for r in results) == [100, 300]
    fifo.unlink()
    write_archive(fifo, records, compress=False, form="ndjson")
    assert [r[:4] for r in rows_of(out)] == expected_keys(fifo, other)
    assert_nothing_partial(out)
    assert set(client.run(os.getpid).values()).isdisjoint(killed)
