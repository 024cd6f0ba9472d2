# CodePipeline's lookups: the pipeline and pipeline execution a CodePipeline
# event names, through AWS CodePipeline's GetPipeline and
# GetPipelineExecution
# (https://docs.aws.amazon.com/codepipeline/latest/APIReference/), returned
# as the API's PipelineDeclaration (with GetPipeline's PipelineMetadata) and
# PipelineExecution shapes, camelCase names as the API writes them. These are
# botocraft 0.36.0's ``pipeline`` and ``pipeline_execution`` properties: one
# GetPipeline per distinct pipeline, one GetPipelineExecution per distinct
# execution.
#
# Which field of which CodePipeline event names what is the table
# CODEPIPELINE_TARGETS; the algorithm is _base.ResourceLookups'.
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, cast

import msgspec

from .. import codepipeline as codepipeline_events
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
    "CODEPIPELINE_TARGETS",
    "CodePipelineBoundEvent",
    "CodePipelineLookups",
    "CodePipelineResolved",
    "CodePipelineTargets",
    "PipelineDeclaration",
    "PipelineExecution",
    "PipelineMetadata",
    "StageDeclaration",
]


class PipelineMetadata(Model, frozen=True, kw_only=True, gc=False):
    """A pipeline's ARN and dates, as GetPipeline returns them.

    See https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineMetadata.html
    """

    pipelineArn: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    pollingDisabledAt: datetime | None = None


class StageDeclaration(Model, frozen=True, kw_only=True, gc=False):
    """A stage of a pipeline.

    See https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_StageDeclaration.html
    """

    name: str
    actions: list[dict[str, Any]] = msgspec.field(default_factory=list)
    blockers: list[dict[str, Any]] = msgspec.field(default_factory=list)
    onFailure: dict[str, Any] | None = None
    onSuccess: dict[str, Any] | None = None
    beforeEntry: dict[str, Any] | None = None


class PipelineDeclaration(Model, frozen=True, kw_only=True, gc=False):
    """A pipeline, as GetPipeline returns it, with its ``metadata``.

    See https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html
    """

    name: str
    roleArn: str | None = None
    artifactStore: dict[str, Any] | None = None
    artifactStores: dict[str, dict[str, Any]] | None = None
    stages: list[StageDeclaration] = msgspec.field(default_factory=list)
    version: int | None = None
    executionMode: str | None = None
    pipelineType: str | None = None
    variables: list[dict[str, Any]] = msgspec.field(default_factory=list)
    triggers: list[dict[str, Any]] = msgspec.field(default_factory=list)
    metadata: PipelineMetadata | None = None


class PipelineExecution(Model, frozen=True, kw_only=True, gc=False):
    """An execution of a pipeline, as GetPipelineExecution returns it.

    See https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineExecution.html
    """

    pipelineExecutionId: str
    pipelineName: str | None = None
    pipelineVersion: int | None = None
    status: str | None = None
    statusSummary: str | None = None
    artifactRevisions: list[dict[str, Any]] = msgspec.field(default_factory=list)
    variables: list[dict[str, Any]] = msgspec.field(default_factory=list)
    trigger: dict[str, Any] | None = None
    executionMode: str | None = None
    executionType: str | None = None
    rollbackMetadata: dict[str, Any] | None = None


@dataclass(frozen=True)
class CodePipelineTargets:
    """Which fields of a CodePipeline event class name its pipeline and
    execution.

    Attributes
    ----------
    pipeline : Spec, optional
        The pipeline's name (or ARN).
    pipeline_execution : Spec, optional
        ``(pipeline, execution id)``.
    region, account : Spec
    """

    pipeline: Spec | None = None
    pipeline_execution: Spec | None = None
    region: Spec = "region"
    account: Spec = "account"


def _execution(event: Any) -> tuple[str, str]:
    return (event.detail.pipeline, event.detail.execution_id)


