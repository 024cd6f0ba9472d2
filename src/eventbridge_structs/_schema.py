# JSON Schema (Draft 2020-12) generation from msgspec Structs, following the
# conventions of pydantic 2's ``model_json_schema()`` (the generator behind
# botocraft's documented schemas): field titles from the JSON name, nullable
# fields as ``anyOf [..., {"type": "null"}]`` with their default, referenced
# Structs and Enums in ``$defs`` without a field title, and every object's
# keys sorted except those of ``properties`` and ``default``. Everything is
# read from the types through ``msgspec.inspect``; the public entry points
# are in :mod:`eventbridge_structs.schema`.
from __future__ import annotations

import dataclasses
import enum
import inspect
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
import msgspec.inspect as mi

from ._envelope import EventBridgeEvent

__all__ = [
    "SESSION_PROPERTY",
    "TOP_LEVEL_ORDER",
    "build",
    "description_of",
    "title_of",
]

JSON = dict[str, Any]

#: The ``session`` property botocraft's primary event models add (a boto3
#: session, excluded from serialization, hence "anything or null").
SESSION_PROPERTY: JSON = {
    "anyOf": [{}, {"type": "null"}],
    "default": None,
    "title": "Session",
}

#: The documented order of a schema's top-level keys; any other key follows
#: them, sorted.
TOP_LEVEL_ORDER = ("title", "description", "type", "properties", "$defs", "required")

# Keys whose dict values keep their insertion order when sorting (pydantic's
# ``GenerateJsonSchema.sort``).
_UNSORTED_PARENTS = frozenset({"properties", "default"})

_NUMBER_CONSTRAINTS = (
    ("ge", "minimum"),
    ("gt", "exclusiveMinimum"),
    ("le", "maximum"),
    ("lt", "exclusiveMaximum"),
    ("multiple_of", "multipleOf"),
)

# The docstring Python < 3.11 gives an Enum that has none of its own.
_ENUM_DEFAULT_DOC = "An enumeration."

_DEF_NAME_UNSAFE = re.compile(r"[^a-zA-Z0-9.\-_]")


def _own_info(cls: type[Any]) -> Any:
    """The class's own ``__schema__`` (a :class:`SchemaInfo`), or None."""
    return vars(cls).get("__schema__")


def title_of(cls: type[Any], *, raw: bool = False) -> str:
    """The title of ``cls``'s schema: its ``__schema__``'s ``raw_title``
    (for ``raw``) or ``title`` when set, else the class name."""
    info = _own_info(cls)
    if info is not None:
        if raw and info.raw_title is not None:
            return str(info.raw_title)
        if info.title is not None:
            return str(info.title)
    return cls.__name__


def description_of(cls: type[Any], *, raw: bool = False) -> str | None:
    """The description of ``cls``'s schema.

    The ``raw_description`` (for ``raw``) or ``description`` of the class's
    own ``__schema__`` when set, else its own docstring cleaned with
    :func:`inspect.cleandoc` (as pydantic does), else None. Inherited values
    are ignored, as an undocumented subclass has no docstring of its own
    either.
    """
    info = _own_info(cls)
    if info is not None:
        if raw and info.raw_description is not None:
            return str(info.raw_description) or None
        if info.description is not None:
            return str(info.description) or None
    own = vars(cls)
    doc = own.get("__doc__")
    if isinstance(cls, enum.EnumMeta) and doc == _ENUM_DEFAULT_DOC:
        return None
    if dataclasses.is_dataclass(cls) and doc == _dataclass_default_doc(cls):
        return None
    if isinstance(doc, str) and doc.strip():
        return inspect.cleandoc(doc)
    return None


def _envelope_order(cls: type[Any]) -> tuple[str, ...] | None:
    """An event class's documented envelope order: the ``order`` of the
    nearest ``__schema__`` in its MRO that sets one."""
    if not issubclass(cls, EventBridgeEvent):
        return None
    for klass in cls.__mro__:
        info = vars(klass).get("__schema__")
        if info is not None and info.order is not None:
            return tuple(info.order)
    return None


def _dataclass_default_doc(cls: type[Any]) -> str | None:
    # The docstring @dataclass gives a class that has none: its signature.
    try:
        signature = str(inspect.signature(cls)).replace(" -> None", "")
    except (TypeError, ValueError):
        return None
    return cls.__name__ + signature


def _title(json_name: str) -> str:
    # pydantic's default field title, computed from the alias.
    return json_name.title().replace("_", " ")


