# The code generator: JSON Schemas of events in, one readable Python module
# of msgspec Structs out. It reads the JSON Schema (Draft 2020-12) that
# pydantic 2's ``model_json_schema()`` writes (botocraft's documented
# models) and emits the Structs whose schemas, as
# :mod:`eventbridge_structs.schema` derives them, are those same documents:
# titles, descriptions, field order, types, required fields and defaults.
#
# What a schema cannot say comes with it: the Python attribute names of
# JSON names that are not identifiers (``sync-status`` -> ``sync_status``)
# and defaults made by a factory. Hand-written additions (derived
# properties) are mixins the generated classes inherit, found by name in
# ``_derived/<module>.py``; the generated text itself is never edited.
from __future__ import annotations

import dataclasses
import inspect
import json
import keyword
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CodegenError", "EventSpec", "ModuleSpec", "generate_catalogue", "render"]

JSON = dict[str, Any]

#: The envelope's JSON names as :class:`EventBridgeEvent` declares them.
ENVELOPE_ORDER = (
    "detail",
    "account",
    "detail-type",
    "id",
    "region",
    "resources",
    "source",
    "time",
    "version",
)

# How the envelope base declares each field: generated events redeclare a
# field only where their schema says otherwise.
_ENVELOPE_BASE = {
    "account": ("str", None),
    "id": ("str", None),
    "region": ("str", None),
    "resources": ("list[str]", None),
    "source": ("str", None),
    "time": ("AwareDatetime", None),
    "version": ("str", None),
}

#: Names a generated class body refers to, which no field may shadow.
_RESERVED = frozenset(
    {"Any", "Annotated", "AwareDatetime", "Enum", "Model", "SchemaInfo", "TypedEvent"}
    | {"None", "bool", "dict", "float", "int", "list", "msgspec", "str"}
)

_SESSION = {"anyOf": [{}, {"type": "null"}], "default": None, "title": "Session"}
_WIDTH = 88
_REF = re.compile(r"^#/\$defs/(.+)$")


class CodegenError(ValueError):
    """A schema the generator cannot turn into Structs; the message names
    the schema path (``ECSTaskStateChangeEvent.$defs.Overrides``)."""


@dataclass
class EventSpec:
    """One event type to generate.

    Attributes
    ----------
    source, detail_type : str
        The routing key.
    class_name : str
        The event class's name.
    primary : dict
        The documented JSON Schema of the (primary) event model.
    raw : dict, optional
        The documented schema of its raw model, when there is one; it may
        differ from ``primary`` in title, description and the primary's
        ``session`` property only.
    names : dict
        Per model (its ``$defs`` name, ``""`` for the event), the Python
        name of each JSON name that is not its own Python name.
    factories : dict
        Per model, the JSON names whose default is made by ``list`` or
        ``dict``.
    pydantic : bool, default True
        The schemas are pydantic's ``model_json_schema()``: every field has
        pydantic's title, every optional field its default. Otherwise (a
        schema registry export) titles are not checked and an optional field
        defaults to None.
    lenient : bool, default False
        The schema registry's rules, relaxed (see ``codegen``): every field
        below the envelope optional, numbers ``int | float``, and a union
        msgspec cannot decode as any JSON value.
    widened : dict
        Per model, JSON names whose values AWS sends with other JSON types
        than the schema says (found in AWS's sample events): ``{model:
        {name: ["number", "null"]}}``.
    """

    source: str
    detail_type: str
    class_name: str
    primary: JSON
    raw: JSON | None = None
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    factories: dict[str, dict[str, str]] = field(default_factory=dict)
    pydantic: bool = True
    lenient: bool = False
    widened: dict[str, dict[str, list[str]]] = field(default_factory=dict)


@dataclass
class ModuleSpec:
    """One module to generate.

    Attributes
    ----------
    name : str
        The module's name (``ecs``).
    title : str
        One line on what its events are.
    origin : str
        Where its schemas come from, for the header comment.
    docs : str
        Where AWS documents the events, for the header comment.
    events : list of EventSpec
    mixins : dict
        Class name -> name of a hand-written mixin in ``_derived/<name>.py``.
    builtin : bool, default True
        A module of this package (relative imports, registered through the
        catalogue), else a user's module (imports from
        ``eventbridge_structs``, each event registered when imported).
    """

    name: str
    title: str
    origin: str
    docs: str
    events: list[EventSpec]
    mixins: dict[str, str] = field(default_factory=dict)
    builtin: bool = True


