# The pydantic model API that botocraft's documented models offer
# (``model_validate``, ``model_dump``, ``model_dump_json``, ``model_copy``,
# ``model_construct``, ``model_json_schema`` and the deprecated v1 names),
# implemented on msgspec for every Struct of this package. The semantics are
# pydantic 2's, as botocraft 0.36.0 runs them (pydantic-core's include/exclude
# filter rules, its JSON formatting of floats and datetimes); the remaining
# differences are listed in MIGRATING.md.
#
# Nothing here runs when ``decode`` builds an event: the methods live on the
# class, and the fields-set bookkeeping that ``exclude_unset`` needs is
# written only by these slow paths, into the instance ``__dict__`` of Structs
# declared with ``dict=True`` (the compat classes). A Struct without one
# reports as set its required fields and those that differ from their
# defaults.
from __future__ import annotations

import datetime as dt
import enum
import keyword
import math
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

import msgspec
import msgspec.inspect as mi

from ._errors import MSGSPEC_ERRORS, DecodeError, from_msgspec

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["FIELDS_SET_KEY", "dump_json_text", "fields_set_tree"]

_M = TypeVar("_M", bound="_PydanticAPI")

#: The instance ``__dict__`` key holding the fields-set tree of a Struct
#: declared with ``dict=True``.
FIELDS_SET_KEY = "__pydantic_fields_set__"

#: A fields-set tree: the Python names set on a Struct, and the trees of
#: its Struct-valued fields (a tree, a list of trees for a list, a dict of
#: trees for a dict).
Tree = tuple[frozenset[str], dict[str, Any]]

_NODEFAULT: Any = msgspec.NODEFAULT


# --- Per-class plans -------------------------------------------------------------


class _Field(NamedTuple):
    name: str
    alias: str
    required: bool
    default: Any
    factory: Any
    #: For the ``detail-type`` of a tagged event: the class tag (the value).
    tag: str | None


class _Plan(NamedTuple):
    fields: tuple[_Field, ...]
    #: JSON name -> Python name, for the tagged field too.
    by_alias: dict[str, str]
    #: Python names of the real Struct fields.
    names: frozenset[str]
    required: frozenset[str]


_PLANS: dict[type[Any], _Plan] = {}


