# The registry of event types, keyed by EventBridge's own routing key
# ``(source, detail-type)``, the lazy catalogue of the built-in types, and
# the dispatch decoders built from what is loaded.
#
# The catalogue (``_catalogue.py``, generated) maps every built-in routing
# key to its module and class. ``import eventbridge_structs`` imports no
# event module: the first lookup of a built-in key imports its module,
# whose classes register themselves (``register_module``), and the dispatch
# snapshot is rebuilt.
#
# Dispatch reads both keys in one parse. EventBridge writes ``source`` and
# ``detail-type`` before ``detail``; msgspec's tagged union reads the tag
# (``detail-type``) first and then decodes the object as the class the tag
# names. A detail-type that one class holds (under one or more sources) is
# that class in the union: the decoded event's ``source`` is then checked
# against the class's sources, one set lookup. A detail-type that several
# classes share (every service's "AWS API Call via CloudTrail", a user's
# ``my.app`` type of the same name) is one *shared* member in the union: the
# envelope decoded typed, the ``detail`` kept as raw JSON (msgspec skips
# it without building anything). Its ``source`` picks the class, whose detail
# decoder then types the detail: each byte is parsed once typed, plus one
# skip over the detail. When the classes of a shared detail-type declare the
# envelope differently (or add fields), the shared member only routes, and
# the event is decoded again as its class.
from __future__ import annotations

import _thread
import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Union, get_type_hints

import msgspec

from ._catalogue import CATALOGUE
from ._envelope import AwareDatetime, EventBridgeEvent, TypedEvent

__all__ = [
    "Dispatch",
    "event_type_for",
    "register",
    "register_module",
    "registered",
    "unregister",
]

Key = tuple[str, str]


class Unmatchable(
    TypedEvent,
    frozen=True,
    kw_only=True,
    tag="\x00eventbridge-structs: no event has this detail-type",
):
    """Keeps the dispatch union a real tagged union (which requires the
    ``detail-type`` key) even when only one type is registered."""


class _Shared(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """The union member of a detail-type several classes share: the
    envelope as :class:`EventBridgeEvent` declares it, the detail raw.
    Subclassed once per such detail-type, as its tag."""

    detail: msgspec.Raw
    account: str
    id: str
    region: str
    resources: list[str]
    source: str
    time: AwareDatetime
    version: str


#: The envelope fields of the base, with their types, which a class must
#: declare alike for its events to be built from a shared member.
_BASE_FIELDS = {
    name: hint
    for name, hint in get_type_hints(EventBridgeEvent, include_extras=True).items()
    if name in EventBridgeEvent.__struct_fields__
}

_SHARED_CLASSES: dict[str, type[_Shared]] = {}


def _shared_class(detail_type: str) -> type[_Shared]:
    cls = _SHARED_CLASSES.get(detail_type)
    if cls is None:
        cls = _SHARED_CLASSES[detail_type] = msgspec.defstruct(  # type: ignore[assignment]
            "_Shared",
            [],
            bases=(_Shared,),
            tag_field="detail-type",
            tag=detail_type,
            frozen=True,
            kw_only=True,
            gc=False,
        )
    return cls  # type: ignore[return-value]


def _builder(cls: type[TypedEvent]) -> Callable[[Any], Any] | None:
    """How to build a ``cls`` event from a shared member, or None when the
    input must be decoded again as ``cls`` (its envelope differs)."""
    hints = get_type_hints(cls, include_extras=True)
    fields = set(cls.__struct_fields__)
    same = fields == set(_BASE_FIELDS) and all(
        hints[name] == _BASE_FIELDS[name] for name in fields if name != "detail"
    )
    if not same:
        return None
    detail = msgspec.json.Decoder(hints["detail"], strict=False).decode

    def build(shared: Any) -> Any:
        return cls(
            detail=detail(shared.detail),
            account=shared.account,
            id=shared.id,
            region=shared.region,
            resources=shared.resources,
            source=shared.source,
            time=shared.time,
            version=shared.version,
        )

    return build


class Dispatch:
    """An immutable snapshot of the loaded registry, ready for decoding.

    Attributes
    ----------
    json : msgspec.json.Decoder
        Decodes any loaded detail-type in one pass.
    sources : dict
        For each class in the union, the sources it stands for directly
        (none for a shared member).
    shared : dict
        For each shared member, ``{source: build}``, where ``build(member)``
        returns the event, or is None where the input must be decoded again
        as the class (see the module comment).
    types : dict
        The loaded registry: ``(source, detail_type) -> class``.
    """

    __slots__ = ("json", "shared", "sources", "types")

    def __init__(self, types: Mapping[Key, type[TypedEvent]]) -> None:
        self.types = dict(types)
        by_tag: dict[str, dict[str, type[TypedEvent]]] = {}
        for (source, detail_type), cls in self.types.items():
            by_tag.setdefault(detail_type, {})[source] = cls
        members: list[type[Any]] = []
        self.sources: dict[type[Any], frozenset[str]] = {}
        self.shared: dict[type[Any], dict[str, Callable[[Any], Any] | None]] = {}
        for detail_type, by_source in by_tag.items():
            classes = set(by_source.values())
            if len(classes) == 1:
                (cls,) = classes
                members.append(cls)
                self.sources[cls] = frozenset(by_source)
            else:
                member = _shared_class(detail_type)
                members.append(member)
                self.sources[member] = frozenset()
                builders = {cls: _builder(cls) for cls in classes}
                self.shared[member] = {s: builders[c] for s, c in by_source.items()}
        self.sources[Unmatchable] = frozenset()
        union: Any = Union[tuple([*members, Unmatchable])]  # noqa: UP007
        self.json = msgspec.json.Decoder(union, strict=False)


class _Registry:
    def __init__(self) -> None:
        # threading.Lock, without importing threading
        self._lock = _thread.allocate_lock()
        #: The loaded registry, ``(source, detail-type) -> class``: changed
        #: under the lock, read without it (one dict lookup is atomic).
        self.types: dict[Key, type[TypedEvent]] = {}
        self._removed: set[Key] = set()
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
        self, event_type: type[TypedEvent], source: str, *, replace: bool = False
    ) -> None:
        if not (isinstance(event_type, type) and issubclass(event_type, TypedEvent)):
            raise TypeError(
                f"event_type must be a TypedEvent subclass, got {event_type!r}"
            )
        if not isinstance(source, str):
            raise TypeError(f"source must be a string, got {source!r}")
        detail_type = event_type.__struct_config__.tag
        if not isinstance(detail_type, str):
            raise ValueError(
                f"{event_type.__name__} has no detail-type: declare it as "
                f'`class {event_type.__name__}(TypedEvent, tag="Detail Type")`'
            )
        key = (source, detail_type)
        with self._lock:
            current = self.types.get(key)
            if current is None and key in CATALOGUE and key not in self._removed:
                module, name = CATALOGUE[key]
                builtin = (f"{__package__}.{module}", name)
                if (event_type.__module__, event_type.__qualname__) != builtin:
                    current = _Builtin(name)  # type: ignore[assignment]
            if current is not None and current is not event_type and not replace:
                raise ValueError(
                    f"{key!r} is already registered to {current.__name__}; "
                    "pass replace=True to replace it"
                )
            self.types[key] = event_type
            self._removed.discard(key)
            self._changed()

    def register_module(self, source: str, classes: Iterable[type[TypedEvent]]) -> None:
        # A built-in module's classes, as it is imported: a key the user has
        # registered (or removed) since keeps the user's choice.
        with self._lock:
            for cls in classes:
                key = (source, str(cls.__struct_config__.tag))
                if key not in self.types and key not in self._removed:
                    self.types[key] = cls
            self._changed()

    def unregister(self, source: str, detail_type: str) -> None:
        key = (source, detail_type)
        with self._lock:
            builtin = key in CATALOGUE and key not in self._removed
            if key not in self.types and not builtin:
                raise KeyError(key)
            self.types.pop(key, None)
            if builtin:
                self._removed.add(key)
            self._changed()

    def lookup(self, source: Any, detail_type: Any) -> type[TypedEvent] | None:
        """The class for the key, importing its built-in module if needed."""
        try:
            key = (source, detail_type)
            cls = self.types.get(key)
            if cls is not None or key not in CATALOGUE or key in self._removed:
                return cls
        except TypeError:  # an unhashable source or detail-type
            return None
        self.load(CATALOGUE[key][0])
        return self.types.get(key)

    @staticmethod
    def load(module: str) -> None:
        """Import a built-in event module (which registers its classes)."""
        importlib.import_module(f"{__package__}.{module}")

    def load_all(self) -> None:
        for module in dict.fromkeys(module for module, _ in CATALOGUE.values()):
            self.load(module)

    def dispatch(self) -> Dispatch:
        current = self._dispatch
        if current is None:
            with self._lock:
                current = self._dispatch
                if current is None:
                    current = self._dispatch = Dispatch(self.types)
        return current


