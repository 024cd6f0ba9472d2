"""ECR lookups under faults (issue 8), through tests/faultproxy.py: a real
HTTP proxy on 127.0.0.1 in front of the moto server that resets
connections, answers 500 or ``ThrottlingException``, answers slower than
the client's read timeout, or garbles a successful answer.

botocore's retries recover from transient faults; a fault that outlasts
them raises LookupFailed naming the operation and the repository; a
failure is never cached (the next lookup asks again and succeeds), a
partial result (a repository whose tags could not be read) is never
cached as complete, and in a batch a failing region costs only its own
events."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config

import eventbridge_structs as ebs
from eventbridge_structs.lookups import ECRLookups, ECRRepository, LookupFailed

from .faultproxy import (
    GARBLED,
    INTERNAL_ERROR,
    RESET,
    THROTTLED,
    Fault,
    FaultProxy,
    slow,
)

ACCOUNT = "123456789012"
REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
#: Read timeout of the clients under test, and a delay past it.
TIMEOUT = 0.5
SLOW = slow(TIMEOUT * 2.5)

#: fault -> the LookupFailed code it leaves once retries are exhausted
TRANSIENT: dict[str, tuple[Fault, str]] = {
    "reset": (RESET, "ConnectionClosedError"),
    "500": (INTERNAL_ERROR, "InternalFailure"),
    "throttled": (THROTTLED, "ThrottlingException"),
    "slow": (SLOW, "ReadTimeoutError"),
}


@pytest.fixture(scope="module")
def shared_proxy(moto_server: Any) -> Iterator[FaultProxy]:
    with FaultProxy(moto_server.endpoint_url) as proxy:
        yield proxy


@pytest.fixture
def proxy(shared_proxy: FaultProxy) -> Iterator[FaultProxy]:
    """The proxy, with no fault planned and nothing recorded."""
    shared_proxy.clear()
    yield shared_proxy
    shared_proxy.clear()


def via(proxy: FaultProxy, moto_server: Any, attempts: int, **kw: Any) -> ECRLookups:
    """ECRLookups through the proxy, with botocore's standard retries."""
    return ECRLookups(
        moto_server.session(),
        endpoint_url=proxy.endpoint_url,
        max_attempts=attempts,
        config=Config(connect_timeout=2, read_timeout=TIMEOUT),
        **kw,
    )


def repository_event(name: str, digest: str | None = None, region: str = REGION) -> Any:
    detail: dict[str, Any] = {
        "action-type": "PUSH",
        "repository-name": name,
        "result": "SUCCESS",
    }
    if digest is not None:
        detail["image-digest"] = digest
    return ebs.convert(
        {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "ECR Image Action",
            "source": "aws.ecr",
            "account": ACCOUNT,
            "time": "2024-03-01T12:00:00Z",
            "region": region,
            "resources": [],
            "detail": detail,
        }
    )


def make_image(
    moto_server: Any, local_ecr_module: Any, region: str = REGION
) -> tuple[str, str]:
    """A new repository (tagged) holding one image: (name, digest)."""
    name = f"f-{uuid.uuid4().hex[:10]}"
    client = moto_server.client("ecr", region)
    client.create_repository(repositoryName=name, tags=[{"Key": "team", "Value": "x"}])
    manifest = local_ecr_module.make_manifest("docker", name)
    return name, local_ecr_module.push_image(client, name, manifest)


def truth(moto_server: Any, event: Any) -> tuple[Any, Any]:
    """The repository and image of ``event``, looked up without the proxy."""
    direct = ECRLookups(moto_server.session(), endpoint_url=moto_server.endpoint_url)
    return direct.repository(event), direct.image(event)


@pytest.mark.parametrize("fault", TRANSIENT, ids=str)
def test_transient_faults_are_retried_until_they_recover(
    proxy: FaultProxy, moto_server: Any, local_ecr_module: Any, fault: str
) -> None:
    name, digest = make_image(moto_server, local_ecr_module)
    event = repository_event(name, digest)
    repository, image = truth(moto_server, event)
    lookups = via(proxy, moto_server, attempts=3)
    injected = TRANSIENT[fault][0]
    faults = {"DescribeRepositories": 2, "ListTagsForResource": 1, "BatchGetImage": 1}
    for operation, count in faults.items():
        proxy.fail(operation, *[injected] * count)
    assert lookups.repository(event) == repository
    assert lookups.image(event) == image
    assert repository is not None and repository.tags == {"team": "x"}
    for operation, count in faults.items():
        assert proxy.count(operation) == count + 1  # the faults, then the answer
        assert proxy.count(operation, fault=None) == 1


