# Derived, offline properties of the Elastic Load Balancing (v2) event
# classes (mixins the generator makes bases of the classes in
# eventbridge_structs.elbv2). botocraft 0.36.0's properties
# (botocraft/eventbridge/elbv2.py) are the spec.
"""Derived properties of the Elastic Load Balancing (v2) events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import first_resource

__all__ = ["MIXINS", "Elbv2APICallMixin"]


class Elbv2APICallMixin:
    """Properties of ``Elbv2AWSAPICallViaCloudTrailEvent``."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def load_balancer_arn(self) -> str | None:
        """The load balancer's ARN: the first resource, when it names one.

        Returns
        -------
        str or None
            ``resources[0]`` when it contains ``":loadbalancer/"``; None when
            ``resources`` is empty or its first entry is another resource.
        """
        resource_arn = first_resource(self.resources)
        if resource_arn is None:
            return None
        if ":loadbalancer/" in resource_arn:
            return resource_arn
        return None


#: Generated event class -> the mixin it inherits (read by the generator).
MIXINS: dict[str, str] = {
    "Elbv2AWSAPICallViaCloudTrailEvent": "Elbv2APICallMixin",
}
