# ``str()`` as botocraft 0.36.0 prints its models: the primary event models'
# one-line summaries (``<Event: label: account=..., source=..., ...>``, from
# each class's ``__str__`` in ``botocraft.eventbridge.<service>``), and
# pydantic 2's ``name=value`` pairs for every other model. The summaries are
# data, keyed by ``(source, detail-type)``, for all 64 types botocraft
# maps: botocraft's quirks (a copied label, a missing field, a trailing
# space, ``event_summary`` leaving out None and "") are kept character for
# character, since the differential tests compare the lines exactly. Where
# botocraft computes a value (an ARN's last segment, a domain name), a
# small function of the table derives it.
from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from .._envelope import TypedEvent
from ._fields import plan_of

__all__ = [
    "ENVELOPE",
    "SUMMARIES",
    "Part",
    "Summary",
    "pydantic_str",
    "summary_of",
    "summary_str",
]


class Part(NamedTuple):
    """One ``name=value`` of a summary line whose printed name or value is
    not a detail field's own.

    Attributes
    ----------
    name : str
        The name printed before ``=``.
    attr : str
        The attribute the value is read from: the detail's, or the event's
        with ``envelope``.
    derive : callable or None
        What botocraft computes from that value (``None``: print it as is).
    envelope : bool
        Read ``attr`` from the event, not from its detail.
    """

    name: str
    attr: str
    derive: Callable[[Any], Any] | None = None
    envelope: bool = False


#: The envelope fields every summary line starts with, in order.
ENVELOPE = ("account", "source", "time", "region", "resources")


class Summary(NamedTuple):
    """How botocraft prints one event type.

    Attributes
    ----------
    label : str
        The text after ``<Event:``.
    fields : tuple of (str or Part)
        What is printed after the envelope's fields, in order: a detail
        field's name (printed under that name), or a :class:`Part`.
    end : str
        What closes the line (``">"``; ``"> "`` where botocraft adds a
        space).
    skip_empty : bool
        Leave out the ``fields`` whose value is None or ``""``, as
        botocraft's ``event_summary`` helper does (the ECR and ECS lines,
        written out by hand, print ``None``).
    envelope : tuple of str
        The envelope fields printed first (some ECS lines leave out
        ``resources``).
    bracket_account : bool
        The account follows the label as ``[account]:`` (ECS Task State
        Change) instead of ``account=`` among the envelope fields.
    """

    label: str
    fields: tuple[str | Part, ...] = ()
    end: str = ">"
    skip_empty: bool = False
    envelope: tuple[str, ...] = ENVELOPE
    bracket_account: bool = False


# --- what botocraft computes ---------------------------------------------------


def last_segment(arn: str) -> str:
    """``arn.split("/")[-1]``: the name at the end of an ARN (ECS)."""
    return arn.split("/")[-1]


def last_segments(arns: list[str] | None) -> list[str]:
    """The last segment of each ARN (ECS Service Action's ``services``)."""
    return [arn.split("/")[-1] for arn in arns or []]


def domain_name(resources: list[str]) -> str | None:
    """The search domain's name: the first resource ARN's text after its
    last ``/`` (None without a first resource, or for an empty one), as
    botocraft's ``SearchServiceDomainEvent.domain_name``."""
    if not resources or not resources[0]:
        return None
    return resources[0].rsplit("/", maxsplit=1)[-1]


def _summary(label: str, *fields: str | Part) -> Summary:
    """A line of botocraft's ``event_summary`` helper: the envelope, then
    ``fields`` that are neither None nor ``""``."""
    return Summary(label, fields, skip_empty=True)


def _cloudtrail(label: str) -> Summary:
    """botocraft's CloudTrail line (ACM, CodePipeline, ElastiCache, ELBv2)."""
    return _summary(
        label, Part("event_source", "eventSource"), Part("api_call_name", "eventName")
    )


_DOMAIN = Part("domain_name", "resources", domain_name, envelope=True)


def _search(label: str) -> Summary:
    """botocraft's Elasticsearch / OpenSearch domain notification line."""
    return _summary(label, _DOMAIN, "event", "status", "severity")


