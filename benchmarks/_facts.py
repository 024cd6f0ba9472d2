# The catalogue's costs, each measured in a fresh process: the Python memory
# held once every built-in event module is loaded (tracemalloc, and the
# process's resident set), the time `codegen` takes over the whole vendored
# schema registry, and the size of the wheel.
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median
from typing import Any

__all__ = ["measure"]

ROOT = Path(__file__).resolve().parent.parent

_MEMORY = """
import json, resource, tracemalloc
tracemalloc.start()
import eventbridge_structs as ebs
before = tracemalloc.get_traced_memory()[0]
types = ebs.registered()
ebs.decode(b'{"version":"0","id":"1","detail-type":"x","source":"y","account":"1",'
           b'"time":"2024-01-01T00:00:00Z","region":"r","resources":[],"detail":{}}')
after = tracemalloc.get_traced_memory()[0]
print(json.dumps({"types": len(types), "package_bytes": before, "all_bytes": after,
                  "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

_CODEGEN = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, "tools")
import generate
from eventbridge_structs.codegen import events_of
from eventbridge_structs._codegen import ModuleSpec, render
index = json.loads((generate.REGISTRY / "index.json").read_text())
documents = [json.loads((generate.REGISTRY / e["file"]).read_text()) for e in index]
start = time.process_time()
by_source = {}
for entry, document in zip(index, documents):
    by_source.setdefault(entry["source"], []).extend(events_of(document))
text = 0
for source, events in by_source.items():
    spec = ModuleSpec(generate.registry_module(source), "t", "o", "d", events)
    text += len(render(spec))
print(json.dumps({"seconds": time.process_time() - start, "events": len(index),
                  "modules": len(by_source), "characters": text}))
"""


def _run(code: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _wheel_bytes() -> int | None:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "-w",
                tmp,
                str(ROOT),
            ],
            capture_output=True,
            text=True,
        )
        wheels = list(Path(tmp).glob("*.whl"))
        if done.returncode != 0 or not wheels:
            return None
        return wheels[0].stat().st_size


def measure(repeats: int, wheel: bool = True) -> dict[str, Any]:
    """Median of ``repeats`` fresh processes for memory and codegen time;
    the wheel's size once (when ``wheel``)."""
    memory = [_run(_MEMORY) for _ in range(repeats)]
    codegen = [_run(_CODEGEN) for _ in range(repeats)]
    return {
        "types": memory[0]["types"],
        "package_kib": median(m["package_bytes"] for m in memory) / 1024,
        "all_modules_kib": median(m["all_bytes"] for m in memory) / 1024,
        "max_rss_mib": median(m["max_rss_kib"] for m in memory) / 1024,
        "codegen_seconds": median(c["seconds"] for c in codegen),
        "codegen_events": codegen[0]["events"],
        "codegen_modules": codegen[0]["modules"],
        "wheel_kib": (_wheel_bytes() or 0) / 1024 if wheel else None,
    }
