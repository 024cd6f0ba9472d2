# Validation for the pydantic 2 model API (``model_validate``,
# ``model_validate_json``, ``model_validate_strings`` and the deprecated
# ``parse_raw`` / ``parse_file`` loading, as pydantic 2 defines them for
# botocraft 0.36.0's models), through the core codec only: every document
# is checked by ``eventbridge_structs.decode(data, type=cls)`` or
# ``eventbridge_structs.convert(obj, type=cls)``, so dispatch, the error
# path and the duplicate-key rule (the last occurrence wins) are the core's.
# Validating into ``EventBridgeEvent`` or ``TypedEvent`` dispatches on
# ``(source, detail-type)`` as ``decode``/``convert`` without a type do.
# What is added here: the fields-set record (and ``session``) written into
# the instance ``__dict__`` of ``dict=True`` Structs, and pydantic's strings
# mode.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec
import msgspec.inspect as mi

from .._codec import convert, decode
from .._envelope import EventBridgeEvent, TypedEvent
from .._errors import DecodeError
from .._registry import event_type_for
from ._fields import fields_set_tree, is_mapping, remember, struct_info

__all__ = ["EXTRA_ATTRS", "load_raw", "validate_json", "validate_python"]

T = TypeVar("T")

#: The class attribute naming the attributes a constructor accepts besides
#: the fields (botocraft's ``session``), kept in the instance ``__dict__``.
EXTRA_ATTRS = "__compat_extra_attrs__"

_PLAIN = msgspec.json.Decoder()


def _dispatch(cls: type[Any]) -> tuple[Any, bool]:
    """The core codec's ``(type, strict)`` for validating into ``cls``: the
    abstract bases dispatch (``TypedEvent`` strictly)."""
    if cls is EventBridgeEvent:
        return None, False
    if cls is TypedEvent:
        return None, True
    return cls, False


def _extra_attrs(cls: type[Any], doc: Any) -> dict[str, Any]:
    names: tuple[str, ...] = getattr(cls, EXTRA_ATTRS, ())
    if not names or not is_mapping(doc):
        return {}
    return {name: doc[name] for name in names if name in doc}


def _record(result: Any, doc: Any) -> None:
    if getattr(result, "__dict__", None) is not None:
        cls = type(result)
        remember(result, fields_set_tree(cls, doc), _extra_attrs(cls, doc))


def validate_python(cls: type[T], obj: Any, *, strings: bool = False) -> T:
    """``cls.model_validate(obj)``: ``obj`` itself when it already is an
    instance, else ``convert(obj, type=cls)``, with the fields-set record.

    Parameters
    ----------
    cls : type
        Any Struct class; ``EventBridgeEvent`` and ``TypedEvent`` dispatch.
    obj : Any
        A parsed document (JSON names).
    strings : bool, default False
        pydantic's strings mode: every leaf is a string, parsed into its
        field's type first.

    Raises
    ------
    DecodeError
        As :func:`eventbridge_structs.convert` raises it, or for a leaf
        that is not a string (or does not parse) in strings mode.
    """
    if isinstance(obj, cls):
        return obj
    target, strict = _dispatch(cls)
    data = obj
    if strings:
        shape = target
        if shape is None and is_mapping(obj):
            source, detail_type = obj.get("source"), obj.get("detail-type")
            if isinstance(source, str) and isinstance(detail_type, str):
                shape = event_type_for(source, detail_type)
        if isinstance(shape, type) and issubclass(shape, msgspec.Struct):
            data = _coerce_strings(struct_info(shape), obj, "$")
    result: T = convert(data, type=target, strict=strict)
    _record(result, obj)
    return result


