"""JSON Schemas: byte for byte the documented blocks, equal to botocraft's
published schemas (and to pydantic's live output, the reference
implementation), the ``schema/`` folder up to date, the ``schema`` command,
and generated events that validate (and broken ones that don't, for the
schema and for ``decode`` alike)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import importlib
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

import jsonschema
import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typing_extensions import TypedDict  # pydantic needs it before 3.12

import eventbridge_structs as ebs
from eventbridge_structs import cli, ecr
from eventbridge_structs._schema import description_of
from eventbridge_structs.schema import (
    detail_type_of,
    find_type,
    json_schema,
    known_types,
    schema_files,
    schema_text,
    write_schemas,
)

from . import strategies

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENTED = FIXTURES / "documented"
BOTOCRAFT = FIXTURES / "botocraft"
SCHEMA_DIR = ROOT / "schema"
EXAMPLES = ROOT / "examples"

EVENT_TYPES = ecr.EVENT_TYPES
_ids = [cls.__name__ for cls in EVENT_TYPES]

Validator = jsonschema.Draft202012Validator


def _validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER)


def _botocraft_files() -> list[tuple[str, type[Any], bool]]:
    cases = []
    for path in sorted(BOTOCRAFT.glob("ecr.*.json")):
        _, name, variant, _ = path.name.split(".")
        cases.append((path.name, getattr(ecr, name), variant == "raw"))
    return cases


# --- the documented schemas -------------------------------------------------


@pytest.mark.parametrize(
    ("file", "cls", "raw"),
    [
        (
            "ECRPullThroughCacheActionEvent.primary.json",
            ecr.ECRPullThroughCacheActionEvent,
            False,
        ),
        (
            "ECRPullThroughCacheActionEvent.raw.json",
            ecr.ECRPullThroughCacheActionEvent,
            True,
        ),
        ("ECRPullThroughCacheAction.raw.json", ecr.ECRPullThroughCacheAction, True),
    ],
)
def test_documented_blocks_byte_for_byte(file: str, cls: type[Any], raw: bool) -> None:
    """The three JSON Schema blocks of the documented page (each file is the
    block plus the newline that ends the file)."""
    documented = (DOCUMENTED / file).read_bytes()
    assert documented.endswith(b"}\n") and not documented.endswith(b"\n\n")
    assert schema_text(cls, raw=raw).encode() == documented[:-1]


def test_botocraft_fixtures_cover_every_ecr_event_and_variant() -> None:
    covered = {(cls, raw) for _, cls, raw in _botocraft_files()}
    assert covered == {(cls, raw) for cls in EVENT_TYPES for raw in (False, True)}


@pytest.mark.parametrize(
    ("file", "cls", "raw"), _botocraft_files(), ids=[f for f, *_ in _botocraft_files()]
)
def test_equal_to_botocraft_published_schemas(
    file: str, cls: type[Any], raw: bool
) -> None:
    published = (BOTOCRAFT / file).read_text()
    assert json_schema(cls, raw=raw) == json.loads(published)
    # And in the same text, key order included.
    assert schema_text(cls, raw=raw) == published


botocraft_primary = pytest.importorskip("botocraft.eventbridge.ecr")
botocraft_raw = pytest.importorskip("botocraft.eventbridge.raw.ecr")


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=_ids)
def test_equal_to_botocraft_live_pydantic_schemas(cls: type[Any]) -> None:
    """Cross-check against the reference implementation itself: pydantic's
    ``model_json_schema()`` of botocraft's primary, raw and detail models."""
    primary = getattr(botocraft_primary, cls.__name__)
    raw = getattr(botocraft_raw, cls.__name__)
    detail = detail_type_of(cls)
    assert detail is not None
    raw_detail = getattr(importlib.import_module(raw.__module__), detail.__name__)
    assert json_schema(cls) == primary.model_json_schema()
    assert json_schema(cls, raw=True) == raw.model_json_schema()
    assert json_schema(detail, raw=True) == raw_detail.model_json_schema()


