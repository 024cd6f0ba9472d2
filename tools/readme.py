"""Regenerate the README's generated sections (``make readme``).

Each section stands between ``<!-- begin NAME -->`` and ``<!-- end NAME
-->`` and is written from the code and data, never by hand:

- ``types``: every built-in event type (source, detail-type, class, module),
  from the catalogue;
- ``strictness``: the AWS sample events (tests/fixtures/samples) that
  botocraft 0.36.0's documented models do not type, and why (needs the test
  dependencies: botocraft);
- ``bench``: the machine, versions, targets and tables of the committed
  ``benchmarks/results.json``.

``--check`` writes nothing and exits 1 when a section is stale.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"


def types_section() -> str:
    from eventbridge_structs._catalogue import CATALOGUE

    rows = [
        "| source | detail-type | class | module |",
        "|---|---|---|---|",
    ]
    for (source, detail_type), (module, name) in CATALOGUE.items():
        where = f"`eventbridge_structs.{module}`"
        rows.append(f"| `{source}` | {detail_type} | `{name}` | {where} |")
    return "\n".join(rows)


def strictness_section() -> str:
    import pydantic
    from botocraft.eventbridge.factory import EventFactory

    import eventbridge_structs as ebs

    factory = EventFactory()
    rows = [
        "| sample | botocraft 0.36.0 | eventbridge-structs |",
        "|---|---|---|",
    ]
    for path in sorted(SAMPLES.glob("*/*.json")):
        name = f"{path.parent.name}/{path.name}"
        text = json.dumps(json.loads(path.read_bytes())["event"])
        try:
            theirs = factory.new(text)
        except pydantic.ValidationError as exc:
            error = exc.errors()[0]
            loc = "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]
            )
            reason = f"rejects `${loc}`: {error['msg']}"
        else:
            if isinstance(theirs, pydantic.BaseModel):
                continue
            reason = "not typed: no class for this (source, detail-type)"
        try:
            ours = ebs.decode(text)
        except ebs.DecodeError as exc:
            we = f"DecodeError at `{exc.path}`"
        else:
            we = f"`{type(ours).__name__}`"
        rows.append(f"| `{name}` | {reason} | {we} |")
    return "\n".join(rows)


BOTOCRAFT_FOLDERS = frozenset(
    {"acm", "codepipeline", "ecr", "ecs", "elasticache", "elbv2"}
    | {"elasticsearch", "opensearch", "ssm"}
)


def samples_section() -> str:
    """Per source, how AWS's samples of the sources botocraft does not
    model decode: typed (the registry's generated classes), generic, or
    rejected and why; and the samples AWS publishes as invalid JSON."""
    import eventbridge_structs as ebs

    by_source: dict[str, dict[str, list[str]]] = {}
    for path in sorted(SAMPLES.glob("*/*")):
        if path.parent.name in BOTOCRAFT_FOLDERS or path.suffix not in (
            ".json",
            ".txt",
        ):
            continue
        name = f"`{path.parent.name}/{path.name}`"
        if path.suffix == ".txt":
            text = path.read_text()
            found = re.search(r'"source"\s*:\s*"([^"]+)"', text)
            source = found.group(1) if found else path.parent.name
            by_source.setdefault(source, {}).setdefault("invalid", []).append(name)
            continue
        event = json.loads(path.read_bytes())["event"]
        source = event.get("source", path.parent.name)
        row = by_source.setdefault(str(source), {})
        try:
            decoded = ebs.decode(json.dumps(event))
        except ebs.DecodeError as exc:
            row.setdefault("rejected", []).append(f"{name} ({exc.path}: {exc.reason})")
            continue
        kind = "generic" if isinstance(decoded, ebs.GenericEvent) else "typed"
        row.setdefault(kind, []).append(name)
    rows = [
        "| source | typed | generic | rejected (path: reason) "
        "| invalid JSON as published |",
        "|---|---|---|---|---|",
    ]
    totals = dict.fromkeys(("typed", "generic", "rejected", "invalid"), 0)
    for source, kinds in sorted(by_source.items()):
        cells = []
        for kind in totals:
            items = kinds.get(kind, [])
            totals[kind] += len(items)
            if kind in ("rejected", "generic") and items:
                cells.append(f"{len(items)}: " + "; ".join(items))
            else:
                cells.append(str(len(items)))
        rows.append(f"| `{source}` | " + " | ".join(cells) + " |")
    rows.append(
        f"| **{len(by_source)} sources** | **{totals['typed']}** "
        f"| **{totals['generic']}** | **{totals['rejected']}** "
        f"| **{totals['invalid']}** |"
    )
    return "\n".join(rows)


def bench_section() -> str:
    sys.path.insert(0, str(ROOT))
    from benchmarks import _report

    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    m, v = results["machine"], results["versions"]
    peers = ", ".join(
        f"{name} {version}"
        for name, version in v.items()
        if version and name not in ("eventbridge-structs", "matplotlib")
    )
    head = (
        f"Measured on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB, "
        f"a shared machine), {m['platform']}, {m['implementation']} "
        f"{m['python']}, with {peers}, at commit `{results['commit']}`, "
        f"{results['generated']}."
    )
    return head + "\n\n" + _report.markdown(results).rstrip("\n")


SECTIONS = {
    "types": types_section,
    "strictness": strictness_section,
    "samples": samples_section,
    "bench": bench_section,
}


def render(text: str) -> str:
    for name, build in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- begin {name} -->\n)(?:.*?\n)?(<!-- end {name} -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"README.md has no `<!-- begin {name} -->` section")
        body = build()
        text = pattern.sub(
            lambda m, body=body: m.group(1) + body + "\n" + m.group(2), text
        )
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="report staleness")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    current = README.read_text()
    fresh = render(current)
    if fresh == current:
        return 0
    if args.check:
        print("README.md's generated sections are stale: run `make readme`")
        return 1
    README.write_text(fresh)
    print("wrote README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
