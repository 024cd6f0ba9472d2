# Code generation for your own events: JSON Schemas in, a module of msgspec
# Structs out, which registers its events when imported. It reads what the
# EventBridge schema registry exports (OpenAPI 3 with the
# ``x-amazon-events-source`` / ``x-amazon-events-detail-type`` extensions on
# ``AWSEvent``, or JSON Schema Draft 4, as "Exporting schemas" in the
# EventBridge user guide describes them) and the JSON Schemas (Draft 2020-12)
# this package emits. The built-in event modules are made by the same code
# (``tools/generate.py``, over botocraft's schemas and the registry's).
"""Generate msgspec Structs from EventBridge schema registry exports.

>>> from eventbridge_structs.codegen import generate
>>> source = generate([json.load(open("OrderPlaced-openapi3.json"))])
>>> Path("orders_events.py").write_text(source)  # doctest: +SKIP

The rules, lenient by default (``strict=False``):

- The envelope is strict: every field required, ``time`` a timezone-aware
  datetime.
- Every field below the envelope is optional (None when absent): the
  registry infers ``required`` from the samples it has seen, and AWS's own
  events often lack one.
- A number (``number`` or ``integer``) is ``int | float``: it re-encodes as
  it came.
- A ``date-time`` string below the envelope stays a string.
- A union msgspec cannot decode (two object types without a tag) keeps any
  JSON value.

``strict=True`` keeps the schema's ``required`` lists and types as written.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ._codegen import CodegenError, EventSpec, ModuleSpec, render

__all__ = ["CodegenError", "events_of", "generate", "generate_files"]

JSON = dict[str, Any]

_REF = re.compile(r"^#/(?:components/schemas|definitions|\$defs)/(.+)$")
_DROPPED = ("examples", "example", "$schema", "$id", "readOnly", "writeOnly")


def _class_name(text: str) -> str:
    """A CamelCase Python class name for a schema name (``Calendar-event``
    -> ``CalendarEvent``)."""
    parts = re.split(r"[^A-Za-z0-9]+", text)
    name = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if not name or name[0].isdigit():
        name = f"T{name}"
    return name


def _attribute(json_name: str, taken: set[str]) -> str:
    """A Python attribute name for a JSON name: non-identifier characters as
    ``_``, a leading digit prefixed, a keyword suffixed; unique in ``taken``."""
    name = re.sub(r"[^0-9A-Za-z_]", "_", json_name)
    if not name or name[0].isdigit():
        name = f"f_{name}"
    if keyword.iskeyword(name) or name in ("detail_type",):
        name += "_"
    base, n = name, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


class _Normalizer:
    """One document's schemas as the generator reads them: references to
    ``#/$defs/``, nested object schemas hoisted into named definitions,
    OpenAPI's ``nullable`` as a union with null, extensions dropped."""

    def __init__(self, defs: Mapping[str, Any], path: str) -> None:
        self.defs: JSON = {}
        self.renamed = {name: _class_name(name) for name in defs}
        names = list(self.renamed.values())
        clashes = sorted({v for v in names if names.count(v) > 1})
        if clashes:
            raise CodegenError(f"{path}: two schemas are both called {clashes[0]!r}")
        for name in defs:
            self.defs[self.renamed[name]] = {}
        for name, schema in defs.items():
            self.defs[self.renamed[name]] = self.schema(schema, f"{path}.{name}")

    def ref(self, ref: str, path: str) -> str:
        match = _REF.match(ref)
        if match is None or match.group(1) not in self.renamed:
            raise CodegenError(f"{path}: unresolvable $ref {ref!r}")
        return f"#/$defs/{self.renamed[match.group(1)]}"

    def schema(self, schema: Any, path: str, hint: str = "") -> Any:
        if not isinstance(schema, dict):
            raise CodegenError(f"{path}: a schema must be an object, got {schema!r}")
        out = {
            k: v
            for k, v in schema.items()
            if not k.startswith("x-") and k not in _DROPPED
        }
        nullable = out.pop("nullable", False)
        if "$ref" in out:
            out = {"$ref": self.ref(out["$ref"], path)}
        elif "properties" in out and hint:
            name = self.hoist(out, path, hint)
            out = {"$ref": f"#/$defs/{name}"}
        else:
            if "properties" in out:
                out["properties"] = {
                    key: self.schema(value, f"{path}.properties.{key}", key)
                    for key, value in out["properties"].items()
                }
            if isinstance(out.get("items"), dict):
                out["items"] = self.schema(out["items"], f"{path}.items", hint)
            if isinstance(out.get("additionalProperties"), dict):
                out["additionalProperties"] = self.schema(
                    out["additionalProperties"], f"{path}.additionalProperties", hint
                )
            for union in ("anyOf", "oneOf"):
                if union in out:
                    out["anyOf"] = [
                        self.schema(m, f"{path}.{union}[{i}]", hint)
                        for i, m in enumerate(out.pop(union))
                    ]
            if isinstance(out.get("type"), list):  # Draft 4: ["string", "null"]
                kinds = out.pop("type")
                out = {"anyOf": [{**out, "type": k} for k in kinds]}
        if nullable:
            out = {"anyOf": [out, {"type": "null"}]}
        return out

    def hoist(self, schema: JSON, path: str, hint: str) -> str:
        base = _class_name(hint)
        name, n = base, 2
        while name in self.defs:
            name, n = f"{base}{n}", n + 1
        self.defs[name] = {}
        schema = dict(schema)
        schema["properties"] = {
            key: self.schema(value, f"{path}.properties.{key}", key)
            for key, value in schema["properties"].items()
        }
        self.defs[name] = schema
        return name


