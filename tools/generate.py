"""Generate the event modules and the catalogue from ``specs/`` (``make generate``).

Reads the botocraft export (``specs/botocraft-<version>/``, written by
``tools/export_botocraft.py``) and the EventBridge schema registry's AWS
events (``specs/aws-service-spec-<version>/``, written by
``tools/vendor_service_spec.py``), and writes, through
:mod:`eventbridge_structs.codegen` and :mod:`eventbridge_structs._codegen`:

- one module per botocraft service (``src/eventbridge_structs/<module>.py``,
  botocraft's module names);
- one module per source for every registry event botocraft does not model
  (``src/eventbridge_structs/aws/<source>.py``: ``aws.network-firewall`` ->
  ``eventbridge_structs.aws.network_firewall``), by the lenient rules, each
  field also taking the JSON types AWS's own sample events
  (``tests/fixtures/samples``) send where the registry says otherwise;
- ``src/eventbridge_structs/_catalogue.py``.

``--check`` writes nothing and exits 1 when a file is stale.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventbridge_structs._codegen import (  # noqa: E402
    EventSpec,
    ModuleSpec,
    generate_catalogue,
    render,
)
from eventbridge_structs.codegen import events_of  # noqa: E402

PACKAGE = ROOT / "src" / "eventbridge_structs"
BOTOCRAFT = "botocraft-0.36.0"
SPECS = ROOT / "specs" / BOTOCRAFT
ORIGIN = f"specs/{BOTOCRAFT}/ (botocraft 0.36.0's documented models)"
SERVICE_SPEC = "aws-service-spec-0.1.216"
REGISTRY = ROOT / "specs" / SERVICE_SPEC
REGISTRY_ORIGIN = (
    f"specs/{SERVICE_SPEC}/ (the EventBridge schema registry's AWS events, "
    "from @aws-cdk/aws-service-spec 0.1.216, Apache-2.0)"
)
REGISTRY_DOCS = "https://docs.aws.amazon.com/eventbridge/latest/ref/events.html"


SAMPLES = ROOT / "tests" / "fixtures" / "samples"


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _accepts(schema: dict, kind: str) -> bool:
    if not schema or kind == "null":  # any value; optional anyway
        return True
    if "anyOf" in schema:
        return any(_accepts(member, kind) for member in schema["anyOf"])
    if "$ref" in schema:
        return kind == "object"
    declared = schema.get("type")
    return declared == kind or (declared == "integer" and kind == "number")


def _fits(value: object, schema: dict) -> bool:
    """Whether ``value`` fits ``schema`` down to the next named model."""
    kind = _json_kind(value)
    if not _accepts(schema, kind):
        return False
    if "anyOf" in schema:
        return any(_fits(value, member) for member in schema["anyOf"])
    if isinstance(value, list):
        return all(_fits(item, schema.get("items", {})) for item in value)
    values = schema.get("additionalProperties")
    if isinstance(value, dict) and "$ref" not in schema and isinstance(values, dict):
        return all(_fits(item, values) for item in value.values())
    return True


def _observe(spec: EventSpec, value: object, schema: dict, found: dict) -> None:
    """Record in ``found`` (``{model: {name: [kinds]}}``) the JSON types a
    sample sends that its schema does not allow."""
    defs = spec.primary["$defs"]
    if "$ref" in schema and isinstance(value, dict):
        model = schema["$ref"].rsplit("/", 1)[1]
        for key, item in value.items():
            prop = defs[model].get("properties", {}).get(key)
            if prop is None:
                continue
            kind = _json_kind(item)
            if not _fits(item, prop):
                kinds = found.setdefault(model, {}).setdefault(key, [])
                if kind not in kinds:
                    kinds.append(kind)
            else:
                _observe(spec, item, prop, found)
    elif schema.get("type") == "array" and isinstance(value, list):
        for item in value:
            _observe(spec, item, schema.get("items", {}), found)


def widen_from_samples(events: dict[tuple[str, str], EventSpec]) -> None:
    """Let each registry type accept the JSON types AWS's own sample events
    send where its schema says otherwise (``EventSpec.widened``)."""
    for path in sorted(SAMPLES.glob("*/*.json")):
        event = json.loads(path.read_bytes())["event"]
        spec = events.get((event.get("source"), event.get("detail-type")))
        if spec is None or not isinstance(event.get("detail"), dict):
            continue
        root = spec.primary["properties"]["detail"]
        found: dict[str, dict[str, list[str]]] = {}
        _observe(spec, event["detail"], root, found)
        for model, names in found.items():
            for key, kinds in names.items():
                have = spec.widened.setdefault(model, {}).setdefault(key, [])
                have += [k for k in sorted(kinds) if k not in have]


def registry_module(source: str) -> str:
    """The module of a registry source: ``aws.network-firewall`` ->
    ``aws.network_firewall``."""
    return "aws." + source.removeprefix("aws.").replace("-", "_").replace(".", "_")


#: Per module: a one-line title and where AWS documents its events.
MODULES = {
    "acm": (
        "AWS Certificate Manager (ACM) events.",
        "https://docs.aws.amazon.com/acm/latest/userguide/supported-events.html",
    ),
    "codepipeline": (
        "AWS CodePipeline events.",
        "https://docs.aws.amazon.com/codepipeline/latest/userguide/detect-state-changes-cloudwatch-events.html",
    ),
    "ecr": (
        "Amazon ECR events.",
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html",
    ),
    "ecs": (
        "Amazon ECS events.",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html",
    ),
    "elasticache": (
        "Amazon ElastiCache events.",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/elasticache-eventbridge.html",
    ),
    "elbv2": (
        "Elastic Load Balancing (v2) events.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudtrail-logs.html",
    ),
    "elasticsearch": (
        "Amazon Elasticsearch Service events (the names before OpenSearch).",
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/monitoring-events.html",
    ),
    "opensearch": (
        "Amazon OpenSearch Service events.",
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/monitoring-events.html",
    ),
    "ssm": (
        "AWS Systems Manager events.",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-eventbridge-events.html",
    ),
}


def _mixins(module: str) -> dict[str, str]:
    """The ``MIXINS`` table of ``_derived/<module>.py``: class -> mixin."""
    path = PACKAGE / "_derived" / f"{module}.py"
    if not path.exists():
        return {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            if isinstance(target, ast.Name) and target.id == "MIXINS":
                assert node.value is not None
                table: dict[str, str] = ast.literal_eval(node.value)
                return table
    return {}


def outputs() -> dict[Path, str]:
    """Every generated file and its text."""
    catalogue = json.loads((SPECS / "catalogue.json").read_text())
    by_module: dict[str, list[EventSpec]] = {}
    for _source, _detail_type, module, cls in catalogue:
        entry = json.loads((SPECS / module / f"{cls}.json").read_text())
        by_module.setdefault(module, []).append(
            EventSpec(
                source=entry["source"],
                detail_type=entry["detail_type"],
                class_name=entry["class"],
                primary=entry["primary"],
                raw=entry["raw"],
                names=entry["names"],
                factories=entry["factories"],
            )
        )
    files: dict[Path, str] = {}
    for module, events in by_module.items():
        title, docs = MODULES[module]
        spec = ModuleSpec(
            name=module,
            title=title,
            origin=ORIGIN,
            docs=docs,
            events=events,
            mixins=_mixins(module),
        )
        files[PACKAGE / f"{module}.py"] = render(spec)
    rows = [tuple(row) for row in catalogue]
    botocraft = {(source, detail_type) for source, detail_type, *_ in rows}
    by_source: dict[str, list[EventSpec]] = {}
    for entry in json.loads((REGISTRY / "index.json").read_text()):
        key = (entry["source"], entry["detail_type"])
        if key in botocraft:
            continue  # botocraft's class stays the one registered
        document = json.loads((REGISTRY / entry["file"]).read_text())
        by_source.setdefault(entry["source"], []).extend(
            events_of(document, path=entry["file"])
        )
    widen_from_samples(
        {(e.source, e.detail_type): e for events in by_source.values() for e in events}
    )
    files[PACKAGE / "aws" / "__init__.py"] = (
        "# The EventBridge schema registry's AWS events that botocraft does not\n"
        "# model: one generated module per source (`make generate`), each\n"
        "# imported on the first event of one of its types.\n"
        '"""AWS events from the EventBridge schema registry, by source."""\n'
    )
    for source, events in sorted(by_source.items()):
        module = registry_module(source)
        spec = ModuleSpec(
            name=module,
            title=f"{source} events, from the EventBridge schema registry.",
            origin=REGISTRY_ORIGIN,
            docs=REGISTRY_DOCS,
            events=events,
        )
        files[PACKAGE / Path(*module.split(".")).with_suffix(".py")] = render(spec)
        rows += [(e.source, e.detail_type, module, e.class_name) for e in events]
    files[PACKAGE / "_catalogue.py"] = generate_catalogue(
        rows, f"{ORIGIN} and {REGISTRY_ORIGIN}"
    )
    return files


def formatted(text: str, path: Path) -> str:
    """``text`` as ``ruff format`` writes it (the generator's layout is
    correct Python; ruff gives it the project's line breaks)."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "format", "--stdin-filename", str(path), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="report stale files")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        text = formatted(text, path)
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text)
    for path in stale:
        print(("stale: " if args.check else "wrote ") + str(path.relative_to(ROOT)))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
