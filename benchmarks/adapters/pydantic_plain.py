# A plain pydantic v2 model of the same events, written the way a user
# would write it: frozen models, kebab-case aliases, timezone-aware times,
# the detail-type as a Literal so a discriminated union dispatches the
# seven ECR types. Field for field the equivalent of eventbridge-structs'
# Structs (extra keys ignored, same required fields and defaults).
from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

label = "pydantic v2 model"


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, alias_generator=_kebab)


class _Envelope(_Model):
    account: str
    id: str
    region: str
    resources: list[str]
    source: Literal["aws.ecr"]
    time: AwareDatetime
    version: str


class PullThroughCacheAction(_Model):
    sync_status: str
    ecr_repository_prefix: str
    repository_name: str
    upstream_registry_url: str
    image_tag: str | None = None
    image_digest: str | None = None
    failure_code: str | None = None
    failure_reason: str | None = None


class PullThroughCacheActionEvent(_Envelope):
    detail_type: Literal["ECR Pull Through Cache Action"]
    detail: PullThroughCacheAction


class ImageAction(_Model):
    action_type: str
    image_digest: str | None = None
    image_tag: str | None = None
    repository_name: str
    result: str
    manifest_media_type: str | None = None
    artifact_media_type: str | None = None


class ImageActionEvent(_Envelope):
    detail_type: Literal["ECR Image Action"]
    detail: ImageAction


class ReferrerActionEvent(_Envelope):
    detail_type: Literal["ECR Referrer Action"]
    detail: ImageAction


class FindingSeverityCounts(BaseModel):
    model_config = ConfigDict(frozen=True)
    CRITICAL: float | None = None
    HIGH: float | None = None
    INFORMATIONAL: float | None = None
    LOW: float | None = None
    MEDIUM: float | None = None
    UNDEFINED: float | None = None


class ImageScan(_Model):
    image_digest: str | None = None
    image_tags: list[str] | None = None
    repository_name: str
    scan_status: str
    finding_severity_counts: FindingSeverityCounts | None = None


class ImageScanEvent(_Envelope):
    detail_type: Literal["ECR Image Scan"]
    detail: ImageScan


class ReplicationAction(_Model):
    action_type: str
    image_digest: str
    image_tag: str
    repository_name: str
    result: str
    source_account: str
    source_region: str


class ReplicationActionEvent(_Envelope):
    detail_type: Literal["ECR Replication Action"]
    detail: ReplicationAction


class ScanFrequency(Enum):
    SCAN_ON_PUSH = "SCAN_ON_PUSH"
    CONTINUOUS_SCAN = "CONTINUOUS_SCAN"
    MANUAL = "MANUAL"


class ScanType(Enum):
    ENHANCED = "ENHANCED"
    BASIC = "BASIC"


class Repository(_Model):
    repository_name: str
    repository_arn: str
    scan_frequency: ScanFrequency
    previous_scan_frequency: ScanFrequency


class ScanResourceChange(_Model):
    action_type: str
    repositories: list[Repository] = Field(default_factory=list)
    resource_type: str
    scan_type: ScanType


class ScanResourceChangeEvent(_Envelope):
    detail_type: Literal["ECR Scan Resource Change"]
    detail: ScanResourceChange


class AWSAPICallViaCloudTrail(BaseModel):
    model_config = ConfigDict(frozen=True)
    eventVersion: str
    userIdentity: dict[str, Any] | None = None
    eventTime: AwareDatetime
    eventSource: str
    eventName: str
    awsRegion: str
    sourceIPAddress: str | None = None
    userAgent: str | None = None
    requestParameters: dict[str, Any] | None = None
    responseElements: dict[str, Any] | None = None
    requestID: str | None = None
    eventID: str | None = None
    readOnly: bool | None = None
    resources: list[dict[str, Any]] | None = None
    eventType: str | None = None
    apiVersion: str | None = None
    managementEvent: bool | None = None
    recipientAccountId: str | None = None
    eventCategory: str | None = None
    tlsDetails: dict[str, Any] | None = None
    sessionCredentialFromConsole: str | None = None


class AWSAPICallViaCloudTrailEvent(_Envelope):
    detail_type: Literal["AWS API Call via CloudTrail"]
    detail: AWSAPICallViaCloudTrail


AnyECREvent = Annotated[
    Union[  # noqa: UP007
        ImageActionEvent,
        ImageScanEvent,
        ReferrerActionEvent,
        PullThroughCacheActionEvent,
        ReplicationActionEvent,
        ScanResourceChangeEvent,
        AWSAPICallViaCloudTrailEvent,
    ],
    Field(discriminator="detail_type"),
]

_ANY_ECR: TypeAdapter[Any] = TypeAdapter(AnyECREvent)

decode = PullThroughCacheActionEvent.model_validate_json
convert = PullThroughCacheActionEvent.model_validate
decode_mixed = _ANY_ECR.validate_json


def encode(event: BaseModel) -> str:
    return event.model_dump_json(by_alias=True)


def decode_lines(data: bytes) -> list[PullThroughCacheActionEvent]:
    return [decode(line) for line in data.splitlines()]


def sqs(event: dict[str, Any]) -> list[PullThroughCacheActionEvent]:
    return [decode(record["body"]) for record in event["Records"]]


def to_plain(event: BaseModel) -> Any:
    return event.model_dump(by_alias=True)


decode_all = None  # ECR only: no model of the other 57 types
decode_registry = None
