# The service-neutral half of the lookups: what every AWS service's lookups
# share, whichever resources they find. Per-region boto3 clients with
# botocore's retries (https://boto3.amazonaws.com/v1/documentation/api/latest/guide/retries.html),
# the mapping of botocore's errors (https://boto3.amazonaws.com/v1/documentation/api/latest/guide/error-handling.html)
# to "not found" (``None``) or :class:`LookupFailed`, a bounded thread-safe
# LRU cache, the declared table of which event field names which resource
# (:class:`TargetTable`), the :class:`Resolved` row of a batch and the
# read-only :class:`BoundEvent` view.
#
# A service plugs in with a module beside this one: its result Structs, a
# targets spec and the table of the event classes that name its resources,
# and a :class:`ServiceLookups` subclass with its algorithms. Nothing here
# names a service.
#
# boto3 is the optional extra ``eventbridge-structs[aws]``: it is imported
# when the first lookup runs, never when this module is imported.
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from .._envelope import EventBridgeEvent

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config

__all__ = [
    "MALFORMED",
    "MISS",
    "BoundEvent",
    "LRUCache",
    "LookupFailed",
    "Resolved",
    "ServiceLookups",
    "Spec",
    "TargetTable",
    "aws_errors",
    "error_code",
    "import_boto3",
    "raise_first",
    "raise_or",
    "read",
    "snake_case",
]

#: An accessor of a targets spec: a dotted attribute path of the event
#: (``"detail.cluster_arn"``), or a function of the event.
Spec = str | Callable[[Any], Any]

#: The :attr:`LookupFailed.code` of a successful-looking answer without its
#: result: what botocore makes of a body that is not the API's JSON (cut
#: short, or a middlebox's page). Never read as "not found".
MALFORMED = "MalformedResponse"

_INSTALL_HINT = (
    "AWS lookups need boto3, which is not installed; install it with: "
    "pip install 'eventbridge-structs[aws]'"
)

E = TypeVar("E", bound=EventBridgeEvent)
T = TypeVar("T")
R = TypeVar("R", bound="Resolved")


# --- boto3 on first use, and its errors ---------------------------------------


def import_boto3() -> Any:
    """Import boto3, or raise the install hint.

    Returns
    -------
    module
        The ``boto3`` module.

    Raises
    ------
    ImportError
        If boto3 is not installed, naming ``eventbridge-structs[aws]``.
    """
    try:
        import boto3
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT, name="boto3") from exc
    return boto3


def aws_errors() -> tuple[type[Exception], ...]:
    """The botocore exceptions a request may raise: ``ClientError`` (an AWS
    error response) and ``BotoCoreError`` (refused before sending, or no
    answer).

    Raises
    ------
    ImportError
        If boto3 is not installed (the install hint, before botocore is
        imported).
    """
    import_boto3()
    from botocore.exceptions import BotoCoreError, ClientError

    return (ClientError, BotoCoreError)


def error_code(error: Exception) -> str:
    """The AWS error code of a ``ClientError``, else the exception's class
    name (``"EndpointConnectionError"``, ``"ParamValidationError"``).

    Parameters
    ----------
    error : Exception
        A botocore exception.

    Returns
    -------
    str
    """
    response = getattr(error, "response", None)
    if isinstance(response, Mapping):
        code = response.get("Error", {}).get("Code")
        if isinstance(code, str) and code:
            return code
    return type(error).__name__


