# Derived, offline properties of the CodePipeline event classes (mixins the
# generator makes bases of the classes in eventbridge_structs.codepipeline).
# botocraft 0.36.0's properties (botocraft/eventbridge/codepipeline.py) are
# the spec.
"""Derived properties of the CodePipeline events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import first_resource

__all__ = ["MIXINS", "CodePipelineEvent"]


class CodePipelineEvent:
    """Properties of every ``aws.codepipeline`` event (botocraft defines
    ``pipeline_arn`` on each of its four classes)."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def pipeline_arn(self) -> str | None:
        """The pipeline's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)


#: Generated event class -> the mixin it inherits (read by the generator).
MIXINS: dict[str, str] = {
    "CodePipelineAWSAPICallViaCloudTrailEvent": "CodePipelineEvent",
    "CodePipelineActionExecutionStateChangeEvent": "CodePipelineEvent",
    "CodePipelinePipelineExecutionStateChangeEvent": "CodePipelineEvent",
    "CodePipelineStageExecutionStateChangeEvent": "CodePipelineEvent",
}
