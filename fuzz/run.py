# `make fuzz`: the long run of the hostile-input suite (issue 8).
#
# 1. atheris (libFuzzer, coverage-guided) on every target of fuzz/harness.py
#    (decode, convert, decode_lines, decode_many, unwrap, read_archive), one
#    child process per target, seeded with the bundled examples, the
#    delivery fixtures and hostile documents drawn from tests/strategies.py.
#    libFuzzer's -timeout turns a hang into a failure.
# 2. hypothesis: the properties of tests/test_fuzz_*.py with 2,000
#    examples each, several times what CI runs.
# 3. memory: 1,000,000 decodes in a loop, with traced memory compared
#    between the 100,000th and the last (it must stay flat).
#
# Every stage prints how many inputs it tried; the exit status is non-zero
# if any stage found a violation (atheris leaves the input under
# fuzz/artifacts/). If atheris cannot be imported, stage 1 is replaced by a
# hypothesis run ten times longer, and the output says so.
"""Run the fuzz suite for longer than CI: ``python fuzz/run.py --help``."""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The repository first: an unrelated "tests" package may be installed.
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TARGET_NAMES = (
    "convert",
    "decode",
    "decode_lines",
    "decode_many",
    "read_archive",
    "unwrap",
)
ARTIFACTS = ROOT / "fuzz" / "artifacts"
#: Longest input per target (read_archive's oracle reads each input some
#: ten times, in chunks as small as one byte).
MAX_LEN = {"read_archive": 16384}


# --- 1. atheris -----------------------------------------------------------------------


def _child(target: str) -> None:
    """Run inside the child process: libFuzzer on one target (never returns)."""
    import atheris

    with atheris.instrument_imports(include=["eventbridge_structs", "fuzz"]):
        from fuzz import harness
    check = harness.TARGETS[target]

    def one_input(data: bytes) -> None:
        check(data)

    atheris.Setup([sys.argv[0], *sys.argv[sys.argv.index("--") + 1 :]], one_input)
    atheris.Fuzz()


def _seed(corpus: Path, target: str, hostile: int) -> None:
    """Write the seed corpus of ``target``."""
    from tests import strategies

    seeds: list[bytes] = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        raw = path.read_bytes()
        seeds += [raw, json.dumps(json.loads(raw)).encode()]
    for path in sorted((ROOT / "tests" / "fixtures" / "delivery").glob("*")):
        if path.is_file():
            seeds.append(path.read_bytes())
    strategy = (
        strategies.lambda_payloads
        if target == "unwrap"
        else (strategies.hostile_documents)
    )
    drawn: list[bytes] = []

    @settings(max_examples=hostile, database=None, deadline=None)
    @given(strategy)
    def draw(data: bytes) -> None:
        if len(data) < 65536:
            drawn.append(data)

    draw()
    seeds += drawn
    if target in ("decode_lines", "decode_many", "read_archive"):
        seeds.append(b"\n".join(seeds[:8]))
    if target == "convert":
        seeds = [bytes([i % 9]) + s for i, s in enumerate(seeds)]
    for i, data in enumerate(seeds):
        if len(data) <= MAX_LEN.get(target, len(data)):
            (corpus / f"seed-{i:04d}").write_bytes(data)


def run_atheris(seconds: float, hostile: int) -> tuple[bool, int]:
    """libFuzzer on every target for ``seconds`` in all; (ok, runs)."""
    ARTIFACTS.mkdir(exist_ok=True)
    share = max(1, int(seconds / len(TARGET_NAMES)))
    ok, total = True, 0
    for target in TARGET_NAMES:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp)
            _seed(corpus, target, hostile)
            cmd = [
                sys.executable,
                __file__,
                "--child",
                target,
                "--",
                f"-max_total_time={share}",
                "-timeout=20",
                "-rss_limit_mb=8192",
                f"-max_len={MAX_LEN.get(target, 262144)}",
                f"-artifact_prefix={ARTIFACTS}/{target}-",
                "-print_final_stats=1",
                str(corpus),
            ]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        out = proc.stdout + proc.stderr
        done = re.search(r"Done (\d+) runs", out)
        runs = (
            int(done.group(1))
            if done
            else max((int(n) for n in re.findall(r"^#(\d+)", out, re.M)), default=0)
        )
        total += runs
        status = "ok" if proc.returncode == 0 else f"FAILED ({proc.returncode})"
        print(f"  atheris {target:<13} {runs:>9,} inputs in {share}s: {status}")
        if proc.returncode != 0:
            ok = False
            print("\n".join(out.splitlines()[-40:]))
    return ok, total


# --- 2. hypothesis --------------------------------------------------------------------


def _property(
    strategy: Any, check: Callable[..., None], examples: int, counter: list[int]
) -> Callable[[], None]:
    """``check`` over ``examples`` draws of ``strategy``, counted."""

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def prop(value: Any) -> None:
        counter[0] += 1
        check(value)

    return prop  # type: ignore[no-any-return]


