# botocraft 0.36.0's documented raw model
# (botocraft.eventbridge.raw.ecr.ECRPullThroughCacheActionEvent), a plain
# pydantic model, driven by its own pydantic methods.
from __future__ import annotations

from typing import Any

from botocraft.eventbridge.raw.ecr import ECRPullThroughCacheActionEvent
from pydantic import BaseModel

label = "botocraft raw model"

decode = ECRPullThroughCacheActionEvent.model_validate_json
convert = ECRPullThroughCacheActionEvent.model_validate
decode_mixed = None  # the raw models have no dispatch; see botocraft_factory


def encode(event: BaseModel) -> str:
    return event.model_dump_json(by_alias=True)


def decode_lines(data: bytes) -> list[ECRPullThroughCacheActionEvent]:
    return [decode(line) for line in data.splitlines()]


def sqs(event: dict[str, Any]) -> list[ECRPullThroughCacheActionEvent]:
    return [decode(record["body"]) for record in event["Records"]]


def to_plain(event: BaseModel) -> Any:
    return event.model_dump(by_alias=True)


decode_all = None  # ECR only: no model of the other 57 types
decode_registry = None
