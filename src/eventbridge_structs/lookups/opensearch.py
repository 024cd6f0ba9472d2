# OpenSearch's lookups: the domain an ``aws.es`` event names, through Amazon
# OpenSearch Service's DescribeDomains
# (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DescribeDomains.html)
# for the OpenSearch events and the legacy Elasticsearch Service API's
# DescribeElasticsearchDomains
# (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DescribeElasticsearchDomains.html)
# for the Elasticsearch ones, returned as the API's DomainStatus and
# ElasticsearchDomainStatus shapes (PascalCase names as the API writes them).
# This is botocraft 0.36.0's ``domain`` property: up to 5 domain names per
# call (both APIs' limit); a missing domain is absent from the answer.
#
# Which field of which event names the domain is the table OPENSEARCH_TARGETS;
# the algorithm is _base.ResourceLookups'.
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, cast

import msgspec

from .. import elasticsearch as elasticsearch_events
from .. import opensearch as opensearch_events
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
    "OPENSEARCH_TARGETS",
    "DomainStatus",
    "ElasticsearchDomainStatus",
    "OpenSearchBoundEvent",
    "OpenSearchLookups",
    "OpenSearchResolved",
    "OpenSearchTargets",
]

#: Domain names per DescribeDomains / DescribeElasticsearchDomains.
MAX_NAMES = 5


class DomainStatus(Model, frozen=True, kw_only=True, gc=False):
    """An OpenSearch Service domain, as DescribeDomains returns it.

    See https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainStatus.html
    """

    DomainId: str
    DomainName: str
    ARN: str
    Created: bool | None = None
    Deleted: bool | None = None
    Endpoint: str | None = None
    EndpointV2: str | None = None
    Endpoints: dict[str, str] | None = None
    Processing: bool | None = None
    UpgradeProcessing: bool | None = None
    EngineVersion: str | None = None
    ClusterConfig: dict[str, Any] | None = None
    EBSOptions: dict[str, Any] | None = None
    AccessPolicies: str | None = None
    IPAddressType: str | None = None
    SnapshotOptions: dict[str, Any] | None = None
    VPCOptions: dict[str, Any] | None = None
    CognitoOptions: dict[str, Any] | None = None
    EncryptionAtRestOptions: dict[str, Any] | None = None
    NodeToNodeEncryptionOptions: dict[str, Any] | None = None
    AdvancedOptions: dict[str, str] | None = None
    ServiceSoftwareOptions: dict[str, Any] | None = None
    DomainEndpointOptions: dict[str, Any] | None = None
    AdvancedSecurityOptions: dict[str, Any] | None = None
    AutoTuneOptions: dict[str, Any] | None = None
    OffPeakWindowOptions: dict[str, Any] | None = None
    SoftwareUpdateOptions: dict[str, Any] | None = None
    DomainProcessingStatus: str | None = None


class ElasticsearchDomainStatus(Model, frozen=True, kw_only=True, gc=False):
    """A legacy Elasticsearch Service domain, as DescribeElasticsearchDomains
    returns it.

    See https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_ElasticsearchDomainStatus.html
    """

    DomainId: str
    DomainName: str
    ARN: str
    Created: bool | None = None
    Deleted: bool | None = None
    Endpoint: str | None = None
    Endpoints: dict[str, str] | None = None
    Processing: bool | None = None
    UpgradeProcessing: bool | None = None
    ElasticsearchVersion: str | None = None
    ElasticsearchClusterConfig: dict[str, Any] | None = None
    EBSOptions: dict[str, Any] | None = None
    AccessPolicies: str | None = None
    SnapshotOptions: dict[str, Any] | None = None
    VPCOptions: dict[str, Any] | None = None
    EncryptionAtRestOptions: dict[str, Any] | None = None
    NodeToNodeEncryptionOptions: dict[str, Any] | None = None
    AdvancedOptions: dict[str, str] | None = None
    ServiceSoftwareOptions: dict[str, Any] | None = None
    DomainEndpointOptions: dict[str, Any] | None = None
    AutoTuneOptions: dict[str, Any] | None = None
    DomainProcessingStatus: str | None = None


@dataclass(frozen=True)
class OpenSearchTargets:
    """Which field of an ``aws.es`` event class names its domain, and through
    which API.

    Attributes
    ----------
    domain : Spec, optional
        The domain's name.
    api : str
        ``"opensearch"`` (DescribeDomains) or ``"es"`` (the legacy
        DescribeElasticsearchDomains).
    region, account : Spec
    """

    domain: Spec | None = None
    api: str = "opensearch"
    region: Spec = "region"
    account: Spec = "account"


