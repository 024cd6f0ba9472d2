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
        "source": "com.example.storage",
        "detail": {"eventName": "PutObject", "eventSource": "s3.amazonaws.com"},
    }
    ebs.register(S3CloudTrailEvent, source="com.example.storage")
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
        ebs.unregister("com.example.storage", "AWS API Call via CloudTrail")
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


# --- the lazy catalogue and two-key dispatch ------------------------------------


def _run(script: str) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_first_event_of_a_type_imports_its_module() -> None:
    doc = json.loads((EXAMPLES / "image-scan.json").read_bytes())
    ecs = {**doc, "source": "aws.ecs", "detail-type": "ECS Deployment State Change"}
    ecs["detail"] = {
        "eventType": "INFO",
        "eventName": "SERVICE_DEPLOYMENT_COMPLETED",
        "deploymentId": "ecs-svc/1",
        "updatedAt": "2024-01-01T00:00:00Z",
        "reason": "done",
    }
    out = _run(
        "import sys, json, eventbridge_structs as ebs\n"
        "loaded = lambda: sorted(m.split('.')[1] for m in sys.modules"
        " if m.count('.') == 1 and m.startswith('eventbridge_structs.')"
        " and m.split('.')[1] in ebs._EVENT_MODULES)\n"
        "print(loaded())\n"
        f"ev = ebs.decode({json.dumps(ecs)!r})\n"
        "print(type(ev).__module__, type(ev).__name__, loaded())\n"
    )
    assert out.splitlines() == [
        "[]",
        "eventbridge_structs.ecs ECSServiceDeploymentStateChangeEvent ['ecs']",
    ]


def test_a_built_in_key_is_taken_until_replaced() -> None:
    class MyScan(ebs.TypedEvent, tag="ECR Image Scan"):
        detail: dict[str, Any]

    with pytest.raises(ValueError, match="already registered to ECRImageScanEvent"):
        ebs.register(MyScan, source="aws.ecr")
    doc = json.loads((EXAMPLES / "image-scan.json").read_bytes())
    ebs.register(MyScan, source="aws.ecr", replace=True)
    try:
        assert type(ebs.decode(json.dumps(doc))) is MyScan
    finally:
        ebs.register(ecr.ECRImageScanEvent, source="aws.ecr", replace=True)
    assert type(ebs.decode(json.dumps(doc))) is ecr.ECRImageScanEvent


def test_an_unregistered_built_in_stays_generic_until_registered() -> None:
    doc = json.loads((EXAMPLES / "image-scan.json").read_bytes())
    ebs.unregister("aws.ecr", "ECR Image Scan")
    try:
        assert ebs.event_type_for("aws.ecr", "ECR Image Scan") is None
        assert type(ebs.decode(json.dumps(doc))) is ebs.GenericEvent
        with pytest.raises(KeyError):
            ebs.unregister("aws.ecr", "ECR Image Scan")
    finally:
        ebs.register(ecr.ECRImageScanEvent, source="aws.ecr")
    assert type(ebs.decode(json.dumps(doc))) is ecr.ECRImageScanEvent


def test_a_built_in_module_loaded_later_keeps_the_users_choice() -> None:
    out = _run(
        "import eventbridge_structs as ebs\n"
        "class Mine(ebs.TypedEvent, tag='ACM Certificate Expired'):\n"
        "    detail: dict\n"
        "ebs.register(Mine, source='aws.acm', replace=True)\n"
        "from eventbridge_structs import acm\n"
        "print(ebs.event_type_for('aws.acm', 'ACM Certificate Expired').__name__)\n"
        "print(ebs.event_type_for('aws.acm', 'ACM Certificate Available').__name__)\n"
    )
    assert out.splitlines() == ["Mine", "ACMCertificateAvailableEvent"]


class MyAppCall(msgspec.Struct):
    eventName: str
    userIdentity: dict[str, Any]


class MyAppCloudTrailEvent(ebs.TypedEvent, tag="AWS API Call via CloudTrail"):
    detail: MyAppCall


class MyAppCloudTrailTextTime(ebs.TypedEvent, tag="AWS API Call via CloudTrail"):
    """Declares the envelope otherwise: decoded again, as its class."""

    detail: MyAppCall
    time: str  # type: ignore[assignment]


def _cloudtrail(source: str) -> dict[str, Any]:
    doc = json.loads((EXAMPLES / "cloudtrail-batch-get-image.json").read_bytes())
    doc["source"] = source
    return doc


def test_one_detail_type_under_many_sources_dispatches_in_one_parse() -> None:
    """ "AWS API Call via CloudTrail" of aws.ecr, aws.ecs, aws.acm and a
    user's my.app: one member of the union, each event its own class."""
    ebs.register(MyAppCloudTrailEvent, source="my.app")
    ebs.register(MyAppCloudTrailTextTime, source="my.other")
    try:
        expected = {
            "aws.ecr": "ECRAWSAPICallViaCloudTrailEvent",
            "aws.ecs": "ECSAWSAPICallViaCloudTrailEvent",
            "aws.acm": "ACMAWSAPICallViaCloudTrailEvent",
            "my.app": "MyAppCloudTrailEvent",
            "my.other": "MyAppCloudTrailTextTime",
            "com.example.storage": "GenericEvent",
        }
        docs = [_cloudtrail(source) for source in expected]
        for doc in docs:
            ebs.decode(json.dumps(doc))  # load the modules
        from eventbridge_structs._registry import dispatch

        members = [
            m
            for m in dispatch().shared
            if m.__struct_config__.tag == "AWS API Call via CloudTrail"
        ]
        assert len(members) == 1
        for doc, name in zip(docs, expected.values(), strict=True):
            text = json.dumps(doc)
            event = ebs.decode(text)
            assert type(event).__name__ == name
            assert event.source == doc["source"]
            if name != "GenericEvent":
                # The same event as a decode straight into its class.
                assert event == ebs.decode(text, type=type(event))
                assert ebs.decode(ebs.encode(event)) == event
        many = ebs.decode_many(json.dumps(docs))
        assert [type(e).__name__ for e in many] == list(expected.values())
        lines = ebs.decode_lines("\n".join(json.dumps(d) for d in docs))
        assert [type(e).__name__ for e in lines] == list(expected.values())
        assert type(ebs.convert(docs[3])).__name__ == "MyAppCloudTrailEvent"
    finally:
        ebs.unregister("my.app", "AWS API Call via CloudTrail")
        ebs.unregister("my.other", "AWS API Call via CloudTrail")


def test_a_bad_detail_behind_a_shared_detail_type_names_its_full_path() -> None:
    doc = _cloudtrail("aws.ecs")
    ebs.decode(json.dumps(_cloudtrail("aws.ecr")))
    doc["detail"]["eventTime"] = "yesterday"
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(json.dumps(doc))
    assert info.value.path == "$.detail.eventTime"
    del doc["detail"]["eventName"]
    doc["detail"]["eventTime"] = "2024-01-01T00:00:00Z"
    with pytest.raises(ebs.DecodeError) as info:
        ebs.decode(json.dumps(doc))
    assert info.value.path == "$.detail.eventName"
