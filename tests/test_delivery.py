"""unwrap and process_batch: every Lambda delivery shape, poison records,
the size guard, FIFO ordering, and parity with AWS Lambda Powertools'
batch processors."""

from __future__ import annotations

import base64
import copy
import gzip
import json
import logging
import zlib
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import DecodeError
from eventbridge_structs.delivery import (
    MAX_EVENT_SIZE,
    Batch,
    Failure,
    process_batch,
    unwrap,
)
from eventbridge_structs.ecr import ECRPullThroughCacheActionEvent

from .strategies import json_values, record_texts

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "delivery"
EXAMPLES = ROOT / "examples"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def example(name: str) -> Any:
    return ebs.decode((EXAMPLES / f"{name}.json").read_bytes())


def example_text(name: str) -> str:
    """The example event as EventBridge sends it: compact JSON."""
    return json.dumps(json.loads((EXAMPLES / f"{name}.json").read_text()))


PULL = "pull-through-cache-action"
PUSH = "image-action-push"
SCAN = "image-scan"
REPL = "replication-action"
S3 = "s3-object-created"
CHANGE = "scan-resource-change"
REFERRER = "referrer-action"
TRAIL = "cloudtrail-batch-get-image"

#: fixture -> (kind, the examples its records carry, identifier of a record)
SHAPES: dict[str, tuple[str, list[str], Any]] = {
    "sqs.json": ("sqs", [PULL, PUSH, SCAN, S3], lambda r: r["messageId"]),
    "sqs-fifo.json": ("sqs", [PULL, REPL, PUSH, REFERRER], lambda r: r["messageId"]),
    "sqs-sns.json": ("sqs", [PUSH, CHANGE, TRAIL], lambda r: r["messageId"]),
    "sqs-sns-raw.json": ("sqs", [REFERRER, REPL], lambda r: r["messageId"]),
    "sns.json": ("sns", [SCAN], lambda r: r["Sns"]["MessageId"]),
    "kinesis.json": (
        "kinesis",
        [PULL, PUSH, REPL, TRAIL],
        lambda r: r["kinesis"]["sequenceNumber"],
    ),
    "firehose.json": ("firehose", [CHANGE, PULL, S3], lambda r: r["recordId"]),
}


def records_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return payload["Records"] if "Records" in payload else payload["records"]


# --- every shape -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_shape_decodes_every_record(name: str) -> None:
    kind, examples, identify = SHAPES[name]
    payload = load(name)
    batch = unwrap(payload)
    assert isinstance(batch, Batch)
    assert batch.kind == kind
    assert batch.failures == []
    assert batch.events == [example(e) for e in examples]
    assert batch.item_identifiers == [identify(r) for r in records_of(payload)]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_json_text_of_a_payload_gives_the_same_batch(name: str) -> None:
    text = (FIXTURES / name).read_text()
    assert unwrap(text.encode()) == unwrap(json.loads(text))
    assert unwrap(text) == unwrap(json.loads(text))
    assert unwrap(memoryview(text.encode())) == unwrap(json.loads(text))


def test_fixtures_are_valid_lambda_events_by_powertools_models() -> None:
    # The fixture payloads follow the shapes AWS Lambda Powertools models.
    from aws_lambda_powertools.utilities.parser import models

    for name, model in [
        ("sqs.json", models.SqsModel),
        ("sqs-fifo.json", models.SqsModel),
        ("sqs-sns.json", models.SqsModel),
        ("sqs-sns-raw.json", models.SqsModel),
        ("sns.json", models.SnsModel),
        ("kinesis.json", models.KinesisDataStreamModel),
        ("firehose.json", models.KinesisFirehoseModel),
    ]:
        model.model_validate(load(name))
    for record in load("sqs-sns.json")["Records"]:
        models.SnsNotificationModel.model_validate_json(record["body"])


def test_events_are_dispatched_per_record() -> None:
    batch = unwrap(load("sqs.json"))
    assert [type(e).__name__ for e in batch.events] == [
        "ECRPullThroughCacheActionEvent",
        "ECRImageActionEvent",
        "ECRImageScanEvent",
        "ObjectCreatedEvent",  # aws.s3, from the schema registry
    ]
    assert batch.events[0].detail.sync_status == "SUCCESS"


