# Amazon ECR events, as EventBridge delivers them: the seven ECR event types
# documented in "Amazon ECR events and EventBridge"
# (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html)
# and modelled by botocraft 0.36.0 (``botocraft.eventbridge.ecr`` and
# ``botocraft.eventbridge.raw.ecr``). Class names, JSON names, Python names,
# field order, types, required fields and defaults follow botocraft's
# documented models exactly; fields real events carry beyond them (such as
# ``rule-version``) are accepted and ignored.
from __future__ import annotations

from enum import Enum
from typing import Any

import msgspec

from ._envelope import AwareDatetime, Model, SchemaInfo, TypedEvent
from ._registry import register

__all__ = [
    "ECRAWSAPICallViaCloudTrail",
    "ECRAWSAPICallViaCloudTrailEvent",
    "ECRImageAction",
    "ECRImageActionEvent",
    "ECRImageScan",
    "ECRImageScanEvent",
    "ECRPullThroughCacheAction",
    "ECRPullThroughCacheActionEvent",
    "ECRReferrerAction",
    "ECRReferrerActionEvent",
    "ECRReplicationAction",
    "ECRReplicationActionEvent",
    "ECRScanResourceChangeEvent",
    "FindingSeverityCounts",
    "Repository",
    "ScanFrequency",
    "ScanResourceChange",
    "ScanType",
]

#: The ``source`` of every ECR event.
SOURCE = "aws.ecr"


def _summary(
    event: TypedEvent, label: str, fields: tuple[str, ...], end: str = ">"
) -> str:
    """botocraft's one-line ``str()`` of an event: ``<Event: label:
    account=..., source=..., time=..., region=..., resources=[...]``, then
    the named detail fields, then ``end``."""
    parts = [
        f"account={event.account}",
        f"source={event.source}",
        f"time={event.time}",
        f"region={event.region}",
        f"resources={event.resources}",
        *(f"{name}={getattr(event.detail, name)}" for name in fields),
    ]
    return f"<Event: {label}: " + ", ".join(parts) + end


class _Detail(Model, frozen=True, kw_only=True, gc=False, rename="kebab"):
    """Base of the ECR details whose JSON names are kebab-case."""


# --- ECR Pull Through Cache Action -----------------------------------------


class ECRPullThroughCacheAction(_Detail, frozen=True, kw_only=True, gc=False):
    """Detail of an "ECR Pull Through Cache Action" event: the outcome of
    syncing a pull through cache repository with its upstream registry.

    See "Event for a pull through cache action" in
    https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html

    Attributes
    ----------
    sync_status : str
        The status of the cache synchronization (e.g. ``"SUCCESS"``).
    ecr_repository_prefix : str
        The repository prefix of the pull through cache rule.
    repository_name : str
        The name of the repository being cached.
    upstream_registry_url : str
        The URL of the upstream registry images are pulled from.
    image_tag : str, optional
        The tag of the image pulled through the cache, if any.
    image_digest : str, optional
        The digest of the image pulled through the cache, if any.
    failure_code : str, optional
        Why the synchronization failed, as a code.
    failure_reason : str, optional
        Why the synchronization failed, in words.
    """

    __schema__ = SchemaInfo(
        description="Represents details about an ECR pull-through cache action.  Contains\n"
        "information about the pull-through cache operation, including status,\n"
        "repository details, and any failure information if the operation was\n"
        "unsuccessful.",
    )

    sync_status: str
    ecr_repository_prefix: str
    repository_name: str
    upstream_registry_url: str
    image_tag: str | None = None
    image_digest: str | None = None
    failure_code: str | None = None
    failure_reason: str | None = None


class ECRPullThroughCacheActionEvent(
    TypedEvent, frozen=True, kw_only=True, gc=False, tag="ECR Pull Through Cache Action"
):
    """An "ECR Pull Through Cache Action" event, emitted when a pull through
    cache repository is synchronized with its upstream registry.

    See "Event for a pull through cache action" in
    https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html
    """

    __schema__ = SchemaInfo(
        description="ECR Pull Through Cache Action Event class.\n\n"
        "This event is triggered when a pull through cache is synchronized with an\n"
        "upstream registry. It contains details about the synchronization status,\n"
        "repository details, and any failure information if the operation was\n"
        "unsuccessful.",
        raw_description="Represents a complete ECR Pull Through Cache Action event from EventBridge.\n"
        "Contains metadata about the event and the actual pull-through cache action\n"
        "details.",
    )

    detail: ECRPullThroughCacheAction

    def __str__(self) -> str:
        """botocraft's summary line. Its quirks are kept: no ``failure_*``."""
        return _summary(
            self,
            "ECR PullThroughCache Action",
            (
                "repository_name",
                "image_digest",
                "image_tag",
                "sync_status",
                "ecr_repository_prefix",
                "upstream_registry_url",
            ),
        )


