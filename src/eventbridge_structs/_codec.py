# Decode and encode events: JSON bytes (or a parsed dict) in, typed events out,
# dispatched on ``(source, detail-type)`` through the registry.
#
# The fast path is one call into a msgspec tagged-union decoder plus a set
# membership test on ``source`` (or, for a detail-type several classes
# share, the typed detail decoded from the raw one; see ``_registry``).
# Anything it cannot settle (a type whose module is not loaded yet, an
# unregistered type, bad input) takes the slow path: read the routing key,
# pick the exact class (importing its module), decode again, and turn any
# failure into one DecodeError naming the JSON path. A failure is
# first retried as convert of the plain parsed JSON, so that a repeated key's
# last value wins on every path, as in json.loads.
#
# Every decoded event keeps a reference to its input (see ``_kept``), which
# ``encode`` writes back while the event still holds what it says: the round
# trip loses nothing the model does not declare.
from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, Union, overload

import msgspec

from ._catalogue import CATALOGUE
from ._envelope import EventBridgeEvent, GenericEvent, TypedEvent
from ._errors import MSGSPEC_ERRORS, DecodeError, from_msgspec
from ._kept import KEPT, keep, kept_json
from ._registry import REGISTRY, Unmatchable

__all__ = ["convert", "decode", "decode_lines", "decode_many", "encode"]

T = TypeVar("T")
_type = type
Buffer = bytes | bytearray | memoryview | str

_ENCODER = msgspec.json.Encoder()
_RAW_LIST = msgspec.json.Decoder(list[msgspec.Raw])
_PLAIN = msgspec.json.Decoder()
# KeyError: a union built just before a registration change met the newer
# sources table; the slow path settles it.
_FAST_PATH_MISSES = (*MSGSPEC_ERRORS, KeyError)
_DECODERS: dict[Any, msgspec.json.Decoder[Any]] = {}


_GENERIC = msgspec.json.Decoder(GenericEvent, strict=False)
#: The registry's live table of loaded types (updated in place).
_TYPES = REGISTRY.types

# The fast path's state, read as module globals (the cheapest lookup) and
# replaced whenever the registry changes: the dispatch union's decode method
# and, per class in the union, the sources it is registered under.
_fast_decode: Callable[[Buffer], Any]
_fast_sources: dict[type[Any], frozenset[str]] = {}
_fast_shared: dict[type[Any], dict[str, Callable[[Any], Any] | None]] = {}


def _first_decode(data: Buffer) -> Any:
    """Stands in for the fast decoder until the dispatch union is built."""
    global _fast_decode, _fast_sources, _fast_shared
    dispatch = REGISTRY.dispatch()
    _fast_sources = dispatch.sources
    _fast_shared = dispatch.shared
    _fast_decode = dispatch.json.decode
    return _fast_decode(data)


def _reset_fast_path() -> None:
    global _fast_decode
    _fast_decode = _first_decode


_reset_fast_path()
REGISTRY.on_change(_reset_fast_path)


def _target(tp: Any) -> Any:
    """What to decode when asked for ``tp``: a typed event through a union
    with a class no event matches, so that its ``detail-type`` tag is
    required (as the schema says) rather than optional; ``GenericEvent`` for
    the ``EventBridgeEvent`` base."""
    if tp is EventBridgeEvent:
        return GenericEvent
    if isinstance(tp, _type) and issubclass(tp, TypedEvent):
        return Union[tp, Unmatchable]  # noqa: UP007
    return tp


def _decoder_for(tp: Any) -> msgspec.json.Decoder[Any]:
    decoder = _DECODERS.get(tp)
    if decoder is None:
        decoder = _DECODERS[tp] = msgspec.json.Decoder(_target(tp), strict=False)
    return decoder


def _resolve(source: Any, detail_type: Any, strict: bool) -> type[EventBridgeEvent]:
    try:
        cls = REGISTRY.types.get((source, detail_type))
    except TypeError:  # an unhashable source or detail-type: not registered
        cls = None
    if cls is None:  # a built-in type whose module is not loaded yet, or none
        cls = REGISTRY.lookup(source, detail_type)
    if cls is not None:
        return cls
    if strict:
        raise DecodeError(
            f"No event type is registered for source {source!r} and "
            f"detail-type {detail_type!r}"
        )
    return GenericEvent


class _RoutingKey(msgspec.Struct, gc=False):
    """Only the routing key of an event; anything else is skipped."""

    source: Any = None
    detail_type: Any = msgspec.field(name="detail-type", default=None)


_KEY = msgspec.json.Decoder(_RoutingKey)


