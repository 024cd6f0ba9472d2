# A local Amazon ECR endpoint for the demo and the tests: moto's server app
# (moto 5, ``moto.server``) under werkzeug's threaded HTTP server on
# 127.0.0.1, on a free port, wrapped in a small WSGI middleware that records
# each request's operation (the ``X-Amz-Target`` header of the JSON
# protocols, the ``Action`` of the query protocols, the REST route of
# OpenSearch's, by botocore's service model) and region (the SigV4
# credential scope), so request counts can be
# checked at the server. Plus builders for real image manifests (Docker v2
# schema 2, Docker manifest list, OCI image manifest, OCI image index) and a
# helper that pushes them with their true sha256 digests.
#
# Needs boto3 and moto[server] (the ``demo`` and ``test`` dependency groups).
from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import boto3
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

__all__ = [
    "MEDIA_TYPES",
    "LocalECR",
    "Recorded",
    "digest_of",
    "make_manifest",
    "push_image",
]

#: Credentials the local endpoint accepts (moto maps them to account
#: 123456789012, the account of the bundled example events).
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

#: Manifest kind -> its media type.
MEDIA_TYPES = {
    "docker": "application/vnd.docker.distribution.manifest.v2+json",
    "docker-list": "application/vnd.docker.distribution.manifest.list.v2+json",
    "oci": "application/vnd.oci.image.manifest.v1+json",
    "oci-index": "application/vnd.oci.image.index.v1+json",
}


class Recorded(NamedTuple):
    """One request the endpoint received."""

    operation: str  # "DescribeRepositories": X-Amz-Target, Action or REST route
    region: str  # from the SigV4 credential scope; "" when unsigned
    service: str  # "ecr", "iam"...
    body: bytes


def _scope(environ: dict[str, Any]) -> tuple[str, str]:
    """(region, service) of a SigV4-signed request."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if "Credential=" not in auth:
        return "", ""
    scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
    return (scope[2], scope[3]) if len(scope) >= 4 else ("", "")


#: Signing name -> the botocore services whose REST operations it signs.
_REST_SERVICES = {"es": ("opensearch", "es")}


@functools.cache
def _rest_routes(signing_name: str) -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(HTTP method, path pattern, operation) of each REST operation that
    ``signing_name`` signs, from botocore's service models."""
    import botocore.session

    session = botocore.session.get_session()
    routes = []
    for service in _REST_SERVICES.get(signing_name, (signing_name,)):
        try:
            model = session.get_service_model(service)
        except Exception:
            continue
        for name in model.operation_names:
            http = model.operation_model(name).http
            path = http.get("requestUri", "/").split("?", 1)[0]
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
            routes.append((http.get("method", "POST"), re.compile(pattern + "$"), name))
    return tuple(routes)


