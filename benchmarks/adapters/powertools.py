# The Powertools for AWS Lambda parser: an ``EventBridgeModel`` subclass
# whose detail is a pydantic model, parsed with ``parse`` as its docs show
# (https://docs.powertools.aws.dev/lambda/python/latest/utilities/parser/),
# and ``SqsEnvelope`` for the SQS batch.
from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.parser import envelopes, parse
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, Field

label = "Powertools parser"


class PullThroughCacheAction(BaseModel):
    sync_status: str = Field(alias="sync-status")
    ecr_repository_prefix: str = Field(alias="ecr-repository-prefix")
    repository_name: str = Field(alias="repository-name")
    upstream_registry_url: str = Field(alias="upstream-registry-url")
    image_tag: str | None = Field(None, alias="image-tag")
    image_digest: str | None = Field(None, alias="image-digest")
    failure_code: str | None = Field(None, alias="failure-code")
    failure_reason: str | None = Field(None, alias="failure-reason")


class PullThroughCacheActionEvent(EventBridgeModel):
    detail: PullThroughCacheAction


def decode(data: bytes) -> PullThroughCacheActionEvent:
    # parse() takes a dict or JSON text as str (bytes would be validated as
    # a Python object and rejected).
    return parse(event=data.decode(), model=PullThroughCacheActionEvent)


def convert(obj: dict[str, Any]) -> PullThroughCacheActionEvent:
    return parse(event=obj, model=PullThroughCacheActionEvent)


def encode(event: BaseModel) -> str:
    return event.model_dump_json(by_alias=True)


def decode_lines(data: bytes) -> list[PullThroughCacheActionEvent]:
    return [decode(line) for line in data.splitlines()]


decode_mixed = None  # no dispatch: one model per parse call


def sqs(event: dict[str, Any]) -> list[PullThroughCacheActionEvent]:
    return parse(
        event=event, model=PullThroughCacheActionEvent, envelope=envelopes.SqsEnvelope
    )


def to_plain(event: BaseModel) -> Any:
    return event.model_dump(by_alias=True)


decode_all = None  # ECR only: no model of the other 57 types
decode_registry = None