def _decode_slow(data: Buffer, strict: bool) -> EventBridgeEvent:
    try:
        # The union did not settle it: most often an unregistered type, so
        # one GenericEvent parse reads the routing key and, for such a type,
        # is the answer.
        generic = _GENERIC.decode(data)
    except MSGSPEC_ERRORS:  # bad input, or an envelope unlike the base's
        generic = None
    try:
        if generic is not None:
            key = (generic.source, generic.detail_type)
            if not strict and key not in _TYPES and key not in CATALOGUE:
                return keep(generic, data)  # type: ignore[no-any-return]
            cls = _resolve(generic.source, generic.detail_type, strict)
            if cls is GenericEvent:
                return keep(generic, data)  # type: ignore[no-any-return]
        else:
            routing = _KEY.decode(data)
            cls = _resolve(routing.source, routing.detail_type, strict)
        event: EventBridgeEvent = _decoder_for(cls).decode(data)
    except MSGSPEC_ERRORS as exc:
        error = exc
    else:
        return keep(event, data)  # type: ignore[no-any-return]
    # Retried outside the except block, so that the retry's errors do not
    # chain to this one (whose frames hold ``data``) as their __context__;
    # ``error`` is dropped so that it makes no cycle with this frame.
    try:
        return keep(_last_wins(data, None, strict, error), data)  # type: ignore[no-any-return]
    finally:
        del error


def _last_wins(data: Buffer, type: Any, strict: bool, exc: Exception) -> Any:
    """The error path: decode ``data`` as ``convert(json.loads(data))`` would.

    A repeated key keeps its last value in msgspec's typed decoders too, but
    every occurrence is checked (and a repeated ``detail-type`` against the
    class's tag), where a parser that builds a dict keeps only the last one.
    Parsing to plain values and converting makes the last occurrence win on
    every path, so that decode(raw) gives what convert(json.loads(raw))
    gives. Input that is not JSON raises the typed decoder's error.
    """
    try:
        obj = _PLAIN.decode(data)
    except MSGSPEC_ERRORS:
        raise from_msgspec(exc) from exc
    return convert(obj, type=type, strict=strict)


@overload
def decode(
    data: Buffer, *, type: None = None, strict: bool = False
) -> EventBridgeEvent: ...
@overload
def decode(data: Buffer, *, type: type[T], strict: bool = False) -> T: ...
def decode(data: Buffer, *, type: Any = None, strict: bool = False) -> Any:
    """Decode one event from JSON.

    Parameters
    ----------
    data : bytes, bytearray, memoryview or str
        The JSON text of one EventBridge event.
    type : type, optional
        Decode straight into this type (any event or detail Struct, or any
        type msgspec can decode). By default the type is chosen from the
        registry by the event's ``source`` and ``detail-type``.
        ``EventBridgeEvent`` means :class:`GenericEvent`.
    strict : bool, default False
        Raise :class:`DecodeError` for an unregistered ``(source,
        detail-type)`` instead of returning a :class:`GenericEvent`.

    Returns
    -------
    EventBridgeEvent
        The registered event class for the event's routing key, or a
        :class:`GenericEvent`; with ``type``, an instance of ``type``.

    Raises
    ------
    DecodeError
        For invalid JSON, a wrong type, a missing required field or a bad
        datetime, naming the JSON path (``$.detail.sync-status``).
    """
    if type is None:
        try:
            event = _fast_decode(data)
            source = event.source
            if source in _fast_sources[event.__class__]:
                if data.__class__ is bytes:
                    event.__dict__[KEPT] = data
                    return event
                return keep(event, data)
            build = _fast_shared[event.__class__][source]
            if build is not None:
                return keep(build(event), data)
        except _FAST_PATH_MISSES:
            pass
        return _decode_slow(data, strict)
    try:
        out = _decoder_for(type).decode(data)
    except MSGSPEC_ERRORS as exc:
        error = exc
    else:
        return keep(out, data) if isinstance(out, EventBridgeEvent) else out
    try:
        out = _last_wins(data, type, strict, error)
    finally:
        del error
    return keep(out, data) if isinstance(out, EventBridgeEvent) else out


