# The lookups package: each AWS service's lookups of the resources events
# name, through boto3 (the optional extra ``eventbridge-structs[aws]``, imported
# on the first lookup). ``_base`` holds what services share (clients,
# botocore's retries and errors, the cache, the per-event-class table of what
# an event names, ``bind``/``resolve``); one module per service holds its
# result shapes and algorithms, following that service's API reference
# (``ecr``: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/).
#
# A service's names load with its module, on first use, so importing this
# package imports no service module (nor its event module).
"""Lookups of the AWS resources events name: ECR repositories and images.

>>> from eventbridge_structs.lookups import ECRLookups
>>> view = ECRLookups(boto3.Session()).bind(event)
>>> view.repository.repository_uri, view.image.media_type
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._base import (
    BoundEvent,
    LookupFailed,
    Resolved,
    ServiceLookups,
    Spec,
    TargetTable,
)

if TYPE_CHECKING:
    from .ecr import (
        ECR_TARGETS,
        MANIFEST_MEDIA_TYPES,
        ECRBoundEvent,
        ECRImage,
        ECRImageDetails,
        ECRLookupFailed,
        ECRLookups,
        ECRRepository,
        ECRResolved,
        ECRTargets,
        EncryptionConfiguration,
        ImageIdentifier,
        ImageScanningConfiguration,
        ImageScanStatus,
    )

#: The service module of each lazily loaded name.
_LAZY: dict[str, str] = {
    name: "ecr"
    for name in (
        "ECR_TARGETS",
        "MANIFEST_MEDIA_TYPES",
        "ECRBoundEvent",
        "ECRImage",
        "ECRImageDetails",
        "ECRLookupFailed",
        "ECRLookups",
        "ECRRepository",
        "ECRResolved",
        "ECRTargets",
        "EncryptionConfiguration",
        "ImageIdentifier",
        "ImageScanStatus",
        "ImageScanningConfiguration",
    )
}


def __getattr__(name: str) -> Any:
    """A service's names import its module on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ECR_TARGETS",
    "MANIFEST_MEDIA_TYPES",
    "BoundEvent",
    "ECRBoundEvent",
    "ECRImage",
    "ECRImageDetails",
    "ECRLookupFailed",
    "ECRLookups",
    "ECRRepository",
    "ECRResolved",
    "ECRTargets",
    "EncryptionConfiguration",
    "ImageIdentifier",
    "ImageScanStatus",
    "ImageScanningConfiguration",
    "LookupFailed",
    "Resolved",
    "ServiceLookups",
    "Spec",
    "TargetTable",
]
