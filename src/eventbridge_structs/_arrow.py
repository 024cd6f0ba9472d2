# Apache Arrow schemas and tables from the event Structs.
#
# The schema of an event class is read from the class itself through
# ``msgspec.inspect`` (as ``_schema.py`` reads it for JSON Schema) and follows
# the Arrow columnar format's types (https://arrow.apache.org/docs/format/Columnar.html):
# the envelope as top-level columns (``time`` as ``timestamp[us, tz=UTC]``,
# ``resources`` as ``list<string>``), ``detail`` as a nested struct, optional
# members as nullable, enums and literals as their values' type (strings),
# and whatever the Structs leave untyped (``Any``, ``dict[str, Any]``,
# ``GenericEvent.detail``, unions Arrow has no type for) as a JSON string
# column, so nothing is lost. Column names are the Structs' Python names (no
# hyphens, so SQL reads them unquoted); each field's JSON name is kept in its
# metadata under ``json_name``, and a JSON text column's field says
# ``encoding: json``.
#
# Tables are built column by column from the Structs' attributes (no dict per
# row): each Struct level reads one attribute of every row with
# ``operator.attrgetter`` and hands the column to pyarrow's C converters;
# lists are flattened into offsets and values.
#
# pyarrow is the optional extra ``eventbridge-structs[arrow]``, imported on
# first use. The public names are re-exported by ``arrow.py``.
from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import msgspec
import msgspec.inspect as mi

from ._envelope import GenericEvent

__all__ = [
    "ENVELOPE_COLUMNS",
    "arrow_schema",
    "import_pyarrow",
    "plan_for",
    "to_table",
    "to_tables",
]

_INSTALL_HINT = (
    "Arrow tables and Parquet output need pyarrow, which is not installed; "
    "install it with: pip install 'eventbridge-structs[arrow]'"
)

#: The envelope's columns, in the order AWS delivers them; any other field
#: of an event class follows, then ``detail``.
ENVELOPE_COLUMNS = (
    "version",
    "id",
    "detail_type",
    "source",
    "account",
    "time",
    "region",
    "resources",
)


def import_pyarrow() -> Any:
    """Import pyarrow, or raise the install hint.

    Returns
    -------
    module
        The ``pyarrow`` module.

    Raises
    ------
    ImportError
        If pyarrow is not installed, naming ``eventbridge-structs[arrow]``.
    """
    try:
        import pyarrow
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT, name="pyarrow") from exc
    return pyarrow


# --- one column: its Arrow type and how to build it ----------------------------

#: Turns a list of Python values (which may hold None when the second
#: argument is true) into an array.
Builder = Callable[[list[Any], bool], Any]


class _Column:
    """How one member maps to Arrow: its type, whether it may be null, and
    the function that turns a list of its Python values into an array.

    ``plain`` means pyarrow converts the Python values as they are (no Struct,
    enum or JSON inside), so a containing list can be converted in one call.
    """

    __slots__ = ("build", "json", "nullable", "plain", "type")

    def __init__(self, type: Any, nullable: bool, build: Builder, plain: bool) -> None:
        self.type = type
        self.nullable = nullable
        self.build = build
        self.plain = plain
        self.json = False  # a string column of JSON texts

    def metadata(self, **more: str) -> dict[str, str] | None:
        """The field metadata: ``encoding: json`` for a JSON text column."""
        meta = {**more, "encoding": "json"} if self.json else more
        return meta or None


_JSON_ENCODE = msgspec.json.Encoder().encode


def _json_values(values: list[Any]) -> list[bytes | None]:
    enc = _JSON_ENCODE
    return [None if v is None else enc(v) for v in values]


def _json_column(pa: Any, nullable: bool = True) -> _Column:
    string = pa.string()

    def build(values: list[Any], nulls: bool) -> Any:
        return pa.array(_json_values(values), type=string)

    col = _Column(string, nullable, build, False)
    col.json = True
    return col


def _plain_column(pa: Any, type: Any, nullable: bool) -> _Column:
    def build(values: list[Any], nulls: bool) -> Any:
        return pa.array(values, type=type)

    return _Column(type, nullable, build, True)


def _mapped_column(
    pa: Any, type: Any, nullable: bool, convert: Callable[[Any], Any]
) -> _Column:
    def build(values: list[Any], nulls: bool) -> Any:
        if nulls:
            values = [None if v is None else convert(v) for v in values]
        else:
            values = list(map(convert, values))
        return pa.array(values, type=type)

    return _Column(type, nullable, build, False)


