# botocraft 0.36.0's *primary* event models (``botocraft.eventbridge.<service>``
# classes, over the raw ``botocraft.eventbridge.raw.<service>`` ones), made
# generically from the core event classes: each primary class subclasses the
# core class of the same name (same fields, same tag, ``isinstance`` holds,
# ``encode`` writes the same JSON) and adds what botocraft's primary model
# adds: a ``session`` (never serialized), the lookup properties, pydantic's
# validating keyword constructor (``Cls(**data)`` with the JSON names) and the
# model API of :mod:`._api`, with an exact record of the fields set.
#
# Which lookup properties a class gets is read from the lookups package's
# declared tables of what each event class names (``lookups.ECR_TARGETS``,
# ``ECS_TARGETS``... one per service; the values come from ``lookups.Lookups``),
# so a generated module needs no hand-written primary class.
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, NamedTuple

import msgspec

from .._envelope import EventBridgeEvent
from ._api import ModelAPI
from ._fields import FIELDS_SET_KEY

if TYPE_CHECKING:
    from ..lookups import ECRLookups

__all__ = ["LOOKUPS_KEY", "PrimaryMeta", "default_lookups", "primary_class"]

#: The instance ``__dict__`` key of an event's lookups wrapper.
LOOKUPS_KEY = "__eventbridge_structs_lookups__"

#: The module the primary classes are reached from (by name, for pickle).
MODULE = "eventbridge_structs.compat"

_DEFAULT_LOOKUPS: list[ECRLookups] = []


#: The package of the schema registry's generated types, which botocraft
#: does not model: compat maps its 64 types and the ones you register.
_REGISTRY_TYPES = "eventbridge_structs.aws."


def mapped(cls: type[Any]) -> bool:
    """Whether compat maps the event class ``cls`` (by name, in
    ``EventFactory``): botocraft's types and yours, not the schema
    registry's."""
    return not cls.__module__.startswith(_REGISTRY_TYPES)


def default_lookups() -> ECRLookups:
    """One shared wrapper for events without a session (boto3's default)."""
    if not _DEFAULT_LOOKUPS:
        from ..lookups import ECRLookups  # on first use: keeps it off the import

        _DEFAULT_LOOKUPS.append(ECRLookups())
    return _DEFAULT_LOOKUPS[0]


def new_lookups(session: Any) -> ECRLookups:
    """The lookups wrapper for ``session`` (the shared one for None)."""
    if session is None:
        return default_lookups()
    from ..lookups import ECRLookups

    return ECRLookups(session)


class PrimaryMeta(msgspec.StructMeta):
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


class Primary(ModelAPI):
    """What botocraft's primary models add to the raw ones: ``session``, the
    lookups it drives, and the model API."""

    __slots__ = ()

    __compat_extra_attrs__ = ("session",)

    @property
    def session(self) -> Any:
        """The boto3 session the event's lookups use (None: boto3's default
        session). Never serialized."""
        return self.__dict__.get("session")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle and deepcopy keep the fields and the fields-set record; a
        # session (never picklable) and cached lookups stay behind.
        fields = {name: getattr(self, name) for name in self.__struct_fields__}  # type: ignore[attr-defined]
        return (_rebuild, (type(self), fields, self.__dict__.get(FIELDS_SET_KEY)))

    def _lookups(self) -> ECRLookups:
        """The event's lookups wrapper: its factory's, else one for its
        session."""
        state = self.__dict__
        lookups: ECRLookups | None = state.get(LOOKUPS_KEY)
        if lookups is None:
            lookups = state[LOOKUPS_KEY] = new_lookups(state.get("session"))
        return lookups


# --- lookup properties ----------------------------------------------------------


class LookupProperty(NamedTuple):
    """A lookup property of the primary classes.

    Attributes
    ----------
    name : str
        The property name, and the bound view's attribute it reads.
    target : str
        The field of the service's targets spec (its lookups table's entry
        for the event class) that must be declared for a class to get the
        property.
    doc : str
        The property's docstring.
    """

    name: str
    target: str
    doc: str


_ECR = ":class:`~eventbridge_structs.lookups.ECRLookups`"

#: Per lookups table (its name in :mod:`eventbridge_structs.lookups`), the
#: properties botocraft's primary models offer. A class gets a property when
#: the table declares the property's target for it (the table walks the
#: MRO, so the primary class finds the core class's entry).
_LOOKUP_PROPERTIES: dict[str, tuple[LookupProperty, ...]] = {
    "ECR_TARGETS": (
        LookupProperty(
            "repository",
            "repository_name",
            "The ECR repository the event names (None if it no longer "
            f"exists); looked up once, through {_ECR}.",
        ),
        LookupProperty(
            "image",
            "image_digest",
            "The ECR image the event names (None without a digest, or if it "
            f"no longer exists); looked up once, through {_ECR}.",
        ),
        LookupProperty(
            "repositories",
            "repository_names",
            "The repositories the event names, in order (None for one that "
            f"no longer exists); looked up once, through {_ECR}.",
        ),
        LookupProperty(
            "images",
            "image_ids",
            "The images the recorded call named (``requestParameters`` "
            f"``repositoryName`` and ``imageIds``); looked up once, through {_ECR}.",
        ),
    ),
}