def test_kinesis_gzip_and_zlib_records() -> None:
    payload = load("kinesis.json")
    raw = [base64.b64decode(r["kinesis"]["data"]) for r in payload["Records"]]
    assert raw[1][:2] == b"\x1f\x8b"  # gzip
    assert zlib.decompress(raw[2])  # zlib
    assert unwrap(payload).events[1:3] == [example(PUSH), example(REPL)]


def test_multi_member_gzip_record() -> None:
    text = example_text(PULL).encode()
    data = gzip.compress(text[:100]) + gzip.compress(text[100:])
    payload = kinesis_payload([data])
    assert unwrap(payload).events == [example(PULL)]


def test_bare_event_dict_bytes_and_str() -> None:
    text = (EXAMPLES / f"{PULL}.json").read_text()
    for payload in (json.loads(text), text, text.encode()):
        batch = unwrap(payload)
        assert batch.kind == "eventbridge"
        assert batch.events == [example(PULL)]
        assert batch.item_identifiers == ["85fc3613-e913-7fc4-a80c-a3753e4aa9ae"]
        assert batch.failures == []


def test_bare_bad_event() -> None:
    doc = json.loads(example_text(SCAN))
    doc["detail"]["scan-status"] = ["COMPLETE"]
    for payload in (doc, json.dumps(doc)):
        batch = unwrap(payload)
        assert batch.events == []
        [failure] = batch.failures
        assert failure.index == 0
        assert failure.error.path == "$.detail.scan-status"
    assert unwrap(doc).failures[0].item_identifier == doc["id"]
    [failure] = unwrap(b"{not json").failures
    assert failure.error.path == "$"
    assert "malformed" in failure.error.reason


def test_type_decodes_every_record_into_it() -> None:
    batch = unwrap(load("sqs.json"), type=ebs.EventBridgeEvent)
    assert all(type(e) is ebs.GenericEvent for e in batch.events)
    assert [e.detail_type for e in batch.events] == [
        e.detail_type for e in unwrap(load("sqs.json")).events
    ]
    # A record that does not fit the requested type is a failure.
    batch = unwrap(load("sqs.json"), type=ECRPullThroughCacheActionEvent)
    assert [type(e) for e in batch.events] == [ECRPullThroughCacheActionEvent]
    assert [f.index for f in batch.failures] == [1, 2, 3]


def test_empty_batches() -> None:
    for payload in ({"Records": []}, {"records": []}, b'{"Records":[]}'):
        batch = unwrap(payload)
        assert batch.events == [] and batch.failures == []


def test_payload_type_errors() -> None:
    with pytest.raises(TypeError, match="dict or JSON"):
        unwrap(42)


# --- poison records ------------------------------------------------------------------

GOOD = [PULL, PUSH, SCAN, REPL]


def _doc(name: str) -> dict[str, Any]:
    return json.loads(example_text(name))


def _poison(kind: str) -> tuple[str, str, str]:
    """(event text, path inside the event, reason fragment)."""
    if kind == "truncated":
        return example_text(PULL)[:57], "$", "truncated"
    if kind == "wrong-type":
        doc = _doc(PULL)
        doc["detail"]["sync-status"] = 5
        return json.dumps(doc), "$.detail.sync-status", "Expected `str`, got `int`"
    if kind == "missing":
        doc = _doc(PUSH)
        del doc["detail"]["repository-name"]
        return json.dumps(doc), "$.detail.repository-name", "missing required field"
    if kind == "bad-time":
        doc = _doc(SCAN)
        doc["time"] = "yesterday"
        return json.dumps(doc), "$.time", "Invalid RFC3339"
    raise AssertionError(kind)


def _sqs_record(i: int, body: str) -> dict[str, Any]:
    record = copy.deepcopy(load("sqs.json")["Records"][0])
    record["messageId"] = f"00000000-0000-4000-8000-{i:012d}"
    record["body"] = body
    return record


def sqs_payload(bodies: list[str]) -> dict[str, Any]:
    return {"Records": [_sqs_record(i, b) for i, b in enumerate(bodies)]}


