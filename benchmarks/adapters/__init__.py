# One module per library under test. Each exposes ``label`` and one callable
# per case, or None (or nothing) where the library has no way to do that
# case:
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
#   decode_unregistered(bytes) -> ev  one event of a type nobody registers
#   decode_mixed8([bytes]) -> pairs   ECR events, 1 in 8 unregistered; pairs
#                                     as for decode_all
#   peek(bytes), routing_key(bytes)   the envelope with the detail left raw,
#                                     and (source, detail-type) only; the
#                                     floor's are its full decode
#   read_archive_ndjson(Bulk) -> iter the events of the bulk NDJSON file,
#   read_archive_concat(Bulk) -> iter and of its concatenation, streamed
#                                     (the floor: a bare loop over records
#                                     split in advance), consumed in the
#                                     timing by a C loop that keeps nothing
#   decode_lines_bulk(Bulk) -> [ev]   the bulk NDJSON as one list (the
#                                     floor's is the streaming loop above)
#   decode_many_bulk(Bulk) -> [ev]    the bulk JSON array as one list
#
# and ``to_plain(event)``, the event as JSON values under its documented
# names, for the sanity check that every adapter decodes the same data.
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["CASES", "NAMES", "STREAMED", "load", "provided"]

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
    "decode_unregistered",
    "decode_mixed8",
    "peek",
    "routing_key",
    "read_archive_ndjson",
    "read_archive_concat",
    "decode_lines_bulk",
    "decode_many_bulk",
)

#: Cases whose callable returns an iterator the timing consumes.
STREAMED: frozenset[str] = frozenset(
    {"read_archive_ndjson", "read_archive_concat", "decode_lines_bulk"}
)


def provided(adapter: ModuleType, case: str) -> Any:
    """The adapter's callable for ``case``, or None if it has none."""
    return getattr(adapter, case, None)


def load(name: str) -> ModuleType:
    """Import the adapter module ``name`` (ImportError if its library is
    not installed)."""
    if name not in NAMES:
        raise ValueError(f"unknown adapter {name!r}; known: {', '.join(NAMES)}")
    return importlib.import_module(f"{__name__}.{name}")