@pytest.mark.parametrize("fault", TRANSIENT, ids=str)
def test_lasting_faults_raise_lookup_failed_and_nothing_is_cached(
    proxy: FaultProxy, moto_server: Any, local_ecr_module: Any, fault: str
) -> None:
    name, digest = make_image(moto_server, local_ecr_module)
    event = repository_event(name, digest)
    repository, image = truth(moto_server, event)
    lookups = via(proxy, moto_server, attempts=2)
    injected, code = TRANSIENT[fault]
    with proxy.failing("*", injected):
        with pytest.raises(LookupFailed) as info:
            lookups.repository(event)
        assert (info.value.operation, info.value.code) == ("DescribeRepositories", code)
        assert (info.value.region, info.value.registry_id) == (REGION, ACCOUNT)
        assert info.value.repository_name == name
        assert info.value.__cause__ is info.value.error is not None
        with pytest.raises(LookupFailed) as info:
            lookups.image(event)
        assert (info.value.operation, info.value.image_digest) == (
            "BatchGetImage",
            digest,
        )
        assert proxy.count("DescribeRepositories") == 2  # both attempts
    proxy.clear()
    assert lookups.repository(event) == repository
    assert lookups.image(event) == image
    assert proxy.count("DescribeRepositories", fault=None) == 1  # asked again


def test_a_repository_whose_tags_failed_is_not_cached_without_them(
    proxy: FaultProxy, moto_server: Any, local_ecr_module: Any
) -> None:
    name, digest = make_image(moto_server, local_ecr_module)
    event = repository_event(name, digest)
    repository, _ = truth(moto_server, event)
    lookups = via(proxy, moto_server, attempts=2)
    with proxy.failing("ListTagsForResource", INTERNAL_ERROR):
        with pytest.raises(LookupFailed) as info:
            lookups.repository(event)
        assert info.value.operation == "ListTagsForResource"
        [resolved] = lookups.resolve([event], errors="return")
        assert resolved.repository is None and resolved.image is None
        assert isinstance(resolved.error, LookupFailed)
    proxy.clear()
    found = lookups.repository(event)
    assert found == repository and isinstance(found, ECRRepository)
    assert found.tags == {"team": "x"}
    assert proxy.count("DescribeRepositories") == 1  # asked again, whole


def test_a_garbled_answer_is_a_lookup_failed_never_not_found(
    proxy: FaultProxy, moto_server: Any, local_ecr_module: Any
) -> None:
    """botocore turns a 200 whose body is not the API's JSON into an empty
    answer; that is a failure, not "the repository or image is gone"."""
    name, digest = make_image(moto_server, local_ecr_module)
    event = repository_event(name, digest)
    lookups = via(proxy, moto_server, attempts=2)
    with proxy.failing("*", GARBLED):
        for lookup in (lookups.repository, lookups.image, lookups.image_details):
            with pytest.raises(LookupFailed) as info:
                lookup(event)
            assert info.value.code == "MalformedResponse"
    proxy.clear()
    assert (lookups.repository(event), lookups.image(event)) == truth(
        moto_server, event
    )
    details = lookups.image_details(event)
    assert details is not None and details.image_digest == digest


def test_a_failing_region_costs_a_batch_only_its_own_events(
    proxy: FaultProxy, moto_server: Any, local_ecr_module: Any
) -> None:
    """resolve over two regions while one keeps failing: every event of
    the healthy region is resolved (and cached), every event of the failing
    one carries its LookupFailed; nothing is lost, and a second resolve
    after the fault asks only for what failed."""
    good = [make_image(moto_server, local_ecr_module) for _ in range(3)]
    bad = [make_image(moto_server, local_ecr_module, OTHER_REGION) for _ in range(2)]
    events = [repository_event(n, d) for n, d in good]
    events += [repository_event(n, d, OTHER_REGION) for n, d in bad]
    events.insert(2, repository_event("no-such-repository", "sha256:" + "0" * 64))
    expected = [truth(moto_server, e) for e in events]
    lookups = via(proxy, moto_server, attempts=2)
    with proxy.failing("*", THROTTLED, region=OTHER_REGION):
        with pytest.raises(LookupFailed):
            lookups.resolve(events)
        resolved = lookups.resolve(events, errors="return")
    assert [r.event for r in resolved] == events
    for r, (repository, image) in zip(resolved, expected, strict=True):
        if r.event.region == OTHER_REGION:
            assert isinstance(r.error, LookupFailed)
            assert r.error.code == "ThrottlingException"
            assert (r.repository, r.image) == (None, None)
        else:
            assert r.error is None
            assert (r.repository, r.image) == (repository, image)
    proxy.clear()
    again = lookups.resolve(events, errors="return")
    assert [(r.repository, r.image, r.error) for r in again] == [
        (repository, image, None) for repository, image in expected
    ]
    # Only the failed region is asked again; the rest came from the cache.
    assert {h.region for h in proxy.handled} == {OTHER_REGION}


# --- hostile events: one bad event costs only itself -----------------------------


def test_an_event_with_an_invalid_repository_name_costs_only_itself(
    moto_server: Any, local_ecr_module: Any
) -> None:
    """botocore refuses a one-letter repository name before sending
    anything; the names batched with it in one DescribeRepositories call
    must still be looked up."""
    good = [make_image(moto_server, local_ecr_module) for _ in range(3)]
    events = [repository_event(n, d) for n, d in good]
    events.insert(1, repository_event("x"))
    expected = [
        truth(moto_server, e) for e in events if e.detail.repository_name != "x"
    ]
    lookups = ECRLookups(moto_server.session(), endpoint_url=moto_server.endpoint_url)
    resolved = lookups.resolve(events, errors="return")
    bad = resolved.pop(1)
    assert isinstance(bad.error, LookupFailed)
    assert bad.error.code == "ParamValidationError"
    assert bad.error.repository_name == "x"
    assert [(r.repository, r.image, r.error) for r in resolved] == [
        (repository, image, None) for repository, image in expected
    ]
    with pytest.raises(LookupFailed):
        lookups.repository(events[1])


