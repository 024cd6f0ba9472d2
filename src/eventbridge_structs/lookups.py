# Lookups of the ECR repository and image an event names, through boto3: the
# Amazon ECR API's DescribeRepositories + ListTagsForResource, BatchGetImage
# and DescribeImages (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/),
# returned as typed Structs named after the API's shapes. This is what
# botocraft's ``event.repository`` / ``event.image`` / ``.repositories`` /
# ``.images`` offer, as a wrapper so the event Structs stay pure data.
#
# boto3 is the optional extra ``eventbridge-structs[aws]``: it is imported
# when the first lookup runs, never when this module is imported.
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar

import msgspec

from . import ecr
from ._envelope import EventBridgeEvent, Model

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_ecr import ECRClient

__all__ = [
    "MANIFEST_MEDIA_TYPES",
    "BoundEvent",
    "ECRImage",
    "ECRImageDetails",
    "ECRLookups",
    "ECRRepository",
    "EncryptionConfiguration",
    "ImageIdentifier",
    "ImageScanStatus",
    "ImageScanningConfiguration",
    "LookupFailed",
    "Resolved",
]

#: The manifest media types BatchGetImage is asked to return unchanged:
#: Docker image manifest v2 schema 2 and manifest list, OCI image manifest
#: and image index. Without them ECR may convert an index to one platform's
#: manifest, or refuse an OCI image.
MANIFEST_MEDIA_TYPES: tuple[str, ...] = (
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
)

_INDEX_MEDIA_TYPES = frozenset(
    {
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json",
    }
)

#: Error codes that mean "it does not exist": the lookup returns ``None``.
_NOT_FOUND = frozenset({"RepositoryNotFoundException", "ImageNotFoundException"})

#: Error codes that blame the request's parameters (botocore's own check,
#: or AWS's), which come from events: one bad name fails a whole call.
_INVALID_INPUT = frozenset({"ParamValidationError", "InvalidParameterException"})

#: The API's limits: repository names per DescribeRepositories, image ids
#: per BatchGetImage.
_MAX_NAMES = 100
_MAX_IMAGE_IDS = 100

_INSTALL_HINT = (
    "ECR lookups need boto3, which is not installed; install it with: "
    "pip install 'eventbridge-structs[aws]'"
)


# --- Result Structs -----------------------------------------------------------


class _ApiModel(Model, frozen=True, kw_only=True, gc=False, rename="camel"):
    """Base of the ECR API shapes: snake_case in Python, the API's camelCase
    names when encoded."""


class ImageScanningConfiguration(_ApiModel, frozen=True, kw_only=True, gc=False):
    """A repository's image scanning configuration.

    See https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanningConfiguration.html

    Attributes
    ----------
    scan_on_push : bool
        Whether images are scanned when pushed.
    """

    scan_on_push: bool = False


class EncryptionConfiguration(_ApiModel, frozen=True, kw_only=True, gc=False):
    """How a repository's contents are encrypted at rest.

    See https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_EncryptionConfiguration.html

    Attributes
    ----------
    encryption_type : str
        ``"AES256"``, ``"KMS"`` or ``"KMS_DSSE"``.
    kms_key : str, optional
        The KMS key, for KMS encryption.
    """

    encryption_type: str
    kms_key: str | None = None


class ECRRepository(_ApiModel, frozen=True, kw_only=True, gc=False):
    """An ECR repository, as DescribeRepositories returns it, with its tags.

    See https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Repository.html

    Attributes
    ----------
    repository_name : str
    repository_arn : str
    repository_uri : str
        The URI to pull and push with (``<registry>.dkr.ecr.<region>...``).
    registry_id : str
        The account that owns the registry.
    created_at : datetime, optional
        When the repository was created.
    image_tag_mutability : str, optional
        ``"MUTABLE"``, ``"IMMUTABLE"`` or one of their ``_WITH_EXCLUSION``
        forms.
    image_scanning_configuration : ImageScanningConfiguration, optional
    encryption_configuration : EncryptionConfiguration, optional
    tags : dict of str to str
        The repository's tags (ListTagsForResource), by key.
    """

    repository_name: str
    repository_arn: str
    repository_uri: str
    registry_id: str
    created_at: datetime | None = None
    image_tag_mutability: str | None = None
    image_scanning_configuration: ImageScanningConfiguration | None = None
    encryption_configuration: EncryptionConfiguration | None = None
    tags: dict[str, str] = msgspec.field(default_factory=dict)