# --- variants ---------------------------------------------------------------


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=_ids)
def test_primary_is_raw_plus_session(cls: type[Any]) -> None:
    primary, raw = json_schema(cls), json_schema(cls, raw=True)
    assert list(primary["properties"])[-1] == "session"
    assert primary["properties"].pop("session") == {
        "anyOf": [{}, {"type": "null"}],
        "default": None,
        "title": "Session",
    }
    assert "session" not in primary["required"]
    assert "session" not in raw["properties"]
    assert primary["description"] == description_of(cls)
    assert raw["description"] == description_of(cls, raw=True)
    del primary["description"], raw["description"]
    assert primary == raw


def test_each_call_returns_a_new_document() -> None:
    cls = ecr.ECRPullThroughCacheActionEvent
    first = json_schema(cls)
    first["properties"]["session"]["anyOf"].append({"type": "string"})
    first["$defs"]["ECRPullThroughCacheAction"]["required"].clear()
    first["required"].clear()
    documented = DOCUMENTED / "ECRPullThroughCacheActionEvent.primary.json"
    assert schema_text(cls) + "\n" == documented.read_text()


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=_ids)
def test_detail_type_is_required_at_its_documented_position(cls: type[Any]) -> None:
    schema = json_schema(cls, raw=True)
    order = list(cls.__schema__.order or ebs.EventBridgeEvent.__schema__.order)
    assert list(schema["properties"]) == order
    assert schema["required"] == order
    assert schema["properties"]["detail-type"] == {
        "title": "Detail-Type",
        "type": "string",
    }


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=_ids)
def test_detail_schema_is_its_definition_in_the_event_schema(cls: type[Any]) -> None:
    detail = detail_type_of(cls)
    assert detail is not None
    own = json_schema(detail, raw=True)
    event = json_schema(cls, raw=True)
    definition = event["$defs"][detail.__name__]
    assert event["properties"]["detail"] == {"$ref": f"#/$defs/{detail.__name__}"}
    nested = own.pop("$defs", {})
    assert own == definition
    assert nested == {k: v for k, v in event["$defs"].items() if k != detail.__name__}


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=_ids)
@pytest.mark.parametrize("raw", [False, True], ids=["primary", "raw"])
def test_emitted_schemas_are_valid_draft_2020_12(cls: type[Any], raw: bool) -> None:
    Validator.check_schema(json_schema(cls, raw=raw))


# --- user-defined types ---------------------------------------------------------


class Size(enum.Enum):
    """Sizes.

    Of parcels."""

    SMALL = "S"
    LARGE = "L"


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Line(msgspec.Struct, frozen=True):
    """A line of an order.
    Indented further.
    """

    sku: str
    quantity: int = 1
    price: float | None = None


class Order(msgspec.Struct, rename="camel"):
    """An order."""

    order_id: str
    placed_at: dt.datetime
    lines: list[Line]
    size: Size
    priority: Priority = Priority.LOW
    gift: bool = False
    note: str | None = None
    tags: dict[str, str] | None = None
    extra: dict[str, Any] = msgspec.field(default_factory=dict)
    kind: Literal["retail", "wholesale"] = "retail"
    backup: Line | None = None
    main: Line = Line(sku="x")
    codes: set[str] = msgspec.field(default_factory=set)
    pair: tuple[int, str] | None = None
    anything: Any = None
    shipped_on: dt.date | None = None


class OrderPlaced(ebs.TypedEvent, tag="Order Placed"):
    """An order was placed.

    Emitted by the shop."""

    detail: Order


class Bare(msgspec.Struct):
    count: int


class BareEvent(ebs.TypedEvent, tag="Bare"):
    detail: Bare


