# ACM's lookups: the certificate an ACM event names, through AWS Certificate
# Manager's DescribeCertificate and ListTagsForCertificate
# (https://docs.aws.amazon.com/acm/latest/APIReference/), returned as the
# API's CertificateDetail shape (its PascalCase names) with the certificate's
# tags. This is botocraft 0.36.0's ``certificate`` property: one
# DescribeCertificate per distinct certificate ARN, plus one
# ListTagsForCertificate when tags are asked for (``certificate_tags=True``,
# the default).
#
# Which field of which ACM event names the certificate is the table
# ACM_TARGETS; the algorithm is _base.ResourceLookups'.
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

import msgspec

from .. import acm as acm_events
from .._envelope import Model
from ._base import (
    E,
    Found,
    LookupFailed,
    Malformed,
    Prop,
    Ref,
    Resolved,
    ResourceBoundEvent,
    ResourceLookups,
    Spec,
    TargetTable,
    resolved_type,
)

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config

__all__ = [
    "ACM_TARGETS",
    "ACMBoundEvent",
    "ACMLookups",
    "ACMResolved",
    "ACMTargets",
    "CertificateDetail",
    "CertificateTag",
]


class CertificateTag(Model, frozen=True, kw_only=True, gc=False):
    """A certificate's tag.

    See https://docs.aws.amazon.com/acm/latest/APIReference/API_Tag.html
    """

    Key: str
    Value: str | None = None


class CertificateDetail(Model, frozen=True, kw_only=True, gc=False):
    """A certificate, as DescribeCertificate returns it, with its tags
    (ListTagsForCertificate; ``None`` when tags were not asked for).

    See https://docs.aws.amazon.com/acm/latest/APIReference/API_CertificateDetail.html
    """

    CertificateArn: str
    DomainName: str | None = None
    SubjectAlternativeNames: list[str] = msgspec.field(default_factory=list)
    ManagedBy: str | None = None
    DomainValidationOptions: list[dict[str, Any]] = msgspec.field(default_factory=list)
    Serial: str | None = None
    Subject: str | None = None
    Issuer: str | None = None
    CreatedAt: datetime | None = None
    IssuedAt: datetime | None = None
    ImportedAt: datetime | None = None
    Status: str | None = None
    RevokedAt: datetime | None = None
    RevocationReason: str | None = None
    NotBefore: datetime | None = None
    NotAfter: datetime | None = None
    KeyAlgorithm: str | None = None
    SignatureAlgorithm: str | None = None
    InUseBy: list[str] = msgspec.field(default_factory=list)
    FailureReason: str | None = None
    Type: str | None = None
    RenewalSummary: dict[str, Any] | None = None
    KeyUsages: list[dict[str, Any]] = msgspec.field(default_factory=list)
    ExtendedKeyUsages: list[dict[str, Any]] = msgspec.field(default_factory=list)
    CertificateAuthorityArn: str | None = None
    RenewalEligibility: str | None = None
    Options: dict[str, Any] | None = None
    Tags: list[CertificateTag] | None = None

    @property
    def tags(self) -> dict[str, str | None]:
        """The tags by key (empty when not asked for)."""
        return {tag.Key: tag.Value for tag in self.Tags or ()}


@dataclass(frozen=True)
class ACMTargets:
    """Which field of an ACM event class names its certificate.

    Attributes
    ----------
    certificate : Spec, optional
        The certificate's ARN.
    region, account : Spec
        Where it is, when the ARN does not say.
    """

    certificate: Spec | None = None
    region: Spec = "region"
    account: Spec = "account"


_CERTIFICATE = ACMTargets(certificate="certificate_arn")

#: Every ACM event names its certificate as its first resource (botocraft's
#: ``ACMCertificateEvent.certificate_arn``).
ACM_TARGETS: TargetTable[ACMTargets] = TargetTable(
    "ACM",
    {
        cls: _CERTIFICATE
        for cls in (
            acm_events.ACMCertificateApproachingExpirationEvent,
            acm_events.ACMCertificateAvailableEvent,
            acm_events.ACMCertificateExpiredEvent,
            acm_events.ACMCertificateRenewalActionRequiredEvent,
            acm_events.ACMCertificateRevokedEvent,
            acm_events.ACMCertificateRevokedByCAEvent,
            acm_events.ACMCertificateRotatedEvent,
            acm_events.ACMAWSAPICallViaCloudTrailEvent,
        )
    },
)

_PROPERTIES = {"certificate": Prop("certificate")}

ACMResolved: type[Resolved] = resolved_type(
    "ACMResolved",
    tuple(_PROPERTIES),
    "One event's row from :meth:`ACMLookups.resolve`: ``(event, certificate, error)``.",
)


class ACMBoundEvent(ResourceBoundEvent[E]):
    """A read-only view of an ACM event with its ``certificate``."""

    __slots__ = ()

    @property
    def certificate(self) -> CertificateDetail | None:
        """The certificate the event names, with its tags."""
        return cast("CertificateDetail | None", self._lookup("certificate"))


class ACMLookups(ResourceLookups[ACMTargets, Resolved]):
    """Look up the ACM certificates events name, cached.

    Parameters
    ----------
    session : boto3.Session, optional
    certificate_tags : bool
        Also read each certificate's tags (one ListTagsForCertificate per
        certificate found).
    **options
        As :class:`~eventbridge_structs.lookups.ServiceLookups`.
    """

    service = "acm"
    targets = ACM_TARGETS
    not_found = frozenset({"ResourceNotFoundException"})
    properties = _PROPERTIES
    resolved_type = ACMResolved
    bound_type = ACMBoundEvent

    def __init__(
        self,
        session: boto3.Session | None = None,
        *,
        endpoint_url: str | None = None,
        retry_mode: Literal["standard", "adaptive", "legacy"] = "standard",
        max_attempts: int | None = None,
        config: Config | None = None,
        cache_size: int = 10_000,
        certificate_tags: bool = True,
    ) -> None:
        super().__init__(
            session,
            endpoint_url=endpoint_url,
            retry_mode=retry_mode,
            max_attempts=max_attempts,
            config=config,
            cache_size=cache_size,
        )
        self._tags = certificate_tags

    def _fetch(self, kind: str, group: tuple[str, str, str], ids: list[str]) -> Found:
        def parse(response: Any, chunk: list[str]) -> Found:
            item = response.get("Certificate")
            if not isinstance(item, dict):
                raise Malformed("Certificate")
            return {chunk[0]: item}

        found = self.batched(
            "DescribeCertificate",
            kind,
            group,
            ids,
            size=1,
            params=lambda chunk: {"CertificateArn": chunk[0]},
            parse=parse,
        )
        for arn, item in found.items():
            if not isinstance(item, dict):
                continue
            fields = dict(item)
            if self._tags:
                tags = self._list_tags(Ref(*group, arn))
                if tags is None or isinstance(tags, LookupFailed):
                    found[arn] = tags  # deleted since, or failed: not complete
                    continue
                fields["Tags"] = tags
            found[arn] = msgspec.convert(fields, CertificateDetail)
        return found

    def _list_tags(self, ref: Ref) -> list[Any] | LookupFailed | None:
        operation = "ListTagsForCertificate"
        try:
            response = self._request(
                operation,
                ref.region,
                {"CertificateArn": ref.id},
                lambda code, reason, exc: self.failed(
                    operation, "certificate", ref, code, reason, exc
                ),
            )
        except LookupFailed as exc:
            return exc
        if response is None:
            return None
        tags = response.get("Tags", [])
        return tags if isinstance(tags, list) else []
