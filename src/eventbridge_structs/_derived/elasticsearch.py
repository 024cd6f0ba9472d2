# Derived, offline properties of the Elasticsearch Service event classes
# (mixins the generator makes bases of the classes in
# eventbridge_structs.elasticsearch). botocraft 0.36.0's properties
# (botocraft/eventbridge/search.py, elasticsearch.py) are the spec.
"""Derived properties of the Elasticsearch Service events."""

from __future__ import annotations

from ._search import SearchServiceDomainEvent

__all__ = ["MIXINS", "SearchServiceDomainEvent"]

#: Generated event class -> the mixin it inherits (read by the generator).
MIXINS: dict[str, str] = {
    "ElasticsearchAutoTuneNotificationEvent": "SearchServiceDomainEvent",
    "ElasticsearchSoftwareUpdateNotificationEvent": "SearchServiceDomainEvent",
}
