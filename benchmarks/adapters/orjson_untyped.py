# orjson: the fastest untyped JSON parser for Python; dicts, no validation.
from __future__ import annotations

from typing import Any

import orjson

from .._data import Bulk

typed = False  # dicts: no defaults filled in, times kept as text
label = "orjson (untyped dicts)"

decode = orjson.loads
decode_mixed = orjson.loads
decode_unregistered = orjson.loads
convert = None  # the input already is what orjson.loads returns
encode = orjson.dumps


def decode_lines(data: bytes) -> list[Any]:
    return [orjson.loads(line) for line in data.splitlines()]


def sqs(event: dict[str, Any]) -> list[Any]:
    return [orjson.loads(record["body"]) for record in event["Records"]]


def to_plain(event: Any) -> Any:
    return event


def decode_all(items: list[bytes]) -> list[tuple[Any, bytes]]:
    return [(orjson.loads, raw) for raw in items]


#: Every built-in type, prepared the same way, and the ECR stream with one
#: event in eight unregistered.
decode_registry = decode_mixed8 = decode_all


def decode_lines_bulk(bulk: Bulk) -> list[Any]:
    return [orjson.loads(line) for line in bulk.ndjson.splitlines()]


def decode_many_bulk(bulk: Bulk) -> list[Any]:
    return orjson.loads(bulk.array)  # type: ignore[no-any-return]
