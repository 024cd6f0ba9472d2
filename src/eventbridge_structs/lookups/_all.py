# The one entry point of the lookups: ``Lookups`` holds one lookups object per
# AWS service (ECR, ECS, ACM, CodePipeline, ElastiCache, ELBv2,
# OpenSearch/Elasticsearch; see each module for its API reference), made on
# first use from one session and one set of client options, and sends each
# event to the service whose declared table names its class: ``bind`` gives
# the event's view with botocraft 0.36.0's property names, ``resolve`` a
# batch, grouped per service and batched per region and account there.
from __future__ import annotations

import importlib
import inspect
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .._envelope import EventBridgeEvent
from ._base import BoundEvent, LookupFailed, ServiceLookups

if TYPE_CHECKING:
    import boto3

    from .ecr import ECRLookups

__all__ = ["SERVICES", "EventLookups", "Lookups"]

#: Service -> (module, lookups class, its targets table).
SERVICES: dict[str, tuple[str, str, str]] = {
    "ecr": ("ecr", "ECRLookups", "ECR_TARGETS"),
    "ecs": ("ecs", "ECSLookups", "ECS_TARGETS"),
    "acm": ("acm", "ACMLookups", "ACM_TARGETS"),
    "codepipeline": ("codepipeline", "CodePipelineLookups", "CODEPIPELINE_TARGETS"),
    "elasticache": ("elasticache", "ElastiCacheLookups", "ELASTICACHE_TARGETS"),
    "elbv2": ("elbv2", "ELBv2Lookups", "ELBV2_TARGETS"),
    "opensearch": ("opensearch", "OpenSearchLookups", "OPENSEARCH_TARGETS"),
}

#: ECR's properties (its Resolved row has ``repository`` and ``image``).
_ECR_PROPERTIES = ("repository", "image", "repositories", "images")


class EventLookups(NamedTuple):
    """One event's result from :meth:`Lookups.resolve`.

    Attributes
    ----------
    event : EventBridgeEvent
    values : dict of str to object
        Each property its class declares -> the resource (``None`` when
        not found), or the list of those found.
    error : LookupFailed or None
        With ``errors="return"``, the failure that stopped its lookups (its
        values are then ``None``).
    """

    event: EventBridgeEvent
    values: dict[str, Any]
    error: LookupFailed | None = None


def _module(name: str) -> Any:
    return importlib.import_module(f"{__package__}.{SERVICES[name][0]}")