def _pydantic_order() -> type[Any]:
    """The pydantic model botocraft would write for :class:`Order`."""
    from pydantic import BaseModel, Field

    class Size(enum.Enum):
        """Sizes.

        Of parcels."""

        SMALL = "S"
        LARGE = "L"

    class Priority(enum.IntEnum):
        LOW = 1
        HIGH = 2

    class Line(BaseModel):
        """A line of an order.
        Indented further.
        """

        sku: str
        quantity: int = 1
        price: float | None = None

    class Order(BaseModel):
        """An order."""

        order_id: str = Field(alias="orderId")
        placed_at: dt.datetime = Field(alias="placedAt")
        lines: list[Line]
        size: Size
        priority: Priority = Priority.LOW
        gift: bool = False
        note: str | None = None
        tags: dict[str, str] | None = None
        extra: dict[str, Any] = Field(default_factory=dict)
        kind: Literal["retail", "wholesale"] = "retail"
        backup: Line | None = None
        main: Line = Line(sku="x")
        codes: set[str] = Field(default_factory=set)
        pair: tuple[int, str] | None = None
        anything: Any = None
        shipped_on: dt.date | None = Field(None, alias="shippedOn")

    return Order


def test_user_detail_schema_equals_pydantic() -> None:
    """The same conventions as pydantic for any Struct: titles from JSON
    names, cleaned docstrings, enums, nested Structs, defaults (not for
    default factories), sets, tuples, literals, dates."""
    assert json_schema(Order) == _pydantic_order().model_json_schema()


def test_user_event_schema_comes_from_the_same_function() -> None:
    primary = json_schema(OrderPlaced)
    raw = json_schema(OrderPlaced, raw=True)
    assert primary["description"] == "An order was placed.\n\nEmitted by the shop."
    assert raw["description"] == primary["description"]
    assert list(primary["properties"]) == [*ebs.TypedEvent.__schema__.order, "session"]
    assert primary["properties"]["detail"] == {"$ref": "#/$defs/Order"}
    order = json_schema(Order)
    assert primary["$defs"] == {**order.pop("$defs"), "Order": order}
    assert list(primary["$defs"]) == ["Line", "Order", "Priority", "Size"]
    assert "session" not in raw["properties"]


def test_types_without_docstring_have_no_description() -> None:
    for schema in (json_schema(Bare), json_schema(BareEvent)):
        assert "description" not in schema
        assert list(schema)[:2] == ["title", "type"]
    assert "description" not in json_schema(BareEvent)["$defs"]["Bare"]
    assert "description" not in json_schema(Order)["$defs"]["Priority"]


class Node(msgspec.Struct):
    """A tree."""

    name: str
    children: list[Node] = msgspec.field(default_factory=list)


def test_recursive_types_refer_to_their_definition() -> None:
    from pydantic import BaseModel, Field

    class Node(BaseModel):  # the pydantic twin of the module-level Node
        """A tree."""

        name: str
        children: list[Node] = Field(default_factory=list)

    ours = json_schema(globals()["Node"])
    assert ours == Node.model_json_schema()
    tree = {"name": "a", "children": [{"name": "b", "children": [{"name": 1}]}]}
    assert not _validator(ours).is_valid(tree)
    tree["children"][0]["children"][0]["name"] = "c"
    assert _validator(ours).is_valid(tree)


class _Elsewhere:
    """A second namespace, for classes named like ours."""

    class Line(msgspec.Struct):
        code: int

    class ECRImageAction(msgspec.Struct):
        x: int


class Both(msgspec.Struct):
    ours: Line
    theirs: _Elsewhere.Line


class Clash(ebs.TypedEvent, tag="Clash"):
    detail: _Elsewhere.ECRImageAction


def test_classes_sharing_a_name_get_distinct_definitions() -> None:
    schema = json_schema(Both)
    refs = {schema["properties"][k]["$ref"] for k in ("ours", "theirs")}
    assert len(refs) == 2 and len(schema["$defs"]) == 2
    validator = _validator(schema)
    assert validator.is_valid({"ours": {"sku": "a"}, "theirs": {"code": 1}})
    assert not validator.is_valid({"ours": {"code": 1}, "theirs": {"code": 1}})


