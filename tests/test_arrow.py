"""Arrow schemas and tables of the event Structs (issue 16, item 1): every
registered class has a schema read from msgspec.inspect, with the envelope's
types as the issue asks, and ``to_table`` gives, for every AWS sample that
decodes, exactly the event's values (JSON text where the Struct leaves the
value untyped); pyarrow is imported only when used."""

from __future__ import annotations

import datetime as dt
import enum
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Literal

import msgspec
import pytest

import eventbridge_structs as ebs

pa = pytest.importorskip("pyarrow")

from eventbridge_structs.arrow import arrow_schema, to_table, to_tables  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
EXAMPLES = ROOT / "examples"
UTC = dt.timezone.utc
#: An event of a type nobody registers: a GenericEvent.
GENERIC = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "Order Placed",
    "source": "com.example.orders",
    "account": "123456789012",
    "time": "2024-03-01T10:00:00Z",
    "region": "us-east-1",
    "resources": [],
    "detail": {"order-id": "o-1", "items": [{"sku": "a", "n": 2}], "total": 9.5},
}


def sample_events() -> list[Any]:
    events = []
    for path in sorted(SAMPLES.rglob("*.json")):
        data = json.loads(path.read_text())
        try:
            events.append(ebs.convert(data.get("event", data)))
        except ebs.DecodeError:
            continue
    return events


SAMPLE_EVENTS = sample_events()


def is_json(field: Any) -> bool:
    return (field.metadata or {}).get(b"encoding") == b"json"


def expected(value: Any, field: Any) -> Any:
    """What a table holds for ``value`` in ``field``: Structs as dicts by
    Python name, enums as values, aware datetimes in UTC, and JSON text in
    the columns whose metadata says ``encoding: json``."""
    type = field.type
    if value is None:
        return None
    if is_json(field):
        assert type == pa.string()
        return msgspec.json.encode(value).decode()
    if pa.types.is_struct(type):
        return {f.name: expected(getattr(value, f.name), f) for f in type}
    if pa.types.is_list(type):
        return [expected(v, type.value_field) for v in value]
    if pa.types.is_map(type):
        return [(k, expected(v, type.item_field)) for k, v in value.items()]
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def event_row(ev: Any) -> dict[str, Any]:
    schema = arrow_schema(type(ev))
    row = {}
    for field in schema:
        if field.name == "detail_type":
            row["detail_type"] = ev.detail_type
        else:
            row[field.name] = expected(getattr(ev, field.name), field)
    return row


def normalize(row: Any) -> Any:
    """Tables give datetimes in UTC with a zoneinfo; compare as instants."""
    if isinstance(row, dict):
        return {k: normalize(v) for k, v in row.items()}
    if isinstance(row, list):
        return [normalize(v) for v in row]
    if isinstance(row, tuple):
        return tuple(normalize(v) for v in row)
    if isinstance(row, dt.datetime) and row.tzinfo is not None:
        return row.astimezone(UTC)
    return row


def test_every_registered_type_has_a_schema() -> None:
    for (source, detail_type), cls in ebs.registered().items():
        schema = arrow_schema(cls)
        names = schema.names
        assert names[:8] == [
            "version",
            "id",
            "detail_type",
            "source",
            "account",
            "time",
            "region",
            "resources",
        ], (source, detail_type)
        assert names[-1] == "detail"
        assert schema.field("resources").type == pa.list_(
            pa.field("item", pa.string(), False)
        )
        assert schema.field("detail_type").metadata == {b"json_name": b"detail-type"}
        meta = schema.metadata
        assert meta[b"eventbridge_structs.detail_type"] == detail_type.encode()
        time = schema.field("time").type
        if msgspec.inspect.type_info(cls).fields and _time_is_str(cls):
            assert time == pa.string()
        else:
            assert time == pa.timestamp("us", tz="UTC")


def _time_is_str(cls: type) -> bool:
    info = msgspec.inspect.type_info(cls)
    assert isinstance(info, msgspec.inspect.StructType)
    (time,) = [f for f in info.fields if f.name == "time"]
    return isinstance(time.type, msgspec.inspect.StrType)


