# The EventBridge envelope: the fields every event carries, as documented in
# the EventBridge event structure reference
# (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html)
# and in botocraft's models (detail, account, detail-type, id, region,
# resources, source, time, version).
#
# Dispatch decodes through a msgspec tagged union on ``detail-type``, so on a
# typed event ``detail-type`` is the class's tag, not a Struct field: it is
# exposed as the read-only ``detail_type`` property and written first when
# encoding. Events of unregistered types decode to :class:`GenericEvent`,
# which stores ``detail_type`` as an ordinary field.
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

import msgspec

__all__ = [
    "ENVELOPE_ORDER",
    "AwareDatetime",
    "EventBridgeEvent",
    "GenericEvent",
    "Model",
    "SchemaInfo",
    "TypedEvent",
]

#: A datetime that must carry a UTC offset (``...Z`` or ``+hh:mm``).
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]

#: The documented order of the envelope's JSON names.
ENVELOPE_ORDER: tuple[str, ...] = (
    "detail",
    "account",
    "detail-type",
    "id",
    "region",
    "resources",
    "source",
    "time",
    "version",
)


class SchemaInfo(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What a class's documented JSON Schema says that its fields do not.

    Set it as the class attribute ``__schema__`` of an event or detail
    Struct; :mod:`eventbridge_structs.schema` reads the class's own value
    (never an inherited one, except ``order``).

    Attributes
    ----------
    title : str, optional
        The schema's title, when it is not the class name (two documented
        models of one service may share a title).
    description : str, optional
        The schema's description; by default the class docstring, cleaned
        as :func:`inspect.cleandoc` cleans it.
    raw_title : str, optional
        For an event, the title of its *raw* model, when it differs.
    raw_description : str, optional
        For an event, the description of its raw model, when it differs.
    order : tuple of str, optional
        For an event, the documented order of the envelope's JSON names.
    extra_fields : bool, default False
        The documented model accepts members it does not declare (pydantic's
        ``extra="allow"``): its schema says ``additionalProperties: true``.

    An empty ``description`` means the documented model has none (the
    docstring is then documentation only).
    """

    title: str | None = None
    description: str | None = None
    raw_title: str | None = None
    raw_description: str | None = None
    order: tuple[str, ...] | None = None
    extra_fields: bool = False


class Model(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """Base of every Struct in this package: immutable, keyword-only, and
    untracked by the garbage collector (instances hold no reference cycles).
    Event classes (:class:`EventBridgeEvent`) differ in one way: a decoded
    event keeps the JSON it came from in its instance dict, for a lossless
    :func:`~eventbridge_structs.encode`, so events are ``dict=True`` (and
    tracked, as msgspec requires for that).

    It adds nothing else: the pydantic-style model API lives in
    :mod:`eventbridge_structs.compat`. What a class's documented JSON Schema
    says beyond its fields (title, description, envelope order) is its
    ``__schema__`` class attribute, a :class:`SchemaInfo`.
    """

    __schema__: ClassVar[SchemaInfo | None] = None


class EventBridgeEvent(Model, frozen=True, kw_only=True, gc=True, dict=True):
    """The EventBridge envelope shared by every event.

    Concrete events are :class:`TypedEvent` subclasses (one per registered
    ``(source, detail-type)``) or :class:`GenericEvent` for anything else.
    A decoded event keeps the JSON it came from (``vars(event)``), which
    :func:`~eventbridge_structs.encode` writes back while the event still
    holds what it says; a subclass must not set ``gc=False``.

    Attributes
    ----------
    detail : Any
        The event's payload; its type is narrowed by each event class.
    account : str
        The AWS account ID where the event occurred.
    detail_type : str
        The human-readable type of the event (JSON ``detail-type``).
    id : str
        The unique identifier for this event instance.
    region : str
        The AWS region where the event occurred.
    resources : list of str
        The ARNs of the resources involved in the event.
    source : str
        The service or application that emitted the event (``aws.ecr``).
    time : datetime
        When the event occurred; always timezone-aware.
    version : str
        The version of the envelope format (``"0"``).
    """

    #: The envelope's JSON names in their documented order; an event class
    #: whose documented model orders them differently says so in its
    #: ``__schema__``.
    __schema__ = SchemaInfo(order=ENVELOPE_ORDER)

    detail: Any
    account: str
    id: str
    region: str
    resources: list[str]
    source: str
    time: AwareDatetime
    version: str

    @property
    def detail_type(self) -> str:
        """The event's ``detail-type``: on a typed event, its class's tag."""
        tag = self.__struct_config__.tag
        assert isinstance(tag, str)
        return tag


class TypedEvent(EventBridgeEvent, frozen=True, kw_only=True, tag_field="detail-type"):
    """Base for event classes bound to one ``detail-type``.

    Subclass it with the detail-type as the msgspec tag and narrow
    ``detail``::

        class OrderPlaced(TypedEvent, tag="Order Placed"):
            detail: OrderDetail

    then :func:`eventbridge_structs.register` it under its source. The
    ``detail-type`` key is checked against the tag when decoding and written
    first when encoding; construct instances without it.
    """


class GenericEvent(EventBridgeEvent, frozen=True, kw_only=True):
    """An event of an unregistered ``(source, detail-type)``.

    ``detail`` holds the payload as plain JSON values (dicts, lists, strings,
    numbers, booleans, None), so nothing in it is lost.
    """

    detail: Any
    detail_type: str = msgspec.field(name="detail-type")