def _value_type(pa: Any, values: Sequence[Any]) -> Any | None:
    """The Arrow type of enum or literal values: string, int64, or None when
    mixed."""
    if all(isinstance(v, str) for v in values):
        return pa.string()
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return pa.int64()
    return None


def _strip(t: mi.Type) -> mi.Type:
    while isinstance(t, mi.Metadata):
        t = t.type
    return t


_SCALARS: dict[type[mi.Type], str] = {
    mi.StrType: "string",
    mi.IntType: "int64",
    mi.FloatType: "float64",
    mi.BoolType: "bool_",
    mi.BytesType: "binary",
    mi.ByteArrayType: "binary",
    mi.MemoryViewType: "binary",
    mi.DateType: "date32",
}


def _column(pa: Any, t: mi.Type, stack: tuple[type, ...]) -> _Column:
    """The column of a value of type ``t`` (not yet nullable)."""
    t = _strip(t)
    if isinstance(t, mi.UnionType):
        members = [_strip(m) for m in t.types]
        others = [m for m in members if not isinstance(m, mi.NoneType)]
        nullable = len(others) < len(members)
        if len(others) == 1:
            col = _column(pa, others[0], stack)
            col.nullable = col.nullable or nullable
            return col
        kinds = {type(m) for m in others}
        if kinds <= {mi.StrType, mi.LiteralType, mi.EnumType} and all(
            _value_type(pa, _literal_values(m)) == pa.string()
            for m in others
            if not isinstance(m, mi.StrType)
        ):
            return _mapped_column(pa, pa.string(), True, _enum_value)
        if kinds <= {mi.IntType, mi.FloatType}:
            return _plain_column(pa, pa.float64(), True)
        return _json_column(pa)
    name = _SCALARS.get(type(t))
    if name is not None:
        return _plain_column(pa, getattr(pa, name)(), False)
    if isinstance(t, mi.NoneType):
        return _plain_column(pa, pa.null(), True)
    if isinstance(t, mi.DateTimeType):
        tz = None if t.tz is False else "UTC"
        return _plain_column(pa, pa.timestamp("us", tz=tz), False)
    if isinstance(t, mi.TimeType):
        return _plain_column(pa, pa.time64("us"), False)
    if isinstance(t, mi.TimeDeltaType):
        return _plain_column(pa, pa.duration("us"), False)
    if isinstance(t, (mi.UUIDType, mi.DecimalType)):
        return _mapped_column(pa, pa.string(), False, str)
    if isinstance(t, (mi.EnumType, mi.LiteralType)):
        vt = _value_type(pa, _literal_values(t))
        if vt is None:
            return _json_column(pa, False)
        if isinstance(t, mi.LiteralType):
            return _plain_column(pa, vt, False)
        return _mapped_column(pa, vt, False, _enum_value)
    if isinstance(t, (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)):
        return _list_column(pa, _column(pa, t.item_type, stack))
    if isinstance(t, mi.TupleType):
        items = [_column(pa, i, stack) for i in t.item_types]
        if items and all(i.type == items[0].type for i in items):
            return _list_column(pa, items[0])
        return _json_column(pa, False)
    if isinstance(t, (mi.DictType, mi.FrozenDictType)):
        key = _strip(t.key_type)
        value = _strip(t.value_type)
        if isinstance(key, mi.StrType) and not isinstance(value, mi.AnyType):
            return _map_column(pa, _column(pa, value, stack))
        return _json_column(pa, False)
    if isinstance(t, mi.StructType):
        if t.cls in stack or not t.fields:
            return _json_column(pa, False)
        return _struct_column(pa, t, (*stack, t.cls))
    # Any, Raw, custom types, dataclasses, TypedDicts...: JSON text.
    return _json_column(pa, isinstance(t, mi.AnyType))


def _literal_values(t: mi.Type) -> Sequence[Any]:
    if isinstance(t, mi.LiteralType):
        return t.values
    if isinstance(t, mi.EnumType):
        return [m.value for m in t.cls]
    return []


def _enum_value(v: Any) -> Any:
    return v.value if isinstance(v, enum.Enum) else v


