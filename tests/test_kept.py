"""The lossless round trip (issue 15): ``json.loads(encode(decode(x)))``
equals ``json.loads(x)`` for every event that decodes, on every decode path:
unknown members kept at every level, absent stays absent and null stays null,
ints stay ints, and a time keeps its text. An event changed in place, or
built anew, is written from its fields."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs.ecr import (
    ECRImageScanEvent,
    ECRPullThroughCacheActionEvent,
)
from tests import strategies

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "samples"


def exact(value: Any) -> str:
    """JSON text that tells 1 from 1.0 and True from 1, keys sorted."""
    return json.dumps(value, sort_keys=True)


def assert_round_trip(text: str | bytes) -> None:
    event = ebs.decode(text)
    assert exact(json.loads(ebs.encode(event))) == exact(json.loads(text))


PTC = json.dumps(
    {
        "version": "0",
        "id": "4f5ec4d5-4de4-7aad-a046-56d5cfe1df0e",
        "detail-type": "ECR Pull Through Cache Action",
        "source": "aws.ecr",
        "account": "123456789012",
        "time": "2023-02-27T02:36:48Z",
        "region": "us-west-2",
        "resources": [],
        "detail": {
            "rule-version": "1",
            "sync-status": "SUCCESS",
            "ecr-repository-prefix": "docker-hub",
            "repository-name": "docker-hub/alpine",
            "upstream-registry-url": "public.ecr.aws",
            "image-tag": "3.17.2",
            "image-digest": "sha256:4aa08ef415aecc80814cb42fa41b658480779d80c77ab15",
        },
    }
)


def test_the_issue_s_four_losses_are_gone() -> None:
    """The four changes issue 15 reported: rule-version dropped, absent
    optionals written as null, integer counts as floats, milliseconds as
    microseconds."""
    event = ebs.decode(PTC)
    out = json.loads(ebs.encode(event))
    assert out["detail"]["rule-version"] == "1"
    assert "failure-code" not in out["detail"]
    scan = {
        "version": "0",
        "id": "85fc3613-e913-7fc4-a80c-a3753e4aa9ae",
        "detail-type": "ECR Image Scan",
        "source": "aws.ecr",
        "account": "123456789012",
        "time": "2019-10-29T02:36:48Z",
        "region": "us-east-1",
        "resources": ["arn:aws:ecr:us-east-1:123456789012:repository/my-repo"],
        "detail": {
            "scan-status": "COMPLETE",
            "repository-name": "my-repo",
            "finding-severity-counts": {"CRITICAL": 10, "MEDIUM": 9},
            "image-digest": "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e478",
            "image-tags": [],
            "pushed-at": "2017-08-08T20:43:14.621Z",
        },
    }
    text = json.dumps(scan)
    decoded = ebs.decode(text)
    assert isinstance(decoded, ECRImageScanEvent)
    assert decoded.detail.finding_severity_counts is not None
    assert decoded.detail.finding_severity_counts.CRITICAL == 10.0  # the model's float
    back = ebs.encode(decoded)
    assert b'"CRITICAL": 10' in back
    assert b'"2017-08-08T20:43:14.621Z"' in back or b"14.621Z" in back
    assert exact(json.loads(back)) == exact(scan)


def test_null_stays_null_and_absent_stays_absent() -> None:
    doc = json.loads(PTC)
    doc["detail"]["failure-code"] = None
    back = json.loads(ebs.encode(ebs.decode(json.dumps(doc))))
    assert back["detail"]["failure-code"] is None
    assert "failure-reason" not in back["detail"]


def test_unknown_members_at_every_level_survive() -> None:
    doc = json.loads(PTC)
    doc["replay-name"] = "replay-1"
    doc["detail"]["x-extra"] = {"nested": [1, 2.5, True, None]}
    assert_round_trip(json.dumps(doc))


def every_sample() -> list[Path]:
    return sorted(SAMPLES.glob("*/*.json"))


@pytest.mark.parametrize(
    "path", every_sample(), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_every_sample_survives_the_round_trip(path: Path) -> None:
    """Every AWS sample that decodes comes back unchanged (issue 14: nothing
    is lost), from bytes, str, a memoryview and a bytearray."""
    event = json.loads(path.read_bytes())["event"]
    text = json.dumps(event)
    try:
        ebs.decode(text)
    except ebs.DecodeError:
        pytest.skip("rejected by its model (README: rejected samples)")
    for data in (
        text,
        text.encode(),
        memoryview(text.encode()),
        bytearray(text.encode()),
        json.dumps(event, indent=2).encode(),
    ):
        assert exact(json.loads(ebs.encode(ebs.decode(data)))) == exact(event)


def test_bulk_paths_keep_each_event_s_own_json() -> None:
    docs = [json.loads(PTC) for _ in range(3)]
    docs[1]["detail"]["x-extra"] = 1
    docs[2]["time"] = "2023-02-28T02:36:48.5+00:00"
    texts = [json.dumps(d) for d in docs]
    for events in (
        ebs.decode_lines("\n".join(texts)),
        ebs.decode_many("[" + ",".join(texts) + "]"),
    ):
        assert [exact(json.loads(ebs.encode(e))) for e in events] == [
            exact(d) for d in docs
        ]


def test_a_mutable_value_changed_in_place_is_written_from_the_fields() -> None:
    """A list inside a frozen event can still change: then the kept JSON is
    stale, and the event is written from its fields."""
    event = ebs.decode(PTC)
    event.resources.append("arn:aws:ecr:us-west-2:123456789012:repository/x")
    out = json.loads(ebs.encode(event))
    assert out["resources"] == ["arn:aws:ecr:us-west-2:123456789012:repository/x"]
    generic = ebs.decode(PTC.replace("aws.ecr", "com.example.ecr"))
    assert isinstance(generic, ebs.GenericEvent)
    generic.detail["sync-status"] = "FAILED"
    assert json.loads(ebs.encode(generic))["detail"]["sync-status"] == "FAILED"
    generic.detail["sync-status"] = "SUCCESS"  # back as it was: exact again
    assert exact(json.loads(ebs.encode(generic))) == exact(
        json.loads(PTC.replace("aws.ecr", "com.example.ecr"))
    )


def test_replace_and_built_events_are_written_from_their_fields() -> None:
    event = ebs.decode(PTC)
    changed = msgspec.structs.replace(event, region="eu-west-1")
    out = json.loads(ebs.encode(changed))
    assert out["region"] == "eu-west-1"
    assert "rule-version" not in out["detail"]  # the model does not declare it
    assert out["detail-type"] == "ECR Pull Through Cache Action"
    built = ECRPullThroughCacheActionEvent(
        detail=event.detail,
        account=event.account,
        id=event.id,
        region=event.region,
        resources=[],
        source=event.source,
        time=event.time,
        version=event.version,
    )
    assert ebs.encode(built) == msgspec.json.encode(built)
    assert built == msgspec.structs.replace(event)


def test_the_kept_json_is_invisible_to_fields_equality_and_repr() -> None:
    event = ebs.decode(PTC)
    assert event == ebs.decode(json.dumps(json.loads(PTC), indent=4))
    assert event == msgspec.structs.replace(event)
    assert "rule-version" not in repr(event)
    assert msgspec.structs.asdict(event).keys() == set(event.__struct_fields__)


def test_pretty_input_is_written_on_one_line() -> None:
    pretty = json.dumps(json.loads(PTC), indent=2)
    out = ebs.encode(ebs.decode(pretty))
    assert b"\n" not in out
    assert exact(json.loads(out)) == exact(json.loads(pretty))


def test_decode_many_and_decode_lines_restore_the_collector() -> None:
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            ebs.decode_lines(PTC + "\n" + PTC)
            with pytest.raises(ebs.DecodeError):
                ebs.decode_many("[" + PTC + ", 1]")
            with pytest.raises(ebs.DecodeError):
                ebs.decode_lines(PTC + "\n{")
            assert gc.isenabled() is enabled
        finally:
            gc.enable()


LOSSLESS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize(
    "cls", strategies.EVENT_TYPES, ids=[c.__name__ for c in strategies.EVENT_TYPES]
)
@LOSSLESS
@given(data=st.data())
def test_every_type_round_trips_losslessly(
    cls: type[ebs.TypedEvent], data: st.DataObject
) -> None:
    """For every event type: a valid event with unknown members at every
    object level, optional members absent or null, integral numbers as ints
    and times as others write them comes back unchanged."""
    text = data.draw(strategies.lossless_documents(cls))
    event = ebs.decode(text)
    assert isinstance(event, cls)
    back = ebs.encode(event)
    assert exact(json.loads(back)) == exact(json.loads(text))
    assert ebs.decode(back) == event