def snake_case(operation: str) -> str:
    """The boto3 method of an API operation: ``"DescribeTasks"`` ->
    ``"describe_tasks"``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


class LookupFailed(Exception):
    """A lookup failed for a reason other than "not found": access denied,
    throttled after botocore's retries, an unreachable endpoint, a region
    botocore refuses, or an answer without its result.

    Each service raises a subclass whose attributes name its resource;
    catch this one.
    The botocore exception, when there is one, is :attr:`error` and the
    exception's ``__cause__``.

    Parameters
    ----------
    operation : str
        The API operation (``"DescribeTasks"``).
    region : str
    code : str
        The AWS error code (``"AccessDeniedException"``), a per-item
        failure code, or the botocore exception's class name.
    reason : str
        What went wrong, in words.
    resource : str
        The resource concerned, as the message shows it.
    location : str, optional
        Where it is, as the message shows it; the region when omitted.
    error : Exception, optional
        The botocore exception.

    Attributes
    ----------
    operation : str
    region : str
    code : str
    reason : str
    resource : str
        The resource concerned, as the message shows it.
    error : Exception or None
    """

    def __init__(
        self,
        operation: str,
        *,
        region: str,
        code: str,
        reason: str,
        resource: str,
        location: str | None = None,
        error: Exception | None = None,
    ) -> None:
        self.operation = operation
        self.region = region
        self.code = code
        self.reason = reason
        self.resource = resource
        self.error = error
        super().__init__(
            f"{operation} failed for {resource} ({location or region}): "
            f"{code}: {reason}"
        )


# --- The cache ------------------------------------------------------------------

#: What :meth:`LRUCache.get` returns for a key it does not hold (``None`` is
#: a cached "not found").
MISS: Any = object()


class LRUCache:
    """A bounded, thread-safe least-recently-used mapping.

    Parameters
    ----------
    maxsize : int
        The most entries kept; at least 1.
    """

    __slots__ = ("_data", "_lock", "maxsize")

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError(f"cache_size must be at least 1, got {maxsize}")
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The value of ``key`` (now the most recent), else :data:`MISS`."""
        with self._lock:
            value = self._data.get(key, MISS)
            if value is not MISS:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``, evicting the least recent beyond the
        bound."""
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


# --- Which event field names which resource -------------------------------------


@lru_cache(maxsize=256)
def _path(spec: str) -> tuple[str, ...]:
    return tuple(spec.split("."))


def read(spec: Spec | None, event: Any) -> Any:
    """What ``spec`` reads from ``event``.

    Parameters
    ----------
    spec : str or callable or None
        A dotted attribute path (a missing attribute, or ``None`` on the way,
        reads ``None``), or a function of the event.
    event : EventBridgeEvent

    Returns
    -------
    object
        ``None`` when ``spec`` is ``None``.
    """
    if spec is None:
        return None
    if not isinstance(spec, str):
        return spec(event)
    value = event
    for name in _path(spec):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


class TargetTable(Generic[T]):
    """Which fields of each event class name a service's resources: one
    targets spec (``T``, the service's own) per event class.

    An event's spec is its class's entry, else the entry of the nearest base
    class along the MRO, so subclasses (compat's primary classes, a user's
    refinement) inherit it. Another module adds its own event classes with
    :meth:`register`.

    Parameters
    ----------
    service : str
        The service, as error messages name it (``"ECS"``).
    entries : mapping of type to T, optional
        The initial table.

    Examples
    --------
    >>> table = TargetTable("ECS", {ECSTaskStateChangeEvent: ECSTargets(...)})
    >>> table.get(SubclassOfECSTaskStateChangeEvent)  # the parent's entry
    """

    def __init__(self, service: str, entries: Mapping[type, T] | None = None) -> None:
        self.service = service
        self._entries: dict[type, T] = dict(entries or {})
        self._found: dict[type, T | None] = {}
        self._lock = threading.Lock()

    def register(self, event_type: type, targets: T) -> None:
        """Declare (or replace) the targets of ``event_type`` and its
        subclasses."""
        with self._lock:
            self._entries[event_type] = targets
            self._found = {}

    def unregister(self, event_type: type) -> None:
        """Forget ``event_type``'s own entry (no error when it has none)."""
        with self._lock:
            self._entries.pop(event_type, None)
            self._found = {}

    def get(self, event_type: type) -> T | None:
        """The targets of ``event_type``: its entry, else its nearest base
        class's, else ``None``."""
        found = self._found
        try:
            return found[event_type]
        except KeyError:
            pass
        entries = self._entries
        targets = next(
            (entries[base] for base in event_type.__mro__ if base in entries), None
        )
        found[event_type] = targets
        return targets

    def of(self, event: object) -> T:
        """The targets of ``event``'s class.

        Raises
        ------
        TypeError
            If neither the class nor a base class has an entry.
        """
        targets = self.get(type(event))
        if targets is None:
            raise TypeError(
                f"{type(event).__name__} names no {self.service} resource: its "
                f"class has no entry in the {self.service} lookups' table"
            )
        return targets

    def __contains__(self, event_type: object) -> bool:
        return isinstance(event_type, type) and self.get(event_type) is not None

    def __iter__(self) -> Iterator[type]:
        return iter(dict(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        names = ", ".join(cls.__name__ for cls in self)
        return f"{type(self).__name__}({self.service!r}, [{names}])"


# --- A batch's rows ----------------------------------------------------------------


class Resolved(tuple[Any, ...]):
    """One event's row from :meth:`ServiceLookups.resolve`: a tuple of the
    event, one result per kind of resource the service finds, and the error.

    A service names its kinds in a subclass (:attr:`_fields`, as a named
    tuple's) with typed properties; any field also reads by name.

    Attributes
    ----------
    event : EventBridgeEvent
        The event looked up.
    error : LookupFailed or None
        With ``errors="return"``, the error that stopped this event's lookup
        (its results are then ``None``).
    """

    __slots__ = ()

    #: The fields, in order: ``"event"``, the kinds, ``"error"``.
    _fields: ClassVar[tuple[str, ...]] = ("event", "error")

    def __new__(cls, *values: Any, **named: Any) -> Any:
        fields = cls._fields
        if len(values) > len(fields):
            raise TypeError(f"{cls.__name__} takes at most {len(fields)} values")
        row = list(values)
        for name in fields[len(values) :]:
            if name in named:
                row.append(named.pop(name))
            elif name == "error":
                row.append(None)
            else:
                raise TypeError(f"{cls.__name__} is missing {name!r}")
        if named:
            raise TypeError(f"{cls.__name__} has no field {next(iter(named))!r}")
        return super().__new__(cls, row)

    @property
    def event(self) -> EventBridgeEvent:
        """The event looked up."""
        return self[0]  # type: ignore[no-any-return]

    @property
    def error(self) -> LookupFailed | None:
        """The error that stopped this event's lookup, or ``None``."""
        return self[-1]  # type: ignore[no-any-return]

    @property
    def results(self) -> dict[str, Any]:
        """The results by kind (the fields between event and error)."""
        return dict(zip(self._fields[1:-1], self[1:-1], strict=True))

    def __getnewargs__(self) -> tuple[Any, ...]:
        return tuple(self)

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def __getattr__(self, name: str) -> Any:
        fields = type(self)._fields
        if name in fields:
            return self[fields.index(name)]
        raise AttributeError(
            f"{type(self).__name__!r} object has no attribute {name!r}"
        )

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in zip(self._fields, self, strict=True))
        return f"{type(self).__name__}({inner})"


# --- The bound view -------------------------------------------------------------


class BoundEvent(Generic[E]):
    """A read-only view of an event bound to a service's lookups.

    Every attribute of the event reads through (``view.detail``,
    ``view.region``). A service's subclass adds its lookups as properties
    that call :meth:`_once`, each computed once per view (and cached by the
    lookups across views). The event itself is :attr:`event`.

    Parameters
    ----------
    event : EventBridgeEvent
    lookups : ServiceLookups
    """

    __slots__ = ("_event", "_found", "_lookups")

    def __init__(self, event: E, lookups: ServiceLookups[Any, Any]) -> None:
        set_ = object.__setattr__
        set_(self, "_event", event)
        set_(self, "_lookups", lookups)
        set_(self, "_found", {})

    @property
    def event(self) -> E:
        """The event this view shows."""
        return self._event  # type: ignore[no-any-return]

    def _once(self, name: str, compute: Callable[[E], Any]) -> Any:
        """``compute(event)``, the first time ``name`` is read."""
        found: dict[str, Any] = object.__getattribute__(self, "_found")
        try:
            return found[name]
        except KeyError:
            value = found[name] = compute(self._event)
            return value

    def __getattr__(self, name: str) -> Any:
        return getattr(object.__getattribute__(self, "_event"), name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(dir(self._event)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._event!r})"


# --- A service's lookups --------------------------------------------------------


class ServiceLookups(Generic[T, R]):
    """The base of a service's lookups: clients, cache, the error mapping,
    the table of what each event class names, ``bind`` and ``resolve``.

    One boto3 client per service and region is created on first use from
    ``session``, with botocore's retries. Results, including "not found"
    (``None``), are cached in a bounded, thread-safe LRU cache for the
    wrapper's life; failures are not.

    A subclass sets :attr:`service`, :attr:`targets`, :attr:`not_found`,
    :attr:`resolved_type` and :attr:`bound_type`, and implements
    :meth:`_resolve_rows`.

    Parameters
    ----------
    session : boto3.Session, optional
        The session to make clients from; boto3's default session when
        omitted.
    endpoint_url : str, optional
        An endpoint of :attr:`service` to use instead of AWS's (a local
        emulator); the session's configured endpoint
        (``AWS_ENDPOINT_URL_<SERVICE>``...) applies otherwise.
    retry_mode : str
        botocore's retry mode: ``"standard"`` (default), ``"adaptive"`` or
        ``"legacy"``.
    max_attempts : int, optional
        Total attempts per request, first one included; botocore's default
        for the mode when omitted.
    config : botocore.config.Config, optional
        Further client configuration, merged over the retry settings.
    cache_size : int
        The most results kept.
    """

    #: The boto3 service name of the default client (``"ecs"``).
    service: ClassVar[str]
    #: Which fields of each event class name this service's resources.
    targets: TargetTable[T]
    #: Error codes that mean "it does not exist": the lookup is ``None``.
    not_found: ClassVar[frozenset[str]] = frozenset()
    #: The row type of :meth:`resolve`.
    resolved_type: type[R]
    #: The view type of :meth:`bind`.
    bound_type: ClassVar[type[BoundEvent[Any]]] = BoundEvent
    #: The boto3 services ``endpoint_url`` applies to (default: :attr:`service`).
    endpoint_services: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        session: boto3.Session | None = None,
        *,
        endpoint_url: str | None = None,
        retry_mode: Literal["standard", "adaptive", "legacy"] = "standard",
        max_attempts: int | None = None,
        config: Config | None = None,
        cache_size: int = 10_000,
    ) -> None:
        self._session = session
        self._endpoint_url = endpoint_url
        self._retry_mode = retry_mode
        self._max_attempts = max_attempts
        self._config = config
        self._cache = LRUCache(cache_size)
        self._clients: dict[tuple[str, str], Any] = {}
        self._client_lock = threading.Lock()
        #: The :class:`~eventbridge_structs.lookups.Lookups` this is part of
        #: (made on demand by ``Lookups.of``).
        self._suite: Any = None

    @property
    def options(self) -> dict[str, Any]:
        """The client options this was made with (session excluded), for
        making the lookups of another service alike."""
        return {
            "retry_mode": self._retry_mode,
            "max_attempts": self._max_attempts,
            "config": self._config,
            "cache_size": self._cache.maxsize,
        }

    @property
    def session(self) -> boto3.Session | None:
        """The session clients are made from (None until the first client,
        when none was given: then boto3's default session)."""
        return self._session

    # -- clients ---------------------------------------------------------

    def _client(self, region: str, service: str | None = None) -> Any:
        """The client of ``service`` (default :attr:`service`) for
        ``region``, created on first use.

        Raises
        ------
        ImportError
            If boto3 is not installed.
        botocore.exceptions.BotoCoreError
            If botocore refuses the region.
        """
        service = service or self.service
        client = self._clients.get((service, region))
        if client is not None:
            return client
        boto3 = import_boto3()
        from botocore.config import Config

        with self._client_lock:
            client = self._clients.get((service, region))
            if client is None:
                if self._session is None:
                    if boto3.DEFAULT_SESSION is None:
                        boto3.setup_default_session()
                    self._session = boto3.DEFAULT_SESSION
                retries: dict[str, Any] = {"mode": self._retry_mode}
                if self._max_attempts is not None:
                    retries["total_max_attempts"] = self._max_attempts
                config = Config(retries=retries)  # type: ignore[arg-type]
                if self._config is not None:
                    config = config.merge(self._config)
                assert self._session is not None
                client = self._session.client(
                    service,  # type: ignore[call-overload]
                    region_name=region,
                    endpoint_url=(
                        self._endpoint_url
                        if service in (self.endpoint_services or (self.service,))
                        else None
                    ),
                    config=config,
                )
                self._clients[(service, region)] = client
        return client

    def cache_clear(self) -> None:
        """Forget every cached result."""
        self._cache.clear()

    def _request(
        self,
        operation: str,
        region: str,
        params: Mapping[str, Any],
        failure: Callable[[str, str, Exception], LookupFailed],
        *,
        service: str | None = None,
    ) -> Any:
        """Call ``operation`` with ``params`` on the region's client.

        Returns
        -------
        dict or None
            The response; ``None`` when AWS answers with one of
            :attr:`not_found`.

        Raises
        ------
        LookupFailed
            ``failure(code, reason, exception)``, for any other botocore
            error (a region botocore refuses, an event's, included).
        """
        errors = aws_errors()
        try:
            client = self._client(region, service)
            return getattr(client, snake_case(operation))(**params)
        except errors as exc:
            code = error_code(exc)
            if code in self.not_found:
                return None
            raise failure(code, str(exc), exc) from exc

    # -- what events name ------------------------------------------------

    def targets_of(self, event: EventBridgeEvent) -> T:
        """``event``'s entry in :attr:`targets` (its class's, or the nearest
        base class's).

        Raises
        ------
        TypeError
            If the event's class has no entry.
        """
        return self.targets.of(event)

    # -- batches and views -----------------------------------------------

    def _resolve_rows(
        self, events: Sequence[EventBridgeEvent], stop: bool
    ) -> list[tuple[Any, ...]]:
        """One tuple of results per event, in :attr:`resolved_type`'s kind
        order; a result is a value, ``None`` or a :class:`LookupFailed`.
        With ``stop``, raise the first failure of a stage (see
        :func:`raise_first`) instead of going on."""
        raise NotImplementedError

    def resolve(
        self,
        events: Iterable[EventBridgeEvent],
        *,
        errors: Literal["raise", "return"] = "raise",
    ) -> list[R]:
        """Look up what every event names, with the fewest requests.

        Parameters
        ----------
        events : iterable of EventBridgeEvent
        errors : {"raise", "return"}
            On a failure other than "not found": raise the first
            :class:`LookupFailed` (what did resolve stays cached), or put it
            in the affected events' :attr:`Resolved.error` and go on.

        Returns
        -------
        list of Resolved
            One per event, in order.

        Raises
        ------
        ValueError
            If ``errors`` is neither.
        """
        if errors not in ("raise", "return"):
            raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
        events = list(events)
        rows = self._resolve_rows(events, errors == "raise")
        resolved: list[R] = []
        for event, row in zip(events, rows, strict=True):
            error = next((v for v in row if isinstance(v, LookupFailed)), None)
            values = (None if isinstance(v, LookupFailed) else v for v in row)
            resolved.append(self.resolved_type(event, *values, error))
        return resolved

    def bind(self, event: E) -> BoundEvent[E]:
        """A read-only view of ``event`` whose lookups are properties,
        each computed once (:attr:`bound_type`)."""
        return self.bound_type(event, self)


def raise_first(values: Iterable[object], stop: bool) -> None:
    """With ``stop``, raise the first :class:`LookupFailed` among
    ``values``."""
    if stop:
        for value in values:
            if isinstance(value, LookupFailed):
                raise value


def raise_or(value: T | LookupFailed) -> T:
    """``value``, unless it is a :class:`LookupFailed`: then raise it."""
    if isinstance(value, LookupFailed):
        raise value
    return value


# --- Lookups of resources by reference: the generic algorithm --------------------
#
# Most services share one shape: each property of an event names one
# resource (or a list of them) of one *kind*, by a reference that an API
# describes in batches grouped by region, account and, for some kinds, a
# parent (an ECS task's cluster, a CodePipeline execution's pipeline). A
# service module declares its properties (name -> kind, plural), reads
# references from events with its targets table, and implements one batched
# fetch per kind; caching, deduplication, ``lookup``, ``resolve`` and the
# bound view are here.


class Ref(tuple[str, str, str, str]):
    """A reference to one resource: ``(region, account, parent, id)``.

    ``parent`` is ``""`` for a kind described without one; ``id`` is as the
    event writes it (a name or an ARN).
    """

    __slots__ = ()

    def __new__(cls, region: str, account: str, parent: str, id: str) -> Ref:
        return super().__new__(cls, (region, account, parent, id))

    @property
    def region(self) -> str:
        """The region of the resource."""
        return self[0]

    @property
    def account(self) -> str:
        """The account that owns the resource."""
        return self[1]

    @property
    def parent(self) -> str:
        """The resource it belongs to (``""`` when none)."""
        return self[2]

    @property
    def id(self) -> str:
        """The resource's name or ARN, as the event writes it."""
        return self[3]

    @property
    def group(self) -> tuple[str, str, str]:
        """What one batched request shares: ``(region, account, parent)``."""
        return (self[0], self[1], self[2])


def parse_arn(value: object) -> tuple[str, str, str] | None:
    """``(region, account, resource)`` of an ARN, else ``None``.

    Examples
    --------
    >>> parse_arn("arn:aws:ecs:us-east-1:123456789012:cluster/default")
    ('us-east-1', '123456789012', 'cluster/default')
    """
    if not isinstance(value, str) or not value.startswith("arn:"):
        return None
    parts = value.split(":", 5)
    if len(parts) < 6:
        return None
    return parts[3], parts[4], parts[5]


def nonempty(value: object) -> str | None:
    """``value`` when it is a non-empty string, else ``None``."""
    return value if isinstance(value, str) and value else None


class ResourceLookupFailed(LookupFailed):
    """A lookup of a resource failed for a reason other than "not found".

    Attributes
    ----------
    operation : str
        The API operation (``"DescribeTasks"``).
    kind : str
        The kind of resource (``"task"``).
    resource_id : str
        Its name or ARN, as the event writes it.
    parent : str
        What it belongs to (an ECS cluster, a pipeline), or ``""``.
    region : str
    account : str
    code : str
        The AWS error code, a per-item failure reason, or the botocore
        exception's class name.
    error : Exception or None
        The botocore exception.
    """

    def __init__(
        self,
        operation: str,
        *,
        kind: str,
        ref: Ref,
        parent_kind: str = "",
        code: str,
        reason: str,
        error: Exception | None = None,
    ) -> None:
        self.kind = kind
        self.resource_id = ref.id
        self.parent = ref.parent
        self.account = ref.account
        of = f" of {parent_kind} {ref.parent!r}" if ref.parent else ""
        super().__init__(
            operation,
            region=ref.region,
            code=code,
            reason=reason,
            resource=f"{kind} {ref.id!r}{of}",
            location=f"account {ref.account}, {ref.region}",
            error=error,
        )
        if error is not None:
            self.__cause__ = error


class Malformed(Exception):
    """Raised by a response parser: a successful answer without ``field``."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


#: A fetch's results: one per id asked, a value, ``None`` (not found) or the
#: failure.
Found = dict[str, Any]


class Prop(tuple[str, bool]):
    """A lookup property: the kind of resource it finds and whether it finds a
    list of them."""

    __slots__ = ()

    def __new__(cls, kind: str, plural: bool = False) -> Prop:
        return super().__new__(cls, (kind, plural))

    @property
    def kind(self) -> str:
        """The kind of resource (``"task"``)."""
        return self[0]

    @property
    def plural(self) -> bool:
        """Whether the property is a list."""
        return self[1]


class ResourceBoundEvent(BoundEvent[E]):
    """A read-only view of an event bound to a :class:`ResourceLookups`: each
    of the service's properties (:attr:`ResourceLookups.properties`) is
    looked up once per view; the event's own attributes read through.

    A service's subclass declares its properties for documentation and
    typing; any other declared property reads through ``__getattr__``.
    """

    __slots__ = ()

    _lookups: ResourceLookups[Any, Any]

    def _lookup(self, name: str) -> Any:
        lookups = self._lookups
        return self._once(name, lambda event: lookups.lookup(name, event))

    def __getattr__(self, name: str) -> Any:
        lookups: ResourceLookups[Any, Any] = object.__getattribute__(self, "_lookups")
        if name in lookups.properties:
            return self._lookup(name)
        return getattr(object.__getattribute__(self, "_event"), name)


class ResourceLookups(ServiceLookups[T, R]):
    """The generic lookups of a service whose properties each name
    resources of one kind, fetched in batches.

    A subclass sets :attr:`properties` (property name -> :class:`Prop`), a
    targets dataclass with one :data:`Spec` per property plus ``region`` and
    ``account``, :attr:`parent_kinds`, and implements :meth:`_fetch` (and
    :meth:`_ref` when its references need more than the default reading).
    """

    #: Property name -> the kind it finds and whether it is a list.
    properties: ClassVar[Mapping[str, Prop]] = {}
    #: Kind -> what its parent is called in messages (``"cluster"``).
    parent_kinds: ClassVar[Mapping[str, str]] = {}
    bound_type: ClassVar[type[BoundEvent[Any]]] = ResourceBoundEvent

    # -- references --------------------------------------------------------

    def _ref(
        self, kind: str, raw: Any, event: EventBridgeEvent, targets: T
    ) -> Ref | None:
        """The reference ``raw`` (what a targets spec read) makes: a string
        (name or ARN) or a ``(parent, id)`` pair. The region and account are
        the ARN's, else the targets' ``region`` and ``account`` of the
        event."""
        parent = ""
        if isinstance(raw, tuple) and len(raw) == 2:
            parent, raw = nonempty(raw[0]) or "", raw[1]
        ident = nonempty(raw)
        if ident is None:
            return None
        region = nonempty(read(getattr(targets, "region", "region"), event))
        account = nonempty(read(getattr(targets, "account", "account"), event))
        arn = parse_arn(ident) or parse_arn(parent)
        if arn is not None:
            region = arn[0] or region
            account = arn[1] or account
        return Ref(region or event.region, account or event.account, parent, ident)

    def refs(self, name: str, event: EventBridgeEvent) -> list[Ref] | None:
        """The references property ``name`` reads from ``event``, deduplicated
        in order; ``None`` when the event's class does not declare it.

        Raises
        ------
        TypeError
            If the event's class has no entry in :attr:`targets`.
        """
        targets = self.targets_of(event)
        spec = getattr(targets, name, None)
        if spec is None:
            return None
        prop = self.properties[name]
        raw = read(spec, event)
        # A plural spec reads a list.
        items = (raw if isinstance(raw, list) else []) if prop.plural else [raw]
        refs: list[Ref] = []
        for item in items:
            if item is None:
                continue
            ref = self._ref(prop.kind, item, event, targets)
            if ref is not None and ref not in refs:
                refs.append(ref)
        return refs

    # -- fetching --------------------------------------------------------

    def _fetch(self, kind: str, group: tuple[str, str, str], ids: list[str]) -> Found:
        """Describe ``ids`` of ``kind`` sharing ``group`` (region, account,
        parent), with the fewest requests: a value, ``None`` or a
        :class:`LookupFailed` per id."""
        raise NotImplementedError

    def failed(
        self,
        operation: str,
        kind: str,
        ref: Ref,
        code: str,
        reason: str,
        error: Exception | None = None,
    ) -> ResourceLookupFailed:
        """The failure of looking ``ref`` up."""
        return ResourceLookupFailed(
            operation,
            kind=kind,
            ref=ref,
            parent_kind=self.parent_kinds.get(kind, ""),
            code=code,
            reason=reason,
            error=error,
        )

    def batched(
        self,
        operation: str,
        kind: str,
        group: tuple[str, str, str],
        ids: Sequence[str],
        *,
        size: int,
        params: Callable[[list[str]], Mapping[str, Any]],
        parse: Callable[[Any, list[str]], Found],
        split: frozenset[str] = frozenset(),
        service: str | None = None,
    ) -> Found:
        """Call ``operation`` for ``ids``, ``size`` at a time.

        Parameters
        ----------
        params : callable
            The request's parameters for a chunk of ids.
        parse : callable
            The results of a chunk from the response (a missing id is "not
            found"); raises :class:`Malformed` for an answer without its
            result.
        split : frozenset of str
            Error codes that one bad id gives the whole call (a missing load
            balancer, an invalid ARN): the chunk is asked again in halves, and
            an id failing alone with a :attr:`not_found` code is ``None``.

        Returns
        -------
        dict
            A value, ``None`` or a :class:`LookupFailed` per id.
        """
        region, account, parent = group
        results: Found = {}
        errors = aws_errors()

        def fail(
            chunk: Sequence[str], code: str, reason: str, exc: Exception | None
        ) -> None:
            for ident in chunk:
                ref = Ref(region, account, parent, ident)
                results[ident] = self.failed(operation, kind, ref, code, reason, exc)

        try:
            client = self._client(region, service)
        except errors as exc:  # a region botocore refuses (an event's)
            fail(ids, error_code(exc), str(exc), exc)
            return results
        method = getattr(client, snake_case(operation))
        pending = [list(ids[i : i + size]) for i in range(0, len(ids), size)]
        pending.reverse()
        while pending:
            chunk = pending.pop()
            try:
                response = method(**params(chunk))
            except errors as exc:
                code = error_code(exc)
                if code in split and len(chunk) > 1:
                    middle = len(chunk) // 2
                    pending += [chunk[middle:], chunk[:middle]]
                    continue
                if code in self.not_found:
                    results.update(dict.fromkeys(chunk))
                    continue
                fail(chunk, code, str(exc), exc)
                continue
            try:
                found = parse(response, chunk)
            except Malformed as exc:
                fail(chunk, MALFORMED, f"the response has no `{exc.field}`", None)
                continue
            for ident in chunk:
                results[ident] = found.get(ident)
        return results

    def _get(self, kind: str, refs: Iterable[Ref]) -> dict[Ref, Any]:
        """Look ``refs`` of ``kind`` up, from the cache when possible, the
        rest with one :meth:`_fetch` per group; failures are not cached."""
        results: dict[Ref, Any] = {}
        wanted: dict[tuple[str, str, str], list[str]] = {}
        for ref in refs:
            if ref in results:
                continue
            cached = self._cache.get((kind, *ref))
            results[ref] = cached
            if cached is MISS:
                wanted.setdefault(ref.group, []).append(ref.id)
        for group, ids in wanted.items():
            for ident, value in self._fetch(kind, group, ids).items():
                ref = Ref(*group, ident)
                results[ref] = value
                if not isinstance(value, LookupFailed):
                    self._cache.put((kind, *ref), value)
        return results

    # -- the public API ----------------------------------------------------

    def lookup(self, name: str, event: EventBridgeEvent) -> Any:
        """Property ``name`` of ``event``: the resource it names (``None``
        when it names none or it does not exist), or for a plural property
        the list of those that exist, in the event's order.

        Raises
        ------
        KeyError
            If ``name`` is not one of :attr:`properties`.
        TypeError
            If the event's class has no entry in :attr:`targets`, or does not
            declare ``name``.
        LookupFailed
            If AWS fails for another reason than "not found".
        ImportError
            If boto3 is not installed.
        """
        prop = self.properties[name]
        refs = self.refs(name, event)
        if refs is None:
            raise TypeError(
                f"{type(event).__name__} has no {name!r}: its class declares no "
                f"{prop.kind} in the {self.targets.service} lookups' table"
            )
        found = self._get(prop.kind, refs)
        values = [raise_or(found[ref]) for ref in refs]
        if prop.plural:
            return [value for value in values if value is not None]
        return values[0] if values else None

    def declared(self, event_type: type) -> tuple[str, ...]:
        """The properties the table declares for ``event_type``."""
        targets = self.targets.get(event_type)
        if targets is None:
            return ()
        return tuple(
            n for n in self.properties if getattr(targets, n, None) is not None
        )

    def _resolve_rows(
        self, events: Sequence[EventBridgeEvent], stop: bool
    ) -> list[tuple[Any, ...]]:
        names = self.resolved_type._fields[1:-1]
        refs: list[list[list[Ref] | None]] = []
        by_kind: dict[str, list[Ref]] = {}
        for event in events:
            row: list[list[Ref] | None] = []
            declared = self.targets.get(type(event)) is not None
            for name in names:
                found = self.refs(name, event) if declared else None
                row.append(found)
                if found:
                    by_kind.setdefault(self.properties[name].kind, []).extend(found)
            refs.append(row)
        values: dict[str, dict[Ref, Any]] = {}
        for kind, kind_refs in by_kind.items():
            values[kind] = self._get(kind, kind_refs)
            raise_first(values[kind].values(), stop)
        rows: list[tuple[Any, ...]] = []
        for row in refs:
            out: list[Any] = []
            for name, found in zip(names, row, strict=True):
                prop = self.properties[name]
                if found is None:  # not declared for the event's class
                    out.append(None)
                    continue
                items = [values[prop.kind][ref] for ref in found]
                failure = next((v for v in items if isinstance(v, LookupFailed)), None)
                if failure is not None:
                    out.append(failure)
                elif prop.plural:
                    out.append([v for v in items if v is not None])
                else:
                    out.append(items[0] if items else None)
            rows.append(tuple(out))
        return rows

    def bind(self, event: E) -> ResourceBoundEvent[E]:
        """A read-only view of ``event`` whose declared properties are
        looked up once each (:attr:`bound_type`)."""
        return self.bound_type(event, self)  # type: ignore[return-value]


def resolved_type(name: str, fields: Sequence[str], doc: str) -> type[Resolved]:
    """A :class:`Resolved` row type with one field per property name."""
    return type(
        name,
        (Resolved,),
        {"__slots__": (), "_fields": ("event", *fields, "error"), "__doc__": doc},
    )