def _title(json_name: str) -> str:
    return json_name.title().replace("_", " ")


def _str(text: str, indent: int) -> str:
    """A string literal, split into implicitly concatenated parts (inside
    parentheses) when it does not fit on the line."""
    literal = _dq(text)
    if indent + len(literal) + 4 <= _WIDTH:
        return literal
    parts: list[str] = []
    room = _WIDTH - indent - 8
    for line in text.splitlines(keepends=True):
        while len(_dq(line)) > room:
            cut = line.rfind(" ", 0, room - 4)
            if cut <= 0:
                cut = room - 4
            parts.append(line[: cut + 1])
            line = line[cut + 1 :]
        if line:
            parts.append(line)
    pad = " " * (indent + 4)
    return "(\n" + "".join(f"{pad}{_dq(p)}\n" for p in parts) + " " * indent + ")"


def _dq(text: str) -> str:
    """A double-quoted Python string literal of ``text``."""
    return json.dumps(text, ensure_ascii=False)


def _docstring(text: str, indent: int) -> tuple[str, bool]:
    """The docstring for ``text``, and whether ``inspect.cleandoc`` gives
    ``text`` back from it (else the exact text goes into ``__schema__``)."""
    pad = " " * indent
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        wrapped = textwrap.wrap(
            line, _WIDTH - indent - 3, break_long_words=False, break_on_hyphens=False
        )
        if wrapped and line.startswith(" "):
            wrapped = [line] if len(line) + indent + 3 <= _WIDTH else wrapped
        lines.extend(wrapped or [""])
    if len(lines) == 1 and len(lines[0]) + indent + 6 > _WIDTH:
        # One line keeps both quotes on it: wrap it shorter.
        lines = textwrap.wrap(
            lines[0],
            _WIDTH - indent - 6,
            break_long_words=False,
            break_on_hyphens=False,
        )
    safe = '"""' not in text and "\\" not in text and not text.endswith('"')
    body = lines[0] + "".join(f"\n{pad}{line}" if line else "\n" for line in lines[1:])
    doc = f'{pad}"""{body}'
    doc += f'\n{pad}"""' if len(lines) > 1 or len(doc) + 3 > _WIDTH else '"""'
    exact = safe and inspect.cleandoc(body) == text and "\t" not in text
    if not safe:
        doc = f'{pad}"""{_plain(text)}"""'
    return doc, exact


def _plain(text: str) -> str:
    return " ".join(text.replace('"""', "'''").replace("\\", "/").split())[:70]


