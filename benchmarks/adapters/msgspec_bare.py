# The floor: a bare msgspec Decoder straight into eventbridge-structs' own
# Struct, with no registry, no dispatch and no error translation. What
# msgspec itself costs for the same types.
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Union

import msgspec

from eventbridge_structs import GenericEvent
from eventbridge_structs.ecr import EVENT_TYPES, ECRPullThroughCacheActionEvent

from .._data import Bulk

label = "bare msgspec (floor)"

_EVENT = msgspec.json.Decoder(ECRPullThroughCacheActionEvent)
_GENERIC = msgspec.json.Decoder(GenericEvent)
_MANY = msgspec.json.Decoder(list[ECRPullThroughCacheActionEvent])
_ANY_ECR = msgspec.json.Decoder(Union[EVENT_TYPES])  # noqa: UP007
_ENCODER = msgspec.json.Encoder()
_OWN: dict[type[Any], msgspec.json.Decoder[Any]] = {}

decode = _EVENT.decode
encode = _ENCODER.encode
decode_mixed = _ANY_ECR.decode
#: An unregistered type's floor: a bare Decoder of GenericEvent.
decode_unregistered = _GENERIC.decode
#: peek and routing_key are measured against the full bare decode.
peek = routing_key = _EVENT.decode


def convert(obj: dict[str, Any]) -> ECRPullThroughCacheActionEvent:
    return msgspec.convert(obj, ECRPullThroughCacheActionEvent)


def decode_lines(data: bytes) -> list[ECRPullThroughCacheActionEvent]:
    return [decode(line) for line in data.splitlines()]


def sqs(event: dict[str, Any]) -> list[ECRPullThroughCacheActionEvent]:
    return [decode(record["body"]) for record in event["Records"]]


def _stream(bulk: Bulk) -> Iterator[ECRPullThroughCacheActionEvent]:
    """A streaming bare loop over the records, split in advance."""
    return map(decode, bulk.records)


#: The archives' floor, whatever their framing, and decode_lines' on the
#: bulk file: the records are already split, nothing is kept.
read_archive_ndjson = read_archive_concat = decode_lines_bulk = _stream


def decode_many_bulk(bulk: Bulk) -> list[ECRPullThroughCacheActionEvent]:
    """A bare Decoder of a list of the Struct (the list built, the GC on)."""
    return _MANY.decode(bulk.array)


def to_plain(event: Any) -> Any:
    return msgspec.to_builtins(event)


def _own_class_pairs(items: list[bytes]) -> list[tuple[Any, bytes]]:
    """Each event through a bare Decoder of its own class (known in advance,
    which no consumer of a mixed stream knows), in the same lax mode as the
    library's decoders; GenericEvent for an unregistered type."""
    import eventbridge_structs as ebs

    pairs = []
    for raw in items:
        cls = type(ebs.decode(raw))
        decoder = _OWN.get(cls)
        if decoder is None:
            decoder = _OWN[cls] = msgspec.json.Decoder(cls, strict=False)
        pairs.append((decoder.decode, raw))
    return pairs


#: Every built-in type, prepared the same way; and the ECR stream with one
#: event in eight unregistered.
decode_all = decode_registry = decode_mixed8 = _own_class_pairs