def _names_and_factories(
    spec_defs: JSON, root: JSON, pydantic: bool
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    names: dict[str, dict[str, str]] = {}
    factories: dict[str, dict[str, str]] = {}
    for model, schema in [("", root), *spec_defs.items()]:
        properties = schema.get("properties", {})
        taken: set[str] = set()
        mapping = {j: _attribute(j, taken) for j in properties}
        renamed = {j: a for j, a in mapping.items() if a != j}
        if renamed:
            names[model] = renamed
        if pydantic:
            required = set(schema.get("required", []))
            made = {}
            for key, prop in properties.items():
                if key in required or "default" in prop:
                    continue
                kind = prop.get("type")
                made[key] = "list" if kind == "array" else "dict"
            if made:
                factories[model] = made
    return names, factories


def events_of(
    document: Mapping[str, Any],
    *,
    strict: bool = False,
    source: str | None = None,
    detail_type: str | None = None,
    path: str = "$",
) -> list[EventSpec]:
    """The events one schema document describes.

    Parameters
    ----------
    document : dict
        A schema registry export (OpenAPI 3 or JSON Schema Draft 4) or a
        JSON Schema as :func:`eventbridge_structs.schema.json_schema` writes
        it.
    strict : bool, default False
        Keep the schema's ``required`` lists and types (see the module's
        rules).
    source, detail_type : str, optional
        The routing key, where the document does not carry the
        ``x-amazon-events-*`` extensions.
    path : str
        How errors name the document.

    Raises
    ------
    CodegenError
        For a schema it cannot express, naming the schema path.
    """
    if not isinstance(document, Mapping):
        raise CodegenError(f"{path}: a schema document is a JSON object")
    pydantic = False
    if "openapi" in document:
        schemas = document.get("components", {}).get("schemas", {})
        if "AWSEvent" not in schemas:
            raise CodegenError(f"{path}.components.schemas: no AWSEvent schema")
        event = schemas["AWSEvent"]
        defs = {k: v for k, v in schemas.items() if k != "AWSEvent"}
        epath = f"{path}.components.schemas.AWSEvent"
        title = document.get("info", {}).get("title", "")
    elif "$defs" in document or (
        "properties" in document and "definitions" not in document
    ):
        event, defs, epath = document, document.get("$defs", {}), path
        title = document.get("title", "")
        pydantic = True  # as this package (and pydantic) write schemas
    else:
        defs = dict(document.get("definitions", {}))
        event = document
        epath = path
        if "$ref" in document:
            match = _REF.match(document["$ref"])
            if match is None or match.group(1) not in defs:
                raise CodegenError(f"{path}: unresolvable $ref {document['$ref']!r}")
            event = defs.pop(match.group(1))
            epath = f"{path}.definitions.{match.group(1)}"
        title = document.get("title", "")
    if not isinstance(event, Mapping) or "properties" not in event:
        raise CodegenError(f"{epath}: no event properties")
    found_source = event.get("x-amazon-events-source", source)
    if isinstance(found_source, list):
        found_source = found_source[0] if found_source else None
    found_type = event.get("x-amazon-events-detail-type", detail_type)
    if not isinstance(found_source, str) or not isinstance(found_type, str):
        raise CodegenError(
            f"{epath}: no x-amazon-events-source / x-amazon-events-detail-type; "
            "give the source and the detail-type"
        )
    normal = _Normalizer(defs, f"{path}.$defs" if pydantic else path)
    root = normal.schema(
        {k: v for k, v in event.items() if k not in ("$defs", "definitions")}, epath
    )
    if "detail" not in root.get("properties", {}):
        raise CodegenError(f"{epath}.properties: no detail")
    name = title.rpartition("@")[2] if title else found_type
    class_name = _class_name(name)
    if not class_name.endswith("Event"):
        class_name += "Event"
    if pydantic:
        class_name = str(document.get("title") or class_name)
        root.setdefault("properties", {}).pop("session", None)
    props = root["properties"]
    if "detail-type" not in props:
        props["detail-type"] = {"type": "string"}
    primary = {**root, "$defs": normal.defs}
    names, factories = _names_and_factories(normal.defs, root, pydantic)
    return [
        EventSpec(
            source=found_source,
            detail_type=found_type,
            class_name=class_name,
            primary=primary,
            names=names,
            factories=factories,
            pydantic=pydantic,
            lenient=not strict and not pydantic,
        )
    ]


def generate(
    documents: Iterable[Mapping[str, Any]],
    *,
    strict: bool = False,
    title: str = "Event types generated from their JSON Schemas.",
    origin: str = "JSON Schemas",
    source: str | None = None,
    detail_type: str | None = None,
) -> str:
    """Return the source of a module of Structs for the events of
    ``documents``, which registers them when imported.

    Parameters
    ----------
    documents : iterable of dict
        Schema documents, as :func:`events_of` reads them.
    strict : bool, default False
        See :func:`events_of`.
    title, origin : str
        The module's one-line docstring, and where its schemas come from
        (for its header comment).
    source, detail_type : str, optional
        The routing key of documents that do not carry one.

    Raises
    ------
    CodegenError
        For a schema it cannot express (an unresolvable ``$ref``, an
        unsupported keyword, two models of one name), naming the path.
    """
    events: list[EventSpec] = []
    origin_of: dict[str, str] = {}
    for index, document in enumerate(documents):
        found = events_of(
            document,
            strict=strict,
            source=source,
            detail_type=detail_type,
            path=f"schema[{index}]",
        )
        origin_of.update((event.class_name, f"schema[{index}]") for event in found)
        events += found
    if not events:
        raise CodegenError("no schema given")
    seen: dict[str, int] = {}
    for event in events:
        if event.class_name in seen:
            raise CodegenError(f"two events are both called {event.class_name!r}")
        seen[event.class_name] = 1
    spec = ModuleSpec(
        name="events",
        title=title,
        origin=origin,
        docs="",
        events=events,
        builtin=False,
    )
    try:
        return render(spec)
    except CodegenError as exc:
        # The generator names the path from the event class: say which file.
        message = str(exc)
        where = origin_of.get(message.split(".", 1)[0].split(":", 1)[0])
        if where is None:
            raise
        raise CodegenError(f"{where}: {message}") from None


def generate_files(
    paths: Iterable[str | Path], *, strict: bool = False, **options: Any
) -> str:
    """:func:`generate` for schema files (JSON), errors naming each file."""
    documents = []
    names = []
    for path in paths:
        try:
            documents.append(json.loads(Path(path).read_bytes()))
        except (OSError, ValueError) as exc:
            raise CodegenError(f"{path}: {exc}") from exc
        names.append(str(path))
    try:
        return generate(documents, strict=strict, origin=", ".join(names), **options)
    except CodegenError as exc:
        message = str(exc)
        match = re.match(r"schema\[(\d+)\]", message)
        if match:
            message = names[int(match.group(1))] + message[match.end() :]
        raise CodegenError(message) from None
