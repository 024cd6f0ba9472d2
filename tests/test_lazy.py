"""peek, routing_key and typed: the envelope first, the detail on demand.
typed(peek(x)) equals decode(x) over AWS's samples and generated events, a
bad detail fails at typed with its full path, and the delivery paths'
overloads narrow under mypy --strict."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, get_type_hints

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import DecodeError, Envelope, peek, routing_key, typed
from eventbridge_structs.ecr import (
    ECRImageScanEvent,
    ECRPullThroughCacheActionEvent,
)

from .strategies import (
    BOTOCRAFT_EVENT_TYPES,
    SAMPLES,
    documents,
    mistyped_documents,
    valid_documents,
)

ROOT = Path(__file__).resolve().parent.parent
#: botocraft's types whose time is a datetime (all but three SSM classes).
DATETIME_TYPES = [
    cls
    for cls in BOTOCRAFT_EVENT_TYPES
    if get_type_hints(cls, include_extras=True)["time"] is not str
]
PULL = (ROOT / "examples" / "pull-through-cache-action.json").read_bytes()


def _outcome(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except DecodeError as err:
        return err


def _lazily(data: bytes, **kwargs: Any) -> Any:
    try:
        env = peek(data)
    except DecodeError as err:
        return err
    return _outcome(typed, env, **kwargs)


def _same(lazy: Any, eager: Any) -> None:
    """Both paths give the same event, or the same error at the same path.

    The one documented difference: an envelope's time is a datetime, so the
    three SSM classes that type ``time`` as a string (and take any text)
    peek only times a datetime reads (RFC 3339, or seconds since the epoch),
    and give them back in RFC 3339. And with ``strict=True``, an event of an
    unregistered type with a bad envelope fails on both paths, but for its
    first fault on each: ``decode`` reads the routing key first, ``peek``
    the whole envelope."""
    if (
        isinstance(eager, DecodeError)
        and isinstance(lazy, DecodeError)
        and eager.reason.startswith("No event type is registered")
    ):
        return
    if isinstance(getattr(eager, "time", None), str):
        if isinstance(lazy, DecodeError):
            assert lazy.path == "$.time"
            return
        lazy = msgspec.structs.replace(lazy, time=eager.time)
    if isinstance(eager, DecodeError):
        assert isinstance(lazy, DecodeError), lazy
        assert (lazy.path, lazy.reason) == (eager.path, eager.reason)
    else:
        assert not isinstance(lazy, DecodeError), lazy
        assert lazy.__class__ is eager.__class__
        assert lazy == eager


# --- the envelope ------------------------------------------------------------


def test_peek_reads_the_envelope_and_keeps_the_detail_raw() -> None:
    doc = json.loads(PULL)
    env = peek(PULL)
    assert isinstance(env, Envelope)
    assert env.source == "aws.ecr"
    assert env.detail_type == "ECR Pull Through Cache Action"
    assert (env.account, env.id, env.region) == (
        doc["account"],
        doc["id"],
        doc["region"],
    )
    assert env.resources == doc["resources"]
    assert env.version == doc["version"]
    assert env.time == ebs.decode(PULL).time and env.time.tzinfo is not None
    assert isinstance(env.detail, msgspec.Raw)
    assert json.loads(bytes(env.detail)) == doc["detail"]


def test_peek_takes_str_and_memoryview() -> None:
    assert peek(PULL.decode()) == peek(PULL) == peek(memoryview(PULL))


def test_encode_writes_the_envelope_with_its_detail_verbatim() -> None:
    env = peek(PULL)
    out = ebs.encode(env)
    assert json.loads(out) == json.loads(PULL)
    raw = bytes(env.detail)
    assert raw in PULL and b"\n  " in raw  # pretty-printed in the file...
    assert raw in out  # ...and written back byte for byte


def test_unknown_members_are_ignored_and_the_detail_is_not_checked() -> None:
    doc = json.loads(PULL)
    doc["replay-name"] = "r"
    doc["detail"]["sync-status"] = 1  # wrong, but not looked at yet
    env = peek(json.dumps(doc))
    assert env.source == "aws.ecr"
    with pytest.raises(DecodeError) as info:
        typed(env)
    assert info.value.path == "$.detail.sync-status"
    assert info.value.reason == "Expected `str`, got `int`"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"time": "yesterday"}, "$.time"),
        ({"time": "2024-05-18T04:07:06"}, "$.time"),  # no offset
        ({"account": 1}, "$.account"),
        ({"resources": [1]}, "$.resources[0]"),
        ({"detail-type": None}, "$.detail-type"),
    ],
)
def test_a_bad_envelope_is_a_decode_error_naming_its_path(
    change: dict[str, Any], path: str
) -> None:
    data = json.dumps({**json.loads(PULL), **change})
    with pytest.raises(DecodeError) as info:
        peek(data)
    assert info.value.path == path
    eager = _outcome(ebs.decode, data)
    assert isinstance(eager, DecodeError) and eager.path == path


@pytest.mark.parametrize("missing", ["detail", "source", "time", "detail-type"])
def test_a_missing_envelope_field(missing: str) -> None:
    doc = json.loads(PULL)
    del doc[missing]
    with pytest.raises(DecodeError) as info:
        peek(json.dumps(doc))
    assert info.value.path == f"$.{missing}"


@pytest.mark.parametrize("data", [b"", b"[]", b"{", b"null", b"\xff"])
def test_not_an_event(data: bytes) -> None:
    _same(_lazily(data), _outcome(ebs.decode, data))
    with pytest.raises(DecodeError):
        routing_key(data)


def test_a_repeated_key_keeps_its_last_value_as_decode_does() -> None:
    data = PULL.rstrip()[:-1] + b',"account":"999999999999"}'
    data = b'{"account":7,' + data[1:]  # a bad first occurrence
    assert peek(data).account == "999999999999"
    _same(_lazily(data), ebs.decode(data))


# --- the routing key ---------------------------------------------------------


def test_routing_key() -> None:
    assert routing_key(PULL) == ("aws.ecr", "ECR Pull Through Cache Action")
    assert routing_key('{"detail-type":"b","x":[1,{}],"source":"a"}') == ("a", "b")


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ('{"source":"a"}', "$.detail-type"),
        ('{"detail-type":"b"}', "$.source"),
        ('{"source":1,"detail-type":"b"}', "$.source"),
    ],
)
def test_routing_key_errors(data: str, path: str) -> None:
    with pytest.raises(DecodeError) as info:
        routing_key(data)
    assert info.value.path == path


# --- typed -------------------------------------------------------------------


def test_typed_equals_decode_for_every_sample() -> None:
    kinds = set()
    for doc in SAMPLES.values():
        data = json.dumps(doc).encode()
        eager = _outcome(ebs.decode, data)
        _same(_lazily(data), eager)
        if not isinstance(eager, DecodeError):
            kinds.add(eager.__class__)
    assert len(kinds) > 80, "the samples decode to many classes"


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(doc=valid_documents)
def test_typed_peek_equals_decode(doc: dict[str, Any]) -> None:
    data = msgspec.json.encode(doc)
    _same(_lazily(data), _outcome(ebs.decode, data))
    _same(_lazily(data, strict=True), _outcome(ebs.decode, data, strict=True))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(pair=st.sampled_from(DATETIME_TYPES).flatmap(documents))
def test_typed_peek_equals_the_expected_event(pair: tuple[dict[str, Any], Any]) -> None:
    doc, expected = pair
    data = msgspec.json.encode(doc)
    assert typed(peek(data)) == expected == ebs.decode(data)
    cls = expected.__class__
    assert typed(peek(data), type=cls) == ebs.decode(data, type=cls)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.sampled_from(DATETIME_TYPES).flatmap(lambda cls: mistyped_documents(cls))
)
def test_errors_carry_the_same_path_as_decode(
    case: tuple[dict[str, Any], tuple[Any, ...], Any],
) -> None:
    doc, path, _ = case
    data = msgspec.json.encode(doc)
    eager = _outcome(ebs.decode, data)
    lazy = _lazily(data)
    _same(lazy, eager)
    if (
        isinstance(eager, DecodeError)
        and path[0] == "detail"
        and eager.path.startswith("$.detail")
        and "`detail`" not in eager.reason
    ):
        # The envelope was fine: the error surfaced at typed, in the detail.
        assert isinstance(peek(data), Envelope)
        assert lazy.path.startswith("$.detail")


def test_typed_with_a_type() -> None:
    env = peek(PULL)
    assert typed(env, type=ECRPullThroughCacheActionEvent) == ebs.decode(PULL)
    assert typed(env, type=ebs.EventBridgeEvent) == ebs.decode(
        PULL, type=ebs.EventBridgeEvent
    )
    assert typed(env, type=dict) == ebs.decode(PULL, type=dict)
    _same(
        _outcome(typed, env, type=ECRImageScanEvent),
        _outcome(ebs.decode, PULL, type=ECRImageScanEvent),
    )


def test_unregistered_types_are_generic_or_strict_errors() -> None:
    doc = {**json.loads(PULL), "source": "com.example.nobody"}
    data = json.dumps(doc)
    env = peek(data)
    assert typed(env) == ebs.decode(data)
    assert isinstance(typed(env), ebs.GenericEvent)
    _same(_outcome(typed, env, strict=True), _outcome(ebs.decode, data, strict=True))


def test_the_ssm_classes_with_a_string_time() -> None:
    # Their envelope differs from the base's: typed decodes the envelope's
    # JSON as the class (time as RFC 3339, as AWS sends it).
    checked = 0
    for doc in SAMPLES.values():
        data = json.dumps(doc).encode()
        eager = _outcome(ebs.decode, data)
        if isinstance(eager, DecodeError) or not isinstance(eager.time, str):
            continue
        event = typed(peek(data))
        assert isinstance(event.time, str)
        assert event == eager
        checked += 1
    assert checked > 10


# --- typing ------------------------------------------------------------------

SNIPPET = """
from typing import Any, Iterator

