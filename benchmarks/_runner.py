# The runner: generates the inputs once, starts one worker process per
# library, checks that every library decodes the same data, then times the
# cases round after round (libraries interleaved, order rotated each round)
# and takes medians; then cold imports and memory, each in fresh processes.
# Full runs write benchmarks/results.json and results.png; --quick is a
# seconds-long smoke run that writes to a temporary directory instead.
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from statistics import median
from typing import Any

from . import _facts, _imports, _report, adapters
from ._data import Sizes, generate
from ._sanity import compare

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Settings:
    """How long and how often to measure."""

    rounds: int  # interleaved rounds over all libraries
    batches: int  # timed batches per library, case and round
    target: float  # seconds one timed batch should take at least
    import_repeats: int
    memory_count: int


# One short batch per library per round, many rounds: on a shared 2-core
# machine load comes and goes over seconds, and fine interleaving lets every
# library see the same mix of quiet and busy moments.
FULL = Settings(
    rounds=31, batches=1, target=0.03, import_repeats=21, memory_count=100_000
)
QUICK = Settings(
    rounds=1, batches=1, target=0.002, import_repeats=3, memory_count=2_000
)
QUICK_SIZES = Sizes(
    ndjson=1_000,
    mixed=70,
    sqs=10,
    memory=2_000,
    catalogue=1,
    registry=1,
    mixed8=80,
    bulk=2_000,
)

_PACKAGES = (
    "eventbridge-structs",
    "msgspec",
    "orjson",
    "pydantic",
    "pydantic-core",
    "aws-lambda-powertools",
    "botocraft",
    "matplotlib",
)