# --- ECR Image Action ---------------------------------------------------------


class ECRImageAction(_Detail, frozen=True, kw_only=True, gc=False):
    """Detail of an "ECR Image Action" event: an image was pushed or deleted.

    See "Event for a completed image push" and "Event for an image deletion"
    in https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html

    Attributes
    ----------
    action_type : str
        The action performed (``"PUSH"``, ``"DELETE"``).
    image_digest : str, optional
        The digest of the image.
    image_tag : str, optional
        The tag of the image, if any.
    repository_name : str
        The repository holding the image.
    result : str
        The result of the action (``"SUCCESS"``, ``"FAILURE"``).
    manifest_media_type : str, optional
        The media type of the image manifest.
    artifact_media_type : str, optional
        The media type of the artifact.
    """

    __schema__ = SchemaInfo(
        description="Represents details about an action performed on an ECR image.\n"
        "This includes pushes, pulls, and other operations on container images.",
    )

    action_type: str
    image_digest: str | None = None
    image_tag: str | None = None
    repository_name: str
    result: str
    manifest_media_type: str | None = None
    artifact_media_type: str | None = None


class ECRImageActionEvent(
    TypedEvent, frozen=True, kw_only=True, gc=False, tag="ECR Image Action"
):
    """An "ECR Image Action" event, emitted when an image is pushed or deleted.

    See https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html
    """

    __schema__ = SchemaInfo(
        description="ECR Image Action Event class.",
        raw_description="Represents a complete ECR Image Action event from EventBridge.\n"
        "Contains metadata about the event and the actual image action details.",
    )

    detail: ECRImageAction

    def __str__(self) -> str:
        """botocraft's summary line."""
        return _summary(
            self,
            "ECR Image Action",
            ("repository_name", "image_digest", "image_tag", "action_type", "result"),
        )


# --- ECR Image Scan -----------------------------------------------------------


class FindingSeverityCounts(Model, frozen=True, kw_only=True, gc=False):
    """The number of findings of an image scan, per severity.

    JSON and Python names are the upper-case severities, as documented.
    """

    __schema__ = SchemaInfo(
        description="Represents the counts of security findings by severity level from an ECR "
        "image scan.\n"
        "Each attribute indicates the number of findings at that severity level.",
    )

    CRITICAL: float | None = None
    HIGH: float | None = None
    INFORMATIONAL: float | None = None
    LOW: float | None = None
    MEDIUM: float | None = None
    UNDEFINED: float | None = None


class ECRImageScan(_Detail, frozen=True, kw_only=True, gc=False):
    """Detail of an "ECR Image Scan" event: a basic image scan completed.

    See "Event for an image scan completed (basic scanning)" in
    https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html

    Attributes
    ----------
    image_digest : str, optional
        The digest of the scanned image.
    image_tags : list of str, optional
        The tags of the scanned image.
    repository_name : str
        The repository holding the image.
    scan_status : str
        The status of the scan (``"COMPLETE"``, ``"FAILED"``).
    finding_severity_counts : FindingSeverityCounts, optional
        The findings per severity.
    """

    __schema__ = SchemaInfo(
        description="Represents the details of an ECR image scan operation.\n"
        "Contains information about the scanned image and the scan results.",
    )

    image_digest: str | None = None
    image_tags: list[str] | None = None
    repository_name: str
    scan_status: str
    finding_severity_counts: FindingSeverityCounts | None = None


class ECRImageScanEvent(
    TypedEvent, frozen=True, kw_only=True, gc=False, tag="ECR Image Scan"
):
    """An "ECR Image Scan" event, emitted when a basic image scan completes.

    See https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html
    """

    __schema__ = SchemaInfo(
        description="ECR Image Scan Event class.",
        raw_description="Represents a complete ECR Image Scan event from EventBridge.\n"
        "Contains metadata about the event and the actual scan details.",
    )

    detail: ECRImageScan

    def __str__(self) -> str:
        """botocraft's summary line; its quirk is kept: it says "ECR Scan
        Action", not "ECR Image Scan"."""
        return _summary(
            self,
            "ECR Scan Action",
            ("repository_name", "image_digest", "image_tags", "scan_status"),
        )


# --- ECR Referrer Action ------------------------------------------------------