def sns_body(message: str) -> str:
    note = json.loads(load("sqs-sns.json")["Records"][0]["body"])
    note["Message"] = message
    return json.dumps(note, indent=2, separators=(",", " : "))


def sqs_sns_payload(messages: list[str]) -> dict[str, Any]:
    return sqs_payload([sns_body(m) for m in messages])


def kinesis_payload(data: list[bytes]) -> dict[str, Any]:
    template = load("kinesis.json")["Records"][0]
    records = []
    for i, raw in enumerate(data):
        record = copy.deepcopy(template)
        record["kinesis"]["sequenceNumber"] = str(4959033827149025660855969253 + i)
        record["kinesis"]["data"] = base64.b64encode(raw).decode()
        records.append(record)
    return {"Records": records}


def firehose_payload(data: list[bytes]) -> dict[str, Any]:
    payload = load("firehose.json")
    payload["records"] = [
        {
            "recordId": f"4954698668313554428650745793632162567570019247115678{i:04d}",
            "approximateArrivalTimestamp": 1677551809123 + i,
            "data": base64.b64encode(raw).decode(),
        }
        for i, raw in enumerate(data)
    ]
    return payload


#: shape -> (build a payload from event texts, path prefix of record i)
WRAPPERS: dict[str, tuple[Any, str]] = {
    "sqs": (sqs_payload, "$.Records[{}].body"),
    "sqs-sns": (sqs_sns_payload, "$.Records[{}].body.Message"),
    "kinesis": (
        lambda texts: kinesis_payload([t.encode() for t in texts]),
        "$.Records[{}].kinesis.data",
    ),
    "kinesis-gzip": (
        lambda texts: kinesis_payload([gzip.compress(t.encode()) for t in texts]),
        "$.Records[{}].kinesis.data",
    ),
    "kinesis-zlib": (
        lambda texts: kinesis_payload([zlib.compress(t.encode()) for t in texts]),
        "$.Records[{}].kinesis.data",
    ),
    "firehose": (
        lambda texts: firehose_payload([t.encode() for t in texts]),
        "$.records[{}].data",
    ),
}


@pytest.mark.parametrize("shape", sorted(WRAPPERS))
@pytest.mark.parametrize("where", [0, 2, 4])
@pytest.mark.parametrize("kind", ["truncated", "wrong-type", "missing", "bad-time"])
def test_a_poison_record_costs_only_itself(shape: str, where: int, kind: str) -> None:
    wrap, prefix = WRAPPERS[shape]
    bad, path, reason = _poison(kind)
    texts = [example_text(name) for name in GOOD]
    texts.insert(where, bad)
    payload = wrap(texts)
    batch = unwrap(payload)
    assert batch.events == [example(name) for name in GOOD]
    [failure] = batch.failures
    assert failure.index == where
    assert failure.error.path == prefix.format(where) + path[1:]
    assert reason in failure.error.reason
    assert isinstance(failure.error, DecodeError)
    record = records_of(payload)[where]
    expected_id = record.get("messageId") or record.get("recordId")
    if "kinesis" in record:
        expected_id = record["kinesis"]["sequenceNumber"]
    assert failure.item_identifier == expected_id
    assert len(batch.events) + len(batch.failures) == len(records_of(payload))
    ids = [batch.item_identifiers, [failure.item_identifier]]
    assert len({*ids[0], *ids[1]}) == len(texts)


def test_every_record_poisoned() -> None:
    bad = [_poison(k)[0] for k in ("truncated", "wrong-type", "missing")]
    batch = unwrap(sqs_payload(bad))
    assert batch.events == []
    assert [f.index for f in batch.failures] == [0, 1, 2]


def test_broken_records_themselves() -> None:
    payload = sqs_payload([example_text(PULL)] * 5)
    records = payload["Records"]
    del records[0]["body"]
    records[1]["body"] = {"not": "a string"}
    records[2] = "not a record"
    records[3]["body"] = ""
    batch = unwrap(payload)
    assert batch.events == [example(PULL)]
    assert [(f.index, f.error.path) for f in batch.failures] == [
        (0, "$.Records[0].body"),
        (1, "$.Records[1].body"),
        (2, "$.Records[2]"),
        (3, "$.Records[3].body"),
    ]
    reasons = [f.error.reason for f in batch.failures]
    assert reasons[0] == "Object missing required field `body`"
    assert reasons[1] == "Expected `str`, got `object`"
    assert reasons[2] == "Expected `object`, got `str`"
    assert [f.item_identifier for f in batch.failures] == [
        records[0]["messageId"],
        records[1]["messageId"],
        None,
        records[3]["messageId"],
    ]


