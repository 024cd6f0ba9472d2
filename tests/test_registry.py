"""The (source, detail-type) registry: user event types, conflicts, and the
shared CloudTrail detail-type across sources."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

import eventbridge_structs as ebs
from eventbridge_structs import ecr

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class OrderDetail(msgspec.Struct, rename="kebab"):
    order_id: str
    total_cents: int


class OrderPlaced(ebs.TypedEvent, tag="Order Placed"):
    """An order was placed."""

    detail: OrderDetail


class S3Call(msgspec.Struct):
    eventName: str
    eventSource: str


class S3CloudTrailEvent(ebs.TypedEvent, tag="AWS API Call via CloudTrail"):
    detail: S3Call


ORDER = {
    "version": "0",
    "id": "1",
    "detail-type": "Order Placed",
    "source": "com.example.orders",
    "account": "123456789012",
    "time": "2024-01-01T00:00:00Z",
    "region": "eu-west-1",
    "resources": [],
    "detail": {"order-id": "o-1", "total-cents": 1250},
}


@pytest.fixture
def orders() -> Iterator[None]:
    ebs.register(OrderPlaced, source="com.example.orders")
    yield
    ebs.unregister("com.example.orders", "Order Placed")


def test_user_type_dispatches_after_registration(orders: None) -> None:
    ev = ebs.decode(json.dumps(ORDER))
    assert isinstance(ev, OrderPlaced)
    assert ev.detail == OrderDetail(order_id="o-1", total_cents=1250)
    assert ev.detail_type == "Order Placed"
    assert ebs.event_type_for("com.example.orders", "Order Placed") is OrderPlaced
    assert ebs.convert(ORDER) == ev
    assert ebs.decode(ebs.encode(ev)) == ev


def test_unregister_falls_back_to_generic() -> None:
    ebs.register(OrderPlaced, source="com.example.orders")
    ebs.unregister("com.example.orders", "Order Placed")
    assert type(ebs.decode(json.dumps(ORDER))) is ebs.GenericEvent
    assert ebs.event_type_for("com.example.orders", "Order Placed") is None
    with pytest.raises(KeyError):
        ebs.unregister("com.example.orders", "Order Placed")


def test_one_class_under_several_sources(orders: None) -> None:
    ebs.register(OrderPlaced, source="com.example.orders.test")
    try:
        for source in ("com.example.orders", "com.example.orders.test"):
            ev = ebs.decode(json.dumps({**ORDER, "source": source}))
            assert isinstance(ev, OrderPlaced) and ev.source == source
        other = ebs.decode(json.dumps({**ORDER, "source": "com.example.other"}))
        assert type(other) is ebs.GenericEvent
    finally:
        ebs.unregister("com.example.orders.test", "Order Placed")


def test_shared_cloudtrail_detail_type_dispatches_by_source() -> None:
    ecr_doc = json.loads((EXAMPLES / "cloudtrail-batch-get-image.json").read_bytes())
    s3_doc = {
        **ecr_doc,
        "source": "aws.s3",
        "detail": {"eventName": "PutObject", "eventSource": "s3.amazonaws.com"},
    }
    ebs.register(S3CloudTrailEvent, source="aws.s3")
    try:
        batch: list[Any] = ebs.decode_many(json.dumps([ecr_doc, s3_doc, ecr_doc]))
        assert [type(e) for e in batch] == [
            ecr.ECRAWSAPICallViaCloudTrailEvent,
            S3CloudTrailEvent,
            ecr.ECRAWSAPICallViaCloudTrailEvent,
        ]
        assert type(ebs.decode(json.dumps(s3_doc))) is S3CloudTrailEvent
        assert type(ebs.convert(s3_doc)) is S3CloudTrailEvent
        assert (
            type(ebs.decode(json.dumps(ecr_doc))) is ecr.ECRAWSAPICallViaCloudTrailEvent
        )
    finally:
        ebs.unregister("aws.s3", "AWS API Call via CloudTrail")
    assert type(ebs.decode(json.dumps(s3_doc))) is ebs.GenericEvent


def test_conflicting_registration_needs_replace(orders: None) -> None:
    class OtherOrder(ebs.TypedEvent, tag="Order Placed"):
        detail: dict[str, Any]

    with pytest.raises(ValueError, match="already registered"):
        ebs.register(OtherOrder, source="com.example.orders")
    ebs.register(OrderPlaced, source="com.example.orders")  # same: fine
    ebs.register(OtherOrder, source="com.example.orders", replace=True)
    assert isinstance(ebs.decode(json.dumps(ORDER)), OtherOrder)
    ebs.register(OrderPlaced, source="com.example.orders", replace=True)


def test_the_detail_type_is_the_class_tag() -> None:
    class Numbered(ebs.TypedEvent, tag=7):
        detail: dict[str, Any]

    with pytest.raises(ValueError, match="has no detail-type"):
        ebs.register(Numbered, source="com.example.orders")
    with pytest.raises(TypeError, match="TypedEvent subclass"):
        ebs.register(OrderDetail, source="com.example.orders")  # type: ignore[arg-type]


def test_registered_lists_the_ecr_family() -> None:
    table = ebs.registered()
    assert {cls for (source, _), cls in table.items() if source == "aws.ecr"} == set(
        ecr.EVENT_TYPES
    )
    table.clear()  # a copy: the registry is untouched
    assert ebs.event_type_for("aws.ecr", "ECR Image Scan") is ecr.ECRImageScanEvent