class ECRReferrerAction(_Detail, frozen=True, kw_only=True, gc=False):
    """Detail of an "ECR Referrer Action" event: a referrer (signature, SBOM,
    attestation) of an image was pushed, pulled or deleted.

    See "Event for a referrer action" in
    https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html

    Attributes are those of :class:`ECRImageAction`.
    """

    __schema__ = SchemaInfo(
        description="Represents details about an action performed on an ECR referrer.  This\n"
        "includes pulls and other operations on container images referenced by an\n"
        "upstream image or repository.",
    )

    action_type: str
    image_digest: str | None = None
    image_tag: str | None = None
    repository_name: str
    result: str
    manifest_media_type: str | None = None
    artifact_media_type: str | None = None


class ECRReferrerActionEvent(
    TypedEvent, frozen=True, kw_only=True, gc=False, tag="ECR Referrer Action"
):
    """An "ECR Referrer Action" event.

    See https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html
    """

    # botocraft 0.36.0 documents this class with the image scan docstring.
    __schema__ = SchemaInfo(
        description="ECR Image Scan Event class.",
        raw_description="Represents a complete ECR Referrer Action event from EventBridge.\n"
        "Contains metadata about the event and the actual referrer action details.",
    )

    detail: ECRReferrerAction

    def __str__(self) -> str:
        """botocraft's summary line (no ``action_type``, as botocraft)."""
        return _summary(
            self,
            "ECR Referrer Action",
            ("repository_name", "image_digest", "image_tag", "result"),
        )


# --- ECR Replication Action ---------------------------------------------------


class ECRReplicationAction(_Detail, frozen=True, kw_only=True, gc=False):
    """Detail of an "ECR Replication Action" event: an image was replicated
    to this registry from another region or account.

    See "Event for a replication action" in
    https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html

    Attributes
    ----------
    action_type : str
        The replication action (``"REPLICATE"``).
    image_digest : str
        The digest of the replicated image.
    image_tag : str
        The tag of the replicated image.
    repository_name : str
        The destination repository.
    result : str
        The result (``"SUCCESS"``, ``"FAILURE"``).
    source_account : str
        The account of the source repository.
    source_region : str
        The region of the source repository.
    """

    __schema__ = SchemaInfo(
        description="Represents details about an ECR image replication action.  Contains\n"
        "information about images being replicated between ECR repositories across\n"
        "regions or accounts, along with the result status of the operation.",
    )

    action_type: str
    image_digest: str
    image_tag: str
    repository_name: str
    result: str
    source_account: str
    source_region: str


class ECRReplicationActionEvent(
    TypedEvent, frozen=True, kw_only=True, gc=False, tag="ECR Replication Action"
):
    """An "ECR Replication Action" event, emitted when an image is replicated
    between regions or accounts.

    See https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html
    """

    __schema__ = SchemaInfo(
        description="ECR Replication Action Event class.\n\n"
        "This event is triggered when an image is replicated between ECR repositories\n"
        "across regions or accounts. It contains details about the replication "
        "action,\n"
        "including the image being replicated and the result status of the operation.",
        raw_description="Represents a complete ECR Replication Action event from EventBridge.\n"
        "Contains metadata about the event and the actual replication action details.",
    )

    detail: ECRReplicationAction

    def __str__(self) -> str:
        """botocraft's summary line; its quirk is kept: it says "ECR
        PullThroughCache Action" (copied from that class)."""
        return _summary(
            self,
            "ECR PullThroughCache Action",
            ("repository_name", "image_digest", "image_tag", "action_type", "result"),
        )


# --- ECR Scan Resource Change -------------------------------------------------


class ScanFrequency(Enum):
    """How often ECR scans a repository's images."""

    __schema__ = SchemaInfo(
        description="Enumeration of possible ECR image scan frequency settings.\n"
        "Defines how often AWS ECR will scan container images for vulnerabilities.",
    )

    SCAN_ON_PUSH = "SCAN_ON_PUSH"
    CONTINUOUS_SCAN = "CONTINUOUS_SCAN"
    MANUAL = "MANUAL"


class ScanType(Enum):
    """The kind of vulnerability scanning configured for a registry."""

    __schema__ = SchemaInfo(
        description="Enumeration of ECR scan types.\n"
        "Defines the type of vulnerability scanning being performed on ECR images.",
    )

    ENHANCED = "ENHANCED"
    BASIC = "BASIC"


class Repository(_Detail, frozen=True, kw_only=True, gc=False):
    """A repository whose scan frequency changed, in a scan resource change.

    Attributes
    ----------
    repository_name : str
    repository_arn : str
    scan_frequency : ScanFrequency
        The new scan frequency.
    previous_scan_frequency : ScanFrequency
        The scan frequency before the change.
    """

    __schema__ = SchemaInfo(
        description="Represents an ECR repository affected by a scan resource change.  Contains\n"
        "details about the repository and how its scan configuration has changed.",
    )

    repository_name: str
    repository_arn: str
    scan_frequency: ScanFrequency
    previous_scan_frequency: ScanFrequency