class ImageIdentifier(_ApiModel, frozen=True, kw_only=True, gc=False):
    """The digest and tag of an image.

    See https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageIdentifier.html
    """

    image_digest: str | None = None
    image_tag: str | None = None


class ECRImage(_ApiModel, frozen=True, kw_only=True, gc=False):
    """An image and its manifest, as BatchGetImage returns it.

    See https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Image.html

    Attributes
    ----------
    registry_id : str
    repository_name : str
    image_id : ImageIdentifier
        The image's digest (and the tag it was asked by, if any).
    image_manifest : str
        The manifest, exactly as stored (its sha256 is the digest).
    image_manifest_media_type : str, optional
        One of :data:`MANIFEST_MEDIA_TYPES` (or an older Docker type).
    """

    registry_id: str
    repository_name: str
    image_id: ImageIdentifier
    image_manifest: str
    image_manifest_media_type: str | None = None

    @property
    def digest(self) -> str | None:
        """The image's digest (``sha256:...``)."""
        return self.image_id.image_digest

    @property
    def media_type(self) -> str | None:
        """The manifest's media type: the API's, else the manifest's own
        ``mediaType``."""
        if self.image_manifest_media_type is not None:
            return self.image_manifest_media_type
        media_type = self.manifest().get("mediaType")
        return media_type if isinstance(media_type, str) else None

    @property
    def is_index(self) -> bool:
        """Whether the manifest is a multi-platform index (OCI image index or
        Docker manifest list)."""
        return self.media_type in _INDEX_MEDIA_TYPES

    def manifest(self) -> dict[str, Any]:
        """The manifest, parsed from JSON.

        Raises
        ------
        msgspec.DecodeError
            If the stored manifest is not a JSON object.
        """
        return msgspec.json.decode(self.image_manifest, type=dict[str, Any])


class ImageScanStatus(_ApiModel, frozen=True, kw_only=True, gc=False):
    """The status of an image's latest scan.

    See https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanStatus.html
    """

    status: str | None = None
    description: str | None = None


class ECRImageDetails(_ApiModel, frozen=True, kw_only=True, gc=False):
    """An image's metadata, as DescribeImages returns it.

    See https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageDetail.html

    Attributes
    ----------
    registry_id : str
    repository_name : str
    image_digest : str
    image_tags : list of str
        The image's tags; empty when untagged.
    image_size_in_bytes : int, optional
        The size of the image.
    image_pushed_at : datetime, optional
        When the image was pushed.
    image_scan_status : ImageScanStatus, optional
        The status of its latest scan.
    last_recorded_pull_time : datetime, optional
        When it was last pulled, as ECR recorded it.
    image_manifest_media_type : str, optional
    artifact_media_type : str, optional
    """

    registry_id: str
    repository_name: str
    image_digest: str
    image_tags: list[str] = msgspec.field(default_factory=list)
    image_size_in_bytes: int | None = None
    image_pushed_at: datetime | None = None
    image_scan_status: ImageScanStatus | None = None
    last_recorded_pull_time: datetime | None = None
    image_manifest_media_type: str | None = None
    artifact_media_type: str | None = None


class Resolved(NamedTuple):
    """One event's result from :meth:`ECRLookups.resolve`."""

    #: The event looked up.
    event: EventBridgeEvent
    #: Its repository, or ``None`` (missing, or the event names none).
    repository: ECRRepository | None
    #: Its image, or ``None`` (missing, or the event has no digest).
    image: ECRImage | None
    #: With ``errors="return"``, the error that stopped this event's lookup.
    error: LookupFailed | None = None


# --- Errors -------------------------------------------------------------------