def _pipeline_from_arn(event: Any) -> str | None:
    """A CloudTrail call's pipeline: the name at the end of its ARN (the
    first resource), as botocraft reads it."""
    arn = event.pipeline_arn
    return arn.rsplit(":", 1)[-1] if arn else None


_STATE_CHANGE = CodePipelineTargets(
    pipeline="detail.pipeline", pipeline_execution=_execution
)

#: Which fields of each CodePipeline event class name what.
CODEPIPELINE_TARGETS: TargetTable[CodePipelineTargets] = TargetTable(
    "CodePipeline",
    {
        codepipeline_events.CodePipelinePipelineExecutionStateChangeEvent: (
            _STATE_CHANGE
        ),
        codepipeline_events.CodePipelineStageExecutionStateChangeEvent: (_STATE_CHANGE),
        codepipeline_events.CodePipelineActionExecutionStateChangeEvent: (
            _STATE_CHANGE
        ),
        codepipeline_events.CodePipelineAWSAPICallViaCloudTrailEvent: (
            CodePipelineTargets(pipeline=_pipeline_from_arn)
        ),
    },
)

_PROPERTIES = {
    "pipeline": Prop("pipeline"),
    "pipeline_execution": Prop("pipeline_execution"),
}

CodePipelineResolved: type[Resolved] = resolved_type(
    "CodePipelineResolved",
    tuple(_PROPERTIES),
    "One event's row from :meth:`CodePipelineLookups.resolve`: ``(event, "
    "pipeline, pipeline_execution, error)``.",
)


class CodePipelineBoundEvent(ResourceBoundEvent[E]):
    """A read-only view of a CodePipeline event with its ``pipeline`` and
    ``pipeline_execution``."""

    __slots__ = ()

    @property
    def pipeline(self) -> PipelineDeclaration | None:
        """The pipeline the event names (GetPipeline)."""
        return cast("PipelineDeclaration | None", self._lookup("pipeline"))

    @property
    def pipeline_execution(self) -> PipelineExecution | None:
        """The execution the event names (GetPipelineExecution)."""
        return cast("PipelineExecution | None", self._lookup("pipeline_execution"))


class CodePipelineLookups(ResourceLookups[CodePipelineTargets, Resolved]):
    """Look up the CodePipeline pipelines and executions events name, cached.

    Parameters
    ----------
    session : boto3.Session, optional
    **options
        As :class:`~eventbridge_structs.lookups.ServiceLookups`.
    """

    service = "codepipeline"
    targets = CODEPIPELINE_TARGETS
    not_found = frozenset(
        {"PipelineNotFoundException", "PipelineExecutionNotFoundException"}
    )
    properties = _PROPERTIES
    parent_kinds: ClassVar[dict[str, str]] = {"pipeline_execution": "pipeline"}
    resolved_type = CodePipelineResolved
    bound_type = CodePipelineBoundEvent

    def _fetch(self, kind: str, group: tuple[str, str, str], ids: list[str]) -> Found:
        if kind == "pipeline":

            def pipeline(response: Any, chunk: list[str]) -> Found:
                item = response.get("pipeline")
                if not isinstance(item, dict):
                    raise Malformed("pipeline")
                fields = {**item, "metadata": response.get("metadata")}
                return {chunk[0]: msgspec.convert(fields, PipelineDeclaration)}

            return self.batched(
                "GetPipeline",
                kind,
                group,
                ids,
                size=1,
                params=lambda chunk: {"name": chunk[0].rsplit(":", 1)[-1]},
                parse=pipeline,
            )

        def execution(response: Any, chunk: list[str]) -> Found:
            item = response.get("pipelineExecution")
            if not isinstance(item, dict):
                raise Malformed("pipelineExecution")
            return {chunk[0]: msgspec.convert(item, PipelineExecution)}

        return self.batched(
            "GetPipelineExecution",
            kind,
            group,
            ids,
            size=1,
            params=lambda chunk: {
                "pipelineName": group[2],
                "pipelineExecutionId": chunk[0],
            },
            parse=execution,
        )