def test_ssm_events_documenting_time_as_a_string_keep_a_string_column() -> None:
    strs = [cls for cls in ebs.registered().values() if _time_is_str(cls)]
    assert len(strs) == 3
    for cls in strs:
        assert arrow_schema(cls).field("time").type == pa.string()


def test_detail_is_a_nested_struct_with_optional_members_nullable() -> None:
    from eventbridge_structs.ecr import ECRImageActionEvent

    detail = arrow_schema(ECRImageActionEvent).field("detail")
    assert pa.types.is_struct(detail.type)
    assert not detail.nullable
    members = {f.name: f for f in detail.type}
    assert members["repository_name"].type == pa.string()
    assert not members["repository_name"].nullable
    assert members["image_tag"].nullable
    assert members["image_tag"].metadata == {b"json_name": b"image-tag"}


def test_enums_are_strings_and_untyped_members_json_text() -> None:
    from eventbridge_structs.ecr import (
        ECRAWSAPICallViaCloudTrailEvent,
        ECRScanResourceChangeEvent,
    )

    scan = arrow_schema(ECRScanResourceChangeEvent).field("detail").type
    types = {f.name: f.type for f in scan}
    assert types["scan_type"] == pa.string()
    repository = types["repositories"].value_type
    assert repository.field("scan_frequency").type == pa.string()
    trail = arrow_schema(ECRAWSAPICallViaCloudTrailEvent).field("detail").type
    types = {f.name: f.type for f in trail}
    assert types["requestParameters"] == pa.string()  # dict[str, Any]
    assert is_json(
        arrow_schema(ECRAWSAPICallViaCloudTrailEvent)
        .field("detail")
        .type.field("requestParameters")
    )
    assert not is_json(trail.field("eventName"))


def test_generic_event_detail_is_json_text() -> None:
    schema = arrow_schema(ebs.GenericEvent)
    assert schema.field("detail").type == pa.string()
    assert is_json(schema.field("detail"))
    assert schema.field("detail_type").type == pa.string()
    ev = ebs.convert(GENERIC)
    assert isinstance(ev, ebs.GenericEvent)
    row = to_table([ev]).to_pylist()[0]
    assert json.loads(row["detail"]) == ev.detail == GENERIC["detail"]
    assert row["detail_type"] == "Order Placed"


