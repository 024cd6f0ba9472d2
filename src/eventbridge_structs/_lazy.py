# The envelope first, the detail on demand (issue 17, "lazy detail"): the
# EventBridge envelope as the event structure reference documents it
# (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html)
# decoded with the ``detail`` kept as raw JSON (``msgspec.Raw``: skipped by
# the parser, nothing built), the routing key ``(source, detail-type)`` alone,
# and the typed event built later from an envelope, equal to what ``decode``
# gives for the same JSON.
#
# A consumer that routes or filters on envelope fields pays for the envelope
# only; the detail of the events it keeps is decoded once, by the detail's
# own decoder, and the event is built from the envelope's fields (as the
# registry's dispatch builds the events of a shared detail-type).
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, get_type_hints, overload

import msgspec

from ._codec import decode
from ._envelope import AwareDatetime, EventBridgeEvent, GenericEvent
from ._errors import MSGSPEC_ERRORS, DecodeError, from_msgspec
from ._registry import REGISTRY

__all__ = ["Envelope", "peek", "peek_object", "routing_key", "typed"]

T = TypeVar("T")
Buffer = bytes | bytearray | memoryview | str


class Envelope(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """An EventBridge event with its ``detail`` still raw JSON.

    What :func:`peek` returns: every envelope field decoded and validated as
    :func:`eventbridge_structs.decode` validates it, the detail skipped by
    the parser and kept as the JSON text it was. Route or filter on the
    envelope, then build the typed event of the ones you keep with
    :func:`typed`. :func:`eventbridge_structs.encode` writes an envelope
    back with its detail verbatim.

    Attributes
    ----------
    detail : msgspec.Raw
        The event's payload as raw JSON (``bytes(envelope.detail)``).
    account : str
        The AWS account ID where the event occurred.
    detail_type : str
        The event's ``detail-type`` (JSON name ``detail-type``).
    id : str
        The unique identifier of this event instance.
    region : str
        The AWS region where the event occurred.
    resources : list of str
        The ARNs of the resources involved in the event.
    source : str
        The service or application that emitted the event.
    time : datetime
        When the event occurred; always timezone-aware.
    version : str
        The version of the envelope format (``"0"``).
    """

    detail: msgspec.Raw
    account: str
    detail_type: str = msgspec.field(name="detail-type")
    id: str
    region: str
    resources: list[str]
    source: str
    time: AwareDatetime
    version: str


class _RoutingKey(msgspec.Struct, gc=False):
    """Only the routing key of an event; anything else is skipped."""

    source: str
    detail_type: str = msgspec.field(name="detail-type")


# Lax like decode's own decoders: a time may be seconds since the epoch.
_ENVELOPE = msgspec.json.Decoder(Envelope, strict=False)
_KEY = msgspec.json.Decoder(_RoutingKey)
# Bound once: a global lookup per call instead of a global and an attribute.
_decode_envelope = _ENVELOPE.decode
_decode_key = _KEY.decode
_PLAIN = msgspec.json.Decoder()
_ENCODE = msgspec.json.Encoder().encode

#: Decodes newline-delimited or concatenated envelopes in one call (for the
#: delivery paths' chunks).
decode_envelopes: Callable[[Buffer], list[Envelope]] = _ENVELOPE.decode_lines


def routing_key(data: Buffer) -> tuple[str, str]:
    """Read only ``(source, detail-type)`` from the JSON of an event.

    Everything else (the detail included) is skipped by the parser without
    being validated, at about half the cost of decoding the event.

    Parameters
    ----------
    data : bytes, bytearray, memoryview or str
        The JSON text of one EventBridge event.

    Returns
    -------
    tuple of str
        ``(source, detail_type)``, the key :func:`eventbridge_structs.decode`
        dispatches on.

    Raises
    ------
    DecodeError
        For invalid JSON, or a missing or non-string ``source`` or
        ``detail-type``, naming the JSON path (``$.detail-type``).
    """
    try:
        key = _decode_key(data)
    except MSGSPEC_ERRORS as exc:
        raise from_msgspec(exc) from exc
    return key.source, key.detail_type


def peek(data: Buffer) -> Envelope:
    """Decode the envelope of an event, keeping its detail as raw JSON.

    Use it to route or filter on ``source``, ``detail_type``, ``account``,
    ``region``, ``resources`` or ``time`` and decode the detail only for the
    events you keep (:func:`typed`): an envelope costs about three quarters
    of a full decode, and the detail of a dropped event is never built. When
    every event is kept, :func:`eventbridge_structs.decode` is cheaper than
    ``peek`` followed by ``typed``.

    Parameters
    ----------
    data : bytes, bytearray, memoryview or str
        The JSON text of one EventBridge event.

    Returns
    -------
    Envelope
        The envelope fields, validated as ``decode`` validates them; members
        the envelope does not declare are ignored.

    Raises
    ------
    DecodeError
        For invalid JSON or a bad envelope field, naming the JSON path
        (``$.time``). Nothing inside the detail is checked until
        :func:`typed`.
    """
    try:
        return _decode_envelope(data)
    except MSGSPEC_ERRORS as exc:
        error = exc
    # As decode does: a repeated key's last value wins (msgspec checks every
    # occurrence). Retried outside the except block, so that the retry's
    # errors do not chain to this one.
    try:
        return _last_wins(data, error)
    finally:
        del error


def _last_wins(data: Buffer, exc: Exception) -> Envelope:
    try:
        obj = _PLAIN.decode(data)
    except MSGSPEC_ERRORS:
        raise from_msgspec(exc) from exc
    return peek_object(obj)


def peek_object(obj: Any) -> Envelope:
    """:func:`peek` of an already parsed event (the dict a Lambda handler
    receives): the detail is kept as its JSON text.

    Raises
    ------
    DecodeError
        For a bad envelope field, or a detail that is not JSON.
    """
    if obj.__class__ is dict and "detail" in obj:
        try:
            detail = msgspec.Raw(_ENCODE(obj["detail"]))
        except (TypeError, ValueError, OverflowError, msgspec.EncodeError) as exc:
            raise DecodeError(f"Not JSON: {exc}", "$.detail") from None
        obj = {**obj, "detail": detail}
    try:
        return msgspec.convert(obj, Envelope, strict=False)
    except MSGSPEC_ERRORS as exc:
        raise from_msgspec(exc) from exc


# --- the typed event ----------------------------------------------------------

#: The envelope fields of the base, with their types: a class that declares
#: them alike is built from an envelope's fields.
_BASE_FIELDS = {
    name: hint
    for name, hint in get_type_hints(EventBridgeEvent, include_extras=True).items()
    if name in EventBridgeEvent.__struct_fields__
}

_Build = Callable[[Envelope], Any]
_BUILDERS: dict[Any, _Build] = {}


def _detail_error(exc: Exception) -> DecodeError:
    err = from_msgspec(exc).relocated("$.detail")
    err.__cause__ = exc
    return err


def _detail_decoder(hint: Any) -> Callable[[msgspec.Raw], Any]:
    """Decode a raw detail as ``hint``, as decode decodes it inside an event
    (lax; a repeated key's last value wins), errors under ``$.detail``."""
    fast = msgspec.json.Decoder(hint, strict=False).decode

    def detail(raw: msgspec.Raw) -> Any:
        try:
            return fast(raw)
        except MSGSPEC_ERRORS as exc:
            error = exc
        try:
            obj = _PLAIN.decode(raw)
        except MSGSPEC_ERRORS:
            raise _detail_error(error) from error
        try:
            return msgspec.convert(obj, hint, strict=False)
        except MSGSPEC_ERRORS as exc:
            raise _detail_error(exc) from exc
        finally:
            del error

    return detail


def _builder(cls: Any) -> _Build:
    """How to build a ``cls`` event from an envelope: from its fields when
    ``cls`` declares the envelope as the base does, else by decoding the
    envelope's JSON as ``cls``."""
    if isinstance(cls, type) and issubclass(cls, EventBridgeEvent):
        hints = get_type_hints(cls, include_extras=True)
        fields = set(cls.__struct_fields__)
        generic = cls is GenericEvent
        names = set(_BASE_FIELDS) | ({"detail_type"} if generic else set())
        same = fields == names and all(
            hints[name] == _BASE_FIELDS[name]
            for name in _BASE_FIELDS
            if name != "detail"
        )
        if same:
            return _from_fields(cls, _detail_decoder(hints["detail"]), generic)
    return _from_json(cls)


def _from_fields(
    cls: Any, detail: Callable[[msgspec.Raw], Any], generic: bool
) -> _Build:
    tag = None if generic else cls.__struct_config__.tag

    def build(env: Envelope) -> Any:
        if tag is not None and env.detail_type != tag:
            raise DecodeError(f"Invalid value {env.detail_type!r}", "$.detail-type")
        extra = {"detail_type": env.detail_type} if generic else {}
        return cls(
            detail=detail(env.detail),
            account=env.account,
            id=env.id,
            region=env.region,
            resources=env.resources,
            source=env.source,
            time=env.time,
            version=env.version,
            **extra,
        )

    return build


def _from_json(cls: Any) -> _Build:
    def build(env: Envelope) -> Any:
        return decode(_ENCODE(env), type=cls)

    return build


def _resolve(source: str, detail_type: str, strict: bool) -> Any:
    cls = REGISTRY.types.get((source, detail_type))
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


@overload
def typed(
    envelope: Envelope, *, type: None = None, strict: bool = False
) -> EventBridgeEvent: ...
@overload
def typed(envelope: Envelope, *, type: type[T], strict: bool = False) -> T: ...
def typed(envelope: Envelope, *, type: Any = None, strict: bool = False) -> Any:
    """Build the typed event of an envelope from :func:`peek`.

    The result equals what :func:`eventbridge_structs.decode` gives for the
    JSON the envelope was read from (with the same ``type`` and
    ``strict``): the class is chosen by the registry from ``(source,
    detail-type)``, and only the detail is decoded here.

    Parameters
    ----------
    envelope : Envelope
        An envelope from :func:`peek` (or the lazy delivery paths).
    type : type, optional
        Build this type instead of dispatching, as ``decode(data,
        type=...)`` does; a typed event class must match the envelope's
        ``detail-type``.
    strict : bool, default False
        Raise :class:`DecodeError` for an unregistered ``(source,
        detail-type)`` instead of returning a :class:`GenericEvent`.

    Returns
    -------
    EventBridgeEvent
        The typed event (or a :class:`GenericEvent`); with ``type``, an
        instance of ``type``.

    Raises
    ------
    DecodeError
        For a bad detail, with the full JSON path (``$.detail.sync-status``).

    Notes
    -----
    An event class that declares the envelope as
    :class:`EventBridgeEvent` does (every built-in class but three SSM
    classes whose ``time`` is a string) is built from the envelope's fields
    and its decoded detail. Any other type is decoded from the envelope's
    JSON (:func:`eventbridge_structs.encode` of it), which holds the
    envelope's declared members and the detail verbatim: members the
    envelope does not declare are gone, and a string ``time`` reads as
    RFC 3339 (``2017-05-22T16:43:48Z``).
    """
    if type is None:
        cls = _resolve(envelope.source, envelope.detail_type, strict)
    elif type is EventBridgeEvent:
        cls = GenericEvent
    else:
        cls = type
    build = _BUILDERS.get(cls)
    if build is None:
        build = _BUILDERS[cls] = _builder(cls)
    return build(envelope)
