# The speed-up of ``eventbridge-structs decode --jobs 2`` (and ``validate``)
# over ``--jobs 1`` (issue 17, item 4): a ~100 MB NDJSON file of realistic
# events (ECR events of all seven types with, one in eight, an application's
# event nobody registers; benchmarks/_data.py's generators) written to a
# temporary directory, then the installed console script run on it with its
# output to /dev/null, --jobs 1 and --jobs 2 alternating, several rounds;
# wall and CPU time (the command and its worker processes) per run, medians,
# and the ratio of the medians. Target: --jobs 2 at least 1.6x faster.
#
# Run by ``make bench-jobs`` (``QUICK=1``: a 10 MB smoke run written to a
# temporary file); writes benchmarks/jobs_results.json.
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "jobs_results.json"
TARGET = 1.6

sys.path.insert(0, str(ROOT))

from benchmarks._data import SEED, _Gen  # noqa: E402


def script() -> Path:
    """The installed console script, next to this interpreter."""
    path = Path(sys.executable).parent / "eventbridge-structs"
    if not path.exists():
        raise SystemExit(f"{path} is missing: pip install -e . first")
    return path


def write_input(path: Path, megabytes: int) -> int:
    """Write about ``megabytes`` MB of NDJSON events to ``path``.

    Parameters
    ----------
    path : Path
        The file to write.
    megabytes : int
        Its size, roughly.

    Returns
    -------
    int
        The number of events written.
    """
    gen = _Gen(SEED + 17)
    limit = megabytes * 1_000_000
    size = events = 0
    with open(path, "wb") as out:
        while size < limit:
            block = gen.all_types()
            block.append(gen.unregistered())
            gen.rng.shuffle(block)
            data = b"".join(
                json.dumps(event, separators=(",", ":")).encode() + b"\n"
                for event in block
            )
            out.write(data)
            size += len(data)
            events += len(block)
    return events


def timed(command: list[str]) -> tuple[float, float]:
    """Run ``command`` with stdout to /dev/null.

    Parameters
    ----------
    command : list of str
        The command line.

    Returns
    -------
    tuple of float
        Its wall and CPU seconds (user plus system, of the command and of
        every process it waited for: the workers).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        done = subprocess.run(command, stdout=devnull, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed: {done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(command: str, path: Path, rounds: int) -> dict[str, Any]:
    """Time ``command`` with --jobs 1 and --jobs 2, alternating.

    Parameters
    ----------
    command : str
        ``"decode"`` or ``"validate"``.
    path : Path
        The input.
    rounds : int
        Runs of each.

    Returns
    -------
    dict
        The runs, their medians and the speed-up of the medians (wall).
    """
    runs: dict[str, list[tuple[float, float]]] = {"1": [], "2": []}
    base = [str(script()), command, "--quiet", str(path)]
    timed([*base, "--jobs", "1"])  # warm the page cache and the imports
    for _ in range(rounds):
        for jobs in ("1", "2"):
            runs[jobs].append(timed([*base, "--jobs", jobs]))
    out: dict[str, Any] = {}
    for jobs, samples in runs.items():
        out[f"jobs{jobs}"] = {
            "wall_s": [round(w, 3) for w, _ in samples],
            "cpu_s": [round(c, 3) for _, c in samples],
            "wall_median_s": round(statistics.median(w for w, _ in samples), 3),
            "cpu_median_s": round(statistics.median(c for _, c in samples), 3),
        }
    speedup = out["jobs1"]["wall_median_s"] / out["jobs2"]["wall_median_s"]
    out["speedup_wall"] = round(speedup, 2)
    out["target_met"] = speedup >= TARGET
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table and write the results as JSON.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (``--quick``, ``--out FILE``, ``--rounds N``,
        ``--size MB``).
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a 10 MB smoke run")
    parser.add_argument("--out", type=Path, default=RESULTS, help="the JSON file")
    parser.add_argument("--rounds", type=int, default=None, help="runs per case")
    parser.add_argument("--size", type=int, default=None, help="input size, MB")
    args = parser.parse_args(argv)
    megabytes = args.size or (10 if args.quick else 100)
    rounds = args.rounds or (2 if args.quick else 5)
    with tempfile.TemporaryDirectory(prefix="jobs-bench-") as tmp:
        path = Path(tmp) / "events.ndjson"
        events = write_input(path, megabytes)
        size = path.stat().st_size
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        results: dict[str, Any] = {
            "commit": commit,
            "input": {"bytes": size, "events": events, "format": "ndjson"},
            "rounds": rounds,
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "loadavg_before": [round(x, 2) for x in os.getloadavg()],
            },
        }
        for command in ("decode", "validate"):
            results[command] = measure(command, path, rounds)
        results["machine"]["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    print(f"input: {size / 1e6:.1f} MB, {events:,} events, {rounds} rounds")
    print(f"{'command':<10}{'jobs':>5}{'wall (median)':>16}{'CPU (median)':>15}")
    for command in ("decode", "validate"):
        for jobs in ("1", "2"):
            case = results[command][f"jobs{jobs}"]
            print(
                f"{command:<10}{jobs:>5}{case['wall_median_s']:>14.2f} s"
                f"{case['cpu_median_s']:>13.2f} s"
            )
        print(
            f"{command}: --jobs 2 is {results[command]['speedup_wall']:.2f}x "
            f"--jobs 1 (target {TARGET}x)"
        )
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
