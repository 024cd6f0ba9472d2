# Benchmarks of Firehose archives to typed Parquet (issue 16): events/s of
# gzip-compressed concatenated JSON (Firehose's default for EventBridge) to
# Parquet in one process, against DuckDB's
# ``COPY (SELECT * FROM read_json(..., format='unstructured')) TO ... (FORMAT
# parquet)`` on the same file and against ``json.loads`` +
# ``pa.Table.from_pylist``; ``to_table`` against
# ``pa.Table.from_pylist(msgspec.to_builtins(...))``; the speed-up of
# ``--jobs 2`` and of a Dask LocalCluster of 2 worker processes over one
# process; and the peak RSS of a worker as the input grows tenfold.
#
# Run by ``make bench-parquet``; writes benchmarks/parquet_results.json.
# The input generator (``make_records``, ``write_archive``) is shared with
# the tests.
from __future__ import annotations

import argparse
import copy
import datetime as dt
import gzip
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
RESULTS = Path(__file__).resolve().parent / "parquet_results.json"

#: (weight, template) of the generated stream: mostly ECR image actions, as
#: in the package's other benchmarks, plus other typed events, an SSM event
#: whose ``time`` is documented as a string, and a type nobody registers.
_TEMPLATES = (
    (40, "examples/image-action-push.json"),
    (15, "examples/image-scan.json"),
    (10, "examples/pull-through-cache-action.json"),
    (10, "examples/replication-action.json"),
    (5, "examples/referrer-action.json"),
    (5, "examples/scan-resource-change.json"),
    (5, "generic"),
    (5, "tests/fixtures/samples/ssm/change-request-status-update.json"),
    (5, "tests/fixtures/samples/ecs/ecs-task-state-change.json"),
)

START = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)


#: An event of a type nobody registers (it decodes as a GenericEvent).
GENERIC = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "Order Placed",
    "source": "com.example.orders",
    "account": "123456789012",
    "time": "2024-03-01T10:00:00Z",
    "region": "us-east-1",
    "resources": ["arn:aws:example:us-east-1:123456789012:order/o-1"],
    "detail": {"order-id": "o-1", "items": [{"sku": "a", "n": 2}], "total": 9.5},
}


def _load(rel: str) -> dict[str, Any]:
    if rel == "generic":
        return GENERIC
    data = json.loads((ROOT / rel).read_text())
    event = data.get("event", data)
    assert isinstance(event, dict)
    return event