class LookupFailed(Exception):
    """An ECR lookup failed for a reason other than "not found": access
    denied, throttled after botocore's retries, an unreachable endpoint, or
    an image ECR refuses to return.

    The botocore exception, when there is one, is :attr:`error` and the
    exception's ``__cause__``.

    Attributes
    ----------
    operation : str
        The ECR API operation (``"BatchGetImage"``).
    region : str
    registry_id : str
    repository_name : str
    image_digest : str or None
        The image concerned, if any.
    code : str
        The AWS error code (``"AccessDeniedException"``), the BatchGetImage
        failure code, or the botocore exception's class name.
    error : Exception or None
        The botocore exception.
    """

    def __init__(
        self,
        operation: str,
        *,
        region: str,
        registry_id: str,
        repository_name: str,
        image_digest: str | None = None,
        code: str,
        reason: str,
        error: Exception | None = None,
    ) -> None:
        self.operation = operation
        self.region = region
        self.registry_id = registry_id
        self.repository_name = repository_name
        self.image_digest = image_digest
        self.code = code
        self.error = error
        image = f" image {image_digest}" if image_digest else ""
        super().__init__(
            f"{operation} failed for repository {repository_name!r}{image} "
            f"(registry {registry_id}, {region}): {code}: {reason}"
        )


def _malformed(
    operation: str, key: tuple[str, str, str], field: str, digest: str | None = None
) -> LookupFailed:
    """The failure of a successful-looking answer without its result: what
    botocore makes of a body that is not the API's JSON (cut short, or a
    middlebox's page). Never read as "not found"."""
    region, registry, name = key
    return LookupFailed(
        operation,
        region=region,
        registry_id=registry,
        repository_name=name,
        image_digest=digest,
        code="MalformedResponse",
        reason=f"the response has no `{field}`",
    )


def _boto3() -> Any:
    """Import boto3, or raise the install hint."""
    try:
        import boto3
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT, name="boto3") from exc
    return boto3


def _error_code(error: Exception) -> str:
    """The AWS error code of a ClientError, else the exception's class name."""
    response = getattr(error, "response", None)
    if isinstance(response, Mapping):
        code = response.get("Error", {}).get("Code")
        if isinstance(code, str) and code:
            return code
    return type(error).__name__


_NAMED_REPOSITORY = re.compile(r"repository with name '([^']+)'")


def _split_missing(chunk: Sequence[str], message: str) -> list[list[str]]:
    """What to ask next after DescribeRepositories failed with "not found"
    for ``chunk``: the chunk without the repository the message names, or,
    when it names none of them, the chunk's two halves.

    A one-name chunk is settled (that repository is missing): ``[]``.
    """
    if len(chunk) <= 1:
        return []
    match = _NAMED_REPOSITORY.search(message)
    if match is not None and match.group(1) in chunk:
        rest = [name for name in chunk if name != match.group(1)]
        return [rest] if rest else []
    middle = len(chunk) // 2
    return [list(chunk[:middle]), list(chunk[middle:])]


# --- The cache ------------------------------------------------------------------

_MISS: Any = object()


class _LRUCache:
    """A bounded, thread-safe least-recently-used mapping."""

    __slots__ = ("_data", "_lock", "maxsize")

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError(f"cache_size must be at least 1, got {maxsize}")
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._data.get(key, _MISS)
            if value is not _MISS:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


# --- What an event names -----------------------------------------------------

#: (region, registry id, repository name)
_RepoKey = tuple[str, str, str]


def _cloudtrail_target(event: EventBridgeEvent) -> _RepoKey | None:
    params = event.detail.requestParameters
    if not isinstance(params, dict):
        return None
    name = params.get("repositoryName")
    if not isinstance(name, str) or not name:
        return None
    registry = params.get("registryId")
    if not isinstance(registry, str) or not registry:
        registry = event.account
    return (event.region, registry, name)


def _repository_key(event: EventBridgeEvent) -> _RepoKey | None:
    """The repository ``event`` names, or ``None`` for a CloudTrail event
    whose call named none.

    Raises
    ------
    TypeError
        If events of this type never name one repository.
    """
    detail = event.detail
    if isinstance(detail, ecr.ECRAWSAPICallViaCloudTrail):
        return _cloudtrail_target(event)
    name = getattr(detail, "repository_name", None)
    if isinstance(name, str):
        return (event.region, event.account, name)
    hint = (
        "; use .repositories(event)"
        if isinstance(detail, ecr.ScanResourceChange)
        else ""
    )
    raise TypeError(f"{type(event).__name__} does not name one ECR repository{hint}")


def _image_digest(event: EventBridgeEvent) -> str | None:
    """The image digest ``event`` carries, or ``None``.

    Raises
    ------
    TypeError
        For a CloudTrail event (use ``.images``), or an event type with no
        image.
    """
    detail = event.detail
    if isinstance(detail, ecr.ECRAWSAPICallViaCloudTrail):
        raise TypeError(
            "a CloudTrail event may name several images; use .images(event)"
        )
    if not hasattr(detail, "image_digest"):
        raise TypeError(f"{type(event).__name__} does not name an ECR image")
    digest = detail.image_digest
    return digest if isinstance(digest, str) and digest else None


