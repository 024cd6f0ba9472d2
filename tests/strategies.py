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

import base64
import datetime as dt
import functools
import gzip
import json
import zlib
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import ecr

__all__ = [
    "BOTOCRAFT_EVENT_TYPES",
    "DATETIME_STRINGS",
    "ECR_EVENT_TYPES",
    "EVENT_TYPES",
    "NESTING_DEPTHS",
    "NUMBER_TOKENS",
    "SAMPLES",
    "STRING_TOKENS",
    "Obj",
    "Token",
    "any_event",
    "aware_datetimes",
    "convert_times",
    "documents",
    "dump_filters",
    "events",
    "from_type",
    "hostile_documents",
    "hostile_objects",
    "hostile_values",
    "json_values",
    "lambda_payloads",
    "lossless_documents",
    "mistyped_documents",
    "mutated_bytes",
    "mutated_tree",
    "nested",
    "record_texts",
    "text",
    "tree",
    "valid_documents",
    "write",
]

#: The seven ECR event classes.
ECR_EVENT_TYPES: tuple[type[ebs.TypedEvent], ...] = ecr.EVENT_TYPES

#: Every built-in event type (the whole catalogue, loaded).
EVENT_TYPES: tuple[type[ebs.TypedEvent], ...] = tuple(
    dict.fromkeys(ebs.registered().values())
)

#: The 64 types botocraft 0.36.0 models, in its catalogue's order.
BOTOCRAFT_EVENT_TYPES: tuple[type[ebs.TypedEvent], ...] = tuple(
    ebs.registered()[(source, detail_type)]
    for source, detail_type, *_ in json.loads(
        (
            Path(__file__).resolve().parent.parent
            / "specs"
            / "botocraft-0.36.0"
            / "catalogue.json"
        ).read_text()
    )
)

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
    if isinstance(info, mi.Metadata):
        return _from_info(info.type)
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
    """A valid event of any of botocraft's 64 types (the registry's types,
    whose generated models nest deep, come through AWS's samples in
    ``valid_documents``)."""
    return st.sampled_from(BOTOCRAFT_EVENT_TYPES).flatmap(events)


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


# --- lossless round trip ------------------------------------------------------
# Documents that must come back from encode(decode(...)) unchanged: a valid
# event of the class with, at every object level the model declares, optional
# members dropped or set to null (where the type allows it), unknown members
# added, integral numbers written as ints, and times written as AWS and
# others write them (milliseconds, no fraction, "+00:00").


def _allows_none(info: mi.Type) -> bool:
    if isinstance(info, mi.Metadata):
        return _allows_none(info.type)
    if isinstance(info, mi.NoneType):
        return True
    return isinstance(info, mi.UnionType) and any(
        isinstance(t, mi.NoneType) for t in info.types
    )


def _struct_of(info: mi.Type) -> mi.StructType | None:
    """The one Struct a value of ``info`` can be (through Optional)."""
    if isinstance(info, mi.Metadata):
        return _struct_of(info.type)
    if isinstance(info, mi.StructType):
        return info
    if isinstance(info, mi.UnionType):
        found = [t for t in info.types if isinstance(t, mi.StructType)]
        return found[0] if len(found) == 1 else None
    return None


def _is_time(info: mi.Type) -> bool:
    if isinstance(info, mi.Metadata):
        return _is_time(info.type)
    if isinstance(info, mi.UnionType):
        return any(_is_time(t) for t in info.types)
    return isinstance(info, mi.DateTimeType)


def _time_text(draw: st.DrawFn, text: str) -> str:
    """``text`` (as msgspec writes a UTC time) as another writer would."""
    if not text.endswith("Z"):
        return text
    head, _, fraction = text[:-1].partition(".")
    digits = draw(st.integers(0, 6))
    fraction = (fraction + "000000")[:digits]
    if digits and fraction.strip("0") == "" and draw(st.booleans()):
        fraction = "0" * digits
    zone = draw(st.sampled_from(["Z", "+00:00"]))
    return head + ("." + fraction if digits else "") + zone


