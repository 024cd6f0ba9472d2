# The floor: a bare msgspec Decoder straight into eventbridge-structs' own
# Struct, with no registry, no dispatch and no error translation. What
# msgspec itself costs for the same types.
from __future__ import annotations

from typing import Any, Union

import msgspec

from eventbridge_structs.ecr import EVENT_TYPES, ECRPullThroughCacheActionEvent

label = "bare msgspec (floor)"

_EVENT = msgspec.json.Decoder(ECRPullThroughCacheActionEvent)
_ANY_ECR = msgspec.json.Decoder(Union[EVENT_TYPES])  # noqa: UP007
_ENCODER = msgspec.json.Encoder()
_OWN: dict[type[Any], msgspec.json.Decoder[Any]] = {}

decode = _EVENT.decode
encode = _ENCODER.encode
decode_mixed = _ANY_ECR.decode


def convert(obj: dict[str, Any]) -> ECRPullThroughCacheActionEvent:
    return msgspec.convert(obj, ECRPullThroughCacheActionEvent)


def decode_lines(data: bytes) -> list[ECRPullThroughCacheActionEvent]:
    return [decode(line) for line in data.splitlines()]


def sqs(event: dict[str, Any]) -> list[ECRPullThroughCacheActionEvent]:
    return [decode(record["body"]) for record in event["Records"]]


def to_plain(event: Any) -> Any:
    return msgspec.to_builtins(event)


def decode_all(items: list[bytes]) -> list[tuple[Any, bytes]]:
    """Each event through a bare Decoder of its own class (known in advance,
    which no consumer of a mixed stream knows), in the same lax mode as the
    library's decoders."""
    import eventbridge_structs as ebs

    pairs = []
    for raw in items:
        cls = type(ebs.decode(raw))
        decoder = _OWN.get(cls)
        if decoder is None:
            decoder = _OWN[cls] = msgspec.json.Decoder(cls, strict=False)
        pairs.append((decoder.decode, raw))
    return pairs


#: Every built-in type, prepared the same way.
decode_registry = decode_all
