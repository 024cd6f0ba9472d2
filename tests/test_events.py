"""The generated event modules (acm, codepipeline, ecr, ecs, elasticache,
elasticsearch, elbv2, opensearch, ssm) against botocraft 0.36.0's models,
for all 64 event types: every Struct reachable from an event has its
botocraft model's Python names, JSON names, field order, required fields
and defaults; class names are botocraft's, except the details botocraft
names twice in one service, which carry their documented name as schema
title."""

from __future__ import annotations

from typing import Any

import msgspec
import msgspec.inspect as mi
import pydantic
import pytest

import eventbridge_structs as ebs
from eventbridge_structs._schema import title_of

from . import strategies

factory = pytest.importorskip("botocraft.eventbridge.factory")


def _raw(cls: type[Any]) -> type[Any]:
    return next(b for b in cls.__mro__[1:] if ".raw." in b.__module__)


def _inner(t: mi.Type) -> mi.Type:
    while True:
        if isinstance(t, mi.Metadata):
            t = t.type
        elif isinstance(t, mi.ListType):
            t = t.item_type
        elif isinstance(t, mi.UnionType):
            t = next(u for u in t.types if not isinstance(u, mi.NoneType))
        else:
            return t


def _models(annotation: Any) -> list[type[Any]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()):
        found += _models(arg)
    return found


def _pairs() -> list[tuple[type[Any], type[Any]]]:
    """Every Struct reachable from each of the 64 event classes, with the
    botocraft model it stands for."""
    pairs: dict[tuple[type[Any], type[Any]], None] = {}
    for (source, detail_type), theirs in factory.EventFactory.event_class_map.items():
        ours = ebs.event_type_for(source, detail_type)
        assert ours is not None
        stack = [(ours, _raw(theirs))]
        while stack:
            a, b = stack.pop()
            if (a, b) in pairs:
                continue
            pairs[(a, b)] = None
            for field in mi.type_info(a).fields:  # type: ignore[attr-defined]
                inner = _inner(field.type)
                if isinstance(inner, mi.StructType):
                    (target,) = _models(b.model_fields[field.name].annotation)
                    stack.append((inner.cls, target))
    return list(pairs)


PAIRS = _pairs()


@pytest.mark.parametrize(
    ("ours", "theirs"),
    PAIRS,
    ids=[f"{a.__module__.rsplit('.', 1)[1]}.{a.__name__}" for a, _ in PAIRS],
)
def test_fields_are_botocrafts(ours: type[Any], theirs: type[Any]) -> None:
    # botocraft's raw event models may be named otherwise (ACMACM...Event);
    # the schema title says which.
    raw = issubclass(ours, ebs.TypedEvent)
    assert title_of(ours, raw=raw) == theirs.__name__
    info = mi.type_info(ours)
    assert isinstance(info, mi.StructType)
    mine = [(f.name, f.encode_name, f.required) for f in info.fields]
    expected = [
        (name, f.alias or name, f.is_required())
        for name, f in theirs.model_fields.items()
        if name != "detail_type"
    ]
    assert sorted(mine) == sorted(expected)
    if issubclass(ours, ebs.EventBridgeEvent):
        return  # envelope order: the schema tests compare it
    assert mine == expected
    for field in info.fields:
        ref = theirs.model_fields[field.name]
        if field.default is not msgspec.NODEFAULT:
            assert ref.default == field.default
        else:
            assert field.default_factory is not msgspec.NODEFAULT or field.required
            if field.default_factory is not msgspec.NODEFAULT:
                assert ref.default_factory is not None
                assert ref.default_factory() == field.default_factory()


def test_every_event_class_is_reached() -> None:
    events = {a for a, _ in PAIRS if issubclass(a, ebs.TypedEvent)}
    assert events == set(strategies.BOTOCRAFT_EVENT_TYPES)
    assert len(events) == 64


def test_event_classes_have_botocrafts_names_and_modules() -> None:
    for (source, detail_type), theirs in factory.EventFactory.event_class_map.items():
        ours = ebs.event_type_for(source, detail_type)
        assert ours is not None
        assert ours.__name__ == theirs.__name__
        module = theirs.__module__.rsplit(".", 1)[1]
        assert ours.__module__ == f"eventbridge_structs.{module}"
        assert ours.__struct_config__.tag == detail_type
