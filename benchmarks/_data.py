# The benchmark inputs: realistic Amazon ECR events of all seven types
# (shaped like the examples in the ECR EventBridge guide,
# https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html),
# plus an application's own events that nothing registers (the generic
# path), generated deterministically from a seed and written once to a
# directory that every library's worker process reads, so all libraries see
# byte-identical input. The bulk files (100,000 events as NDJSON, as
# concatenated JSON and as a JSON array) are read only by the workers whose
# adapter has a bulk case, when it is first timed.
from __future__ import annotations

import hashlib
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import Any

__all__ = ["Bulk", "Inputs", "Sizes", "generate", "load"]

SEED = 20240229
ACCOUNT = "123456789012"
_EPOCH = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2")
_REPOS = ("docker-hub/alpine", "docker-hub/python", "ecr-public/nginx", "k8s/pause")
_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
_OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


@dataclass(frozen=True)
class Sizes:
    """How many events each case uses."""

    ndjson: int = 10_000
    mixed: int = 7 * 200
    sqs: int = 10
    memory: int = 100_000
    catalogue: int = 10  # copies of each of botocraft's 64 types
    registry: int = 2  # copies of every built-in type
    mixed8: int = 8 * 175  # ECR events with 1 in 8 of an unregistered type
    bulk: int = 100_000  # the archive files and the bulk list builds


