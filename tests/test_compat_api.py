"""The pydantic model API of ``eventbridge_structs.compat`` (``compat/_api.py``,
``_dump.py``, ``_validate.py``, ``_summary.py``): ``model_validate*``,
``model_dump*``, ``model_copy``, ``model_construct``, ``model_json_schema``,
the deprecated v1 names and ``str()``, as methods of the compat (primary)
classes and as compat's functions on the plain core Structs. Checked against
botocraft 0.36.0 itself: for generated events of every ECR type, our output
equals botocraft's for the same input and options, and generated mistyped
documents are rejected by both, except for the divergences MIGRATING.md
lists (each one is pinned by a test here)."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import math
import pickle
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import compat, ecr
from eventbridge_structs._schema import _envelope_order
from eventbridge_structs.schema import json_schema

from . import strategies

botocraft_raw = pytest.importorskip("botocraft.eventbridge.raw.ecr")
botocraft_primary = pytest.importorskip("botocraft.eventbridge.ecr")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

#: Our core class -> our compat class, and botocraft's raw class and primary
#: class of the same name.
P = {cls: compat.primary_class(cls) for cls in ecr.EVENT_TYPES}
RAW = {cls: getattr(botocraft_raw, cls.__name__) for cls in ecr.EVENT_TYPES}
PRIMARY = {cls: getattr(botocraft_primary, cls.__name__) for cls in ecr.EVENT_TYPES}

#: The pydantic names a compat class has and a core class must not.
PYDANTIC_NAMES = (
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "model_construct",
    "model_dump",
    "model_dump_json",
    "model_fields_set",
    "model_copy",
    "model_json_schema",
    "construct",
    "parse_obj",
    "parse_raw",
    "parse_file",
)

EVENT_TYPES = pytest.mark.parametrize("cls", ecr.EVENT_TYPES, ids=lambda c: c.__name__)

DIFF = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


# --- helpers --------------------------------------------------------------------


class Via:
    """A plain core Struct dumped through compat's functions, for
    :func:`same_dumps`."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def model_dump(self, **options: Any) -> Any:
        return compat.model_dump(self.obj, **options)

    def model_dump_json(self, **options: Any) -> Any:
        return compat.model_dump_json(self.obj, **options)


def fields(obj: Any) -> dict[str, Any]:
    """A Struct's fields, to compare a compat instance with a core one (a
    subclass instance never equals its base's)."""
    return msgspec.structs.asdict(obj)