def _list_column(pa: Any, item: _Column) -> _Column:
    type = pa.list_(pa.field("item", item.type, item.nullable, item.metadata()))
    if item.plain:
        return _plain_column(pa, type, False)
    int32 = pa.int32()
    build_item = item.build
    item_nulls = item.nullable

    def build(values: list[Any], nulls: bool) -> Any:
        flat: list[Any] = []
        offsets = [0]
        nulls = False
        for v in values:
            if v is None:
                nulls = True
            else:
                flat.extend(v)
            offsets.append(len(flat))
        mask = pa.array([v is None for v in values]) if nulls else None
        return pa.ListArray.from_arrays(
            pa.array(offsets, type=int32),
            build_item(flat, item_nulls),
            type=type,
            mask=mask,
        )

    return _Column(type, False, build, False)


def _map_column(pa: Any, value: _Column) -> _Column:
    type = pa.map_(
        pa.string(), pa.field("value", value.type, value.nullable, value.metadata())
    )
    if value.plain:
        return _plain_column(pa, type, False)
    int32 = pa.int32()
    string = pa.string()
    build_value = value.build
    value_nulls = value.nullable

    def build(values: list[Any], nulls: bool) -> Any:
        keys: list[str] = []
        items: list[Any] = []
        offsets = [0]
        nulls = False
        for v in values:
            if v is None:
                nulls = True
            else:
                keys.extend(v.keys())
                items.extend(v.values())
            offsets.append(len(keys))
        mask = pa.array([v is None for v in values]) if nulls else None
        return pa.MapArray.from_arrays(
            pa.array(offsets, type=int32),
            pa.array(keys, type=string),
            build_value(items, value_nulls),
            type=type,
            mask=mask,
        )

    return _Column(type, False, build, False)


def _field(pa: Any, f: mi.Field, col: _Column) -> Any:
    return pa.field(
        f.name, col.type, col.nullable, col.metadata(json_name=f.encode_name)
    )


def _struct_column(pa: Any, t: mi.StructType, stack: tuple[type, ...]) -> _Column:
    members = [(f, _column(pa, f.type, stack)) for f in t.fields]
    fields = [_field(pa, f, col) for f, col in members]
    type = pa.struct(fields)
    plans = [
        (operator.attrgetter(f.name), col.build, col.nullable) for f, col in members
    ]
    from_arrays = pa.StructArray.from_arrays

    def build(values: list[Any], nulls: bool) -> Any:
        if nulls and None in values:
            mask = pa.array([v is None for v in values])
            arrays = [
                b([None if v is None else get(v) for v in values], True)
                for get, b, _ in plans
            ]
            return from_arrays(arrays, fields=fields, mask=mask)
        arrays = [b(list(map(get, values)), n) for get, b, n in plans]
        return from_arrays(arrays, fields=fields)

    return _Column(type, False, build, False)


# --- one event class: its schema and table builder -----------------------------


class _Plan:
    """The Arrow schema of an event class and how to build its table."""

    def __init__(self, cls: type[Any]) -> None:
        pa = import_pyarrow()
        info = mi.type_info(cls)
        if not isinstance(info, mi.StructType):
            raise TypeError(f"{cls!r} is not a msgspec Struct")
        self.cls = cls
        by_name = {f.name: f for f in info.fields}
        order = [n for n in ENVELOPE_COLUMNS if n in by_name or n == "detail_type"]
        order += [n for n in by_name if n not in order and n != "detail"]
        if "detail" in by_name:
            order.append("detail")
        tag = info.tag if isinstance(info.tag, str) else None
        fields: list[Any] = []
        getters: list[tuple[Callable[[Any], Any], Builder, bool] | str] = []
        stack = (cls,)
        for name in order:
            f = by_name.get(name)
            if f is None:  # a typed event's detail-type: its class's tag
                if tag is None:
                    continue
                meta = {"json_name": "detail-type"}
                fields.append(pa.field("detail_type", pa.string(), False, meta))
                getters.append(tag)
                continue
            if name == "detail" and (
                cls is GenericEvent or issubclass(cls, GenericEvent)
            ):
                col = _json_column(pa)  # GenericEvent's detail: plain JSON
            else:
                col = _column(pa, f.type, stack)
            fields.append(_field(pa, f, col))
            getters.append((operator.attrgetter(f.name), col.build, col.nullable))
        metadata = {
            "eventbridge_structs.class": f"{cls.__module__}:{cls.__qualname__}",
        }
        if tag is not None:
            metadata["eventbridge_structs.detail_type"] = tag
        self.schema = pa.schema(fields, metadata=metadata)
        self.getters = getters
        self._pa = pa

    def table(self, events: list[Any]) -> Any:
        pa = self._pa
        n = len(events)
        arrays = []
        for plan, field in zip(self.getters, self.schema, strict=True):
            if isinstance(plan, str):
                arrays.append(pa.repeat(pa.scalar(plan, type=field.type), n))
            else:
                get, build, nulls = plan
                arrays.append(build(list(map(get, events)), nulls))
        return pa.Table.from_arrays(arrays, schema=self.schema)