def make_events(
    n: int, *, seed: int = 0, days: int = 3, repositories: int = 10
) -> list[dict[str, Any]]:
    """``n`` EventBridge events as dicts, of several types, spread over
    ``days`` days and ``repositories`` ECR repositories (deterministic for a
    seed)."""
    rng = random.Random(seed)
    templates = [(w, _load(rel)) for w, rel in _TEMPLATES]
    weights = [w for w, _ in templates]
    events = []
    span = days * 86_400
    for i in range(n):
        (_, template) = rng.choices(templates, weights)[0]
        ev = copy.deepcopy(template)
        ev["id"] = str(uuid.UUID(int=rng.getrandbits(128)))
        when = START + dt.timedelta(seconds=rng.randrange(span))
        ev["time"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        detail = ev.get("detail")
        if ev["source"] == "aws.ecr" and isinstance(detail, dict):
            if "repository-name" in detail:
                detail["repository-name"] = f"repo-{rng.randrange(repositories)}"
            if ev["detail-type"] == "ECR Image Action":
                detail["action-type"] = rng.choice(["PUSH", "PUSH", "PUSH", "DELETE"])
                detail["result"] = rng.choice(["SUCCESS"] * 9 + ["FAILURE"])
                detail["image-tag"] = f"v{i}"
        events.append(ev)
    return events


def make_records(n: int, **kwargs: Any) -> list[bytes]:
    """``n`` events as compact JSON bytes (see :func:`make_events`)."""
    return [
        json.dumps(ev, separators=(",", ":")).encode()
        for ev in make_events(n, **kwargs)
    ]


def write_archive(
    path: str | os.PathLike[str],
    records: Iterable[bytes],
    *,
    compress: bool = True,
    form: str = "concat",
) -> Path:
    """Write records as Firehose does: concatenated with no delimiter
    (``form="concat"``), one per line (``"ndjson"``) or a JSON array
    (``"array"``), gzip-compressed or not."""
    path = Path(path)
    if form == "concat":
        data = b"".join(records)
    elif form == "ndjson":
        data = b"".join(r + b"\n" for r in records)
    elif form == "array":
        data = b"[" + b",".join(records) + b"]"
    else:
        raise ValueError(form)
    path.write_bytes(gzip.compress(data, compresslevel=6) if compress else data)
    return path


# --- the measurements -----------------------------------------------------------


def _peak_rss_mb() -> float:
    """This process's peak RSS. Linux keeps ``ru_maxrss`` across exec (a
    child would report its parent's peak), so read VmHWM where it exists."""
    import resource

    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _ours(path: Path, out: Path) -> None:
    from eventbridge_structs.arrow import convert

    shutil.rmtree(out, ignore_errors=True)
    result = convert([str(path)], out)
    assert not result.errors, result.errors


def _duckdb(path: Path, out: Path) -> None:
    import duckdb

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    con = duckdb.connect()
    con.execute("SET threads TO 1")
    con.execute(
        f"COPY (SELECT * FROM read_json('{path}', format='unstructured')) "
        f"TO '{out / 'all.parquet'}' (FORMAT parquet)"
    )
    con.close()


def _json_pylist(path: Path, out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    # Concatenated JSON has no delimiter: split it with raw_decode, as the
    # standard library allows.
    decoder = json.JSONDecoder()
    text = gzip.decompress(path.read_bytes()).decode()
    rows = []
    pos = 0
    while pos < len(text):
        obj, pos = decoder.raw_decode(text, pos)
        rows.append(obj)
    by_type: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        by_type.setdefault((row["source"], row["detail-type"]), []).append(row)
    for i, group in enumerate(by_type.values()):
        pq.write_table(pa.Table.from_pylist(group), out / f"part-{i}.parquet")


def _load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages (others' work too)."""
    return [round(x, 2) for x in os.getloadavg()]


def bench_single(n: int, workdir: Path, repeat: int) -> dict[str, Any]:
    path = write_archive(workdir / "single.json.gz", make_records(n, seed=1))
    out = workdir / "out-single"
    rows = {}
    for name in _CASES:
        # Each case in a fresh process, so imports and memory do not mix.
        seconds = _in_subprocess(name, path, out, repeat)
        rows[name] = {"seconds": seconds, "events_per_s": n / seconds}
    ours = rows["eventbridge-structs convert"]["events_per_s"]
    for row in rows.values():
        row["ours_x_faster"] = ours / row["events_per_s"]
    return {
        "load_average": _load_average(),
        "events": n,
        "input_bytes": path.stat().st_size,
        "uncompressed_bytes": len(gzip.decompress(path.read_bytes())),
        "cases": rows,
    }


_CASES = {
    "eventbridge-structs convert": _ours,
    "duckdb COPY read_json unstructured": _duckdb,
    "json.loads + pa.Table.from_pylist": _json_pylist,
}


def _in_subprocess(name: str, path: Path, out: Path, repeat: int) -> float:
    code = (
        f"import sys, json; sys.path.insert(0, {str(ROOT)!r});"
        "from benchmarks.parquet_bench import _CASES, _best;"
        "from pathlib import Path;"
        f"fn = _CASES[{name!r}];"
        f"print(json.dumps(_best(lambda: fn(Path({str(path)!r}), Path({str(out)!r})),"
        f" {repeat})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1]))


def bench_to_table(n: int, repeat: int) -> dict[str, Any]:
    import msgspec
    import pyarrow as pa

    import eventbridge_structs as ebs
    from eventbridge_structs.arrow import to_table

    records = [r for r in make_records(n, seed=2) if b'"ECR Image Action"' in r]
    events = [ebs.decode(r) for r in records]
    to_table(events[:100])
    ours = _best(lambda: to_table(events), repeat)
    theirs = _best(
        lambda: pa.Table.from_pylist(
            msgspec.to_builtins(events, builtin_types=(dt.datetime,))
        ),
        repeat,
    )
    return {
        "events": len(events),
        "to_table_ns_per_event": ours / len(events) * 1e9,
        "from_pylist_to_builtins_ns_per_event": theirs / len(events) * 1e9,
        "to_table_x_faster": theirs / ours,
    }


def _make_files(workdir: Path, files: int, per_file: int, name: str) -> list[Path]:
    paths = []
    for i in range(files):
        records = make_records(per_file, seed=100 + i)
        paths.append(write_archive(workdir / f"{name}-{i:03d}.json.gz", records))
    return paths


def bench_parallel(
    files: int, per_file: int, workdir: Path, rounds: int
) -> dict[str, Any]:
    """One process, ``--jobs 2`` and Dask with 2 worker processes on the same
    files, alternating for ``rounds`` rounds (the best time of each counts,
    as others' load on a shared machine comes and goes)."""
    from distributed import Client, LocalCluster

    from eventbridge_structs.arrow import convert
    from eventbridge_structs.dask import to_parquet

    inputs = [str(p) for p in _make_files(workdir, files, per_file, "par")]
    n = files * per_file
    out = workdir / "out-par"
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    loads = []

    def timed(name: str, run: Callable[[], Any], cpu_of: Callable[[], float]) -> None:
        shutil.rmtree(out, ignore_errors=True)
        c0 = cpu_of()
        t0 = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - t0
        used = cpu_of() - c0
        assert result.events == n - result.failures and not result.errors
        if seconds < times.get(name, float("inf")):
            times[name], cpu[name] = seconds, used

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        # Warm the workers (imports) before timing; the pool starts its
        # processes within its timing.
        to_parquet(inputs[:2], workdir / "warm")

        def workers_cpu() -> float:
            return sum(client.run(_process_cpu).values())

        for _ in range(rounds):
            loads.append(_load_average()[0])
            timed("jobs=1", lambda: convert(inputs, out, jobs=1), _process_cpu)
            with _PoolCPU() as pool_cpu:
                timed("jobs=2", lambda: convert(inputs, out, jobs=2), pool_cpu.total)
            timed("dask 2 workers", lambda: to_parquet(inputs, out), workers_cpu)
    one = times["jobs=1"]
    return {
        "load_average_1min_per_round": loads,
        "files": files,
        "events": n,
        "seconds": times,
        "events_per_s": {k: n / v for k, v in times.items()},
        "speedup_vs_1_process": {k: one / v for k, v in times.items()},
        # CPU seconds of the processes doing the work, and the cores they got
        # (CPU / wall): on a shared machine, fewer than 2 means others held
        # the rest.
        "cpu_seconds": cpu,
        "cores_used": {k: cpu[k] / times[k] for k in times},
    }


def _process_cpu() -> float:
    """CPU seconds (user + system) of this process."""
    t = os.times()
    return t.user + t.system


class _PoolCPU:
    """The CPU seconds of this process's descendants (the pool's workers),
    sampled every 50 ms while the block runs (psutil, a dependency of
    distributed)."""

    def __init__(self) -> None:
        import threading

        import psutil

        self.me = psutil.Process()
        self.seen: dict[int, float] = {}
        self.exclude: set[int] = set()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _sample(self) -> None:
        for child in self.me.children(recursive=True):
            if child.pid in self.exclude:
                continue
            try:
                t = child.cpu_times()
            except Exception:
                continue
            self.seen[child.pid] = t.user + t.system

    def _watch(self) -> None:
        while not self.stop.wait(0.05):
            self._sample()

    def total(self) -> float:
        self._sample()
        return sum(self.seen.values())

    def __enter__(self) -> _PoolCPU:
        # Processes that exist already (a Dask cluster's) are not the pool's.
        self.exclude = {p.pid for p in self.me.children(recursive=True)}
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _memory_child(path: str, out: str) -> None:
    from eventbridge_structs.arrow import convert

    convert([path], out)
    print(json.dumps(_peak_rss_mb()))


def bench_memory(base: int, workdir: Path) -> dict[str, Any]:
    rows = {}
    for factor in (1, 10):
        n = base * factor
        path = workdir / f"mem-{factor}.json.gz"
        with gzip.open(path, "wb", compresslevel=1) as f:
            for start in range(0, n, 20_000):
                f.write(b"".join(make_records(min(20_000, n - start), seed=start)))
        out = workdir / f"out-mem-{factor}"
        shutil.rmtree(out, ignore_errors=True)
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT)!r});"
            "from benchmarks.parquet_bench import _memory_child;"
            f"_memory_child({str(path)!r}, {str(out)!r})"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        )
        rows[f"{n} events"] = {
            "input_bytes": path.stat().st_size,
            "peak_rss_mb": float(done.stdout.strip().splitlines()[-1]),
        }
    values = [float(r["peak_rss_mb"]) for r in rows.values()]
    return {"runs": rows, "growth_10x_input": values[1] / values[0]}


