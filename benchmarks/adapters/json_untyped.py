# The standard library's json: untyped dicts, no validation. A reference
# point for "just parse it".
from __future__ import annotations

import json
from typing import Any

typed = False  # dicts: no defaults filled in, times kept as text
label = "json (untyped dicts)"

decode = json.loads
decode_mixed = json.loads
decode_unregistered = json.loads
convert = None  # the input already is what json.loads returns
encode = json.dumps


def decode_lines(data: bytes) -> list[Any]:
    return [json.loads(line) for line in data.splitlines()]


def sqs(event: dict[str, Any]) -> list[Any]:
    return [json.loads(record["body"]) for record in event["Records"]]


def to_plain(event: Any) -> Any:
    return event


def decode_all(items: list[bytes]) -> list[tuple[Any, bytes]]:
    return [(json.loads, raw) for raw in items]


#: Every built-in type, prepared the same way, and the ECR stream with one
#: event in eight unregistered.
decode_registry = decode_mixed8 = decode_all