class _Gen:
    """A seeded source of ids, digests and timestamps."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = 0

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def digest(self) -> str:
        self.n += 1
        return "sha256:" + hashlib.sha256(f"image-{self.n}".encode()).hexdigest()

    def time(self) -> str:
        moment = _EPOCH + timedelta(seconds=self.rng.randrange(0, 90 * 86400))
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def envelope(self, detail_type: str, resources: list[str], region: str) -> dict:
        # The key order EventBridge delivers: detail last.
        return {
            "version": "0",
            "id": self.uuid(),
            "detail-type": detail_type,
            "source": "aws.ecr",
            "account": ACCOUNT,
            "time": self.time(),
            "region": region,
            "resources": resources,
        }

    def repo(self) -> tuple[str, str, str]:
        region = self.rng.choice(_REGIONS)
        name = self.rng.choice(_REPOS)
        arn = f"arn:aws:ecr:{region}:{ACCOUNT}:repository/{name}"
        return region, name, arn

    # --- one generator per ECR event type -----------------------------------

    def pull_through_cache(self) -> dict:
        region, name, arn = self.repo()
        event = self.envelope("ECR Pull Through Cache Action", [arn], region)
        event["detail"] = {
            "rule-version": "1",
            "sync-status": "SUCCESS",
            "ecr-repository-prefix": name.split("/")[0],
            "repository-name": name,
            "upstream-registry-url": "public.ecr.aws",
            "image-tag": f"3.{self.rng.randrange(10, 20)}.{self.rng.randrange(10)}",
            "image-digest": self.digest(),
        }
        return event

    def image_action(self) -> dict:
        region, name, arn = self.repo()
        event = self.envelope("ECR Image Action", [arn], region)
        event["detail"] = {
            "result": "SUCCESS",
            "repository-name": name,
            "image-digest": self.digest(),
            "action-type": self.rng.choice(("PUSH", "DELETE")),
            "image-tag": "latest",
            "manifest-media-type": _MANIFEST,
        }
        return event

    def image_scan(self) -> dict:
        region, name, arn = self.repo()
        event = self.envelope("ECR Image Scan", [arn], region)
        event["detail"] = {
            "scan-status": "COMPLETE",
            "repository-name": name,
            "finding-severity-counts": {
                "CRITICAL": self.rng.randrange(5),
                "HIGH": self.rng.randrange(20),
                "MEDIUM": self.rng.randrange(50),
            },
            "image-digest": self.digest(),
            "image-tags": ["latest", f"v{self.rng.randrange(100)}"],
        }
        return event

    def referrer_action(self) -> dict:
        region, name, _ = self.repo()
        subject = self.digest()
        event = self.envelope("ECR Referrer Action", [], region)
        event["detail"] = {
            "action-type": "PUSH",
            "repository-name": name,
            "image-digest": self.digest(),
            "image-tag": subject.replace(":", "-") + ".sig",
            "manifest-media-type": _OCI_MANIFEST,
            "artifact-media-type": "application/vnd.cncf.notary.signature",
            "result": "SUCCESS",
        }
        return event

    def replication_action(self) -> dict:
        region, name, arn = self.repo()
        event = self.envelope("ECR Replication Action", [arn], region)
        event["detail"] = {
            "result": "SUCCESS",
            "repository-name": name,
            "image-digest": self.digest(),
            "source-account": "210987654321",
            "action-type": "REPLICATE",
            "source-region": self.rng.choice(_REGIONS),
            "image-tag": "3.17.2",
        }
        return event

    def scan_resource_change(self) -> dict:
        region, _, _ = self.repo()
        event = self.envelope("ECR Scan Resource Change", [], region)
        repositories = []
        for index in range(2):
            name = f"repository-{self.rng.randrange(1000)}-{index}"
            arn = f"arn:aws:ecr:{region}:{ACCOUNT}:repository/{name}"
            repositories.append(
                {
                    "repository-name": name,
                    "repository-arn": arn,
                    "scan-frequency": "CONTINUOUS_SCAN",
                    "previous-scan-frequency": "MANUAL",
                }
            )
        event["detail"] = {
            "action-type": "SCAN_FREQUENCY_CHANGE",
            "repositories": repositories,
            "resource-type": "REPOSITORY",
            "scan-type": "ENHANCED",
        }
        return event

    def cloudtrail(self) -> dict:
        region, name, arn = self.repo()
        event = self.envelope("AWS API Call via CloudTrail", [], region)
        event["detail"] = {
            "eventVersion": "1.08",
            "userIdentity": {
                "type": "AssumedRole",
                "principalId": "AROAEXAMPLEID:deploy",
                "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/deploy",
                "accountId": ACCOUNT,
            },
            "eventTime": self.time(),
            "eventSource": "ecr.amazonaws.com",
            "eventName": "BatchGetImage",
            "awsRegion": region,
            "sourceIPAddress": f"203.0.113.{self.rng.randrange(1, 255)}",
            "userAgent": "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux",
            "requestParameters": {
                "registryId": ACCOUNT,
                "repositoryName": name,
                "imageIds": [{"imageTag": "latest"}],
            },
            "responseElements": None,
            "requestID": self.uuid(),
            "eventID": self.uuid(),
            "readOnly": True,
            "resources": [{"accountId": ACCOUNT, "ARN": arn}],
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": ACCOUNT,
            "eventCategory": "Management",
        }
        return event

    # --- an application's own events, registered by nobody --------------------

    def _app_envelope(self, source: str, detail_type: str) -> dict:
        region = self.rng.choice(_REGIONS)
        event = self.envelope(detail_type, [], region)
        event["source"] = source
        return event

    def order_placed(self) -> dict:
        event = self._app_envelope("com.example.orders", "Order Placed")
        items = [
            {
                "sku": f"SKU-{self.rng.randrange(10_000, 99_999)}",
                "quantity": self.rng.randrange(1, 5),
                "price-cents": self.rng.randrange(199, 9_999),
            }
            for _ in range(2)
        ]
        event["detail"] = {
            "order-id": self.uuid(),
            "customer-id": f"cust-{self.rng.randrange(100_000)}",
            "channel": self.rng.choice(("web", "mobile", "store")),
            "currency": "USD",
            "total-cents": sum(i["quantity"] * i["price-cents"] for i in items),
            "items": items,
            "gift": False,
        }
        return event

    def order_shipped(self) -> dict:
        event = self._app_envelope("com.example.orders", "Order Shipped")
        event["detail"] = {
            "order-id": self.uuid(),
            "carrier": self.rng.choice(("UPS", "DHL", "USPS")),
            "tracking-number": f"1Z{self.rng.getrandbits(60):016X}",
            "shipped-at": self.time(),
            "address": {"city": "Seattle", "country": "US", "postcode": "98109"},
            "parcels": self.rng.randrange(1, 4),
        }
        return event

    def invoice_paid(self) -> dict:
        event = self._app_envelope("com.example.billing", "Invoice Paid")
        event["detail"] = {
            "invoice-id": f"inv-{self.rng.randrange(10**8):08d}",
            "customer-id": f"cust-{self.rng.randrange(100_000)}",
            "amount-cents": self.rng.randrange(1_000, 500_000),
            "currency": "EUR",
            "method": {"type": "card", "brand": "visa", "last4": "4242"},
            "paid-at": self.time(),
            "lines": [{"description": "Pro plan", "amount-cents": 4_900}],
        }
        return event

    def unregistered(self) -> dict:
        return self.rng.choice(
            (self.order_placed, self.order_shipped, self.invoice_paid)
        )()

    def all_types(self) -> list[dict]:
        return [
            self.image_action(),
            self.image_scan(),
            self.referrer_action(),
            self.pull_through_cache(),
            self.replication_action(),
            self.scan_resource_change(),
            self.cloudtrail(),
        ]

    def sqs_record(self, body: str) -> dict:
        sent = 1709294400000 + self.rng.randrange(10_000_000)
        return {
            "messageId": self.uuid(),
            "receiptHandle": "AQEB" + hashlib.sha256(body.encode()).hexdigest() * 4,
            "body": body,
            "attributes": {
                "ApproximateReceiveCount": "1",
                "SentTimestamp": str(sent),
                "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": str(sent + 12),
            },
            "messageAttributes": {},
            "md5OfBody": hashlib.md5(body.encode()).hexdigest(),
            "eventSource": "aws:sqs",
            "eventSourceARN": f"arn:aws:sqs:us-east-1:{ACCOUNT}:ecr-events",
            "awsRegion": "us-east-1",
        }


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


class Bulk:
    """The bulk inputs: ``count`` pull through cache events as an NDJSON
    file, as JSON objects concatenated with no delimiter (what Firehose
    writes to S3) and as a JSON array; each read on first use."""

    def __init__(self, directory: Path) -> None:
        self.ndjson_path = directory / "bulk.ndjson"
        self.concat_path = directory / "bulk.concat.json"
        self.array_path = directory / "bulk.array.json"

    @cached_property
    def ndjson(self) -> bytes:
        """The NDJSON file's content."""
        return self.ndjson_path.read_bytes()

    @cached_property
    def array(self) -> bytes:
        """The JSON array's content."""
        return self.array_path.read_bytes()

    @cached_property
    def records(self) -> list[bytes]:
        """The records, split in advance (what a streaming floor loops over)."""
        return self.ndjson.splitlines()

    @cached_property
    def count(self) -> int:
        return self.ndjson.count(b"\n")


