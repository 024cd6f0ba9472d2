"""``eventbridge_structs.codegen`` and ``eventbridge-structs codegen``: your
own events' schemas (schema registry exports, or this package's JSON
Schemas) into a module of Structs that registers its events."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest

import eventbridge_structs as ebs
from eventbridge_structs.codegen import CodegenError, events_of, generate
from eventbridge_structs.schema import json_schema, openapi3

from . import strategies

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "specs" / "aws-service-spec-0.1.216"


def _load(text: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    # dont_inherit: not this file's `from __future__ import annotations`.
    exec(compile(text, f"{name}.py", "exec", dont_inherit=True), module.__dict__)
    return module


def _unregister(module: types.ModuleType) -> None:
    for cls in module.EVENT_TYPES:
        for (source, detail_type), registered in list(ebs.registered().items()):
            if registered is cls:
                ebs.unregister(source, detail_type)


def _fields(cls: type[Any]) -> list[tuple[str, str, bool]]:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    return [(f.name, f.encode_name, f.required) for f in info.fields]


@pytest.mark.parametrize(
    "cls",
    strategies.BOTOCRAFT_EVENT_TYPES,
    ids=[c.__name__ for c in strategies.BOTOCRAFT_EVENT_TYPES],
)
def test_codegen_of_a_json_schema_gives_the_same_class(cls: type[Any]) -> None:
    """For every botocraft type: the same fields (Python names, JSON names,
    required) and an equal schema, primary and raw."""
    text = generate(
        [json_schema(cls)],
        source=f"test.codegen.{cls.__name__}",
        detail_type=cls.__struct_config__.tag,
    )
    module = _load(text, f"generated_{cls.__name__}")
    try:
        ours = getattr(module, cls.__name__)
        assert ours.__struct_config__.tag == cls.__struct_config__.tag
        assert _fields(ours) == _fields(cls)
        detail = json_schema(cls)["properties"]["detail"]["$ref"].rsplit("/", 1)[1]
        assert _fields(getattr(module, detail, ours)) is not None
        for raw in (False, True):
            theirs = json_schema(cls, raw=raw)
            mine = json_schema(ours, raw=raw)
            # The raw model's title and description are the primary's here.
            for key in ("title", "description"):
                theirs.pop(key, None), mine.pop(key, None)
            assert mine == theirs
    finally:
        _unregister(module)


@pytest.mark.parametrize(
    "cls",
    strategies.BOTOCRAFT_EVENT_TYPES,
    ids=[c.__name__ for c in strategies.BOTOCRAFT_EVENT_TYPES],
)
def test_openapi3_parses_back_through_codegen(cls: type[Any]) -> None:
    """``schema --format openapi3`` is what the registry takes and what
    codegen reads: the same JSON names, required where required."""
    document = openapi3(cls)
    aws_event = document["components"]["schemas"]["AWSEvent"]
    assert aws_event["x-amazon-events-detail-type"] == cls.__struct_config__.tag
    (spec,) = events_of(document, strict=True)
    assert spec.source == aws_event["x-amazon-events-source"][0]
    text = generate([document], strict=True)
    module = _load(text.replace("register(", "(lambda *a, **k: None)("), "roundtrip")
    (ours,) = module.EVENT_TYPES
    mine = {(j, r) for _, j, r in _fields(ours)}
    assert mine == {(j, r) for _, j, r in _fields(cls)}
    detail = msgspec.inspect.type_info(ours).fields  # type: ignore[attr-defined]
    assert any(f.encode_name == "detail" for f in detail)


REGISTRY_EXPORT = {
    "openapi": "3.0.0",
    "info": {"version": "1.0.0", "title": "OrderPlaced"},
    "paths": {},
    "components": {
        "schemas": {
            "AWSEvent": {
                "type": "object",
                "required": [
                    "detail-type",
                    "resources",
                    "detail",
                    "id",
                    "source",
                    "time",
                    "region",
                    "version",
                    "account",
                ],
                "x-amazon-events-detail-type": "Order Placed",
                "x-amazon-events-source": ["com.example.orders"],
                "properties": {
                    "detail": {"$ref": "#/components/schemas/OrderPlaced"},
                    "account": {"type": "string"},
                    "detail-type": {"type": "string"},
                    "id": {"type": "string"},
                    "region": {"type": "string"},
                    "resources": {"type": "array", "items": {"type": "string"}},
                    "source": {"type": "string"},
                    "time": {"type": "string", "format": "date-time"},
                    "version": {"type": "string"},
                },
            },
            "OrderPlaced": {
                "type": "object",
                "required": ["order-id", "total", "lines"],
                "properties": {
                    "order-id": {"type": "string"},
                    "total": {"type": "number"},
                    "lines": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Line"},
                    },
                    "customer": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string"},
                            "class": {"type": "string"},
                        },
                    },
                    "note": {"type": "string", "nullable": True},
                },
            },
            "Line": {
                "type": "object",
                "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
            },
        }
    },
}

ORDER = {
    "version": "0",
    "id": "1",
    "detail-type": "Order Placed",
    "source": "com.example.orders",
    "account": "123456789012",
    "time": "2024-01-01T00:00:00Z",
    "region": "eu-west-1",
    "resources": [],
    "detail": {"order-id": "o-1", "total": 12, "lines": [{"sku": "a", "qty": 2}]},
}


def test_a_registry_export_becomes_a_registered_lenient_module() -> None:
    text = generate([REGISTRY_EXPORT])
    module = _load(text, "orders")
    try:
        event = ebs.decode(json.dumps(ORDER))
        assert type(event) is module.OrderPlacedEvent
        assert event.detail.order_id == "o-1"
        assert event.detail.total == 12 and isinstance(event.detail.total, int)
        assert event.detail.customer is None
        # Lenient: a required member AWS leaves out is None.
        doc = json.loads(json.dumps(ORDER))
        del doc["detail"]["order-id"]
        assert ebs.decode(json.dumps(doc)).detail.order_id is None
        # The envelope stays strict.
        del doc["account"]
        with pytest.raises(ebs.DecodeError, match="account"):
            ebs.decode(json.dumps(doc))
        # A keyword as a JSON name gets a Python name of its own.
        customer = module.Customer(id="c", class_="gold")
        assert msgspec.json.decode(msgspec.json.encode(customer)) == {
            "id": "c",
            "class": "gold",
        }
    finally:
        _unregister(module)


def test_strict_keeps_required_fields() -> None:
    module = _load(generate([REGISTRY_EXPORT], strict=True), "orders_strict")
    try:
        doc = json.loads(json.dumps(ORDER))
        del doc["detail"]["order-id"]
        with pytest.raises(ebs.DecodeError) as info:
            ebs.decode(json.dumps(doc))
        assert info.value.path == "$.detail.order-id"
    finally:
        _unregister(module)


def test_a_draft4_export() -> None:
    schemas = REGISTRY_EXPORT["components"]["schemas"]  # type: ignore[index]
    text = json.dumps(schemas).replace("#/components/schemas/", "#/definitions/")
    defs = json.loads(text)
    aws_event = defs.pop("AWSEvent")
    document = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "OrderPlaced",
        "definitions": defs,
        **aws_event,
    }
    module = _load(generate([document]), "orders_draft4")
    try:
        assert type(ebs.decode(json.dumps(ORDER))) is module.OrderPlacedEvent
    finally:
        _unregister(module)


def _broken(path: list[str], value: Any) -> dict[str, Any]:
    document = json.loads(json.dumps(REGISTRY_EXPORT))
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            _broken(
                [
                    "components",
                    "schemas",
                    "OrderPlaced",
                    "properties",
                    "lines",
                    "items",
                ],
                {"$ref": "#/components/schemas/Nope"},
            ),
            "unresolvable $ref '#/components/schemas/Nope'",
        ),
        (
            _broken(
                ["components", "schemas", "Line", "properties", "qty"],
                {"type": "integer", "minimum": 1},
            ),
            "unsupported keywords ['minimum']",
        ),
        (
            _broken(
                ["components", "schemas", "line"], {"type": "object", "properties": {}}
            ),
            "two schemas are both called 'Line'",
        ),
        (
            _broken(
                ["components", "schemas", "AWSEvent", "x-amazon-events-source"], None
            ),
            "no x-amazon-events-source",
        ),
    ],
    ids=["ref", "keyword", "clash", "source"],
)
def test_bad_schemas_name_the_schema_path(document: Any, message: str) -> None:
    with pytest.raises(CodegenError) as info:
        generate([document])
    assert message in str(info.value)
    assert str(info.value).startswith("schema[0]")


def test_the_command(tmp_path: Path) -> None:
    schema = tmp_path / "orders.json"
    schema.write_text(json.dumps(REGISTRY_EXPORT))
    out = tmp_path / "orders_events.py"
    command = [sys.executable, "-m", "eventbridge_structs", "codegen"]
    done = subprocess.run(
        [*command, str(schema), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    script = (
        f"import sys, json; sys.path.insert(0, {str(tmp_path)!r})\n"
        "import eventbridge_structs as ebs, orders_events\n"
        f"print(type(ebs.decode({json.dumps(ORDER)!r})).__name__)\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert ran.stdout.strip() == "OrderPlacedEvent", ran.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_broken(["components", "schemas", "AWSEvent"], 1)))
    failed = subprocess.run([*command, str(bad)], capture_output=True, text=True)
    assert failed.returncode == 2
    assert failed.stderr.startswith(f"eventbridge-structs codegen: error: {bad}")
    assert "Traceback" not in failed.stderr


def test_the_built_in_registry_types_come_from_the_same_generator() -> None:
    """Each vendored registry event that botocraft does not model is a
    built-in type, generated by codegen's lenient rules."""
    index = json.loads((REGISTRY / "index.json").read_text())
    botocraft = {(c.__module__, c.__name__) for c in strategies.BOTOCRAFT_EVENT_TYPES}
    typed = 0
    for entry in index:
        cls = ebs.event_type_for(entry["source"], entry["detail_type"])
        assert cls is not None, entry
        if (cls.__module__, cls.__name__) in botocraft:
            continue
        typed += 1
        assert cls.__module__.startswith("eventbridge_structs.aws.")
        (spec,) = events_of(json.loads((REGISTRY / entry["file"]).read_text()))
        assert spec.class_name == cls.__name__ and spec.lenient
    assert typed > 300


def test_the_generated_module_passes_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    module = tmp_path / "orders_events.py"
    module.write_text(generate([REGISTRY_EXPORT]))
    use = tmp_path / "use_orders.py"
    use.write_text(
        "import eventbridge_structs as ebs\n"
        "from orders_events import OrderPlacedEvent\n\n"
        "def total(data: bytes) -> float | None:\n"
        "    event = ebs.decode(data, type=OrderPlacedEvent)\n"
        "    return event.detail.total\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            str(module),
            str(use),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_registry_types_take_what_aws_samples_send() -> None:
    """Lenient on purpose, and measured: no AWS sample of a registry type is
    rejected below the envelope (the envelope stays strict)."""
    samples = ROOT / "tests" / "fixtures" / "samples"
    checked = 0
    for path in sorted(samples.glob("*/*.json")):
        event = json.loads(path.read_bytes())["event"]
        cls = ebs.event_type_for(event.get("source"), event.get("detail-type"))
        if cls is None or not cls.__module__.startswith("eventbridge_structs.aws."):
            continue
        checked += 1
        try:
            ebs.decode(json.dumps(event))
        except ebs.DecodeError as exc:
            assert not exc.path.startswith("$.detail"), (path.name, exc)
    assert checked > 50
