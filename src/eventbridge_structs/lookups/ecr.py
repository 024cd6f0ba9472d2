# ECR's lookups: the repository and image an event names, through the
# Amazon ECR API's DescribeRepositories + ListTagsForResource, BatchGetImage
# and DescribeImages (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/),
# returned as typed Structs named after the API's shapes. This is what
# botocraft's ``event.repository`` / ``event.image`` / ``.repositories`` /
# ``.images`` offer, as a wrapper so the event Structs stay pure data.
#
# Which field of which ECR event names a repository or image is the table
# :data:`ECR_TARGETS` (one :class:`ECRTargets` per event class); clients,
# errors, the cache, ``bind`` and ``resolve`` come from ``_base``.
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

import msgspec

from .. import ecr as ecr_events
from .._envelope import EventBridgeEvent, Model
from ._base import (
    MALFORMED,
    MISS,
    BoundEvent,
    E,
    LookupFailed,
    Resolved,
    ServiceLookups,
    Spec,
    TargetTable,
    aws_errors,
    error_code,
    raise_first,
    raise_or,
    read,
)

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_ecr import ECRClient

__all__ = [
    "ECR_TARGETS",
    "MANIFEST_MEDIA_TYPES",
    "ECRBoundEvent",
    "ECRImage",
    "ECRImageDetails",
    "ECRLookupFailed",
    "ECRLookups",
    "ECRRepository",
    "ECRResolved",
    "ECRTargets",
    "EncryptionConfiguration",
    "ImageIdentifier",
    "ImageScanStatus",
    "ImageScanningConfiguration",
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

#: Error codes that blame the request's parameters (botocore's own check,
#: or AWS's), which come from events: one bad name fails a whole call.
_INVALID_INPUT = frozenset({"ParamValidationError", "InvalidParameterException"})

#: The API's limits: repository names per DescribeRepositories, image ids
#: per BatchGetImage.
_MAX_NAMES = 100
_MAX_IMAGE_IDS = 100


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


class ECRResolved(Resolved):
    """One event's row from :meth:`ECRLookups.resolve`: ``(event,
    repository, image, error)``."""

    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ("event", "repository", "image", "error")

    @property
    def repository(self) -> ECRRepository | None:
        """Its repository, or ``None`` (missing, or the event names none)."""
        return self[1]  # type: ignore[no-any-return]

    @property
    def image(self) -> ECRImage | None:
        """Its image, or ``None`` (missing, or the event has no digest)."""
        return self[2]  # type: ignore[no-any-return]


# --- Errors -------------------------------------------------------------------


class ECRLookupFailed(LookupFailed):
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
        self.registry_id = registry_id
        self.repository_name = repository_name
        self.image_digest = image_digest
        image = f" image {image_digest}" if image_digest else ""
        super().__init__(
            operation,
            region=region,
            code=code,
            reason=reason,
            resource=f"repository {repository_name!r}{image}",
            location=f"registry {registry_id}, {region}",
            error=error,
        )


#: (region, registry id, repository name)
_RepoKey = tuple[str, str, str]


def _failed(
    operation: str,
    key: _RepoKey,
    code: str,
    reason: str,
    error: Exception | None = None,
    digest: str | None = None,
) -> ECRLookupFailed:
    region, registry, name = key
    failed = ECRLookupFailed(
        operation,
        region=region,
        registry_id=registry,
        repository_name=name,
        image_digest=digest,
        code=code,
        reason=reason,
        error=error,
    )
    if error is not None:
        failed.__cause__ = error
    return failed


def _malformed(
    operation: str, key: _RepoKey, field: str, digest: str | None = None
) -> ECRLookupFailed:
    """The failure of a successful-looking answer without its result: what
    botocore makes of a body that is not the API's JSON (cut short, or a
    middlebox's page). Never read as "not found"."""
    return _failed(
        operation, key, MALFORMED, f"the response has no `{field}`", digest=digest
    )


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


# --- What each event class names: the table -------------------------------------


@dataclass(frozen=True)
class ECRTargets:
    """Which fields of an event class name its ECR repository and images.

    Each field is a :data:`~eventbridge_structs.lookups.Spec`: a dotted
    attribute path of the event (``"detail.repository_name"``) or a function
    of the event; ``None`` means events of the class never name that.

    Attributes
    ----------
    repository_name : Spec, optional
        The one repository's name (a non-string reads as "names none").
    image_digest : Spec, optional
        The one image's digest (an empty one reads as "names none").
    repository_names : Spec, optional
        The names of several repositories, for :meth:`ECRLookups.repositories`.
    image_ids : Spec, optional
        Several images of the one repository, as BatchGetImage image ids
        (``{"imageDigest": ...}`` or ``{"imageTag": ...}``), for
        :meth:`ECRLookups.images`; other items are skipped.
    registry_id : Spec
        The registry (account) of the repositories; the event's ``account``
        when it reads as empty.
    region : Spec
        Their region.
    """

    repository_name: Spec | None = None
    image_digest: Spec | None = None
    repository_names: Spec | None = None
    image_ids: Spec | None = None
    registry_id: Spec = "account"
    region: Spec = "region"


def _request_parameter(name: str) -> Spec:
    """A CloudTrail event's ``requestParameters[name]``, else ``None``."""

    def parameter(event: Any) -> Any:
        params = event.detail.requestParameters
        return params.get(name) if isinstance(params, dict) else None

    parameter.__qualname__ = f"requestParameters[{name!r}]"
    return parameter


_ONE_REPOSITORY_AND_IMAGE = ECRTargets(
    repository_name="detail.repository_name", image_digest="detail.image_digest"
)

#: Which fields of each ECR event class name its repository and images.
#: Subclasses inherit their parent's entry; another module declares its own
#: event classes with ``ECR_TARGETS.register(cls, ECRTargets(...))``.
ECR_TARGETS: TargetTable[ECRTargets] = TargetTable(
    "ECR",
    {
        ecr_events.ECRImageActionEvent: _ONE_REPOSITORY_AND_IMAGE,
        ecr_events.ECRImageScanEvent: _ONE_REPOSITORY_AND_IMAGE,
        ecr_events.ECRReferrerActionEvent: _ONE_REPOSITORY_AND_IMAGE,
        ecr_events.ECRPullThroughCacheActionEvent: _ONE_REPOSITORY_AND_IMAGE,
        ecr_events.ECRReplicationActionEvent: _ONE_REPOSITORY_AND_IMAGE,
        ecr_events.ECRScanResourceChangeEvent: ECRTargets(
            repository_names=lambda event: [
                repository.repository_name for repository in event.detail.repositories
            ],
        ),
        ecr_events.ECRAWSAPICallViaCloudTrailEvent: ECRTargets(
            repository_name=_request_parameter("repositoryName"),
            registry_id=_request_parameter("registryId"),
            image_ids=_request_parameter("imageIds"),
        ),
    },
)


def _nonempty(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _registry_and_region(
    event: EventBridgeEvent, targets: ECRTargets
) -> tuple[str, str]:
    registry = _nonempty(read(targets.registry_id, event)) or event.account
    region = read(targets.region, event)
    return registry, region if isinstance(region, str) else event.region


def _one_repository(event: EventBridgeEvent, targets: ECRTargets) -> _RepoKey | None:
    """The repository ``targets`` reads from ``event``, or ``None`` when it
    reads none.

    Raises
    ------
    TypeError
        If events of this class never name one repository.
    """
    if targets.repository_name is None:
        hint = "; use .repositories(event)" if targets.repository_names else ""
        raise TypeError(
            f"{type(event).__name__} does not name one ECR repository{hint}"
        )
    name = read(targets.repository_name, event)
    if not isinstance(name, str):
        return None
    registry, region = _registry_and_region(event, targets)
    return (region, registry, name)


def _one_digest(event: EventBridgeEvent, targets: ECRTargets) -> str | None:
    """The image digest ``targets`` reads from ``event``, or ``None``.

    Raises
    ------
    TypeError
        If events of this class never name one image.
    """
    if targets.image_digest is None:
        hint = (
            ": it may name several images; use .images(event)"
            if targets.image_ids
            else ""
        )
        raise TypeError(f"{type(event).__name__} does not name one ECR image{hint}")
    return _nonempty(read(targets.image_digest, event))


def _id_key(image_id: Mapping[str, Any]) -> tuple[str, str]:
    digest = image_id.get("imageDigest")
    if isinstance(digest, str) and digest:
        return ("digest", digest)
    return ("tag", str(image_id.get("imageTag")))


# --- The wrapper -----------------------------------------------------------------


class ECRBoundEvent(BoundEvent[E]):
    """A read-only view of an event bound to an :class:`ECRLookups`.

    Every attribute of the event reads through (``view.detail``,
    ``view.region``); the lookups are properties, each computed once per
    view (and cached by the wrapper across views). The event itself is
    :attr:`event`.
    """

    __slots__ = ()

    _lookups: ECRLookups

    @property
    def repository(self) -> ECRRepository | None:
        """The event's repository: :meth:`ECRLookups.repository`."""
        return self._once("repository", self._lookups.repository)  # type: ignore[no-any-return]

    @property
    def image(self) -> ECRImage | None:
        """The event's image: :meth:`ECRLookups.image`."""
        return self._once("image", self._lookups.image)  # type: ignore[no-any-return]

    @property
    def image_details(self) -> ECRImageDetails | None:
        """The event's image metadata: :meth:`ECRLookups.image_details`."""
        return self._once("image_details", self._lookups.image_details)  # type: ignore[no-any-return]

    @property
    def repositories(self) -> list[ECRRepository | None]:
        """A scan resource change's repositories:
        :meth:`ECRLookups.repositories`."""
        return self._once("repositories", self._lookups.repositories)  # type: ignore[no-any-return]

    @property
    def images(self) -> list[ECRImage]:
        """A CloudTrail event's images: :meth:`ECRLookups.images`."""
        return self._once("images", self._lookups.images)  # type: ignore[no-any-return]


class ECRLookups(ServiceLookups[ECRTargets, ECRResolved]):
    """Look up the ECR repository and image an event names.

    What each event class names is its entry in :attr:`targets`
    (:data:`ECR_TARGETS`). One boto3 client per region is created on first
    use from ``session``; the region of each lookup is the event's
    ``region`` and the registry its ``account`` (for CloudTrail events, the
    call's ``registryId`` when given). Results, including "not found"
    (``None``), are cached in a bounded, thread-safe LRU cache for the
    wrapper's life.

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

    service = "ecr"
    targets = ECR_TARGETS
    not_found = frozenset({"RepositoryNotFoundException", "ImageNotFoundException"})
    resolved_type = ECRResolved
    bound_type = ECRBoundEvent

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
        super().__init__(
            session,
            endpoint_url=endpoint_url,
            retry_mode=retry_mode,
            max_attempts=max_attempts,
            config=config,
            cache_size=cache_size,
        )
        self._accepted_media_types = list(accepted_media_types)

    def client(self, region: str) -> ECRClient:
        """The ECR client for ``region``, created on first use.

        Raises
        ------
        ImportError
            If boto3 is not installed.
        """
        return cast("ECRClient", self._client(region))

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
        exist, else ECRLookupFailed."""
        return self._request(
            operation,
            key[0],
            params,
            lambda code, reason, exc: _failed(
                operation, key, code, reason, exc, image_digest
            ),
        )

    # -- repositories ----------------------------------------------------

    def _fetch_repositories(
        self, region: str, registry: str, names: Sequence[str]
    ) -> dict[str, ECRRepository | LookupFailed | None]:
        """Describe ``names`` (one region and registry), with their tags."""
        raw: dict[str, Any] = {}
        results: dict[str, ECRRepository | LookupFailed | None] = {}
        errors = aws_errors()

        def failed(name: str, exc: Exception) -> LookupFailed:
            key = (region, registry, name)
            return _failed("DescribeRepositories", key, error_code(exc), str(exc), exc)

        try:
            client = self.client(region)
        except errors as exc:  # a region botocore refuses (an event's)
            return {name: failed(name, exc) for name in names}

        pending = [
            list(names[i : i + _MAX_NAMES]) for i in range(0, len(names), _MAX_NAMES)
        ]
        while pending:
            chunk = pending.pop()
            try:
                response = client.describe_repositories(
                    registryId=registry, repositoryNames=chunk
                )
            except errors as exc:
                if error_code(exc) == "RepositoryNotFoundException":
                    # One missing name fails the whole call: ask again
                    # without it.
                    pending.extend(_split_missing(chunk, str(exc)))
                    continue
                if error_code(exc) in _INVALID_INPUT and len(chunk) > 1:
                    # So does one invalid name (an event's): ask again in
                    # halves, until it fails alone.
                    middle = len(chunk) // 2
                    pending += [chunk[:middle], chunk[middle:]]
                    continue
                for name in chunk:
                    results[name] = failed(name, exc)
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
            if cached is not MISS:
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
            :meth:`repositories`), or are not in :attr:`targets`.
        LookupFailed
            If AWS fails for another reason than "not found".
        ImportError
            If boto3 is not installed.
        """
        key = _one_repository(event, self.targets_of(event))
        if key is None:
            return None
        return raise_or(self._repositories_for((key,))[key])

    def repositories(self, event: EventBridgeEvent) -> list[ECRRepository | None]:
        """The repositories an event names several of (an "ECR Scan Resource
        Change"'s), in its order; ``None`` for one that no longer exists.

        Raises
        ------
        TypeError
            If events of this type do not name several repositories.
        LookupFailed
            If AWS fails for another reason than "not found".
        """
        targets = self.targets_of(event)
        if targets.repository_names is None:
            raise TypeError(
                f"repositories() takes an event that names several repositories "
                f"(ECRScanResourceChangeEvent), not {type(event).__name__}"
            )
        registry, region = _registry_and_region(event, targets)
        names = read(targets.repository_names, event) or ()
        keys = [(region, registry, name) for name in names if isinstance(name, str)]
        found = self._repositories_for(keys)
        return [raise_or(found[key]) for key in keys]

    # -- images ----------------------------------------------------------

    def _fetch_images(
        self, key: _RepoKey, image_ids: Sequence[dict[str, str]]
    ) -> dict[tuple[str, str], ECRImage | LookupFailed | None]:
        """BatchGetImage for ``image_ids`` of one repository, 100 at a time.

        Returns a result per requested id, keyed ``("digest", d)`` or
        ``("tag", t)``.
        """
        _, registry, name = key
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
                    results[id_key] = _failed(
                        "BatchGetImage",
                        key,
                        code,
                        failure.get("failureReason") or code,
                        digest=id_key[1] if id_key[0] == "digest" else None,
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
                if cached is MISS:
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
            For a CloudTrail event (see :meth:`images`), an event type with
            no image, or one not in :attr:`targets`.
        LookupFailed
            If AWS fails for another reason than "not found".
        """
        targets = self.targets_of(event)
        digest = _one_digest(event, targets)
        key = _one_repository(event, targets)
        if digest is None or key is None:
            return None
        image_id = {"imageDigest": digest}
        found = self._images_for({key: (image_id,)})
        return raise_or(found[(key, ("digest", digest))])

    def images(self, event: EventBridgeEvent) -> list[ECRImage]:
        """The images an event names several of (an "AWS API Call via
        CloudTrail" event's ``requestParameters.repositoryName`` and
        ``imageIds``), in request order, without those that no longer exist
        or repeat one.

        Each image id is looked up by its digest when it has one, else by
        its tag (botocraft prefers the tag; a digest cannot have moved).

        Raises
        ------
        TypeError
            If events of this type do not name several images.
        LookupFailed
            If AWS fails for another reason than "not found".
        """
        targets = self.targets_of(event)
        if targets.image_ids is None:
            raise TypeError(
                f"images() takes an event that names several images "
                f"(ECRAWSAPICallViaCloudTrailEvent), not {type(event).__name__}"
            )
        key = _one_repository(event, targets)
        raw_ids = read(targets.image_ids, event)
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
            image = raise_or(found[(key, _id_key(image_id))])
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
        targets = self.targets_of(event)
        digest = _one_digest(event, targets)
        key = _one_repository(event, targets)
        if digest is None or key is None:
            return None
        cache_key = ("details", *key, digest)
        cached = self._cache.get(cache_key)
        if cached is not MISS:
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

    def _resolve_rows(
        self, events: Sequence[EventBridgeEvent], stop: bool
    ) -> list[tuple[Any, ...]]:
        targets: list[tuple[_RepoKey | None, str | None]] = []
        for event in events:
            spec = self.targets.get(type(event))
            key: _RepoKey | None = None
            digest: str | None = None
            if spec is not None and spec.repository_name is not None:
                key = _one_repository(event, spec)
                if spec.image_digest is not None:
                    digest = _one_digest(event, spec)
            targets.append((key, digest))
        repositories = self._repositories_for(k for k, _ in targets if k is not None)
        raise_first(repositories.values(), stop)
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
        raise_first(images.values(), stop)
        rows: list[tuple[Any, ...]] = []
        for key, digest in targets:
            repository = repositories[key] if key is not None else None
            image = None
            if key is not None and digest is not None:
                image = images.get((key, ("digest", digest)))
            rows.append((repository, image))
        return rows

    def resolve(
        self,
        events: Iterable[EventBridgeEvent],
        *,
        errors: Literal["raise", "return"] = "raise",
    ) -> list[ECRResolved]:
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
        list of ECRResolved
            One ``(event, repository, image, error)`` per event, in order.
        """
        return super().resolve(events, errors=errors)

    def bind(self, event: E) -> ECRBoundEvent[E]:
        """A read-only view of ``event`` with cached ``.repository``,
        ``.image``, ``.image_details``, ``.repositories`` and ``.images``
        properties, so ``lookups.bind(ev).repository`` reads like
        botocraft's ``ev.repository``."""
        return ECRBoundEvent(event, self)