def test_records_that_are_not_a_list() -> None:
    for payload in ({"Records": {"a": 1}}, {"records": "x"}):
        batch = unwrap(payload)
        assert batch.events == []
        [failure] = batch.failures
        assert failure.error.reason.startswith("Expected `array`")


def test_unknown_records() -> None:
    batch = unwrap({"Records": [{"eventSource": "aws:s3", "s3": {}}, {"x": 1}]})
    assert batch.kind == "unknown"
    assert [f.index for f in batch.failures] == [0, 1]
    assert "known service" in batch.failures[0].error.reason


def test_kinesis_bad_data() -> None:
    payload = kinesis_payload([example_text(PULL).encode()] * 5)
    records = payload["Records"]
    records[0]["kinesis"]["data"] = "not*base64!"
    records[1]["kinesis"]["data"] = base64.b64encode(
        gzip.compress(example_text(PULL).encode())[:-12]
    ).decode()
    records[2]["kinesis"]["data"] = base64.b64encode(
        b"\xf3\x89\x9a\xe2" + b"\x0a\x03abc"
    ).decode()
    del records[3]["kinesis"]
    batch = unwrap(payload)
    assert batch.events == [example(PULL)]
    failures = batch.failures
    assert [f.index for f in failures] == [0, 1, 2, 3]
    assert failures[0].error.reason.startswith("Invalid base64")
    assert failures[0].error.path == "$.Records[0].kinesis.data"
    assert failures[1].error.reason == "Compressed data is truncated"
    assert "KPL aggregated" in failures[2].error.reason
    assert failures[3].error.path == "$.Records[3].kinesis"
    assert failures[3].item_identifier is None


# --- SNS ---------------------------------------------------------------------------


def test_sns_notification_with_keys_in_another_order() -> None:
    note = json.loads(sns_body(example_text(CHANGE)))
    body = json.dumps(dict(reversed(note.items())))
    assert body.find('"Type"', 0, 16) == -1
    assert unwrap(sqs_payload([body])).events == [example(CHANGE)]


def test_event_with_a_type_key_first_is_not_taken_for_sns() -> None:
    # A "Type" key first is what SNS writes; an event may carry one too.
    doc = {"Type": "Order", **_doc(S3)}
    body = json.dumps(doc, separators=(",", ":"))
    assert body.find('"Type"', 0, 16) != -1
    [event] = unwrap(sqs_payload([body])).events
    assert event == example(S3)


def test_sns_messages_that_are_not_notifications() -> None:
    note = json.loads(sns_body(example_text(PULL)))
    confirm = dict(note, Type="SubscriptionConfirmation")
    no_message = {k: v for k, v in note.items() if k != "Message"}
    batch = unwrap(sqs_payload([json.dumps(confirm), json.dumps(no_message)]))
    assert batch.events == []
    assert [(f.error.path, f.error.reason) for f in batch.failures] == [
        (
            "$.Records[0].body.Type",
            "The SNS message is a 'SubscriptionConfirmation', not a 'Notification'",
        ),
        ("$.Records[1].body.Message", "Expected `str`, got `null`"),
    ]


def test_sns_lambda_poison() -> None:
    payload = load("sns.json")
    payload["Records"][0]["Sns"]["Message"] = _poison("wrong-type")[0]
    [failure] = unwrap(payload).failures
    assert failure.error.path == "$.Records[0].Sns.Message.detail.sync-status"
    assert failure.item_identifier == payload["Records"][0]["Sns"]["MessageId"]


# --- the size guard ------------------------------------------------------------------


