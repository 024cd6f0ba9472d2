"""Concurrency (issue 8): 8 threads sharing the decoder (and registering
types while others decode) and 8 threads sharing one ECRLookups produce
exactly what one thread produces, and the lookup cache stays bounded.

The interpreter is made to switch threads every microsecond, so that the
threads interleave inside every Python-level step."""

from __future__ import annotations

import json
import random
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import eventbridge_structs as ebs
from eventbridge_structs.delivery import Failure, read_archive, unwrap
from eventbridge_structs.lookups import ECRLookups

THREADS = 8
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DOCS = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.json"))]
COMPACT = [json.dumps(json.loads(d)).encode() for d in DOCS]
HOSTILE = [
    COMPACT[1].replace(b'"time"', b'"tim"', 1),
    COMPACT[2][:-3],
    COMPACT[3].replace(b'"region"', b'"region":7,"region"', 1),
    COMPACT[4].replace(b'"0"', b'"\xff"', 1),
    b"[" * 5000,
    b"",
]


@pytest.fixture(autouse=True)
def fast_switching() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def outcome(call: Callable[[], Any]) -> Any:
    """The result (failures as what they say), or the DecodeError's
    (reason, path, line)."""
    try:
        result = call()
    except ebs.DecodeError as exc:
        return ("DecodeError", exc.reason, exc.path, exc.line)
    if isinstance(result, list):
        return [
            (f.index, f.item_identifier, f.error.path, f.error.reason, f.offset)
            if isinstance(f, Failure)
            else f
            for f in result
        ]
    return result


def in_threads(work: Callable[[int], Any], threads: int = THREADS) -> list[Any]:
    """Run ``work(i)`` in ``threads`` threads started together; their
    results (a thread's exception is re-raised)."""
    barrier = threading.Barrier(threads)
    results: list[Any] = [None] * threads
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if errors:
        raise errors[0]
    return results


CALLS: list[Callable[[], Any]] = [
    *(lambda d=d: ebs.decode(d) for d in DOCS + HOSTILE),
    *(lambda d=d: ebs.convert(json.loads(d)) for d in COMPACT),
    lambda: ebs.decode_many(b"[" + b",".join(COMPACT) + b"]"),
    lambda: ebs.decode_lines(b"\n".join(COMPACT + HOSTILE[:4])),
    lambda: (
        unwrap(
            {
                "Records": [
                    {"messageId": str(i), "body": d.decode("utf-8", "replace")}
                    for i, d in enumerate(COMPACT + HOSTILE)
                ]
            }
        ).failures
    ),
    lambda: list(read_archive(b"\n".join(COMPACT + HOSTILE[:4]))),
]


def test_threads_sharing_the_decoder_get_what_one_thread_gets() -> None:
    expected = [outcome(call) for call in CALLS]

    def work(seed: int) -> list[tuple[int, Any]]:
        order = list(range(len(CALLS))) * 20
        random.Random(seed).shuffle(order)
        return [(i, outcome(CALLS[i])) for i in order]

    for results in in_threads(work):
        for i, got in results:
            assert got == expected[i]


class OrderPlaced(ebs.TypedEvent, tag="Order Placed"):
    """A user's event type, registered and unregistered during the test."""

    detail: dict[str, int]


def test_registering_while_other_threads_decode() -> None:
    """While one thread registers and unregisters a type, threads decoding
    never fail and never see a wrong class: ECR events stay ECR events, and
    the user's event is either its class or a GenericEvent."""
    source = f"com.example.{uuid.uuid4().hex[:8]}"
    order = json.dumps(
        {
            "version": "0",
            "id": "1",
            "detail-type": "Order Placed",
            "source": source,
            "account": "123456789012",
            "time": "2024-03-01T12:00:00Z",
            "region": "us-east-1",
            "resources": [],
            "detail": {"total": 3},
        }
    ).encode()
    expected = [ebs.decode(d) for d in DOCS]
    stop = threading.Event()

    def churn() -> int:
        flips = 0
        while not stop.is_set():
            ebs.register(OrderPlaced, source=source)
            ebs.unregister(source, "Order Placed")
            flips += 1
        return flips

    def decode(seed: int) -> set[type]:
        seen: set[type] = set()
        rng = random.Random(seed)
        for _ in range(3_000):
            i = rng.randrange(len(DOCS) + 1)
            if i == len(DOCS):
                event = ebs.decode(order)
                [again] = ebs.decode_many(b"[" + order + b"]")
                for ev in (event, again):
                    assert ev.detail == {"total": 3}
                    assert type(ev) in (OrderPlaced, ebs.GenericEvent)
                    seen.add(type(ev))
            else:
                event = ebs.decode(DOCS[i])
                assert event == expected[i] and type(event) is type(expected[i])
        return seen

    churner = threading.Thread(target=churn)
    churner.start()
    try:
        seen = set().union(*in_threads(decode))
    finally:
        stop.set()
        churner.join()
    assert (source, "Order Placed") not in ebs.registered()
    assert type(ebs.decode(order)) is ebs.GenericEvent
    assert seen == {OrderPlaced, ebs.GenericEvent}  # both states were met


# --- lookups ----------------------------------------------------------------------


def test_threads_sharing_one_ecr_lookups_get_what_one_thread_gets(
    moto_server: Any, local_ecr_module: Any
) -> None:
    sys.setswitchinterval(1e-5)  # the moto server's threads share the interpreter
    """8 threads look up 12 repositories and their images through one
    ECRLookups whose cache holds 8 results: every answer is the one a
    single thread gets, and the cache never holds more than 8."""
    events = []
    for n in range(12):
        region = ("us-east-1", "eu-west-1")[n % 2]
        name = f"c-{uuid.uuid4().hex[:10]}"
        client = moto_server.client("ecr", region)
        client.create_repository(repositoryName=name)
        manifest = local_ecr_module.make_manifest("docker", name)
        digest = local_ecr_module.push_image(client, name, manifest)
        events.append(
            ebs.convert(
                {
                    "version": "0",
                    "id": str(n),
                    "detail-type": "ECR Image Action",
                    "source": "aws.ecr",
                    "account": "123456789012",
                    "time": "2024-03-01T12:00:00Z",
                    "region": region,
                    "resources": [],
                    "detail": {
                        "action-type": "PUSH",
                        "repository-name": name,
                        "image-digest": digest,
                        "result": "SUCCESS",
                    },
                }
            )
        )
    single = ECRLookups(moto_server.session(), endpoint_url=moto_server.endpoint_url)
    expected = [(single.repository(e), single.image(e)) for e in events]
    assert all(r is not None and i is not None for r, i in expected)
    shared = ECRLookups(
        moto_server.session(), endpoint_url=moto_server.endpoint_url, cache_size=8
    )
    sizes: list[int] = []
    stop = threading.Event()

    cache = shared._cache  # the bound under test: read as the cache's users do

    def watch() -> None:
        while not stop.is_set():
            with cache._lock:
                sizes.append(len(cache._data))

    def work(seed: int) -> list[tuple[int, Any]]:
        rng = random.Random(seed)
        out = []
        for _ in range(2):
            order = list(range(len(events)))
            rng.shuffle(order)
            for i in order:
                out.append((i, (shared.repository(events[i]), shared.image(events[i]))))
            resolved = shared.resolve(events)
            out += [(i, (r.repository, r.image)) for i, r in enumerate(resolved)]
        return out

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        results = in_threads(work)
    finally:
        stop.set()
        watcher.join()
    for per_thread in results:
        for i, got in per_thread:
            assert got == expected[i]
    assert sizes and max(sizes) <= 8
    assert len(shared._cache) <= 8