def validate_json(cls: type[T], data: str | bytes | bytearray) -> T:
    """``cls.model_validate_json(data)``: ``decode(data, type=cls)``, with
    the fields-set record.

    Raises
    ------
    DecodeError
        As :func:`eventbridge_structs.decode` raises it.
    """
    target, strict = _dispatch(cls)
    result: T = decode(data, type=target, strict=strict)
    if getattr(result, "__dict__", None) is not None:
        # Valid JSON (decode succeeded): parsed once more for the record,
        # keeping each repeated key's last value, as decode does.
        _record(result, _PLAIN.decode(data))
    return result


_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def _coerce_strings(t: mi.Type, value: Any, path: str) -> Any:
    """pydantic's strings mode: every leaf is a string, parsed into the
    field's type (numbers as Python parses them, booleans from
    true/false/yes/no/on/off/1/0/t/f/y/n); datetimes and enums stay strings
    for msgspec to parse. Objects and (unlike pydantic) lists hold leaves.

    Raises
    ------
    DecodeError
        For a leaf that is not a string, or does not parse.
    """
    while isinstance(t, mi.Metadata):
        t = t.type
    if isinstance(t, mi.UnionType):
        error: DecodeError | None = None
        for option in t.types:
            if not isinstance(option, mi.NoneType):
                try:
                    return _coerce_strings(option, value, path)
                except DecodeError as exc:
                    error = error or exc
        raise error or DecodeError("Expected `str`, got `None`", path)
    if isinstance(value, Mapping):
        if isinstance(t, mi.StructType):
            out = dict(value)
            for f in t.fields:
                if f.encode_name in out:
                    out[f.encode_name] = _coerce_strings(
                        f.type, out[f.encode_name], f"{path}.{f.encode_name}"
                    )
            return out
        if isinstance(t, (mi.DictType, mi.AnyType)):
            inner = t.value_type if isinstance(t, mi.DictType) else t
            return {
                k: _coerce_strings(inner, v, f"{path}.{k}") for k, v in value.items()
            }
        return value  # msgspec reports the wrong type
    if isinstance(value, (list, tuple)):
        if isinstance(t, (mi.ListType, mi.VarTupleType, mi.AnyType)):
            inner = t if isinstance(t, mi.AnyType) else t.item_type
            return [
                _coerce_strings(inner, v, f"{path}[{i}]") for i, v in enumerate(value)
            ]
        return value  # msgspec reports the wrong type
    if not isinstance(value, str):
        raise DecodeError(f"Expected `str`, got `{type(value).__name__}`", path)
    if isinstance(t, mi.FloatType):
        if value.isascii():
            try:
                return float(value)
            except ValueError:
                pass
        raise DecodeError(f"Expected `float`, got `str` ({value!r})", path)
    if isinstance(t, mi.IntType):
        if value.isascii():
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise DecodeError(f"Expected `int`, got `str` ({value!r})", path)
    if isinstance(t, mi.BoolType):
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise DecodeError(f"Expected `bool`, got `str` ({value!r})", path)
    return value


def load_raw(
    data: str | bytes,
    *,
    content_type: str | None,
    encoding: str,
    proto: str | None,
    allow_pickle: bool,
) -> tuple[bool, Any]:
    """``(is_json, payload)`` as pydantic's deprecated ``load_str_bytes``
    decides it: JSON text (decoded with ``encoding``), or an unpickled
    object when pickle is allowed."""
    if proto is None and content_type:
        if content_type.endswith(("json", "javascript")):
            pass
        elif allow_pickle and content_type.endswith("pickle"):
            proto = "pickle"
        else:
            raise DecodeError(f"Unknown content-type: {content_type}")
    proto = proto or "json"
    if proto == "json":
        if isinstance(data, bytes):
            try:
                data = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"Input is not valid {encoding}: {exc.reason}"
                ) from exc
        return True, data
    if proto == "pickle":
        if not allow_pickle:
            raise RuntimeError("Trying to decode with pickle with allow_pickle=False")
        import pickle

        raw = data if isinstance(data, bytes) else data.encode()
        return False, pickle.loads(raw)  # the caller opted in
    raise DecodeError(f"Unknown protocol: {proto}")
