"""Lookups benchmark (issue 13): ``Lookups.resolve`` of 1,000 ECS task state
change events naming 1,000 distinct tasks (200 in each of 5 clusters) and 10
task definitions, against moto's server on 127.0.0.1, with the requests
counted at the server; then botocraft 0.36.0's ``cluster`` / ``task`` /
``task_definition`` properties on the same events through the same endpoint
(its session's clients reach it through ``AWS_ENDPOINT_URL``).

``--properties`` also tries every AWS-calling property botocraft 0.36.0
documents, once each, on an event naming resources that exist, and prints
what it does: its value's type, or the error it raises, and the requests it
made (the table in MIGRATING.md).

Run: ``.venv/bin/python benchmarks/lookups_bench.py [--botocraft-events N]
[--properties] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))

import _local_aws as aws  # noqa: E402
from _local_ecr import LocalECR  # noqa: E402

import eventbridge_structs as ebs  # noqa: E402
from eventbridge_structs.lookups import Lookups  # noqa: E402

REGION = "us-west-2"
OPERATIONS = ("DescribeClusters", "DescribeTasks", "DescribeTaskDefinition")


def ours(server: LocalECR, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Decode and resolve the events with a fresh Lookups: wall time and the
    requests by operation; then again (cached)."""
    events = [ebs.convert(doc) for doc in docs]
    lookups = Lookups(server.session(), endpoint_url=server.endpoint_url)
    since = server.mark()
    start = time.perf_counter()
    results = lookups.resolve(events)
    wall = time.perf_counter() - start
    assert all(r.error is None and r.values["task"] is not None for r in results)
    counts = {op: server.count(op, since=since) for op in OPERATIONS}
    counts["total"] = server.count(since=since)
    since = server.mark()
    start = time.perf_counter()
    lookups.resolve(events)
    cached = time.perf_counter() - start
    return {
        "events": len(events),
        "wall_s": round(wall, 4),
        "requests": counts,
        "cached_wall_s": round(cached, 4),
        "cached_requests": server.count(since=since),
    }


def _botocraft_factory(
    server: LocalECR, default_region: str | None, region: str = REGION
) -> Any:
    """botocraft's EventFactory with a session of ``REGION`` whose clients
    reach the server (``AWS_ENDPOINT_URL``). botocraft 0.36.0 also makes a
    client of boto3's *default* session (``Model.objects``) before it uses
    the event's session: that needs ``AWS_DEFAULT_REGION`` (set in Lambda as
    ``AWS_REGION``), here ``default_region`` (None: unset)."""
    os.environ["AWS_ENDPOINT_URL"] = server.endpoint_url
    if default_region is None:
        os.environ.pop("AWS_DEFAULT_REGION", None)
    else:
        os.environ["AWS_DEFAULT_REGION"] = default_region
    import boto3

    boto3.DEFAULT_SESSION = None
    from botocraft.eventbridge.factory import EventFactory

    # botocraft calls in its session's region, not the event's.
    return EventFactory(server.session(region))


def try_property(server: LocalECR, event: Any, name: str) -> dict[str, Any]:
    """What botocraft's ``event.<name>`` does: value type or error, and the
    requests it made."""
    since = server.mark()
    start = time.perf_counter()
    try:
        value = getattr(event, name)
    except Exception as exc:  # report whatever botocraft raises
        outcome = f"raises {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    else:
        if isinstance(value, list):
            kinds = sorted({type(v).__name__ for v in value})
            outcome = f"works: list of {len(value)} {'/'.join(kinds)}"
        else:
            outcome = f"works: {type(value).__name__}"
    return {
        "property": name,
        "outcome": outcome,
        "requests": server.count(since=since),
        "operations": sorted(set(server.operations(since))),
        "wall_s": round(time.perf_counter() - start, 4),
    }


def botocraft_cost(
    server: LocalECR,
    docs: list[dict[str, Any]],
    limit: int,
    default_region: str | None = REGION,
) -> dict[str, Any]:
    """botocraft's cluster, task and task_definition on the first ``limit``
    events: per property, whether it works, its requests and wall time."""
    factory = _botocraft_factory(server, default_region)
    events = [factory.new(json.dumps(doc)) for doc in docs[:limit]]
    report: dict[str, Any] = {"events": len(events), "default_region": default_region}
    for name in ("cluster", "task", "task_definition"):
        since = server.mark()
        start = time.perf_counter()
        errors: dict[str, int] = {}
        for event in events:
            try:
                getattr(event, name)
            except Exception as exc:
                key = f"{type(exc).__name__}: {str(exc).splitlines()[0][:100]}"
                errors[key] = errors.get(key, 0) + 1
        report[name] = {
            "wall_s": round(time.perf_counter() - start, 4),
            "requests": server.count(since=since),
            "errors": errors,
        }
    return report


