# Cold import time: each import statement timed in a fresh interpreter
# (bytecode already cached, interpreter start-up excluded; CPU time of the
# process, median wall-clock time recorded too), repeated and interleaved,
# and a record of which heavy packages each import pulled in. Each run also
# records the whole process's CPU time (start-up included). Subjects with a
# setup time only their statement, after the setup (the first decode of a
# type whose module is not loaded yet, loading every module).
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from statistics import median
from typing import Any

__all__ = ["HEAVY", "SUBJECTS", "Subject", "measure"]

#: Packages eventbridge-structs must not import.
HEAVY = ("boto3", "botocore", "pydantic")


@dataclass(frozen=True)
class Subject:
    """One import to time: a name, the statement, and whether it is
    informational only (not part of the comparison)."""

    name: str
    statement: str
    extra: bool = False
    setup: str = ""
    baseline: bool = False  # runs over the --baseline commit's source


_FIRST_EVENT = (
    b'{"version":"0","id":"1","detail-type":"ECR Pull Through Cache Action",'
    b'"source":"aws.ecr","account":"123456789012","time":"2024-03-01T12:00:00Z",'
    b'"region":"us-east-1","resources":[],"detail":{"sync-status":"SUCCESS",'
    b'"ecr-repository-prefix":"p","repository-name":"p/r",'
    b'"upstream-registry-url":"public.ecr.aws"}}'
)

_FIRST_ECS = (
    b'{"version":"0","id":"2","detail-type":"ECS Task State Change",'
    b'"source":"aws.ecs","account":"123456789012","time":"2024-03-01T12:00:00Z",'
    b'"region":"us-east-1","resources":[],"detail":{"overrides":{},'
    b'"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/c/1",'
    b'"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/c",'
    b'"createdAt":"2024-03-01T12:00:00Z","updatedAt":"2024-03-01T12:00:00Z",'
    b'"version":1,"desiredStatus":"RUNNING","lastStatus":"RUNNING",'
    b'"launchType":"FARGATE","taskDefinitionArn":'
    b'"arn:aws:ecs:us-east-1:123456789012:task-definition/t:1"}}'
)

SUBJECTS: tuple[Subject, ...] = (
    Subject("eventbridge_structs", "import eventbridge_structs"),
    Subject("msgspec", "import msgspec"),
    Subject("pydantic", "from pydantic import BaseModel"),
    Subject("botocraft.eventbridge", "import botocraft.eventbridge"),
    Subject(
        "Powertools parser",
        "from aws_lambda_powertools.utilities.parser import parse",
    ),
    Subject(
        "eventbridge_structs + first decode",
        f"import eventbridge_structs; eventbridge_structs.decode({_FIRST_EVENT!r})",
        extra=True,
    ),
    Subject(
        "first decode of a type whose module is not loaded (ECS)",
        f"eventbridge_structs.decode({_FIRST_ECS!r})",
        extra=True,
        setup="import eventbridge_structs",
    ),
    Subject(
        "loading every built-in event module",
        "eventbridge_structs.registered()",
        extra=True,
        setup="import eventbridge_structs",
    ),
)

#: The --baseline commit's import, when there is one.
BASELINE_SUBJECT = Subject(
    "eventbridge_structs (before)",
    "import eventbridge_structs",
    extra=True,
    baseline=True,
)

_SNIPPET = """\
import sys
{path}
{setup}
import time
_c0, _w0 = time.process_time(), time.perf_counter()
{statement}
_c1, _w1 = time.process_time(), time.perf_counter()
import json
print(json.dumps({{"cpu": _c1 - _c0, "wall": _w1 - _w0, "process": _c1,
                  "heavy": [m for m in {heavy!r} if m in sys.modules]}}))
"""


def _once(subject: Subject, baseline: dict[str, str]) -> dict[str, Any]:
    path = ""
    if subject.baseline:
        path = f"sys.path.insert(0, {baseline['EBS_BENCH_BASELINE_SRC']!r})"
    snippet = _SNIPPET.format(
        path=path, setup=subject.setup, statement=subject.statement, heavy=HEAVY
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", snippet],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{subject.statement!r} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(
    repeats: int,
    subjects: tuple[Subject, ...] = SUBJECTS,
    baseline: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Median cold import time (CPU time of the importing process, as for
    the other cases) of each subject over ``repeats`` fresh processes, after
    one untimed run each (which also writes bytecode).

    Returns
    -------
    dict
        ``{name: {"statement", "ms", "samples_ms", "wall_ms",
        "process_cpu_ms", "heavy", "extra"}}``; ``process_cpu_ms`` is the
        whole process's CPU time, interpreter start-up included;
        ``heavy`` lists the packages of :data:`HEAVY` found imported.
    """
    baseline = dict(baseline or {})
    if baseline:
        subjects = (*subjects, BASELINE_SUBJECT)
    heavy: dict[str, set[str]] = {s.name: set() for s in subjects}
    process: dict[str, list[float]] = {s.name: [] for s in subjects}
    samples: dict[str, list[float]] = {s.name: [] for s in subjects}
    wall: dict[str, list[float]] = {s.name: [] for s in subjects}
    for subject in subjects:
        heavy[subject.name].update(_once(subject, baseline)["heavy"])
    for round_ in range(repeats):
        shift = round_ % len(subjects)
        for subject in subjects[shift:] + subjects[:shift]:
            run = _once(subject, baseline)
            samples[subject.name].append(run["cpu"] * 1e3)
            process[subject.name].append(run["process"] * 1e3)
            wall[subject.name].append(run["wall"] * 1e3)
            heavy[subject.name].update(run["heavy"])
    return {
        s.name: {
            "statement": s.statement,
            "ms": median(samples[s.name]),
            "samples_ms": samples[s.name],
            "wall_ms": median(wall[s.name]),
            "process_cpu_ms": median(process[s.name]),
            "heavy": sorted(heavy[s.name]),
            "extra": s.extra,
        }
        for s in subjects
    }