def _plan(cls: type[Any]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _build_plan(cls)
    return plan


def _build_plan(cls: type[Any]) -> _Plan:
    fields = [
        _Field(
            f.name,
            f.encode_name,
            f.required,
            f.default,
            f.default_factory,
            None,
        )
        for f in msgspec.structs.fields(cls)
    ]
    names = frozenset(f.name for f in fields)
    config = cls.__struct_config__
    if isinstance(config.tag, str) and config.tag_field is not None:
        fields.insert(
            0,
            _Field(
                config.tag_field.replace("-", "_"),
                config.tag_field,
                True,
                _NODEFAULT,
                _NODEFAULT,
                config.tag,
            ),
        )
    order = getattr(cls, "__schema_order__", None)
    if order:
        rank = {alias: i for i, alias in enumerate(order)}
        fields.sort(key=lambda f: rank.get(f.alias, len(rank)))
    return _Plan(
        tuple(fields),
        {f.alias: f.name for f in fields},
        names,
        frozenset(f.name for f in fields if f.required),
    )


def _default(field: _Field) -> Any:
    if field.factory is not _NODEFAULT:
        return field.factory()
    return field.default


# --- Fields set ------------------------------------------------------------------


def _derived(obj: Any) -> Tree:
    """The fields set of a Struct with no record: required fields, and
    fields whose value differs from the default."""
    plan = _plan(type(obj))
    names = set(plan.required)
    for f in plan.fields:
        if not f.required and f.tag is None:
            try:
                if getattr(obj, f.name) != _default(f):
                    names.add(f.name)
            except Exception:  # an uncomparable value counts as set
                names.add(f.name)
    return frozenset(names), {}


def _tree_of(obj: Any) -> Tree:
    state = getattr(obj, "__dict__", None)
    if state is not None:
        tree = state.get(FIELDS_SET_KEY)
        if tree is not None:
            return tree  # type: ignore[no-any-return]
    return _derived(obj)


_INFOS: dict[type[Any], mi.StructType] = {}


def _info(cls: type[Any]) -> mi.StructType:
    info = _INFOS.get(cls)
    if info is None:
        found = mi.type_info(cls)
        assert isinstance(found, mi.StructType)
        info = _INFOS[cls] = found
    return info


def _is_mapping(value: Any) -> bool:
    # A dict (nearly always) without the ABC check's cost.
    return type(value) is dict or isinstance(value, Mapping)


#: Builds the fields-set tree of a value from its document, or None.
_Builder = Callable[[Any], Any]

#: Per Struct class: (JSON name -> Python name, builders of the fields whose
#: type holds a Struct, the tag's Python name).
_TREE_PLANS: dict[type[Any], tuple[dict[str, str], tuple[Any, ...], str | None]] = {}


def _builder(t: mi.Type) -> _Builder | None:
    """The tree builder for values of type ``t``; None when ``t`` holds no
    Struct (most fields: nothing to record below them)."""
    while isinstance(t, mi.Metadata):
        t = t.type
    if isinstance(t, mi.StructType):
        cls = t.cls
        return lambda doc: _struct_tree(cls, doc) if _is_mapping(doc) else None
    if isinstance(t, mi.UnionType):
        options = [b for b in map(_builder, t.types) if b is not None]
        if not options:
            return None

        def union(doc: Any) -> Any:
            for option in options:
                found = option(doc)
                if found is not None:
                    return found
            return None

        return union
    if isinstance(t, (mi.ListType, mi.VarTupleType, mi.SetType, mi.FrozenSetType)):
        item = _builder(t.item_type)
        if item is None:
            return None

        def items(doc: Any) -> Any:
            if not isinstance(doc, (list, tuple)):
                return None
            found = [item(x) for x in doc]
            return found if any(x is not None for x in found) else None

        return items
    if isinstance(t, mi.DictType):
        value = _builder(t.value_type)
        if value is None:
            return None

        def values(doc: Any) -> Any:
            if not _is_mapping(doc):
                return None
            found = {k: value(v) for k, v in doc.items()}
            return {k: v for k, v in found.items() if v is not None} or None

        return values
    return None


def _struct_tree(cls: type[Any], doc: Mapping[str, Any]) -> Tree:
    plan = _TREE_PLANS.get(cls)
    if plan is None:
        info = _info(cls)
        tag = info.tag_field.replace("-", "_") if info.tag_field else None
        builders = []
        for f in info.fields:
            built = _builder(f.type)
            if built is not None:
                builders.append((f.encode_name, f.name, built))
        names_of = {f.encode_name: f.name for f in info.fields}
        if info.tag_field is not None and tag is not None:
            names_of[info.tag_field] = tag
        plan = _TREE_PLANS[cls] = (names_of, tuple(builders), tag)
    names_of, nested, _ = plan
    names = frozenset([names_of[k] for k in doc if k in names_of])
    children: dict[str, Any] = {}
    for alias, name, built in nested:
        if alias in doc:
            child = built(doc[alias])
            if child is not None:
                children[name] = child
    return names, children


def fields_set_tree(cls: type[Any], doc: Any) -> Tree | None:
    """The fields-set tree of a ``cls`` instance validated from ``doc``
    (JSON names), or None when ``doc`` is not a mapping."""
    if not _is_mapping(doc):
        return None
    return _struct_tree(cls, doc)


def _remember(obj: Any, tree: Tree | None, extra: Mapping[str, Any]) -> None:
    """Record the fields set (and extra attributes such as ``session``) in
    the instance ``__dict__``, when the Struct has one."""
    state = getattr(obj, "__dict__", None)
    if state is None:
        return
    if tree is None:
        tree = _derived(obj)
    if extra:
        state.update(extra)
        tree = (tree[0] | extra.keys(), tree[1])
    state[FIELDS_SET_KEY] = tree


# --- include / exclude -------------------------------------------------------------
# pydantic-core's filter rules (serializers/filter.rs): a set names what to
# keep/drop; a dict maps a key to True/... (the whole value) or to a nested
# filter; "__all__" applies to every key; list indexes may be negative.

_ALL = "__all__"
_Next = tuple[Any, Any]


def _ellipsis_like(value: Any) -> bool:
    return value is Ellipsis or value is True


def _as_dict(value: Any) -> dict[Any, Any]:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        return dict.fromkeys(value, Ellipsis)
    raise TypeError(
        "`include` and `exclude` must be of type "
        "`dict[str | int, <recursive> | ...] | set[str | int | ...]`"
    )


def _merge_dicts(item: dict[Any, Any], all_value: Any) -> dict[Any, Any]:
    merged = dict(item)
    if isinstance(all_value, dict):
        for key, value in all_value.items():
            if key in merged:
                if _ellipsis_like(merged[key]):
                    continue
                nested = _as_dict(merged[key])
                if not _ellipsis_like(value):
                    merged[key] = _merge_dicts(nested, value)
            else:
                merged[key] = value
    elif isinstance(all_value, (set, frozenset)):
        for key in all_value:
            if key not in merged:
                merged[key] = Ellipsis
    else:
        raise TypeError(
            "'__all__' key of `include` and `exclude` must be of type "
            "`dict[str | int, <recursive> | ...] | set[str | int | ...]`"
        )
    return merged


def _merge_all(filt: dict[Any, Any], key: Any) -> Any:
    item = filt.get(key, _NODEFAULT)
    everything = filt.get(_ALL, _NODEFAULT)
    if item is not _NODEFAULT and everything is not _NODEFAULT:
        if _ellipsis_like(item) or _ellipsis_like(everything):
            return item
        return _merge_dicts(_as_dict(item), everything)
    return item if item is not _NODEFAULT else everything


def _contains(filt: Any, key: Any) -> bool | None:
    try:
        return bool(key in filt or _ALL in filt)
    except TypeError:
        return None


def _filter(key: Any, include: Any, exclude: Any) -> _Next | None:
    """None to omit ``key``; else the include and exclude for its value."""
    next_exclude = None
    if exclude is not None:
        if isinstance(exclude, dict):
            value = _merge_all(exclude, key)
            if value is not _NODEFAULT:
                if _ellipsis_like(value):
                    return None
                next_exclude = value
        elif isinstance(exclude, (set, frozenset)):
            if key in exclude or _ALL in exclude:
                return None
        else:
            found = _contains(exclude, key)
            if found is None:
                raise TypeError("`exclude` argument must be a set or dict.")
            if found:
                return None
    if include is not None:
        if isinstance(include, dict):
            value = _merge_all(include, key)
            if value is _NODEFAULT:
                return None
            return (None if _ellipsis_like(value) else value), next_exclude
        if isinstance(include, (set, frozenset)):
            if key in include or _ALL in include:
                return None, next_exclude
            return None
        found = _contains(include, key)
        if found is None:
            raise TypeError("`include` argument must be a set or dict.")
        return (None, next_exclude) if found else None
    return None, next_exclude


def _negative(filt: Any, length: int) -> Any:
    if isinstance(filt, dict):
        return {
            (k % length if isinstance(k, int) and length else k): v
            for k, v in filt.items()
        }
    if isinstance(filt, (set, frozenset)):
        return {k % length if isinstance(k, int) and length else k for k in filt}
    return filt


# --- Serialization -------------------------------------------------------------------


def _float_text(value: float) -> bytes:
    """A float as pydantic writes it in JSON: shortest round-trip digits,
    an explicit ``+`` on positive exponents (``1e+16``), ``null`` for NaN
    and infinities."""
    if not math.isfinite(value):
        return b"null"
    text = msgspec.json.encode(value)
    if b"e" in text and b"e-" not in text:
        text = text.replace(b"e", b"e+")
    return text


_UTC = dt.timezone.utc
_ENCODE = msgspec.json.encode


def _whole_minutes(value: dt.datetime) -> bool:
    """Whether msgspec writes ``value`` as pydantic does: naive, or an
    offset of whole minutes (msgspec rounds seconds, pydantic truncates)."""
    tz = value.tzinfo
    if tz is None or tz is _UTC:
        return True
    offset = value.utcoffset()
    return offset is None or not (offset.seconds % 60 or offset.microseconds)


def _iso(value: dt.datetime) -> str:
    """A datetime as pydantic writes it in JSON: microseconds only when not
    zero, ``Z`` for a zero offset, offsets truncated to minutes."""
    if _whole_minutes(value):
        return _ENCODE(value)[1:-1].decode()
    text = value.replace(tzinfo=None).isoformat()
    offset = value.utcoffset()
    assert offset is not None
    # pydantic keeps the offset as whole seconds (rounded), writes "Z" only
    # when that is zero, and drops the seconds when writing.
    seconds = _round_half_away(offset.total_seconds())
    if not seconds:
        return text + "Z"
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{text}{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _round_half_away(value: float) -> int:
    return math.floor(abs(value) + 0.5) * (-1 if value < 0 else 1)


def _json_key(key: Any) -> Any:
    if isinstance(key, str):
        return key
    if isinstance(key, enum.Enum):
        return _json_key(key.value)
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, float):
        return _float_text(key).decode()
    if isinstance(key, int):
        return str(key)
    if key is None:
        return "None"
    raise TypeError(f"Unable to serialize unknown type as a key: {type(key)!r}")


class _Dumper:
    """One ``model_dump`` call's options."""

    __slots__ = (
        "by_alias",
        "exclude_defaults",
        "exclude_none",
        "exclude_unset",
        "json",
        "raw_floats",
    )

    def __init__(
        self,
        *,
        json: bool,
        raw_floats: bool,
        by_alias: bool,
        exclude_none: bool,
        exclude_defaults: bool,
        exclude_unset: bool,
    ) -> None:
        self.json = json
        self.raw_floats = raw_floats
        self.by_alias = by_alias
        self.exclude_none = exclude_none
        self.exclude_defaults = exclude_defaults
        self.exclude_unset = exclude_unset

    def struct(self, obj: Any, include: Any, exclude: Any, tree: Any) -> dict[str, Any]:
        plan = _plan(type(obj))
        if tree is None and self.exclude_unset:
            tree = _tree_of(obj)
        fields_set, children = tree if tree is not None else (None, None)
        filtered = include is not None or exclude is not None
        out: dict[str, Any] = {}
        for f in plan.fields:
            if (
                self.exclude_unset
                and fields_set is not None
                and f.name not in fields_set
            ):
                continue
            value = f.tag if f.tag is not None else getattr(obj, f.name)
            if self.exclude_none and value is None:
                continue
            next_include = next_exclude = None
            if filtered:
                found = _filter(f.name, include, exclude)
                if found is None:
                    continue
                next_include, next_exclude = found
            if self.exclude_defaults and not f.required and value == _default(f):
                continue
            child = children.get(f.name) if children else None
            key = f.alias if self.by_alias else f.name
            out[key] = self.value(value, next_include, next_exclude, child)
        return out

    def value(self, value: Any, include: Any, exclude: Any, tree: Any) -> Any:
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            return value
        if kind is float:
            if self.raw_floats:
                return msgspec.Raw(_float_text(value))
            return value  # pydantic's "json" mode keeps NaN and infinities
        if hasattr(kind, "__struct_fields__"):
            return self.struct(value, include, exclude, tree)
        if isinstance(value, enum.Enum):
            if self.json:
                return self.value(value.value, include, exclude, None)
            return value
        if isinstance(value, dt.datetime):
            return _iso(value) if self.json else value
        if isinstance(value, dict):
            return self._dict(value, include, exclude, tree)
        if isinstance(value, (list, tuple)):
            items = self._items(value, include, exclude, tree)
            return items if self.json or isinstance(value, list) else tuple(items)
        if isinstance(value, (set, frozenset)):
            items = self._items(list(value), include, exclude, None)
            return items if self.json else type(value)(items)
        if isinstance(value, str):  # subclasses of the JSON scalars
            return self.value(str(value), include, exclude, tree)
        if isinstance(value, int):
            return self.value(int(value), include, exclude, tree)
        if isinstance(value, float):
            return self.value(float(value), include, exclude, tree)
        if self.json:
            raise TypeError(f"Unable to serialize unknown type: {kind!r}")
        return value

    def _dict(
        self, value: dict[Any, Any], include: Any, exclude: Any, tree: Any
    ) -> dict[Any, Any]:
        filtered = include is not None or exclude is not None
        children = tree if isinstance(tree, dict) else None
        out = {}
        for key, item in value.items():
            next_include = next_exclude = None
            if filtered:
                found = _filter(key, include, exclude)
                if found is None:
                    continue
                next_include, next_exclude = found
            child = children.get(key) if children else None
            out[_json_key(key) if self.json else key] = self.value(
                item, next_include, next_exclude, child
            )
        return out

    def _items(
        self, value: list[Any] | tuple[Any, ...], include: Any, exclude: Any, tree: Any
    ) -> list[Any]:
        children = tree if isinstance(tree, list) else None
        if include is None and exclude is None:
            if children is None:
                return [self.value(item, None, None, None) for item in value]
            return [
                self.value(item, None, None, child)
                for item, child in zip(value, children, strict=True)
            ]
        include = _negative(include, len(value))
        exclude = _negative(exclude, len(value))
        out = []
        for index, item in enumerate(value):
            found = _filter(index, include, exclude)
            if found is None:
                continue
            child = children[index] if children else None
            out.append(self.value(item, found[0], found[1], child))
        return out


# --- The unfiltered dump, compiled per class --------------------------------------
# Without include/exclude/exclude_* (the common call), each class gets a
# dump function built once from its field types: values that need no change
# are copied as they are, the rest go through a converter chosen for their
# type. Anything of an unexpected type (model_construct takes values
# unchecked) falls back to the general dumper.

#: (class, json, raw floats, by alias) -> dump function.
_FAST: dict[tuple[type[Any], bool, bool, bool], Callable[[Any], dict[str, Any]]] = {}
_Converter = Callable[[Any], Any]
#: The dumpers (they hold only their options), by options.
_DUMPERS: dict[tuple[bool, ...], _Dumper] = {}


def _converter(t: mi.Type, dumper: _Dumper) -> _Converter | None:
    """How to dump a value of type ``t``; None to keep it as it is."""
    while isinstance(t, mi.Metadata):
        t = t.type
    general = dumper.value

    def fallback(value: Any) -> Any:
        return general(value, None, None, None)

    if isinstance(t, (mi.StrType, mi.BoolType, mi.IntType, mi.NoneType)):
        return None
    if isinstance(t, mi.FloatType):
        if not dumper.raw_floats:
            return None
        return lambda v: (
            msgspec.Raw(_float_text(v)) if type(v) is float else fallback(v)
        )
    if isinstance(t, mi.DateTimeType):
        if not dumper.json:
            return None
        if dumper.raw_floats:  # JSON text: msgspec writes it, as pydantic would
            return lambda v: (
                v if type(v) is dt.datetime and _whole_minutes(v) else fallback(v)
            )
        return lambda v: _iso(v) if isinstance(v, dt.datetime) else fallback(v)
    if isinstance(t, mi.EnumType):
        if not dumper.json:
            return None
        return lambda v: (
            v.value if type(v) is t.cls and type(v.value) is str else fallback(v)
        )
    if isinstance(t, mi.StructType):
        cls = t.cls
        built: list[Callable[[Any], dict[str, Any]]] = []

        def nested(v: Any) -> Any:
            if type(v) is not cls:
                return fallback(v)
            if not built:  # on first use: a Struct may contain itself
                built.append(_fast(cls, dumper))
            return built[0](v)

        return nested
    if isinstance(t, mi.UnionType):
        options = [o for o in t.types if not isinstance(o, mi.NoneType)]
        if len(options) == 1 and len(t.types) == 2:
            inner = _converter(options[0], dumper)
            if inner is None:
                return None
            return lambda v: None if v is None else inner(v)
        return fallback
    if isinstance(t, mi.ListType):
        item = _converter(t.item_type, dumper)
        if item is None:
            return lambda v: list(v) if type(v) is list else fallback(v)
        return lambda v: [item(x) for x in v] if type(v) is list else fallback(v)
    return fallback


def _fast(cls: type[Any], dumper: _Dumper) -> Callable[[Any], dict[str, Any]]:
    key = (cls, dumper.json, dumper.raw_floats, dumper.by_alias)
    found = _FAST.get(key)
    if found is not None:
        return found
    # The function is generated as one dict display (the fastest Python
    # can build a dict): constants for the tag, attribute reads, converter
    # calls. Only field names and converters chosen above go into it.
    types = {f.name: f.type for f in _info(cls).fields}
    namespace: dict[str, Any] = {"_getattr": getattr}
    items = []
    for i, f in enumerate(_plan(cls).fields):
        out_key = f.alias if dumper.by_alias else f.name
        if f.tag is not None:
            namespace[f"_v{i}"] = f.tag
            value = f"_v{i}"
        else:
            namespace[f"_n{i}"] = f.name
            read = (
                f"obj.{f.name}"
                if f.name.isidentifier() and not keyword.iskeyword(f.name)
                else f"_getattr(obj, _n{i})"
            )
            convert = _converter(types[f.name], dumper)
            if convert is None:
                value = read
            else:
                namespace[f"_c{i}"] = convert
                value = f"_c{i}({read})"
        namespace[f"_k{i}"] = out_key
        items.append(f"_k{i}: {value}")
    source = "def dump(obj):\n    return {" + ", ".join(items) + "}\n"
    exec(compile(source, f"<model_dump of {cls.__qualname__}>", "exec"), namespace)
    dump: Callable[[Any], dict[str, Any]] = namespace["dump"]
    _FAST[key] = dump
    return dump


def _dump(
    obj: Any,
    *,
    json: bool,
    raw_floats: bool,
    by_alias: bool,
    include: Any,
    exclude: Any,
    exclude_none: bool,
    exclude_defaults: bool,
    exclude_unset: bool,
) -> dict[str, Any]:
    options = (
        json,
        raw_floats,
        by_alias,
        exclude_none,
        exclude_defaults,
        exclude_unset,
    )
    dumper = _DUMPERS.get(options)
    if dumper is None:
        dumper = _DUMPERS[options] = _Dumper(
            json=json,
            raw_floats=raw_floats,
            by_alias=by_alias,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
            exclude_unset=exclude_unset,
        )
    if (
        include is None
        and exclude is None
        and not (exclude_none or exclude_defaults or exclude_unset)
    ):
        return _fast(type(obj), dumper)(obj)
    return dumper.struct(obj, include, exclude, None)


def dump_json_text(value: Any, indent: int | None) -> str:
    """JSON text of builtins (floats as ``msgspec.Raw``), formatted as
    pydantic formats it: compact, or ``indent`` spaces per level."""
    data = msgspec.json.encode(value)
    if indent is None:
        return data.decode()
    if indent <= 0:
        # pydantic puts every item on its own line, unindented.
        pretty = msgspec.json.format(data, indent=1).decode()
        return "\n".join(line.lstrip(" ") for line in pretty.split("\n"))
    return msgspec.json.format(data, indent=indent).decode()


# --- Validation -------------------------------------------------------------------


_DECODERS: dict[type[Any], msgspec.json.Decoder[Any]] = {}


class _NeverTag(msgspec.Struct, tag_field="detail-type", tag="\x00never"):
    """Makes a union with a tagged event class, so that decoding requires
    its ``detail-type`` key (a lone tagged class accepts its absence)."""


def _decoder(cls: type[Any]) -> msgspec.json.Decoder[Any]:
    decoder = _DECODERS.get(cls)
    if decoder is None:
        config = cls.__struct_config__
        target: Any = cls
        if config.tag_field == "detail-type" and isinstance(config.tag, str):
            target = cls | _NeverTag
        decoder = _DECODERS[cls] = msgspec.json.Decoder(target)
    return decoder


def _check_tag(cls: type[Any], obj: Any) -> None:
    config = cls.__struct_config__
    field = config.tag_field
    if field is not None and _is_mapping(obj) and field not in obj:
        raise DecodeError(f"Object missing required field `{field}`", f"$.{field}")


_BASES: list[type[Any]] = []


def _bases() -> list[type[Any]]:
    """EventBridgeEvent, TypedEvent, GenericEvent (imported on first use:
    ``_envelope`` imports this module)."""
    if not _BASES:
        from ._envelope import EventBridgeEvent, GenericEvent, TypedEvent

        _BASES.extend((EventBridgeEvent, TypedEvent, GenericEvent))
    return _BASES


def _dispatch_target(cls: type[Any], detail_type: Any, source: Any) -> type[Any]:
    """For the abstract bases, the class the routing key picks."""
    bases = _BASES or _bases()
    if cls is not bases[0] and cls is not bases[1]:
        return cls
    _, typed_event, generic_event = bases
    from ._registry import event_type_for

    found = None
    if isinstance(source, str) and isinstance(detail_type, str):
        found = event_type_for(source, detail_type)
    if found is not None:
        return found
    if cls is typed_event:
        raise DecodeError(
            f"No event type is registered for source {source!r} and "
            f"detail-type {detail_type!r}"
        )
    return generic_event


def _extra_attrs(cls: type[Any], doc: Any) -> dict[str, Any]:
    names: tuple[str, ...] = getattr(cls, "__pydantic_extra_attrs__", ())
    if not names or not _is_mapping(doc):
        return {}
    return {name: doc[name] for name in names if name in doc}


def _validate_python(cls: type[_M], obj: Any, *, strings: bool = False) -> _M:
    if isinstance(obj, cls):
        return obj
    if _is_mapping(obj):
        cls = _dispatch_target(cls, obj.get("detail-type"), obj.get("source"))
    _check_tag(cls, obj)
    data = _coerce_strings(_info(cls), obj, "$") if strings else obj
    try:
        result: _M = msgspec.convert(data, cls)
    except MSGSPEC_ERRORS as exc:
        raise from_msgspec(exc) from exc
    if getattr(result, "__dict__", None) is not None:
        _remember(result, fields_set_tree(cls, obj), _extra_attrs(cls, obj))
    return result


class _Key(msgspec.Struct):
    source: Any = None
    detail_type: Any = msgspec.field(name="detail-type", default=None)


_KEY = msgspec.json.Decoder(_Key)


def _validate_json(cls: type[_M], data: str | bytes | bytearray) -> _M:
    try:
        bases = _BASES or _bases()
        if cls is bases[0] or cls is bases[1]:
            key = _KEY.decode(data)
            cls = _dispatch_target(cls, key.detail_type, key.source)
        result: _M = _decoder(cls).decode(data)
        if getattr(result, "__dict__", None) is not None:
            doc = msgspec.json.decode(data)
            _remember(result, fields_set_tree(cls, doc), _extra_attrs(cls, doc))
    except MSGSPEC_ERRORS as exc:
        raise from_msgspec(exc) from exc
    return result


_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def _coerce_strings(t: mi.Type, value: Any, path: str) -> Any:
    """pydantic's strings mode: every leaf is a string, parsed into the
    field's type (numbers as Python parses them, booleans from
    true/false/yes/no/on/off/1/0/t/f/y/n); datetimes and enums stay strings
    for msgspec to parse. Objects and (unlike pydantic) lists hold leaves.

    Raises
    ------
    DecodeError
        For a leaf that is not a string, or does not parse.
    """
    while isinstance(t, mi.Metadata):
        t = t.type
    if isinstance(t, mi.UnionType):
        error: DecodeError | None = None
        for option in t.types:
            if not isinstance(option, mi.NoneType):
                try:
                    return _coerce_strings(option, value, path)
                except DecodeError as exc:
                    error = error or exc
        raise error or DecodeError("Expected `str`, got `None`", path)
    if isinstance(value, Mapping):
        if isinstance(t, mi.StructType):
            out = dict(value)
            for f in t.fields:
                if f.encode_name in out:
                    out[f.encode_name] = _coerce_strings(
                        f.type, out[f.encode_name], f"{path}.{f.encode_name}"
                    )
            return out
        if isinstance(t, (mi.DictType, mi.AnyType)):
            inner = t.value_type if isinstance(t, mi.DictType) else t
            return {
                k: _coerce_strings(inner, v, f"{path}.{k}") for k, v in value.items()
            }
        return value  # msgspec reports the wrong type
    if isinstance(value, (list, tuple)):
        if isinstance(t, (mi.ListType, mi.VarTupleType, mi.AnyType)):
            inner = t if isinstance(t, mi.AnyType) else t.item_type
            return [
                _coerce_strings(inner, v, f"{path}[{i}]") for i, v in enumerate(value)
            ]
        return value  # msgspec reports the wrong type
    if not isinstance(value, str):
        raise DecodeError(f"Expected `str`, got `{type(value).__name__}`", path)
    if isinstance(t, mi.FloatType):
        if value.isascii():
            try:
                return float(value)
            except ValueError:
                pass
        raise DecodeError(f"Expected `float`, got `str` ({value!r})", path)
    if isinstance(t, mi.IntType):
        if value.isascii():
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise DecodeError(f"Expected `int`, got `str` ({value!r})", path)
    if isinstance(t, mi.BoolType):
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise DecodeError(f"Expected `bool`, got `str` ({value!r})", path)
    return value


# --- Deprecated v1 names -----------------------------------------------------------


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"`{old}` is deprecated; use `{new}` instead (as in pydantic 2).",
        DeprecationWarning,
        stacklevel=3,
    )