def _resource_properties(service: str, *names: str) -> tuple[LookupProperty, ...]:
    """A service's properties whose target is the property's own name."""
    return tuple(
        LookupProperty(
            name,
            name,
            f"The {service} resource botocraft's ``{name}`` names (None, or a "
            "shorter list, for what no longer exists); looked up once, through "
            ":class:`~eventbridge_structs.lookups.Lookups`.",
        )
        for name in names
    )


_LOOKUP_PROPERTIES.update(
    {
        "ECS_TARGETS": _resource_properties(
            "ECS",
            "cluster",
            "task",
            "task_definition",
            "container_instance",
            "service",
            "clusters",
            "tasks",
            "task_definitions",
            "container_instances",
            "services",
        ),
        "ACM_TARGETS": _resource_properties("ACM", "certificate"),
        "CODEPIPELINE_TARGETS": _resource_properties(
            "CodePipeline", "pipeline", "pipeline_execution"
        ),
        "ELASTICACHE_TARGETS": _resource_properties(
            "ElastiCache", "cache_cluster", "replication_group"
        ),
        "ELBV2_TARGETS": _resource_properties("ELBv2", "load_balancer"),
        "OPENSEARCH_TARGETS": _resource_properties("OpenSearch", "domain"),
    }
)


def _lookup(prop: LookupProperty) -> functools.cached_property[Any]:
    name = prop.name

    def get(self: Primary) -> Any:
        from ..lookups import Lookups

        event: Any = self
        # The event's ECR wrapper is the ECR part of the Lookups of every
        # service (same session, options and clients).
        return getattr(Lookups.of(self._lookups()).bind(event), name)

    get.__name__ = get.__qualname__ = name
    get.__doc__ = prop.doc
    return functools.cached_property(get)


def lookup_properties(event_type: type[Any]) -> dict[str, Any]:
    """The lookup properties a primary class of ``event_type`` gets: those
    whose target the lookups tables declare for the class."""
    from .. import lookups  # on first use: keeps it off the import

    found: dict[str, Any] = {}
    for table_name, props in _LOOKUP_PROPERTIES.items():
        targets = getattr(lookups, table_name).get(event_type)
        if targets is not None:
            for prop in props:
                if getattr(targets, prop.target, None) is not None:
                    found[prop.name] = _lookup(prop)
    return found


# --- the classes -------------------------------------------------------------------

#: Core event class -> its primary class.
_PRIMARY: dict[type[Any], type[Any]] = {}


def primary_class(event_type: type[Any]) -> type[Any]:
    """The botocraft-style primary class of an event class, made once.

    It subclasses ``event_type`` (same name, fields, tag and schema) with
    ``session``, the lookup properties of its source (ECR's
    ``repository``, ``image``, ``repositories``, ``images``), the
    validating keyword constructor and the model API. Its module is
    ``eventbridge_structs.compat``, where it is also reachable by name.

    Parameters
    ----------
    event_type : type
        An event class (an :class:`~eventbridge_structs.EventBridgeEvent`
        subclass, such as one given to :func:`eventbridge_structs.register`),
        or a primary class (returned as it is).

    Raises
    ------
    TypeError
        If ``event_type`` is not an event class.
    """
    if isinstance(event_type, PrimaryMeta):
        return event_type
    found = _PRIMARY.get(event_type)
    if found is not None:
        return found
    if not (isinstance(event_type, type) and issubclass(event_type, EventBridgeEvent)):
        raise TypeError(f"expected an event class, got {event_type!r}")
    own = vars(event_type)
    namespace: dict[str, Any] = {
        "__module__": MODULE,
        "__qualname__": event_type.__name__,
        # The documented schema is the core class's (read from the class's
        # own attributes only).
        "__doc__": own.get("__doc__"),
        "__schema__": own.get("__schema__"),
        **lookup_properties(event_type),
    }
    found = PrimaryMeta(
        event_type.__name__,
        (Primary, event_type),
        namespace,
        frozen=True,
        kw_only=True,
        gc=True,
        dict=True,
    )
    return _PRIMARY.setdefault(event_type, found)


def made() -> list[type[Any]]:
    """The primary classes made so far."""
    return list(_PRIMARY.values())