def every_property(
    server: LocalECR, default_region: str | None
) -> list[dict[str, Any]]:
    """Each AWS-calling property botocraft 0.36.0 documents, once, on an
    event naming resources that exist (us-east-1)."""
    region = "us-east-1"
    world = aws.create_ecs(server, region=region, clusters=1, tasks_per_cluster=2)
    cluster = world.clusters[0]
    (task, definition), (task2, _) = world.tasks[cluster]
    instance = world.instances[cluster]
    service = world.services[cluster]
    rows = [
        {
            "taskArn": task,
            "clusterArn": cluster,
            "taskDefinitionArn": definition,
            "containerInstanceArn": instance,
        }
    ]
    name, execution = aws.create_pipeline(server, region)
    lbs = aws.create_load_balancers(server, 1, region)
    cases: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
        (
            "ECSTaskStateChangeEvent",
            aws.task_event(
                cluster, task, definition, region, container_instance=instance
            ),
            ("cluster", "task", "task_definition", "container_instance"),
        ),
        (
            "ECSServiceActionEvent",
            aws.service_action_event(
                cluster, [service], region, tasks=[task, task2], instances=[instance]
            ),
            ("cluster", "tasks", "container_instances", "services"),
        ),
        (
            "ECSContainerInstanceStateChangeEvent",
            aws.instance_event(cluster, instance, region),
            ("cluster", "container_instance"),
        ),
        (
            "ECSServiceDeploymentStateChangeEvent",
            aws.deployment_event(service, region),
            ("cluster", "service"),
        ),
        (
            "ECSAWSAPICallViaCloudTrailEvent",
            aws.ecs_cloudtrail_event(rows, region),
            ("clusters", "task_definitions", "tasks", "container_instances"),
        ),
        (
            "ACMCertificateApproachingExpirationEvent",
            aws.acm_event(aws.create_certificate(server, region), region),
            ("certificate",),
        ),
        (
            "CodePipelinePipelineExecutionStateChangeEvent",
            aws.codepipeline_event(name, execution, region),
            ("pipeline", "pipeline_execution"),
        ),
        (
            "ElastiCacheCacheUpdatedEvent (cache-cluster)",
            aws.cache_event(
                aws.create_cache_cluster(server, region), "cache-cluster", region
            ),
            ("cache_cluster",),
        ),
        (
            "ElastiCacheCacheUpdatedEvent (replication-group)",
            aws.cache_event(
                aws.create_replication_group(server, region),
                "replication-group",
                region,
            ),
            ("replication_group",),
        ),
        (
            "Elbv2AWSAPICallViaCloudTrailEvent",
            aws.elbv2_event(lbs[0], region),
            ("load_balancer",),
        ),
        (
            "OpenSearchAutoTuneNotificationEvent",
            aws.opensearch_event(aws.create_domain(server, region), region),
            ("domain",),
        ),
        (
            "ElasticsearchAutoTuneNotificationEvent",
            aws.opensearch_event(
                aws.create_domain(server, region, legacy=True), region, legacy=True
            ),
            ("domain",),
        ),
    ]
    factory = _botocraft_factory(server, default_region, region)
    found = []
    for label, doc, names in cases:
        event = factory.new(json.dumps(doc))
        for prop in names:
            found.append({"event": label, **try_property(server, event, prop)})
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--botocraft-events", type=int, default=1000)
    parser.add_argument("--properties", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with LocalECR() as server:
        print(
            "creating 5 clusters x 200 tasks, 10 task definitions...", file=sys.stderr
        )
        world = aws.create_ecs(
            server, region=REGION, clusters=5, definitions=10, tasks_per_cluster=200
        )
        docs = [
            aws.task_event(cluster, task, definition, REGION)
            for cluster in world.clusters
            for task, definition in world.tasks[cluster]
        ]
        report: dict[str, Any] = {"lookups": ours(server, docs)}
        report["botocraft"] = botocraft_cost(server, docs, args.botocraft_events)
        report["botocraft_no_default_region"] = botocraft_cost(
            server, docs, 10, default_region=None
        )
        if args.properties:
            report["botocraft_properties"] = every_property(server, "us-east-1")
            report["botocraft_properties_no_default_region"] = every_property(
                server, None
            )
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    mine = report["lookups"]
    print(
        f"Lookups.resolve: {mine['events']} events in {mine['wall_s']:.3f} s, "
        f"requests {mine['requests']}; again (cached): {mine['cached_wall_s']:.4f} s, "
        f"{mine['cached_requests']} requests"
    )
    for key in ("botocraft", "botocraft_no_default_region"):
        theirs = report[key]
        print(f"botocraft, AWS_DEFAULT_REGION={theirs['default_region']}:")
        for name in ("cluster", "task", "task_definition"):
            row = theirs[name]
            print(
                f"  .{name} on {theirs['events']} events: {row['wall_s']:.3f} s, "
                f"{row['requests']} requests, errors {row['errors'] or 'none'}"
            )
    for key in ("botocraft_properties", "botocraft_properties_no_default_region"):
        if key in report:
            print(f"{key}:")
        for row in report.get(key, ()):
            print(
                f"  {row['event']}.{row['property']}: {row['outcome']} "
                f"({row['requests']} requests: {', '.join(row['operations']) or '-'})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