def _load_raw(
    data: str | bytes,
    *,
    content_type: str | None,
    encoding: str,
    proto: str | None,
    allow_pickle: bool,
) -> tuple[bool, Any]:
    """``(is_json, payload)`` as pydantic's deprecated ``load_str_bytes``
    decides it: JSON text (decoded with ``encoding``), or an unpickled
    object when pickle is allowed."""
    if proto is None and content_type:
        if content_type.endswith(("json", "javascript")):
            pass
        elif allow_pickle and content_type.endswith("pickle"):
            proto = "pickle"
        else:
            raise DecodeError(f"Unknown content-type: {content_type}")
    proto = proto or "json"
    if proto == "json":
        if isinstance(data, bytes):
            try:
                data = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"Input is not valid {encoding}: {exc.reason}"
                ) from exc
        return True, data
    if proto == "pickle":
        if not allow_pickle:
            raise RuntimeError("Trying to decode with pickle with allow_pickle=False")
        import pickle

        raw = data if isinstance(data, bytes) else data.encode()
        return False, pickle.loads(raw)  # the caller opted in
    raise DecodeError(f"Unknown protocol: {proto}")


# --- The mixin ----------------------------------------------------------------------


class _PydanticAPI:
    """The pydantic 2 model methods botocraft's models offer, on every Struct
    of this package (see MIGRATING.md for the differences)."""

    __slots__ = ()

    #: Attributes a constructor accepts besides the fields, kept in the
    #: instance ``__dict__`` (botocraft's ``session``); for ``dict=True``
    #: Structs only.
    __pydantic_extra_attrs__: ClassVar[tuple[str, ...]] = ()

    # -- validation ------------------------------------------------------

    @classmethod
    def model_validate(cls: type[_M], obj: Any) -> _M:
        """Validate a parsed document (JSON names, as EventBridge sends it)
        or return ``obj`` itself if it already is an instance.

        On :class:`~eventbridge_structs.EventBridgeEvent` the class is
        chosen by ``(source, detail-type)`` as :func:`convert` does.

        Raises
        ------
        DecodeError
            For a wrong type, a missing required field (``detail-type``
            included), a bad datetime, naming the JSON path.
        """
        return _validate_python(cls, obj)

    @classmethod
    def model_validate_json(cls: type[_M], json_data: str | bytes | bytearray) -> _M:
        """Validate JSON text.

        Raises
        ------
        DecodeError
            For invalid JSON or any validation failure, naming the path.
        """
        return _validate_json(cls, json_data)

    @classmethod
    def model_validate_strings(cls: type[_M], obj: Any) -> _M:
        """Validate a document whose leaves are all strings, parsing each
        into its field's type (``"5"`` for a float, ``"yes"`` for a bool).

        Raises
        ------
        DecodeError
            For a leaf that is not a string or does not parse.
        """
        return _validate_python(cls, obj, strings=True)

    @classmethod
    def model_construct(
        cls: type[_M], _fields_set: set[str] | None = None, **values: Any
    ) -> _M:
        """Build an instance from trusted values, without validation.

        Values are taken by JSON name first, then Python name; missing
        optional fields get their defaults; unknown names are ignored.

        Parameters
        ----------
        _fields_set : set of str, optional
            The Python names to report as set (by default, those given).

        Raises
        ------
        TypeError
            If a required field is missing (a Struct cannot hold an unset
            field).
        """
        plan = _plan(cls)
        kwargs: dict[str, Any] = {}
        given: set[str] = set()
        for f in plan.fields:
            for key in (f.alias, f.name):
                if key in values:
                    value = values.pop(key)
                    given.add(f.name)
                    if f.tag is None:
                        kwargs[f.name] = value
                    break
        extra = {
            name: values.pop(name)
            for name in cls.__pydantic_extra_attrs__
            if name in values
        }
        result: _M = msgspec.StructMeta.__call__(cls, **kwargs)
        if getattr(result, "__dict__", None) is not None:
            names = frozenset(given if _fields_set is None else _fields_set)
            _remember(result, (names, {}), extra)
        return result

    # -- serialization ---------------------------------------------------

    def model_dump(
        self,
        *,
        mode: str = "python",
        by_alias: bool | None = False,
        include: Any = None,
        exclude: Any = None,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
        exclude_unset: bool = False,
    ) -> dict[str, Any]:
        """The model as a dict of Python names (JSON names with
        ``by_alias=True``); ``detail_type`` included at its documented
        place.

        Parameters
        ----------
        mode : {"python", "json"}
            ``"json"``: JSON values (datetimes as RFC 3339 strings, enums as
            their values; NaN and infinities stay floats, as in pydantic).
        include, exclude : set or dict, optional
            pydantic's filters: a set of names, or a dict mapping names (or
            list indexes, or ``"__all__"``) to ``True`` or a nested filter.
        exclude_none, exclude_defaults, exclude_unset : bool
            Leave out fields that are None, equal their default, or were
            not set (see :attr:`model_fields_set`).
        """
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', got {mode!r}")
        return _dump(
            self,
            json=mode == "json",
            raw_floats=False,
            by_alias=bool(by_alias),
            include=include,
            exclude=exclude,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
            exclude_unset=exclude_unset,
        )

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        by_alias: bool | None = None,
        include: Any = None,
        exclude: Any = None,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
        exclude_unset: bool = False,
    ) -> str:
        """The model as JSON text, byte for byte as pydantic writes it:
        compact (``{"a":1}``) or indented, floats as ``1e+16``, datetimes
        with ``Z`` for UTC. Options as for :meth:`model_dump`."""
        dumped = _dump(
            self,
            json=True,
            raw_floats=True,
            by_alias=bool(by_alias),
            include=include,
            exclude=exclude,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
            exclude_unset=exclude_unset,
        )
        return dump_json_text(dumped, indent)

    @property
    def model_fields_set(self) -> set[str]:
        """The Python names of the fields that were set: recorded by the
        validating constructors on ``dict=True`` Structs (the compat
        classes); otherwise the required fields and those that differ from
        their defaults."""
        return set(_tree_of(self)[0])

    def model_copy(
        self: _M, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> _M:
        """A copy, with ``update`` (Python names, not validated) applied.

        Raises
        ------
        TypeError
            For a name that is not a field.
        ValueError
            For a ``detail_type`` other than a typed event's class tag.
        """
        plan = _plan(type(self))
        changes = dict(update or {})
        extra_names = type(self).__pydantic_extra_attrs__
        extra = {k: changes.pop(k) for k in list(changes) if k in extra_names}
        for f in plan.fields:
            if f.tag is not None and changes.pop(f.name, f.tag) != f.tag:
                raise ValueError(
                    f"{f.name} is the class tag of {type(self).__name__} "
                    f"({f.tag!r}); it cannot change"
                )
        unknown = set(changes) - plan.names
        if unknown:
            raise TypeError(
                f"{type(self).__name__} has no field named "
                f"{', '.join(sorted(map(repr, unknown)))}"
            )
        if deep:
            import copy  # only here: keeps it off the package import

            base = copy.deepcopy(self)
        else:
            base = self
        result: _M = msgspec.structs.replace(base, **changes)  # type: ignore[type-var]
        state = getattr(self, "__dict__", None)
        if state is not None:
            keep = {k: state[k] for k in extra_names if k in state}
            keep.update(extra)
            names, children = _tree_of(self)
            names = names | set(update or ())
            children = {k: v for k, v in children.items() if k not in changes}
            tree = (frozenset(names), children)
            result.__dict__.update(keep)
            result.__dict__[FIELDS_SET_KEY] = tree
        return result

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """The JSON Schema botocraft's ``model_json_schema()`` returns: for
        an event, the primary model's (with ``session``); see
        :func:`eventbridge_structs.schema.json_schema`."""
        from .schema import json_schema

        return json_schema(cls)

    def __str__(self) -> str:
        """pydantic's ``str()``: ``name=value`` pairs (values as repr)."""
        parts = []
        for f in _plan(type(self)).fields:
            value = f.tag if f.tag is not None else getattr(self, f.name)
            parts.append(f"{f.name}={value!r}")
        return " ".join(parts)

    # -- deprecated (pydantic v1) names ------------------------------------

    @classmethod
    def construct(
        cls: type[_M], _fields_set: set[str] | None = None, **values: Any
    ) -> _M:
        """Deprecated: use :meth:`model_construct`."""
        _deprecated("construct", "model_construct")
        return cls.model_construct(_fields_set, **values)

    @classmethod
    def parse_obj(cls: type[_M], obj: Any) -> _M:
        """Deprecated: use :meth:`model_validate`."""
        _deprecated("parse_obj", "model_validate")
        return cls.model_validate(obj)

    @classmethod
    def parse_raw(
        cls: type[_M],
        b: str | bytes,
        *,
        content_type: str | None = None,
        encoding: str = "utf8",
        proto: str | None = None,
        allow_pickle: bool = False,
    ) -> _M:
        """Deprecated: use :meth:`model_validate_json`.

        ``proto="pickle"`` (or a content type ending in ``pickle``) needs
        ``allow_pickle=True``, as in pydantic.
        """
        _deprecated("parse_raw", "model_validate_json")
        return cls._parse_raw(b, content_type, encoding, proto, allow_pickle)

    @classmethod
    def parse_file(
        cls: type[_M],
        path: str | Path,
        *,
        content_type: str | None = None,
        encoding: str = "utf8",
        proto: str | None = None,
        allow_pickle: bool = False,
    ) -> _M:
        """Deprecated: read ``path`` and validate it as :meth:`parse_raw`
        does."""
        _deprecated("parse_file", "model_validate_json")
        from pathlib import Path

        file = Path(path)
        data = file.read_bytes()
        if content_type is None:
            if file.suffix in (".js", ".json"):
                proto = "json"
            elif file.suffix == ".pkl":
                proto = "pickle"
        return cls._parse_raw(data, content_type, encoding, proto, allow_pickle)

    @classmethod
    def _parse_raw(
        cls: type[_M],
        b: str | bytes,
        content_type: str | None,
        encoding: str,
        proto: str | None,
        allow_pickle: bool,
    ) -> _M:
        is_json, payload = _load_raw(
            b,
            content_type=content_type,
            encoding=encoding,
            proto=proto,
            allow_pickle=allow_pickle,
        )
        if is_json:
            return cls.model_validate_json(payload)
        return cls.model_validate(payload)
