# JSON Schemas of event and detail types, as botocraft 0.36.0 documents them
# (pydantic 2 ``model_json_schema()`` conventions, JSON Schema Draft 2020-12),
# generated from the msgspec Structs themselves: the Structs are the single
# source of truth. The generator lives in ``_schema.py``.
"""JSON Schemas of event and detail types.

>>> from eventbridge_structs.ecr import ECRPullThroughCacheActionEvent
>>> from eventbridge_structs.schema import json_schema, schema_text
>>> json_schema(ECRPullThroughCacheActionEvent)["required"][:3]
['detail', 'account', 'detail-type']
>>> print(schema_text(ECRPullThroughCacheActionEvent, raw=True))  # doctest: +SKIP

Every event type has two variants, as documented: the *primary* schema
(with botocraft's ``session`` property, never serialized, so never
required) and the *raw* schema of the event as EventBridge delivers it. A
detail type has its raw schema. Types registered with
:func:`eventbridge_structs.register` get theirs from the same functions.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec.inspect as mi

from ._envelope import EventBridgeEvent
from ._registry import registered
from ._schema import build

__all__ = [
    "detail_type_of",
    "find_type",
    "json_schema",
    "known_types",
    "openapi3",
    "schema_files",
    "schema_text",
    "write_schemas",
]


def json_schema(
    event_or_detail_type: type[Any], *, raw: bool = False
) -> dict[str, Any]:
    """Return the JSON Schema of an event or detail type.

    Parameters
    ----------
    event_or_detail_type : type
        An event class (a :class:`~eventbridge_structs.TypedEvent` subclass,
        or :class:`~eventbridge_structs.GenericEvent`) or a detail Struct
        (any ``msgspec.Struct``, dataclass or TypedDict class).
    raw : bool, default False
        The raw variant: for an event, the schema of the event as delivered,
        without the primary model's ``session`` property and with the raw
        model's description. A detail type's schema is the same either way
        unless its ``__schema__`` sets a ``raw_description``.

    Returns
    -------
    dict
        A JSON Schema (Draft 2020-12), keys in the documented order: the
        top level as ``title, description, type, properties, $defs,
        required``, everything below sorted as pydantic sorts it, properties
        in the documented field order.

    Raises
    ------
    TypeError
        If the type is not a Struct (or dataclass, or TypedDict) class, or
        holds a type with no JSON Schema (an ``array_like`` Struct, a
        custom type).
    """
    if not isinstance(event_or_detail_type, type):
        raise TypeError(
            "expected an event or detail type (a msgspec Struct class), "
            f"got {event_or_detail_type!r}"
        )
    return build(event_or_detail_type, raw=raw)


def openapi3(event_type: type[Any], *, source: str | None = None) -> dict[str, Any]:
    """Return an event type's schema as the EventBridge schema registry
    exports one: OpenAPI 3, the event as ``components.schemas.AWSEvent``
    with the ``x-amazon-events-source`` and ``x-amazon-events-detail-type``
    extensions, the detail and its models beside it. It is what ``aws
    schemas create-schema --type OpenApi3 --content ...`` takes.

    Parameters
    ----------
    event_type : type
        A :class:`~eventbridge_structs.TypedEvent` subclass.
    source : str, optional
        The event's source; by default the one it is registered under.

    Raises
    ------
    TypeError
        If ``event_type`` is not a typed event class, or has no source.
    """
    from ._envelope import TypedEvent

    if not (isinstance(event_type, type) and issubclass(event_type, TypedEvent)):
        raise TypeError(f"expected a typed event class, got {event_type!r}")
    if source is None:
        sources = [s for (s, _), c in registered().items() if c is event_type]
        if not sources:
            raise TypeError(f"{event_type.__name__} is not registered: give its source")
        source = sources[0]
    document = json_schema(event_type, raw=True)
    defs = document.pop("$defs", {})
    text = json.dumps([document, defs]).replace('"#/$defs/', '"#/components/schemas/')
    document, defs = json.loads(text)
    aws_event = {
        **document,
        "x-amazon-events-detail-type": event_type.__struct_config__.tag,
        "x-amazon-events-source": [source],
    }
    return {
        "openapi": "3.0.0",
        "info": {"version": "1.0.0", "title": event_type.__name__},
        "paths": {},
        "components": {"schemas": {"AWSEvent": aws_event, **defs}},
    }


def schema_text(event_or_detail_type: type[Any], *, raw: bool = False) -> str:
    """Return the JSON Schema as the documentation prints it.

    That is ``json.dumps(schema, indent=3)`` of :func:`json_schema`, with no
    trailing newline; for the documented types it is byte for byte the
    documented text.

    Parameters
    ----------
    event_or_detail_type : type
        As for :func:`json_schema`.
    raw : bool, default False
        As for :func:`json_schema`.
    """
    return json.dumps(json_schema(event_or_detail_type, raw=raw), indent=3)


def detail_type_of(event_type: type[EventBridgeEvent]) -> type[Any] | None:
    """Return the class of ``event_type``'s ``detail`` field, or None when
    the detail is not a Struct (or dataclass, or TypedDict)."""
    info = mi.type_info(event_type)
    assert isinstance(info, mi.StructType)
    for field in info.fields:
        if field.encode_name == "detail":
            t = field.type
            while isinstance(t, mi.Metadata):
                t = t.type
            if isinstance(t, (mi.StructType, mi.DataclassType, mi.TypedDictType)):
                return t.cls
    return None


def _event_types() -> list[type[EventBridgeEvent]]:
    return list(dict.fromkeys(registered().values()))


def known_types(
    event_types: Iterable[type[EventBridgeEvent]] | None = None,
) -> dict[str, type[Any]]:
    """Return the event types and their detail types, by name.

    Parameters
    ----------
    event_types : iterable of type, optional
        The event classes; by default every registered one.

    Returns
    -------
    dict
        ``{name: class}``, each event followed by its detail type. A name
        that two different classes share is replaced by each class's
        ``module.qualname``.
    """
    classes: list[type[Any]] = []
    for event_type in _event_types() if event_types is None else event_types:
        classes.append(event_type)
        detail = detail_type_of(event_type)
        if detail is not None:
            classes.append(detail)
    classes = list(dict.fromkeys(classes))
    counts: dict[str, int] = {}
    for cls in classes:
        counts[cls.__name__] = counts.get(cls.__name__, 0) + 1
    return {
        cls.__name__
        if counts[cls.__name__] == 1
        else f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in classes
    }


def find_type(name: str) -> type[Any]:
    """Return the event or detail type called ``name``.

    Parameters
    ----------
    name : str
        A name of :func:`known_types` (``"ECRPullThroughCacheActionEvent"``,
        ``"ECRPullThroughCacheAction"``), or an import path
        ``"package.module:ClassName"`` (importing the module, which may
        register its event types).

    Raises
    ------
    LookupError
        If there is no such type; the message lists the known names.
    """
    if ":" in name:
        module_name, _, qualname = name.partition(":")
        try:
            obj: Any = importlib.import_module(module_name)
            for part in qualname.split("."):
                obj = getattr(obj, part)
        except (ImportError, AttributeError) as exc:
            raise LookupError(f"cannot import {name!r}: {exc}") from exc
        if not isinstance(obj, type):
            raise LookupError(f"{name!r} is not a class")
        return obj
    types = known_types()
    if name in types:
        return types[name]
    raise LookupError(
        f"unknown event or detail type {name!r}; known types: "
        + ", ".join(sorted(types))
        + " (or give an import path, package.module:ClassName)"
    )


def schema_files(
    event_types: Iterable[type[EventBridgeEvent]] | None = None,
) -> dict[str, str]:
    """Return the schema files of event types: ``{file name: text}``.

    Each event type ``Name`` has ``Name.json`` (primary) and
    ``Name.raw.json`` (raw); its detail type ``Detail`` has
    ``Detail.raw.json``. Each text is :func:`schema_text` plus a newline.

    Parameters
    ----------
    event_types : iterable of type, optional
        The event classes; by default every registered one.
    """
    files: dict[str, str] = {}
    for name, cls in known_types(event_types).items():
        if issubclass(cls, EventBridgeEvent):
            files[f"{name}.json"] = schema_text(cls) + "\n"
        files[f"{name}.raw.json"] = schema_text(cls, raw=True) + "\n"
    return dict(sorted(files.items()))


def write_schemas(
    directory: str | Path,
    event_types: Iterable[type[EventBridgeEvent]] | None = None,
) -> list[Path]:
    """Write :func:`schema_files` into ``directory`` (created if missing).

    Files of types no longer known are left alone.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files(event_types).items():
        path = out / name
        path.write_bytes(text.encode())
        written.append(path)
    return written
