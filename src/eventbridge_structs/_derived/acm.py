# Derived, offline properties of the ACM event classes (mixins the generator
# makes bases of the classes in eventbridge_structs.acm). botocraft 0.36.0's
# properties (botocraft/eventbridge/acm.py) are the spec.
"""Derived properties of the ACM events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import first_resource

__all__ = ["MIXINS", "ACMCertificateEvent"]


class ACMCertificateEvent:
    """Properties shared by every ``aws.acm`` event (botocraft's
    ``ACMCertificateEvent``)."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def certificate_arn(self) -> str | None:
        """The certificate's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)


#: Generated event class -> the mixin it inherits (read by the generator).
MIXINS: dict[str, str] = {
    "ACMAWSAPICallViaCloudTrailEvent": "ACMCertificateEvent",
    "ACMCertificateApproachingExpirationEvent": "ACMCertificateEvent",
    "ACMCertificateAvailableEvent": "ACMCertificateEvent",
    "ACMCertificateExpiredEvent": "ACMCertificateEvent",
    "ACMCertificateRenewalActionRequiredEvent": "ACMCertificateEvent",
    "ACMCertificateRevokedByCAEvent": "ACMCertificateEvent",
    "ACMCertificateRevokedEvent": "ACMCertificateEvent",
    "ACMCertificateRotatedEvent": "ACMCertificateEvent",
}