def _sorted(value: Any, parent_key: str | None = None) -> Any:
    if isinstance(value, dict):
        keys: Iterable[str] = value.keys()
        if parent_key not in _UNSORTED_PARENTS:
            keys = sorted(keys)
        return {key: _sorted(value[key], key) for key in keys}
    if isinstance(value, list):
        return [_sorted(item, parent_key) for item in value]
    return value


def _unwrap(t: mi.Type) -> mi.Type:
    while isinstance(t, mi.Metadata):
        t = t.type
    return t


def _is_reference(t: mi.Type) -> bool:
    return isinstance(
        t, (mi.StructType, mi.EnumType, mi.DataclassType, mi.TypedDictType)
    )


def _named(t: mi.Type) -> mi.Metadata | None:
    """The outermost ``Annotated[..., msgspec.Meta(title=..., extra=
    {"schema_def": True})]`` layer of ``t``: a named alias (pydantic's
    ``RootModel``), written under ``$defs`` and referenced."""
    while isinstance(t, mi.Metadata):
        if t.extra and t.extra.get("schema_def"):
            return t
        t = t.type
    return None


def _title_should_be_set(t: mi.Type) -> bool:
    # pydantic leaves the title off a field whose schema is a reference, or a
    # reference made nullable (``X | None``); anything else gets one.
    if _named(t) is not None:
        return False
    t = _unwrap(t)
    if _is_reference(t):
        return False
    if isinstance(t, mi.UnionType):
        others = [u for u in t.types if not isinstance(_unwrap(u), mi.NoneType)]
        if len(others) == 1 and len(others) < len(t.types):
            return _title_should_be_set(others[0])
    return True


def _json_type_of(values: Sequence[Any]) -> str | None:
    kinds = {type(v) for v in values}
    if kinds <= {str}:
        return "string"
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "integer"
    if kinds <= {int, float}:
        return "number"
    if kinds <= {type(None)}:
        return "null"
    return None


def _literal(values: Sequence[Any]) -> JSON:
    schema: JSON = {"const": values[0]} if len(values) == 1 else {"enum": list(values)}
    json_type = _json_type_of(values)
    if json_type is not None:
        schema["type"] = json_type
    return schema


def _length(schema: JSON, t: Any, low: str, high: str) -> JSON:
    if t.min_length is not None:
        schema[low] = t.min_length
    if t.max_length is not None:
        schema[high] = t.max_length
    return schema


def _base64_length(n: int) -> int:
    return 4 * math.ceil(n / 3)