def test_an_event_with_an_invalid_region_costs_only_itself(
    moto_server: Any, local_ecr_module: Any
) -> None:
    """An event's region becomes a client's region; one botocore refuses is
    that event's LookupFailed, not an exception that loses the batch."""
    name, digest = make_image(moto_server, local_ecr_module)
    good = repository_event(name, digest)
    hostile = repository_event(name, digest, region="us-east-1.evil.example#")
    lookups = ECRLookups(moto_server.session(), endpoint_url=moto_server.endpoint_url)
    first, second = lookups.resolve([good, hostile], errors="return")
    assert (first.repository, first.image, first.error) == (
        *truth(moto_server, good),
        None,
    )
    assert isinstance(second.error, LookupFailed)
    assert second.error.code == "InvalidRegionError"
    for lookup in (lookups.repository, lookups.image, lookups.image_details):
        with pytest.raises(LookupFailed) as info:
            lookup(hostile)
        assert info.value.region == "us-east-1.evil.example#"


# --- ECS and ACM (issue 13): the same faults through Lookups ---------------------


@pytest.fixture(scope="module")
def ecs_world(moto_server: Any, local_aws_module: Any) -> Any:
    return local_aws_module.create_ecs(moto_server, tasks_per_cluster=2)


def lookups_via(proxy: FaultProxy, moto_server: Any, attempts: int) -> Any:
    from eventbridge_structs.lookups import Lookups

    return Lookups(
        moto_server.session(),
        endpoint_url=proxy.endpoint_url,
        max_attempts=attempts,
        config=Config(connect_timeout=2, read_timeout=TIMEOUT),
    )


def ecs_and_acm_events(
    moto_server: Any, local_aws_module: Any, world: Any
) -> tuple[Any, Any]:
    cluster = world.clusters[0]
    task, definition = world.tasks[cluster][0]
    task_event = ebs.convert(
        local_aws_module.task_event(cluster, task, definition, REGION)
    )
    arn = local_aws_module.create_certificate(moto_server)
    return task_event, ebs.convert(local_aws_module.acm_event(arn, REGION))


@pytest.mark.parametrize("fault", TRANSIENT, ids=str)
def test_ecs_and_acm_recover_from_transient_faults(
    proxy: FaultProxy,
    moto_server: Any,
    local_aws_module: Any,
    ecs_world: Any,
    fault: str,
) -> None:
    task_event, acm_event = ecs_and_acm_events(moto_server, local_aws_module, ecs_world)
    lookups = lookups_via(proxy, moto_server, attempts=3)
    injected = TRANSIENT[fault][0]
    faults = {"DescribeTasks": 2, "DescribeTaskDefinition": 1, "DescribeCertificate": 2}
    for operation, count in faults.items():
        proxy.fail(operation, *[injected] * count)
    view = lookups.bind(task_event)
    assert view.task.taskArn == task_event.detail.taskArn
    assert view.task_definition.taskDefinitionArn == task_event.detail.taskDefinitionArn
    assert lookups.bind(acm_event).certificate.tags == {"team": "web"}
    for operation, count in faults.items():
        assert proxy.count(operation) == count + 1
        assert proxy.count(operation, fault=None) == 1


@pytest.mark.parametrize("fault", [*TRANSIENT, "garbled"], ids=str)
def test_ecs_and_acm_lasting_faults_raise_and_are_not_cached(
    proxy: FaultProxy,
    moto_server: Any,
    local_aws_module: Any,
    ecs_world: Any,
    fault: str,
) -> None:
    task_event, acm_event = ecs_and_acm_events(moto_server, local_aws_module, ecs_world)
    lookups = lookups_via(proxy, moto_server, attempts=2)
    injected, code = (
        (GARBLED, "MalformedResponse") if fault == "garbled" else TRANSIENT[fault]
    )
    with proxy.failing("*", injected):
        with pytest.raises(LookupFailed) as info:
            lookups.bind(task_event).task  # noqa: B018
        assert (info.value.operation, info.value.code) == ("DescribeTasks", code)
        assert info.value.region == REGION and info.value.account == ACCOUNT
        assert task_event.detail.taskArn in str(info.value)
        with pytest.raises(LookupFailed) as info:
            lookups.bind(acm_event).certificate  # noqa: B018
        assert (info.value.operation, info.value.code) == ("DescribeCertificate", code)
        rows = lookups.resolve([task_event, acm_event], errors="return")
        assert all(isinstance(row.error, LookupFailed) for row in rows)
    proxy.clear()
    assert lookups.bind(task_event).task.taskArn == task_event.detail.taskArn
    assert lookups.bind(acm_event).certificate is not None
    assert proxy.count("DescribeTasks", fault=None) == 1  # asked again