def _elasticache(label: str) -> Summary:
    """botocraft's ElastiCache notification line."""
    return _summary(
        label,
        Part("source_identifier", "SourceIdentifier"),
        Part("source_type", "SourceType"),
        Part("message", "Message"),
    )


_ACM_COMMON_NAME = Part("common_name", "CommonName")
_ACM_CERTIFICATE_TYPE = Part("certificate_type", "CertificateType")
_ACM_DAYS = Part("days_to_expiry", "DaysToExpiry")
_AUTOMATION_ID = Part("execution_id", "ExecutionId")
_AUTOMATION_DEFINITION = Part("definition", "Definition")
_AUTOMATION_STATUS = Part("status", "Status")
_NO_RESOURCES = ENVELOPE[:-1]

#: botocraft 0.36.0's summary line per ``(source, detail-type)``.
SUMMARIES: dict[tuple[str, str], Summary] = {
    # --- ECR (written out in botocraft.eventbridge.ecr) ---
    ("aws.ecr", "ECR Image Action"): Summary(
        "ECR Image Action",
        ("repository_name", "image_digest", "image_tag", "action_type", "result"),
    ),
    # botocraft says "ECR Scan Action", not "ECR Image Scan".
    ("aws.ecr", "ECR Image Scan"): Summary(
        "ECR Scan Action",
        ("repository_name", "image_digest", "image_tags", "scan_status"),
    ),
    # No action_type, as botocraft.
    ("aws.ecr", "ECR Referrer Action"): Summary(
        "ECR Referrer Action",
        ("repository_name", "image_digest", "image_tag", "result"),
    ),
    # No failure_code / failure_reason, as botocraft.
    ("aws.ecr", "ECR Pull Through Cache Action"): Summary(
        "ECR PullThroughCache Action",
        (
            "repository_name",
            "image_digest",
            "image_tag",
            "sync_status",
            "ecr_repository_prefix",
            "upstream_registry_url",
        ),
    ),
    # botocraft copied the pull-through-cache label into this class.
    ("aws.ecr", "ECR Replication Action"): Summary(
        "ECR PullThroughCache Action",
        ("repository_name", "image_digest", "image_tag", "action_type", "result"),
    ),
    # A trailing space after the ">", as botocraft.
    ("aws.ecr", "ECR Scan Resource Change"): Summary(
        "ECR Scan Resource Change",
        ("repositories", "scan_type", "resource_type", "action_type"),
        end="> ",
    ),
    ("aws.ecr", "AWS API Call via CloudTrail"): Summary(
        "ECR AWS API Call Via CloudTrail", end="> "
    ),
    # --- ECS (written out in botocraft.eventbridge.ecs; None is printed) ---
    # "[account]:" after the label, not "account=".
    ("aws.ecs", "ECS Task State Change"): Summary(
        "ECS Task State Change",
        (
            Part("task_definition", "taskDefinitionArn", last_segment),
            Part("cluster", "clusterArn", last_segment),
            Part("desired_status", "desiredStatus"),
        ),
        envelope=ENVELOPE[1:],
        bracket_account=True,
    ),
    # No resources: the services named by them instead.
    ("aws.ecs", "ECS Service Action"): Summary(
        "ECS Service Action",
        (
            Part("services", "resources", last_segments, envelope=True),
            Part("cluster", "clusterArn", last_segment),
            Part("event_type", "eventType"),
            Part("event_name", "eventName"),
        ),
        envelope=_NO_RESOURCES,
    ),
    # No resources.
    ("aws.ecs", "ECS Container Instance State Change"): Summary(
        "ECS Container Instance State Change",
        (
            Part("cluster", "clusterArn", last_segment),
            Part("ec2_instance", "ec2InstanceId"),
            "status",
            Part("status_reason", "statusReason"),
        ),
        envelope=_NO_RESOURCES,
    ),
    # "Deployment Change", not "Deployment State Change".
    ("aws.ecs", "ECS Deployment State Change"): Summary(
        "ECS Service Deployment Change",
        (
            Part("event_type", "eventType"),
            Part("event_name", "eventName"),
            "reason",
        ),
    ),
    # "via", not "Via"; the detail's eventType, not its eventSource.
    ("aws.ecs", "AWS API Call via CloudTrail"): Summary(
        "ECS API Call via CloudTrail",
        (Part("event_type", "eventType"), Part("event_name", "eventName")),
    ),
    # --- ACM (event_summary) ---
    ("aws.acm", "ACM Certificate Approaching Expiration"): _summary(
        "ACM Certificate Approaching Expiration", _ACM_DAYS
    ),
    ("aws.acm", "ACM Certificate Available"): _summary(
        "ACM Certificate Available",
        Part("action", "Action"),
        _ACM_COMMON_NAME,
        _ACM_CERTIFICATE_TYPE,
    ),
    ("aws.acm", "ACM Certificate Expired"): _summary(
        "ACM Certificate Expired", _ACM_COMMON_NAME, _ACM_CERTIFICATE_TYPE
    ),
    ("aws.acm", "ACM Certificate Renewal Action Required"): _summary(
        "ACM Certificate Renewal Action Required",
        _ACM_COMMON_NAME,
        Part("renewal_status_reason", "RenewalStatusReason"),
        _ACM_DAYS,
    ),
    ("aws.acm", "ACM Certificate Revoked"): _summary(
        "ACM Certificate Revoked", _ACM_COMMON_NAME, _ACM_CERTIFICATE_TYPE
    ),
    ("aws.acm", "ACM Certificate Revoked By CA"): _summary(
        "ACM Certificate Revoked By CA",
        _ACM_COMMON_NAME,
        Part("revocation_reason", "RevocationReason"),
    ),
    ("aws.acm", "ACM Certificate Rotated"): _summary("ACM Certificate Rotated"),
    ("aws.acm", "AWS API Call via CloudTrail"): _cloudtrail(
        "ACM AWS API Call Via CloudTrail"
    ),
    # --- CodePipeline (event_summary) ---
    ("aws.codepipeline", "CodePipeline Pipeline Execution State Change"): _summary(
        "CodePipeline Pipeline Execution State Change",
        "pipeline",
        "state",
        "execution_id",
    ),
    ("aws.codepipeline", "CodePipeline Stage Execution State Change"): _summary(
        "CodePipeline Stage Execution State Change",
        "pipeline",
        "stage",
        "state",
        "execution_id",
    ),
    ("aws.codepipeline", "CodePipeline Action Execution State Change"): _summary(
        "CodePipeline Action Execution State Change",
        "pipeline",
        "stage",
        "action",
        "state",
        "execution_id",
    ),
    ("aws.codepipeline", "AWS API Call via CloudTrail"): _cloudtrail(
        "CodePipeline AWS API Call Via CloudTrail"
    ),
    # --- ElastiCache (event_summary) ---
    ("aws.elasticache", "Cache Created"): _elasticache("ElastiCache Cache Created"),
    ("aws.elasticache", "Cache Creation Failed"): _elasticache(
        "ElastiCache Cache Creation Failed"
    ),
    ("aws.elasticache", "Cache Deleted"): _elasticache("ElastiCache Cache Deleted"),
    ("aws.elasticache", "Cache Limit Approaching"): _elasticache(
        "ElastiCache Cache Limit Approaching"
    ),
    ("aws.elasticache", "Cache Update Failed"): _elasticache(
        "ElastiCache Cache Update Failed"
    ),
    ("aws.elasticache", "Cache Updated"): _elasticache("ElastiCache Cache Updated"),
    ("aws.elasticache", "Snapshot Copy Failed"): _elasticache(
        "ElastiCache Snapshot Copy Failed"
    ),
    ("aws.elasticache", "Snapshot Created"): _elasticache(
        "ElastiCache Snapshot Created"
    ),
    ("aws.elasticache", "Snapshot Creation Failed"): _elasticache(
        "ElastiCache Snapshot Creation Failed"
    ),
    ("aws.elasticache", "Snapshot Export Failed"): _elasticache(
        "ElastiCache Snapshot Export Failed"
    ),
    ("aws.elasticache", "AWS API Call via CloudTrail"): _cloudtrail(
        "ElastiCache AWS API Call Via CloudTrail"
    ),
    # --- ELBv2 (event_summary) ---
    ("aws.elasticloadbalancing", "AWS API Call via CloudTrail"): _cloudtrail(
        "ELBv2 AWS API Call Via CloudTrail"
    ),
    # --- Elasticsearch / OpenSearch (event_summary) ---
    # botocraft's own __str__ of these eleven raises TypeError (it passes
    # event= / event_name=, the helper's own parameter names); these are the
    # lines its code means.
    ("aws.es", "Amazon ES Service Software Update Notification"): _search(
        "Elasticsearch Software Update Notification"
    ),
    ("aws.es", "Amazon ES Auto-Tune Notification"): _search(
        "Elasticsearch Auto-Tune Notification"
    ),
    ("aws.es", "Amazon OpenSearch Service Software Update Notification"): _search(
        "OpenSearch Software Update Notification"
    ),
    ("aws.es", "Amazon OpenSearch Service Auto-Tune Notification"): _search(
        "OpenSearch Auto-Tune Notification"
    ),
    ("aws.es", "Amazon OpenSearch Service Cluster Status Notification"): _search(
        "OpenSearch Cluster Status Notification"
    ),
    ("aws.es", "Domain Error Notification"): _search(
        "OpenSearch Domain Error Notification"
    ),
    ("aws.es", "Amazon OpenSearch Service Notification"): _search(
        "OpenSearch Notification"
    ),
    ("aws.es", "Amazon OpenSearch Service Maintenance Update"): _search(
        "OpenSearch Maintenance Update"
    ),
    ("aws.es", "Amazon OpenSearch Service Domain Update Notification"): _search(
        "OpenSearch Domain Update Notification"
    ),
    ("aws.es", "Amazon OpenSearch Service VPC Endpoint Notification"): _search(
        "OpenSearch VPC Endpoint Notification"
    ),
    # "via", not "Via"; the event name before the source.
    ("aws.es", "AWS API Call via CloudTrail"): _summary(
        "OpenSearch AWS API Call via CloudTrail",
        _DOMAIN,
        Part("event_name", "eventName"),
        Part("event_source", "eventSource"),
    ),
    # --- SSM (event_summary) ---
    ("aws.ssm", "EC2 Automation Step Status-change Notification"): _summary(
        "SSM EC2 Automation Step Status-change Notification",
        _AUTOMATION_ID,
        _AUTOMATION_DEFINITION,
        Part("step_name", "StepName"),
        _AUTOMATION_STATUS,
    ),
    ("aws.ssm", "EC2 Automation Execution Status-change Notification"): _summary(
        "SSM EC2 Automation Execution Status-change Notification",
        _AUTOMATION_ID,
        _AUTOMATION_DEFINITION,
        _AUTOMATION_STATUS,
        Part("executed_by", "ExecutedBy"),
    ),
    ("aws.ssm", "Calendar State Change"): _summary(
        "SSM Calendar State Change",
        "state",
        Part("next_transition_time", "nextTransitionTime"),
    ),
    ("aws.ssm", "Change Request Status Update"): _summary(
        "SSM Change Request Status Update",
        "change_request_id",
        "ops_item_id",
        Part("status", "ops_item_status"),
    ),
    ("aws.ssm", "Configuration Compliance State Change"): _summary(
        "SSM Configuration Compliance State Change",
        "compliance_type",
        "compliance_status",
        "resource_id",
    ),
    ("aws.ssm", "Maintenance Window Target Registration Notification"): _summary(
        "SSM Maintenance Window Target Registration Notification",
        "window_id",
        "window_target_id",
        "status",
    ),
    ("aws.ssm", "Maintenance Window Execution State-change Notification"): _summary(
        "SSM Maintenance Window Execution State-change Notification",
        "window_id",
        "window_execution_id",
        "status",
    ),
    (
        "aws.ssm",
        "Maintenance Window Task Execution State-change Notification",
    ): _summary(
        "SSM Maintenance Window Task Execution State-change Notification",
        "window_id",
        "task_execution_id",
        "status",
    ),
    (
        "aws.ssm",
        "Maintenance Window Task Target Invocation State-change Notification",
    ): _summary(
        "SSM Maintenance Window Task Target Invocation State-change Notification",
        "window_id",
        "task_execution_id",
        "window_target_id",
        "status",
    ),
    ("aws.ssm", "Maintenance Window State-change Notification"): _summary(
        "SSM Maintenance Window State-change Notification", "window_id", "status"
    ),
    ("aws.ssm", "Parameter Store Change"): _summary(
        "SSM Parameter Store Change",
        "operation",
        Part("parameter_name", "name"),
        Part("parameter_type", "type"),
    ),
    ("aws.ssm", "OpsItem Create"): _summary(
        "SSM OpsItem Create", "ops_item_id", "status", "title"
    ),
    ("aws.ssm", "OpsItem Update"): _summary(
        "SSM OpsItem Update", "ops_item_id", "status", "title"
    ),
    ("aws.ssm", "EC2 Command Status-change Notification"): _summary(
        "SSM EC2 Command Status-change Notification",
        "command_id",
        "document_name",
        "status",
    ),
    ("aws.ssm", "EC2 Command Invocation Status-change Notification"): _summary(
        "SSM EC2 Command Invocation Status-change Notification",
        "command_id",
        "document_name",
        "instance_id",
        "status",
    ),
    ("aws.ssm", "EC2 State Manager Association State Change"): _summary(
        "SSM EC2 State Manager Association State Change",
        "association_id",
        "document_name",
        "status",
    ),
    ("aws.ssm", "EC2 State Manager Instance Association State Change"): _summary(
        "SSM EC2 State Manager Instance Association State Change",
        "association_id",
        "instance_id",
        "document_name",
        "status",
    ),
}