def _event_of_size(size: int, filler: str = "x") -> str:
    doc = _doc(S3)
    doc["detail"]["padding"] = ""
    base = len(json.dumps(doc, ensure_ascii=False).encode())
    count, rest = divmod(size - base, len(filler.encode()))
    doc["detail"]["padding"] = filler * count + "x" * rest
    text = json.dumps(doc, ensure_ascii=False)
    assert len(text.encode()) == size
    return text


def test_default_limit_is_the_eventbridge_maximum() -> None:
    assert MAX_EVENT_SIZE == 1024 * 1024
    at_limit = _event_of_size(MAX_EVENT_SIZE)
    over = _event_of_size(MAX_EVENT_SIZE + 1)
    batch = unwrap(sqs_payload([at_limit, over, example_text(PULL)]))
    assert len(batch.events) == 2
    [failure] = batch.failures
    assert failure.index == 1
    assert failure.error.reason == (
        f"Event is {MAX_EVENT_SIZE + 1} bytes, more than the limit of "
        f"{MAX_EVENT_SIZE} bytes"
    )
    assert failure.error.path == "$.Records[1].body"


@pytest.mark.parametrize("shape", sorted(WRAPPERS))
def test_size_guard_in_every_shape(shape: str) -> None:
    wrap, _ = WRAPPERS[shape]
    texts = [_event_of_size(900), _event_of_size(901), _event_of_size(1200)]
    batch = unwrap(wrap(texts), max_size=900)
    assert len(batch.events) == 1
    assert [f.index for f in batch.failures] == [1, 2]
    assert all(
        "more than the limit of 900 bytes" in f.error.reason for f in batch.failures
    )


def test_size_counts_utf8_bytes() -> None:
    # 300 characters of 3 bytes each: within 1000 characters, beyond 1000 bytes.
    text = _event_of_size(1500, filler="€")
    assert len(text) < 1000 < len(text.encode())
    [failure] = unwrap(sqs_payload([text]), max_size=1000).failures
    assert (
        failure.error.reason == "Event is 1500 bytes, more than the limit of 1000 bytes"
    )
    assert unwrap(text, max_size=1000).failures[0].error.reason == failure.error.reason


def test_compression_bomb_is_refused_without_inflating_it() -> None:
    # 32 MiB of JSON in 32 KiB: inflating stops at the limit.
    deflate = zlib.compressobj(9)
    zeros = b"0" * (1 << 20)
    parts = [deflate.compress(b'{"detail":"')]
    parts += [deflate.compress(zeros) for _ in range(32)]
    bomb = b"".join([*parts, deflate.compress(b'"}'), deflate.flush()])
    assert len(bomb) < 40_000
    [failure] = unwrap(kinesis_payload([bomb])).failures
    assert failure.error.reason == (
        f"Event is more than the limit of {MAX_EVENT_SIZE} bytes (decompressed)"
    )


def test_oversized_base64_is_refused_before_decoding() -> None:
    data = base64.b64encode(b"x" * 20_000).decode()
    payload = {"records": [{"recordId": "1", "data": data}]}
    [failure] = unwrap(payload, max_size=1000).failures
    assert failure.error.reason.startswith("Record data is 20000 bytes")


# --- the count invariant, for any mix of records -----------------------------------

_texts = st.one_of(
    record_texts(),
    st.sampled_from(["truncated", "wrong-type", "missing", "bad-time"]).map(
        lambda k: _poison(k)[0]
    ),
    json_values.map(json.dumps),
    st.text(max_size=30),
)


def _direct(text: str) -> Any:
    try:
        return ebs.decode(text)
    except DecodeError as err:
        return err


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.sampled_from(sorted(WRAPPERS)), texts=st.lists(_texts, max_size=12))
def test_every_record_is_an_event_or_a_failure(shape: str, texts: list[str]) -> None:
    wrap, prefix = WRAPPERS[shape]
    batch = unwrap(wrap(texts))
    assert len(batch.events) + len(batch.failures) == len(texts)
    assert len(batch.item_identifiers) == len(batch.events)
    expected = [_direct(t) for t in texts]
    assert batch.events == [e for e in expected if not isinstance(e, DecodeError)]
    failures = [(i, e) for i, e in enumerate(expected) if isinstance(e, DecodeError)]
    assert [f.index for f in batch.failures] == [i for i, _ in failures]
    for failure, (i, err) in zip(batch.failures, failures, strict=True):
        assert failure.error.reason == err.reason
        assert failure.error.path == prefix.format(i) + err.path[1:]


