"""Hypothesis strategies for every event and detail Struct, derived from the
Structs themselves through ``msgspec.inspect`` so that they follow the
models exactly (and work for user-registered types too).

- ``from_type(tp)``: values of any type the models use.
- ``events(cls)`` / ``any_event()``: valid events, with the source each class
  is registered under (so dispatch returns the same class).
- ``documents(cls)``: ``(document, expected_event)`` pairs where the JSON
  document omits optional fields at random and carries unknown extra keys
  at the top level and in the detail, as real events do.
- ``json_values``: arbitrary JSON values.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import msgspec
import msgspec.inspect as mi
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import ecr

__all__ = [
    "ECR_EVENT_TYPES",
    "any_event",
    "aware_datetimes",
    "documents",
    "events",
    "from_type",
    "json_values",
    "text",
]

#: The seven ECR event classes.
ECR_EVENT_TYPES: tuple[type[ebs.TypedEvent], ...] = ecr.EVENT_TYPES

#: Any unicode text JSON can carry (no lone surrogates), realistic values
#: now and then.
text = st.text(max_size=20) | st.sampled_from(
    ["SUCCESS", "FAILURE", "aws.ecr", "us-east-1", "123456789012", "latest", ""]
)

_INT64 = st.integers(min_value=-(2**63), max_value=2**64 - 1)
_FLOATS = st.floats(allow_nan=False, allow_infinity=False)

#: Arbitrary JSON values, as ``json.loads`` would return them.
json_values = st.recursive(
    st.none() | st.booleans() | _INT64 | _FLOATS | text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3)
    ),
    max_leaves=8,
)

_offsets = st.just(dt.timezone.utc) | st.integers(
    min_value=-(23 * 60 + 59), max_value=23 * 60 + 59
).map(lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)))

#: Timezone-aware datetimes with RFC 3339 offsets (whole minutes).
aware_datetimes = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)
).flatmap(lambda naive: _offsets.map(lambda tz: naive.replace(tzinfo=tz)))


def _from_info(info: mi.Type) -> st.SearchStrategy[Any]:
    if isinstance(info, mi.StrType):
        return text
    if isinstance(info, mi.BoolType):
        return st.booleans()
    if isinstance(info, mi.IntType):
        return _INT64
    if isinstance(info, mi.FloatType):
        return _FLOATS | st.integers(-(2**53), 2**53).map(float)
    if isinstance(info, mi.NoneType):
        return st.none()
    if isinstance(info, mi.AnyType):
        return json_values
    if isinstance(info, mi.DateTimeType):
        return aware_datetimes
    if isinstance(info, mi.EnumType):
        return st.sampled_from(list(info.cls))
    if isinstance(info, mi.UnionType):
        return st.one_of([_from_info(t) for t in info.types])
    if isinstance(info, mi.ListType):
        return st.lists(_from_info(info.item_type), max_size=3)
    if isinstance(info, mi.DictType):
        return st.dictionaries(
            _from_info(info.key_type), _from_info(info.value_type), max_size=3
        )
    if isinstance(info, mi.StructType):
        return from_type(info.cls)
    raise NotImplementedError(f"no strategy for {info!r}")


@functools.cache
def from_type(tp: Any) -> st.SearchStrategy[Any]:
    """Values of ``tp``: a Struct, or any type the models use."""
    info = mi.type_info(tp)
    if not isinstance(info, mi.StructType):
        return _from_info(info)
    return st.builds(
        info.cls,
        **{
            field.name: st.deferred(lambda f=field: _from_info(f.type))
            for field in info.fields
        },
    )


def _sources(cls: type[ebs.TypedEvent]) -> list[str]:
    return sorted(s for (s, _), c in ebs.registered().items() if c is cls)


def events(cls: type[ebs.TypedEvent]) -> st.SearchStrategy[Any]:
    """Valid instances of event class ``cls``, with a source it is
    registered under (any text when it is not registered)."""
    sources = _sources(cls)
    source = st.sampled_from(sources) if sources else text
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    fields = {f.name: _from_info(f.type) for f in info.fields}
    fields["source"] = source
    return st.builds(cls, **fields)


def any_event() -> st.SearchStrategy[Any]:
    """A valid event of any ECR type."""
    return st.one_of([events(cls) for cls in ECR_EVENT_TYPES])


def _json_names(cls: type[Any]) -> set[str]:
    return set(cls.__struct_encode_fields__) | {"detail-type"}


def documents(
    cls: type[ebs.TypedEvent],
) -> st.SearchStrategy[tuple[dict[str, Any], Any]]:
    """``(document, expected)``: the JSON document of a valid event of
    ``cls`` with optional fields dropped at random and unknown extra keys
    added (top level and detail), and the event it must decode to."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[dict[str, Any], Any]:
        event = draw(events(cls))
        doc = msgspec.to_builtins(event)
        detail = doc["detail"]
        detail_info = mi.type_info(type(event.detail))
        assert isinstance(detail_info, mi.StructType)
        for field in detail_info.fields:
            if not field.required and draw(st.booleans()):
                default = (
                    field.default
                    if field.default is not msgspec.NODEFAULT
                    else field.default_factory()
                )
                if getattr(event.detail, field.name) == default:
                    del detail[field.encode_name]
        for target, known in (
            (doc, _json_names(cls)),
            (detail, _json_names(type(event.detail))),
        ):
            extras = draw(st.dictionaries(text, json_values, max_size=3))
            for key, value in extras.items():
                if key not in known:
                    target[key] = value
        return doc, event

    return build()
