"""The ECR event Structs: cross-checked field by field against botocraft's
documented pydantic models (the reference implementation), decoded from the
documented example events, and round-tripped for generated events."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import ecr

from . import strategies

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

botocraft_raw = pytest.importorskip("botocraft.eventbridge.raw.ecr")

#: Our class -> botocraft's raw class of the same name.
PAIRS = [(cls, getattr(botocraft_raw, cls.__name__)) for cls in ecr.EVENT_TYPES]

DETAIL_TYPES = {
    ecr.ECRImageActionEvent: "ECR Image Action",
    ecr.ECRImageScanEvent: "ECR Image Scan",
    ecr.ECRReferrerActionEvent: "ECR Referrer Action",
    ecr.ECRPullThroughCacheActionEvent: "ECR Pull Through Cache Action",
    ecr.ECRReplicationActionEvent: "ECR Replication Action",
    ecr.ECRScanResourceChangeEvent: "ECR Scan Resource Change",
    ecr.ECRAWSAPICallViaCloudTrailEvent: "AWS API Call via CloudTrail",
}


def _struct_pairs() -> list[tuple[type[Any], type[Any]]]:
    """Every Struct reachable from the event classes, with botocraft's model."""
    pairs = []
    for ours, theirs in PAIRS:
        stack = [(ours, theirs)]
        while stack:
            a, b = stack.pop()
            pairs.append((a, b))
            for field in mi.type_info(a).fields:  # type: ignore[attr-defined]
                name = field.name
                inner = field.type
                while isinstance(inner, (mi.UnionType, mi.ListType)):
                    inner = (
                        inner.item_type
                        if isinstance(inner, mi.ListType)
                        else next(
                            t for t in inner.types if not isinstance(t, mi.NoneType)
                        )
                    )
                if isinstance(inner, mi.StructType) and name != "detail":
                    annotation = b.model_fields[name].annotation
                    args = getattr(annotation, "__args__", (annotation,))
                    target = next(
                        t
                        for arg in args
                        for t in (*getattr(arg, "__args__", ()), arg)
                        if isinstance(t, type) and t.__name__ == inner.cls.__name__
                    )
                    stack.append((inner.cls, target))
                elif name == "detail":
                    stack.append((inner.cls, b.model_fields["detail"].annotation))
    return pairs


@pytest.mark.parametrize(("ours", "theirs"), _struct_pairs(), ids=lambda c: c.__name__)
def test_fields_match_botocraft(ours: type[Any], theirs: type[Any]) -> None:
    """Python names, JSON names, order, required fields and defaults are
    botocraft's, except the envelope's detail-type (our class tag)."""
    assert ours.__name__ == theirs.__name__
    info = mi.type_info(ours)
    assert isinstance(info, mi.StructType)
    mine = [(f.name, f.encode_name, f.required) for f in info.fields]
    expected = [
        (name, f.alias or name, f.is_required())
        for name, f in theirs.model_fields.items()
        if name != "detail_type"
    ]
    assert sorted(mine) == sorted(expected)
    if not issubclass(ours, ebs.EventBridgeEvent):
        assert mine == expected  # same order too
        for field in info.fields:
            ref = theirs.model_fields[field.name]
            if field.default is not msgspec.NODEFAULT:
                assert ref.default == field.default
            elif field.default_factory is not msgspec.NODEFAULT:
                assert ref.default_factory is not None
                assert ref.default_factory() == field.default_factory()
    else:
        documented = [f.alias or n for n, f in theirs.model_fields.items()]
        order = ours.__schema__.order or ebs.EventBridgeEvent.__schema__.order
        assert list(order) == documented


@pytest.mark.parametrize("cls", ecr.EVENT_TYPES, ids=lambda c: c.__name__)
def test_registered_for_aws_ecr(cls: type[ebs.TypedEvent]) -> None:
    assert ebs.event_type_for("aws.ecr", DETAIL_TYPES[cls]) is cls


def _example(name: str) -> Any:
    return ebs.decode((EXAMPLES / name).read_bytes())


def test_pull_through_cache_example() -> None:
    ev = _example("pull-through-cache-action.json")
    assert isinstance(ev, ecr.ECRPullThroughCacheActionEvent)
    assert ev.detail_type == "ECR Pull Through Cache Action"
    assert (ev.version, ev.id, ev.source) == (
        "0",
        "85fc3613-e913-7fc4-a80c-a3753e4aa9ae",
        "aws.ecr",
    )
    assert (ev.account, ev.region) == ("123456789012", "us-west-2")
    assert ev.time == dt.datetime(2023, 2, 28, 2, 36, 48, tzinfo=dt.timezone.utc)
    assert ev.time.utcoffset() == dt.timedelta(0)
    assert ev.resources == [
        "arn:aws:ecr:us-west-2:123456789012:repository/docker-hub/alpine"
    ]
    assert ev.detail == ecr.ECRPullThroughCacheAction(
        sync_status="SUCCESS",
        ecr_repository_prefix="docker-hub",
        repository_name="docker-hub/alpine",
        upstream_registry_url="public.ecr.aws",
        image_tag="3.17.2",
        image_digest="sha256:4aa08ef415aecc80814cb42fa41b658480779d80c77ab15a4e4f8c1eb6c1d4a4",
    )
    assert ev.detail.failure_code is None and ev.detail.failure_reason is None