class _Module:
    """Collects the classes of one module, deduplicated by shape."""

    def __init__(self, spec: ModuleSpec) -> None:
        self.spec = spec
        self.classes: dict[str, str] = {}  # python name -> code
        self.shapes: dict[str, str] = {}  # shape key -> python name
        self.order: list[str] = []
        self.uses: set[str] = set()
        self.aliases: dict[str, str] = {}
        title_shapes: dict[str, set[str]] = {}
        for event in spec.events:
            for def_name, schema in event.primary.get("$defs", {}).items():
                key = _shape_key(schema, event, def_name)
                title_shapes.setdefault(def_name, set()).add(key)
        self.ambiguous = {name for name, keys in title_shapes.items() if len(keys) > 1}
        self.event_names = {event.class_name for event in spec.events}

    def python_name(self, def_name: str, event: EventSpec) -> str:
        if def_name in self.ambiguous:
            return event.class_name.removesuffix("Event") + def_name
        if def_name in self.event_names:  # a detail named like its event
            return def_name + "Detail"
        return def_name

    def define(self, def_name: str, event: EventSpec, path: str) -> str:
        schema = event.primary.get("$defs", {}).get(def_name)
        if schema is None:
            raise CodegenError(f"{path}: unresolvable $ref to {def_name!r}")
        key = _shape_key(schema, event, def_name)
        if key in self.shapes:
            return self.shapes[key]
        name = self.python_name(def_name, event)
        if name in self.classes or name == event.class_name:
            raise CodegenError(f"{path}: two models are both called {name!r}")
        self.shapes[key] = name
        self.classes[name] = ""  # reserved while its fields are generated
        sub = f"{event.class_name}.$defs.{def_name}"
        if "enum" in schema:
            code = self.enum(name, def_name, schema, sub)
        elif "properties" in schema:
            code = self.struct(name, def_name, schema, event, sub)
        else:
            code = self.alias(name, def_name, schema, event, sub)
        self.classes[name] = code
        self.order.append(name)
        return name

    # --- definitions --------------------------------------------------------

    def _head(self, name: str, def_name: str, schema: JSON, bases: str) -> list[str]:
        out = [f"class {name}({bases}):"]
        description = schema.get("description")
        info: list[str] = []
        if description is not None:
            doc, exact = _docstring(description, 4)
            out.append(doc)
            if not exact:
                info.append(f"description={_str(description, 20)}")
        else:
            out.append(f'    """The ``{def_name}`` model."""')
            info.append('description=""')
        if def_name != name:
            info.append(f"title={_dq(def_name)}")
        if schema.get("additionalProperties") is True:
            info.append("extra_fields=True")
        if info:
            self.uses.add("SchemaInfo")
            out.append("")
            out.append(_call("    __schema__ = SchemaInfo", info, 4))
        return out

    def enum(self, name: str, def_name: str, schema: JSON, path: str) -> str:
        self.uses.add("Enum")
        values = schema["enum"]
        if not all(isinstance(v, str) and v.isidentifier() for v in values):
            raise CodegenError(f"{path}: enum values must be identifiers: {values}")
        out = self._head(name, def_name, schema, "Enum")
        out.append("")
        out += [f"    {v} = {_dq(v)}" for v in values]
        return "\n".join(out)

    def alias(
        self, name: str, def_name: str, schema: JSON, event: EventSpec, path: str
    ) -> str:
        # A named non-object model (pydantic's RootModel): an Annotated alias
        # that the schema writes under $defs.
        self.uses.add("Annotated")
        inner = {k: v for k, v in schema.items() if k not in ("title", "description")}
        annotation = self.annotation(inner, event, path)
        meta = [f"title={_dq(def_name)}"]
        if "description" in schema:
            meta.append(f"description={_str(schema['description'], 20)}")
        meta.append('extra={"schema_def": True}')
        self.aliases[name] = def_name
        return (
            f"#: The ``{def_name}`` model.\n"
            + _call(
                f"{name} = Annotated[\n    {annotation},\n    msgspec.Meta", meta, 4
            )
            + ",\n]"
        )

    def struct(
        self, name: str, def_name: str, schema: JSON, event: EventSpec, path: str
    ) -> str:
        names = event.names.get(def_name, {})
        attrs = {j: names.get(j, j) for j in schema["properties"]}
        # msgspec's rename="kebab" when it gives every JSON name.
        kebab = any(a != j for j, a in attrs.items()) and all(
            not a.startswith("_") and a.replace("_", "-") == j for j, a in attrs.items()
        )
        bases = "Model, frozen=True, kw_only=True, gc=False"
        out = self._head(
            name, def_name, schema, bases + (', rename="kebab"' if kebab else "")
        )
        required = set() if event.lenient else set(schema.get("required", []))
        factories = event.factories.get(def_name, {})
        widened = event.widened.get(def_name, {})
        out.append("")
        properties = {
            key: {"anyOf": [prop, *({"type": t} for t in widened[key])]}
            if key in widened
            else prop
            for key, prop in schema["properties"].items()
        }
        for json_name, prop in properties.items():
            # Every class a field refers to first, so that a field is never
            # named like a class its class body refers to.
            self.annotation(
                {k: v for k, v in prop.items() if k not in ("title", "default")},
                event,
                f"{path}.properties.{json_name}",
            )
        for json_name, prop in properties.items():
            out.append(
                self.field(
                    json_name,
                    prop,
                    json_name in required,
                    names,
                    factories,
                    event,
                    f"{path}.properties.{json_name}",
                    renamed=kebab,
                )
            )
        return "\n".join(out)

    # --- fields ---------------------------------------------------------------

    def field(
        self,
        json_name: str,
        prop: JSON,
        required: bool,
        names: Mapping[str, str],
        factories: Mapping[str, str],
        event: EventSpec,
        path: str,
        indent: int = 4,
        renamed: bool = False,
    ) -> str:
        prop = dict(prop)
        title = prop.pop("title", None)
        has_default = "default" in prop
        default = prop.pop("default", None)
        annotation = self.annotation(prop, event, path)
        expected = None if _is_reference(prop) else _title(json_name)
        if event.pydantic and title != expected:
            raise CodegenError(
                f"{path}: title {title!r} is not pydantic's default {expected!r}"
            )
        if not event.pydantic and not required and not has_default:
            # A registry export's optional field: None when absent.
            has_default = True
            if "None" not in annotation.split(" | "):
                annotation += " | None"
        attr = names.get(json_name, json_name)
        if not attr.isidentifier() or keyword.iskeyword(attr):
            raise CodegenError(f"{path}: no Python name for {json_name!r}")
        if attr in self.classes or attr in self.event_names or attr in _RESERVED:
            # Named like a class (or a builtin) the class body refers to.
            attr += "_"
            renamed = False
        args: list[str] = []
        if not required:
            if has_default:
                args.append(f"default={default!r}")
            elif json_name in factories:
                args.append(f"default_factory={factories[json_name]}")
            else:
                raise CodegenError(f"{path}: optional without a default")
        if attr != json_name and not renamed:
            args.append(f"name={_dq(json_name)}")
        pad = " " * indent
        if not args:
            return f"{pad}{attr}: {annotation}"
        if args == [f"default={default!r}"] and has_default:
            return f"{pad}{attr}: {annotation} = {default!r}"
        self.uses.add("msgspec")
        return _call(f"{pad}{attr}: {annotation} = msgspec.field", args, indent)

    def annotation(self, prop: JSON, event: EventSpec, path: str) -> str:
        prop = {k: v for k, v in prop.items() if k not in ("title", "description")}
        if not prop:
            self.uses.add("Any")
            return "Any"
        if "$ref" in prop:
            if len(prop) != 1:
                raise CodegenError(f"{path}: $ref with other keywords: {sorted(prop)}")
            match = _REF.match(prop["$ref"])
            if match is None:
                raise CodegenError(f"{path}: unresolvable $ref {prop['$ref']!r}")
            return self.define(match.group(1), event, path)
        if "anyOf" in prop:
            if set(prop) != {"anyOf"}:
                raise CodegenError(f"{path}: anyOf with other keywords: {sorted(prop)}")
            members = [
                self.annotation(m, event, f"{path}.anyOf") for m in prop["anyOf"]
            ]
            members = list(dict.fromkeys(t for m in members for t in m.split(" | ")))
            if not event.pydantic and not self._decodable(members):
                # Several object (or array) types: msgspec cannot tell them
                # apart without a tag, so any JSON value is kept as it is.
                self.uses.add("Any")
                return "Any"
            return " | ".join(members)
        kind = prop.get("type")
        allowed = {"type", "format", "items", "additionalProperties"}
        if not event.pydantic and kind == "string":
            allowed.add("enum")
        extra = set(prop) - allowed
        if extra:
            raise CodegenError(f"{path}: unsupported keywords {sorted(extra)}")
        if kind == "string":
            fmt = prop.get("format")
            if fmt == "date-time" and not event.lenient:
                self.uses.add("AwareDatetime")
                return "AwareDatetime"
            if fmt is not None and event.pydantic:
                raise CodegenError(f"{path}: unsupported format {fmt!r}")
            return "str"
        if kind in ("integer", "number") and event.lenient:
            # Re-encoded as given: an int stays an int, a float a float.
            return "int | float"
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "null":
            return "None"
        if kind == "array":
            items = self.annotation(prop.get("items", {}), event, path + ".items")
            return f"list[{items}]"
        if kind == "object":
            value = prop.get("additionalProperties", True)
            if value is True or value == {}:
                self.uses.add("Any")
                return "dict[str, Any]"
            values = self.annotation(value, event, path + ".additionalProperties")
            return f"dict[str, {values}]"
        raise CodegenError(f"{path}: unsupported type {kind!r}")

    def _decodable(self, members: list[str]) -> bool:
        """Whether msgspec can decode a union of these annotations."""
        objects = sum(1 for m in members if m in self.classes or m.startswith("dict["))
        arrays = sum(1 for m in members if m.startswith("list["))
        return "Any" not in members and objects <= 1 and arrays <= 1

    # --- events -------------------------------------------------------------

    def event(self, event: EventSpec) -> str:
        primary, raw = event.primary, event.raw or event.primary
        path = event.class_name
        primary_props = dict(primary["properties"])
        if primary_props.pop("session", None) not in (None, _SESSION):
            raise CodegenError(f"{path}.properties.session: not botocraft's session")
        if primary_props != raw["properties"]:
            raise CodegenError(f"{path}: primary and raw models have other fields")
        props = raw["properties"]
        required = set(raw.get("required", []))
        names = event.names.get("", {})
        tag = dict(props.get("detail-type", {}))
        tag.pop("title", None)
        if tag != {"type": "string"}:
            raise CodegenError(f"{path}.properties.detail-type: must be a string")
        mixin = self.spec.mixins.get(event.class_name)
        bases = f"{mixin}, " if mixin else ""
        bases += "TypedEvent, frozen=True, kw_only=True, "
        bases += f"tag={_str(event.detail_type, 8)}"
        description = primary.get("description")
        doc, exact = _docstring(description or f"A {event.detail_type} event.", 4)
        out = [
            _call(f"class {event.class_name}", [bases], 0, close="):")
            if len(bases) + len(event.class_name) > 76
            else f"class {event.class_name}({bases}):",
            doc,
        ]
        info: list[str] = []
        if description is None:
            info.append('description=""')
        elif not exact:
            info.append(f"description={_str(description, 20)}")
        if "title" in raw and raw["title"] != event.class_name:
            info.append(f"raw_title={_dq(raw['title'])}")
        if raw.get("description") != description:
            info.append(f"raw_description={_str(raw.get('description', ''), 24)}")
        order = tuple(k for k in props)
        if order != ENVELOPE_ORDER:
            info.append(
                "order=(\n"
                + "".join(f'            "{k}",\n' for k in order)
                + "        )"
            )
        if info:
            self.uses.add("SchemaInfo")
            out.append("")
            out.append(_call("    __schema__ = SchemaInfo", info, 4))
        out.append("")
        # The envelope stays strict; the lenient rules are the detail's.
        strict = dataclasses.replace(event, lenient=False)
        for json_name, prop in props.items():
            if json_name == "detail-type":
                continue
            line = self.field(
                json_name,
                prop,
                json_name in required,
                names,
                {},
                event if json_name == "detail" else strict,
                f"{path}.properties.{json_name}",
            )
            base = _ENVELOPE_BASE.get(json_name)
            if (
                base is not None
                and json_name in required
                and line == f"    {json_name}: {base[0]}"
            ):
                continue
            if base is not None and not line.startswith(f"    {json_name}: {base[0]}"):
                # The documented model types this envelope field otherwise.
                out.append(
                    f"    # documented as {line.split(': ', 1)[1]}, not {base[0]}"
                )
                line += "  # type: ignore[assignment]"
            out.append(line)
        return "\n".join(out)


