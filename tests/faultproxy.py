"""A fault-injecting HTTP proxy on 127.0.0.1, in front of the moto server,
for testing ECR lookups under the faults a real AWS endpoint shows: reset
connections, 500s, ``ThrottlingException``, responses slower than the
client's read timeout, and garbled successful responses.

boto3 talks to the proxy (``endpoint_url=proxy.endpoint_url``); the proxy
forwards every request to the upstream endpoint unless a fault is planned
for it. Faults are planned per API operation (the ``X-Amz-Target`` header's
last part, ``"DescribeRepositories"``) and, optionally, per region (from the
SigV4 credential scope), either for the next N requests or for every
request until cleared. Every request is recorded with the fault it got.
"""

from __future__ import annotations

import http.client
import json
import socket
import struct
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = [
    "GARBLED",
    "INTERNAL_ERROR",
    "RESET",
    "THROTTLED",
    "Fault",
    "FaultProxy",
    "Handled",
    "slow",
]


@dataclass(frozen=True)
class Fault:
    """What the proxy does instead of (or before) forwarding a request.

    Attributes
    ----------
    name : str
        A label for the records (``"reset"``, ``"500"``...).
    reset : bool
        Close the connection with a TCP reset, answering nothing.
    status : int
        Answer with this HTTP status and ``body`` (0: forward).
    body : bytes
    delay : float
        Seconds to wait before answering (then forward, if ``status`` is 0).
    """

    name: str
    reset: bool = False
    status: int = 0
    body: bytes = b""
    delay: float = 0.0


def _aws_error(code: str, message: str) -> bytes:
    return json.dumps({"__type": code, "message": message}).encode()


#: The connection is reset before any response.
RESET = Fault("reset", reset=True)
#: HTTP 500, as AWS answers an internal failure (botocore retries it).
INTERNAL_ERROR = Fault(
    "500", status=500, body=_aws_error("InternalFailure", "injected internal failure")
)
#: HTTP 400 ``ThrottlingException`` (botocore retries it, with backoff).
THROTTLED = Fault(
    "throttled", status=400, body=_aws_error("ThrottlingException", "Rate exceeded")
)
#: HTTP 200 whose JSON body is cut short.
GARBLED = Fault("garbled", status=200, body=b'{"repositories": [{"repositoryArn": "ar')


def slow(seconds: float) -> Fault:
    """Forward the request, but only after ``seconds``."""
    return Fault(f"slow {seconds}s", delay=seconds)


@dataclass
class Handled:
    """One request the proxy received."""

    operation: str
    region: str
    fault: str | None  # None when forwarded untouched


@dataclass
class _Plan:
    faults: list[Fault] = field(default_factory=list)  # the next requests' faults
    always: Fault | None = None


def _operation(headers: Any) -> str:
    return str(headers.get("X-Amz-Target", "")).rpartition(".")[2]


def _region(headers: Any) -> str:
    auth = str(headers.get("Authorization", ""))
    if "Credential=" not in auth:
        return ""
    scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
    return scope[2] if len(scope) >= 4 else ""


class FaultProxy:
    """A reverse proxy to ``upstream`` on a free port of 127.0.0.1.

    Use as a context manager. Plan faults with :meth:`fail` (the next
    requests) or :meth:`failing` (every request, within a block).

    Attributes
    ----------
    handled : list of Handled
        Every request received, in order.
    """

    def __init__(self, upstream: str) -> None:
        parsed = urllib.parse.urlsplit(upstream)
        self._upstream = (parsed.hostname or "127.0.0.1", parsed.port or 80)
        self._lock = threading.Lock()
        self._plans: dict[tuple[str, str], _Plan] = {}
        self.handled: list[Handled] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- planning ------------------------------------------------------------

    def fail(self, operation: str, *faults: Fault, region: str = "*") -> None:
        """Answer the next ``len(faults)`` requests of ``operation`` (``"*"``
        for any) in ``region`` (``"*"`` for any) with ``faults``, in order."""
        with self._lock:
            self._plans.setdefault((operation, region), _Plan()).faults.extend(faults)

    @contextmanager
    def failing(
        self, operation: str, fault: Fault, *, region: str = "*"
    ) -> Iterator[None]:
        """Within the block, answer every request of ``operation`` in
        ``region`` with ``fault``."""
        with self._lock:
            self._plans.setdefault((operation, region), _Plan()).always = fault
        try:
            yield
        finally:
            with self._lock:
                self._plans[(operation, region)].always = None

    def clear(self) -> None:
        """Forget every planned fault and every record."""
        with self._lock:
            self._plans.clear()
            self.handled.clear()

    def count(self, operation: str | None = None, *, fault: str | None = "") -> int:
        """Requests received (of ``operation``; with ``fault`` given, only
        those that got that fault, ``None`` meaning forwarded untouched)."""
        with self._lock:
            return sum(
                1
                for h in self.handled
                if (operation is None or h.operation == operation)
                and (fault == "" or h.fault == fault)
            )

    def _next_fault(self, operation: str, region: str) -> Fault | None:
        with self._lock:
            for key in (
                (operation, region),
                (operation, "*"),
                ("*", region),
                ("*", "*"),
            ):
                plan = self._plans.get(key)
                if plan is None:
                    continue
                if plan.faults:
                    return plan.faults.pop(0)
                if plan.always is not None:
                    return plan.always
            return None

    def _record(self, operation: str, region: str, fault: Fault | None) -> None:
        with self._lock:
            self.handled.append(Handled(operation, region, fault and fault.name))

    # -- lifecycle -------------------------------------------------------------

    def __enter__(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                proxy._handle(self)

            do_GET = do_PUT = do_DELETE = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fault-proxy", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def endpoint_url(self) -> str:
        """The proxy's URL, to give boto3 as ``endpoint_url``."""
        assert self._server is not None, "enter the proxy first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- one request ------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        operation, region = _operation(handler.headers), _region(handler.headers)
        fault = self._next_fault(operation, region)
        self._record(operation, region, fault)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.reset:
            # SO_LINGER with a zero timeout: close() sends RST, not FIN.
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            handler.close_connection = True
            handler.connection.close()
            return
        if fault is not None and fault.status:
            self._respond(handler, fault.status, fault.body, [])
            return
        upstream = http.client.HTTPConnection(*self._upstream, timeout=30)
        try:
            headers = {k: v for k, v in handler.headers.items() if k.lower() != "host"}
            headers["Host"] = "{}:{}".format(*self._upstream)
            upstream.request(handler.command, handler.path, body, headers)
            response = upstream.getresponse()
            data = response.read()
            passed = [
                (k, v)
                for k, v in response.getheaders()
                if k.lower()
                not in ("content-length", "connection", "transfer-encoding")
            ]
            self._respond(handler, response.status, data, passed)
        finally:
            upstream.close()

    @staticmethod
    def _respond(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: list[tuple[str, str]],
    ) -> None:
        try:
            handler.send_response(status)
            if not any(k.lower() == "content-type" for k, _ in headers):
                handler.send_header("Content-Type", "application/x-amz-json-1.1")
            for key, value in headers:
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a read timeout): nothing to answer