class _Builtin:
    """Names a built-in class that is not loaded, in an error message."""

    def __init__(self, name: str) -> None:
        self.__name__ = name


REGISTRY = _Registry()


def register(
    event_type: type[TypedEvent], *, source: str, replace: bool = False
) -> None:
    """Register ``event_type`` for events with this ``source`` and its
    ``detail-type``, so that :func:`decode` and :func:`convert` return it.

    Parameters
    ----------
    event_type : type
        A :class:`TypedEvent` subclass; its msgspec tag is the detail-type.
    source : str
        The event's ``source`` (``"aws.ecr"``, ``"com.example.orders"``).
        A class may be registered under several sources.
    replace : bool, default False
        Replace a different class already registered (or built in) for the
        routing key, instead of raising ``ValueError``.

    Examples
    --------
    >>> class OrderPlaced(TypedEvent, tag="Order Placed"):
    ...     detail: dict[str, int]
    >>> register(OrderPlaced, source="com.example.orders")
    """
    REGISTRY.register(event_type, source, replace=replace)


def register_module(source: str, classes: Iterable[type[TypedEvent]]) -> None:
    """Register a generated event module's classes under its source (called
    by the module itself, as it is imported). A routing key registered or
    removed by the user keeps the user's choice."""
    REGISTRY.register_module(source, classes)


def unregister(source: str, detail_type: str) -> None:
    """Remove the registration of ``(source, detail_type)``; a built-in type
    then decodes as :class:`GenericEvent` until registered again.

    Raises
    ------
    KeyError
        If nothing is registered for the pair.
    """
    REGISTRY.unregister(source, detail_type)


def event_type_for(source: str, detail_type: str) -> type[TypedEvent] | None:
    """Return the class registered (or built in) for ``(source,
    detail_type)``, or None. A built-in type's module is imported on its
    first lookup."""
    return REGISTRY.lookup(source, detail_type)


def registered() -> dict[Key, type[TypedEvent]]:
    """Return a copy of the whole registry, ``{(source, detail_type):
    class}``: every built-in type (importing their modules) and every type
    registered since."""
    REGISTRY.load_all()
    return dict(REGISTRY.dispatch().types)


def dispatch() -> Dispatch:
    """Return the current dispatch snapshot (rebuilt after a change)."""
    return REGISTRY.dispatch()
