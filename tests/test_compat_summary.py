"""botocraft 0.36.0's ``str()`` summary lines (``compat/_summary.py``) for
all 64 event types its ``EventFactory`` maps: ``str()`` of the event our
``compat.EventFactory().new(text)`` makes equals ``str()`` of botocraft's,
character for character, on AWS's published samples and on Hypothesis
documents; and the ``SUMMARIES`` table has an entry for exactly the types
whose botocraft class writes its own ``__str__``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("botocraft")
pydantic = pytest.importorskip("pydantic")

from botocraft.eventbridge.factory import (  # noqa: E402
    EventFactory as BotocraftFactory,
)

import eventbridge_structs as ebs  # noqa: E402
from eventbridge_structs import compat  # noqa: E402
from eventbridge_structs.compat._summary import (  # noqa: E402
    SUMMARIES,
    domain_name,
    last_segment,
    last_segments,
)

from . import strategies  # noqa: E402

SAMPLES_DIR = Path(__file__).resolve().parent / "fixtures" / "samples"
SAMPLES = sorted(SAMPLES_DIR.glob("*/*.json"))

#: botocraft's primary class per ``(source, detail-type)``.
BOTOCRAFT = BotocraftFactory.event_class_map

#: Our event classes with the ``(source, detail-type)`` keys they decode.
KEYS: dict[type[Any], list[tuple[str, str]]] = {}
for _key, _cls in ebs.registered().items():
    if _key in BOTOCRAFT:
        KEYS.setdefault(_cls, []).append(_key)

TYPES = pytest.mark.parametrize(
    "cls", list(strategies.BOTOCRAFT_EVENT_TYPES), ids=lambda c: c.__name__
)

SUMMARY = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def both(text: str) -> tuple[Any, Any] | None:
    """``(ours, theirs)`` from the two factories, or None when botocraft
    rejects the event."""
    try:
        theirs = BotocraftFactory().new(text)
    except pydantic.ValidationError:
        return None
    return compat.EventFactory().new(text), theirs


#: botocraft's classes whose ``__str__`` always raises ``TypeError``: they
#: pass ``event=self.detail.event`` (the ten domain notifications) or
#: ``event_name=self.detail.eventName`` (OpenSearch's CloudTrail event) to
#: ``event_summary(event_name, event, **details)``, whose parameters have
#: those names. Ours print the line botocraft's code means (MIGRATING.md,
#: *str()*).
RAISING = {
    ("aws.es", "Amazon ES Service Software Update Notification"),
    ("aws.es", "Amazon ES Auto-Tune Notification"),
    ("aws.es", "Amazon OpenSearch Service Software Update Notification"),
    ("aws.es", "Amazon OpenSearch Service Auto-Tune Notification"),
    ("aws.es", "Amazon OpenSearch Service Cluster Status Notification"),
    ("aws.es", "Domain Error Notification"),
    ("aws.es", "Amazon OpenSearch Service Notification"),
    ("aws.es", "Amazon OpenSearch Service Maintenance Update"),
    ("aws.es", "Amazon OpenSearch Service Domain Update Notification"),
    ("aws.es", "Amazon OpenSearch Service VPC Endpoint Notification"),
    ("aws.es", "AWS API Call via CloudTrail"),
}


def _event_summary(event_name: str, event: Any, /, **details: object) -> str:
    """botocraft's ``common.event_summary``, its two parameters made
    positional-only: the one change that lets an ``event=`` or
    ``event_name=`` detail through."""
    parts = [
        f"account={event.account}",
        f"source={event.source}",
        f"time={event.time}",
        f"region={event.region}",
        f"resources={event.resources}",
    ]
    parts.extend(
        f"{name}={value}"
        for name, value in details.items()
        if value is not None and value != ""
    )
    return f"<Event: {event_name}: " + ", ".join(parts) + ">"


def botocraft_str(theirs: Any) -> str:
    """``str(theirs)``; for the classes in ``RAISING``, botocraft's own
    ``__str__`` run with :func:`_event_summary`."""
    key = (theirs.source, theirs.detail_type) if hasattr(theirs, "source") else None
    if key not in RAISING:
        return str(theirs)
    with pytest.raises(TypeError, match="multiple values for argument 'event"):
        str(theirs)
    module = sys.modules[type(theirs).__module__]
    with mock.patch.object(module, "event_summary", _event_summary):
        return str(theirs)


def _own_str(cls: type[Any]) -> bool:
    """Whether botocraft's class ``cls`` (or a botocraft mixin of it)
    writes its own ``__str__``, rather than pydantic's."""
    for klass in cls.__mro__:
        if "__str__" in vars(klass):
            return klass.__module__.startswith("botocraft.eventbridge")
    return False