class ScanResourceChange(_Detail, frozen=True, kw_only=True, gc=False):
    """Detail of an "ECR Scan Resource Change" event: enhanced scanning was
    turned on or off, or a repository's scan frequency changed.

    See "Event for a change in scan resource" in
    https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html

    Attributes
    ----------
    action_type : str
        The change (e.g. ``"SCAN_FREQUENCY_CHANGE"``).
    repositories : list of Repository
        The repositories affected; empty when absent.
    resource_type : str
        The resource changed (``"REPOSITORY"``, ``"REGISTRY"``).
    scan_type : ScanType
        The scan type now configured.
    """

    __schema__ = SchemaInfo(
        description="Represents details about a change to ECR scan resource configuration.\n"
        "Contains information about what type of change occurred and which\n"
        "repositories were affected.",
    )

    action_type: str
    repositories: list[Repository] = msgspec.field(default_factory=list)
    resource_type: str
    scan_type: ScanType


class ECRScanResourceChangeEvent(
    TypedEvent, frozen=True, kw_only=True, gc=False, tag="ECR Scan Resource Change"
):
    """An "ECR Scan Resource Change" event.

    See https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html
    """

    __schema__ = SchemaInfo(
        order=(
        "detail",
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "resources",
    ),
        description="ECR Scan Resource Change Event class.\n\n"
        "This event is triggered when the scan status of an image in an ECR "
        "repository\n"
        "changes. It contains details about the image and the new scan status.",
        raw_description="Represents a complete ECR Scan Resource Change event from EventBridge.\n"
        "Contains metadata about the event and the actual scan resource change "
        "details.",
    )

    detail: ScanResourceChange

    def __str__(self) -> str:
        """botocraft's summary line; its quirk is kept: a trailing space
        after the closing ``>``."""
        return _summary(
            self,
            "ECR Scan Resource Change",
            ("repositories", "scan_type", "resource_type", "action_type"),
            end="> ",
        )


# --- AWS API Call via CloudTrail ------------------------------------------------


class ECRAWSAPICallViaCloudTrail(Model, frozen=True, kw_only=True, gc=False):
    """Detail of an "AWS API Call via CloudTrail" event from ECR: the
    CloudTrail record of an ECR API call. JSON and Python names are
    CloudTrail's camelCase, as documented.

    See https://docs.aws.amazon.com/AmazonECR/latest/userguide/logging-using-cloudtrail.html
    and the CloudTrail record contents reference
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
    """

    __schema__ = SchemaInfo(
        description="Detail payload for an ECR API call delivered via CloudTrail.\n\n"
        "The EventBridge reference documents the event-pattern contract for this\n"
        "event family but not a service-specific full schema, so flexible mapping\n"
        "fields remain ``dict[str, Any]`` where request and response shapes vary by\n"
        "API operation.",
    )

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


class ECRAWSAPICallViaCloudTrailEvent(
    TypedEvent, frozen=True, kw_only=True, gc=False, tag="AWS API Call via CloudTrail"
):
    """An "AWS API Call via CloudTrail" event whose source is ``aws.ecr``.

    Every service shares this detail-type; the registry binds this class to
    the ``aws.ecr`` source only.

    See https://docs.aws.amazon.com/AmazonECR/latest/userguide/logging-using-cloudtrail.html
    """

    __schema__ = SchemaInfo(
        order=(
        "detail",
        "detail-type",
        "resources",
        "id",
        "source",
        "time",
        "region",
        "version",
        "account",
    ),
        description="ECR AWS API Call Via CloudTrail Event class.\n\n"
        "This event is triggered when an AWS API call is made via CloudTrail. It\n"
        "contains details about the API call, including the event name, source IP,\n"
        "and user agent.",
        raw_description="Top-level EventBridge envelope for ECR CloudTrail API call events.",
    )

    detail: ECRAWSAPICallViaCloudTrail

    def __str__(self) -> str:
        """botocraft's summary line; its quirk is kept: a trailing space
        after the closing ``>``."""
        return _summary(self, "ECR AWS API Call Via CloudTrail", (), end="> ")


#: The ECR event classes, in the order botocraft registers them.
EVENT_TYPES: tuple[type[TypedEvent], ...] = (
    ECRImageActionEvent,
    ECRImageScanEvent,
    ECRReferrerActionEvent,
    ECRPullThroughCacheActionEvent,
    ECRReplicationActionEvent,
    ECRScanResourceChangeEvent,
    ECRAWSAPICallViaCloudTrailEvent,
)

for _cls in EVENT_TYPES:
    register(SOURCE, _cls.__struct_config__.tag, _cls)  # type: ignore[arg-type]
del _cls