def test_image_scan_example_counts_are_floats() -> None:
    ev = _example("image-scan.json")
    assert isinstance(ev, ecr.ECRImageScanEvent)
    counts = ev.detail.finding_severity_counts
    assert counts == ecr.FindingSeverityCounts(CRITICAL=10.0, MEDIUM=9.0)
    assert isinstance(counts.CRITICAL, float) and counts.HIGH is None
    assert ev.detail.image_tags == []


def test_scan_resource_change_example_enums() -> None:
    ev = _example("scan-resource-change.json")
    assert isinstance(ev, ecr.ECRScanResourceChangeEvent)
    assert ev.detail.scan_type is ecr.ScanType.ENHANCED
    first = ev.detail.repositories[0]
    assert first.scan_frequency is ecr.ScanFrequency.CONTINUOUS_SCAN
    assert first.previous_scan_frequency is ecr.ScanFrequency.MANUAL
    assert [r.repository_name for r in ev.detail.repositories] == [
        "repository-1",
        "repository-2",
    ]


def test_scan_resource_change_without_repositories_defaults_to_empty() -> None:
    doc = json.loads((EXAMPLES / "scan-resource-change.json").read_text())
    del doc["detail"]["repositories"]
    ev = ebs.convert(doc)
    assert isinstance(ev, ecr.ECRScanResourceChangeEvent)
    assert ev.detail.repositories == []


def test_cloudtrail_example_keeps_camel_case_names() -> None:
    ev = _example("cloudtrail-batch-get-image.json")
    assert isinstance(ev, ecr.ECRAWSAPICallViaCloudTrailEvent)
    d = ev.detail
    assert (d.eventName, d.eventSource, d.readOnly) == (
        "BatchGetImage",
        "ecr.amazonaws.com",
        True,
    )
    assert d.eventTime == dt.datetime(2024, 3, 1, 12, 0, 4, tzinfo=dt.timezone.utc)
    assert d.requestParameters is not None
    assert d.requestParameters["imageIds"] == [{"imageTag": "latest"}]
    assert d.responseElements is None


def test_replication_and_referrer_examples() -> None:
    rep = _example("replication-action.json")
    assert isinstance(rep, ecr.ECRReplicationActionEvent)
    assert (rep.detail.source_account, rep.detail.source_region) == (
        "123456789012",
        "us-west-2",
    )
    ref = _example("referrer-action.json")
    assert isinstance(ref, ecr.ECRReferrerActionEvent)
    assert ref.detail.artifact_media_type == "application/vnd.cncf.notary.signature"


def test_fields_beyond_the_documented_models_decode() -> None:
    """rule-version, replay-name, target-storage-class, last-activated-at."""
    ev = _example("image-action-archive.json")
    assert isinstance(ev, ecr.ECRImageActionEvent)
    assert ev.detail.action_type == "ARCHIVE"
    ptc = _example("pull-through-cache-action.json")
    assert ptc.detail.sync_status == "SUCCESS"  # alongside "rule-version"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_time_z_reencodes_byte_identically(name: str) -> None:
    raw = json.loads((EXAMPLES / name).read_bytes())
    out = ebs.encode(ebs.decode((EXAMPLES / name).read_bytes()))
    assert f'"time":"{raw["time"]}"'.encode() in out


@pytest.mark.parametrize("cls", ecr.EVENT_TYPES, ids=lambda c: c.__name__)
@settings(max_examples=60)
@given(data=st.data())
def test_round_trips(cls: type[ebs.TypedEvent], data: st.DataObject) -> None:
    event = data.draw(strategies.events(cls))
    assert ebs.decode(ebs.encode(event)) == event
    assert type(ebs.decode(ebs.encode(event))) is cls
    assert ebs.convert(msgspec.to_builtins(event)) == event
    assert ebs.decode(ebs.encode(event), type=cls) == event


@pytest.mark.parametrize("cls", ecr.EVENT_TYPES, ids=lambda c: c.__name__)
@settings(max_examples=60)
@given(data=st.data())
def test_documents_with_absent_and_unknown_fields(
    cls: type[ebs.TypedEvent], data: st.DataObject
) -> None:
    doc, expected = data.draw(strategies.documents(cls))
    raw = msgspec.json.encode(doc)
    decoded = ebs.decode(raw)
    assert decoded == expected
    assert ebs.convert(doc) == expected
    assert ebs.decode(ebs.encode(decoded)) == decoded