class Tagged(msgspec.Struct, tag="tagged", forbid_unknown_fields=True):
    value: int


def test_tagged_and_strict_structs_describe_what_msgspec_accepts() -> None:
    """A tagged Struct's tag is a required constant (as in msgspec's own
    schemas: a union needs it); unknown fields of a strict Struct are out."""
    schema = json_schema(Tagged)
    assert schema["properties"]["type"] == {
        "const": "tagged",
        "title": "Type",
        "type": "string",
    }
    assert schema["required"] == ["type", "value"]
    assert schema["additionalProperties"] is False
    validator = _validator(schema)
    assert validator.is_valid(json.loads(msgspec.json.encode(Tagged(value=1))))
    for doc in (
        {"type": "x", "value": 1},
        {"type": "tagged", "value": "1"},
        {"type": "tagged", "value": 1, "extra": 0},
    ):
        assert not validator.is_valid(doc)
        with pytest.raises(msgspec.ValidationError):
            msgspec.convert(doc, Tagged)


@dataclasses.dataclass
class Parcel:
    weight: float
    label: str | None = None


@dataclasses.dataclass
class Documented:
    """A documented dataclass."""

    size: Size


class Address(TypedDict):
    """Where to."""

    street: str
    number: int


class Shipment(msgspec.Struct):
    parcel: Parcel
    documented: Documented
    address: Address


def test_dataclasses_and_typed_dicts_follow_pydantic() -> None:
    from pydantic import TypeAdapter

    defs = json_schema(Shipment)["$defs"]
    assert sorted(defs) == ["Address", "Documented", "Parcel", "Size"]
    for cls in (Parcel, Documented, Address):
        theirs = TypeAdapter(cls).json_schema()
        for name, definition in theirs.pop("$defs", {}).items():
            assert defs[name] == definition
        assert defs[cls.__name__] == theirs


class Wire(msgspec.Struct):
    """Types whose JSON form is msgspec's: described as msgspec writes them."""

    blob: bytes
    wait: dt.timedelta
    ident: uuid.UUID
    amount: decimal.Decimal
    day: dt.date
    clock: dt.time
    flags: frozenset[int]
    point: tuple[int, str]
    counts: dict[Annotated[str, msgspec.Meta(pattern="^[a-z]+$")], int]
    label: Annotated[str, msgspec.Meta(min_length=2, max_length=4)]
    score: Annotated[float, msgspec.Meta(ge=0, lt=1)]


WIRE = Wire(
    blob=b"\x00\xffdata",
    wait=dt.timedelta(hours=1, seconds=3),
    ident=uuid.UUID(int=7),
    amount=decimal.Decimal("1.25"),
    day=dt.date(2024, 2, 29),
    clock=dt.time(12, 30, tzinfo=dt.timezone.utc),
    flags=frozenset({1, 2}),
    point=(1, "a"),
    counts={"abc": 1},
    label="abc",
    score=0.5,
)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("blob", 3),
        ("wait", 3600),
        ("ident", "not-a-uuid"),
        ("day", "2024-02-30"),
        ("point", [1, "a", 2]),
        ("point", ["a", 1]),
        ("counts", {"ABC": 1}),
        ("label", "a"),
        ("label", "abcde"),
        ("score", 1),
        ("score", -0.1),
    ],
)
def test_msgspec_wire_types_validate_and_violations_are_rejected(
    key: str, value: Any
) -> None:
    validator = _validator(json_schema(Wire))
    doc = json.loads(msgspec.json.encode(WIRE))
    assert validator.is_valid(doc)
    assert msgspec.convert(doc, Wire, strict=False) == WIRE
    doc[key] = value
    assert not validator.is_valid(doc)
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(json.dumps(doc), type=Wire)


