# The sanity check run before any timing: every adapter must decode the
# same inputs to the same data (compared as JSON values under the
# documented names), so no library is timed doing less work than another.
from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import msgspec

from ._data import Inputs

__all__ = ["differences", "outputs", "routing"]

#: How many records of the NDJSON case are compared (all are counted).
NDJSON_COMPARED = 50


def _plain(adapter: ModuleType, event: Any) -> Any:
    return msgspec.to_builtins(adapter.to_plain(event))


def outputs(adapter: ModuleType, inputs: Inputs) -> dict[str, Any]:
    """Run each case of ``adapter`` once on ``inputs`` and return what it
    produced as JSON values, keyed by case (cases it lacks are absent)."""
    out: dict[str, Any] = {}
    if adapter.decode is not None:
        event = adapter.decode(inputs.single)
        out["decode"] = _plain(adapter, event)
        if adapter.encode is not None:
            out["encode"] = json.loads(adapter.encode(event))
    if adapter.convert is not None:
        out["convert"] = _plain(adapter, adapter.convert(json.loads(inputs.single)))
    if adapter.decode_lines is not None:
        events = adapter.decode_lines(inputs.ndjson)
        out["decode_lines"] = {
            "count": len(events),
            "head": [_plain(adapter, e) for e in events[:NDJSON_COMPARED]],
            "last": _plain(adapter, events[-1]),
        }
    if adapter.decode_mixed is not None:
        out["decode_mixed"] = [
            _plain(adapter, adapter.decode_mixed(raw)) for raw in inputs.mixed
        ]
    if adapter.sqs is not None:
        out["sqs"] = [_plain(adapter, e) for e in adapter.sqs(inputs.sqs)]
    if adapter.decode_all is not None:
        pairs = adapter.decode_all(inputs.catalogue)
        out["decode_all"] = [_plain(adapter, f(arg)) for f, arg in pairs]
    if adapter.decode_registry is not None:
        pairs = adapter.decode_registry(inputs.registry)
        out["decode_registry"] = [_plain(adapter, f(arg)) for f, arg in pairs]
    return out


def routing(events: list[Any]) -> list[dict[str, Any]]:
    """What routes each event: what an untyped parser's output is compared
    on in the stream of every type (it fills in no defaults and keeps the
    text of every time)."""
    return [{k: e.get(k) for k in ("id", "source", "detail-type")} for e in events]


def differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Where ``actual`` differs from ``expected``.

    Every key of ``expected`` must be in ``actual`` with an equal value,
    except that a key whose expected value is None may be missing (untyped
    parsers do not fill in defaults). Keys only ``actual`` has (fields the
    typed models ignore, such as ``rule-version``) are allowed.
    """
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        found: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                if value is not None:
                    found.append(f"{path}.{key}: missing")
            else:
                found.extend(differences(value, actual[key], f"{path}.{key}"))
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {actual!r}"]
        found = []
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            found.extend(differences(want, got, f"{path}[{index}]"))
        return found
    if expected != actual or isinstance(expected, bool) != isinstance(actual, bool):
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []
