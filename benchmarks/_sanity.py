# The sanity check run before any timing: every adapter must decode the
# same inputs to the same data (compared as JSON values under the
# documented names), so no library is timed doing less work than another.
from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import msgspec

from . import adapters
from ._data import Inputs

__all__ = ["compare", "differences", "outputs", "routing"]

#: How many records of the NDJSON case are compared (all are counted).
NDJSON_COMPARED = 50


def _plain(adapter: ModuleType, event: Any) -> Any:
    return msgspec.to_builtins(adapter.to_plain(event))


def _listing(adapter: ModuleType, events: list[Any]) -> dict[str, Any]:
    """How many events, the first ones and the last, as JSON values."""
    return {
        "count": len(events),
        "head": [_plain(adapter, e) for e in events[:NDJSON_COMPARED]],
        "last": _plain(adapter, events[-1]),
    }


def routing_of(result: Any) -> list[Any]:
    """``[source, detail-type]`` of what a ``peek``/``routing_key`` case
    returned: a tuple, or an object with ``source`` and ``detail_type`` (a
    decoded event, or the envelope ``peek`` returns)."""
    if isinstance(result, tuple):
        return list(result)
    return [result.source, result.detail_type]


def outputs(adapter: ModuleType, inputs: Inputs) -> dict[str, Any]:
    """Run each case of ``adapter`` once on ``inputs`` and return what it
    produced as JSON values, keyed by case (cases it lacks are absent)."""
    out: dict[str, Any] = {}
    case = adapters.provided
    if adapter.decode is not None:
        event = adapter.decode(inputs.single)
        out["decode"] = _plain(adapter, event)
        if adapter.encode is not None:
            out["encode"] = json.loads(adapter.encode(event))
    if adapter.convert is not None:
        out["convert"] = _plain(adapter, adapter.convert(json.loads(inputs.single)))
    if adapter.decode_lines is not None:
        out["decode_lines"] = _listing(adapter, adapter.decode_lines(inputs.ndjson))
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
    if (fn := case(adapter, "decode_unregistered")) is not None:
        out["decode_unregistered"] = _plain(adapter, fn(inputs.unregistered))
    if (fn := case(adapter, "decode_mixed8")) is not None:
        out["decode_mixed8"] = [_plain(adapter, f(arg)) for f, arg in fn(inputs.mixed8)]
    for name in ("peek", "routing_key"):
        if (fn := case(adapter, name)) is not None:
            out[name] = routing_of(fn(inputs.single))
    for name in ("read_archive_ndjson", "read_archive_concat", "decode_lines_bulk"):
        if (fn := case(adapter, name)) is not None:
            out[name] = _listing(adapter, list(fn(inputs.bulk)))
    if (fn := case(adapter, "decode_many_bulk")) is not None:
        out["decode_many_bulk"] = _listing(adapter, fn(inputs.bulk))
    return out


def routing(events: list[Any]) -> list[dict[str, Any]]:
    """What routes each event: what an untyped parser's output is compared
    on in the stream of every type (it fills in no defaults and keeps the
    text of every time)."""
    return [{k: e.get(k) for k in ("id", "source", "detail-type")} for e in events]


#: Cases of the streams of every type, where untyped parsers are compared on
#: what routes each event.
_ROUTED = ("decode_all", "decode_registry")


def compare(case: str, expected: Any, got: Any, *, typed: bool = True) -> list[str]:
    """Where a library's output of ``case`` differs from ours (``expected``).

    Untyped parsers are compared on the routing of the streams of every
    type. Encoding is compared on the members both wrote: a library may
    write fields of the input its model does not declare (untyped dicts,
    and ours where it keeps them for ``encode``) or leave out those it
    drops; the decode cases check the data itself.
    """
    if case in _ROUTED and not typed:
        return differences(routing(expected), routing(got))
    found = differences(expected, got)
    if case == "encode":
        found = [d for d in found if not d.endswith(": missing")]
    return found


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