def _part(spec: str | Part) -> Part:
    return Part(spec, spec) if isinstance(spec, str) else spec


def summary_of(obj: Any) -> Summary | None:
    """botocraft's summary of the typed event ``obj``'s type, or None (for
    anything else, or a detail that lacks a summarized field)."""
    if not isinstance(obj, TypedEvent):
        return None
    try:
        summary = SUMMARIES.get((obj.source, obj.detail_type))
    except TypeError:  # an unhashable source
        return None
    if summary is None:
        return None
    for spec in summary.fields:
        part = _part(spec)
        if not part.envelope and not hasattr(obj.detail, part.attr):
            return None
    return summary


def summary_str(event: Any, summary: Summary) -> str:
    """botocraft's one-line ``str()`` of an event: ``<Event: label:
    account=..., source=..., time=..., region=..., resources=[...]`` (the
    summary's envelope fields), then the summary's fields, then its end."""
    parts = [f"{name}={getattr(event, name)}" for name in summary.envelope]
    for spec in summary.fields:
        part = _part(spec)
        value = getattr(event if part.envelope else event.detail, part.attr)
        if part.derive is not None:
            value = part.derive(value)
        if summary.skip_empty and (value is None or value == ""):
            continue
        parts.append(f"{part.name}={value}")
    head = f"<Event: {summary.label}: "
    if summary.bracket_account:
        head += f"[{event.account}]: "
    return head + ", ".join(parts) + summary.end


def pydantic_str(obj: Any) -> str:
    """``str()`` of a model as botocraft prints it: the summary line of an
    event type botocraft summarizes, else pydantic's ``name=value`` pairs
    (values as ``repr``), ``detail_type`` included at its documented place.

    Parameters
    ----------
    obj : msgspec.Struct
        Any Struct instance: an event (compat or core), a detail, a nested
        model.
    """
    summary = summary_of(obj)
    if summary is not None:
        return summary_str(obj, summary)
    parts = []
    for f in plan_of(type(obj)).fields:
        value = f.tag if f.tag is not None else getattr(obj, f.name)
        parts.append(f"{f.name}={value!r}")
    return " ".join(parts)