# --- the table ------------------------------------------------------------------


def test_every_botocraft_type_is_covered() -> None:
    assert len(BOTOCRAFT) == 64
    assert sum(len(keys) for keys in KEYS.values()) == 64
    assert set(KEYS) == set(strategies.BOTOCRAFT_EVENT_TYPES)


def test_the_table_has_exactly_the_types_botocraft_summarizes() -> None:
    own = {key for key, cls in BOTOCRAFT.items() if _own_str(cls)}
    assert set(SUMMARIES) == own
    assert len(SUMMARIES) == 64


def test_the_summary_is_read_from_the_table() -> None:
    """The line follows the table: a changed label shows (no
    hand-written method per class)."""
    text = (SAMPLES_DIR / "ssm" / "parameter-store-change.json").read_text()
    event = json.dumps(json.loads(text)["event"])
    ours = compat.EventFactory().new(event)
    key = ("aws.ssm", "Parameter Store Change")
    summary = SUMMARIES[key]
    SUMMARIES[key] = summary._replace(label="Changed")
    try:
        assert str(ours).startswith("<Event: Changed: account=")
    finally:
        SUMMARIES[key] = summary
    assert str(ours).startswith("<Event: SSM Parameter Store Change: account=")


def test_the_value_deriving_functions() -> None:
    assert last_segment("arn:aws:ecs:us-east-1:1:cluster/a/b") == "b"
    assert last_segment("no-slash") == "no-slash"
    assert last_segments(["x/y", "z", ""]) == ["y", "z", ""]
    assert last_segments(None) == []
    assert domain_name([]) is None
    assert domain_name([""]) is None
    assert domain_name(["arn:aws:es:us-east-1:1:domain/my/dom", "x"]) == "dom"
    assert domain_name(["domain"]) == "domain"


# --- differential: samples and Hypothesis ---------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_samples_print_botocrafts_line(path: Path) -> None:
    text = json.dumps(json.loads(path.read_text())["event"])
    pair = both(text)
    if pair is None:
        pytest.skip("botocraft rejects this sample")
    ours, theirs = pair
    assert type(ours).__name__ == type(theirs).__name__
    if isinstance(theirs, dict):  # a (source, detail-type) neither maps
        assert str(ours) == str(theirs)
        return
    assert str(ours).startswith("<Event: ")
    assert str(ours) == botocraft_str(theirs)


def test_the_samples_cover_most_services() -> None:
    """Sanity: the sample test is not all skips."""
    checked = {
        p.parent.name
        for p in SAMPLES
        if both(json.dumps(json.loads(p.read_text())["event"])) is not None
    }
    assert {"acm", "codepipeline", "ecr", "ecs", "opensearch", "ssm"} <= checked


@TYPES
@SUMMARY
@given(data=st.data())
def test_hypothesis_events_print_botocrafts_line(
    cls: type[ebs.TypedEvent], data: st.DataObject
) -> None:
    """Valid documents of every type (optional fields dropped, empty and
    odd strings, extra keys): the same line as botocraft's, whichever
    source the type is registered under."""
    doc, _ = data.draw(strategies.documents(cls))
    doc["source"], doc["detail-type"] = data.draw(st.sampled_from(KEYS[cls]))
    pair = both(json.dumps(doc))
    if pair is None:  # a lax-rule difference (MIGRATING.md)
        return
    ours, theirs = pair
    line = botocraft_str(theirs)
    assert str(ours) == line
    assert compat.pydantic_str(ebs.convert(doc)) == line