def _environment() -> dict[str, Any]:
    import dask
    import duckdb
    import msgspec
    import pyarrow

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "msgspec": msgspec.__version__,
        "pyarrow": pyarrow.__version__,
        "duckdb": duckdb.__version__,
        "dask": dask.__version__,
        "commit": commit,
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


PARTS = ("single_process", "to_table", "parallel", "memory")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Firehose archives to typed Parquet: throughput, speed-up, memory."
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="run only these parts, keeping the others' results in --out",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    parts = args.only or PARTS
    results: dict[str, Any] = {}
    if args.only and args.out.exists():
        results = json.loads(args.out.read_text())
    results["quick"] = quick
    environment = results.setdefault("environment", {})
    for part in parts:
        environment[part] = _environment()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "single_process" in parts:
            results["single_process"] = bench_single(
                5_000 if quick else 200_000, work, 1 if quick else 3
            )
        if "to_table" in parts:
            results["to_table"] = bench_to_table(5_000 if quick else 100_000, 3)
        if "parallel" in parts:
            results["parallel"] = bench_parallel(
                4 if quick else 8, 2_000 if quick else 40_000, work, 1 if quick else 3
            )
        if "memory" in parts:
            results["memory"] = bench_memory(5_000 if quick else 100_000, work)
    for part in parts:
        print(f"{part}:", json.dumps(results[part], indent=1))
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
