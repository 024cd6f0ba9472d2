# ELBv2's lookups: the load balancer an Elastic Load Balancing (v2) CloudTrail
# event names, through its DescribeLoadBalancers
# (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/),
# returned as the API's LoadBalancer shape (PascalCase names as the API
# writes them). This is botocraft 0.36.0's ``load_balancer`` property:
# up to 20 ARNs per DescribeLoadBalancers. AWS fails the whole call with
# LoadBalancerNotFound when one ARN is missing: the batch is then asked
# again in halves, so the others resolve and the missing one is None.
#
# Which field of which event names the load balancer is the table
# ELBV2_TARGETS; the algorithm is _base.ResourceLookups'.
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import msgspec

from .. import elbv2 as elbv2_events
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
    "ELBV2_TARGETS",
    "AvailabilityZone",
    "ELBv2BoundEvent",
    "ELBv2Lookups",
    "ELBv2Resolved",
    "ELBv2Targets",
    "LoadBalancer",
    "LoadBalancerState",
]

#: LoadBalancerArns per DescribeLoadBalancers.
MAX_ARNS = 20


class LoadBalancerState(Model, frozen=True, kw_only=True, gc=False):
    """A load balancer's state.

    See https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerState.html
    """

    Code: str | None = None
    Reason: str | None = None


class AvailabilityZone(Model, frozen=True, kw_only=True, gc=False):
    """A zone a load balancer is in.

    See https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AvailabilityZone.html
    """

    ZoneName: str | None = None
    SubnetId: str | None = None
    OutpostId: str | None = None
    LoadBalancerAddresses: list[dict[str, Any]] = msgspec.field(default_factory=list)


class LoadBalancer(Model, frozen=True, kw_only=True, gc=False):
    """A load balancer, as DescribeLoadBalancers returns it.

    See https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancer.html
    """

    LoadBalancerArn: str
    LoadBalancerName: str | None = None
    DNSName: str | None = None
    CanonicalHostedZoneId: str | None = None
    CreatedTime: datetime | None = None
    Scheme: str | None = None
    VpcId: str | None = None
    State: LoadBalancerState | None = None
    Type: str | None = None
    AvailabilityZones: list[AvailabilityZone] = msgspec.field(default_factory=list)
    SecurityGroups: list[str] = msgspec.field(default_factory=list)
    IpAddressType: str | None = None
    CustomerOwnedIpv4Pool: str | None = None


@dataclass(frozen=True)
class ELBv2Targets:
    """Which field of an event class names its load balancer.

    Attributes
    ----------
    load_balancer : Spec, optional
        The load balancer's ARN.
    region, account : Spec
    """

    load_balancer: Spec | None = None
    region: Spec = "region"
    account: Spec = "account"


#: botocraft's ``load_balancer_arn``: the first resource, when it is one.
ELBV2_TARGETS: TargetTable[ELBv2Targets] = TargetTable(
    "ELBv2",
    {
        elbv2_events.Elbv2AWSAPICallViaCloudTrailEvent: ELBv2Targets(
            load_balancer="load_balancer_arn"
        )
    },
)

_PROPERTIES = {"load_balancer": Prop("load_balancer")}

ELBv2Resolved: type[Resolved] = resolved_type(
    "ELBv2Resolved",
    tuple(_PROPERTIES),
    "One event's row from :meth:`ELBv2Lookups.resolve`: ``(event, "
    "load_balancer, error)``.",
)


class ELBv2BoundEvent(ResourceBoundEvent[E]):
    """A read-only view of an ELBv2 event with its ``load_balancer``."""

    __slots__ = ()

    @property
    def load_balancer(self) -> LoadBalancer | None:
        """The load balancer the event names (DescribeLoadBalancers)."""
        return cast("LoadBalancer | None", self._lookup("load_balancer"))


class ELBv2Lookups(ResourceLookups[ELBv2Targets, Resolved]):
    """Look up the load balancers events name, batched and cached.

    Parameters
    ----------
    session : boto3.Session, optional
    **options
        As :class:`~eventbridge_structs.lookups.ServiceLookups`.
    """

    service = "elbv2"
    targets = ELBV2_TARGETS
    not_found = frozenset({"LoadBalancerNotFound"})
    properties = _PROPERTIES
    resolved_type = ELBv2Resolved
    bound_type = ELBv2BoundEvent

    def _fetch(self, kind: str, group: tuple[str, str, str], ids: list[str]) -> Found:
        def parse(response: Any, chunk: list[str]) -> Found:
            items = response.get("LoadBalancers")
            if not isinstance(items, list):
                raise Malformed("LoadBalancers")
            return {
                item["LoadBalancerArn"]: msgspec.convert(item, LoadBalancer)
                for item in items
                if item.get("LoadBalancerArn") in chunk
            }

        return self.batched(
            "DescribeLoadBalancers",
            kind,
            group,
            ids,
            size=MAX_ARNS,
            params=lambda chunk: {"LoadBalancerArns": chunk},
            parse=parse,
            split=frozenset({"LoadBalancerNotFound", "ValidationError"}),
        )