# --- The wrapper -----------------------------------------------------------------

E = TypeVar("E", bound=EventBridgeEvent)


class ECRLookups:
    """Look up the ECR repository and image an event names.

    One boto3 client per region is created on first use from ``session``;
    the region of each lookup is the event's ``region`` and the registry its
    ``account`` (for CloudTrail events, the call's ``registryId`` when
    given). Results, including "not found" (``None``), are cached in a
    bounded, thread-safe LRU cache for the wrapper's life.

    Parameters
    ----------
    session : boto3.Session, optional
        The session to make clients from; boto3's default session when
        omitted.
    endpoint_url : str, optional
        An ECR endpoint to use instead of AWS's (a local emulator); the
        session's configured endpoint (``AWS_ENDPOINT_URL_ECR``...) applies
        otherwise.
    retry_mode : str
        botocore's retry mode: ``"standard"`` (default), ``"adaptive"`` or
        ``"legacy"``.
    max_attempts : int, optional
        Total attempts per request, first one included; botocore's default
        for the mode when omitted.
    config : botocore.config.Config, optional
        Further client configuration, merged over the retry settings.
    accepted_media_types : sequence of str
        The manifest media types BatchGetImage asks for.
    cache_size : int
        The most results kept.

    Examples
    --------
    >>> lookups = ECRLookups(boto3.Session())
    >>> view = lookups.bind(event)
    >>> view.repository.repository_uri, view.image.media_type
    """

    def __init__(
        self,
        session: boto3.Session | None = None,
        *,
        endpoint_url: str | None = None,
        retry_mode: Literal["standard", "adaptive", "legacy"] = "standard",
        max_attempts: int | None = None,
        config: Config | None = None,
        accepted_media_types: Sequence[str] = MANIFEST_MEDIA_TYPES,
        cache_size: int = 10_000,
    ) -> None:
        self._session = session
        self._endpoint_url = endpoint_url
        self._retry_mode = retry_mode
        self._max_attempts = max_attempts
        self._config = config
        self._accepted_media_types = list(accepted_media_types)
        self._cache = _LRUCache(cache_size)
        self._clients: dict[str, ECRClient] = {}
        self._client_lock = threading.Lock()

    # -- clients ---------------------------------------------------------

    def client(self, region: str) -> ECRClient:
        """The ECR client for ``region``, created on first use.

        Raises
        ------
        ImportError
            If boto3 is not installed.
        """
        client = self._clients.get(region)
        if client is not None:
            return client
        boto3 = _boto3()
        from botocore.config import Config

        with self._client_lock:
            client = self._clients.get(region)
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
                    "ecr",
                    region_name=region,
                    endpoint_url=self._endpoint_url,
                    config=config,
                )
                self._clients[region] = client
        return client

    def cache_clear(self) -> None:
        """Forget every cached result."""
        self._cache.clear()

    def _call(
        self,
        operation: str,
        key: _RepoKey,
        params: dict[str, Any],
        *,
        image_digest: str | None = None,
    ) -> Any:
        """Call ``operation`` with ``params`` on the region's client: its
        response, ``None`` when AWS says the repository or image does not
        exist, else LookupFailed."""
        region, registry, name = key
        _boto3()  # the install hint, before botocore is imported
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            # A region botocore refuses (an event's) is this lookup's failure.
            client = self.client(region)
            return getattr(client, _snake_case(operation))(**params)
        except (ClientError, BotoCoreError) as exc:
            code = _error_code(exc)
            if code in _NOT_FOUND:
                return None
            raise LookupFailed(
                operation,
                region=region,
                registry_id=registry,
                repository_name=name,
                image_digest=image_digest,
                code=code,
                reason=str(exc),
                error=exc,
            ) from exc

    # -- repositories ----------------------------------------------------

    def _fetch_repositories(
        self, region: str, registry: str, names: Sequence[str]
    ) -> dict[str, ECRRepository | LookupFailed | None]:
        """Describe ``names`` (one region and registry), with their tags."""
        raw: dict[str, Any] = {}
        results: dict[str, ECRRepository | LookupFailed | None] = {}
        _boto3()  # the install hint, before botocore is imported
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            client = self.client(region)
        except BotoCoreError as exc:  # a region botocore refuses (an event's)
            return {
                name: self._failed(
                    "DescribeRepositories", (region, registry, name), exc
                )
                for name in names
            }

        pending = [
            list(names[i : i + _MAX_NAMES]) for i in range(0, len(names), _MAX_NAMES)
        ]
        while pending:
            chunk = pending.pop()
            try:
                response = client.describe_repositories(
                    registryId=registry, repositoryNames=chunk
                )
            except (ClientError, BotoCoreError) as exc:
                if _error_code(exc) == "RepositoryNotFoundException":
                    # One missing name fails the whole call: ask again
                    # without it.
                    pending.extend(_split_missing(chunk, str(exc)))
                    continue
                if _error_code(exc) in _INVALID_INPUT and len(chunk) > 1:
                    # So does one invalid name (an event's): ask again in
                    # halves, until it fails alone.
                    middle = len(chunk) // 2
                    pending += [chunk[:middle], chunk[middle:]]
                    continue
                for name in chunk:
                    results[name] = self._failed(
                        "DescribeRepositories", (region, registry, name), exc
                    )
                continue
            repositories = response.get("repositories")
            if not isinstance(repositories, list):
                for name in chunk:
                    results[name] = _malformed(
                        "DescribeRepositories", (region, registry, name), "repositories"
                    )
                continue
            for item in repositories:
                raw[item["repositoryName"]] = item
        for name in names:
            if name in results:
                continue
            if name not in raw:
                results[name] = None
                continue
            try:
                results[name] = self._with_tags((region, registry, name), raw[name])
            except LookupFailed as exc:
                results[name] = exc
        return results

    def _failed(self, operation: str, key: _RepoKey, exc: Exception) -> LookupFailed:
        region, registry, name = key
        error = LookupFailed(
            operation,
            region=region,
            registry_id=registry,
            repository_name=name,
            code=_error_code(exc),
            reason=str(exc),
            error=exc,
        )
        error.__cause__ = exc
        return error

    def _with_tags(
        self, key: _RepoKey, item: Mapping[str, Any]
    ) -> ECRRepository | None:
        arn = item["repositoryArn"]
        response = self._call("ListTagsForResource", key, {"resourceArn": arn})
        if response is None:  # deleted since DescribeRepositories
            return None
        fields = dict(item)
        fields["tags"] = {tag["Key"]: tag["Value"] for tag in response.get("tags", ())}
        return msgspec.convert(fields, ECRRepository)

    def _repositories_for(
        self, keys: Iterable[_RepoKey]
    ) -> dict[_RepoKey, ECRRepository | LookupFailed | None]:
        """Look up ``keys``, from the cache when possible, with the fewest
        requests: one DescribeRepositories per 100 names of a region and
        registry, one ListTagsForResource per repository found."""
        results: dict[_RepoKey, ECRRepository | LookupFailed | None] = {}
        wanted: dict[tuple[str, str], list[str]] = {}
        asked: set[_RepoKey] = set()
        for key in keys:
            if key in results or key in asked:
                continue
            cached = self._cache.get(("repository", *key))
            if cached is not _MISS:
                results[key] = cached
                continue
            asked.add(key)
            wanted.setdefault(key[:2], []).append(key[2])
        for (region, registry), names in wanted.items():
            fetched = self._fetch_repositories(region, registry, names)
            for name, value in fetched.items():
                key = (region, registry, name)
                results[key] = value
                if not isinstance(value, LookupFailed):
                    self._cache.put(("repository", *key), value)
        return results

    def repository(self, event: EventBridgeEvent) -> ECRRepository | None:
        """The repository ``event`` names (DescribeRepositories, then
        ListTagsForResource for its tags), or ``None`` if it does not exist
        or a CloudTrail event's call named none.

        Raises
        ------
        TypeError
            If events of this type never name one repository (see
            :meth:`repositories`).
        LookupFailed
            If AWS fails for another reason than "not found".
        ImportError
            If boto3 is not installed.
        """
        key = _repository_key(event)
        if key is None:
            return None
        return _raise_or(self._repositories_for((key,))[key])

    def repositories(
        self, event: ecr.ECRScanResourceChangeEvent
    ) -> list[ECRRepository | None]:
        """The repositories an "ECR Scan Resource Change" event names, in its
        order; ``None`` for one that no longer exists.

        Raises
        ------
        TypeError
            If ``event`` is not a scan resource change.
        LookupFailed
            If AWS fails for another reason than "not found".
        """
        if not isinstance(event.detail, ecr.ScanResourceChange):
            raise TypeError(
                f"repositories() takes an ECRScanResourceChangeEvent, "
                f"not {type(event).__name__}"
            )
        keys = [
            (event.region, event.account, repo.repository_name)
            for repo in event.detail.repositories
        ]
        found = self._repositories_for(keys)
        return [_raise_or(found[key]) for key in keys]

    # -- images ----------------------------------------------------------

    def _fetch_images(
        self, key: _RepoKey, image_ids: Sequence[dict[str, str]]
    ) -> dict[tuple[str, str], ECRImage | LookupFailed | None]:
        """BatchGetImage for ``image_ids`` of one repository, 100 at a time.

        Returns a result per requested id, keyed ``("digest", d)`` or
        ``("tag", t)``.
        """
        region, registry, name = key
        results: dict[tuple[str, str], ECRImage | LookupFailed | None] = {}
        for start in range(0, len(image_ids), _MAX_IMAGE_IDS):
            chunk = list(image_ids[start : start + _MAX_IMAGE_IDS])
            wanted = [_id_key(image_id) for image_id in chunk]
            try:
                response = self._call(
                    "BatchGetImage",
                    key,
                    {
                        "registryId": registry,
                        "repositoryName": name,
                        "imageIds": chunk,
                        "acceptedMediaTypes": self._accepted_media_types,
                    },
                    image_digest=wanted[0][1] if len(wanted) == 1 else None,
                )
            except LookupFailed as exc:
                for id_key in wanted:
                    results[id_key] = exc
                continue
            if response is None:  # the repository does not exist
                for id_key in wanted:
                    results[id_key] = None
                continue
            if "images" not in response and "failures" not in response:
                malformed = _malformed("BatchGetImage", key, "images")
                for id_key in wanted:
                    results[id_key] = malformed
                continue
            for item in response.get("images", ()):
                image = msgspec.convert(item, ECRImage)
                if image.image_id.image_digest is not None:
                    results[("digest", image.image_id.image_digest)] = image
                if image.image_id.image_tag is not None:
                    results[("tag", image.image_id.image_tag)] = image
            unsettled = [id_key for id_key in wanted if id_key not in results]
            for failure in response.get("failures", ()):
                code = failure.get("failureCode") or "UnknownFailure"
                if code == "ImageNotFound":
                    continue
                failed_id = failure.get("imageId") or {}
                named = [id_key for id_key in unsettled if _id_key(failed_id) == id_key]
                for id_key in named or unsettled:
                    results[id_key] = LookupFailed(
                        "BatchGetImage",
                        region=region,
                        registry_id=registry,
                        repository_name=name,
                        image_digest=id_key[1] if id_key[0] == "digest" else None,
                        code=code,
                        reason=failure.get("failureReason") or code,
                    )
            for id_key in wanted:
                results.setdefault(id_key, None)
        return {id_key: results[id_key] for id_key in map(_id_key, image_ids)}

    def _images_for(
        self, wanted: Mapping[_RepoKey, Iterable[dict[str, str]]]
    ) -> dict[tuple[_RepoKey, tuple[str, str]], ECRImage | LookupFailed | None]:
        """Look up images by repository, from the cache when possible."""
        results: dict[tuple[_RepoKey, tuple[str, str]], Any] = {}
        for key, image_ids in wanted.items():
            missing: list[dict[str, str]] = []
            for image_id in image_ids:
                id_key = _id_key(image_id)
                if (key, id_key) in results:
                    continue
                cached = self._cache.get(("image", *key, *id_key))
                results[(key, id_key)] = cached
                if cached is _MISS:
                    missing.append(image_id)
            if not missing:
                continue
            for id_key, value in self._fetch_images(key, missing).items():
                results[(key, id_key)] = value
                if not isinstance(value, LookupFailed):
                    self._cache.put(("image", *key, *id_key), value)
        return results

    def image(self, event: EventBridgeEvent) -> ECRImage | None:
        """The image ``event`` names by digest (BatchGetImage), or ``None``
        when the event has no digest or the image or repository is gone.

        Raises
        ------
        TypeError
            For a CloudTrail event (see :meth:`images`) or an event type with
            no image.
        LookupFailed
            If AWS fails for another reason than "not found".
        """
        digest = _image_digest(event)
        key = _repository_key(event)
        if digest is None or key is None:
            return None
        image_id = {"imageDigest": digest}
        found = self._images_for({key: (image_id,)})
        return _raise_or(found[(key, ("digest", digest))])

    def images(self, event: ecr.ECRAWSAPICallViaCloudTrailEvent) -> list[ECRImage]:
        """The images an "AWS API Call via CloudTrail" event's call named
        (``requestParameters.repositoryName`` and ``imageIds``), in request
        order, without those that no longer exist or repeat one.

        Each image id is looked up by its digest when it has one, else by
        its tag (botocraft prefers the tag; a digest cannot have moved).

        Raises
        ------
        TypeError
            If ``event`` is not a CloudTrail event.
        LookupFailed
            If AWS fails for another reason than "not found".
        """
        if not isinstance(event.detail, ecr.ECRAWSAPICallViaCloudTrail):
            raise TypeError(
                f"images() takes an ECRAWSAPICallViaCloudTrailEvent, "
                f"not {type(event).__name__}"
            )
        key = _cloudtrail_target(event)
        params = event.detail.requestParameters or {}
        raw_ids = params.get("imageIds")
        if key is None or not isinstance(raw_ids, list):
            return []
        image_ids: list[dict[str, str]] = []
        for raw_id in raw_ids:
            if not isinstance(raw_id, dict):
                continue
            digest, tag = raw_id.get("imageDigest"), raw_id.get("imageTag")
            if isinstance(digest, str) and digest:
                image_ids.append({"imageDigest": digest})
            elif isinstance(tag, str) and tag:
                image_ids.append({"imageTag": tag})
        if not image_ids:
            return []
        found = self._images_for({key: image_ids})
        images: list[ECRImage] = []
        seen: set[str | None] = set()
        for image_id in image_ids:
            image = _raise_or(found[(key, _id_key(image_id))])
            if image is not None and image.digest not in seen:
                seen.add(image.digest)
                images.append(image)
        return images

    def image_details(self, event: EventBridgeEvent) -> ECRImageDetails | None:
        """The metadata of the image ``event`` names by digest
        (DescribeImages: size, push time, tags, scan status, last pull), or
        ``None`` when the event has no digest or the image is gone.

        Raises
        ------
        TypeError
            As :meth:`image`.
        LookupFailed
            If AWS fails for another reason than "not found".
        """
        digest = _image_digest(event)
        key = _repository_key(event)
        if digest is None or key is None:
            return None
        cache_key = ("details", *key, digest)
        cached = self._cache.get(cache_key)
        if cached is not _MISS:
            return cached  # type: ignore[no-any-return]
        _, registry, name = key
        response = self._call(
            "DescribeImages",
            key,
            {
                "registryId": registry,
                "repositoryName": name,
                "imageIds": [{"imageDigest": digest}],
            },
            image_digest=digest,
        )
        if response is not None and "imageDetails" not in response:
            raise _malformed("DescribeImages", key, "imageDetails", digest)
        details = None
        for item in (response or {}).get("imageDetails", ()):
            if item.get("imageDigest") == digest:
                details = msgspec.convert(item, ECRImageDetails)
                break
        self._cache.put(cache_key, details)
        return details

    # -- batches and views -----------------------------------------------

    def resolve(
        self,
        events: Iterable[EventBridgeEvent],
        *,
        errors: Literal["raise", "return"] = "raise",
    ) -> list[Resolved]:
        """The repository and image of every event, with the fewest requests.

        Lookups are deduplicated by (region, registry, repository) and by
        digest, and batched to the API's limits: one DescribeRepositories per
        100 repository names of a region and registry (a missing one is
        dropped and the rest asked again), one ListTagsForResource per
        repository found, one BatchGetImage per 100 digests of a repository.
        Events that name no repository, or no digest, get ``None``.

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
        """
        events = list(events)
        targets: list[tuple[_RepoKey | None, str | None]] = []
        for event in events:
            try:
                key = _repository_key(event)
            except TypeError:
                key = None
            try:
                digest = _image_digest(event)
            except TypeError:
                digest = None
            targets.append((key, digest))
        repositories = self._repositories_for(k for k, _ in targets if k is not None)
        if errors == "raise":
            for value in repositories.values():
                if isinstance(value, LookupFailed):
                    raise value
        wanted: dict[_RepoKey, dict[str, dict[str, str]]] = {}
        for key, digest in targets:
            if (
                key is not None
                and digest is not None
                and isinstance(repositories[key], ECRRepository)
            ):
                ids = wanted.setdefault(key, {})
                ids.setdefault(digest, {"imageDigest": digest})
        images = self._images_for({k: v.values() for k, v in wanted.items()})
        if errors == "raise":
            for found in images.values():
                if isinstance(found, LookupFailed):
                    raise found
        resolved: list[Resolved] = []
        for event, (key, digest) in zip(events, targets, strict=True):
            repository: Any = repositories[key] if key is not None else None
            image: Any = None
            if key is not None and digest is not None:
                image = images.get((key, ("digest", digest)))
            error = next(
                (v for v in (repository, image) if isinstance(v, LookupFailed)), None
            )
            resolved.append(
                Resolved(
                    event,
                    None if isinstance(repository, LookupFailed) else repository,
                    None if isinstance(image, LookupFailed) else image,
                    error,
                )
            )
        return resolved

    def bind(self, event: E) -> BoundEvent[E]:
        """A read-only view of ``event`` with cached ``.repository``,
        ``.image``, ``.image_details``, ``.repositories`` and ``.images``
        properties, so ``lookups.bind(ev).repository`` reads like
        botocraft's ``ev.repository``."""
        return BoundEvent(event, self)


