# Drop-in replacements for botocraft 0.36.0's primary event models
# (``botocraft.eventbridge.ecr``) and its ``EventFactory``
# (``botocraft.eventbridge.factory``), on the msgspec Structs: change the
# import line, keep the code. See MIGRATING.md for the call-by-call table and
# the remaining differences.
"""botocraft-compatible primary event classes and ``EventFactory``.

>>> from eventbridge_structs.compat import EventFactory
>>> event = EventFactory(session).new(body)     # typed event, or raw dict
>>> event.detail.repository_name, event.session
>>> event.repository, event.image               # ECR lookups, cached

Each class here is the ``eventbridge_structs.ecr`` class of the same name
(a subclass: ``isinstance`` holds, ``encode`` writes the same JSON), plus
what botocraft's primary model adds: a ``session`` (never serialized), the
lookup properties (through :class:`~eventbridge_structs.lookups.ECRLookups`
bound to that session), a validating keyword constructor that takes the
JSON names as botocraft's does (``Cls(**data)``), and an exact record of
the fields that were set, for ``model_dump(exclude_unset=True)``. They are
built only on these slow paths; ``eventbridge_structs.decode`` keeps
returning the plain, faster classes.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

import msgspec

from . import ecr
from ._envelope import EventBridgeEvent
from ._errors import MSGSPEC_ERRORS, DecodeError, from_msgspec
from ._pydantic_api import FIELDS_SET_KEY
from ._registry import event_type_for
from .lookups import ECRImage, ECRLookups, ECRRepository

__all__ = [
    "AbstractEventFactory",
    "ECRAWSAPICallViaCloudTrailEvent",
    "ECRImageActionEvent",
    "ECRImageScanEvent",
    "ECRPullThroughCacheActionEvent",
    "ECRReferrerActionEvent",
    "ECRReplicationActionEvent",
    "ECRScanResourceChangeEvent",
    "EventFactory",
    "primary_class",
]

_LOOKUPS_KEY = "__eventbridge_structs_lookups__"
_DEFAULT_LOOKUPS: list[ECRLookups] = []


def _default_lookups() -> ECRLookups:
    """One shared wrapper for events without a session (boto3's default)."""
    if not _DEFAULT_LOOKUPS:
        _DEFAULT_LOOKUPS.append(ECRLookups())
    return _DEFAULT_LOOKUPS[0]


class _PrimaryMeta(msgspec.StructMeta):
    """Gives the primary classes pydantic's validating constructor:
    ``Cls(**data)`` validates ``data`` (JSON names, plus ``session``) as
    ``Cls.model_validate(data)`` does."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if args:
            raise TypeError(
                f"{cls.__name__}() takes keyword arguments only (the JSON names)"
            )
        return cls.model_validate(kwargs)  # type: ignore[attr-defined]


def _rebuild(cls: type[Any], fields: dict[str, Any], tree: Any) -> Any:
    """Unpickle (and deep-copy) a primary event: msgspec's constructor, then
    the fields-set record."""
    obj = msgspec.StructMeta.__call__(cls, **fields)
    if tree is not None:
        obj.__dict__[FIELDS_SET_KEY] = tree
    return obj


class _Primary:
    """What botocraft's primary models add to the raw ones: ``session`` and
    the lookups it drives."""

    __slots__ = ()

    __pydantic_extra_attrs__: ClassVar[tuple[str, ...]] = ("session",)

    @property
    def session(self) -> Any:
        """The boto3 session the event's lookups use (None: boto3's
        default session). Never serialized."""
        return self.__dict__.get("session")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle and deepcopy keep the fields and the fields-set record; a
        # session (never picklable) and cached lookups stay behind.
        fields = {name: getattr(self, name) for name in self.__struct_fields__}  # type: ignore[attr-defined]
        return (_rebuild, (type(self), fields, self.__dict__.get(FIELDS_SET_KEY)))

    def _event(self) -> Any:
        return self

    def _lookups(self) -> ECRLookups:
        state = self.__dict__
        lookups: ECRLookups | None = state.get(_LOOKUPS_KEY)
        if lookups is None:
            session = state.get("session")
            lookups = _default_lookups() if session is None else ECRLookups(session)
            state[_LOOKUPS_KEY] = lookups
        return lookups


class _RepositoryAndImage(_Primary):
    __slots__ = ()

    @functools.cached_property
    def repository(self) -> ECRRepository | None:
        """The ECR repository the event names (None if it no longer
        exists); looked up once, through :class:`ECRLookups`."""
        return self._lookups().bind(self._event()).repository

    @functools.cached_property
    def image(self) -> ECRImage | None:
        """The ECR image the event names (None without a digest, or if it
        no longer exists); looked up once, through :class:`ECRLookups`."""
        return self._lookups().bind(self._event()).image


class ECRImageActionEvent(
    _RepositoryAndImage,
    ecr.ECRImageActionEvent,
    metaclass=_PrimaryMeta,
    frozen=True,
    kw_only=True,
    gc=True,
    dict=True,
):
    """botocraft's primary "ECR Image Action" event: the
    :class:`eventbridge_structs.ecr.ECRImageActionEvent` with ``session``,
    ``.image`` (and ``.repository``)."""


class ECRImageScanEvent(
    _RepositoryAndImage,
    ecr.ECRImageScanEvent,
    metaclass=_PrimaryMeta,
    frozen=True,
    kw_only=True,
    gc=True,
    dict=True,
):
    """botocraft's primary "ECR Image Scan" event: the
    :class:`eventbridge_structs.ecr.ECRImageScanEvent` with ``session``,
    ``.image`` (and ``.repository``)."""


class ECRReferrerActionEvent(
    _RepositoryAndImage,
    ecr.ECRReferrerActionEvent,
    metaclass=_PrimaryMeta,
    frozen=True,
    kw_only=True,
    gc=True,
    dict=True,
):
    """botocraft's primary "ECR Referrer Action" event, with ``session``,
    ``.repository`` and ``.image``."""


class ECRPullThroughCacheActionEvent(
    _RepositoryAndImage,
    ecr.ECRPullThroughCacheActionEvent,
    metaclass=_PrimaryMeta,
    frozen=True,
    kw_only=True,
    gc=True,
    dict=True,
):
    """botocraft's primary "ECR Pull Through Cache Action" event, with
    ``session``, ``.repository`` and ``.image``."""


class ECRReplicationActionEvent(
    _RepositoryAndImage,
    ecr.ECRReplicationActionEvent,
    metaclass=_PrimaryMeta,
    frozen=True,
    kw_only=True,
    gc=True,
    dict=True,
):
    """botocraft's primary "ECR Replication Action" event, with ``session``,
    ``.repository`` and ``.image``."""


class ECRScanResourceChangeEvent(
    _Primary,
    ecr.ECRScanResourceChangeEvent,
    metaclass=_PrimaryMeta,
    frozen=True,
    kw_only=True,
    gc=True,
    dict=True,
):
    """botocraft's primary "ECR Scan Resource Change" event, with
    ``session`` and ``.repositories``."""

    @functools.cached_property
    def repositories(self) -> list[ECRRepository | None]:
        """The repositories the event names, in order (None for one that no
        longer exists); looked up once, through :class:`ECRLookups`."""
        return self._lookups().bind(self._event()).repositories


class ECRAWSAPICallViaCloudTrailEvent(
    _Primary,
    ecr.ECRAWSAPICallViaCloudTrailEvent,
    metaclass=_PrimaryMeta,
    frozen=True,
    kw_only=True,
    gc=True,
    dict=True,
):
    """botocraft's primary "AWS API Call via CloudTrail" event from ECR,
    with ``session`` and ``.images``."""

    @functools.cached_property
    def images(self) -> list[ECRImage]:
        """The images the recorded call named (``requestParameters``
        ``repositoryName`` and ``imageIds``); looked up once, through
        :class:`ECRLookups`."""
        return self._lookups().bind(self._event()).images


#: The primary class of each ECR event class.
_PRIMARY: dict[type[Any], type[Any]] = {
    cls.__bases__[1]: cls
    for cls in (
        ECRImageActionEvent,
        ECRImageScanEvent,
        ECRReferrerActionEvent,
        ECRPullThroughCacheActionEvent,
        ECRReplicationActionEvent,
        ECRScanResourceChangeEvent,
        ECRAWSAPICallViaCloudTrailEvent,
    )
}

_SCHEMA_ATTRS = ("__schema_description__", "__schema_raw_description__")

# The documented schema descriptions are the ECR classes' (the JSON Schema
# reads a class's own attributes only).
for _core, _primary in _PRIMARY.items():
    for _attr in _SCHEMA_ATTRS:
        setattr(_primary, _attr, vars(_core).get(_attr))
del _core, _primary, _attr


def primary_class(event_type: type[Any]) -> type[Any]:
    """The botocraft-style primary class of an event class: the one above
    for an ECR event class, else a subclass made once (with ``session``
    and the validating constructor, without lookups).

    Parameters
    ----------
    event_type : type
        An event class, such as one given to
        :func:`eventbridge_structs.register`.
    """
    if isinstance(event_type, _PrimaryMeta):
        return event_type
    found = _PRIMARY.get(event_type)
    if found is None:
        found = _PRIMARY[event_type] = _PrimaryMeta(
            event_type.__name__,
            (_Primary, event_type),
            {
                "__module__": event_type.__module__,
                "__qualname__": event_type.__qualname__,
                "__doc__": event_type.__doc__,
                **{attr: vars(event_type).get(attr) for attr in _SCHEMA_ATTRS},
            },
            frozen=True,
            kw_only=True,
            gc=True,
            dict=True,
        )
    return found


_ANY = msgspec.json.Decoder()


class AbstractEventFactory:
    """Build the event class of a raw EventBridge JSON payload, as
    botocraft's ``AbstractEventFactory`` does, from ``event_class_map``.

    Parameters
    ----------
    session : boto3.Session, optional
        Attached to every event built (and to the raw dict of an unknown
        event); its lookups use it. boto3's default session when omitted.
    """

    #: ``(source, detail-type)`` -> event class.
    event_class_map: ClassVar[dict[tuple[str, str], type[Any]]] = {}

    def __init__(self, session: Any | None = None) -> None:
        #: The session attached to the events built.
        self.session = session
        self._lookups: ECRLookups | None = None

    @property
    def lookups(self) -> ECRLookups:
        """The lookups wrapper shared by this factory's events (one cache,
        one boto3 client per region)."""
        if self._lookups is None:
            self._lookups = (
                _default_lookups() if self.session is None else ECRLookups(self.session)
            )
        return self._lookups

    def event_class(self, source: Any, detail_type: Any) -> type[Any] | None:
        """The class for a routing key, or None for an unknown one."""
        try:
            return self.event_class_map.get((source, detail_type))
        except TypeError:  # an unhashable source or detail-type
            return None

    def new(
        self, event_data: str | bytes | bytearray
    ) -> EventBridgeEvent | dict[str, Any]:
        """The event ``event_data`` holds.

        Parameters
        ----------
        event_data : str or bytes
            The raw JSON of one EventBridge event.

        Returns
        -------
        EventBridgeEvent or dict
            An instance of the class registered for the event's ``source``
            and ``detail-type``, with ``session`` attached; for an unknown
            pair, the parsed JSON with a ``"session"`` key added.

        Raises
        ------
        DecodeError
            For invalid JSON, a payload that is not an object, a missing
            ``source`` or ``detail-type``, or an event that does not
            validate (naming the JSON path).
        """
        try:
            data = _ANY.decode(event_data)
        except MSGSPEC_ERRORS as exc:
            raise from_msgspec(exc) from exc
        if not isinstance(data, dict):
            raise DecodeError(f"Expected `object`, got `{type(data).__name__}`")
        for key in ("source", "detail-type"):
            if key not in data:
                raise DecodeError(f"Object missing required field `{key}`", f"$.{key}")
        data["session"] = self.session
        cls = self.event_class(data["source"], data["detail-type"])
        if cls is None:
            return data
        event: EventBridgeEvent = cls.model_validate(data)
        state = getattr(event, "__dict__", None)
        if state is not None:
            state[_LOOKUPS_KEY] = self.lookups
        return event


class EventFactory(AbstractEventFactory):
    """botocraft's ``EventFactory`` for the ECR events, plus every event
    type registered with :func:`eventbridge_structs.register` (as its
    :func:`primary_class`).

    Examples
    --------
    >>> factory = EventFactory(boto3.Session())
    >>> event = factory.new(body)
    >>> event.repository.repository_uri
    """

    event_class_map: ClassVar[dict[tuple[str, str], type[Any]]] = {
        (ecr.SOURCE, cls.__struct_config__.tag): cls for cls in _PRIMARY.values()
    }

    def event_class(self, source: Any, detail_type: Any) -> type[Any] | None:
        """The class for a routing key: the ECR primary classes, then the
        registry's classes (as primary classes)."""
        found = super().event_class(source, detail_type)
        if found is None and isinstance(source, str) and isinstance(detail_type, str):
            registered = event_type_for(source, detail_type)
            if registered is not None:
                found = primary_class(registered)
        return found
