# Derived, offline properties of the ElastiCache event classes (mixins the
# generator makes bases of the classes in eventbridge_structs.elasticache).
# botocraft 0.36.0's properties (botocraft/eventbridge/elasticache.py) are
# the spec.
"""Derived properties of the ElastiCache events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ._common import first_resource

__all__ = ["MIXINS", "ElastiCacheNotificationEvent"]


class _NotificationDetail(Protocol):
    """What every ElastiCache notification's ``detail`` carries."""

    @property
    def Message(self) -> str: ...
    @property
    def SourceArn(self) -> str: ...
    @property
    def SourceIdentifier(self) -> str: ...
    @property
    def SourceType(self) -> str: ...


class ElastiCacheNotificationEvent:
    """Properties of the ElastiCache notifications, every ``aws.elasticache``
    event but the CloudTrail one (botocraft's
    ``ElastiCacheNotificationEvent``)."""

    __slots__ = ()

    if TYPE_CHECKING:
        detail: _NotificationDetail
        resources: list[str]

    @property
    def source_arn(self) -> str:
        """The ARN of the resource the notification is about.

        Returns
        -------
        str
            ``detail.SourceArn``.
        """
        return self.detail.SourceArn

    @property
    def source_identifier(self) -> str:
        """The identifier of the resource (a cluster or replication group ID).

        Returns
        -------
        str
            ``detail.SourceIdentifier``.
        """
        return self.detail.SourceIdentifier

    @property
    def source_type(self) -> str:
        """The type of the resource (``cache-cluster``, ``replication-group``...).

        Returns
        -------
        str
            ``detail.SourceType``.
        """
        return self.detail.SourceType

    @property
    def message(self) -> str:
        """The notification's human-readable message.

        Returns
        -------
        str
            ``detail.Message``.
        """
        return self.detail.Message

    @property
    def resource_arn(self) -> str | None:
        """The event's first resource ARN.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)


#: Generated event class -> the mixin it inherits (read by the generator).
MIXINS: dict[str, str] = {
    "ElastiCacheCacheCreatedEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheCacheCreationFailedEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheCacheDeletedEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheCacheLimitApproachingEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheCacheUpdateFailedEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheCacheUpdatedEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheSnapshotCopyFailedEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheSnapshotCreatedEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheSnapshotCreationFailedEvent": "ElastiCacheNotificationEvent",
    "ElastiCacheSnapshotExportFailedEvent": "ElastiCacheNotificationEvent",
}