def _reshape(draw: st.DrawFn, info: mi.Type, value: Any) -> Any:
    if isinstance(info, mi.Metadata):
        return _reshape(draw, info.type, value)
    if isinstance(value, str) and _is_time(info):
        return _time_text(draw, value)
    if isinstance(value, float) and value.is_integer() and draw(st.booleans()):
        return int(value)
    if isinstance(value, list):
        item = info.item_type if isinstance(info, mi.ListType) else None
        return [_reshape(draw, item, v) if item is not None else v for v in value]
    struct = _struct_of(info)
    if isinstance(value, dict) and struct is not None:
        return _reshape_object(draw, struct, value)
    return value


def _reshape_object(
    draw: st.DrawFn, info: mi.StructType, doc: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in info.fields:
        if field.encode_name not in doc:
            continue
        value = doc[field.encode_name]
        if not field.required:
            choice = draw(st.sampled_from(["keep", "drop", "null"]))
            if choice == "drop":
                continue
            if choice == "null" and _allows_none(field.type):
                out[field.encode_name] = None
                continue
        out[field.encode_name] = _reshape(draw, field.type, value)
    for key, value in doc.items():  # the tag, and members of no field
        out.setdefault(key, value)
    known = {f.encode_name for f in info.fields} | {"detail-type"}
    for key, value in draw(st.dictionaries(text, json_values, max_size=2)).items():
        if key not in known:
            out[key] = value
    return out


def _decodes(doc: Any) -> bool:
    try:
        ebs.decode(json.dumps(doc))
    except ebs.DecodeError:
        return False
    return True


def lossless_documents(cls: type[ebs.TypedEvent]) -> st.SearchStrategy[str]:
    """JSON texts of valid ``cls`` events, reshaped as described above, that
    ``encode(decode(text))`` must give back unchanged. Botocraft's types are
    drawn from their Structs; the registry's (whose models nest deep) start
    from AWS's samples of the type, else from the envelope alone."""
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    if cls in BOTOCRAFT_EVENT_TYPES:
        base = events(cls).map(msgspec.to_builtins)
    else:
        sources = _sources(cls)
        keys = {(s, cls.__struct_config__.tag) for s in sources}
        mine = [
            doc
            for doc in SAMPLES.values()
            if (doc.get("source"), doc.get("detail-type")) in keys and _decodes(doc)
        ]
        minimal = {
            "version": "0",
            "id": "7bf73129-1428-4cd3-a780-95db273d1602",
            "detail-type": cls.__struct_config__.tag,
            "source": sources[0],
            "account": "123456789012",
            "time": "2015-11-11T21:29:54Z",
            "region": "us-east-1",
            "resources": [],
            "detail": {},
        }
        base = st.sampled_from([*mine, minimal]).map(
            lambda doc: json.loads(json.dumps(doc))
        )

    @st.composite
    def build(draw: st.DrawFn) -> str:
        doc = _reshape_object(draw, info, draw(base))
        indent = draw(st.sampled_from([None, None, 2]))
        return json.dumps(doc, indent=indent)

    return build()


# --- hostile input --------------------------------------------------------------
# What a consumer on a shared bus may be sent: valid event documents mutated
# in the tree (hostile values at any path, keys dropped or duplicated) and in
# the bytes (truncated, bits flipped, bytes inserted), plus junk. Documents
# are trees whose objects are ``Obj`` (pairs, so a key can repeat) and whose
# leaves may be ``Token`` (JSON text written as is: ``NaN``, ``1e400``,
# ``"\ud800"``, invalid UTF-8).


class Token(bytes):
    """JSON text written into a document as is."""


class Obj(list[Any]):
    """A JSON object as ``(key, value)`` pairs, so that a key can repeat."""


def tree(value: Any) -> Any:
    """A JSON value as a mutable tree: dicts become :class:`Obj`."""
    if isinstance(value, dict):
        return Obj((k, tree(v)) for k, v in value.items())
    if isinstance(value, list):
        return [tree(v) for v in value]
    return value


def write(node: Any) -> bytes:
    """The JSON text of a tree (compact, no newlines)."""
    if isinstance(node, Token):
        return bytes(node)
    if isinstance(node, Obj):
        return b"{" + b",".join(write(k) + b":" + write(v) for k, v in node) + b"}"
    if isinstance(node, list):
        return b"[" + b",".join(write(v) for v in node) + b"]"
    return msgspec.json.encode(node)


def nested(depth: int, leaf: bytes = b"1", *, objects: bool = False) -> Token:
    """``depth`` levels of arrays (or objects) around ``leaf``."""
    if objects:
        return Token(b'{"a":' * depth + leaf + b"}" * depth)
    return Token(b"[" * depth + leaf + b"]" * depth)


#: Nesting depths around EventBridge's limit (PutEvents processes JSON
#: nested up to 1,100 levels) and well past it.
NESTING_DEPTHS = (500, 1_000, 1_100, 1_101, 1_200, 5_000, 100_000)

#: Numbers outside what JSON or a float can carry, and integers past 64 bits.
NUMBER_TOKENS = tuple(
    Token(t)
    for t in (
        b"NaN",
        b"-NaN",
        b"Infinity",
        b"-Infinity",
        b"inf",
        b"1e400",
        b"-1e400",
        b"1e-400",
        b"-0",
        b"-0.0",
        b"5e-324",
        b"1.7976931348623157e308",
        b"1.8e308",
        b"9223372036854775807",
        b"9223372036854775808",
        b"-9223372036854775809",
        b"18446744073709551615",
        b"18446744073709551616",
        b"123456789012345678901234567890",
        b"1" + b"0" * 4299,
        b"1" + b"0" * 4300,
        b"01",
        b"1.",
        b".5",
        b"+1",
        b"0x10",
        b"1e",
    )
)

#: Strings JSON forbids or UTF-8 cannot carry: lone surrogates, invalid and
#: overlong UTF-8, encoded surrogates, code points past U+10FFFF, raw
#: control characters, unterminated strings and escapes.
STRING_TOKENS = tuple(
    Token(t)
    for t in (
        b'"\\ud800"',
        b'"\\udc00"',
        b'"a\\ud800b"',
        b'"\\ud800\\u0041"',
        b'"\\udbff\\udfff"',
        b'"\\u0000"',
        b'"\\uZZZZ"',
        b'"\\x41"',
        b'"\xff"',
        b'"\x80"',
        b'"\xc0\xaf"',
        b'"\xed\xa0\x80"',
        b'"\xf4\x90\x80\x80"',
        b'"\xe2\x82"',
        b'"\t"',
        b'"\x00"',
        b'"abc',
        b'"\\',
    )
)

#: Datetimes without an offset, out of range, or not RFC 3339.
DATETIME_STRINGS = (
    "2023-02-28T02:36:48",
    "2023-02-28T02:36:48.5",
    "2023-02-28",
    "02:36:48Z",
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "2023-13-01T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "2023-02-28T24:00:00Z",
    "2023-02-28T23:60:00Z",
    "2023-12-31T23:59:60Z",
    "2023-02-28T02:36:48+24:00",
    "2023-02-28T02:36:48+00:00:30",
    "2023-02-28T02:36:48 Z",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "2023-02-28T02:36:48.1234567890123456789Z",
    "",
)

#: Values to put anywhere in a document.
hostile_values: st.SearchStrategy[Any] = st.one_of(
    json_values.map(tree),
    st.sampled_from(NUMBER_TOKENS + STRING_TOKENS),
    st.sampled_from(DATETIME_STRINGS),
    st.integers(min_value=-(2**200), max_value=2**200),
    st.builds(
        nested,
        st.sampled_from(NESTING_DEPTHS),
        st.sampled_from([b"1", b"[]", b"{}", b'"x"']),
        objects=st.booleans(),
    ),
    st.sampled_from([2**16, 2**20]).map(lambda n: "x" * n),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8),
)


