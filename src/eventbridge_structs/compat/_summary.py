# ``str()`` as botocraft 0.36.0 prints its models: the primary event models'
# one-line summaries (``<Event: label: account=..., source=..., ...>``, from
# each class's ``__str__`` in ``botocraft.eventbridge.<service>``), and
# pydantic 2's ``name=value`` pairs for every other model. The summaries are
# data, keyed by ``(source, detail-type)``: botocraft's quirks (a copied
# label, a missing field, a trailing space) are kept character for
# character, since the differential tests compare the lines exactly.
from __future__ import annotations

from typing import Any, NamedTuple

from .._envelope import TypedEvent
from ._fields import plan_of

__all__ = ["SUMMARIES", "Summary", "pydantic_str", "summary_of", "summary_str"]


class Summary(NamedTuple):
    """How botocraft prints one event type.

    Attributes
    ----------
    label : str
        The text after ``<Event:``.
    fields : tuple of str
        The detail fields printed after the envelope's, in order.
    end : str
        What closes the line (``">"``; ``"> "`` where botocraft adds a
        space).
    """

    label: str
    fields: tuple[str, ...] = ()
    end: str = ">"


#: botocraft 0.36.0's summary line per ``(source, detail-type)``.
SUMMARIES: dict[tuple[str, str], Summary] = {
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
}


def summary_of(obj: Any) -> Summary | None:
    """botocraft's summary of the typed event ``obj``'s type, or None (for
    anything else, or a detail that lacks a summarized field)."""
    if not isinstance(obj, TypedEvent):
        return None
    try:
        summary = SUMMARIES.get((obj.source, obj.detail_type))
    except TypeError:  # an unhashable source
        return None
    if summary is None or not all(hasattr(obj.detail, f) for f in summary.fields):
        return None
    return summary


def summary_str(event: Any, summary: Summary) -> str:
    """botocraft's one-line ``str()`` of an event: ``<Event: label:
    account=..., source=..., time=..., region=..., resources=[...]``, then
    the summary's detail fields, then its end."""
    parts = [
        f"account={event.account}",
        f"source={event.source}",
        f"time={event.time}",
        f"region={event.region}",
        f"resources={event.resources}",
        *(f"{name}={getattr(event.detail, name)}" for name in summary.fields),
    ]
    return f"<Event: {summary.label}: " + ", ".join(parts) + summary.end


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