# --- process_batch ---------------------------------------------------------------


class Recorder:
    """A handler that records what it was called with and fails on some."""

    def __init__(self, fail_on: set[str] | frozenset[str] = frozenset()) -> None:
        self.seen: list[Any] = []
        self.fail_on = fail_on

    def __call__(self, event: Any) -> None:
        self.seen.append(event)
        if event.detail_type in self.fail_on:
            raise RuntimeError(f"cannot handle {event.detail_type}")


def ids(payload: dict[str, Any], *indices: int) -> dict[str, list[dict[str, Any]]]:
    records = payload["Records"]
    out = []
    for i in indices:
        record = records[i]
        out.append(
            {
                "itemIdentifier": record["kinesis"]["sequenceNumber"]
                if "kinesis" in record
                else record["messageId"]
            }
        )
    return {"batchItemFailures": out}


def test_all_processed() -> None:
    payload = load("sqs.json")
    handler = Recorder()
    assert process_batch(payload, handler) == {"batchItemFailures": []}
    assert handler.seen == unwrap(payload).events


def test_decode_and_handler_failures_are_reported_in_order() -> None:
    texts = [example_text(n) for n in [PULL, SCAN, PUSH, REPL, SCAN]]
    texts[2] = _poison("missing")[0]
    payload = sqs_payload(texts)
    handler = Recorder(fail_on={"ECR Image Scan"})
    response = process_batch(payload, handler)
    assert response == ids(payload, 1, 2, 4)
    assert [type(e).__name__ for e in handler.seen] == [
        "ECRPullThroughCacheActionEvent",
        "ECRImageScanEvent",
        "ECRReplicationActionEvent",
        "ECRImageScanEvent",
    ]
    json.dumps(response)  # what Lambda receives


def test_kinesis_reports_sequence_numbers() -> None:
    payload = load("kinesis.json")
    payload["Records"][2]["kinesis"]["data"] = base64.b64encode(b"{}").decode()
    handler = Recorder(fail_on={"AWS API Call via CloudTrail"})
    assert process_batch(payload, handler) == ids(payload, 2, 3)
    assert len(handler.seen) == 3


def test_fifo_stops_at_the_first_handler_failure() -> None:
    payload = load("sqs-fifo.json")
    handler = Recorder(fail_on={"ECR Replication Action"})
    assert process_batch(payload, handler) == ids(payload, 1, 2, 3)
    assert [e.detail_type for e in handler.seen] == [
        "ECR Pull Through Cache Action",
        "ECR Replication Action",
    ]


@pytest.mark.parametrize("where", [0, 2, 3])
def test_fifo_stops_at_the_first_decode_failure(where: int) -> None:
    payload = load("sqs-fifo.json")
    payload["Records"][where]["body"] = _poison("truncated")[0]
    handler = Recorder()
    assert process_batch(payload, handler) == ids(payload, *range(where, 4))
    assert len(handler.seen) == where


def test_fifo_failure_later_than_a_handler_failure() -> None:
    payload = load("sqs-fifo.json")
    payload["Records"][3]["body"] = "{"
    handler = Recorder(fail_on={"ECR Pull Through Cache Action"})
    assert process_batch(payload, handler) == ids(payload, 0, 1, 2, 3)
    assert len(handler.seen) == 1


def test_standard_queue_with_message_groups_is_not_fifo() -> None:
    # SQS fair queues: standard queues whose messages carry a MessageGroupId.
    payload = load("sqs-fifo.json")
    for record in payload["Records"]:
        record["eventSourceARN"] = record["eventSourceARN"].removesuffix(".fifo")
    handler = Recorder(fail_on={"ECR Replication Action"})
    assert process_batch(payload, handler) == ids(payload, 1)
    assert len(handler.seen) == 4


def test_empty_batch() -> None:
    assert process_batch({"Records": []}, Recorder()) == {"batchItemFailures": []}