def _positions(node: Any) -> list[tuple[Any, int]]:
    """Every ``(container, index)`` holding a value, depth first."""
    out: list[tuple[Any, int]] = []
    if isinstance(node, Obj):
        for i, (_, value) in enumerate(node):
            out.append((node, i))
            out.extend(_positions(value))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.append((node, i))
            out.extend(_positions(value))
    return out


def _objects(node: Any) -> list[Obj]:
    out: list[Obj] = []
    if isinstance(node, Obj):
        out.append(node)
        for _, value in node:
            out.extend(_objects(value))
    elif isinstance(node, list):
        for value in node:
            out.extend(_objects(value))
    return out


@st.composite
def mutated_tree(draw: st.DrawFn, root: Any) -> Any:
    """``root`` (a :func:`tree`) with up to three hostile edits: a value
    replaced, a key or item dropped, a key repeated with another value."""
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["replace", "drop", "duplicate"]))
        if kind == "duplicate":
            objects = _objects(root)
            if not objects:
                continue
            obj = draw(st.sampled_from(objects))
            if not obj:
                continue
            i = draw(st.integers(0, len(obj) - 1))
            value = draw(hostile_values | st.just(obj[i][1]))
            obj.insert(draw(st.sampled_from([i, i + 1, len(obj)])), (obj[i][0], value))
            continue
        positions = _positions(root)
        if not positions:
            root = draw(hostile_values)
            continue
        container, i = draw(st.sampled_from(positions))
        if kind == "drop":
            del container[i]
        elif isinstance(container, Obj):
            container[i] = (container[i][0], draw(hostile_values))
        else:
            container[i] = draw(hostile_values)
    return root