def _operation(environ: dict[str, Any], body: bytes, service: str) -> str:
    """The API operation of a request: the ``X-Amz-Target`` header's last
    part (JSON protocols), the ``Action`` parameter (query protocols), else
    the REST route botocore's model gives its method and path."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        return str(target.rpartition(".")[2])
    if body.startswith(b"Action=") or b"&Action=" in body:
        action = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("Action")
        return action[0] if action else ""
    if not service:
        return ""
    method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
    for route_method, pattern, name in _rest_routes(service):
        if route_method == method and pattern.match(path):
            return name
    return ""


class _QuietHandler(MotoRequestHandler):
    """moto's request handler, without a log line per request."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class LocalECR:
    """A moto server on 127.0.0.1 that records the requests it serves.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.

    Attributes
    ----------
    requests : list of Recorded
        Every request received, in order.
    endpoint_url : str
        ``http://127.0.0.1:<port>``.
    """

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._faults: dict[str, tuple[int, str]] = {}
        self._clients: dict[tuple[str, str], Any] = {}
        self._app = DomainDispatcherApplication(create_backend_app)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- the WSGI middleware ---------------------------------------------

    def _wsgi(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = _Body(body)
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        region, service = _scope(environ)
        operation = _operation(environ, body, service)
        with self._lock:
            self.requests.append(Recorded(operation, region, service, body))
            fault = self._faults.get(region) if target else None
        if fault is not None:
            status, code = fault
            payload = json.dumps({"__type": code, "message": f"injected {code}"})
            start_response(
                f"{status} Error",
                [
                    ("Content-Type", "application/x-amz-json-1.1"),
                    ("Content-Length", str(len(payload))),
                ],
            )
            return [payload.encode()]
        return self._app(environ, start_response)  # type: ignore[no-any-return]

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> LocalECR:
        """Start serving on a free port of 127.0.0.1."""
        self._server = make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="local-ecr", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and wait for the server thread."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> LocalECR:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def endpoint_url(self) -> str:
        """The endpoint's URL."""
        assert self._server is not None, "start() the server first"
        return f"http://127.0.0.1:{self._server.server_port}"

    # -- clients ---------------------------------------------------------

    def session(self, region: str = "us-east-1") -> boto3.Session:
        """A boto3 session with credentials the endpoint accepts."""
        return boto3.Session(
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=region,
        )

    def client(self, service: str = "ecr", region: str = "us-east-1") -> Any:
        """A boto3 client of ``service`` talking to this endpoint (one per
        service and region, reused)."""
        with self._lock:
            client = self._clients.get((service, region))
            if client is None:
                session: Any = self.session(region)
                client = session.client(service, endpoint_url=self.endpoint_url)
                self._clients[(service, region)] = client
            return client

    # -- counting, resetting, faults ---------------------------------------

    def mark(self) -> int:
        """The number of requests so far, to count from with :meth:`count`."""
        with self._lock:
            return len(self.requests)

    def count(
        self, operation: str | None = None, *, since: int = 0, region: str | None = None
    ) -> int:
        """How many requests (of ``operation``, in ``region``) were received
        after the :meth:`mark` ``since``."""
        with self._lock:
            recent = self.requests[since:]
        return sum(
            1
            for r in recent
            if (operation is None or r.operation == operation)
            and (region is None or r.region == region)
        )

    def operations(self, since: int = 0) -> list[str]:
        """The operations received after the mark ``since``, in order."""
        with self._lock:
            return [r.operation for r in self.requests[since:]]

    def _post(self, path: str, data: bytes = b"") -> bytes:
        request = urllib.request.Request(
            self.endpoint_url + path,
            data=data,
            method="POST",
            headers={"Content-Type": "application/octet-stream"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return bytes(response.read())

    def reset(self) -> None:
        """Forget every resource (moto's ``/moto-api/reset``)."""
        self._post("/moto-api/reset")

    @contextmanager
    def enforce_iam(self) -> Iterator[None]:
        """Within the block, moto checks every request's signature and IAM
        permissions (``/moto-api/reset-auth``), as AWS does."""
        self._post("/moto-api/reset-auth", b"0")
        try:
            yield
        finally:
            self._post("/moto-api/reset-auth", b"inf")

    @contextmanager
    def failing(
        self, region: str, code: str = "ThrottlingException", status: int = 400
    ) -> Iterator[None]:
        """Within the block, answer every API call signed for ``region`` with
        the AWS error ``code`` instead of passing it to moto: how a throttled
        or failing AWS endpoint answers, for checking retries and errors."""
        with self._lock:
            self._faults[region] = (status, code)
        try:
            yield
        finally:
            with self._lock:
                self._faults.pop(region, None)


class _Body:
    """A re-readable request body for the WSGI app after the middleware."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._pos + size
        chunk = self._data[self._pos : end]
        self._pos += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        newline = self._data.find(b"\n", self._pos)
        end = len(self._data) if newline < 0 else newline + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        chunk = self._data[self._pos : end]
        self._pos += len(chunk)
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


# --- Manifests --------------------------------------------------------------


def _blob_digest(*parts: object) -> str:
    return "sha256:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def make_manifest(kind: str, seed: object = 0) -> str:
    """A real manifest of ``kind`` (a key of :data:`MEDIA_TYPES`), made
    distinct by ``seed``, as the JSON text a registry stores."""
    media_type = MEDIA_TYPES[kind]
    if kind in ("docker", "oci"):
        config_type, layer_type = {
            "docker": (
                "application/vnd.docker.container.image.v1+json",
                "application/vnd.docker.image.rootfs.diff.tar.gzip",
            ),
            "oci": (
                "application/vnd.oci.image.config.v1+json",
                "application/vnd.oci.image.layer.v1.tar+gzip",
            ),
        }[kind]
        document: dict[str, Any] = {
            "schemaVersion": 2,
            "mediaType": media_type,
            "config": {
                "mediaType": config_type,
                "size": 1470,
                "digest": _blob_digest("config", kind, seed),
            },
            "layers": [
                {
                    "mediaType": layer_type,
                    "size": 3_370_628 + n,
                    "digest": _blob_digest("layer", kind, seed, n),
                }
                for n in range(2)
            ],
        }
    else:
        child = MEDIA_TYPES["docker" if kind == "docker-list" else "oci"]
        document = {
            "schemaVersion": 2,
            "mediaType": media_type,
            "manifests": [
                {
                    "mediaType": child,
                    "size": 528,
                    "digest": _blob_digest("platform", kind, seed, arch),
                    "platform": {"architecture": arch, "os": "linux"},
                }
                for arch in ("amd64", "arm64")
            ],
        }
    return json.dumps(document, indent=3)


def digest_of(manifest: str) -> str:
    """The digest of a manifest: the sha256 of its bytes."""
    return "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()


def push_image(
    client: Any,
    repository: str,
    manifest: str,
    *,
    tag: str | None = None,
    digest: str | None = None,
) -> str:
    """PutImage ``manifest`` into ``repository``; return its digest (the
    manifest's own unless ``digest`` is given)."""
    digest = digest or digest_of(manifest)
    params: dict[str, Any] = {
        "repositoryName": repository,
        "imageManifest": manifest,
        "imageManifestMediaType": json.loads(manifest)["mediaType"],
        "imageDigest": digest,
    }
    if tag is not None:
        params["imageTag"] = tag
    client.put_image(**params)
    return digest


# --- Populating from events -------------------------------------------------


def manifest_for_digest(digest: str, media_type: str) -> str:
    """A manifest of ``media_type`` standing for the image ``digest``.

    An event names an image by digest without its manifest, so the demo
    stores a manifest made from the digest; moto keeps the digest it is given
    (ECR itself would check that it is the manifest's sha256).
    """
    kind = next((k for k, v in MEDIA_TYPES.items() if v == media_type), "docker")
    return make_manifest(kind, digest)


def populate(server: LocalECR, events: Iterable[Any]) -> list[str]:
    """Create the repositories and images that ECR ``events`` name, in each
    event's region; return what was made, one line each."""
    made: list[str] = []
    repositories: set[tuple[str, str]] = set()
    images: dict[tuple[str, str, str], set[str | None]] = {}

    def repository(region: str, name: str) -> None:
        if (region, name) in repositories:
            return
        repositories.add((region, name))
        server.client("ecr", region).create_repository(
            repositoryName=name,
            imageScanningConfiguration={"scanOnPush": True},
            tags=[{"Key": "env", "Value": "demo"}, {"Key": "region", "Value": region}],
        )
        made.append(f"repository {name} ({region})")

    def image(
        region: str, name: str, digest: str, tag: str | None, media_type: str | None
    ) -> None:
        tags = images.setdefault((region, name, digest), set())
        if tag in tags or (tag is None and tags):
            return
        tags.add(tag)
        manifest = manifest_for_digest(digest, media_type or MEDIA_TYPES["docker"])
        client = server.client("ecr", region)
        push_image(client, name, manifest, tag=tag, digest=digest)
        label = f"tag {tag}" if tag else "untagged"
        made.append(f"image {name}@{digest[:19]}... {label} ({region})")

    for event in events:
        if getattr(event, "source", None) != "aws.ecr":
            continue
        detail, region = event.detail, event.region
        params = getattr(detail, "requestParameters", None)
        if isinstance(params, dict) and isinstance(params.get("repositoryName"), str):
            name = params["repositoryName"]
            repository(region, name)
            for n, image_id in enumerate(params.get("imageIds") or ()):
                digest = image_id.get("imageDigest") or digest_of(f"{name}:{n}")
                image(region, name, digest, image_id.get("imageTag"), None)
        for repo in getattr(detail, "repositories", None) or ():
            repository(region, repo.repository_name)
        name = getattr(detail, "repository_name", None)
        if isinstance(name, str):
            repository(region, name)
            digest = getattr(detail, "image_digest", None)
            if digest:
                tags = getattr(detail, "image_tags", None) or [
                    getattr(detail, "image_tag", None)
                ]
                media_type = getattr(detail, "manifest_media_type", None)
                for tag in tags:
                    image(region, name, digest, tag, media_type)
    return made
