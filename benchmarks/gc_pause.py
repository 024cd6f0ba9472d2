# What pausing the cyclic garbage collector saves while decode_lines builds
# one list of 100,000 events (issue 17, "bulk without the collector"): the
# same call, in one process, rounds alternating, with the pause as shipped
# and with it switched off (decode_lines sees the collector as disabled, so
# it leaves it running). CPU time per event, medians.
#
#   python -m benchmarks.gc_pause [--events N] [--rounds R]
#
# Writes benchmarks/gc_pause.json.
from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

from ._data import Sizes, generate, load

OUT = Path(__file__).resolve().parent / "gc_pause.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    import eventbridge_structs as ebs
    from eventbridge_structs import _codec

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), Sizes(ndjson=args.events, memory=10))
        data = load(Path(tmp)).ndjson
    ebs.decode_lines(data[: data.index(b"\n", 1 << 16)])  # load the modules
    shipped = _codec.gc
    running = types.SimpleNamespace(
        isenabled=lambda: False, enable=gc.enable, disable=gc.disable
    )

    def per_event() -> float:
        start = time.process_time()
        events = ebs.decode_lines(data)
        spent = time.process_time() - start
        count = len(events)
        del events
        gc.collect()
        return spent / count * 1e9

    times: dict[str, list[float]] = {"paused": [], "collector on": []}
    try:
        for _ in range(args.rounds):
            _codec.gc = shipped  # type: ignore[assignment]
            times["paused"].append(per_event())
            _codec.gc = running  # type: ignore[assignment]
            times["collector on"].append(per_event())
    finally:
        _codec.gc = shipped  # type: ignore[assignment]
    medians = {k: statistics.median(v) for k, v in times.items()}
    result = {
        "events": args.events,
        "rounds": args.rounds,
        "python": sys.version.split()[0],
        "ns_per_event": medians,
        "ratio": medians["paused"] / medians["collector on"],
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    for key, value in medians.items():
        print(f"{key:14} {value:,.0f} ns per event")
    print(f"paused / collector on: {result['ratio']:.2f}x  ({args.out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
