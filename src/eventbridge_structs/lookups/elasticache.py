# ElastiCache's lookups: the cache cluster or replication group an
# ElastiCache notification names, through Amazon ElastiCache's
# DescribeCacheClusters and DescribeReplicationGroups
# (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/),
# returned as the API's CacheCluster and ReplicationGroup shapes (PascalCase
# names as the API writes them). These are botocraft 0.36.0's
# ``cache_cluster`` and ``replication_group`` properties: the event's
# ``SourceType`` says which of the two its ``SourceIdentifier`` names; one
# request per distinct id (the API describes one id per call).
#
# Which field of which ElastiCache event names what is the table
# ELASTICACHE_TARGETS; the algorithm is _base.ResourceLookups'.
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import msgspec

from .. import elasticache as elasticache_events
from .._envelope import Model
from ._base import (
    E,
    Found,
    Malformed,
    Prop,
    Resolved,
    ResourceBoundEvent,
    ResourceLookups,
    Spec,
    TargetTable,
    resolved_type,
)

__all__ = [
    "ELASTICACHE_TARGETS",
    "CacheCluster",
    "CacheNode",
    "ElastiCacheBoundEvent",
    "ElastiCacheLookups",
    "ElastiCacheResolved",
    "ElastiCacheTargets",
    "Endpoint",
    "ReplicationGroup",
]


class Endpoint(Model, frozen=True, kw_only=True, gc=False):
    """A host and port.

    See https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_Endpoint.html
    """

    Address: str | None = None
    Port: int | None = None


class CacheNode(Model, frozen=True, kw_only=True, gc=False):
    """A node of a cache cluster.

    See https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html
    """

    CacheNodeId: str | None = None
    CacheNodeStatus: str | None = None
    CacheNodeCreateTime: datetime | None = None
    Endpoint: Endpoint | None = None
    ParameterGroupStatus: str | None = None
    SourceCacheNodeId: str | None = None
    CustomerAvailabilityZone: str | None = None


class CacheCluster(Model, frozen=True, kw_only=True, gc=False):
    """A cache cluster, as DescribeCacheClusters returns it.

    See https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheCluster.html
    """

    CacheClusterId: str
    ARN: str | None = None
    CacheClusterStatus: str | None = None
    Engine: str | None = None
    EngineVersion: str | None = None
    CacheNodeType: str | None = None
    NumCacheNodes: int | None = None
    PreferredAvailabilityZone: str | None = None
    CacheClusterCreateTime: datetime | None = None
    PreferredMaintenanceWindow: str | None = None
    ConfigurationEndpoint: Endpoint | None = None
    CacheNodes: list[CacheNode] = msgspec.field(default_factory=list)
    CacheSubnetGroupName: str | None = None
    CacheParameterGroup: dict[str, Any] | None = None
    SecurityGroups: list[dict[str, Any]] = msgspec.field(default_factory=list)
    PendingModifiedValues: dict[str, Any] | None = None
    NotificationConfiguration: dict[str, Any] | None = None
    ReplicationGroupId: str | None = None
    AutoMinorVersionUpgrade: bool | None = None
    SnapshotRetentionLimit: int | None = None
    SnapshotWindow: str | None = None
    AuthTokenEnabled: bool | None = None
    TransitEncryptionEnabled: bool | None = None
    AtRestEncryptionEnabled: bool | None = None
    NetworkType: str | None = None
    IpDiscovery: str | None = None


class ReplicationGroup(Model, frozen=True, kw_only=True, gc=False):
    """A replication group, as DescribeReplicationGroups returns it.

    See https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ReplicationGroup.html
    """

    ReplicationGroupId: str
    ARN: str | None = None
    Description: str | None = None
    Status: str | None = None
    Engine: str | None = None
    MemberClusters: list[str] = msgspec.field(default_factory=list)
    NodeGroups: list[dict[str, Any]] = msgspec.field(default_factory=list)
    ConfigurationEndpoint: Endpoint | None = None
    AutomaticFailover: str | None = None
    MultiAZ: str | None = None
    ClusterEnabled: bool | None = None
    ClusterMode: str | None = None
    CacheNodeType: str | None = None
    SnapshotRetentionLimit: int | None = None
    SnapshotWindow: str | None = None
    AuthTokenEnabled: bool | None = None
    TransitEncryptionEnabled: bool | None = None
    AtRestEncryptionEnabled: bool | None = None
    KmsKeyId: str | None = None
    UserGroupIds: list[str] = msgspec.field(default_factory=list)
    ReplicationGroupCreateTime: datetime | None = None
    DataTiering: str | None = None
    NetworkType: str | None = None
    IpDiscovery: str | None = None
    PendingModifiedValues: dict[str, Any] | None = None