class Worker:
    """One library's worker process, spoken to over pipes."""

    def __init__(
        self,
        name: str,
        data: Path,
        *,
        memory: bool = False,
        env: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        argv = [sys.executable, "-m", "benchmarks._worker", name, str(data)]
        self.proc = subprocess.Popen(
            [*argv, "--memory"] if memory else argv,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.label = name
        self.cases: list[str] = []
        self.typed = True

    def ready(self) -> None:
        hello = self._read()
        self.label, self.cases = hello["label"], hello["cases"]
        self.typed = hello.get("typed", True)

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.name} exited ({self.proc.wait()})")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"worker {self.name} failed:\n{reply['error']}")
        return reply

    def ask(self, **command: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(RuntimeError, BrokenPipeError):
                self.ask(cmd="quit")
            self.proc.wait(timeout=30)


#: Environment of the --baseline worker (set by ``run``).
BASELINE_ENV: dict[str, str] = {}


def _start(names: tuple[str, ...], data: Path, **kw: Any) -> dict[str, Worker]:
    workers = {
        name: Worker(name, data, env=BASELINE_ENV if name == "baseline" else None, **kw)
        for name in names
    }
    for worker in workers.values():
        worker.ready()
    return workers


def _close(workers: dict[str, Worker]) -> None:
    for worker in workers.values():
        worker.close()


def sanity_check(workers: dict[str, Worker]) -> list[str]:
    """Problems found comparing every worker's outputs with
    eventbridge-structs' (empty when all agree)."""
    reference = {
        **workers[_report.ALL].ask(cmd="check")["outputs"],
        **workers[_report.OURS].ask(cmd="check")["outputs"],
    }
    problems = []
    for name, worker in workers.items():
        got = worker.ask(cmd="check")["outputs"]
        for case, expected in reference.items():
            if case in got:
                found = compare(case, expected, got[case], typed=worker.typed)
                problems += [f"{name} {case}: {d}" for d in found[:5]]
    return problems


def time_cases(workers: dict[str, Worker], settings: Settings) -> dict[str, Any]:
    """Median CPU ns per event (and median wall-clock ns) for each case and
    library; libraries take turns within each case, in an order rotated
    every round."""
    names = tuple(workers)
    samples: dict[str, dict[str, list[float]]] = {c: {} for c in adapters.CASES}
    wall: dict[str, dict[str, list[float]]] = {c: {} for c in adapters.CASES}
    meta: dict[str, dict[str, Any]] = {c: {} for c in adapters.CASES}
    for round_ in range(settings.rounds):
        shift = round_ % len(names)
        for case in adapters.CASES:
            for name in names[shift:] + names[:shift]:
                worker = workers[name]
                if case not in worker.cases:
                    continue
                reply = worker.ask(
                    cmd="time",
                    case=case,
                    target=settings.target,
                    batches=settings.batches,
                )
                if not reply["available"]:
                    continue
                samples[case].setdefault(name, []).extend(reply["ns"])
                wall[case].setdefault(name, []).extend(reply["wall_ns"])
                meta[case][name] = {"loops": reply["loops"], "events": reply["events"]}
        if (round_ + 1) % 10 == 0 or round_ + 1 == settings.rounds:
            print(f"  round {round_ + 1}/{settings.rounds} done", file=sys.stderr)
    return {
        case: {
            name: {
                "median_ns": median(values),
                "median_wall_ns": median(wall[case][name]),
                "samples_ns": values,
                **meta[case][name],
            }
            for name, values in by_name.items()
        }
        for case, by_name in samples.items()
        if by_name
    }


def memory(names: tuple[str, ...], data: Path, count: int) -> dict[str, Any]:
    """Bytes retained per decoded event, each library in a fresh process."""
    results = {}
    for name in names:
        if name == _report.ALL:
            continue  # the same library; only the mixed stream of every type
        workers = _start((name,), data, memory=True)
        try:
            reply = workers[name].ask(cmd="memory", count=count)
        finally:
            _close(workers)
        results[name] = {"bytes_per_event": reply["bytes_per_event"]}
    return {"count": count, "method": "tracemalloc", "results": results}


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """Where the numbers come from."""
    return {
        "cpu": _cpu(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }


def commit() -> str | None:
    """The git commit measured, with ``+src-changes`` if ``src/`` differs
    from it."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    try:
        head = git("rev-parse", "--short=12", "HEAD")
        dirty = git("status", "--porcelain", "--", "src")
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+src-changes" if dirty else "")


def versions() -> dict[str, str | None]:
    """Installed versions of every library measured."""
    out: dict[str, str | None] = {}
    for package in _PACKAGES:
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = None
    return out


@contextlib.contextmanager
def baseline_source(rev: str | None) -> Any:
    """A worktree of commit ``rev`` whose ``src/`` the ``baseline`` worker
    imports (nothing when ``rev`` is None); removed afterwards."""
    if rev is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="ebs-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), rev],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            BASELINE_ENV.update(
                EBS_BENCH_BASELINE_SRC=str(tree / "src"), EBS_BENCH_BASELINE_REV=rev
            )
            yield tree / "src"
        finally:
            BASELINE_ENV.clear()
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)],
                cwd=ROOT,
                check=False,
                capture_output=True,
            )


def run(
    quick: bool, out_dir: Path, names: tuple[str, ...], baseline: str | None = None
) -> dict[str, Any]:
    """Run every benchmark and write ``results.json`` and ``results.png``
    to ``out_dir``; return the results. With ``baseline`` (a git revision),
    our adapter also runs over that commit's source, side by side."""
    with baseline_source(baseline) as src:
        if src is not None:
            names = (*names, "baseline")
        return _run(quick, out_dir, names, baseline)


def _run(
    quick: bool, out_dir: Path, names: tuple[str, ...], baseline: str | None
) -> dict[str, Any]:
    settings, sizes = (QUICK, QUICK_SIZES) if quick else (FULL, Sizes())
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ebs-bench-") as tmp:
        data = Path(tmp)
        generate(data, sizes)
        print(
            f"inputs written to {data}; starting {len(names)} workers", file=sys.stderr
        )
        workers = _start(names, data)
        try:
            problems = sanity_check(workers)
            if problems:
                raise SystemExit("sanity check failed:\n" + "\n".join(problems))
            print(
                f"sanity check: all {len(names)} libraries decode the same data",
                file=sys.stderr,
            )
            labels = {name: w.label for name, w in workers.items()}
            cases = time_cases(workers, settings)
        finally:
            _close(workers)
        print("cold imports", file=sys.stderr)
        imports = _imports.measure(settings.import_repeats, baseline=BASELINE_ENV)
        print("memory", file=sys.stderr)
        mem = memory(names, data, settings.memory_count)
        print("the catalogue's costs", file=sys.stderr)
        facts = _facts.measure(1 if quick else 5, wheel=not quick)
    results: dict[str, Any] = {
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "quick": quick,
        "commit": commit(),
        "baseline": baseline,
        "machine": machine(),
        "versions": versions(),
        "settings": {**asdict(settings), "sizes": asdict(sizes)},
        "labels": labels,
        "cases": cases,
        "imports": imports,
        "memory": mem,
        "catalogue": facts,
    }
    results["targets"] = _report.evaluate_targets(results)
    results["comparisons"] = _report.evaluate_comparisons(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    results["chart"] = draw_chart(results, out_dir)
    return results


def draw_chart(results: dict[str, Any], out_dir: Path) -> str | None:
    """Draw ``results.png`` in ``out_dir`` and return its name, or None
    (saying so) when matplotlib is not installed: it is in the bench group
    only, and the numbers stand without it."""
    try:
        _report.chart(results, out_dir / "results.png")
    except ImportError:
        print("matplotlib is not installed: no chart drawn", file=sys.stderr)
        return None
    return "results.png"


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks [--quick] [--out DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=(
            "Benchmark eventbridge-structs against botocraft, pydantic, Powertools, "
            "json and orjson."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="seconds-long smoke run; results go to a temp dir",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write results.json and results.png "
        "(default: benchmarks/, or a temp dir with --quick "
        "or --only)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=adapters.NAMES,
        help="measure only these libraries (plus ours)",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also run eventbridge-structs at git revision REV, side by side "
        "(before/after in one run)",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        metavar="RESULTS_JSON",
        help="print the tables of a results.json as Markdown",
    )
    args = parser.parse_args(argv)
    if args.markdown:
        print(_report.markdown(json.loads(args.markdown.read_text())), end="")
        return 0
    names = adapters.NAMES
    if args.only:
        ours = {_report.OURS, _report.ALL}
        names = tuple(n for n in adapters.NAMES if n in {*args.only, *ours})
    out = args.out
    if out is None:
        # Only a full run of every library replaces the committed results.
        partial = args.quick or names != adapters.NAMES
        out = Path(tempfile.mkdtemp(prefix="ebs-bench-")) if partial else HERE
    results = run(args.quick, out, names, args.baseline)
    print(_report.text(results))
    chart = out / "results.png" if results["chart"] else "none (no matplotlib)"
    print(f"results: {out / 'results.json'}, chart: {chart} ({results['seconds']} s)")
    return 0
