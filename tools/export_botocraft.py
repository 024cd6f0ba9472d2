"""Export botocraft's documented event models into ``specs/botocraft-<version>/``.

The generator (``make generate``) reads what this writes, never botocraft
itself, so that builds and tests need neither botocraft nor the network.
Run it with the pinned botocraft installed (``make export-botocraft``).

For each of the event types botocraft's ``EventFactory`` maps, one file
``<module>/<PrimaryClass>.json`` holds:

- ``source``, ``detail_type``, ``module``, ``class``: the catalogue entry;
- ``primary`` and ``raw``: ``model_json_schema()`` of the primary model and
  of the raw model it extends, exactly as botocraft documents them (the
  top-level keys in the documentation's order: title, description, type,
  properties, $defs, required; pydantic returns them sorted);
- ``names``: per model (by its ``$defs`` name, ``""`` for the event), the
  Python attribute name of each JSON name where the two differ;
- ``factories``: per model, the JSON names whose default is a
  ``default_factory`` (``list`` or ``dict``), which a schema does not show.
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path
from typing import Any

import botocraft
import pydantic
from botocraft.eventbridge.factory import EventFactory

#: The order botocraft's documentation prints a schema's top-level keys in.
DOCUMENTED_ORDER = ("title", "description", "type", "properties", "$defs", "required")

OUT = (
    Path(__file__).resolve().parent.parent
    / "specs"
    / f"botocraft-{botocraft.__version__}"
)


def _models(annotation: Any) -> list[type[pydantic.BaseModel]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        found.append(annotation)
        if issubclass(annotation, pydantic.RootModel):
            found += _models(annotation.model_fields["root"].annotation)
    for arg in typing.get_args(annotation):
        found += _models(arg)
    return found


def _walk(model: type[pydantic.BaseModel], seen: dict[str, type[Any]]) -> None:
    for field in model.model_fields.values():
        for sub in _models(field.annotation):
            name = sub.__name__
            if name not in seen:
                seen[name] = sub
                _walk(sub, seen)


def _field_info(
    model: type[pydantic.BaseModel],
) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    factories: dict[str, str] = {}
    for attr, field in model.model_fields.items():
        if attr == "session":
            continue
        alias = field.alias or attr
        if alias != attr:
            names[alias] = attr
        if field.default_factory is not None:
            factories[alias] = type(field.default_factory()).__name__
    return names, factories


def _documented(schema: dict[str, Any]) -> dict[str, Any]:
    keys = [k for k in DOCUMENTED_ORDER if k in schema]
    keys += sorted(k for k in schema if k not in DOCUMENTED_ORDER)
    return {k: schema[k] for k in keys}


def main() -> int:
    for (source, detail_type), cls in EventFactory.event_class_map.items():
        raw = next(b for b in cls.__mro__[1:] if ".raw." in b.__module__)
        module = cls.__module__.rsplit(".", 1)[1]
        models: dict[str, type[Any]] = {"": raw}
        _walk(raw, models)
        names: dict[str, Any] = {}
        factories: dict[str, Any] = {}
        for key, model in models.items():
            if issubclass(model, pydantic.RootModel):
                continue
            n, f = _field_info(model)
            if n:
                names[key] = n
            if f:
                factories[key] = f
        entry = {
            "source": source,
            "detail_type": detail_type,
            "module": module,
            "class": cls.__name__,
            "names": names,
            "factories": factories,
            "primary": _documented(cls.model_json_schema()),
            "raw": _documented(raw.model_json_schema()),
        }
        path = OUT / module / f"{cls.__name__}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(entry, indent=1) + "\n")
    order = [
        [source, detail_type, cls.__module__.rsplit(".", 1)[1], cls.__name__]
        for (source, detail_type), cls in EventFactory.event_class_map.items()
    ]
    (OUT / "catalogue.json").write_text(json.dumps(order, indent=1) + "\n")
    print(f"wrote {len(order)} event types to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
