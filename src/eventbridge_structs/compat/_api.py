# The pydantic 2 model API that botocraft 0.36.0's documented models offer
# (``model_validate``, ``model_validate_json``, ``model_validate_strings``,
# ``model_construct``, ``model_dump``, ``model_dump_json``,
# ``model_fields_set``, ``model_copy``, ``model_json_schema``, ``str()``
# and the deprecated pydantic v1 names), in two forms: functions that take
# any msgspec Struct (or Struct class) of this package, for the plain core
# classes that ``decode`` returns (``compat.model_dump(event.detail)``), and
# :class:`ModelAPI`, the mixin that gives the compat classes the same as
# methods. The semantics are pydantic 2's as botocraft runs them; the
# differences are listed in MIGRATING.md.
from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import msgspec

from ._dump import dump, dump_json_text
from ._fields import FIELDS_SET_KEY, plan_of, remember, tree_of
from ._summary import pydantic_str
from ._validate import EXTRA_ATTRS, load_raw, validate_json, validate_python

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
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
    "pydantic_str",
]

T = TypeVar("T")
_M = TypeVar("_M", bound="ModelAPI")


def _extra_names(cls: type[Any]) -> tuple[str, ...]:
    names: tuple[str, ...] = getattr(cls, EXTRA_ATTRS, ())
    return names


# --- validation ------------------------------------------------------------------


def model_validate(cls: type[T], obj: Any) -> T:
    """``cls.model_validate(obj)`` for any Struct class.

    Validates a parsed document (JSON names, as EventBridge sends it)
    through :func:`eventbridge_structs.convert`, or returns ``obj`` itself
    if it already is an instance. ``EventBridgeEvent`` and ``TypedEvent``
    choose the class by ``(source, detail-type)``, as ``convert`` does.

    Parameters
    ----------
    cls : type
        The Struct class to validate into.
    obj : Any
        The document.

    Returns
    -------
    object
        An instance of ``cls`` (of the dispatched class for the bases).

    Raises
    ------
    DecodeError
        For a wrong type, a missing required field (``detail-type``
        included), a bad datetime, naming the JSON path.
    """
    return validate_python(cls, obj)


def model_validate_json(cls: type[T], json_data: str | bytes | bytearray) -> T:
    """``cls.model_validate_json(json_data)`` for any Struct class, through
    :func:`eventbridge_structs.decode` (``type=cls``).

    Raises
    ------
    DecodeError
        For invalid JSON or any validation failure, naming the path.
    """
    return validate_json(cls, json_data)


def model_validate_strings(cls: type[T], obj: Any) -> T:
    """``cls.model_validate_strings(obj)``: validate a document whose leaves
    are all strings, parsing each into its field's type (``"5"`` for a
    float, ``"yes"`` for a bool), then as :func:`model_validate`.

    Raises
    ------
    DecodeError
        For a leaf that is not a string or does not parse.
    """
    return validate_python(cls, obj, strings=True)


def model_construct(
    cls: type[T], _fields_set: set[str] | None = None, **values: Any
) -> T:
    """``cls.model_construct(...)``: an instance from trusted values,
    without validation.

    Values are taken by JSON name first, then Python name; missing optional
    fields get their defaults; unknown names are ignored.

    Parameters
    ----------
    cls : type
        Any Struct class.
    _fields_set : set of str, optional
        The Python names to report as set (by default, those given);
        recorded only on Structs with a ``__dict__`` (the compat classes).
    **values
        The field values.

    Raises
    ------
    TypeError
        If a required field is missing (a Struct cannot hold an unset
        field).
    """
    plan = plan_of(cls)
    kwargs: dict[str, Any] = {}
    given: set[str] = set()
    for f in plan.fields:
        for key in (f.alias, f.name):
            if key in values:
                value = values.pop(key)
                given.add(f.name)
                if f.tag is None:
                    kwargs[f.name] = value
                break
    extra = {name: values.pop(name) for name in _extra_names(cls) if name in values}
    result: T = msgspec.StructMeta.__call__(cls, **kwargs)
    if getattr(result, "__dict__", None) is not None:
        names = frozenset(given if _fields_set is None else _fields_set)
        remember(result, (names, {}), extra)
    return result


# --- serialization -----------------------------------------------------------------