class Lookups:
    """Lookups of every AWS resource the supported events name, under
    botocraft's property names.

    Parameters
    ----------
    session : boto3.Session, optional
        The session every client is made from; boto3's default when omitted.
    **client_options
        Passed to each service's lookups that takes them: ``endpoint_url``
        (one endpoint for every service, a local emulator),
        ``retry_mode``, ``max_attempts``, ``config``, ``cache_size``;
        ``accepted_media_types`` (ECR), ``certificate_tags`` (ACM).

    Examples
    --------
    >>> lookups = Lookups(boto3.Session())
    >>> view = lookups.bind(task_state_change)
    >>> view.task.lastStatus, view.task_definition.family, view.cluster.status
    >>> [r.values["task"] for r in lookups.resolve(events)]
    """

    def __init__(
        self, session: boto3.Session | None = None, **client_options: Any
    ) -> None:
        self._session = session
        self._options = client_options
        self._services: dict[str, ServiceLookups[Any, Any]] = {}
        self._by_type: dict[type, str | None] = {}
        self._lock = threading.Lock()
        accepted = set()
        for name in SERVICES:
            accepted |= self._accepted(name)
        unknown = sorted(set(client_options) - accepted)
        if unknown:
            raise TypeError(f"Lookups got unknown client options: {unknown}")

    @staticmethod
    def _accepted(name: str) -> set[str]:
        # Every service takes ServiceLookups' options; ECR and ACM add theirs.
        base = {"endpoint_url", "retry_mode", "max_attempts", "config", "cache_size"}
        extra = {"ecr": {"accepted_media_types"}, "acm": {"certificate_tags"}}
        return base | extra.get(name, set())

    @classmethod
    def of(cls, part: ServiceLookups[Any, Any]) -> Lookups:
        """The :class:`Lookups` ``part`` belongs to: made once, from its
        session and options, with ``part`` as its own service's lookups
        (so compat's per-session ECR wrapper reaches every service)."""
        suite = part._suite
        if suite is None:
            suite = cls(part.session, **part.options)
            suite._services[part.service] = part
            part._suite = suite
        return suite  # type: ignore[no-any-return]

    # -- the services ------------------------------------------------------

    def service(self, name: str) -> ServiceLookups[Any, Any]:
        """The lookups of service ``name`` (a key of :data:`SERVICES`),
        made on first use.

        Raises
        ------
        KeyError
            If ``name`` is not a supported service.
        """
        found = self._services.get(name)
        if found is not None:
            return found
        with self._lock:
            found = self._services.get(name)
            if found is None:
                lookups_type = getattr(_module(name), SERVICES[name][1])
                params = inspect.signature(lookups_type).parameters
                options = {k: v for k, v in self._options.items() if k in params}
                found = self._services[name] = lookups_type(self._session, **options)
        return found

    @property
    def ecr(self) -> ECRLookups:
        """The ECR part."""
        return self.service("ecr")  # type: ignore[return-value]

    def service_of(self, event_type: type) -> str | None:
        """The service whose table declares ``event_type`` (or a base
        class), else ``None``."""
        try:
            return self._by_type[event_type]
        except KeyError:
            pass
        found = None
        for name, (_, _, table) in SERVICES.items():
            if event_type in getattr(_module(name), table):
                found = name
                break
        self._by_type[event_type] = found
        return found

    def properties(self, event_type: type) -> tuple[str, ...]:
        """The lookup properties of ``event_type`` (botocraft's names)."""
        name = self.service_of(event_type)
        if name is None:
            return ()
        part = self.service(name)
        if name == "ecr":
            targets = part.targets.get(event_type)
            fields = (
                "repository_name",
                "image_digest",
                "repository_names",
                "image_ids",
            )
            return tuple(
                prop
                for prop, field in zip(_ECR_PROPERTIES, fields, strict=True)
                if getattr(targets, field, None) is not None
            )
        return part.declared(event_type)  # type: ignore[attr-defined, no-any-return]

    def cache_clear(self) -> None:
        """Forget every cached result, of every service made so far."""
        for part in list(self._services.values()):
            part.cache_clear()

    # -- views and batches -------------------------------------------------

    def bind(self, event: EventBridgeEvent) -> BoundEvent[Any]:
        """A read-only view of ``event`` with its lookup properties under
        botocraft's names (``view.task``, ``view.certificate``...), each
        looked up once.

        Raises
        ------
        TypeError
            If no service's table declares the event's class.
        """
        name = self.service_of(type(event))
        if name is None:
            raise TypeError(
                f"{type(event).__name__} names no AWS resource these lookups find"
            )
        return self.service(name).bind(event)

    def resolve(
        self,
        events: Iterable[EventBridgeEvent],
        *,
        errors: Literal["raise", "return"] = "raise",
    ) -> list[EventLookups]:
        """Look up every event's properties, with the fewest requests: the
        events are grouped by service and each service batches and
        deduplicates per region and account (see each service's module).

        Parameters
        ----------
        events : iterable of EventBridgeEvent
        errors : {"raise", "return"}
            On a failure other than "not found": raise the first
            :class:`LookupFailed`, or put it in the affected events'
            :attr:`EventLookups.error` and go on.

        Returns
        -------
        list of EventLookups
            One per event, in order; an event no service covers has no
            values.
        """
        if errors not in ("raise", "return"):
            raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
        events = list(events)
        by_service: dict[str, list[int]] = {}
        for index, event in enumerate(events):
            name = self.service_of(type(event))
            if name is not None:
                by_service.setdefault(name, []).append(index)
        results = [EventLookups(event, {}) for event in events]
        for name, indexes in by_service.items():
            rows = self.service(name).resolve(
                [events[i] for i in indexes], errors=errors
            )
            for index, row in zip(indexes, rows, strict=True):
                declared = self.properties(type(events[index]))
                values: Mapping[str, Any] = row.results
                results[index] = EventLookups(
                    events[index],
                    {k: values[k] for k in declared if k in values},
                    row.error,
                )
        return results