class Color(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    LOW = 1


class Inner(msgspec.Struct):
    n: int


class Every(msgspec.Struct):
    s: str
    i: int
    f: float
    b: bool
    by: bytes
    d: dt.date
    t: dt.time
    td: dt.timedelta
    naive: dt.datetime
    color: Color
    level: Level
    lit: Literal["a", "b"]
    anyv: Any
    tags: list[str]
    nums: set[int]
    counts: dict[str, int]
    inners: list[Inner]
    by_name: dict[str, Inner]
    maybe: Inner | None
    number: int | float
    mixed: int | str
    anything: dict[str, Any]
    empty: msgspec.Struct


def test_the_mapping_of_member_types() -> None:
    types = {f.name: f.type for f in arrow_schema(Every)}
    assert types["s"] == pa.string()
    assert types["i"] == pa.int64()
    assert types["f"] == pa.float64()
    assert types["b"] == pa.bool_()
    assert types["by"] == pa.binary()
    assert types["d"] == pa.date32()
    assert types["t"] == pa.time64("us")
    assert types["td"] == pa.duration("us")
    assert types["naive"] == pa.timestamp("us", tz="UTC")
    assert types["color"] == pa.string()
    assert types["level"] == pa.int64()
    assert types["lit"] == pa.string()
    assert types["anyv"] == pa.string()
    assert pa.types.is_list(types["tags"])
    assert types["nums"].value_type == pa.int64()
    assert types["counts"] == pa.map_(pa.string(), pa.field("value", pa.int64(), False))
    assert pa.types.is_struct(types["inners"].value_type)
    assert pa.types.is_map(types["by_name"])
    assert pa.types.is_struct(types["maybe"])
    assert types["number"] == pa.float64()
    assert types["mixed"] == pa.string()
    assert types["anything"] == pa.string()
    assert types["empty"] == pa.string()
    assert {f.name: f.nullable for f in arrow_schema(Every)}["maybe"]


class Item(msgspec.Struct):
    n: int
    note: str | None = None


class Holder(msgspec.Struct):
    inner: Item | None
    inners: list[Item] | None
    by_name: dict[str, Item]
    extra: Any = None


def test_nested_nulls_lists_and_maps_of_structs() -> None:
    rows = [
        Holder(Item(1), [Item(2, "x"), Item(3)], {"a": Item(4)}, {"k": [1]}),
        Holder(None, None, {}, None),
        Holder(Item(5, "y"), [], {"b": Item(6), "c": Item(7)}, "s"),
    ]
    assert to_table(rows).to_pylist() == [
        {
            "inner": {"n": 1, "note": None},
            "inners": [{"n": 2, "note": "x"}, {"n": 3, "note": None}],
            "by_name": [("a", {"n": 4, "note": None})],
            "extra": '{"k":[1]}',
        },
        {"inner": None, "inners": None, "by_name": [], "extra": None},
        {
            "inner": {"n": 5, "note": "y"},
            "inners": [],
            "by_name": [("b", {"n": 6, "note": None}), ("c", {"n": 7, "note": None})],
            "extra": '"s"',
        },
    ]


@pytest.mark.parametrize(
    "ev", SAMPLE_EVENTS, ids=lambda e: f"{e.source}/{e.detail_type}"[:60]
)
def test_every_sample_event_as_a_row(ev: Any) -> None:
    table = to_table([ev, ev])
    assert table.schema == arrow_schema(type(ev))
    rows = table.to_pylist()
    assert normalize(rows[0]) == normalize(event_row(ev))
    assert rows[0] == rows[1]


def test_samples_cover_many_types() -> None:
    assert len({type(e) for e in SAMPLE_EVENTS}) >= 50


def test_to_tables_groups_by_class_and_to_table_refuses_mixed() -> None:
    tables = to_tables(SAMPLE_EVENTS)
    assert sum(t.num_rows for t in tables.values()) == len(SAMPLE_EVENTS)
    assert list(tables) == list(dict.fromkeys(type(e) for e in SAMPLE_EVENTS))
    with pytest.raises(TypeError, match="to_tables"):
        to_table(SAMPLE_EVENTS)
    with pytest.raises(TypeError, match="type="):
        to_table([])
    from eventbridge_structs.ecr import ECRImageActionEvent

    empty = to_table([], type=ECRImageActionEvent)
    assert empty.num_rows == 0
    assert empty.schema == arrow_schema(ECRImageActionEvent)


def test_to_table_agrees_with_from_pylist_of_to_builtins() -> None:
    events = [e for e in SAMPLE_EVENTS if e.source == "aws.ecr"]
    for cls, table in to_tables(events).items():
        mine = [e for e in events if type(e) is cls]
        builtins = msgspec.to_builtins(mine, builtin_types=(dt.datetime,))
        theirs = pa.Table.from_pylist(builtins)
        assert table.num_rows == theirs.num_rows
        assert table.column("id").to_pylist() == theirs.column("id").to_pylist()
        assert [t.astimezone(UTC) for t in table.column("time").to_pylist()] == [
            t.astimezone(UTC) for t in theirs.column("time").to_pylist()
        ]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_importing_arrow_and_dask_modules_imports_neither_library() -> None:
    done = run_python(
        """
        import sys
        import eventbridge_structs.arrow, eventbridge_structs.dask
        print(sorted(m for m in ("pyarrow", "dask", "distributed") if m in sys.modules))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_pyarrow_the_error_says_how_to_install_it() -> None:
    done = run_python(
        """
        import sys
        sys.modules["pyarrow"] = None
        from eventbridge_structs.arrow import arrow_schema
        from eventbridge_structs.ecr import ECRImageActionEvent
        try:
            arrow_schema(ECRImageActionEvent)
        except ImportError as exc:
            print(exc)
        """
    )
    assert "pip install 'eventbridge-structs[arrow]'" in done.stdout, done.stderr


def test_without_dask_the_error_says_how_to_install_it() -> None:
    done = run_python(
        """
        import sys
        sys.modules["dask"] = None
        sys.modules["dask.bag"] = None
        from eventbridge_structs.dask import read_archives
        try:
            read_archives([])
        except ImportError as exc:
            print(exc)
        """
    )
    assert "pip install 'eventbridge-structs[dask]'" in done.stdout, done.stderr
