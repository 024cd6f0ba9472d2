"""Fast, typed, pydantic-free AWS EventBridge events on msgspec Structs.

>>> import eventbridge_structs as ebs
>>> event = ebs.decode(raw_bytes)            # dispatch on (source, detail-type)
>>> event.detail.sync_status, event.time     # typed; time is tz-aware
>>> ebs.encode(event)                        # bytes, documented JSON names

The ECR event types live in :mod:`eventbridge_structs.ecr` and are
registered on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import ecr
from ._codec import convert, decode, decode_lines, decode_many, encode
from ._envelope import EventBridgeEvent, GenericEvent, Model, TypedEvent
from ._errors import DecodeError
from ._registry import event_type_for, register, registered, unregister

if TYPE_CHECKING:
    from .lookups import ECRLookups, LookupFailed

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``ECRLookups`` and ``LookupFailed`` load :mod:`.lookups` on first use,
    keeping it (and its imports) off ``import eventbridge_structs``."""
    if name in ("ECRLookups", "LookupFailed"):
        from . import lookups

        return getattr(lookups, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DecodeError",
    "ECRLookups",
    "EventBridgeEvent",
    "GenericEvent",
    "LookupFailed",
    "Model",
    "TypedEvent",
    "__version__",
    "convert",
    "decode",
    "decode_lines",
    "decode_many",
    "ecr",
    "encode",
    "event_type_for",
    "register",
    "registered",
    "unregister",
]
