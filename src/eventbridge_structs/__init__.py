"""Fast, typed, pydantic-free AWS EventBridge events on msgspec Structs.

>>> import eventbridge_structs as ebs
>>> event = ebs.decode(raw_bytes)            # dispatch on (source, detail-type)
>>> event.detail.sync_status, event.time     # typed; time is tz-aware
>>> ebs.encode(event)                        # bytes, documented JSON names
>>> env = ebs.peek(raw_bytes)                # the envelope only, detail raw
>>> ebs.typed(env) if env.account == mine else None  # detail decoded on demand

The built-in event types live in one module per service
(:mod:`eventbridge_structs.ecr`, :mod:`eventbridge_structs.ecs`, ...). None
is imported with the package: the first event of a type imports its module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._catalogue import CATALOGUE as _CATALOGUE
from ._codec import convert, decode, decode_lines, decode_many, encode
from ._envelope import (
    AwareDatetime,
    EventBridgeEvent,
    GenericEvent,
    Model,
    SchemaInfo,
    TypedEvent,
)
from ._errors import DecodeError
from ._lazy import Envelope, peek, routing_key, typed
from ._registry import event_type_for, register, registered, unregister

if TYPE_CHECKING:
    from .lookups import ECRLookups, LookupFailed

__version__ = "0.1.0"


_EVENT_MODULES = frozenset(module for module, _ in _CATALOGUE.values())


def __getattr__(name: str) -> Any:
    """``ECRLookups`` and ``LookupFailed`` load :mod:`.lookups`, and the
    event modules (``ebs.ecr``) load, on first use, keeping them (and their
    imports) off ``import eventbridge_structs``."""
    if name in ("ECRLookups", "LookupFailed"):
        from . import lookups

        return getattr(lookups, name)
    if name in _EVENT_MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AwareDatetime",
    "DecodeError",
    "ECRLookups",
    "Envelope",
    "EventBridgeEvent",
    "GenericEvent",
    "LookupFailed",
    "Model",
    "SchemaInfo",
    "TypedEvent",
    "__version__",
    "convert",
    "decode",
    "decode_lines",
    "decode_many",
    "encode",
    "event_type_for",
    "peek",
    "register",
    "registered",
    "routing_key",
    "typed",
    "unregister",
]