_PLANS: dict[type[Any], _Plan] = {}


def plan_for(cls: type[Any]) -> _Plan:
    """The (cached) schema and table builder of an event class."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _Plan(cls)
    return plan


def arrow_schema(cls: type[Any]) -> Any:
    """The Arrow schema of an event class.

    Parameters
    ----------
    cls : type
        An event class (a :class:`~eventbridge_structs.TypedEvent` subclass,
        :class:`~eventbridge_structs.GenericEvent`, or any msgspec Struct).

    Returns
    -------
    pyarrow.Schema
        One top-level field per envelope member (``version``, ``id``,
        ``detail_type``, ``source``, ``account``, ``time``, ``region``,
        ``resources``), then any other member of the class, then ``detail``
        as a nested struct (a JSON string for ``GenericEvent``). Field names
        are the Structs' Python names; each field's metadata holds its JSON
        name as ``json_name`` (and ``encoding: json`` for a column of JSON
        texts); the schema's metadata names the class.

    Raises
    ------
    ImportError
        If pyarrow is not installed.
    TypeError
        If ``cls`` is not a msgspec Struct.

    Notes
    -----
    ======================================  ===================================
    member type                             Arrow type
    ======================================  ===================================
    ``str``, ``int``, ``float``, ``bool``   string, int64, float64, bool
    ``datetime`` (aware or either)          timestamp[us, tz=UTC]
    ``datetime`` (naive only)               timestamp[us]
    ``date``, ``time``, ``timedelta``       date32, time64[us], duration[us]
    ``bytes``                               binary
    ``UUID``, ``Decimal``                   string
    ``Enum``, ``Literal``                   string (int64 for integer values)
    ``list``, ``set``, ``tuple[T, ...]``    list<T>
    ``dict[str, T]``                        map<string, T>
    Struct                                  struct (nested)
    ``X | None``                            X, nullable
    ``str | Literal | Enum``                string
    ``int | float``                         float64
    ``Any``, ``dict[str, Any]``, any other  string holding the value's JSON
    union, a recursive or empty Struct
    ======================================  ===================================
    """
    return plan_for(cls).schema


def to_table(events: Iterable[Any], type: type[Any] | None = None) -> Any:
    """A table of events of one class.

    Parameters
    ----------
    events : iterable of events
        Events of one class (``type``, or the class of the first event).
    type : type, optional
        The event class; the table has its :func:`arrow_schema`. Needed for
        an empty table.

    Returns
    -------
    pyarrow.Table

    Raises
    ------
    TypeError
        If an event is not an instance of the class, or no class is known.
    ImportError
        If pyarrow is not installed.
    """
    rows = events if isinstance(events, list) else list(events)
    if type is None:
        if not rows:
            raise TypeError("to_table of no events needs type=")
        type = rows[0].__class__
    assert type is not None
    cls = type
    for ev in rows:
        if ev.__class__ is not cls and not isinstance(ev, cls):
            raise TypeError(
                f"to_table: expected {cls.__name__} events, got "
                f"{ev.__class__.__name__} (use to_tables for mixed events)"
            )
    return plan_for(cls).table(rows)


def to_tables(events: Iterable[Any]) -> dict[type[Any], Any]:
    """One table per event class, in the order the classes first appear.

    Parameters
    ----------
    events : iterable of events
        Events of any classes (``Failure`` items of ``read_archive`` are
        not events: filter them out first).

    Returns
    -------
    dict of type to pyarrow.Table
    """
    groups: dict[type[Any], list[Any]] = {}
    for ev in events:
        groups.setdefault(ev.__class__, []).append(ev)
    return {cls: plan_for(cls).table(rows) for cls, rows in groups.items()}
