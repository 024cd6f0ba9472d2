# eventbridge-structs with every built-in event module loaded: the mixed
# stream of all types (botocraft's 64, CloudTrail from seven sources). A
# worker of its own, so that the other cases keep measuring a consumer that
# loads only the ECR module its events need (loading all of them makes
# "AWS API Call via CloudTrail" a detail-type seven classes share).
from __future__ import annotations

from typing import Any

import msgspec

import eventbridge_structs as ebs

label = "eventbridge-structs"

decode = convert = encode = decode_lines = decode_mixed = sqs = None


def decode_all(items: list[bytes]) -> list[tuple[Any, bytes]]:
    """Every event through the one dispatching decode."""
    ebs.registered()  # every module loaded, as a long-running consumer ends up
    return [(ebs.decode, raw) for raw in items]


def to_plain(event: Any) -> Any:
    return msgspec.to_builtins(event)


#: Every built-in type, prepared the same way.
decode_registry = decode_all