def model_dump(
    obj: Any,
    *,
    mode: str = "python",
    by_alias: bool | None = False,
    include: Any = None,
    exclude: Any = None,
    exclude_none: bool = False,
    exclude_defaults: bool = False,
    exclude_unset: bool = False,
) -> dict[str, Any]:
    """``obj.model_dump(...)`` for any Struct: a dict of Python names (JSON
    names with ``by_alias=True``), ``detail_type`` included at its
    documented place.

    Parameters
    ----------
    obj : msgspec.Struct
        An event, a detail, any Struct of this package.
    mode : {"python", "json"}
        ``"json"``: JSON values (datetimes as RFC 3339 strings, enums as
        their values; NaN and infinities stay floats, as in pydantic).
    by_alias : bool
        JSON names instead of Python names.
    include, exclude : set or dict, optional
        pydantic's filters: a set of names, or a dict mapping names (or
        list indexes, or ``"__all__"``) to ``True`` or a nested filter.
    exclude_none, exclude_defaults, exclude_unset : bool
        Leave out fields that are None, equal their default, or were not
        set (see :func:`model_fields_set`).

    Returns
    -------
    dict
        Fresh containers: changing them leaves ``obj`` alone.
    """
    if mode not in ("python", "json"):
        raise ValueError(f"mode must be 'python' or 'json', got {mode!r}")
    return dump(
        obj,
        json=mode == "json",
        raw_floats=False,
        by_alias=bool(by_alias),
        include=include,
        exclude=exclude,
        exclude_none=exclude_none,
        exclude_defaults=exclude_defaults,
        exclude_unset=exclude_unset,
    )


def model_dump_json(
    obj: Any,
    *,
    indent: int | None = None,
    by_alias: bool | None = None,
    include: Any = None,
    exclude: Any = None,
    exclude_none: bool = False,
    exclude_defaults: bool = False,
    exclude_unset: bool = False,
) -> str:
    """``obj.model_dump_json(...)`` for any Struct: JSON text, byte for byte
    as pydantic writes it (compact ``{"a":1}`` or indented, floats as
    ``1e+16``, datetimes with ``Z`` for UTC). Options as for
    :func:`model_dump`; ``indent`` spaces per level when given."""
    dumped = dump(
        obj,
        json=True,
        raw_floats=True,
        by_alias=bool(by_alias),
        include=include,
        exclude=exclude,
        exclude_none=exclude_none,
        exclude_defaults=exclude_defaults,
        exclude_unset=exclude_unset,
    )
    return dump_json_text(dumped, indent)


def model_fields_set(obj: Any) -> set[str]:
    """``obj.model_fields_set``: the Python names of the fields that were
    set. Recorded exactly by compat's validating paths on the compat
    classes; for any other Struct (what ``decode`` returns), the required
    fields and those that differ from their defaults."""
    return set(tree_of(obj)[0])


def model_copy(
    obj: T, *, update: Mapping[str, Any] | None = None, deep: bool = False
) -> T:
    """``obj.model_copy(...)``: a copy, with ``update`` (Python names, not
    validated) applied.

    Parameters
    ----------
    obj : msgspec.Struct
        Any Struct instance.
    update : mapping, optional
        New values by Python name; on a compat event, ``session`` too.
    deep : bool, default False
        Deep-copy the fields (a compat event keeps its ``session``).

    Raises
    ------
    TypeError
        For a name that is not a field.
    ValueError
        For a ``detail_type`` other than a typed event's class tag.
    """
    cls = type(obj)
    plan = plan_of(cls)
    changes = dict(update or {})
    extra_names = _extra_names(cls)
    extra = {k: changes.pop(k) for k in list(changes) if k in extra_names}
    for f in plan.fields:
        if f.tag is not None and changes.pop(f.name, f.tag) != f.tag:
            raise ValueError(
                f"{f.name} is the class tag of {cls.__name__} ({f.tag!r}); "
                "it cannot change"
            )
    unknown = set(changes) - plan.names
    if unknown:
        raise TypeError(
            f"{cls.__name__} has no field named {', '.join(sorted(map(repr, unknown)))}"
        )
    if deep:
        import copy  # only here: keeps it off the package import

        base = copy.deepcopy(obj)
    else:
        base = obj
    result: T = msgspec.structs.replace(base, **changes)  # type: ignore[type-var]
    state = getattr(obj, "__dict__", None)
    if state is not None:
        keep = {k: state[k] for k in extra_names if k in state}
        keep.update(extra)
        names, children = tree_of(obj)
        names = names | set(update or ())
        children = {k: v for k, v in children.items() if k not in changes}
        result.__dict__.update(keep)
        result.__dict__[FIELDS_SET_KEY] = (frozenset(names), children)
    return result


def model_json_schema(cls: type[Any]) -> dict[str, Any]:
    """``cls.model_json_schema()``: the JSON Schema botocraft's returns; for
    an event, the primary model's (with ``session``). See
    :func:`eventbridge_structs.schema.json_schema`."""
    from ..schema import json_schema  # only here: keeps it off the import

    return json_schema(cls)


# --- deprecated (pydantic v1) names ---------------------------------------------


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"`{old}` is deprecated; use `{new}` instead (as in pydantic 2).",
        DeprecationWarning,
        stacklevel=3,
    )


# --- the mixin -------------------------------------------------------------------