@overload
def convert(
    obj: Any, *, type: None = None, strict: bool = False
) -> EventBridgeEvent: ...
@overload
def convert(obj: Any, *, type: type[T], strict: bool = False) -> T: ...
def convert(obj: Any, *, type: Any = None, strict: bool = False) -> Any:
    """Convert an already parsed event (the dict a Lambda handler receives).

    Parameters
    ----------
    obj : dict
        The event as JSON values; ``time`` may be a string or a datetime.
    type : type, optional
        Convert straight into this type; by default chosen from the registry
        as in :func:`decode`.
    strict : bool, default False
        Raise :class:`DecodeError` for an unregistered routing key.

    Raises
    ------
    DecodeError
        For a wrong type, a missing required field or a bad datetime.
    """
    if type is None:
        if obj.__class__ is dict:
            try:  # a loaded type: one lookup in the registry's live table
                type = _TYPES[obj["source"], obj["detail-type"]]
            except (KeyError, TypeError):
                type = _resolve(obj.get("source"), obj.get("detail-type"), strict)
        elif isinstance(obj, Mapping):
            type = _resolve(obj.get("source"), obj.get("detail-type"), strict)
        else:
            type = GenericEvent
    elif type is EventBridgeEvent:
        type = GenericEvent
    elif (
        isinstance(type, _type)
        and issubclass(type, TypedEvent)
        and (obj.__class__ is dict or isinstance(obj, Mapping))
        and "detail-type" not in obj
    ):
        # msgspec checks a present tag but does not require it; the schema
        # does. (A Union with Unmatchable would, but msgspec.convert
        # re-reads a Union type on every call.)
        raise DecodeError(
            "Object missing required field `detail-type`", "$.detail-type"
        )
    try:
        # Strict first: msgspec's lax convert costs a quarter more on every
        # call, and only input that needs a coercion gets past it.
        return msgspec.convert(obj, type)
    except MSGSPEC_ERRORS:
        pass
    try:
        return msgspec.convert(obj, type, strict=False)
    except MSGSPEC_ERRORS as exc:
        raise from_msgspec(exc) from exc


def encode(event: Any) -> bytes:
    """Encode an event (or any Struct of this package) as compact JSON.

    A decoded event is written back as the JSON it was decoded from, on one
    line: members its class does not declare, absent and null members, ints
    and the text of times stay as they were. An event you build, or change
    with :func:`msgspec.structs.replace`, is written from its fields: JSON
    names are the documented ones (``detail-type``, ``sync-status``) and
    ``time`` is RFC 3339 with ``Z`` for UTC.
    """
    data = getattr(event, KEPT, None)  # never creates an instance dict
    if data is not None:
        data = kept_json(event, data)
        if data is not None:
            return data
    return _ENCODER.encode(event)


@overload
def decode_many(
    data: Buffer, *, type: None = None, strict: bool = False
) -> list[EventBridgeEvent]: ...
@overload
def decode_many(data: Buffer, *, type: type[T], strict: bool = False) -> list[T]: ...
def decode_many(data: Buffer, *, type: Any = None, strict: bool = False) -> list[Any]:
    """Decode a JSON array of events, dispatching each one.

    Each event keeps its own member of the array for :func:`encode`. The
    cyclic garbage collector is paused while the list is built (and its
    state restored on every exit).

    Raises
    ------
    DecodeError
        For the first bad event, with its index in the path (``$[3].time``).
    """
    try:
        items = _RAW_LIST.decode(data)
    except MSGSPEC_ERRORS as exc:
        raise from_msgspec(exc) from exc
    out: list[Any] = []
    append = out.append
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        for index, raw in enumerate(items):
            try:
                append(decode(raw, type=type, strict=strict))
            except DecodeError as exc:
                raise exc.relocated(f"$[{index}]") from exc.__cause__
    finally:
        if paused:
            gc.enable()
    return out


@overload
def decode_lines(
    data: Buffer, *, type: None = None, strict: bool = False
) -> list[EventBridgeEvent]: ...
@overload
def decode_lines(data: Buffer, *, type: type[T], strict: bool = False) -> list[T]: ...
def decode_lines(data: Buffer, *, type: Any = None, strict: bool = False) -> list[Any]:
    """Decode newline-delimited JSON (one event per line; blank lines are
    skipped), dispatching each event.

    Each event keeps its own line for :func:`encode`. The cyclic garbage
    collector is paused while the list is built (and its state restored on
    every exit).

    Raises
    ------
    DecodeError
        For the first bad event, with its record index in the path and its
        1-based line number in ``line``.
    """
    # surrogatepass: a lone surrogate becomes bytes that fail as invalid
    # UTF-8 on its own line, instead of failing the whole input here.
    if isinstance(data, str):
        text = data.encode("utf-8", "surrogatepass")
    else:
        text = data if isinstance(data, bytes) else bytes(data)
    out: list[Any] = []
    append = out.append
    dispatch = type is None
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        for lineno, line in enumerate(text.split(b"\n"), 1):
            if dispatch:  # decode()'s fast path, inlined: no call per line
                try:
                    event = _fast_decode(line)
                    source = event.source
                    if source in _fast_sources[event.__class__]:
                        event.__dict__[KEPT] = line
                        append(event)
                        continue
                except _FAST_PATH_MISSES:
                    pass
            if not line.strip():
                continue
            try:
                append(decode(line, type=type, strict=strict))
            except DecodeError as exc:
                raise exc.relocated(f"$[{len(out)}]", line=lineno) from exc.__cause__
    finally:
        if paused:
            gc.enable()
    return out