import eventbridge_structs as ebs
from eventbridge_structs.delivery import (
    Batch, Failure, process_batch, read_archive, unwrap
)
from eventbridge_structs.ecr import ECRPullThroughCacheActionEvent as Pull

payload: dict[str, Any] = {}
typed_events: list[Pull] = unwrap(payload, type=Pull).events
dispatched: list[ebs.EventBridgeEvent] = unwrap(payload).events
envelopes: list[ebs.Envelope] = unwrap(payload, lazy=True).events
bare: Batch = unwrap(payload)
anything: Batch = unwrap(payload, lazy=True)
items: Iterator[Pull | Failure] = read_archive(b"", type=Pull)
lazy_items: Iterator[ebs.Envelope | Failure] = read_archive(b"", lazy=True)
eager_items: Iterator[ebs.EventBridgeEvent | Failure] = read_archive("a.ndjson")
env: ebs.Envelope = ebs.peek(b"{}")
event: Pull = ebs.typed(env, type=Pull)
some: ebs.EventBridgeEvent = ebs.typed(env)
key: tuple[str, str] = ebs.routing_key(b"{}")


def handle(event: Pull) -> None:
    print(event.detail)


def route(env: ebs.Envelope) -> None:
    print(env.source)


process_batch(payload, handle, type=Pull)
process_batch(payload, route, lazy=True)
"""

WRONG = """
from typing import Any

from eventbridge_structs.delivery import unwrap
from eventbridge_structs.ecr import ECRImageScanEvent as Scan
from eventbridge_structs.ecr import ECRPullThroughCacheActionEvent as Pull

payload: dict[str, Any] = {}
wrong: list[Scan] = unwrap(payload, type=Pull).events
"""


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "snippet.py"
    path.write_text(textwrap.dedent(source))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_return_types_narrow_under_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    done = _mypy(tmp_path, SNIPPET)
    assert done.returncode == 0, done.stdout + done.stderr
    # ...and the check can fail: the wrong class is an error.
    done = _mypy(tmp_path, WRONG)
    assert done.returncode == 1
    assert "incompatible types in assignment" in done.stdout.lower()