def test_json_text_payload() -> None:
    text = (FIXTURES / "kinesis.json").read_bytes()
    handler = Recorder(fail_on={"ECR Image Action"})
    assert process_batch(text, handler) == ids(json.loads(text), 1)
    with pytest.raises(DecodeError):
        process_batch(b'{"Records": [', handler)


@pytest.mark.parametrize("name", ["sns.json", "firehose.json"])
def test_payloads_without_batch_item_failures_are_refused(name: str) -> None:
    handler = Recorder()
    with pytest.raises(ValueError, match="SQS or Kinesis"):
        process_batch(load(name), handler)
    assert handler.seen == []
    with pytest.raises(ValueError, match="SQS or Kinesis"):
        process_batch(json.loads(example_text(PULL)), handler)


def test_failures_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    texts = [example_text(PULL), "{", example_text(SCAN)]
    payload = sqs_payload(texts)
    with caplog.at_level(logging.WARNING, logger="eventbridge_structs.delivery"):
        process_batch(payload, Recorder(fail_on={"ECR Image Scan"}))
    messages = [r.getMessage() for r in caplog.records]
    assert any("record 1" in m and "failed to decode" in m for m in messages)
    [handled] = [r for r in caplog.records if r.exc_info]
    assert "record 2" in handled.getMessage()
    assert "cannot handle ECR Image Scan" in str(handled.exc_info[1])


def test_type_is_passed_on() -> None:
    seen: list[Any] = []
    process_batch(load("sqs.json"), seen.append, type=ebs.EventBridgeEvent)
    assert all(type(e) is ebs.GenericEvent for e in seen)


def test_failure_and_batch_are_frozen_structs() -> None:
    batch = unwrap({"Records": [{"body": "{", "messageId": "m"}]})
    failure = batch.failures[0]
    assert isinstance(failure, Failure)
    with pytest.raises(AttributeError):
        failure.index = 3  # type: ignore[misc]
    assert failure.error.__traceback__ is None
    assert msgspec.structs.asdict(batch)["kind"] == "sqs"


# --- parity with AWS Lambda Powertools ----------------------------------------------


def _powertools(payload: dict[str, Any], fail_on: set[str], fifo: bool = False) -> Any:
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        SqsFifoPartialProcessor,
        process_partial_response,
    )

    kinesis = "kinesis" in payload["Records"][0]
    if fifo:
        processor: Any = SqsFifoPartialProcessor()
    else:
        processor = BatchProcessor(
            EventType.KinesisDataStreams if kinesis else EventType.SQS
        )

    def record_handler(record: Any) -> None:
        data = record.kinesis.data_as_bytes() if kinesis else record.body
        if kinesis and data[:1] in (b"\x1f", b"x"):
            data = zlib.decompress(data, 47)
        event = ebs.decode(data)
        if event.detail_type in fail_on:
            raise RuntimeError(event.detail_type)

    return process_partial_response(payload, record_handler, processor)


@pytest.mark.parametrize(
    ("name", "fail_on", "poison_at"),
    [
        ("sqs.json", {"ECR Image Action"}, None),
        ("sqs.json", set(), 2),
        ("sqs.json", {"ECR Pull Through Cache Action"}, 3),
        ("sqs-fifo.json", {"ECR Image Action"}, None),
        ("sqs-fifo.json", set(), 1),
        ("sqs-fifo.json", {"ECR Referrer Action"}, 2),
        ("kinesis.json", {"AWS API Call via CloudTrail"}, 0),
    ],
)
def test_same_response_as_powertools(
    name: str, fail_on: set[str], poison_at: int | None
) -> None:
    payload = load(name)
    if poison_at is not None:
        record = payload["Records"][poison_at]
        if "kinesis" in record:
            record["kinesis"]["data"] = base64.b64encode(b'{"version": 0}').decode()
        else:
            record["body"] = _poison("bad-time")[0]
    expected = _powertools(copy.deepcopy(payload), fail_on, fifo="fifo" in name)
    assert process_batch(payload, Recorder(fail_on)) == expected


# --- lazy: envelopes ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_lazy_gives_the_envelopes_of_the_same_events(name: str) -> None:
    payload = load(name)
    eager = unwrap(payload)
    lazy = unwrap(payload, lazy=True)
    assert lazy.kind == eager.kind
    assert lazy.failures == []
    assert all(isinstance(e, ebs.Envelope) for e in lazy.events)
    assert [ebs.typed(e) for e in lazy.events] == eager.events
    assert lazy.item_identifiers == eager.item_identifiers
    assert unwrap(json.dumps(payload), lazy=True) == lazy


