# The lookups package: each AWS service's lookups of the resources events
# name, through boto3 (the optional extra ``eventbridge-structs[aws]``, imported
# on the first lookup). ``_base`` holds what services share (clients,
# botocore's retries and errors, the cache, the per-event-class table of what
# an event names, ``bind``/``resolve``); one module per service holds its
# result shapes and algorithms, following that service's API reference
# (``ecr``: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/; the
# others name theirs); ``_all`` holds ``Lookups``, the one entry point.
#
# A service's names load with its module, on first use, so importing this
# package imports no service module (nor its event module).
"""Lookups of the AWS resources events name, under botocraft's property
names: ECR repositories and images, ECS clusters, tasks, task definitions,
container instances and services, ACM certificates, CodePipeline pipelines
and executions, ElastiCache cache clusters and replication groups, ELBv2
load balancers, OpenSearch/Elasticsearch domains.

>>> from eventbridge_structs.lookups import Lookups
>>> lookups = Lookups(boto3.Session())
>>> view = lookups.bind(event)
>>> view.task.lastStatus, view.task_definition.family
>>> lookups.resolve(events)  # batched per service, region and account
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._base import (
    BoundEvent,
    LookupFailed,
    Ref,
    Resolved,
    ResourceBoundEvent,
    ResourceLookupFailed,
    ResourceLookups,
    ServiceLookups,
    Spec,
    TargetTable,
)

if TYPE_CHECKING:
    from ._all import (
        SERVICES,
        EventLookups,
        Lookups,
    )
    from .acm import (
        ACM_TARGETS,
        ACMBoundEvent,
        ACMLookups,
        ACMResolved,
        ACMTargets,
        CertificateDetail,
        CertificateTag,
    )
    from .codepipeline import (
        CODEPIPELINE_TARGETS,
        CodePipelineBoundEvent,
        CodePipelineLookups,
        CodePipelineResolved,
        CodePipelineTargets,
        PipelineDeclaration,
        PipelineExecution,
        PipelineMetadata,
        StageDeclaration,
    )
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
    from .ecs import (
        ECS_TARGETS,
        Cluster,
        Container,
        ContainerDefinition,
        ContainerInstance,
        Deployment,
        ECSBoundEvent,
        ECSLookups,
        ECSResolved,
        ECSTargets,
        KeyValuePair,
        Resource,
        Service,
        Tag,
        Task,
        TaskDefinition,
    )
    from .elasticache import (
        ELASTICACHE_TARGETS,
        CacheCluster,
        CacheNode,
        ElastiCacheBoundEvent,
        ElastiCacheLookups,
        ElastiCacheResolved,
        ElastiCacheTargets,
        Endpoint,
        ReplicationGroup,
    )
    from .elbv2 import (
        ELBV2_TARGETS,
        AvailabilityZone,
        ELBv2BoundEvent,
        ELBv2Lookups,
        ELBv2Resolved,
        ELBv2Targets,
        LoadBalancer,
        LoadBalancerState,
    )
    from .opensearch import (
        OPENSEARCH_TARGETS,
        DomainStatus,
        ElasticsearchDomainStatus,
        OpenSearchBoundEvent,
        OpenSearchLookups,
        OpenSearchResolved,
        OpenSearchTargets,
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
_LAZY.update(
    {
        name: module
        for module, names in (
            ("_all", ("EventLookups", "Lookups", "SERVICES")),
            (
                "ecs",
                (
                    "Cluster",
                    "Container",
                    "ContainerDefinition",
                    "ContainerInstance",
                    "Deployment",
                    "ECSBoundEvent",
                    "ECSLookups",
                    "ECSResolved",
                    "ECSTargets",
                    "ECS_TARGETS",
                    "KeyValuePair",
                    "Resource",
                    "Service",
                    "Tag",
                    "Task",
                    "TaskDefinition",
                ),
            ),
            (
                "acm",
                (
                    "ACMBoundEvent",
                    "ACMLookups",
                    "ACMResolved",
                    "ACMTargets",
                    "ACM_TARGETS",
                    "CertificateDetail",
                    "CertificateTag",
                ),
            ),
            (
                "codepipeline",
                (
                    "CODEPIPELINE_TARGETS",
                    "CodePipelineBoundEvent",
                    "CodePipelineLookups",
                    "CodePipelineResolved",
                    "CodePipelineTargets",
                    "PipelineDeclaration",
                    "PipelineExecution",
                    "PipelineMetadata",
                    "StageDeclaration",
                ),
            ),
            (
                "elasticache",
                (
                    "CacheCluster",
                    "CacheNode",
                    "ELASTICACHE_TARGETS",
                    "ElastiCacheBoundEvent",
                    "ElastiCacheLookups",
                    "ElastiCacheResolved",
                    "ElastiCacheTargets",
                    "Endpoint",
                    "ReplicationGroup",
                ),
            ),
            (
                "elbv2",
                (
                    "AvailabilityZone",
                    "ELBV2_TARGETS",
                    "ELBv2BoundEvent",
                    "ELBv2Lookups",
                    "ELBv2Resolved",
                    "ELBv2Targets",
                    "LoadBalancer",
                    "LoadBalancerState",
                ),
            ),
            (
                "opensearch",
                (
                    "DomainStatus",
                    "ElasticsearchDomainStatus",
                    "OPENSEARCH_TARGETS",
                    "OpenSearchBoundEvent",
                    "OpenSearchLookups",
                    "OpenSearchResolved",
                    "OpenSearchTargets",
                ),
            ),
        )
        for name in names
    }
)


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
    "ACM_TARGETS",
    "CODEPIPELINE_TARGETS",
    "ECR_TARGETS",
    "ECS_TARGETS",
    "ELASTICACHE_TARGETS",
    "ELBV2_TARGETS",
    "MANIFEST_MEDIA_TYPES",
    "OPENSEARCH_TARGETS",
    "SERVICES",
    "ACMBoundEvent",
    "ACMLookups",
    "ACMResolved",
    "ACMTargets",
    "AvailabilityZone",
    "BoundEvent",
    "CacheCluster",
    "CacheNode",
    "CertificateDetail",
    "CertificateTag",
    "Cluster",
    "CodePipelineBoundEvent",
    "CodePipelineLookups",
    "CodePipelineResolved",
    "CodePipelineTargets",
    "Container",
    "ContainerDefinition",
    "ContainerInstance",
    "Deployment",
    "DomainStatus",
    "ECRBoundEvent",
    "ECRImage",
    "ECRImageDetails",
    "ECRLookupFailed",
    "ECRLookups",
    "ECRRepository",
    "ECRResolved",
    "ECRTargets",
    "ECSBoundEvent",
    "ECSLookups",
    "ECSResolved",
    "ECSTargets",
    "ELBv2BoundEvent",
    "ELBv2Lookups",
    "ELBv2Resolved",
    "ELBv2Targets",
    "ElastiCacheBoundEvent",
    "ElastiCacheLookups",
    "ElastiCacheResolved",
    "ElastiCacheTargets",
    "ElasticsearchDomainStatus",
    "EncryptionConfiguration",
    "Endpoint",
    "EventLookups",
    "ImageIdentifier",
    "ImageScanStatus",
    "ImageScanningConfiguration",
    "KeyValuePair",
    "LoadBalancer",
    "LoadBalancerState",
    "LookupFailed",
    "Lookups",
    "OpenSearchBoundEvent",
    "OpenSearchLookups",
    "OpenSearchResolved",
    "OpenSearchTargets",
    "PipelineDeclaration",
    "PipelineExecution",
    "PipelineMetadata",
    "Ref",
    "ReplicationGroup",
    "Resolved",
    "Resource",
    "ResourceBoundEvent",
    "ResourceLookupFailed",
    "ResourceLookups",
    "Service",
    "ServiceLookups",
    "Spec",
    "StageDeclaration",
    "Tag",
    "TargetTable",
    "Task",
    "TaskDefinition",
]
