# botocraft 0.36.0's documented entry point: ``EventFactory().new(text)``,
# which json.loads the text, looks up the class by (source, detail-type) and
# builds botocraft's primary event class (the raw model plus a session).
# ``new`` only takes JSON text, so a Lambda handler holding a dict has to
# serialize it first; that is what ``convert`` does.
from __future__ import annotations

import json
from typing import Any

from botocraft.eventbridge import EventFactory
from pydantic import BaseModel

label = "botocraft EventFactory"

_FACTORY = EventFactory()

decode = _FACTORY.new
decode_mixed = _FACTORY.new
#: An unregistered (source, detail-type) comes back as json.loads' dict.
decode_unregistered = _FACTORY.new


def convert(obj: dict[str, Any]) -> Any:
    return _FACTORY.new(json.dumps(obj))


def encode(event: BaseModel) -> str:
    return event.model_dump_json(by_alias=True)


def decode_lines(data: bytes) -> list[Any]:
    return [decode(line) for line in data.splitlines()]


def sqs(event: dict[str, Any]) -> list[Any]:
    return [decode(record["body"]) for record in event["Records"]]


def to_plain(event: BaseModel | dict[str, Any]) -> Any:
    # A dict for a type botocraft does not map.
    return event if isinstance(event, dict) else event.model_dump(by_alias=True)


def decode_all(items: list[bytes]) -> list[tuple[Any, bytes]]:
    """Every event through botocraft's EventFactory, which maps all 64."""
    return [(_FACTORY.new, raw) for raw in items]


#: The ECR stream with one event in eight unregistered, the same way.
decode_mixed8 = decode_all


#: botocraft models 64 of the built-in types: the rest it returns as dicts.
decode_registry = None
