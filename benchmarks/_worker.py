# The worker process: imports ONE library's adapter, reads the shared inputs
# and answers the runner's commands, one JSON object per line on stdin and
# stdout. Each library lives in its own process so that no library's
# imports, caches or garbage affect another's timings or memory.
#
#   {"cmd": "check"}                          -> sanity-check outputs
#   {"cmd": "time", "case": c, "target": s, "batches": k}
#                                             -> per-event times of k batches
#   {"cmd": "memory", "count": n}             -> bytes retained per event
#   {"cmd": "quit"}
from __future__ import annotations

import gc
import itertools
import json
import sys
import time
import traceback
import tracemalloc
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from . import adapters
from ._data import Inputs, load
from ._sanity import outputs

__all__ = ["main"]


def case_call(
    adapter: ModuleType, case: str, inputs: Inputs
) -> tuple[Callable[[Any], Any], Any, int] | None:
    """The callable, its argument and the number of events one call handles
    for ``case``, or None if the adapter cannot do the case."""
    fn = adapters.provided(adapter, case)
    if fn is None:
        return None
    if case in ("decode", "peek", "routing_key"):
        return fn, inputs.single, 1
    if case == "decode_unregistered":
        return fn, inputs.unregistered, 1
    if case == "convert":
        return fn, json.loads(inputs.single), 1
    if case == "encode":
        if adapter.decode is None:
            return None
        return fn, adapter.decode(inputs.single), 1
    if case == "decode_lines":
        return fn, inputs.ndjson, inputs.ndjson.count(b"\n")

    if case == "decode_mixed":

        def stream(items: list[bytes], decode: Callable[[bytes], Any] = fn) -> Any:
            return [decode(raw) for raw in items]

        return stream, inputs.mixed, len(inputs.mixed)
    if case == "sqs":
        return fn, inputs.sqs, len(inputs.sqs["Records"])
    if case in ("decode_all", "decode_registry", "decode_mixed8"):

        def calls(pairs: list[tuple[Callable[[Any], Any], Any]]) -> Any:
            return [f(arg) for f, arg in pairs]

        items = {
            "decode_all": inputs.catalogue,
            "decode_registry": inputs.registry,
            "decode_mixed8": inputs.mixed8,
        }[case]
        pairs = fn(items)
        return calls, pairs, len(pairs)
    if case in adapters.STREAMED:
        bulk = inputs.bulk
        assert bulk is not None

        def consume(arg: Any, produce: Callable[[Any], Any] = fn) -> None:
            # A C loop that keeps nothing: each event is dropped once made.
            deque(produce(arg), maxlen=0)

        return consume, bulk, bulk.count
    if case == "decode_many_bulk":
        assert inputs.bulk is not None
        return fn, inputs.bulk, inputs.bulk.count
    raise ValueError(f"unknown case {case!r}")


def _batch(fn: Callable[[Any], Any], arg: Any, loops: int) -> tuple[float, float]:
    """CPU and wall-clock seconds for ``loops`` calls.

    CPU time of this process is what the tables use: on a shared machine it
    leaves out the time other processes hold the core. The garbage
    collector stays enabled (its cost is part of what a library costs) but
    starts each batch empty.
    """
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in itertools.repeat(None, loops):
        fn(arg)
    return time.process_time() - cpu, time.perf_counter() - wall


class _Timer:
    def __init__(self, adapter: ModuleType, inputs: Inputs) -> None:
        self.adapter = adapter
        self.inputs = inputs
        self.loops: dict[str, int] = {}

    def time(self, case: str, target: float, batches: int) -> dict[str, Any]:
        call = case_call(self.adapter, case, self.inputs)
        if call is None:
            return {"available": False}
        fn, arg, events = call
        loops = self.loops.get(case)
        if loops is None:
            for _ in range(3):  # warm up caches, lazy imports, validators
                fn(arg)
            loops = 1
            while (elapsed := _batch(fn, arg, loops)[1]) < target:
                loops = max(loops * 2, int(loops * target / max(elapsed, 1e-9)))
            self.loops[case] = loops
        scale = 1e9 / loops / events
        runs = [_batch(fn, arg, loops) for _ in range(batches)]
        return {
            "available": True,
            "ns": [cpu * scale for cpu, _ in runs],
            "wall_ns": [wall * scale for _, wall in runs],
            "loops": loops,
            "events": events,
        }


def retained_per_event(adapter: ModuleType, lines: list[bytes]) -> float:
    """Bytes of Python memory still held per decoded event after decoding
    ``lines`` one by one and keeping every event, measured by tracemalloc
    (the list holding them excluded)."""
    decode = adapter.decode
    warm = [decode(raw) for raw in lines[:100]]
    del warm
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        events = [decode(raw) for raw in lines]
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before - sys.getsizeof(events)) / len(events)


#: The worker name of the --baseline run.
BASELINE = "baseline"


def _report_name(name: str) -> str:
    # The --baseline worker runs our adapter over another commit's source.
    return "eventbridge_structs" if name == BASELINE else name


def _reply(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    """Serve one adapter: ``python -m benchmarks._worker NAME DATADIR [--memory]``."""
    name, directory = argv[0], Path(argv[1])
    memory = "--memory" in argv[2:]
    try:
        adapter = adapters.load(_report_name(name))
        inputs = load(directory, memory=memory)
    except Exception:
        _reply({"error": traceback.format_exc()})
        return 1
    cases = [c for c in adapters.CASES if adapters.provided(adapter, c) is not None]
    typed = getattr(adapter, "typed", True)
    _reply({"ready": True, "label": adapter.label, "cases": cases, "typed": typed})
    timer = _Timer(adapter, inputs)
    for line in sys.stdin:
        command = json.loads(line)
        try:
            if command["cmd"] == "quit":
                break
            if command["cmd"] == "check":
                _reply({"outputs": outputs(adapter, inputs)})
            elif command["cmd"] == "time":
                _reply(
                    timer.time(command["case"], command["target"], command["batches"])
                )
            elif command["cmd"] == "memory":
                lines = inputs.memory[: command["count"]]
                _reply({"bytes_per_event": retained_per_event(adapter, lines)})
            else:
                _reply({"error": f"unknown command {command!r}"})
        except Exception:
            _reply({"error": traceback.format_exc()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
