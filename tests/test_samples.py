"""AWS's published sample events (tests/fixtures/samples, each with its
source) against the built-in event types, cross-checked with botocraft
0.36.0: what botocraft accepts we accept with equal values, what it rejects
we reject with the same JSON path, and both are listed in the README's
table of the documented models' known strictness. Plus the mutation
differential over every one of the 64 types."""

from __future__ import annotations

import enum
import json
import re
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs

from . import strategies
from .strategies import SAMPLES
from .test_compat_api import lax_rules_differ

factory = pytest.importorskip("botocraft.eventbridge.factory")
pydantic = pytest.importorskip("pydantic")

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
BOTOCRAFT = factory.EventFactory()
#: The sample folders of botocraft's services (tests/fixtures/samples).
BOTOCRAFT_MODULES = frozenset(
    {"acm", "codepipeline", "ecr", "ecs", "elasticache", "elbv2"}
    | {"elasticsearch", "opensearch", "ssm"}
)


def plain(value: Any) -> Any:
    """A value as comparable Python data: Structs and pydantic models as
    dicts by JSON name, enums as their values."""
    if isinstance(value, msgspec.Struct):
        out = {
            f.encode_name: plain(getattr(value, f.name))
            for f in msgspec.structs.fields(value)
        }
        if isinstance(value, ebs.TypedEvent):
            out["detail-type"] = value.detail_type
        return out
    if isinstance(value, pydantic.BaseModel):
        if isinstance(value, pydantic.RootModel):
            return plain(value.root)
        out = {
            (field.alias or name): plain(getattr(value, name))
            for name, field in type(value).model_fields.items()
            if name != "session"
        }
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, float) and value != value:
        return "NaN"  # equal to itself, as both libraries read "nan" alike
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def botocraft(text: str) -> Any:
    """botocraft's event for ``text``, or the exception it raises: its
    ValidationError, or the KeyError / TypeError its factory raises for a
    missing or unhashable routing key."""
    try:
        return BOTOCRAFT.new(text)
    except (pydantic.ValidationError, KeyError, TypeError) as exc:
        return exc


def _pydantic_path(exc: Any) -> str:
    loc = exc.errors()[0]["loc"]
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_aws_samples_decode_as_botocraft_reads_them(name: str) -> None:
    text = json.dumps(SAMPLES[name])
    theirs = botocraft(text)
    if isinstance(theirs, dict):  # botocraft does not type it
        if name.split("/")[0] in BOTOCRAFT_MODULES:
            assert type(ebs.decode(text)) is ebs.GenericEvent
            assert f"`{name}`" in README, "list it in the README's strictness table"
        return  # the schema registry's types: tests/test_registry_types.py
    if isinstance(theirs, Exception):
        with pytest.raises(ebs.DecodeError) as info:
            ebs.decode(text)
        assert info.value.path == _pydantic_path(theirs)
        assert f"`{name}`" in README, "list it in the README's strictness table"
        return
    ours = ebs.decode(text)
    assert type(ours).__name__ == type(theirs).__name__
    assert (
        type(ours).__module__.rsplit(".", 1)[1]
        == type(theirs).__module__.rsplit(".", 1)[1]
    )
    theirs_values = plain(theirs)
    ours_values = plain(ours)
    # botocraft keeps the members of its extra="allow" models; we tolerate them.
    assert ours_values == {k: theirs_values[k] for k in ours_values}
    # And an event re-encoded decodes to the same event.
    assert ebs.decode(ebs.encode(ours)) == ours


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_aws_samples_with_members_aws_adds_later(name: str) -> None:
    """Unknown members, at the top and in every object of the detail, are
    tolerated: the event decodes to the same values."""
    doc = json.loads(json.dumps(SAMPLES[name]))
    try:
        expected = ebs.decode(json.dumps(doc))
    except ebs.DecodeError:
        return
    if isinstance(expected, ebs.GenericEvent):
        return  # a plain JSON detail holds whatever it is given
    if type(expected).__module__.rsplit(".", 1)[1] not in BOTOCRAFT_MODULES:
        # A registry type's JSON-valued fields hold whatever they are given.
        assert type(ebs.decode(json.dumps(doc))) is type(expected)
        return

    def grow(node: Any) -> None:
        if isinstance(node, dict):
            for value in list(node.values()):
                grow(value)
            node["addedByAwsLater"] = {"nested": [1, "two", None]}
        elif isinstance(node, list):
            for value in node:
                grow(value)

    grow(doc)
    assert ebs.decode(json.dumps(doc)) == expected