class ModelAPI:
    """The pydantic 2 model methods botocraft's models offer, as methods.

    Mixed into the compat classes (before the core class in the bases, so
    that its ``__str__`` wins); each method is the module-level function of
    the same name. See MIGRATING.md for the differences from pydantic.
    """

    __slots__ = ()

    #: Attributes a constructor accepts besides the fields (botocraft's
    #: ``session``), kept in the instance ``__dict__``; ``dict=True``
    #: Structs only.
    __compat_extra_attrs__: ClassVar[tuple[str, ...]] = ()

    # -- validation ------------------------------------------------------

    @classmethod
    def model_validate(cls: type[_M], obj: Any) -> _M:
        """Validate a parsed document (JSON names); see
        :func:`model_validate`."""
        return validate_python(cls, obj)

    @classmethod
    def model_validate_json(cls: type[_M], json_data: str | bytes | bytearray) -> _M:
        """Validate JSON text; see :func:`model_validate_json`."""
        return validate_json(cls, json_data)

    @classmethod
    def model_validate_strings(cls: type[_M], obj: Any) -> _M:
        """Validate a document of string leaves; see
        :func:`model_validate_strings`."""
        return validate_python(cls, obj, strings=True)

    @classmethod
    def model_construct(
        cls: type[_M], _fields_set: set[str] | None = None, **values: Any
    ) -> _M:
        """Build an instance without validation; see
        :func:`model_construct`."""
        return model_construct(cls, _fields_set, **values)

    # -- serialization ---------------------------------------------------

    def model_dump(
        self,
        *,
        mode: str = "python",
        by_alias: bool | None = False,
        include: Any = None,
        exclude: Any = None,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
        exclude_unset: bool = False,
    ) -> dict[str, Any]:
        """The model as a dict; see :func:`model_dump`."""
        return model_dump(
            self,
            mode=mode,
            by_alias=by_alias,
            include=include,
            exclude=exclude,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
            exclude_unset=exclude_unset,
        )

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        by_alias: bool | None = None,
        include: Any = None,
        exclude: Any = None,
        exclude_none: bool = False,
        exclude_defaults: bool = False,
        exclude_unset: bool = False,
    ) -> str:
        """The model as pydantic's JSON text; see :func:`model_dump_json`."""
        return model_dump_json(
            self,
            indent=indent,
            by_alias=by_alias,
            include=include,
            exclude=exclude,
            exclude_none=exclude_none,
            exclude_defaults=exclude_defaults,
            exclude_unset=exclude_unset,
        )

    @property
    def model_fields_set(self) -> set[str]:
        """The Python names of the fields that were set; see
        :func:`model_fields_set`."""
        return model_fields_set(self)

    def model_copy(
        self: _M, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> _M:
        """A copy with ``update`` applied; see :func:`model_copy`."""
        return model_copy(self, update=update, deep=deep)

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """The JSON Schema; see :func:`model_json_schema`."""
        return model_json_schema(cls)

    def __str__(self) -> str:
        """botocraft's ``str()``: see :func:`pydantic_str`."""
        return pydantic_str(self)

    # -- deprecated (pydantic v1) names ----------------------------------

    @classmethod
    def construct(
        cls: type[_M], _fields_set: set[str] | None = None, **values: Any
    ) -> _M:
        """Deprecated: use :meth:`model_construct`."""
        _deprecated("construct", "model_construct")
        return model_construct(cls, _fields_set, **values)

    @classmethod
    def parse_obj(cls: type[_M], obj: Any) -> _M:
        """Deprecated: use :meth:`model_validate`."""
        _deprecated("parse_obj", "model_validate")
        return validate_python(cls, obj)

    @classmethod
    def parse_raw(
        cls: type[_M],
        b: str | bytes,
        *,
        content_type: str | None = None,
        encoding: str = "utf8",
        proto: str | None = None,
        allow_pickle: bool = False,
    ) -> _M:
        """Deprecated: use :meth:`model_validate_json`.

        ``proto="pickle"`` (or a content type ending in ``pickle``) needs
        ``allow_pickle=True``, as in pydantic. Never pass it for untrusted
        data.
        """
        _deprecated("parse_raw", "model_validate_json")
        return cls._parse_raw(b, content_type, encoding, proto, allow_pickle)

    @classmethod
    def parse_file(
        cls: type[_M],
        path: str | Path,
        *,
        content_type: str | None = None,
        encoding: str = "utf8",
        proto: str | None = None,
        allow_pickle: bool = False,
    ) -> _M:
        """Deprecated: read ``path`` and validate it as :meth:`parse_raw`
        does."""
        _deprecated("parse_file", "model_validate_json")
        from pathlib import Path

        file = Path(path)
        data = file.read_bytes()
        if content_type is None:
            if file.suffix in (".js", ".json"):
                proto = "json"
            elif file.suffix == ".pkl":
                proto = "pickle"
        return cls._parse_raw(data, content_type, encoding, proto, allow_pickle)

    @classmethod
    def _parse_raw(
        cls: type[_M],
        b: str | bytes,
        content_type: str | None,
        encoding: str,
        proto: str | None,
        allow_pickle: bool,
    ) -> _M:
        is_json, payload = load_raw(
            b,
            content_type=content_type,
            encoding=encoding,
            proto=proto,
            allow_pickle=allow_pickle,
        )
        if is_json:
            return validate_json(cls, payload)
        return validate_python(cls, payload)
