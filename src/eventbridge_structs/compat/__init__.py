# Drop-in replacements for botocraft 0.36.0's primary event models
# (``botocraft.eventbridge.<service>``), its ``EventFactory``
# (``botocraft.eventbridge.factory``) and the pydantic 2 model API of its
# models, on the plain msgspec Structs of the core: change the import line,
# keep the code. See MIGRATING.md for the call-by-call table and the
# remaining differences. This package is an adapter: it imports the core,
# the event modules and ``lookups``; nothing below it imports it.
#
#   _fields    per-class field plans and the fields-set record
#   _dump      model_dump / model_dump_json (pydantic-core's rules)
#   _validate  model_validate*, through the core codec
#   _api       the model API as functions, and the ModelAPI mixin
#   _summary   botocraft's str() lines
#   _primary   the primary classes (session, lookups), made from core classes
#   _factory   EventFactory, AbstractEventFactory
"""botocraft-compatible primary event classes, ``EventFactory`` and the
pydantic-style model API.

>>> from eventbridge_structs import compat
>>> event = compat.EventFactory(session).new(body)   # typed event, or raw dict
>>> event.detail.repository_name, event.session
>>> event.repository, event.image                    # ECR lookups, cached
>>> event.model_dump(exclude_unset=True)
>>> compat.model_dump(event.detail)                  # any Struct, core ones too

The primary class of every registered event class is importable by name
(``from eventbridge_structs.compat import ECRImageActionEvent``), or made
with :func:`primary_class`. Each is the core class of the same name (a
subclass: ``isinstance`` holds, ``encode`` writes the same JSON) plus what
botocraft's primary model adds: a ``session`` (never serialized), the
lookup properties of its service, a validating keyword constructor that
takes the JSON names (``Cls(**data)``), the model methods and an exact
record of the fields that were set. ``eventbridge_structs.decode`` keeps
returning the plain, faster core classes; the module-level functions
(:func:`model_dump`, :func:`model_dump_json`, :func:`model_copy`, ...) give
them, and their details, the same API.
"""

from __future__ import annotations

from typing import Any

from .._registry import registered
from ._api import (
    ModelAPI,
    model_construct,
    model_copy,
    model_dump,
    model_dump_json,
    model_fields_set,
    model_json_schema,
    model_validate,
    model_validate_json,
    model_validate_strings,
    pydantic_str,
)
from ._factory import AbstractEventFactory, EventFactory
from ._primary import made, mapped, primary_class

__all__ = [
    "AbstractEventFactory",
    "EventFactory",
    "ModelAPI",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_fields_set",
    "model_json_schema",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "primary_class",
    "pydantic_str",
]


def _event_type_named(name: str) -> type[Any] | None:
    """The registered event class (or, for a class no longer registered,
    the one a primary class was made from) called ``name``."""
    for primary in made():
        if primary.__name__ == name:
            return primary
    for cls in registered().values():
        if cls.__name__ == name and mapped(cls):
            return cls
    return None


def __getattr__(name: str) -> Any:
    """The primary class of the registered event class called ``name``
    (``compat.ECRImageActionEvent``), made on first use."""
    if not name.startswith("_"):
        found = _event_type_named(name)
        if found is not None:
            return primary_class(found)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    names = {cls.__name__ for cls in registered().values() if mapped(cls)}
    return sorted({*globals(), *names})
