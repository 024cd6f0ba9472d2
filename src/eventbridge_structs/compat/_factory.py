# botocraft 0.36.0's ``EventFactory`` and ``AbstractEventFactory``
# (``botocraft.eventbridge.factory``): raw JSON in, the primary event class
# of its ``(source, detail-type)`` out with the factory's ``session``
# attached, or the parsed dict with a ``"session"`` key for an unknown pair.
# Parsing and validation go through the core codec
# (``eventbridge_structs.decode`` / ``convert``), so errors are
# ``DecodeError``s naming the JSON path, and a repeated key's last value wins.
from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .._codec import decode
from .._envelope import EventBridgeEvent
from .._errors import DecodeError
from .._registry import event_type_for, registered
from ._primary import LOOKUPS_KEY, mapped, new_lookups, primary_class
from ._validate import validate_python

if TYPE_CHECKING:
    from ..lookups import ECRLookups

__all__ = ["AbstractEventFactory", "EventFactory"]


class AbstractEventFactory:
    """Build the event class of a raw EventBridge JSON payload, as
    botocraft's ``AbstractEventFactory`` does, from ``event_class_map``.

    Parameters
    ----------
    session : boto3.Session, optional
        Attached to every event built (and to the raw dict of an unknown
        event); its lookups use it. boto3's default session when omitted.

    Attributes
    ----------
    event_class_map : dict
        ``(source, detail-type)`` -> event class; subclasses set it.
    session : boto3.Session or None
        The session attached to the events built.
    """

    event_class_map: ClassVar[dict[tuple[str, str], type[Any]]] = {}

    def __init__(self, session: Any | None = None) -> None:
        self.session = session
        self._lookups: ECRLookups | None = None

    @property
    def lookups(self) -> ECRLookups:
        """The lookups wrapper shared by this factory's events (one cache,
        one boto3 client per region)."""
        if self._lookups is None:
            self._lookups = new_lookups(self.session)
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
            An instance of the class the factory maps the event's ``source``
            and ``detail-type`` to, with ``session`` attached; for an
            unknown pair, the parsed JSON with a ``"session"`` key added.

        Raises
        ------
        DecodeError
            For invalid JSON, a payload that is not an object, a missing
            ``source`` or ``detail-type``, or an event that does not
            validate (naming the JSON path).
        """
        data: dict[str, Any] = decode(event_data, type=dict)
        for key in ("source", "detail-type"):
            if key not in data:
                raise DecodeError(f"Object missing required field `{key}`", f"$.{key}")
        data["session"] = self.session
        cls = self.event_class(data["source"], data["detail-type"])
        if cls is None:
            return data
        event: EventBridgeEvent = validate_python(cls, data)
        state = getattr(event, "__dict__", None)
        if state is not None:
            state[LOOKUPS_KEY] = self.lookups
        return event


class _RegisteredMap:
    """``EventFactory.event_class_map``: every type botocraft maps and every
    type registered with :func:`eventbridge_structs.register`, as its
    primary class (computed when read)."""

    def __get__(
        self, instance: Any, owner: Any = None
    ) -> dict[tuple[str, str], type[Any]]:
        return {
            key: primary_class(cls) for key, cls in registered().items() if mapped(cls)
        }


class EventFactory(AbstractEventFactory):
    """botocraft's ``EventFactory``, for the 64 event types botocraft maps
    and every type registered with :func:`eventbridge_structs.register`,
    each built as its :func:`~eventbridge_structs.compat.primary_class`.
    The schema registry's types (``eventbridge_structs.aws.*``) come back as
    the raw dict, as in botocraft; :func:`eventbridge_structs.decode` types
    them.

    Parameters
    ----------
    session : boto3.Session, optional
        As for :class:`AbstractEventFactory`.

    Examples
    --------
    >>> factory = EventFactory(boto3.Session())
    >>> event = factory.new(body)
    >>> event.repository.repository_uri
    """

    event_class_map = _RegisteredMap()

    def event_class(self, source: Any, detail_type: Any) -> type[Any] | None:
        """The primary class of the type registered for the routing key, or
        None."""
        if not (isinstance(source, str) and isinstance(detail_type, str)):
            return None
        found = event_type_for(source, detail_type)
        return None if found is None or not mapped(found) else primary_class(found)
