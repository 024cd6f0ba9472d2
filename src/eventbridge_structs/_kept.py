# What a decoded event keeps of its JSON, so that ``encode(decode(x))`` gives
# back ``x``: members the model does not declare, absent versus null, ints
# versus floats, and a time's own text (issue 15's lossless round trip).
#
# A Struct holds only its declared fields, so the lossless copy of everything
# else is the input itself. Every decode path stores a reference to it in the
# event's ``__dict__`` (event classes are ``dict=True``); nothing is parsed or
# copied for it when decoding. ``encode`` writes it back, on one line, when
# the event still holds what it was decoded from. Events are frozen and
# ``msgspec.structs.replace`` builds a new instance without the kept JSON,
# so the only change the kept JSON can miss is an in-place change to a
# mutable value inside the event (a list, a dict, an ``Any`` member): those
# fields, and only those, are read from the kept JSON again and compared with
# the event's, by their JSON encoding, before the kept JSON is trusted.
from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import decimal
import enum
import operator
import types
import typing
import uuid
from collections.abc import Callable
from typing import Any, Union

import msgspec

__all__ = ["KEPT", "keep", "kept_json"]

#: The ``__dict__`` key under which an event keeps its JSON.
KEPT = "_json"

_ENCODE = msgspec.json.Encoder().encode
_IMMUTABLE: frozenset[Any] = frozenset(
    {
        str,
        bytes,
        int,
        float,
        bool,
        type(None),
        datetime.datetime,
        datetime.date,
        datetime.time,
        datetime.timedelta,
        uuid.UUID,
        decimal.Decimal,
        msgspec.Raw,
        msgspec.UnsetType,
        frozenset,
    }
)
_CONTAINERS = (list, dict, set, bytearray, collections.abc.MutableSequence)
_UNIONS = (Union, types.UnionType)


def keep(event: Any, data: Any) -> Any:
    """Store ``data``, the JSON ``event`` was decoded from, on ``event``.

    ``bytes`` and ``str`` are kept as they are; anything else (a mutable
    buffer, a view, a ``msgspec.Raw`` slice of a larger input) is copied, so
    that an event never holds a view of a buffer or a whole input.
    """
    if not (data.__class__ is bytes or data.__class__ is str):
        data = bytes(data)
    event.__dict__[KEPT] = data
    return event


def _is_mutable(tp: Any, seen: set[Any]) -> bool:
    """Whether a value of type ``tp`` can change in place (conservatively:
    an unknown type can)."""
    if tp in _IMMUTABLE:
        return False
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _is_mutable(typing.get_args(tp)[0], seen)
    if origin is typing.Literal:
        return False
    if origin in _UNIONS or origin is tuple:
        return any(
            _is_mutable(arg, seen) for arg in typing.get_args(tp) if arg is not ...
        )
    if origin is not None:
        return True  # list[...], dict[...], set[...], frozenset[...] of what?
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum) or tp is tuple:
            return False
        if issubclass(tp, _CONTAINERS):
            return True
        if issubclass(tp, msgspec.Struct):
            if not tp.__struct_config__.frozen:
                return True
            if tp in seen:  # a recursive type: its fields are being checked
                return False
            seen.add(tp)
            return any(
                _is_mutable(field.type, seen) for field in msgspec.structs.fields(tp)
            )
        if dataclasses.is_dataclass(tp):
            return True
    return True


def _verifier(cls: type[Any]) -> Callable[[Any, bytes], bool] | None:
    """How to tell whether an event of ``cls`` still holds what its kept JSON
    says (None: it cannot change, having no mutable field).

    A decoder reads each mutable field's JSON text from the kept JSON as a
    ``msgspec.Raw`` slice (skipping everything else, building nothing; an
    absent field reads as its default's encoding): a field is unchanged when
    the encoding of its value is that text or, when the text is written
    otherwise (spaces, escapes, member order), when the text decoded as the
    field's type encodes alike. (Searching the text for the member's key
    instead costs as much as this one skipping pass.)
    """
    fields = [
        field for field in msgspec.structs.fields(cls) if _is_mutable(field.type, set())
    ]
    if not fields:
        return None
    spec: list[Any] = []
    for f in fields:
        if f.required:
            spec.append((f.name, msgspec.Raw))
        else:
            default = (
                f.default_factory()
                if f.default_factory is not msgspec.NODEFAULT
                else f.default
            )
            spec.append((f.name, msgspec.Raw, msgspec.Raw(_ENCODE(default))))
    shadow: type[Any] = msgspec.defstruct(
        "_MutableText",
        spec,
        rename={f.name: f.encode_name for f in fields},
        kw_only=True,
        gc=False,
    )
    read = msgspec.json.Decoder(shadow).decode
    get = operator.attrgetter(*(f.name for f in fields))
    typed = tuple(msgspec.json.Decoder(f.type, strict=False).decode for f in fields)
    errors = (msgspec.DecodeError, msgspec.ValidationError)
    encode = _ENCODE

    def same(now: Any, text: Any, decode: Callable[[Any], Any]) -> bool:
        now = encode(now)
        if now == bytes(text):
            return True
        try:
            return now == encode(decode(text))  # type: ignore[no-any-return]
        except errors:
            return False

    def read_back(event: Any, data: bytes) -> bool:
        try:
            texts = get(read(data))
        except errors:
            return False
        if len(fields) == 1:
            return same(get(event), texts, typed[0])
        return all(map(same, get(event), texts, typed))

    return read_back


_VERIFIERS: dict[type[Any], Callable[[Any, bytes], bool] | None] = {}


def kept_json(event: Any, data: Any) -> bytes | None:
    """``data``, the JSON ``event`` was decoded from (as :func:`keep`
    stored it), on one line, if the event still holds what that JSON says;
    else None (encode the fields instead).

    Never raises: a kept JSON that no longer decodes as the event's fields
    (which cannot happen for JSON the event was decoded from) counts as
    changed.
    """
    try:
        verify = _VERIFIERS[event.__class__]
    except KeyError:
        verify = _VERIFIERS[event.__class__] = _verifier(event.__class__)
    if data.__class__ is str:
        data = data.encode("utf-8")
    if verify is not None and not verify(event, data):
        return None
    if 10 in data or 13 in data:  # a line feed or carriage return (memchr)
        # Pretty-printed input: written back compact, members and numbers
        # as they were.
        data = msgspec.json.format(data, indent=-1)
    return data  # type: ignore[no-any-return]
