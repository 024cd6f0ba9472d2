"""The envelope classes: immutability, the detail-type tag, the generic event."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

import eventbridge_structs as ebs
from eventbridge_structs import ecr

UTC = dt.timezone.utc
ENVELOPE = dict(
    account="123456789012",
    id="id-1",
    region="us-east-1",
    resources=["arn:aws:ecr:us-east-1:123456789012:repository/r"],
    source="aws.ecr",
    time=dt.datetime(2024, 1, 1, tzinfo=UTC),
    version="0",
)


def test_typed_event_detail_type_is_its_tag() -> None:
    detail = ecr.ECRImageAction(
        action_type="PUSH", repository_name="r", result="SUCCESS"
    )
    ev = ecr.ECRImageActionEvent(detail=detail, **ENVELOPE)
    assert ev.detail_type == "ECR Image Action"
    assert isinstance(ev, ebs.EventBridgeEvent) and isinstance(ev, ebs.TypedEvent)
    assert msgspec.json.decode(ebs.encode(ev))["detail-type"] == "ECR Image Action"
    assert ebs.encode(ev).startswith(b'{"detail-type":"ECR Image Action"')


def test_events_are_immutable() -> None:
    detail = ecr.ECRImageAction(
        action_type="PUSH", repository_name="r", result="SUCCESS"
    )
    ev = ecr.ECRImageActionEvent(detail=detail, **ENVELOPE)
    with pytest.raises(AttributeError):
        ev.account = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        detail.result = "FAILURE"  # type: ignore[misc]


def test_fields_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        ecr.ECRImageAction("PUSH", "r", "SUCCESS")  # type: ignore[misc]


def test_generic_event_keeps_its_detail_type() -> None:
    ev = ebs.GenericEvent(
        detail={"a": [1, None]}, detail_type="Thing Happened", **ENVELOPE
    )
    assert ev.detail_type == "Thing Happened"
    back = ebs.decode(ebs.encode(ev))
    assert type(back) is ebs.GenericEvent and back == ev


def test_time_must_be_timezone_aware() -> None:
    ev = ebs.GenericEvent(detail={}, detail_type="X", **ENVELOPE)
    naive = ebs.encode(ev).replace(b'"2024-01-01T00:00:00Z"', b'"2024-01-01T00:00:00"')
    with pytest.raises(ebs.DecodeError, match="timezone"):
        ebs.decode(naive)


def test_offsets_are_kept() -> None:
    ev = ebs.GenericEvent(detail={}, detail_type="X", **ENVELOPE)
    shifted = ebs.encode(ev).replace(
        b"2024-01-01T00:00:00Z", b"2024-01-01T05:30:00+05:30"
    )
    back = ebs.decode(shifted)
    assert back.time == ev.time
    assert back.time.utcoffset() == dt.timedelta(hours=5, minutes=30)
