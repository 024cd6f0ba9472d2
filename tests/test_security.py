"""What SECURITY.md promises (issue 8): credentials never appear in errors
or logs. A lookup made with a session built from explicit secret
credentials fails (an unreachable endpoint, throttling through the fault
proxy, a handler failing inside process_batch); the secret key and the
session token are in no exception's str, repr or formatted traceback
(chained causes included), and in no log record, with botocore's loggers
at INFO (botocore's own DEBUG output prints the session token in its
canonical request: SECURITY.md says to keep it off in production)."""

from __future__ import annotations

import json
import logging
import socket
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

import eventbridge_structs as ebs
from eventbridge_structs.delivery import process_batch
from eventbridge_structs.lookups import ECRLookups, LookupFailed

from .faultproxy import THROTTLED, FaultProxy

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SECRET = "Secret" + uuid.uuid4().hex
TOKEN = "Token" + uuid.uuid4().hex


class Capture(logging.Handler):
    """Every record, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))


@pytest.fixture
def logs() -> Iterator[Capture]:
    """All records of every logger at DEBUG, botocore's at INFO."""
    capture = Capture()
    root, botocore = logging.getLogger(), logging.getLogger("botocore")
    levels = root.level, botocore.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    botocore.setLevel(logging.INFO)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(levels[0])
        botocore.setLevel(levels[1])


def session() -> boto3.Session:
    return boto3.Session(
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key=SECRET,
        aws_session_token=TOKEN,
        region_name="us-east-1",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def texts_of(exc: BaseException) -> list[str]:
    """What an exception may show: str, repr and the formatted traceback
    of it and of everything chained to it."""
    out = ["".join(traceback.format_exception(exc))]
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        out += [str(e), repr(e), repr(e.args)]
        stack += [e.__cause__, e.__context__, getattr(e, "error", None)]
    return out


def assert_clean(texts: list[str]) -> None:
    for text in texts:
        assert SECRET not in text
        assert TOKEN not in text


PUSH = (EXAMPLES / "image-action-push.json").read_bytes()


def event() -> Any:
    return ebs.decode(PUSH)


def test_an_unreachable_endpoint(logs: Capture) -> None:
    lookups = ECRLookups(
        session(), endpoint_url=f"http://127.0.0.1:{free_port()}", max_attempts=2
    )
    with pytest.raises(LookupFailed) as info:
        lookups.repository(event())
    assert info.value.code == "EndpointConnectionError"
    assert_clean(texts_of(info.value))
    assert_clean([repr(lookups), repr(lookups.bind(event()))])
    assert_clean(logs.texts)
    assert logs.texts  # urllib3 and botocore did log


def test_a_throttled_endpoint_and_a_failing_batch_handler(
    moto_server: Any, logs: Capture
) -> None:
    with FaultProxy(moto_server.endpoint_url) as proxy:
        lookups = ECRLookups(session(), endpoint_url=proxy.endpoint_url, max_attempts=2)
        with proxy.failing("*", THROTTLED):
            with pytest.raises(LookupFailed) as info:
                lookups.image(event())
            assert info.value.code == "ThrottlingException"
            [resolved] = lookups.resolve([event()], errors="return")
            body = json.dumps(
                json.loads((EXAMPLES / "image-action-push.json").read_text())
            )
            payload = {"Records": [{"messageId": "m1", "body": body}]}
            response = process_batch(payload, lookups.repository)
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert resolved.error is not None
    assert_clean(texts_of(info.value) + texts_of(resolved.error))
    assert any("handler failed" in text for text in logs.texts)  # with its traceback
    assert_clean(logs.texts)
