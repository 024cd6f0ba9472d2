# Instruction counts of the main paths, under valgrind's callgrind: each path
# runs in a fresh interpreter for N and for 2N events (setup and a warm-up
# call first, identical in both), and the difference of the two totals over
# N is the instructions one event costs, start-up, imports and setup
# cancelled out. Unlike CPU time, the count does not move with the load of a
# shared machine, so it backs the timed ratios of results.json.
#
#   python -m benchmarks.instructions [--n N] [--only PATH...] [--out FILE]
#                                     [--baseline REV]
#
# Writes benchmarks/instructions.json (tools/readme.py puts it in the README).
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ._data import Sizes, generate

__all__ = ["PATHS", "Path_", "count", "main", "measure"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "instructions.json"


@dataclass(frozen=True)
class Path_:
    """One path: what it is, its setup (the names ``data`` and ``obj`` are
    the input as bytes and as a parsed dict), the call made once per event,
    and the path it is compared with (None for a floor)."""

    name: str
    title: str
    setup: str
    call: str
    floor: str | None = None
    needs: str | None = None  # an eventbridge_structs attribute it needs
    ours: bool = True  # runs over the --baseline commit too


_EBS = "import eventbridge_structs as ebs\n"
_BARE = (
    "import msgspec\n"
    "from eventbridge_structs.ecr import ECRPullThroughCacheActionEvent as C\n"
)

PATHS: tuple[Path_, ...] = (
    Path_(
        "bare_decode",
        "bare Decoder of the event's class (floor)",
        _BARE + "f = msgspec.json.Decoder(C).decode\n",
        "f(data)",
        ours=False,
    ),
    Path_(
        "decode",
        "`decode`, registered type",
        _EBS + "f = ebs.decode\n",
        "f(data)",
        floor="bare_decode",
    ),
    Path_(
        "bare_generic",
        "bare Decoder of `GenericEvent` (floor)",
        "import msgspec\nfrom eventbridge_structs import GenericEvent\n"
        "f = msgspec.json.Decoder(GenericEvent).decode\n",
        "f(unregistered)",
        ours=False,
    ),
    Path_(
        "decode_unregistered",
        "`decode`, unregistered type",
        _EBS + "f = ebs.decode\n",
        "f(unregistered)",
        floor="bare_generic",
    ),
    Path_(
        "bare_convert",
        "`msgspec.convert` (floor)",
        _BARE + "convert = msgspec.convert\n",
        "convert(obj, C)",
        ours=False,
    ),
    Path_(
        "convert",
        "`convert` from a dict",
        _EBS + "f = ebs.convert\n",
        "f(obj)",
        floor="bare_convert",
    ),
    Path_(
        "peek",
        "`peek`, detail left raw",
        _EBS + "f = ebs.peek\n",
        "f(data)",
        floor="bare_decode",
        needs="peek",
    ),
    Path_(
        "routing_key",
        "`routing_key`",
        _EBS + "f = ebs.routing_key\n",
        "f(data)",
        floor="bare_decode",
        needs="routing_key",
    ),
    Path_(
        "orjson",
        "`orjson.loads` into dicts",
        "import orjson\nf = orjson.loads\n",
        "f(data)",
        floor="bare_decode",
        ours=False,
    ),
    Path_(
        "loop",
        "the loop and a call of `len` (in every row)",
        "f = len\n",
        "f(data)",
        ours=False,
    ),
)

_PROGRAM = """\
import json, sys
from itertools import repeat
n = int(sys.argv[1])
with open(sys.argv[2], "rb") as fh:
    data = fh.read()
with open(sys.argv[3], "rb") as fh:
    unregistered = fh.read()
obj = json.loads(data)
{setup}


def run(n):  # in a function: globals through cached lookups, a fast local
    for _ in repeat(None, n):
        {call}


run(3)  # warm up: caches, lazy imports, the dispatch union
run(n)
"""

_TOTALS = re.compile(rb"^(?:summary|totals):\s*(\d+)", re.MULTILINE)


def count(path: Path_, n: int, inputs: Path, env: dict[str, str] | None = None) -> int:
    """Instructions of one interpreter running ``path`` for ``n`` events."""
    program = _PROGRAM.format(setup=path.setup, call=path.call)
    with tempfile.TemporaryDirectory(prefix="ebs-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-c",
                program,
                str(n),
                str(inputs / "single.json"),
                str(inputs / "unregistered.json"),
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0", **(env or {})},
            check=True,
            capture_output=True,
        )
        found = _TOTALS.search(out.read_bytes())
    if found is None:
        raise RuntimeError(f"no instruction total in callgrind's output for {path}")
    return int(found.group(1))


def per_event(
    path: Path_, n: int, inputs: Path, env: dict[str, str] | None = None
) -> float:
    """Instructions per event: the 2N run's total less the N run's, over N."""
    return (count(path, 2 * n, inputs, env) - count(path, n, inputs, env)) / n


def _has(name: str | None, env: dict[str, str] | None) -> bool:
    if name is None:
        return True
    done = subprocess.run(
        [sys.executable, "-c", f"import eventbridge_structs as e; e.{name}"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
    )
    return done.returncode == 0


def measure(
    n: int, only: set[str] | None = None, baseline: str | None = None
) -> dict[str, Any]:
    """Instructions per event of every path (and, with ``baseline``, of our
    paths at that commit)."""
    from ._runner import BASELINE_ENV, baseline_source, commit

    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    started = time.perf_counter()
    paths: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="ebs-instr-") as tmp:
        inputs = Path(tmp)
        generate(
            inputs,
            Sizes(
                ndjson=1,
                mixed=7,
                sqs=1,
                memory=0,
                catalogue=1,
                registry=1,
                mixed8=8,
                bulk=1,
            ),
        )
        with baseline_source(baseline):
            before_env = (
                {"PYTHONPATH": BASELINE_ENV["EBS_BENCH_BASELINE_SRC"]}
                if baseline
                else None
            )
            for path in PATHS:
                if only and path.name not in only:
                    continue
                entry: dict[str, Any] = {"title": path.title, "floor": path.floor}
                if not _has(path.needs, None):
                    print(f"{path.name}: not in this commit, skipped", file=sys.stderr)
                    continue
                entry["instructions"] = per_event(path, n, inputs)
                if before_env and path.ours and _has(path.needs, before_env):
                    entry["before"] = per_event(path, n, inputs, before_env)
                paths[path.name] = entry
                print(
                    f"{path.name}: {entry['instructions']:,.0f} instructions/event",
                    file=sys.stderr,
                )
    version = subprocess.run(
        ["valgrind", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    from importlib import metadata

    return {
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": commit(),
        "baseline": baseline,
        "n": n,
        "valgrind": version,
        "python": sys.version.split()[0],
        "msgspec": metadata.version("msgspec"),
        "paths": paths,
        "seconds": round(time.perf_counter() - started, 1),
    }


def rows(results: dict[str, Any]) -> list[list[str]]:
    """The table: path, instructions per event, its floor's, the ratio (and
    the --baseline commit's count when there is one)."""
    paths = results["paths"]
    out = []
    for entry in paths.values():
        floor = paths.get(entry["floor"] or "")
        ratio = (
            f"{entry['instructions'] / floor['instructions']:.2f}x" if floor else "-"
        )
        row = [
            entry["title"],
            f"{entry['instructions']:,.0f}",
            floor["title"] if floor else "-",
            ratio,
        ]
        if results.get("baseline"):
            before = entry.get("before")
            row.append(f"{before:,.0f}" if before else "-")
        out.append(row)
    return out


def header(results: dict[str, Any]) -> list[str]:
    head = ["path", "instructions per event", "compared with", "ratio"]
    if results.get("baseline"):
        head.append(f"at `{results['baseline']}`")
    return head


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.instructions",
        description="Instructions per event of the main paths (callgrind).",
    )
    parser.add_argument("--n", type=int, default=2_000, help="events of the N run")
    parser.add_argument(
        "--only", nargs="+", choices=[p.name for p in PATHS], help="these paths"
    )
    parser.add_argument("--baseline", metavar="REV", help="also our paths at REV")
    parser.add_argument("--out", type=Path, default=OUT, help="the JSON written")
    args = parser.parse_args(argv)
    results = measure(args.n, set(args.only or ()), args.baseline)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    table = [header(results), *rows(results)]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(f"written to {args.out} ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
