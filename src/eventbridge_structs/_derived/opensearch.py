# Derived, offline properties of the OpenSearch Service event classes
# (mixins the generator makes bases of the classes in
# eventbridge_structs.opensearch). botocraft 0.36.0's properties
# (botocraft/eventbridge/search.py, opensearch.py) are the spec.
"""Derived properties of the OpenSearch Service events."""

from __future__ import annotations

from ._search import SearchServiceDomainEvent

__all__ = ["MIXINS", "SearchServiceDomainEvent"]

#: Generated event class -> the mixin it inherits (read by the generator).
MIXINS: dict[str, str] = {
    "OpenSearchAWSAPICallViaCloudTrailEvent": "SearchServiceDomainEvent",
    "OpenSearchAutoTuneNotificationEvent": "SearchServiceDomainEvent",
    "OpenSearchClusterStatusNotificationEvent": "SearchServiceDomainEvent",
    "OpenSearchDomainErrorNotificationEvent": "SearchServiceDomainEvent",
    "OpenSearchDomainUpdateNotificationEvent": "SearchServiceDomainEvent",
    "OpenSearchMaintenanceUpdateEvent": "SearchServiceDomainEvent",
    "OpenSearchNotificationEvent": "SearchServiceDomainEvent",
    "OpenSearchSoftwareUpdateNotificationEvent": "SearchServiceDomainEvent",
    "OpenSearchVPCEndpointNotificationEvent": "SearchServiceDomainEvent",
}