def test_lazy_bare_event_dict_and_text() -> None:
    doc = _doc(PULL)
    for payload in (doc, json.dumps(doc), json.dumps(doc).encode()):
        batch = unwrap(payload, lazy=True)
        assert batch.kind == "eventbridge"
        [env] = batch.events
        assert ebs.typed(env) == example(PULL)
        assert batch.item_identifiers == [doc["id"]]


@pytest.mark.parametrize("shape", sorted(WRAPPERS))
@pytest.mark.parametrize("where", [0, 2, 4])
def test_lazy_failures_are_the_bad_envelopes_only(shape: str, where: int) -> None:
    wrap, prefix = WRAPPERS[shape]
    texts = [example_text(name) for name in GOOD]
    texts.insert(where, _poison("bad-time")[0])  # a bad envelope: a failure
    texts.insert(where, _poison("wrong-type")[0])  # a bad detail: not yet
    batch = unwrap(wrap(texts), lazy=True)
    [failure] = batch.failures
    assert failure.index == where + 1
    assert failure.error.path == prefix.format(where + 1) + ".time"
    assert len(batch.events) == len(GOOD) + 1
    with pytest.raises(DecodeError) as info:
        ebs.typed(batch.events[where])
    assert info.value.path == "$.detail.sync-status"
    assert [ebs.typed(e) for i, e in enumerate(batch.events) if i != where] == [
        example(name) for name in GOOD
    ]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.sampled_from(sorted(WRAPPERS)), texts=st.lists(_texts, max_size=12))
def test_lazy_every_record_is_an_envelope_or_a_failure(
    shape: str, texts: list[str]
) -> None:
    wrap, prefix = WRAPPERS[shape]
    batch = unwrap(wrap(texts), lazy=True)
    assert len(batch.events) + len(batch.failures) == len(texts)
    expected = []
    for text in texts:
        try:
            expected.append(ebs.peek(text))
        except DecodeError as err:
            expected.append(err)
    assert batch.events == [e for e in expected if not isinstance(e, DecodeError)]
    failures = [(i, e) for i, e in enumerate(expected) if isinstance(e, DecodeError)]
    assert [f.index for f in batch.failures] == [i for i, _ in failures]
    for failure, (i, err) in zip(batch.failures, failures, strict=True):
        assert failure.error.path == prefix.format(i) + err.path[1:]


def test_lazy_and_type_are_exclusive() -> None:
    with pytest.raises(ValueError, match="lazy"):
        unwrap(load("sqs.json"), type=ECRPullThroughCacheActionEvent, lazy=True)


def test_process_batch_lazy_hands_envelopes_to_the_handler() -> None:
    payload = load("sqs.json")
    seen: list[Any] = []

    def handle(env: ebs.Envelope) -> None:
        seen.append(env)
        if env.detail_type == "ECR Image Scan":
            ebs.typed(env, type=ECRPullThroughCacheActionEvent)  # raises

    response = process_batch(payload, handle, lazy=True)
    assert all(isinstance(e, ebs.Envelope) for e in seen)
    assert len(seen) == len(payload["Records"])
    bad = [
        r["messageId"]
        for r, e in zip(payload["Records"], seen, strict=True)
        if e.detail_type == "ECR Image Scan"
    ]
    assert bad
    assert response == {"batchItemFailures": [{"itemIdentifier": m} for m in bad]}


def test_an_sqs_body_with_a_detail_type_is_an_event_not_a_notification() -> None:
    # SNS's keys on an event: the event's detail-type says what it is, in
    # a batch read in bulk as in one read record by record.
    doc = {"Type": "Notification", "TopicArn": "arn:aws:sns:x", **_doc(S3)}
    body = json.dumps(doc)
    poison = _poison("truncated")[0]
    for bodies in ([body], [body, poison], [poison, body]):
        events = unwrap(sqs_payload(bodies)).events
        assert events == [example(S3)]