def _snake_case(operation: str) -> str:
    """``"BatchGetImage"`` -> ``"batch_get_image"``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


def _id_key(image_id: Mapping[str, Any]) -> tuple[str, str]:
    digest = image_id.get("imageDigest")
    if isinstance(digest, str) and digest:
        return ("digest", digest)
    return ("tag", str(image_id.get("imageTag")))


T = TypeVar("T")


def _raise_or(value: T | LookupFailed) -> T:
    if isinstance(value, LookupFailed):
        raise value
    return value


_UNSET: Any = object()


class BoundEvent(Generic[E]):
    """A read-only view of an event bound to an :class:`ECRLookups`.

    Every attribute of the event reads through (``view.detail``,
    ``view.region``); the lookups are properties, each computed once per
    view (and cached by the wrapper across views). The event itself is
    :attr:`event`.
    """

    __slots__ = (
        "_details",
        "_event",
        "_image",
        "_images",
        "_lookups",
        "_repos",
        "_repository",
    )

    def __init__(self, event: E, lookups: ECRLookups) -> None:
        set_ = object.__setattr__
        set_(self, "_event", event)
        set_(self, "_lookups", lookups)
        for slot in ("_repository", "_image", "_details", "_repos", "_images"):
            set_(self, slot, _UNSET)

    @property
    def event(self) -> E:
        """The event this view shows."""
        return self._event  # type: ignore[no-any-return]

    def _once(self, slot: str, compute: Callable[[Any], Any]) -> Any:
        value = object.__getattribute__(self, slot)
        if value is _UNSET:
            value = compute(self._event)
            object.__setattr__(self, slot, value)
        return value

    @property
    def repository(self) -> ECRRepository | None:
        """The event's repository: :meth:`ECRLookups.repository`."""
        return self._once("_repository", self._lookups.repository)  # type: ignore[no-any-return]

    @property
    def image(self) -> ECRImage | None:
        """The event's image: :meth:`ECRLookups.image`."""
        return self._once("_image", self._lookups.image)  # type: ignore[no-any-return]

    @property
    def image_details(self) -> ECRImageDetails | None:
        """The event's image metadata: :meth:`ECRLookups.image_details`."""
        return self._once("_details", self._lookups.image_details)  # type: ignore[no-any-return]

    @property
    def repositories(self) -> list[ECRRepository | None]:
        """A scan resource change's repositories:
        :meth:`ECRLookups.repositories`."""
        return self._once("_repos", self._lookups.repositories)  # type: ignore[no-any-return]

    @property
    def images(self) -> list[ECRImage]:
        """A CloudTrail event's images: :meth:`ECRLookups.images`."""
        return self._once("_images", self._lookups.images)  # type: ignore[no-any-return]

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