def test_types_without_a_schema_are_a_type_error() -> None:
    class Row(msgspec.Struct, array_like=True):
        a: int

    with pytest.raises(TypeError, match="array_like"):
        json_schema(Row)
    with pytest.raises(TypeError, match="Struct class"):
        json_schema(int)
    with pytest.raises(TypeError, match="Struct class"):
        json_schema("ECRImageActionEvent")  # type: ignore[arg-type]


# --- the schema/ folder -------------------------------------------------------


def test_schema_folder_is_up_to_date() -> None:
    """``schema/`` holds exactly what ``make schema`` writes for botocraft's
    64 documented types; regenerate it with ``make schema`` when this fails."""
    sys.path.insert(0, str(ROOT / "tools"))
    import write_schemas

    expected = write_schemas.files()
    present = {p.name: p.read_text() for p in SCHEMA_DIR.glob("*.json")}
    assert sorted(present) == sorted(expected), "run `make schema`"
    stale = [name for name in expected if present[name] != expected[name]]
    assert not stale, f"stale: {stale}; run `make schema`"


def test_schema_files_name_every_variant() -> None:
    files = schema_files(EVENT_TYPES)
    for cls in EVENT_TYPES:
        detail = detail_type_of(cls)
        assert detail is not None
        assert files[f"{cls.__name__}.json"] == schema_text(cls) + "\n"
        assert files[f"{cls.__name__}.raw.json"] == schema_text(cls, raw=True) + "\n"
        assert files[f"{detail.__name__}.raw.json"] == (
            schema_text(detail, raw=True) + "\n"
        )
    assert len(files) == 3 * len(EVENT_TYPES)
    documented = (
        DOCUMENTED / "ECRPullThroughCacheActionEvent.primary.json"
    ).read_text()
    assert files["ECRPullThroughCacheActionEvent.json"] == documented