@dataclass(frozen=True)
class ElastiCacheTargets:
    """Which fields of an ElastiCache event class name its cache cluster and
    replication group.

    Attributes
    ----------
    cache_cluster, replication_group : Spec, optional
        The id (``None`` when the event names the other kind).
    region, account : Spec
    """

    cache_cluster: Spec | None = None
    replication_group: Spec | None = None
    region: Spec = "region"
    account: Spec = "account"


def _source_of(*types: str) -> Any:
    """The event's ``SourceIdentifier`` when its ``SourceType`` is one of
    ``types`` (botocraft's test: a substring, case-insensitive)."""

    def read(event: Any) -> str | None:
        source_type = event.detail.SourceType.lower()
        if any(t in source_type for t in types):
            return event.detail.SourceIdentifier  # type: ignore[no-any-return]
        return None

    read.__qualname__ = f"detail.SourceIdentifier if SourceType in {types}"
    return read


_NOTIFICATION = ElastiCacheTargets(
    cache_cluster=_source_of("cache-cluster", "serverless-cache"),
    replication_group=_source_of("replication-group"),
)

#: The ElastiCache notifications (botocraft's ``ElastiCacheNotificationEvent``).
ELASTICACHE_TARGETS: TargetTable[ElastiCacheTargets] = TargetTable(
    "ElastiCache",
    {
        cls: _NOTIFICATION
        for cls in (
            elasticache_events.ElastiCacheCacheCreatedEvent,
            elasticache_events.ElastiCacheCacheCreationFailedEvent,
            elasticache_events.ElastiCacheCacheDeletedEvent,
            elasticache_events.ElastiCacheCacheLimitApproachingEvent,
            elasticache_events.ElastiCacheCacheUpdateFailedEvent,
            elasticache_events.ElastiCacheCacheUpdatedEvent,
            elasticache_events.ElastiCacheSnapshotCopyFailedEvent,
            elasticache_events.ElastiCacheSnapshotCreatedEvent,
            elasticache_events.ElastiCacheSnapshotCreationFailedEvent,
            elasticache_events.ElastiCacheSnapshotExportFailedEvent,
        )
    },
)

_PROPERTIES = {
    "cache_cluster": Prop("cache_cluster"),
    "replication_group": Prop("replication_group"),
}

ElastiCacheResolved: type[Resolved] = resolved_type(
    "ElastiCacheResolved",
    tuple(_PROPERTIES),
    "One event's row from :meth:`ElastiCacheLookups.resolve`: ``(event, "
    "cache_cluster, replication_group, error)``.",
)


class ElastiCacheBoundEvent(ResourceBoundEvent[E]):
    """A read-only view of an ElastiCache notification with its
    ``cache_cluster`` and ``replication_group``."""

    __slots__ = ()

    @property
    def cache_cluster(self) -> CacheCluster | None:
        """The cache cluster the event names (None when it names a
        replication group)."""
        return cast("CacheCluster | None", self._lookup("cache_cluster"))

    @property
    def replication_group(self) -> ReplicationGroup | None:
        """The replication group the event names (None when it names a cache
        cluster)."""
        return cast("ReplicationGroup | None", self._lookup("replication_group"))


#: Kind -> (operation, id parameter, response list, the Struct).
_KINDS: dict[str, tuple[str, str, str, type[Model]]] = {
    "cache_cluster": (
        "DescribeCacheClusters",
        "CacheClusterId",
        "CacheClusters",
        CacheCluster,
    ),
    "replication_group": (
        "DescribeReplicationGroups",
        "ReplicationGroupId",
        "ReplicationGroups",
        ReplicationGroup,
    ),
}


class ElastiCacheLookups(ResourceLookups[ElastiCacheTargets, Resolved]):
    """Look up the ElastiCache cache clusters and replication groups events
    name, cached.

    Parameters
    ----------
    session : boto3.Session, optional
    **options
        As :class:`~eventbridge_structs.lookups.ServiceLookups`.
    """

    service = "elasticache"
    targets = ELASTICACHE_TARGETS
    not_found = frozenset({"CacheClusterNotFound", "ReplicationGroupNotFoundFault"})
    properties = _PROPERTIES
    resolved_type = ElastiCacheResolved
    bound_type = ElastiCacheBoundEvent

    def _fetch(self, kind: str, group: tuple[str, str, str], ids: list[str]) -> Found:
        operation, param, field, shape = _KINDS[kind]

        def parse(response: Any, chunk: list[str]) -> Found:
            items = response.get(field)
            if not isinstance(items, list):
                raise Malformed(field)
            for item in items:
                if item.get(param) == chunk[0]:
                    return {chunk[0]: msgspec.convert(item, shape)}
            return {}

        params = {"ShowCacheNodeInfo": True} if kind == "cache_cluster" else {}
        return self.batched(
            operation,
            kind,
            group,
            ids,
            size=1,
            params=lambda chunk: {param: chunk[0], **params},
            parse=parse,
        )