class _Builder:
    """Builds one schema: the root object and the ``$defs`` it references."""

    def __init__(self, root: type[Any]) -> None:
        self.root = root
        self.root_is_referenced = False
        self.defs: dict[str, JSON] = {}
        self.names: dict[Any, str] = {}
        self.names[root] = self._unique_name(root)

    def _unique_name(self, cls: Any) -> str:
        title = title_of(cls) if isinstance(cls, type) else repr(cls)
        name = _DEF_NAME_UNSAFE.sub("_", title)
        if name in self.names.values():
            # Two classes share a name: qualify this one with its module.
            qualified = f"{cls.__module__}.{cls.__qualname__}".replace(".", "__")
            name = _DEF_NAME_UNSAFE.sub("_", qualified)
        return name

    # --- references -----------------------------------------------------------

    def reference(self, t: mi.Type) -> JSON:
        cls = t.cls  # type: ignore[attr-defined]
        if cls is self.root:
            self.root_is_referenced = True
            return {"$ref": f"#/$defs/{self.names[cls]}"}
        name = self.names.get(cls)
        if name is None:
            name = self.names[cls] = self._unique_name(cls)
            self.defs[name] = {}  # reserved: a recursive type refers to itself
            if isinstance(t, mi.EnumType):
                self.defs[name] = self.enum(t.cls)
            else:
                assert isinstance(
                    t, (mi.StructType, mi.DataclassType, mi.TypedDictType)
                )
                self.defs[name] = self.object(t)
        return {"$ref": f"#/$defs/{name}"}

    def named(self, t: mi.Metadata) -> JSON:
        """A reference to a named alias's definition."""
        meta = t.extra_json_schema or {}
        name = _DEF_NAME_UNSAFE.sub("_", str(meta.get("title", "Alias")))
        if name not in self.defs:
            self.defs[name] = {}  # reserved, as for a class
            schema = self.type(_unwrap(t))
            schema.update(meta)
            self.defs[name] = schema
        return {"$ref": f"#/$defs/{name}"}

    def enum(self, cls: type[enum.Enum]) -> JSON:
        values = [member.value for member in cls]
        schema: JSON = {"title": title_of(cls)}
        description = description_of(cls)
        if description is not None:
            schema["description"] = description
        schema["enum"] = values
        json_type = _json_type_of(values)
        if json_type is not None:
            schema["type"] = json_type
        return schema

    # --- objects --------------------------------------------------------------

    def object(
        self,
        t: mi.StructType | mi.DataclassType | mi.TypedDictType,
        *,
        description: str | None = None,
        title: str | None = None,
        session: bool = False,
    ) -> JSON:
        cls = t.cls
        if isinstance(t, mi.StructType) and t.array_like:
            raise TypeError(
                f"{cls.__name__} is an array_like Struct; JSON Schemas are "
                "generated for Structs encoded as JSON objects only"
            )
        properties: dict[str, JSON] = {}
        required: list[str] = []
        tag_field = getattr(t, "tag_field", None)
        if tag_field is not None and issubclass(cls, EventBridgeEvent):
            # A typed event's detail-type is its tag: documented as a string.
            properties[tag_field] = {"title": _title(tag_field), "type": "string"}
            required.append(tag_field)
        elif tag_field is not None:
            # msgspec writes a tagged Struct's tag first, as a constant.
            tag_schema = _literal([t.tag])  # type: ignore[union-attr]
            tag_schema["title"] = _title(tag_field)
            properties[tag_field] = tag_schema
            required.append(tag_field)
        fields = t.fields
        if isinstance(t, mi.TypedDictType):
            # msgspec lists a TypedDict's keys sorted; document them in
            # their declared order.
            declared = list(getattr(cls, "__annotations__", {}))
            fields = tuple(
                sorted(fields, key=lambda f: declared.index(f.name))
                if all(f.name in declared for f in fields)
                else fields
            )
        for field in fields:
            properties[field.encode_name] = self.field(field)
            if field.required:
                required.append(field.encode_name)
        order = _envelope_order(cls)
        if order is not None:
            # The documented envelope order; other fields keep theirs, after.
            rank = {name: i for i, name in enumerate(order)}
            names = sorted(properties, key=lambda name: rank.get(name, len(rank)))
            properties = {name: properties[name] for name in names}
            required.sort(key=lambda name: rank.get(name, len(rank)))
        if session:
            properties["session"] = dict(SESSION_PROPERTY)
        schema: JSON = {"title": title or title_of(cls)}
        if description is None and cls is not self.root:
            description = description_of(cls)
        if description is not None:
            schema["description"] = description
        schema["type"] = "object"
        schema["properties"] = properties
        if required:
            schema["required"] = required
        if getattr(t, "forbid_unknown_fields", False):
            schema["additionalProperties"] = False
        info = _own_info(cls)
        if info is not None and info.extra_fields:
            schema["additionalProperties"] = True
        return schema

    def field(self, field: mi.Field) -> JSON:
        named = _named(field.type)
        schema = self.named(named) if named else self.type(_unwrap(field.type))
        if _title_should_be_set(field.type):
            schema["title"] = _title(field.encode_name)
        if not field.required and field.default is not msgspec.NODEFAULT:
            # A default_factory's value is not documented, as in pydantic.
            schema["default"] = msgspec.to_builtins(field.default)
        self.annotate(schema, field.type)
        return schema

    def annotate(self, schema: JSON, t: mi.Type) -> None:
        # ``Annotated[..., msgspec.Meta(title=, description=, examples=,
        # extra_json_schema=)]`` metadata, outermost last.
        layers = []
        while isinstance(t, mi.Metadata):
            layers.append(t)
            t = t.type
        for layer in reversed(layers):
            if layer.extra_json_schema:
                schema.update(layer.extra_json_schema)

    # --- types ----------------------------------------------------------------

    def type(self, t: mi.Type) -> JSON:
        schema: JSON
        named = _named(t)
        if named is not None:
            return self.named(named)
        if isinstance(t, mi.Metadata):
            schema = self.type(_unwrap(t))
            self.annotate(schema, t)
            return schema
        if isinstance(t, (mi.AnyType, mi.RawType)):
            return {}
        if isinstance(t, mi.NoneType):
            return {"type": "null"}
        if isinstance(t, mi.BoolType):
            return {"type": "boolean"}
        if isinstance(t, (mi.IntType, mi.FloatType)):
            number = "integer" if isinstance(t, mi.IntType) else "number"
            schema = {"type": number}
            for attr, keyword in _NUMBER_CONSTRAINTS:
                bound = getattr(t, attr)
                if bound is not None:
                    schema[keyword] = bound
            return schema
        if isinstance(t, mi.StrType):
            schema = _length({"type": "string"}, t, "minLength", "maxLength")
            if t.pattern is not None:
                schema["pattern"] = t.pattern
            return schema
        if isinstance(t, (mi.BytesType, mi.ByteArrayType, mi.MemoryViewType)):
            # msgspec writes binary data as base64 text.
            schema = {"contentEncoding": "base64", "type": "string"}
            if t.min_length is not None:
                schema["minLength"] = _base64_length(t.min_length)
            if t.max_length is not None:
                schema["maxLength"] = _base64_length(t.max_length)
            return schema
        if isinstance(t, mi.DateTimeType):
            return {"format": "date-time", "type": "string"}
        if isinstance(t, mi.DateType):
            return {"format": "date", "type": "string"}
        if isinstance(t, mi.TimeType):
            return {"format": "time", "type": "string"}
        if isinstance(t, mi.TimeDeltaType):
            return {"format": "duration", "type": "string"}
        if isinstance(t, mi.UUIDType):
            return {"format": "uuid", "type": "string"}
        if isinstance(t, mi.DecimalType):
            return {"anyOf": [{"type": "number"}, {"type": "string"}]}
        if isinstance(t, (mi.ListType, mi.VarTupleType, mi.SetType, mi.FrozenSetType)):
            schema = {"items": self.type(t.item_type), "type": "array"}
            if isinstance(t, (mi.SetType, mi.FrozenSetType)):
                schema["uniqueItems"] = True
            return _length(schema, t, "minItems", "maxItems")
        if isinstance(t, mi.TupleType):
            items = [self.type(item) for item in t.item_types]
            return {
                "maxItems": len(items),
                "minItems": len(items),
                "prefixItems": items,
                "type": "array",
            }
        if isinstance(t, mi.NamedTupleType):
            items = [self.type(field.type) for field in t.fields]
            required = sum(1 for field in t.fields if field.required)
            return {
                "maxItems": len(items),
                "minItems": required,
                "prefixItems": items,
                "type": "array",
            }
        if isinstance(t, (mi.DictType, mi.FrozenDictType)):
            value = self.type(t.value_type)
            schema = {"additionalProperties": value or True, "type": "object"}
            key = self.type(t.key_type)
            if key.get("type") == "string" and key != {"type": "string"}:
                schema["propertyNames"] = key
            return _length(schema, t, "minProperties", "maxProperties")
        if isinstance(t, mi.LiteralType):
            values = list(t.values)
            if None in values:
                values.remove(None)
                return {"anyOf": [_literal(values), {"type": "null"}]}
            return _literal(values)
        if isinstance(t, mi.UnionType):
            return {"anyOf": [self.type(member) for member in t.types]}
        if _is_reference(t):
            return self.reference(t)
        raise TypeError(f"no JSON Schema for {t!r}")