@dataclass(frozen=True)
class Inputs:
    """The inputs of every case, as the workers read them.

    Attributes
    ----------
    single : bytes
        One "ECR Pull Through Cache Action" event.
    ndjson : bytes
        Pull through cache events, one per line.
    mixed : list of bytes
        Events of all seven ECR types, interleaved.
    sqs : dict
        A Lambda SQS event of 10 records whose bodies are EventBridge events
        (what an EventBridge rule with an SQS target delivers).
    memory : list of bytes
        Distinct pull through cache events for the memory case.
    catalogue : list of bytes
        Events of botocraft's 64 types (AWS's samples where they decode),
        shuffled; see ``_catalogue.py``.
    registry : list of bytes
        The same for every built-in type.
    unregistered : bytes
        One "Order Placed" event of ``com.example.orders``, a type nobody
        registers (decoded as a ``GenericEvent``).
    mixed8 : list of bytes
        ECR events of all seven types with, one in eight, an application's
        event of an unregistered type, interleaved.
    bulk : Bulk
        The bulk files (archives, bulk list builds), read on first use.
    """

    single: bytes
    ndjson: bytes
    mixed: list[bytes]
    sqs: dict
    memory: list[bytes]
    catalogue: list[bytes]
    registry: list[bytes]
    unregistered: bytes = b""
    mixed8: list[bytes] = field(default_factory=list)
    bulk: Bulk | None = None