#: Byte sequences to splice into a document.
_SPLICES = (b"\xff", b"\x80", b"\xed\xa0\x80", b"\x00", b"\\", b'"', b"\\u", b"\\ud800")
_SPLICES += (b",", b":", b"}", b"]", b"{", b"[", b"\n", b" ", b"NaN", b"1e400")


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` truncated, with bits flipped, bytes spliced in, or ranges
    deleted or repeated (up to two edits)."""
    for _ in range(draw(st.integers(0, 2))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["truncate", "flip", "splice", "delete", "repeat"]))
        if kind == "truncate":
            data = data[:i]
        elif kind == "flip":
            bit = 1 << draw(st.integers(0, 7))
            data = data[:i] + bytes([data[i] ^ bit]) + data[i + 1 :]
        elif kind == "splice":
            data = data[:i] + draw(st.sampled_from(_SPLICES)) + data[i:]
        else:
            j = draw(st.integers(i, min(len(data), i + 64)))
            data = data[:j] + data[i:] if kind == "repeat" else data[:i] + data[j:]
    return data


def _generic_document() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "version": st.just("0"),
            "id": text,
            "detail-type": text,
            "source": text,
            "account": text,
            "time": aware_datetimes.map(lambda t: msgspec.to_builtins(t)),
            "region": text,
            "resources": st.lists(text, max_size=2),
            "detail": json_values,
        }
    )


_EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: AWS's published sample events (tests/fixtures/samples): path -> event.
SAMPLES: dict[str, Any] = {
    str(path.relative_to(path.parent.parent)): json.loads(path.read_bytes())["event"]
    for path in sorted(
        (Path(__file__).resolve().parent / "fixtures" / "samples").glob("*/*.json")
    )
}

#: Valid event documents: the bundled examples, AWS's samples, every
#: built-in type (optional fields dropped, unknown keys added) and events of
#: unregistered types.
valid_documents: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.sampled_from(sorted(_EXAMPLES.glob("*.json"))).map(
        lambda path: json.loads(path.read_bytes())
    ),
    st.sampled_from(sorted(SAMPLES)).map(
        lambda name: json.loads(json.dumps(SAMPLES[name]))
    ),
    st.sampled_from(BOTOCRAFT_EVENT_TYPES).flatmap(documents).map(lambda pair: pair[0]),
    _generic_document(),
)


@st.composite
def _mutated_document(draw: st.DrawFn) -> bytes:
    root = draw(mutated_tree(tree(draw(valid_documents))))
    return draw(mutated_bytes(write(root)))


#: Hostile event documents as bytes: mutated valid documents, junk bytes
#: and the degenerate inputs (empty, whitespace, bare scalars).
hostile_documents: st.SearchStrategy[bytes] = st.one_of(
    _mutated_document(),
    _mutated_document(),
    _mutated_document(),
    st.binary(max_size=64),
    st.sampled_from([b"", b" ", b"\n", b"\r\n", b"\x00", b"null", b"[]", b"{}"]),
    st.sampled_from([b'""', b"0", b"true", b"\xef\xbb\xbf{}", b"{}{}", b"{},{}"]),
)

#: What ``time`` may hold when a dict is converted: aware and naive
#: datetimes, dates, and the strings of :data:`DATETIME_STRINGS`.
convert_times: st.SearchStrategy[Any] = st.one_of(
    aware_datetimes,
    st.datetimes(),
    st.dates(),
    st.sampled_from(DATETIME_STRINGS),
)


def _paths(value: Any, keys: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        out.append((*keys, key))
        if isinstance(item, dict | list):
            out.extend(_paths(item, (*keys, key)))
    return out


@st.composite
def _hostile_object(draw: st.DrawFn) -> Any:
    doc: Any = draw(valid_documents)
    for _ in range(draw(st.integers(0, 3))):
        paths = _paths(doc)
        if not paths:
            break
        keys = draw(st.sampled_from(paths))
        target = doc
        for key in keys[:-1]:
            target = target[key]
        if draw(st.booleans()) and isinstance(target, dict):
            del target[keys[-1]]
        elif keys == ("time",):
            target["time"] = draw(convert_times)
        else:
            target[keys[-1]] = draw(
                json_values
                | st.integers(min_value=-(2**200), max_value=2**200)
                | st.sampled_from(DATETIME_STRINGS)
            )
    return doc


#: Hostile events as a Lambda handler may receive them (JSON values, with
#: datetimes or anything else for ``time``): valid documents with values
#: replaced by any JSON value or dropped, and any JSON value.
hostile_objects: st.SearchStrategy[Any] = _hostile_object() | json_values


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


#: Records no service sends: not objects, or without what they need.
_BROKEN_RECORDS = st.sampled_from(
    [
        None,
        5,
        "x",
        [],
        {},
        {"messageId": "b1"},
        {"messageId": "b2", "body": 7},
        {"kinesis": {"data": "!!"}},
        {"Sns": {"Type": "Notification"}},
        {"eventSource": "aws:sqs", "messageId": 3, "body": "{}"},
    ]
)


@st.composite
def _record(draw: st.DrawFn, kind: str, index: int, doc: bytes) -> Any:
    text = doc.decode("utf-8", "replace")
    if kind == "sqs":
        return {"messageId": f"m{index}", "eventSource": "aws:sqs", "body": text}
    if kind in ("sns", "sqs-sns"):
        note = {
            "Type": "Notification",
            "MessageId": f"n{index}",
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
            "Message": text,
        }
        if kind == "sns":
            return {"EventSource": "aws:sns", "Sns": note}
        body = json.dumps(note)
        return {"messageId": f"m{index}", "eventSource": "aws:sqs", "body": body}
    data = doc
    if draw(st.booleans()):
        data = draw(st.sampled_from([gzip.compress, zlib.compress]))(doc)
    if kind == "kinesis":
        return {
            "eventSource": "aws:kinesis",
            "kinesis": {"sequenceNumber": str(index), "data": _b64(data)},
        }
    return {"recordId": f"r{index}", "data": _b64(data)}


@st.composite
def _lambda_payload(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["sqs", "sns", "sqs-sns", "kinesis", "firehose"]))
    docs = draw(
        st.lists(
            hostile_documents | valid_documents.map(json.dumps).map(str.encode),
            max_size=5,
        )
    )
    records = [draw(_record(kind, i, doc)) for i, doc in enumerate(docs)]
    for _ in range(draw(st.integers(0, 2))):
        records.insert(draw(st.integers(0, len(records))), draw(_BROKEN_RECORDS))
    key = "records" if kind == "firehose" else "Records"
    return json.dumps({key: records}).encode()


#: What a Lambda function may receive: SQS, SNS, SQS-wrapped SNS, Kinesis
#: (plain, gzip or zlib data) and Firehose events whose records carry
#: hostile documents, with broken records mixed in; bare hostile documents;
#: and payloads whose records are no list.
lambda_payloads: st.SearchStrategy[bytes] = st.one_of(
    _lambda_payload(),
    _lambda_payload(),
    hostile_documents,
    st.sampled_from([b'{"Records": 5}', b'{"records": {}}', b'{"Records": []}']),
)


# --- delivery: records as queues, streams and archives carry them --------------

#: Strings that look like record boundaries to a splitter.
_BOUNDARY_STRINGS = st.sampled_from(
    ["}{", "}\n{", '"}{"', "\n{", "]", "[{", "},{", "\\", '\\"}{', "\u2028"]
)


@st.composite
def record_texts(draw: st.DrawFn) -> str:
    """The compact JSON text of one record as an SQS body, a Kinesis record
    or a line of a Firehose archive carries it: always one well-formed JSON
    object. A valid event of any ECR type, now and then holding strings
    that look like record boundaries (``}{``, newlines, brackets); the same
    with one top-level field dropped or replaced by any JSON value (usually
    a bad event); or an arbitrary JSON object."""
    doc: Any = msgspec.to_builtins(draw(any_event()))
    choice = draw(st.integers(0, 3))
    if choice == 1:
        doc[draw(st.sampled_from(["note", "replay-name"]))] = draw(_BOUNDARY_STRINGS)
        if isinstance(doc["detail"], dict):
            doc["detail"]["x-note"] = draw(_BOUNDARY_STRINGS)
    elif choice == 2:
        key = draw(st.sampled_from(sorted(doc)))
        if draw(st.booleans()):
            del doc[key]
        else:
            doc[key] = draw(json_values)
    elif choice == 3:
        doc = draw(st.dictionaries(text, json_values, max_size=4))
    return json.dumps(doc, ensure_ascii=draw(st.booleans()), separators=(",", ":"))


# --- the pydantic model API: dump filters and mistyped documents ---------------


@st.composite
def _filter_for(draw: st.DrawFn, value: Any, depth: int) -> Any:
    if isinstance(value, dict) and value:
        keys: list[Any] = list(value)
        pick: Any = value.get
        sample = next(iter(value.values()))
    elif isinstance(value, list) and value:
        keys = [*range(len(value)), -1, len(value)]
        pick = lambda k: (  # noqa: E731
            value[k] if isinstance(k, int) and -len(value) <= k < len(value) else None
        )
        sample = value[0]
    else:
        return draw(st.sampled_from([set(), {"__all__"}, {"missing"}]))
    choices = st.sampled_from([*keys, "__all__", "missing"])
    chosen = draw(st.lists(choices, max_size=3, unique=True))
    if depth >= 2 or draw(st.booleans()):
        return set(chosen)
    out: dict[Any, Any] = {}
    for key in chosen:
        inner = sample if key == "__all__" else pick(key)
        out[key] = draw(
            st.sampled_from([True, Ellipsis]) | _filter_for(inner, depth + 1)
        )
    return out


def dump_filters(dumped: Any) -> st.SearchStrategy[Any]:
    """pydantic ``include``/``exclude`` arguments for a model whose
    ``model_dump()`` is ``dumped``: None, a set of keys, or a dict mapping
    keys (names, list indexes, negative too, ``"__all__"``, names that do
    not exist) to True, ``...`` or a nested filter."""
    return st.none() | _filter_for(dumped, 0)


#: Values that test a field's type at its edges: numbers and booleans in
#: every form, strings that look like them, datetimes in and out of RFC
#: 3339, enum-like names.
_EDGE_NUMBERS: list[Any] = [0, 1, -1, 1.0, 0.0, -0.0, 1.5, 2**53, 2**64, 2**70]
_EDGE_NUMBERS += [1e300, 1677551808, 1677551808.5, 1677551808000]
_EDGE_STRINGS = [
    "0",
    "1",
    "-0",
    "1.5",
    "1e3",
    "1_0",
    "nan",
    "inf",
    "infinity",
    "true",
    "false",
    "True",
    "yes",
    "no",
    "on",
    "off",
    "t",
    "f",
    "y",
    "n",
    "null",
    "None",
    "1677551808",
    "2023-02-28T02:36:48Z",
    "2023-02-28t02:36:48z",
    "2023-02-28T02:36:48.123456789Z",
    "2023-02-28T02:36Z",
    "2023-02-28T02:36:48+0530",
    "2023-02-28T02:36:48+05",
    "SCAN_ON_PUSH",
    "scan_on_push",
    "ENHANCED",
    "BASIC",
    "enhanced",
]
_EDGE_VALUES = st.sampled_from(
    [
        *_EDGE_NUMBERS,
        True,
        False,
        None,
        *_EDGE_STRINGS,
        " 1",
        "",
        " ",
        "2023-02-28 02:36:48Z",
        *DATETIME_STRINGS,
        [],
        {},
        ["a"],
        {"a": 1},
    ]
)


def _leaves(info: mi.Type, doc: Any, path: tuple[Any, ...]) -> list[Any]:
    """``(path, required)`` of every value of ``doc`` the type describes."""
    while isinstance(info, mi.Metadata):
        info = info.type
    out: list[Any] = []
    if isinstance(info, mi.UnionType):
        for option in info.types:
            out += _leaves(option, doc, path)
    elif isinstance(info, mi.StructType) and isinstance(doc, dict):
        if info.tag_field is not None and info.tag_field in doc:
            out.append(((*path, info.tag_field), True))
        for field in info.fields:
            if field.encode_name in doc:
                here = (*path, field.encode_name)
                out.append((here, field.required))
                out += _leaves(field.type, doc[field.encode_name], here)
    elif isinstance(info, mi.ListType) and isinstance(doc, list):
        for index, item in enumerate(doc):
            out.append(((*path, index), True))
            out += _leaves(info.item_type, item, (*path, index))
    return out


@st.composite
def mistyped_documents(
    draw: st.DrawFn, cls: type[ebs.TypedEvent]
) -> tuple[dict[str, Any], tuple[Any, ...], Any]:
    """``(document, path, value)``: the JSON document of a valid event of
    ``cls`` with the value at ``path`` replaced by an edge value or any JSON
    value (usually one of the wrong type), or, with ``value`` the string
    ``"<missing>"``, a required key removed. The result may still be valid
    (a string where a string goes); compare validators on it."""
    doc, _ = draw(documents(cls))
    path, required = draw(st.sampled_from(_leaves(mi.type_info(cls), doc, ())))
    parent: Any = doc
    for key in path[:-1]:
        parent = parent[key]
    if required and isinstance(parent, dict) and draw(st.booleans()):
        del parent[path[-1]]
        return doc, path, "<missing>"
    value = draw(_EDGE_VALUES | json_values)
    parent[path[-1]] = value
    return doc, path, value