def build(cls: type[Any], *, raw: bool) -> JSON:
    """The JSON Schema of the Struct (or dataclass, or TypedDict) ``cls``.

    ``raw`` selects the raw variant: for an event, no ``session`` property
    and the raw description.
    """
    info = mi.type_info(cls)
    if not isinstance(info, (mi.StructType, mi.DataclassType, mi.TypedDictType)):
        raise TypeError(
            f"expected an event or detail type (a msgspec Struct class), got {cls!r}"
        )
    builder = _Builder(cls)
    event = issubclass(cls, EventBridgeEvent)
    root = builder.object(
        info,
        description=description_of(cls, raw=raw),
        title=title_of(cls, raw=raw),
        session=event and not raw,
    )
    if builder.root_is_referenced:
        # A recursive root is itself a definition, as pydantic writes it.
        builder.defs[builder.names[cls]] = root
        root = {"$ref": f"#/$defs/{builder.names[cls]}"}
    if builder.defs:
        root["$defs"] = builder.defs
    return _ordered(root)


def _ordered(schema: JSON) -> JSON:
    # Sort as pydantic does, then put the top level in the documented order.
    ordered: JSON = _sorted(schema)
    top = [key for key in TOP_LEVEL_ORDER if key in ordered]
    top += sorted(key for key in ordered if key not in TOP_LEVEL_ORDER)
    return {key: ordered[key] for key in top}