def plain(value: Any) -> Any:
    """A comparable form of a dump: dict order kept, enums by class name and
    value (ours and botocraft's are different classes), datetimes with their
    offset, floats by repr (so -0.0 and NaN compare)."""
    if isinstance(value, dict):
        return ("dict", [(k, plain(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return ("tuple", [plain(v) for v in value])
    if isinstance(value, enum.Enum):
        return ("enum", type(value).__name__, value.value)
    if isinstance(value, dt.datetime):
        return ("datetime", value.replace(tzinfo=None), value.utcoffset())
    if isinstance(value, float):
        return ("float", repr(value))
    return value


def prune_defaults(info: mi.Type, doc: Any) -> Any:
    """``doc`` without the optional keys whose value is the default: what a
    sender that omits defaults writes, so that "set" means the same for a
    decoded Struct (no record) and for pydantic."""
    while isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        for option in info.types:
            if isinstance(option, mi.StructType | mi.ListType):
                doc = prune_defaults(option, doc)
        return doc
    if isinstance(info, mi.StructType) and isinstance(doc, dict):
        for field in info.fields:
            if field.encode_name not in doc:
                continue
            value = doc[field.encode_name]
            if not field.required:
                default = (
                    field.default_factory()
                    if field.default_factory is not msgspec.NODEFAULT
                    else field.default
                )
                if value == msgspec.to_builtins(default):
                    del doc[field.encode_name]
                    continue
            doc[field.encode_name] = prune_defaults(field.type, value)
        return doc
    if isinstance(info, mi.ListType) and isinstance(doc, list):
        return [prune_defaults(info.item_type, item) for item in doc]
    return doc


def outcome(call: Any) -> tuple[str, Any]:
    """``("ok", value)`` or ``("error", exception type)``."""
    try:
        return "ok", call()
    except Exception as exc:
        return "error", type(exc)


@st.composite
def dump_options(draw: st.DrawFn, dumped: Any) -> dict[str, Any]:
    """Random model_dump options, filters built on the dumped structure."""
    options: dict[str, Any] = {
        "by_alias": draw(st.booleans()),
        "exclude_none": draw(st.booleans()),
        "exclude_defaults": draw(st.booleans()),
        "exclude_unset": draw(st.booleans()),
    }
    if draw(st.booleans()):
        options["include"] = draw(strategies.dump_filters(dumped))
    if draw(st.booleans()):
        options["exclude"] = draw(strategies.dump_filters(dumped))
    return options


def same_dumps(ours: Any, theirs: Any, options: dict[str, Any], indent: Any) -> None:
    """model_dump (both modes) and model_dump_json agree, or both raise."""
    mine = outcome(lambda: plain(ours.model_dump(**options)))
    ref = outcome(lambda: plain(theirs.model_dump(**options)))
    assert mine == ref, options
    mine = outcome(lambda: ours.model_dump(mode="json", **options))
    ref = outcome(lambda: theirs.model_dump(mode="json", **options))
    assert plain(mine) == plain(ref), options
    mine = outcome(lambda: ours.model_dump_json(indent=indent, **options))
    ref = outcome(lambda: theirs.model_dump_json(indent=indent, **options))
    assert mine == ref, options


# --- differential: valid events ---------------------------------------------------


@EVENT_TYPES
@DIFF
@given(data=st.data())
def test_dumps_equal_botocrafts_for_generated_events(
    cls: type[ebs.TypedEvent], data: st.DataObject
) -> None:
    """Same document, same options: the same dict (keys, order, values), the
    same JSON values and the same JSON text as botocraft's raw model, from
    the compat class's methods and from compat's functions on the core
    event (the defaults pruned, so that "set" means the same without a
    record)."""
    doc, expected = data.draw(strategies.documents(cls))
    doc = prune_defaults(mi.type_info(cls), doc)
    ours = P[cls].model_validate(doc)
    assert isinstance(ours, cls) and fields(ours) == fields(expected)
    core = ebs.convert(doc)
    assert core == expected
    theirs = RAW[cls].model_validate(doc)
    options = data.draw(dump_options(theirs.model_dump()))
    indent = data.draw(st.sampled_from([None, None, 0, 2, 4]))
    for mine in (ours, Via(core)):
        same_dumps(mine, theirs, options, indent)
        # The unfiltered calls (a compiled path of their own).
        same_dumps(mine, theirs, {}, indent)
        same_dumps(mine, theirs, {"by_alias": True}, None)


@EVENT_TYPES
@DIFF
@given(data=st.data())
def test_detail_dumps_equal_botocrafts(
    cls: type[ebs.TypedEvent], data: st.DataObject
) -> None:
    """The same for the core detail models on their own, through compat's
    functions."""
    doc, _ = data.draw(strategies.documents(cls))
    doc = prune_defaults(mi.type_info(cls), doc)
    ours = Via(ebs.convert(doc, type=cls).detail)
    theirs = RAW[cls].model_validate(doc).detail
    options = data.draw(dump_options(theirs.model_dump()))
    same_dumps(ours, theirs, options, None)


@EVENT_TYPES
@DIFF
@given(data=st.data())
def test_validate_json_equals_validate_and_botocraft(
    cls: type[ebs.TypedEvent], data: st.DataObject
) -> None:
    doc, expected = data.draw(strategies.documents(cls))
    text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()))
    ours = P[cls].model_validate_json(text)
    assert fields(ours) == fields(expected)
    assert ours == P[cls].model_validate_json(text.encode())
    assert compat.model_validate_json(cls, text) == expected
    assert compat.model_validate_json(ebs.EventBridgeEvent, text) == expected
    assert compat.model_validate(ebs.EventBridgeEvent, doc) == expected
    theirs = RAW[cls].model_validate_json(text)
    assert ours.model_dump_json() == theirs.model_dump_json()


@EVENT_TYPES
@DIFF
@given(data=st.data())
def test_str_is_botocrafts_summary_line(
    cls: type[ebs.TypedEvent], data: st.DataObject
) -> None:
    doc, _ = data.draw(strategies.documents(cls))
    line = str(PRIMARY[cls].model_validate(doc))
    assert str(P[cls].model_validate(doc)) == line
    assert compat.pydantic_str(ebs.convert(doc)) == line


# --- differential: invalid input ----------------------------------------------------


def type_at(cls: type[Any], path: tuple[Any, ...]) -> mi.Type:
    info: mi.Type = mi.type_info(cls)
    for key in path:
        while True:
            if isinstance(info, mi.Metadata):
                info = info.type
            elif isinstance(info, mi.UnionType):
                info = next(t for t in info.types if not isinstance(t, mi.NoneType))
            else:
                break
        if isinstance(info, mi.ListType):
            info = info.item_type
        elif isinstance(info, mi.StructType):
            if key == info.tag_field:
                return mi.StrType()
            info = next(f.type for f in info.fields if f.encode_name == key)
    while isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        options = [t for t in info.types if not isinstance(t, mi.NoneType)]
        info = options[0]
    return info


def documented_divergence(cls: type[Any], path: tuple[Any, ...], value: Any) -> bool:
    """The inputs pydantic accepts and we reject on purpose (MIGRATING.md,
    "Validation"): a detail-type other than the class's; pydantic's lax
    coercions (datetimes from numbers, naive or partial strings; floats from
    booleans and numeric strings; booleans from strings and numbers)."""
    if value == "<missing>":
        return False
    if path[-1] == "detail-type":
        return True
    target = type_at(cls, path)
    if isinstance(target, mi.DateTimeType):
        return True
    if isinstance(target, mi.FloatType):
        return isinstance(value, bool | str)
    if isinstance(target, mi.BoolType):
        return isinstance(value, str | int | float)
    return False


def lax_rules_differ(value: Any) -> bool:
    """A string that one of the two lax modes reads as a number, a boolean
    or an epoch time and the other does not (MIGRATING.md lists these):
    msgspec takes exponents, ``nan``/``inf``, numeric strings for datetimes
    and ``"null"`` for None more widely; pydantic takes ``"yes"``/``"on"``."""
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return value.strip().lower() in {"true", "false", "1", "0", "null"}
    return True


def rounds_differently(value: Any) -> bool:
    """A datetime string with more than six digits of fractional seconds:
    we round to the microsecond (msgspec), pydantic truncates
    (MIGRATING.md, "Validation")."""
    return isinstance(value, str) and re.search(r"[.,]\d{7}", value) is not None


@EVENT_TYPES
@settings(DIFF, max_examples=100)
@given(data=st.data())
def test_mistyped_documents_are_rejected_by_both(
    cls: type[ebs.TypedEvent], data: st.DataObject
) -> None:
    """A document with one value replaced (or one required key removed):
    whenever botocraft rejects it, so do we (from a dict and from JSON);
    whenever we accept it, botocraft does too and builds the same model;
    we reject what botocraft accepts only for the documented divergences."""
    doc, path, value = data.draw(strategies.mistyped_documents(cls))
    text = json.dumps(doc)
    for ours, theirs in (
        (lambda: P[cls].model_validate(doc), lambda: RAW[cls].model_validate(doc)),
        (
            lambda: P[cls].model_validate_json(text),
            lambda: RAW[cls].model_validate_json(text),
        ),
    ):
        mine, ref = outcome(ours), outcome(theirs)
        if mine[0] == "error":
            assert mine[1] is ebs.DecodeError
            assert (
                ref[0] == "error"
                or documented_divergence(cls, path, value)
                or lax_rules_differ(value)
            ), (path, value)
        elif ref[0] != "ok":
            # msgspec's lax mode takes a few strings pydantic's does not.
            assert lax_rules_differ(value), (path, value)
        else:
            same = mine[1].model_dump_json() == ref[1].model_dump_json()
            assert same or rounds_differently(value), (path, value)


def test_documented_validation_divergences() -> None:
    """Each divergence MIGRATING.md lists, as it behaves."""
    doc = json.loads(example("pull-through-cache-action.json"))
    cls = P[ecr.ECRPullThroughCacheActionEvent]
    raw_cls = RAW[ecr.ECRPullThroughCacheActionEvent]

    def both(change: dict[str, Any]) -> tuple[Any, Any]:
        d = {**doc, **change}
        return outcome(lambda: cls.model_validate(d)), outcome(
            lambda: raw_cls.model_validate(d)
        )

    # A detail-type that is not the class's: pydantic keeps it.
    mine, ref = both({"detail-type": "Something Else"})
    assert mine == ("error", ebs.DecodeError) and ref[0] == "ok"
    # Naive and date-only strings for time; epoch milliseconds.
    for value in ("2023-02-28T02:36:48", "2023-02-28", 1677551808000):
        mine, ref = both({"time": value})
        assert mine == ("error", ebs.DecodeError) and ref[0] == "ok", value
    # Epoch seconds, as a number or a numeric string: both read them as UTC.
    for value in (1677551808, "1677551808"):
        mine, ref = both({"time": value})
        assert mine[0] == ref[0] == "ok", value
        assert mine[1].time == ref[1].time.replace(tzinfo=dt.timezone.utc)
    # A naive datetime object.
    mine, ref = both({"time": dt.datetime(2023, 2, 28, 2, 36, 48)})
    assert mine == ("error", ebs.DecodeError) and ref[0] == "ok"
    # Fractions of a second past microseconds: we round, pydantic truncates.
    mine, ref = both({"time": "2023-02-28T02:36:48.1234567Z"})
    assert mine[1].time.microsecond == 123457
    assert ref[1].time.microsecond == 123456
    # Lax number and boolean coercions: numeric strings and "true" for both,
    # "yes" for pydantic only.
    scan = json.loads(example("image-scan.json"))
    scan["detail"]["finding-severity-counts"]["HIGH"] = "5"
    scan_cls = P[ecr.ECRImageScanEvent]
    assert scan_cls.model_validate(scan).detail.finding_severity_counts.HIGH == 5.0
    counts = RAW[ecr.ECRImageScanEvent].model_validate(scan).detail
    assert counts.finding_severity_counts.HIGH == 5.0
    trail = json.loads(example("cloudtrail-batch-get-image.json"))
    cloudtrail = ecr.ECRAWSAPICallViaCloudTrailEvent
    trail["detail"]["readOnly"] = "true"
    assert P[cloudtrail].model_validate(trail).detail.readOnly is True
    trail["detail"]["readOnly"] = "yes"
    assert outcome(lambda: P[cloudtrail].model_validate(trail))[0] == "error"
    assert RAW[cloudtrail].model_validate(trail).detail.readOnly is True


# --- validation -----------------------------------------------------------------


def test_validate_reports_the_json_path() -> None:
    doc = json.loads(example("pull-through-cache-action.json"))
    doc["detail"]["sync-status"] = 5
    cls = P[ecr.ECRPullThroughCacheActionEvent]
    with pytest.raises(ebs.DecodeError) as info:
        cls.model_validate(doc)
    assert info.value.path == "$.detail.sync-status"
    del doc["detail"]["sync-status"]
    with pytest.raises(ebs.DecodeError) as info:
        cls.model_validate_json(json.dumps(doc))
    assert info.value.path == "$.detail.sync-status"
    with pytest.raises(ebs.DecodeError) as info:
        cls.model_validate_json(b"{")
    with pytest.raises(ebs.DecodeError):
        cls.model_validate([doc])


@pytest.mark.parametrize("how", ["dict", "json"])
def test_detail_type_is_required_as_in_botocraft(how: str) -> None:
    doc = json.loads(example("pull-through-cache-action.json"))
    del doc["detail-type"]
    core = ecr.ECRPullThroughCacheActionEvent
    for cls in (P[core], core):
        with pytest.raises(ebs.DecodeError) as info:
            if how == "dict":
                compat.model_validate(cls, doc)
            else:
                compat.model_validate_json(cls, json.dumps(doc))
        assert info.value.path == "$.detail-type"
    with pytest.raises(ValueError, match="detail-type"):
        RAW[core].model_validate(doc)


def test_validate_returns_an_instance_unchanged() -> None:
    event = ebs.decode(example("image-scan.json"))
    assert compat.model_validate(type(event), event) is event
    assert compat.model_validate(ebs.EventBridgeEvent, event) is event
    primary = P[type(event)].model_validate_json(example("image-scan.json"))
    assert type(primary).model_validate(primary) is primary
    assert compat.model_validate(type(event), primary) is primary


def test_validate_on_the_bases_dispatches() -> None:
    raw = example("replication-action.json")
    doc = json.loads(raw)
    assert type(compat.model_validate(ebs.EventBridgeEvent, doc)) is (
        ecr.ECRReplicationActionEvent
    )
    assert type(compat.model_validate_json(ebs.TypedEvent, raw)) is (
        ecr.ECRReplicationActionEvent
    )
    s3 = json.loads(example("storage-object-created.json"))
    generic = compat.model_validate(ebs.EventBridgeEvent, s3)
    assert type(generic) is ebs.GenericEvent
    assert generic.detail_type == s3["detail-type"]
    with pytest.raises(ebs.DecodeError, match="No event type is registered"):
        compat.model_validate(ebs.TypedEvent, s3)
    with pytest.raises(ebs.DecodeError, match="No event type is registered"):
        compat.model_validate_json(ebs.TypedEvent, json.dumps(s3))


def test_validate_strings_parses_each_leaf() -> None:
    counts = compat.model_validate_strings(
        ecr.FindingSeverityCounts, {"HIGH": "5", "LOW": "1e3", "MEDIUM": " 2.5 "}
    )
    assert counts == ecr.FindingSeverityCounts(HIGH=5.0, LOW=1000.0, MEDIUM=2.5)
    ref = botocraft_raw.ECRImageScanEvent.model_fields["detail"].annotation
    ref_counts = ref.model_fields["finding_severity_counts"].annotation.__args__[0]
    assert ref_counts.model_validate_strings(
        {"HIGH": "5", "LOW": "1e3", "MEDIUM": " 2.5 "}
    ).model_dump() == compat.model_dump(counts)
    detail = compat.model_validate_strings(
        ecr.ECRAWSAPICallViaCloudTrail,
        {
            "eventVersion": "1.08",
            "eventTime": "2024-03-01T12:00:04Z",
            "eventSource": "ecr.amazonaws.com",
            "eventName": "BatchGetImage",
            "awsRegion": "us-east-1",
            "readOnly": "yes",
            "managementEvent": "0",
            "requestParameters": {"repositoryName": "r"},
        },
    )
    assert detail.readOnly is True and detail.managementEvent is False
    assert detail.eventTime == dt.datetime(2024, 3, 1, 12, 0, 4, tzinfo=dt.timezone.utc)
    for bad in ({"HIGH": 5.0}, {"HIGH": None}, {"HIGH": "x"}, {"HIGH": ""}):
        with pytest.raises(ebs.DecodeError) as info:
            compat.model_validate_strings(ecr.FindingSeverityCounts, bad)
        assert info.value.path == "$.HIGH"
        with pytest.raises(ValueError):
            ref_counts.model_validate_strings(bad)


def test_validate_strings_accepts_lists_of_strings() -> None:
    """pydantic's strings mode rejects every list, so botocraft's fails for
    every event (``resources`` is a required list); ours takes lists whose
    items are strings (MIGRATING.md)."""
    doc = json.loads(example("pull-through-cache-action.json"))
    cls = ecr.ECRPullThroughCacheActionEvent
    assert fields(P[cls].model_validate_strings(doc)) == fields(ebs.convert(doc))
    assert compat.model_validate_strings(cls, doc) == ebs.convert(doc)
    assert compat.model_validate_strings(ebs.EventBridgeEvent, doc) == ebs.convert(doc)
    with pytest.raises(ValueError, match="resources"):
        RAW[cls].model_validate_strings(doc)


# --- dump -------------------------------------------------------------------------


def test_dump_puts_detail_type_where_documented_and_leaves_out_session() -> None:
    for name in ("pull-through-cache-action.json", "scan-resource-change.json"):
        core = ebs.decode(example(name))
        order = _envelope_order(type(core))
        assert order is not None
        primary = P[type(core)].model_validate_json(example(name))
        for keys, by_alias in (
            (list(compat.model_dump(core)), False),
            (list(compat.model_dump(core, by_alias=True)), True),
            (list(primary.model_dump()), False),
            (list(primary.model_dump(by_alias=True)), True),
        ):
            assert keys == [k if by_alias else k.replace("-", "_") for k in order]
    generic = ebs.decode(example("storage-object-created.json"))
    assert list(compat.model_dump(generic))[:4] == [
        "detail",
        "account",
        "detail_type",
        "id",
    ]


def test_dump_json_is_pydantics_text() -> None:
    event = ebs.decode(example("image-scan.json"))
    text = compat.model_dump_json(event, by_alias=True, include={"detail", "time"})
    assert text == (
        '{"detail":{"image-digest":"sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234",'
        '"image-tags":[],"repository-name":"my-repository-name","scan-status":"COMPLETE",'
        '"finding-severity-counts":{"CRITICAL":10.0,"HIGH":null,"INFORMATIONAL":null,'
        '"LOW":null,"MEDIUM":9.0,"UNDEFINED":null}},"time":"2019-10-29T02:36:48Z"}'
    )
    theirs = RAW[type(event)].model_validate_json(example("image-scan.json"))
    assert theirs.model_dump_json(by_alias=True, include={"detail", "time"}) == text


@settings(deadline=None, max_examples=300)
@given(
    value=strategies.aware_datetimes
    | st.datetimes()
    | st.datetimes(
        timezones=st.timedeltas(
            min_value=-dt.timedelta(hours=23, minutes=59, seconds=59),
            max_value=dt.timedelta(hours=23, minutes=59, seconds=59),
        ).map(dt.timezone)
    ),
    number=st.floats(),
)
def test_datetimes_and_floats_are_written_as_pydantic_writes_them(
    value: dt.datetime, number: float
) -> None:
    """Any datetime (naive, second-level offsets) and any float (NaN and
    infinities become null) reaches JSON as pydantic writes it."""
    trail = RAW[ecr.ECRAWSAPICallViaCloudTrailEvent].model_fields["detail"].annotation
    scan = RAW[ecr.ECRImageScanEvent].model_fields["detail"].annotation
    ref_counts = scan.model_fields["finding_severity_counts"].annotation.__args__[0]
    counts = compat.model_construct(ecr.FindingSeverityCounts, HIGH=number)
    assert compat.model_dump_json(counts) == ref_counts.model_construct(
        HIGH=number
    ).model_dump_json(warnings=False)
    assert plain(compat.model_dump(counts, mode="json")) == plain(
        ref_counts.model_construct(HIGH=number).model_dump(mode="json", warnings=False)
    )
    values = {
        "eventVersion": "1",
        "eventTime": value,
        "eventSource": "s",
        "eventName": "n",
        "awsRegion": "r",
    }
    detail = compat.model_construct(ecr.ECRAWSAPICallViaCloudTrail, **values)
    ref = trail.model_construct(**values)
    assert compat.model_dump_json(detail, include={"eventTime"}) == ref.model_dump_json(
        include={"eventTime"}
    )
    assert compat.model_dump(detail, mode="json") == ref.model_dump(mode="json")


def test_non_finite_floats_stay_floats_in_json_mode_and_are_null_in_text() -> None:
    counts = ecr.FindingSeverityCounts(HIGH=math.nan, LOW=math.inf, MEDIUM=1.0)
    dumped = compat.model_dump(counts, mode="json", exclude_none=True)
    assert math.isnan(dumped["HIGH"]) and dumped["LOW"] == math.inf
    assert compat.model_dump_json(counts, exclude_none=True) == (
        '{"HIGH":null,"LOW":null,"MEDIUM":1.0}'
    )


def test_dump_returns_fresh_containers() -> None:
    event = ebs.decode(example("cloudtrail-batch-get-image.json"))
    dumped = compat.model_dump(event)
    dumped["resources"].append("x")
    dumped["detail"]["requestParameters"]["repositoryName"] = "changed"
    assert event.resources == []
    assert event.detail.requestParameters["repositoryName"] == "my-repository-name"


def test_dump_rejects_bad_mode_and_filters() -> None:
    event = ebs.decode(example("image-scan.json"))
    with pytest.raises(ValueError, match="mode"):
        compat.model_dump(event, mode="yaml")
    with pytest.raises(TypeError):
        compat.model_dump(event, include=5)
    primary = P[type(event)].model_validate_json(example("image-scan.json"))
    with pytest.raises(ValueError, match="mode"):
        primary.model_dump(mode="yaml")


def test_exclude_unset_on_decoded_events_drops_defaults() -> None:
    """A decoded event carries no record of what was sent: required fields
    and non-default values count as set (MIGRATING.md)."""
    event = ebs.decode(example("cloudtrail-batch-get-image.json"))
    assert "responseElements" not in compat.model_fields_set(event.detail)
    dumped = compat.model_dump(event, exclude_unset=True)
    assert "responseElements" not in dumped["detail"]
    assert compat.model_fields_set(event) == {
        "detail",
        "account",
        "detail_type",
        "id",
        "region",
        "resources",
        "source",
        "time",
        "version",
    }


# --- copy and construct -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["core", "compat"])
def test_copy_with_update_and_deep(kind: str) -> None:
    raw = example("pull-through-cache-action.json")
    if kind == "core":
        event = ebs.decode(raw)
        copy = functools.partial(compat.model_copy, event)
    else:
        event = P[ecr.ECRPullThroughCacheActionEvent].model_validate_json(raw)
        copy = event.model_copy
    changed = copy(update={"account": "999", "region": "eu-west-1"})
    assert type(changed) is type(event)
    assert (changed.account, changed.region) == ("999", "eu-west-1")
    assert changed.detail is event.detail
    assert event.account == "123456789012"
    deep = copy(deep=True)
    assert deep == event and deep.detail is not event.detail
    assert deep.resources is not event.resources
    assert copy(update={"detail_type": event.detail_type}) == event
    with pytest.raises(ValueError, match="class tag"):
        copy(update={"detail_type": "Other"})
    with pytest.raises(TypeError, match="no field named 'nope'"):
        copy(update={"nope": 1})


def test_construct_takes_json_then_python_names_without_validation() -> None:
    detail = compat.model_construct(
        ecr.ECRPullThroughCacheAction,
        **{
            "sync-status": "SUCCESS",
            "ecr_repository_prefix": "p",
            "repository-name": 5,  # not validated
            "upstream_registry_url": "u",
            "unknown": "ignored",
        },
    )
    assert detail.repository_name == 5 and detail.image_tag is None
    repo = compat.model_construct(
        ecr.ScanResourceChange,
        action_type="a",
        resource_type="r",
        scan_type=ecr.ScanType.BASIC,
    )
    assert repo.repositories == []
    with pytest.raises(TypeError, match="sync_status"):
        compat.model_construct(ecr.ECRPullThroughCacheAction, repository_name="r")
    event = P[ecr.ECRImageScanEvent].model_construct(
        **json.loads(example("image-scan.json"))
    )
    assert event.detail == json.loads(example("image-scan.json"))["detail"]
    assert event.model_dump_json() == RAW[ecr.ECRImageScanEvent].model_construct(
        **json.loads(example("image-scan.json"))
    ).model_dump_json(warnings=False)


# --- schema, deprecated names, pickling ------------------------------------------


@EVENT_TYPES
def test_model_json_schema_is_botocrafts(cls: type[ebs.TypedEvent]) -> None:
    assert P[cls].model_json_schema() == json_schema(cls)
    assert P[cls].model_json_schema() == PRIMARY[cls].model_json_schema()
    assert compat.model_json_schema(cls) == json_schema(cls)
    detail_cls = next(f.type for f in msgspec.structs.fields(cls) if f.name == "detail")
    ref = RAW[cls].model_fields["detail"].annotation
    assert compat.model_json_schema(detail_cls) == ref.model_json_schema()


def test_deprecated_names_warn_and_work(tmp_path: Path) -> None:
    raw = example("referrer-action.json")
    cls = P[ecr.ECRReferrerActionEvent]
    expected = cls.model_validate_json(raw)
    with pytest.warns(DeprecationWarning, match="parse_obj"):
        assert cls.parse_obj(json.loads(raw)) == expected
    with pytest.warns(DeprecationWarning, match="parse_raw"):
        assert cls.parse_raw(raw) == expected
    with pytest.warns(DeprecationWarning, match="parse_raw"):
        assert cls.parse_raw(raw.decode(), content_type="application/json") == expected
    with pytest.warns(DeprecationWarning, match="construct"):
        assert cls.construct(**json.loads(raw)).id == expected.id
    path = tmp_path / "event.json"
    path.write_bytes(raw)
    with pytest.warns(DeprecationWarning, match="parse_file"):
        assert cls.parse_file(path) == expected
    pkl = tmp_path / "event.pkl"
    pkl.write_bytes(pickle.dumps(json.loads(raw)))
    with pytest.warns(DeprecationWarning), pytest.raises(RuntimeError, match="pickle"):
        cls.parse_file(pkl)
    with pytest.warns(DeprecationWarning):
        assert cls.parse_file(pkl, allow_pickle=True) == expected
    with pytest.warns(DeprecationWarning), pytest.raises(ebs.DecodeError):
        cls.parse_raw(raw, content_type="text/yaml")
    with pytest.warns(DeprecationWarning), pytest.raises(ebs.DecodeError):
        cls.parse_raw(b"{")


def test_str_of_details_and_generic_events_is_pydantics() -> None:
    counts = ecr.FindingSeverityCounts(HIGH=1.0)
    assert compat.pydantic_str(counts) == (
        "CRITICAL=None HIGH=1.0 INFORMATIONAL=None LOW=None MEDIUM=None UNDEFINED=None"
    )
    ref = botocraft_raw.ECRImageScanEvent.model_fields["detail"].annotation
    ref_counts = ref.model_fields["finding_severity_counts"].annotation.__args__[0]
    assert str(ref_counts(HIGH=1.0)) == compat.pydantic_str(counts)
    generic = ebs.decode(example("storage-object-created.json"))
    assert compat.pydantic_str(generic).startswith("detail={")
    assert " detail_type='Object Created' " in compat.pydantic_str(generic)


# --- zero cost on decode --------------------------------------------------------------


@EVENT_TYPES
def test_core_classes_are_plain_structs(cls: type[ebs.TypedEvent]) -> None:
    """The core classes (what ``decode`` returns, their details) carry no
    pydantic name, no ``__post_init__``, and no state but the kept JSON of a
    decoded event; the compat class has every name, on the same fields."""
    detail_cls = next(f.type for f in msgspec.structs.fields(cls) if f.name == "detail")
    for klass in (cls, detail_cls, ebs.Model, ebs.EventBridgeEvent, ebs.GenericEvent):
        assert not [n for n in PYDANTIC_NAMES if hasattr(klass, n)], klass
    assert all(hasattr(P[cls], n) for n in PYDANTIC_NAMES)
    assert P[cls].__struct_fields__ == cls.__struct_fields__
    assert not hasattr(cls, "__post_init__")
    assert cls.__struct_fields__ == (
        "detail",
        "account",
        "id",
        "region",
        "resources",
        "source",
        "time",
        "version",
    )
    event = msgspec.convert(
        msgspec.to_builtins(ebs.decode(example("image-scan.json"))),
        ecr.ECRImageScanEvent,
    )
    assert vars(event) == {}
    assert not hasattr(event.detail, "__dict__")


def test_importing_the_package_imports_no_pydantic_boto3_or_schema() -> None:
    code = (
        "import sys, eventbridge_structs, eventbridge_structs.compat;"
        "print(sorted(m for m in ('pydantic', 'boto3', 'botocore', "
        "'eventbridge_structs.schema') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_no_warning_on_the_current_names() -> None:
    event = P[ecr.ECRImageScanEvent].model_validate_json(example("image-scan.json"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        type(event).model_validate(event.model_dump(by_alias=True, mode="json"))
        event.model_dump_json()
        event.model_copy()


def test_documented_object_divergences() -> None:
    """Frozen objects, bytes are not strings, unknown types in JSON modes
    (MIGRATING.md, "Objects" and "Serialization")."""
    event = P[ecr.ECRImageScanEvent].model_validate_json(example("image-scan.json"))
    with pytest.raises(AttributeError):
        event.account = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        event.detail.scan_status = "x"  # type: ignore[misc]
    doc = json.loads(example("image-scan.json"))
    doc["account"] = b"123456789012"
    with pytest.raises(ebs.DecodeError):
        type(event).model_validate(doc)
    assert RAW[ecr.ECRImageScanEvent].model_validate(doc).account == "123456789012"
    thing = object()
    odd = compat.model_construct(
        ecr.ECRAWSAPICallViaCloudTrail,
        eventVersion="1",
        eventTime=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
        eventSource="s",
        eventName="n",
        awsRegion="r",
        requestParameters={"x": thing},
    )
    # python mode keeps it
    assert compat.model_dump(odd)["requestParameters"]["x"] is thing
    with pytest.raises(TypeError, match="Unable to serialize"):
        compat.model_dump(odd, mode="json")
    with pytest.raises(TypeError, match="Unable to serialize"):
        compat.model_dump_json(odd)


class Node(ebs.Model, frozen=True, kw_only=True, gc=False):
    """A Struct that contains itself."""

    name: str
    child: Node | None = None


def test_structs_of_your_own_get_the_functions_even_recursive_ones() -> None:
    node = compat.model_validate(Node, {"name": "a", "child": {"name": "b"}})
    assert node == Node(name="a", child=Node(name="b"))
    assert compat.model_dump(node) == {
        "name": "a",
        "child": {"name": "b", "child": None},
    }
    assert compat.model_dump_json(node, exclude_none=True) == (
        '{"name":"a","child":{"name":"b"}}'
    )
    assert compat.pydantic_str(node) == "name='a' child=Node(name='b', child=None)"
