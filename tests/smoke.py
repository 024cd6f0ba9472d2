"""What a user does with the package, run as a script under whichever Python
and msgspec install it (tests/test_packaging.py runs it under the minimum
msgspec and under every supported Python on this machine).

    python tests/smoke.py [SAMPLES_DIR]

It needs only the package and msgspec (no test dependencies): decode,
encode, convert, decode_many, decode_lines, ``eventbridge-structs schema``
(``python -m eventbridge_structs``, which reads ``msgspec.inspect``) and
``codegen`` of your own event, and a decode of every built-in type
(``registered()``) from a document that sets every field. Each check asserts
what a user relies on; the script prints a JSON report on stdout (per type
and per sample: the class decoded, or the error path, and a digest of what
``encode`` wrote), so that two installs can be compared.
"""

from __future__ import annotations

import enum
import hashlib
import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi

import eventbridge_structs as ebs
from eventbridge_structs.codegen import generate
from eventbridge_structs.schema import json_schema

ENVELOPE = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "account": "123456789012",
    "time": "2024-05-06T07:08:09Z",
    "region": "eu-west-1",
    "resources": ["arn:aws:ecr:eu-west-1:123456789012:repository/app"],
}


def value_of(info: mi.Type, depth: int = 0) -> Any:
    """A JSON value of type ``info`` that sets every field it can."""
    if isinstance(info, mi.Metadata):
        return value_of(info.type, depth)
    if isinstance(info, mi.UnionType):
        members = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return value_of(members[0], depth) if members else None
    if isinstance(info, (mi.StrType, mi.AnyType)):
        return "text"
    if isinstance(info, mi.BoolType):
        return True
    if isinstance(info, mi.IntType):
        return 2
    if isinstance(info, mi.FloatType):
        return 2.5
    if isinstance(info, mi.NoneType):
        return None
    if isinstance(info, mi.DateTimeType):
        return "2024-05-06T07:08:09.123Z"
    if isinstance(info, mi.EnumType):
        member = next(iter(info.cls))
        assert isinstance(member, enum.Enum)
        return member.value
    if isinstance(info, mi.LiteralType):
        return info.values[0]
    if isinstance(info, (mi.ListType, mi.SetType, mi.FrozenSetType)):
        return [] if depth > 6 else [value_of(info.item_type, depth + 1)]
    if isinstance(info, mi.VarTupleType):
        return [] if depth > 6 else [value_of(info.item_type, depth + 1)]
    if isinstance(info, mi.DictType):
        key = value_of(info.key_type, depth + 1)
        return {} if depth > 6 else {str(key): value_of(info.value_type, depth + 1)}
    if isinstance(info, mi.StructType):
        doc: dict[str, Any] = {}
        if info.tag_field is not None:
            doc[info.tag_field] = info.tag
        for field in info.fields:
            if depth > 6 and not field.required:
                continue
            doc[field.encode_name] = value_of(field.type, depth + 1)
        return doc
    raise AssertionError(f"no value for {info!r}")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def every_registered_type() -> dict[str, Any]:
    """Each built-in (source, detail-type) decodes, from a document setting
    every field, into its class; encode gives JSON that decodes back equal."""
    report: dict[str, Any] = {}
    table = ebs.registered()
    assert len(table) > 400, len(table)
    for (source, detail_type), cls in table.items():
        info = mi.type_info(cls)
        assert isinstance(info, mi.StructType)
        doc = {f.encode_name: value_of(f.type) for f in info.fields}
        doc.update(ENVELOPE, source=source)
        doc["detail-type"] = detail_type
        raw = json.dumps(doc).encode()
        event = ebs.decode(raw)
        assert type(event) is cls, (source, detail_type, type(event))
        assert event.source == source and event.detail_type == detail_type
        out = ebs.encode(event)
        assert ebs.decode(out) == event, (source, detail_type)
        assert ebs.convert(json.loads(raw)) == event, (source, detail_type)
        report[f"{source} | {detail_type}"] = [cls.__name__, digest(out)]
    return report


def samples(folder: Path) -> dict[str, Any]:
    """AWS's sample events: the class each decodes into (or the path of the
    error), and what encode writes."""
    report: dict[str, Any] = {}
    for path in sorted(folder.glob("*/*.json")):
        doc = json.loads(path.read_bytes())["event"]
        name = f"{path.parent.name}/{path.name}"
        try:
            event = ebs.decode(json.dumps(doc))
        except ebs.DecodeError as exc:
            report[name] = ["DecodeError", exc.path]
            continue
        report[name] = [type(event).__name__, digest(ebs.encode(event))]
    assert report, f"no samples in {folder}"
    return report


class OrderDetail(msgspec.Struct, frozen=True, rename="kebab"):
    order_id: str
    total_cents: int


class OrderPlaced(ebs.TypedEvent, frozen=True, tag="Order Placed"):
    detail: OrderDetail


def own_events() -> None:
    """register, decode_many / decode_lines, the JSON Schema and codegen of
    your own event."""
    ebs.register(OrderPlaced, source="com.example.orders")
    doc: dict[str, Any] = dict(ENVELOPE, source="com.example.orders")
    doc["detail-type"] = "Order Placed"
    doc["detail"] = {"order-id": "o-1", "total-cents": 1250}
    line = json.dumps(doc)
    (first,) = ebs.decode_many(f"[{line}]")
    assert isinstance(first, OrderPlaced) and first.detail.total_cents == 1250
    assert ebs.decode_lines(f"{line}\n{line}\n") == [first, first]
    try:
        ebs.decode(line.replace("1250", '"lots"'))
    except ebs.DecodeError as exc:
        assert exc.path == "$.detail.total-cents", exc.path
    else:
        raise AssertionError("a string total decoded")

    schema = json_schema(OrderPlaced, raw=True)
    assert "detail" in schema["properties"], schema
    source = generate(
        [schema], source="com.example.generated", detail_type="Order Placed"
    )
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "generated_orders.py").write_text(source)
        sys.path.insert(0, tmp)
        try:
            module = importlib.import_module("generated_orders")
        finally:
            sys.path.remove(tmp)
    generated = ebs.decode(line.replace("com.example.orders", "com.example.generated"))
    assert type(generated).__module__ == module.__name__, type(generated)
    assert generated.detail.order_id == "o-1"


def schema_command() -> None:
    """``eventbridge-structs schema`` on a few classes, built in and yours."""
    for args in (
        ["ECRPullThroughCacheActionEvent"],
        ["ECSTaskStateChangeEvent", "--raw"],
        ["SSMParameterStoreChangeDetail"],
        ["CodePipelineActionExecutionStateChangeEvent", "--format", "openapi3"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "eventbridge_structs", "schema", *args],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, (args, done.stderr)
        schema = json.loads(done.stdout)
        assert schema.get("properties") or schema.get("components"), args
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "eventbridge_structs", "schema", "--out", tmp],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert len(list(Path(tmp).rglob("*.json"))) > 400


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).parent / "fixtures" / "samples"
    report = {
        "types": every_registered_type(),
        "samples": samples(folder),
    }
    own_events()
    schema_command()
    json.dump(report, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
