"""The ``make demo`` job: decode every bundled example event and print a
readable summary of each, then look up the ECR repositories and images the
events name against an embedded local AWS endpoint (moto), and resolve one
ECS task event to its task and task definition.

Run it with ``make demo`` (which installs what it needs) or
``python examples/demo.py`` inside the project's virtualenv.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

import eventbridge_structs as ebs

HERE = Path(__file__).resolve().parent


def _fields(struct: Any) -> dict[str, Any]:
    """The fields of a Struct (or a plain dict) that are set, by Python name."""
    if isinstance(struct, dict):
        return struct
    return {
        name: getattr(struct, name)
        for name in struct.__struct_fields__
        if getattr(struct, name) not in (None, [], {})
    }


def summarize(name: str, event: ebs.EventBridgeEvent) -> str:
    """Return a few lines describing ``event``, read from file ``name``."""
    lines = [
        f"{name}",
        f"  {type(event).__name__}: {event.source} / {event.detail_type!r}",
        f"  {event.time.isoformat()}  {event.region}  account {event.account}",
    ]
    for key, value in _fields(event.detail).items():
        if isinstance(value, msgspec.Struct):
            value = _fields(value)
        elif isinstance(value, list) and value and isinstance(value[0], msgspec.Struct):
            value = [_fields(v) for v in value]
        text = value.isoformat() if isinstance(value, datetime) else repr(value)
        lines.append(f"    {key} = {text if len(text) <= 100 else text[:97] + '...'}")
    return "\n".join(lines)


def load_examples() -> list[tuple[str, ebs.EventBridgeEvent]]:
    """Decode every ``examples/*.json`` file, in name order."""
    return [
        (path.name, ebs.decode(path.read_bytes()))
        for path in sorted(HERE.glob("*.json"))
    ]


def main() -> int:
    """Decode and print the examples; return the exit status."""
    events = load_examples()
    print(f"Decoded {len(events)} example events:\n")
    for name, event in events:
        print(summarize(name, event), end="\n\n")
    lookup_examples(events)
    return 0


# --- Lookups: each event's ECR repository and image ----------------------------


def describe_lookups(name: str, view: Any) -> list[str]:
    """Lines describing what ``ECRLookups(...).bind(event)`` finds."""
    from eventbridge_structs import ecr

    lines = [name]
    if view.source != "aws.ecr":
        return [*lines, "  not an ECR event: nothing to look up"]

    def repo_line(repo: Any, label: str = "repository") -> str:
        if repo is None:
            return f"  {label}: not found"
        tags = ", ".join(f"{k}={v}" for k, v in repo.tags.items())
        return f"  {label}: {repo.repository_uri}  [{tags}]"

    def image_line(image: Any) -> str:
        kind = "index" if image.is_index else "manifest"
        return f"  image: {image.digest[:27]}...  {image.media_type} ({kind})"

    if isinstance(view.event, ecr.ECRScanResourceChangeEvent):
        lines += [repo_line(r, "repositories[]") for r in view.repositories]
    elif isinstance(view.event, ecr.ECRAWSAPICallViaCloudTrailEvent):
        lines.append(repo_line(view.repository))
        lines += [image_line(image) for image in view.images] or ["  images: none"]
    else:
        lines.append(repo_line(view.repository))
        lines.append(image_line(view.image) if view.image else "  image: none")
    return lines


def lookup_examples(events: list[tuple[str, ebs.EventBridgeEvent]]) -> None:
    """Start an embedded ECR endpoint (moto, on 127.0.0.1), create what the
    examples name, and look each event's repository and image up through
    ``ECRLookups(...).bind(event)``; then resolve them all in one batch."""
    from _local_ecr import LocalECR, populate

    from eventbridge_structs.lookups import ECRLookups

    with LocalECR() as server:
        made = populate(server, (event for _, event in events))
        print(f"Local ECR endpoint {server.endpoint_url} (moto), with:")
        print("\n".join(f"  {line}" for line in made), end="\n\n")

        lookups = ECRLookups(server.session(), endpoint_url=server.endpoint_url)
        since = server.mark()
        print("Lookups through ECRLookups(session).bind(event):\n")
        for name, event in events:
            print("\n".join(describe_lookups(name, lookups.bind(event))), end="\n\n")
        print(f"{server.count(since=since)} requests for {len(events)} events.")

        fresh = ECRLookups(server.session(), endpoint_url=server.endpoint_url)
        since = server.mark()
        resolved = fresh.resolve(event for _, event in events)
        found = sum(r.repository is not None for r in resolved)
        ops = ", ".join(
            f"{server.count(op, since=since)} {op}"
            for op in ("DescribeRepositories", "ListTagsForResource", "BatchGetImage")
        )
        print(f"resolve(): {found}/{len(resolved)} repositories with {ops}")
        print("  (one DescribeRepositories per region and registry).")
        since = server.mark()
        fresh.resolve(event for _, event in events)
        print(f"resolve() again: {server.count(since=since)} requests (cached).")
        ecs_example(server)


# --- Lookups: an ECS task event's task and task definition ------------------------


def ecs_example(server: Any) -> None:
    """Create a cluster, a task definition and a task on the local endpoint,
    and resolve an "ECS Task State Change" naming them through
    ``Lookups(...)``: its task and task definition."""
    from _local_aws import create_ecs, task_event

    from eventbridge_structs.lookups import Lookups

    world = create_ecs(server, clusters=1, definitions=1, tasks_per_cluster=1)
    cluster = world.clusters[0]
    task, definition = world.tasks[cluster][0]
    event = ebs.convert(task_event(cluster, task, definition, world.region))
    print("\nLookups(session).resolve([ECS Task State Change]):\n")
    lookups = Lookups(server.session(), endpoint_url=server.endpoint_url)
    since = server.mark()
    [found] = lookups.resolve([event])
    task_found = found.values["task"]
    definition_found = found.values["task_definition"]
    print(f"  task: {task_found.taskArn}")
    print(f"    lastStatus={task_found.lastStatus} launchType={task_found.launchType}")
    print(f"  task_definition: {definition_found.family}:{definition_found.revision}")
    for container in definition_found.containerDefinitions:
        print(f"    container {container.name}: {container.image}")
    print(f"  cluster: {found.values['cluster'].clusterName}")
    ops = ", ".join(server.operations(since))
    print(f"  {server.count(since=since)} requests: {ops}")


if __name__ == "__main__":
    sys.exit(main())