def test_the_schema_command_writes_every_built_in_type(tmp_path: Path) -> None:
    """``eventbridge-structs schema --out DIR``, in a fresh interpreter:
    botocraft's documented types as committed in ``schema/``, and every
    other built-in type too."""
    result = subprocess.run(
        [sys.executable, "-m", "eventbridge_structs", "schema", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in SCHEMA_DIR.glob("*.json")}
    # A name two modules share is qualified by its module in the full set.
    texts = set(written.values())
    assert all(text in texts for text in committed.values())
    assert "EC2InstanceStateChangeNotificationEvent.json" in written


# --- the schema command -------------------------------------------------------


def test_cli_prints_the_documented_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", "ECRPullThroughCacheActionEvent"]) == 0
    out = capsys.readouterr().out
    assert (
        out == (DOCUMENTED / "ECRPullThroughCacheActionEvent.primary.json").read_text()
    )
    assert cli.main(["schema", "ECRPullThroughCacheActionEvent", "--raw"]) == 0
    out = capsys.readouterr().out
    assert out == (DOCUMENTED / "ECRPullThroughCacheActionEvent.raw.json").read_text()
    assert cli.main(["schema", "ECRPullThroughCacheAction", "--raw"]) == 0
    out = capsys.readouterr().out
    assert out == (DOCUMENTED / "ECRPullThroughCacheAction.raw.json").read_text()


def test_cli_unknown_name_lists_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", "ECRNoSuchEvent"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown event or detail type 'ECRNoSuchEvent'" in captured.err
    for cls in EVENT_TYPES:
        assert cls.__name__ in captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["schema"], "give an event or detail type NAME, or --out DIR"),
        (["schema", "--out", "x", "--raw"], "--raw applies to printing only"),
        (["schema", "ECRPullThroughCacheAction", "--out", "x"], "takes an event type"),
        (["schema", "no.such.module:Thing"], "cannot import 'no.such.module:Thing'"),
        (["schema", "eventbridge_structs.ecr:SOURCE"], "is not a class"),
    ],
)
def test_cli_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_takes_an_import_path_for_user_types(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["schema", f"{__name__}:OrderPlaced"]) == 0
    assert capsys.readouterr().out == schema_text(OrderPlaced) + "\n"
    assert cli.main(["schema", f"{__name__}:OrderPlaced", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "Order.raw.json",
        "OrderPlaced.json",
        "OrderPlaced.raw.json",
    ]


def test_registered_user_types_are_known_by_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ebs.register(OrderPlaced, source="com.example.shop")
    try:
        assert find_type("OrderPlaced") is OrderPlaced
        assert find_type("Order") is Order
        assert cli.main(["schema", "Order", "--raw"]) == 0
        assert capsys.readouterr().out == schema_text(Order, raw=True) + "\n"
    finally:
        ebs.unregister("com.example.shop", "Order Placed")
    with pytest.raises(LookupError, match="known types: ACMAWSAPICallViaCloudTrail"):
        find_type("OrderPlaced")


def test_known_types_qualify_names_that_clash() -> None:
    names = known_types([ecr.ECRImageActionEvent, Clash])
    assert names["eventbridge_structs.ecr.ECRImageAction"] is ecr.ECRImageAction
    assert names[f"{__name__}._Elsewhere.ECRImageAction"] is (_Elsewhere.ECRImageAction)
    assert "ECRImageAction" not in names
    assert names["Clash"] is Clash


def test_write_schemas_creates_the_directory(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "schema"
    written = write_schemas(out, [ecr.ECRImageActionEvent])
    assert sorted(p.name for p in written) == [
        "ECRImageAction.raw.json",
        "ECRImageActionEvent.json",
        "ECRImageActionEvent.raw.json",
    ]
    assert (out / "ECRImageActionEvent.json").read_text() == (
        schema_text(ecr.ECRImageActionEvent) + "\n"
    )


def test_python_dash_m_runs_the_schema_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "eventbridge_structs", "schema", "ECRImageAction"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == schema_text(ecr.ECRImageAction) + "\n"
    result = subprocess.run(
        [sys.executable, "-m", "eventbridge_structs", "schema", "Nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "known types:" in result.stderr


# --- generated events against the schemas ------------------------------------


_VALIDATORS = {
    (cls, raw): _validator(json_schema(cls, raw=raw))
    for cls in EVENT_TYPES
    for raw in (False, True)
}


def test_date_time_format_is_checked() -> None:
    assert "date-time" in Validator.FORMAT_CHECKER.checkers
    schema = json_schema(ecr.ECRAWSAPICallViaCloudTrail)
    doc = json.loads((EXAMPLES / "cloudtrail-batch-get-image.json").read_text())
    assert _validator(schema).is_valid(doc["detail"])
    doc["detail"]["eventTime"] = "2024-02-30T10:00:00Z"
    assert not _validator(schema).is_valid(doc["detail"])


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=_ids)
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_generated_events_validate(cls: type[Any], data: st.DataObject) -> None:
    event = data.draw(strategies.events(cls))
    doc = json.loads(ebs.encode(event))
    for raw in (False, True):
        errors = list(_VALIDATORS[cls, raw].iter_errors(doc))
        assert not errors, errors[0].message


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=_ids)
@given(data=st.data())
@settings(max_examples=40, deadline=None)
def test_real_world_documents_validate(cls: type[Any], data: st.DataObject) -> None:
    """Documents with optional fields left out and unknown keys added."""
    doc, _ = data.draw(strategies.documents(cls))
    doc = json.loads(json.dumps(doc))
    for raw in (False, True):
        errors = list(_VALIDATORS[cls, raw].iter_errors(doc))
        assert not errors, errors[0].message


def _branches(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives a value may match: ``anyOf`` flattened, refs
    resolved."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _branches(root["$defs"][name], root)
    if "anyOf" in schema:
        return [b for alt in schema["anyOf"] for b in _branches(alt, root)]
    return [schema]


def _accepted_types(branches: list[dict[str, Any]]) -> set[str] | None:
    """The JSON types the branches accept; None when anything goes."""
    types: set[str] = set()
    for branch in branches:
        if "type" not in branch:
            return None
        types.add(branch["type"])
    if "number" in types:
        types.add("integer")
    return types


_WRONG = [
    ("integer", 12345),
    ("string", "wrong"),
    ("array", [1]),
    ("object", {"k": 1}),
    ("boolean", True),
]


def _mutations(
    value: Any, schema: dict[str, Any], root: dict[str, Any], path: str
) -> list[tuple[str, Any]]:
    """Every way to break ``value`` once: ``(path, replacement)`` with the
    replacement ``_MISSING`` for a dropped required key."""
    out: list[tuple[str, Any]] = []
    branches = _branches(schema, root)
    accepted = _accepted_types(branches)
    if accepted is not None:
        # Epoch seconds are a datetime in lax mode (pydantic's and msgspec's),
        # so a date-time gets another wrong type.
        dated = any(b.get("format") == "date-time" for b in branches)
        wrong = next(
            v
            for kind, v in _WRONG
            if kind not in accepted and not (dated and kind == "integer")
        )
        out.append((path, wrong))
        if dated:
            out.append((path, "2024-13-45 not a date"))
    if isinstance(value, dict):
        obj = next((b for b in branches if "properties" in b), None)
        if obj is not None:
            for key in obj.get("required", []):
                out.append((f"{path}/{key}", _MISSING))
            for key, sub in obj["properties"].items():
                if key in value:
                    out += _mutations(value[key], sub, root, f"{path}/{key}")
    elif isinstance(value, list) and value:
        arr = next((b for b in branches if "items" in b), None)
        if arr is not None:
            out += _mutations(value[0], arr["items"], root, f"{path}/0")
    return out


_MISSING = object()


def _assert_rejected(cls: type[Any], broken: Any, path: str) -> None:
    """The schemas (both variants) and ``decode`` all reject ``broken``."""
    for raw in (False, True):
        assert not _VALIDATORS[cls, raw].is_valid(broken), path
    data = json.dumps(broken).encode()
    with pytest.raises(ebs.DecodeError):
        ebs.decode(data)
    with pytest.raises(ebs.DecodeError):
        ebs.decode(data, type=cls)
    with pytest.raises(ebs.DecodeError):
        ebs.convert(broken, type=cls)


def _apply(doc: Any, path: str, replacement: Any) -> Any:
    doc = json.loads(json.dumps(doc))
    *parents, last = path.split("/")[1:]
    target = doc
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if replacement is _MISSING:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = replacement
    else:
        target[last] = replacement
    return doc


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=_ids)
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_documents_breaking_the_schema_are_rejected_by_schema_and_decode(
    cls: type[Any], data: st.DataObject
) -> None:
    event = data.draw(strategies.events(cls))
    doc = json.loads(ebs.encode(event))
    schema = json_schema(cls, raw=True)
    mutations = _mutations(doc, schema, schema, "")
    mutations = [m for m in mutations if m[0]]  # not the whole document
    path, replacement = data.draw(st.sampled_from(mutations))
    _assert_rejected(cls, _apply(doc, path, replacement), path)


def _examples() -> list[tuple[str, type[Any], dict[str, Any]]]:
    cases = []
    for path in sorted(EXAMPLES.glob("*.json")):
        doc = json.loads(path.read_text())
        cls = ebs.event_type_for(doc["source"], doc["detail-type"])
        if cls in EVENT_TYPES:  # the ECR examples
            cases.append((path.name, cls, doc))
    return cases


def test_examples_cover_every_ecr_event_type() -> None:
    assert {cls for _, cls, _ in _examples()} == set(EVENT_TYPES)


@pytest.mark.parametrize(
    ("name", "cls", "doc"), _examples(), ids=[n for n, *_ in _examples()]
)
def test_documented_examples_validate_and_every_breakage_is_rejected(
    name: str, cls: type[Any], doc: dict[str, Any]
) -> None:
    """Each bundled example event validates; each single breakage of it
    (every required key dropped, every value of a wrong type, every bad
    date-time) is rejected by the schemas and by ``decode`` alike."""
    for raw in (False, True):
        assert _VALIDATORS[cls, raw].is_valid(doc)
    schema = json_schema(cls, raw=True)
    mutations = [m for m in _mutations(doc, schema, schema, "") if m[0]]
    dropped = {path for path, r in mutations if r is _MISSING}
    detail = detail_type_of(cls)
    assert detail is not None
    required = schema["required"] + [
        f"detail/{key}" for key in schema["$defs"][detail.__name__]["required"]
    ]
    assert {f"/{key}" for key in required} <= dropped
    for path, replacement in mutations:
        _assert_rejected(cls, _apply(doc, path, replacement), path)


def test_explicit_type_decode_requires_detail_type() -> None:
    doc = json.loads((EXAMPLES / "image-scan.json").read_text())
    del doc["detail-type"]
    assert not _VALIDATORS[ecr.ECRImageScanEvent, True].is_valid(doc)
    for call in (
        lambda: ebs.decode(json.dumps(doc), type=ecr.ECRImageScanEvent),
        lambda: ebs.convert(doc, type=ecr.ECRImageScanEvent),
    ):
        with pytest.raises(ebs.DecodeError) as info:
            call()
        assert info.value.path == "$.detail-type"


# --- every event type botocraft models ----------------------------------------

SPECS = ROOT / "specs" / "botocraft-0.36.0"
CATALOGUE = json.loads((SPECS / "catalogue.json").read_text())


def _catalogue_class(module: str, name: str) -> type[Any]:
    cls: type[Any] = getattr(
        importlib.import_module(f"eventbridge_structs.{module}"), name
    )
    return cls


@pytest.mark.parametrize(
    ("module", "name"),
    [row[2:] for row in CATALOGUE],
    ids=[row[3] for row in CATALOGUE],
)
def test_every_botocraft_type_has_botocrafts_schemas(module: str, name: str) -> None:
    """Primary and raw, equal as parsed JSON and as the documentation's
    ``json.dumps(schema, indent=3)`` text."""
    entry = json.loads((SPECS / module / f"{name}.json").read_text())
    cls = _catalogue_class(module, name)
    for variant, raw in (("primary", False), ("raw", True)):
        assert json_schema(cls, raw=raw) == entry[variant]
        assert schema_text(cls, raw=raw) == json.dumps(entry[variant], indent=3)


def test_every_botocraft_type_is_in_the_catalogue_without_imports() -> None:
    script = (
        "import sys, eventbridge_structs as ebs\n"
        "assert not [m for m in sys.modules if m.startswith('eventbridge_structs.')"
        " and m.rsplit('.', 1)[1] in ebs._EVENT_MODULES]\n"
        "from botocraft.eventbridge.factory import EventFactory\n"
        "for (s, d), c in EventFactory.event_class_map.items():\n"
        "    ours = ebs.event_type_for(s, d)\n"
        "    assert ours is not None and ours.__name__ == c.__name__, (s, d)\n"
        "    module = c.__module__.rsplit('.', 1)[1]\n"
        "    assert ours.__module__ == 'eventbridge_structs.' + module\n"
        "print(len(EventFactory.event_class_map))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "64"


def test_the_export_is_botocrafts_live_schemas() -> None:
    """specs/ is what the pinned botocraft's pydantic models say."""
    from botocraft.eventbridge.factory import EventFactory

    for (_, _), cls in EventFactory.event_class_map.items():
        module = cls.__module__.rsplit(".", 1)[1]
        entry = json.loads((SPECS / module / f"{cls.__name__}.json").read_text())
        assert entry["primary"] == cls.model_json_schema()