def test_strictness_table_lists_only_rejected_samples() -> None:
    """Every sample the README's strictness table names is one that
    botocraft's documented model does not type."""
    table = README.split("## Known strictness of the documented models", 1)[1]
    table = table.split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z0-9]+/[a-z0-9-]+\.json)`", table))
    assert listed, "the table is missing"
    rejected = {
        name
        for name in SAMPLES
        if name.split("/")[0] in BOTOCRAFT_MODULES
        and not isinstance(botocraft(json.dumps(SAMPLES[name])), pydantic.BaseModel)
    }
    assert listed == rejected


DIFF = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _rounds_differently(value: Any) -> bool:
    # More than six fractional digits: pydantic truncates, msgspec rounds.
    # An epoch above 2e10: pydantic reads milliseconds, msgspec seconds
    # (MIGRATING.md, "Validation").
    if isinstance(value, str) and bool(re.search(r"\.\d{7,}", value)):
        return True
    try:
        return abs(float(value)) > 2e10
    except (TypeError, ValueError):
        return False


@pytest.mark.parametrize(
    "cls",
    strategies.BOTOCRAFT_EVENT_TYPES,
    ids=[c.__name__ for c in strategies.BOTOCRAFT_EVENT_TYPES],
)
@DIFF
@given(data=st.data())
def test_mutations_are_judged_as_botocraft_judges_them(
    cls: type[Any], data: st.DataObject
) -> None:
    """A valid event of each type with one value replaced (by an edge value
    or any JSON value) or one required member removed: when botocraft
    rejects it we reject it, at the same path; when both accept it, the
    values are equal."""
    doc, path, value = data.draw(strategies.mistyped_documents(cls))
    text = json.dumps(doc, default=str)
    theirs = botocraft(text)
    try:
        ours = ebs.decode(text)
    except ebs.DecodeError as exc:
        ours = exc
    if isinstance(theirs, Exception):
        assert isinstance(ours, ebs.DecodeError) or lax_rules_differ(value), (
            path,
            value,
        )
    elif not isinstance(ours, Exception) and isinstance(theirs, pydantic.BaseModel):
        mine, ref = plain(ours), plain(theirs)
        assert mine == {k: ref[k] for k in mine} or _rounds_differently(value), (
            path,
            value,
        )


def test_samples_cover_the_catalogue_where_aws_publishes_one() -> None:
    """Which built-in types AWS's samples exercise (the rest are listed in
    tests/fixtures/samples/MISSING.md)."""
    covered = {
        (event["source"], event["detail-type"])
        for event in SAMPLES.values()
        if isinstance(event, dict) and "source" in event
    }
    # Samples AWS publishes as invalid JSON still name their type.
    for path in (ROOT / "tests" / "fixtures" / "samples").glob("*/*.txt"):
        text = path.read_text()
        source = re.search(r'"source"\s*:\s*"([^"]+)"', text)
        detail_type = re.search(r'"detail-type"\s*:\s*"([^"]+)"', text)
        if source and detail_type:
            covered.add((source.group(1), detail_type.group(1)))
    missing = (ROOT / "tests" / "fixtures" / "samples" / "MISSING.md").read_text()
    for cls in strategies.BOTOCRAFT_EVENT_TYPES:
        key = next(k for k, c in ebs.registered().items() if c is cls)
        assert key in covered or key[1] in missing, key
