# The registry of event types, keyed by EventBridge's own routing key
# ``(source, detail-type)``, and the dispatch decoders built from it.
#
# Dispatch decodes through one msgspec tagged union on ``detail-type`` (one
# parse, type chosen in C). A union holds one class per tag, so when several
# sources share a detail-type (every service's "AWS API Call via CloudTrail")
# the first registered class takes the tag and the source of each decoded
# event is checked against the sources registered for its class; anything
# else takes the exact ``(source, detail-type)`` lookup.
from __future__ import annotations

import _thread
from collections.abc import Callable, Mapping
from typing import Any, Union

import msgspec

from ._envelope import TypedEvent

__all__ = ["Dispatch", "event_type_for", "register", "registered", "unregister"]


class _Unmatchable(
    TypedEvent,
    frozen=True,
    kw_only=True,
    gc=False,
    tag="\x00eventbridge-structs: no event has this detail-type",
):
    """Keeps the dispatch union a real tagged union (which requires the
    ``detail-type`` key) even when only one type is registered."""


class Dispatch:
    """An immutable snapshot of the registry, ready for decoding.

    Attributes
    ----------
    json : msgspec.json.Decoder
        Decodes any registered detail-type in one pass.
    json_list : msgspec.json.Decoder
        The same for a JSON array of events.
    sources : dict
        For each class in the union, the sources it is registered under.
    only_source : str or None
        The one source every class in the union is registered under, when
        there is just one (the common case): then checking a decoded
        event's source is a single string comparison.
    types : dict
        The registry itself: ``(source, detail_type) -> class``.
    """

    __slots__ = ("json", "json_list", "only_source", "sources", "types")

    def __init__(self, types: Mapping[tuple[str, str], type[TypedEvent]]) -> None:
        self.types = dict(types)
        by_tag: dict[str, type[TypedEvent]] = {}
        for (_, detail_type), cls in self.types.items():
            by_tag.setdefault(detail_type, cls)
        self.sources: dict[type[Any], frozenset[str]] = {
            cls: frozenset(s for (s, t), c in self.types.items() if c is cls)
            for cls in by_tag.values()
        }
        distinct = {s for sources in self.sources.values() for s in sources}
        self.only_source = distinct.pop() if len(distinct) == 1 else None
        self.sources[_Unmatchable] = frozenset()
        union: Any = Union[tuple([*by_tag.values(), _Unmatchable])]  # noqa: UP007
        self.json = msgspec.json.Decoder(union)
        self.json_list = msgspec.json.Decoder(list[union])


class _Registry:
    def __init__(self) -> None:
        self._lock = (
            _thread.allocate_lock()
        )  # threading.Lock, without importing threading
        self._types: dict[tuple[str, str], type[TypedEvent]] = {}
        self._dispatch: Dispatch | None = None
        self._listeners: list[Callable[[], None]] = []

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after every change of the registry."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        self._dispatch = None
        for listener in self._listeners:
            listener()

    def register(
        self,
        source: str,
        detail_type: str,
        event_type: type[TypedEvent],
        *,
        replace: bool = False,
    ) -> None:
        if not (isinstance(event_type, type) and issubclass(event_type, TypedEvent)):
            raise TypeError(
                f"event_type must be a TypedEvent subclass, got {event_type!r}"
            )
        tag = event_type.__struct_config__.tag
        if tag != detail_type:
            raise ValueError(
                f"{event_type.__name__} is tagged {tag!r}, not {detail_type!r}: "
                f"declare it as `class {event_type.__name__}(TypedEvent, "
                f"tag={detail_type!r})`"
            )
        key = (source, detail_type)
        with self._lock:
            current = self._types.get(key)
            if current is not None and current is not event_type and not replace:
                raise ValueError(
                    f"{key!r} is already registered to {current.__name__}; "
                    "pass replace=True to replace it"
                )
            self._types[key] = event_type
            self._changed()

    def unregister(self, source: str, detail_type: str) -> None:
        with self._lock:
            del self._types[(source, detail_type)]
            self._changed()

    def dispatch(self) -> Dispatch:
        current = self._dispatch
        if current is None:
            with self._lock:
                current = self._dispatch
                if current is None:
                    current = self._dispatch = Dispatch(self._types)
        return current


_REGISTRY = _Registry()


def register(
    source: str,
    detail_type: str,
    event_type: type[TypedEvent],
    *,
    replace: bool = False,
) -> None:
    """Register ``event_type`` for events with this ``source`` and
    ``detail-type``, so that :func:`decode` and :func:`convert` return it.

    Parameters
    ----------
    source : str
        The event's ``source`` (``"aws.ecr"``, ``"com.example.orders"``).
    detail_type : str
        The event's ``detail-type``; must equal the class's tag.
    event_type : type
        A :class:`TypedEvent` subclass declared with ``tag=detail_type``.
    replace : bool, default False
        Replace a different class already registered for the pair, instead
        of raising ``ValueError``.

    Examples
    --------
    >>> class OrderPlaced(TypedEvent, tag="Order Placed"):
    ...     detail: dict[str, int]
    >>> register("com.example.orders", "Order Placed", OrderPlaced)
    """
    _REGISTRY.register(source, detail_type, event_type, replace=replace)


def unregister(source: str, detail_type: str) -> None:
    """Remove the registration of ``(source, detail_type)``.

    Raises
    ------
    KeyError
        If nothing is registered for the pair.
    """
    _REGISTRY.unregister(source, detail_type)


def event_type_for(source: str, detail_type: str) -> type[TypedEvent] | None:
    """Return the class registered for ``(source, detail_type)``, or None."""
    return _REGISTRY.dispatch().types.get((source, detail_type))


def registered() -> dict[tuple[str, str], type[TypedEvent]]:
    """Return a copy of the registry: ``{(source, detail_type): class}``."""
    return dict(_REGISTRY.dispatch().types)


def dispatch() -> Dispatch:
    """Return the current dispatch snapshot (rebuilt after a registration)."""
    return _REGISTRY.dispatch()