_OPENSEARCH = OpenSearchTargets(domain="domain_name")
_ELASTICSEARCH = OpenSearchTargets(domain="domain_name", api="es")

#: botocraft's ``domain_name`` (the first resource's last ``/`` part) for
#: every ``aws.es`` event; the Elasticsearch events through the legacy API.
OPENSEARCH_TARGETS: TargetTable[OpenSearchTargets] = TargetTable(
    "OpenSearch",
    {
        **{
            cls: _OPENSEARCH
            for cls in (
                opensearch_events.OpenSearchSoftwareUpdateNotificationEvent,
                opensearch_events.OpenSearchAutoTuneNotificationEvent,
                opensearch_events.OpenSearchClusterStatusNotificationEvent,
                opensearch_events.OpenSearchDomainErrorNotificationEvent,
                opensearch_events.OpenSearchNotificationEvent,
                opensearch_events.OpenSearchMaintenanceUpdateEvent,
                opensearch_events.OpenSearchDomainUpdateNotificationEvent,
                opensearch_events.OpenSearchVPCEndpointNotificationEvent,
                opensearch_events.OpenSearchAWSAPICallViaCloudTrailEvent,
            )
        },
        elasticsearch_events.ElasticsearchSoftwareUpdateNotificationEvent: (
            _ELASTICSEARCH
        ),
        elasticsearch_events.ElasticsearchAutoTuneNotificationEvent: _ELASTICSEARCH,
    },
)

_PROPERTIES = {"domain": Prop("domain")}

OpenSearchResolved: type[Resolved] = resolved_type(
    "OpenSearchResolved",
    tuple(_PROPERTIES),
    "One event's row from :meth:`OpenSearchLookups.resolve`: ``(event, domain, "
    "error)``.",
)


class OpenSearchBoundEvent(ResourceBoundEvent[E]):
    """A read-only view of an ``aws.es`` event with its ``domain``."""

    __slots__ = ()

    @property
    def domain(self) -> DomainStatus | ElasticsearchDomainStatus | None:
        """The domain the event names."""
        return cast(
            "DomainStatus | ElasticsearchDomainStatus | None", self._lookup("domain")
        )


class OpenSearchLookups(ResourceLookups[OpenSearchTargets, Resolved]):
    """Look up the OpenSearch (and Elasticsearch) domains events name,
    batched and cached. ``endpoint_url`` applies to both APIs.

    Parameters
    ----------
    session : boto3.Session, optional
    **options
        As :class:`~eventbridge_structs.lookups.ServiceLookups`.
    """

    service = "opensearch"
    endpoint_services = ("opensearch", "es")
    targets = OPENSEARCH_TARGETS
    not_found = frozenset({"ResourceNotFoundException"})
    properties = _PROPERTIES
    #: A legacy domain's reference holds the API ("es") as its parent.
    parent_kinds: ClassVar[dict[str, str]] = {"domain": "API"}
    resolved_type = OpenSearchResolved
    bound_type = OpenSearchBoundEvent

    def _ref(self, kind: str, raw: Any, event: Any, targets: OpenSearchTargets) -> Any:
        ref = super()._ref(kind, raw, event, targets)
        if ref is None or targets.api == "opensearch":
            return ref
        # The legacy API: its own batches (the parent slot names the API).
        return type(ref)(ref.region, ref.account, targets.api, ref.id)

    def _fetch(self, kind: str, group: tuple[str, str, str], ids: list[str]) -> Found:
        legacy = group[2] == "es"
        shape: type[Model] = ElasticsearchDomainStatus if legacy else DomainStatus

        def parse(response: Any, chunk: list[str]) -> Found:
            items = response.get("DomainStatusList")
            if not isinstance(items, list):
                raise Malformed("DomainStatusList")
            return {
                item["DomainName"]: msgspec.convert(item, shape)
                for item in items
                if item.get("DomainName") in chunk
            }

        return self.batched(
            "DescribeElasticsearchDomains" if legacy else "DescribeDomains",
            kind,
            group,
            ids,
            size=MAX_NAMES,
            params=lambda chunk: {"DomainNames": chunk},
            parse=parse,
            service="es" if legacy else "opensearch",
        )