def _is_reference(prop: JSON) -> bool:
    if "$ref" in prop:
        return True
    members = prop.get("anyOf")
    if isinstance(members, list):
        others = [m for m in members if m != {"type": "null"}]
        return len(others) == 1 and len(others) < len(members) and "$ref" in others[0]
    return False


def _shape_key(schema: JSON, event: EventSpec, def_name: str) -> str:
    return json.dumps(
        [
            schema,
            event.names.get(def_name, {}),
            event.factories.get(def_name, {}),
            # Nested references resolve within the event's own $defs.
            {
                name: event.primary.get("$defs", {}).get(name)
                for name in sorted(_refs(schema))
            },
        ],
        sort_keys=True,
    )


def _refs(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                match = _REF.match(item)
                if match:
                    found.add(match.group(1))
            else:
                found |= _refs(item)
    elif isinstance(value, list):
        for item in value:
            found |= _refs(item)
    return found


def _call(head: str, args: Sequence[str], indent: int, close: str = ")") -> str:
    one = f"{head}({', '.join(args)}{close}"
    if len(one) <= _WIDTH and "\n" not in one:
        return one
    pad = " " * (indent + 4)
    return f"{head}(\n" + "".join(f"{pad}{a},\n" for a in args) + " " * indent + close


def render(spec: ModuleSpec) -> str:
    """Return the source text of the module ``spec`` describes.

    Raises
    ------
    CodegenError
        For a schema it cannot express, naming the schema path.
    """
    module = _Module(spec)
    events = [module.event(event) for event in spec.events]
    if spec.builtin:
        where = (
            f"the hand-written parts (derived properties) live in "
            f"_derived/{spec.name}.py. "
            if spec.mixins
            else ""
        )
        origin = (
            f"Generated by `make generate` from {spec.origin}. Do not edit: {where}"
            f"AWS documents these events at {spec.docs}"
        )
    else:
        origin = (
            f"Generated by `eventbridge-structs codegen` from {spec.origin}. "
            "Regenerate it rather than editing it."
        )
    head = [
        f"# {spec.title}",
        "#",
        *textwrap.wrap(
            origin,
            _WIDTH - 2,
            initial_indent="# ",
            subsequent_indent="# ",
            break_long_words=False,
            break_on_hyphens=False,
        ),
        f'"""{spec.title}"""',
        "",
    ]
    blocks = [module.classes[name] for name in module.order] + events
    code = "\n".join(blocks)
    # What the emitted classes use (a skipped envelope field uses nothing).
    module.uses = {
        name
        for name in ("Annotated", "Any", "AwareDatetime", "Enum", "SchemaInfo")
        if re.search(rf"\b{name}\b", code)
    } | ({"msgspec"} if "msgspec." in code else set())
    imports = []
    if "Enum" in module.uses:
        imports.append("from enum import Enum")
    typing_names = sorted(n for n in ("Annotated", "Any") if n in module.uses)
    if typing_names:
        imports.append(f"from typing import {', '.join(typing_names)}")
    imports.append("")
    if "msgspec" in module.uses or module.aliases:
        imports.append("import msgspec")
        imports.append("")
    core = sorted(
        {"Model", "TypedEvent"}
        | {n for n in ("AwareDatetime", "SchemaInfo") if n in module.uses}
    )
    if not module.classes:
        core.remove("Model")
    sources = list(dict.fromkeys(e.source for e in spec.events))
    # In isort's order, as ruff keeps __all__: constants, classes, the rest.
    names = sorted(
        [*module.order, *(e.class_name for e in spec.events)],
        key=lambda n: (0 if n.isupper() else 1 if n[:1].isupper() else 2, n),
    )
    body = ["__all__ = [" + "".join(f'\n    "{n}",' for n in names) + "\n]"]
    if spec.builtin:
        dots = "." * (spec.name.count(".") + 1)
        if spec.mixins:
            imports.append(
                f"from {dots}_derived.{spec.name} import "
                + ", ".join(sorted(set(spec.mixins.values())))
            )
        imports.append(f"from {dots}_envelope import {', '.join(core)}")
        imports.append(f"from {dots}_registry import register_module")
        if len(sources) != 1:
            raise CodegenError(
                f"module {spec.name}: events of several sources {set(sources)}"
            )
        body += [
            "",
            "#: The ``source`` of every event in this module.\n"
            f"SOURCE = {_dq(sources[0])}",
        ]
        register = "register_module(SOURCE, EVENT_TYPES)"
    else:
        imports.append(f"from eventbridge_structs import {', '.join(core)}, register")
        register = "\n".join(
            f"register({e.class_name}, source={_dq(e.source)})" for e in spec.events
        )
    register = (
        "#: The event classes, in the documented catalogue's order.\n"
        "EVENT_TYPES: tuple[type[TypedEvent], ...] = ("
        + "".join(f"\n    {e.class_name}," for e in spec.events)
        + "\n)\n\n"
        + register
    )
    text = "\n".join(head + imports) + "\n\n" + "\n".join(body)
    for block in [*blocks, register]:
        text += "\n\n\n" + block
    return text + "\n"


def generate_catalogue(
    entries: Iterable[tuple[str, str, str, str]], origin: str
) -> str:
    """Return the source of the catalogue module: ``(source, detail-type)``
    -> ``(module, class name)`` for every generated event type."""
    lines = [
        "# The catalogue of built-in event types: for each routing key",
        "# (source, detail-type), the module and class that type it.",
        *textwrap.wrap(
            f"Generated by `make generate` from {origin}. Do not edit.",
            _WIDTH - 2,
            initial_indent="# ",
            subsequent_indent="# ",
        ),
        "",
        "#: ``(source, detail-type) -> (module, class name)``.",
        "CATALOGUE: dict[tuple[str, str], tuple[str, str]] = {",
    ]
    for source, detail_type, module, cls in entries:
        key = f"({_dq(source)}, {_str(detail_type, 12)})"
        lines.append(f"    {key}: ({_dq(module)}, {_dq(cls)}),")
    lines.append("}")
    return "\n".join(lines) + "\n"
