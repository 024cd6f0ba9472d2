# One module per library under test. Each exposes ``label`` and one callable
# per case, or None where the library has no way to do that case:
#
#   decode(bytes) -> event            one pull through cache event
#   convert(dict) -> event            the same, already parsed (Lambda path)
#   encode(event) -> bytes | str      the event ``decode`` returned, as JSON
#   decode_lines(bytes) -> [event]    NDJSON, one event per line
#   decode_mixed(bytes) -> event      any of the seven ECR types, dispatched
#   sqs(dict) -> [event]              the events in a Lambda SQS batch
#   decode_all([bytes]) -> [(f, arg)] botocraft's 64 types: the call for each
#                                     event, prepared untimed; the case times
#                                     [f(arg) for f, arg in pairs]
#   decode_registry                   the same for every built-in type
#
# and ``to_plain(event)``, the event as JSON values under its documented
# names, for the sanity check that every adapter decodes the same data.
from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["NAMES", "load"]

#: Adapter module names, in the order tables list them.
NAMES: tuple[str, ...] = (
    "eventbridge_structs",
    "eventbridge_structs_all",
    "msgspec_bare",
    "orjson_untyped",
    "json_untyped",
    "pydantic_plain",
    "powertools",
    "botocraft_raw",
    "botocraft_factory",
)

#: The per-event callables an adapter may provide.
CASES: tuple[str, ...] = (
    "decode",
    "convert",
    "encode",
    "decode_lines",
    "decode_mixed",
    "sqs",
    "decode_all",
    "decode_registry",
)


def load(name: str) -> ModuleType:
    """Import the adapter module ``name`` (ImportError if its library is
    not installed)."""
    if name not in NAMES:
        raise ValueError(f"unknown adapter {name!r}; known: {', '.join(NAMES)}")
    return importlib.import_module(f"{__name__}.{name}")
