# Dumping Structs as pydantic 2's ``model_dump`` and ``model_dump_json`` do
# for botocraft 0.36.0's models: pydantic-core's include/exclude filter
# rules (serializers/filter.rs), its JSON formatting of floats (``1e+16``,
# ``null`` for NaN and infinities) and datetimes (``Z`` for UTC, offsets
# truncated to minutes), and its ``exclude_none`` / ``exclude_defaults`` /
# ``exclude_unset`` options. Works on any msgspec Struct: the compat classes
# and the plain core classes alike.
from __future__ import annotations

import datetime as dt
import enum
import keyword
import math
from collections.abc import Callable
from typing import Any

import msgspec
import msgspec.inspect as mi

from ._fields import default_of, plan_of, struct_info, tree_of

__all__ = ["dump", "dump_json_text"]

_NODEFAULT: Any = msgspec.NODEFAULT

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
        plan = plan_of(type(obj))
        if tree is None and self.exclude_unset:
            tree = tree_of(obj)
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
            if self.exclude_defaults and not f.required and value == default_of(f):
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
    types = {f.name: f.type for f in struct_info(cls).fields}
    namespace: dict[str, Any] = {"_getattr": getattr}
    items = []
    for i, f in enumerate(plan_of(cls).fields):
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
    compiled: Callable[[Any], dict[str, Any]] = namespace["dump"]
    _FAST[key] = compiled
    return compiled


def dump(
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
    """The Struct ``obj`` as a dict, as pydantic's ``model_dump`` makes it.

    Parameters
    ----------
    obj : msgspec.Struct
        Any Struct instance.
    json : bool
        JSON values: enums as their values, datetimes as text.
    raw_floats : bool
        Floats as ``msgspec.Raw`` JSON text in pydantic's format (for
        ``model_dump_json``).
    by_alias : bool
        JSON names instead of Python names.
    include, exclude : set or dict, optional
        pydantic's filters.
    exclude_none, exclude_defaults, exclude_unset : bool
        pydantic's options of the same names.

    Raises
    ------
    TypeError
        For a bad filter, or, in JSON modes, a value JSON cannot hold.
    """
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
