# The mixin shared by the aws.es event classes of both generations
# (_derived/elasticsearch.py and _derived/opensearch.py name it in their
# MIXINS tables). botocraft 0.36.0's SearchServiceDomainEvent
# (botocraft/eventbridge/search.py) is the spec.
"""Derived properties shared by the ``aws.es`` events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import first_resource

__all__ = ["SearchServiceDomainEvent"]


class SearchServiceDomainEvent:
    """Properties of every ``aws.es`` event, Elasticsearch and OpenSearch
    names alike (botocraft's ``SearchServiceDomainEvent``)."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def domain_arn(self) -> str | None:
        """The domain's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)

    @property
    def domain_name(self) -> str | None:
        """The domain's name: what follows the last ``/`` of :attr:`domain_arn`.

        Returns
        -------
        str or None
            The text after the last ``/`` of the first resource (all of it
            when it has no ``/``); None when ``resources`` is empty or its
            first entry is the empty string.
        """
        domain_arn = self.domain_arn
        if not domain_arn:
            return None
        return domain_arn.rsplit("/", maxsplit=1)[-1]