def generate(directory: Path, sizes: Sizes) -> None:
    """Write the inputs to ``directory`` (deterministic for a given ``sizes``)."""
    gen = _Gen(SEED)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "single.json").write_bytes(_dump(gen.pull_through_cache()))
    lines = [_dump(gen.pull_through_cache()) for _ in range(sizes.ndjson)]
    (directory / "events.ndjson").write_bytes(b"\n".join(lines) + b"\n")
    mixed: list[dict] = []
    while len(mixed) < sizes.mixed:
        mixed.extend(gen.all_types())
    gen.rng.shuffle(mixed)
    (directory / "mixed.ndjson").write_bytes(
        b"\n".join(_dump(e) for e in mixed[: sizes.mixed]) + b"\n"
    )
    records = [
        gen.sqs_record(_dump(gen.pull_through_cache()).decode())
        for _ in range(sizes.sqs)
    ]
    (directory / "sqs.json").write_bytes(_dump({"Records": records}))
    with open(directory / "memory.ndjson", "wb") as out:
        for _ in range(sizes.memory):
            out.write(_dump(gen.pull_through_cache()) + b"\n")
    from ._catalogue import catalogue_events

    (directory / "catalogue.ndjson").write_bytes(
        b"\n".join(catalogue_events(sizes.catalogue)) + b"\n"
    )
    (directory / "registry.ndjson").write_bytes(
        b"\n".join(catalogue_events(sizes.registry, every=True)) + b"\n"
    )
    # A generator of its own, so the inputs above stay what they were.
    app = _Gen(SEED + 8)
    (directory / "unregistered.json").write_bytes(_dump(app.order_placed()))
    mixed8: list[dict] = []
    while len(mixed8) < sizes.mixed8:
        mixed8.extend(app.all_types())
        mixed8.append(app.unregistered())
    # Shuffled in blocks of eight, so every stretch of the stream has its
    # one unregistered event.
    stream = []
    for start in range(0, len(mixed8), 8):
        block = mixed8[start : start + 8]
        app.rng.shuffle(block)
        stream.extend(block)
    (directory / "mixed8.ndjson").write_bytes(
        b"\n".join(_dump(e) for e in stream[: sizes.mixed8]) + b"\n"
    )
    bulk = [_dump(app.pull_through_cache()) for _ in range(sizes.bulk)]
    (directory / "bulk.ndjson").write_bytes(b"\n".join(bulk) + b"\n")
    (directory / "bulk.concat.json").write_bytes(b"".join(bulk))
    (directory / "bulk.array.json").write_bytes(b"[" + b",".join(bulk) + b"]")


def load(directory: Path, *, memory: bool = False) -> Inputs:
    """Read the inputs written by :func:`generate`.

    The memory case's events are only read when ``memory`` is true.
    """
    mem = (directory / "memory.ndjson").read_bytes().splitlines() if memory else []
    return Inputs(
        single=(directory / "single.json").read_bytes(),
        ndjson=(directory / "events.ndjson").read_bytes(),
        mixed=(directory / "mixed.ndjson").read_bytes().splitlines(),
        sqs=json.loads((directory / "sqs.json").read_bytes()),
        memory=mem,
        catalogue=(directory / "catalogue.ndjson").read_bytes().splitlines(),
        registry=(directory / "registry.ndjson").read_bytes().splitlines(),
        unregistered=(directory / "unregistered.json").read_bytes(),
        mixed8=(directory / "mixed8.ndjson").read_bytes().splitlines(),
        bulk=Bulk(directory),
    )