def run_hypothesis(examples: int) -> tuple[bool, int]:
    """The CI properties with ``examples`` examples each; (ok, inputs)."""
    from tests import strategies

    from fuzz import harness

    types = st.sampled_from(strategies.EVENT_TYPES)
    properties: list[tuple[str, Any, Callable[..., None]]] = [
        ("decode", strategies.hostile_documents, harness.check_decode),
        (
            "decode(type=)",
            st.tuples(strategies.hostile_documents, types),
            lambda pair: harness.check_decode(pair[0], type=pair[1]),
        ),
        (
            "decode_lines/many",
            st.lists(strategies.hostile_documents, max_size=4).map(b"\n".join),
            lambda data: (
                harness.check_decode_lines(data),
                harness.check_decode_many(data),
            ),
        ),
        ("convert", strategies.hostile_objects, harness.check_convert),
        (
            "convert(type=)",
            st.tuples(strategies.hostile_objects, types),
            lambda pair: harness.check_convert(pair[0], type=pair[1]),
        ),
        ("unwrap", strategies.lambda_payloads, harness.check_unwrap),
        (
            "read_archive",
            st.lists(strategies.hostile_documents, max_size=4).map(b"\n".join),
            harness.check_read_archive,
        ),
    ]
    ok, total = True, 0
    for name, strategy, check in properties:
        counter = [0]
        started = time.perf_counter()
        try:
            _property(strategy, check, examples, counter)()
            status = "ok"
        except Exception as exc:  # the finding, with hypothesis's minimal example
            ok = False
            status = f"FAILED: {exc!r}"[:2000]
        count = counter[0]
        total += count
        took = time.perf_counter() - started
        print(f"  hypothesis {name:<18} {count:>9,} inputs in {took:.0f}s: {status}")
    return ok, total


# --- 3. memory ------------------------------------------------------------------------


def run_memory(events: int) -> tuple[bool, int]:
    """Decode ``events`` events in a loop; traced memory must not grow
    between the 100,000th decode and the last. (ok, decodes)."""
    import eventbridge_structs as ebs

    docs = [p.read_bytes() for p in sorted((ROOT / "examples").glob("*.json"))]
    bad = docs[0].replace(b'"time"', b'"tim"', 1)
    docs.append(bad)  # the error path too
    warm = min(100_000, events // 10)
    tracemalloc.start()
    base = 0
    kept = None
    started = time.perf_counter()
    for i in range(events):
        if i == warm:
            gc.collect()
            base = tracemalloc.get_traced_memory()[0]
        try:
            kept = ebs.decode(docs[i % len(docs)])
        except ebs.DecodeError as exc:
            kept = exc
    gc.collect()
    end, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    growth = end - base
    ok = growth < 256 * 1024
    took = time.perf_counter() - started
    print(
        f"  memory {events:,} decodes in {took:.0f}s: traced memory "
        f"{base / 1024:.0f} KiB after {warm:,}, {end / 1024:.0f} KiB after "
        f"{events:,} (growth {growth / 1024:+.1f} KiB, peak {peak / 1024:.0f} KiB): "
        + ("ok" if ok else "FAILED")
    )
    return ok, events


# --- main -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("FUZZ_SECONDS", 300)),
        help="atheris time over all targets (default 300, or $FUZZ_SECONDS)",
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=int(os.environ.get("FUZZ_EXAMPLES", 2000)),
        help="hypothesis examples per property (default 2000, or $FUZZ_EXAMPLES)",
    )
    parser.add_argument(
        "--events",
        type=int,
        default=1_000_000,
        help="decodes in the memory loop (default 1,000,000)",
    )
    parser.add_argument(
        "--stage",
        action="append",
        choices=["atheris", "hypothesis", "memory"],
        help="run only these stages (repeatable)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.child:
        _child(args.child)
        return 0
    stages = args.stage or ["atheris", "hypothesis", "memory"]
    ok, tried = True, 0
    if "atheris" in stages:
        try:
            import atheris  # noqa: F401
        except ImportError as exc:
            print(f"atheris is not available ({exc}): running hypothesis 10x longer")
            stages = [s for s in stages if s != "atheris"]
            args.examples *= 10
            if "hypothesis" not in stages:
                stages.insert(0, "hypothesis")
        else:
            print(f"atheris, {args.seconds:.0f}s over {len(TARGET_NAMES)} targets:")
            good, n = run_atheris(args.seconds, hostile=200)
            ok, tried = ok and good, tried + n
    if "hypothesis" in stages:
        print(f"hypothesis, {args.examples:,} examples per property:")
        good, n = run_hypothesis(args.examples)
        ok, tried = ok and good, tried + n
    if "memory" in stages:
        print("memory:")
        good, _ = run_memory(args.events)
        ok = ok and good
    print(f"{tried:,} fuzz inputs tried: " + ("no violation" if ok else "VIOLATIONS"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
