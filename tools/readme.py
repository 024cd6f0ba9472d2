"""Regenerate the README's generated sections (``make readme``).

Each section stands between ``<!-- begin NAME -->`` and ``<!-- end NAME
-->`` and is written from the code and data, never by hand:

- ``types``: every built-in event type (source, detail-type, class, module),
  from the catalogue;
- ``strictness``: the AWS sample events (tests/fixtures/samples) that
  botocraft 0.36.0's documented models do not type, and why (needs the test
  dependencies: botocraft);
- ``bench``: the machine, versions, settings, targets, comparisons and
  tables of the committed ``benchmarks/results.json``, and the instruction
  counts of ``benchmarks/instructions.json``;
- ``bench-claims``: which targets are met and which missed, from the same
  file;
- ``bench-delivery``: the delivery paths' figures (archives, SQS), likewise.

``--check`` writes nothing and exits 1 when a section is stale; ``--only
NAME...`` renders those sections alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

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
    """The machine, the method's settings, every target and comparison and
    the tables of ``benchmarks/results.json``, and the instruction counts
    of ``benchmarks/instructions.json`` when there is one."""
    sys.path.insert(0, str(ROOT))
    from benchmarks import _report

    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    m, v = results["machine"], results["versions"]
    peers = ", ".join(
        f"{name} {version}"
        for name, version in v.items()
        if version and name not in ("eventbridge-structs", "matplotlib")
    )
    settings = results["settings"]
    head = (
        f"Measured on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB, "
        f"a shared machine), {m['platform']}, {m['implementation']} "
        f"{m['python']}, with {peers}, at commit `{results['commit']}`, "
        f"{results['generated']}"
        + (
            f", side by side with `{results['baseline']}`"
            if results["baseline"]
            else ""
        )
        + ". "
        f"Each figure is the median over {settings['rounds']} rounds of one "
        f"batch of at least {settings['target'] * 1e3:g} ms per library and "
        "case (CPU time per event, the garbage collector on); cold imports "
        f"the median of {settings['import_repeats']} fresh processes; memory "
        f"over {results['memory']['count']:,} decoded events."
    )
    parts = [head, _report.markdown(results).rstrip("\n")]
    instructions = ROOT / "benchmarks" / "instructions.json"
    if instructions.exists():
        parts.append(instructions_markdown(json.loads(instructions.read_text())))
    return "\n\n".join(parts)


def instructions_markdown(data: dict) -> str:
    """The callgrind table of ``python -m benchmarks.instructions``."""
    from benchmarks import instructions

    header = instructions.header(data)
    lines = [
        f"**Instructions per event** (callgrind, {data['valgrind']}: the "
        f"difference of {2 * data['n']:,} and {data['n']:,} events over "
        f"{data['n']:,}; Python {data['python']}, msgspec {data['msgspec']}, "
        f"commit `{data['commit']}`)",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in instructions.rows(data)]
    return "\n".join(lines)


def _bench_results() -> dict:
    sys.path.insert(0, str(ROOT))
    return json.loads((ROOT / "benchmarks" / "results.json").read_text())


def bench_claims_section() -> str:
    """What the benchmark section's text says is met or missed, from the
    targets evaluated on ``benchmarks/results.json``."""
    from benchmarks import _report

    targets = _report.evaluate_targets(_bench_results())
    groups: dict[object, list[str]] = {True: [], False: [], None: []}
    for entry in targets:
        groups[entry["met"]].append(f"{entry['target']}: {_report.measured(entry)}")
    lines = []
    for met, label in ((True, "Met"), (False, "Missed"), (None, "Not measured here")):
        items = groups[met]
        if items:
            lines.append(f"- **{label}** ({len(items)} of {len(targets)}):")
            lines += [f"  - {item}" for item in items]
    return "\n".join(lines)


def bench_delivery_section() -> str:
    """The delivery paths' figures of ``benchmarks/results.json``: archives
    read with ``read_archive`` and SQS batches, against the floor."""
    from benchmarks import _report

    results = _bench_results()
    cases = results["cases"]
    ours, floor = _report.OURS, _report.FLOOR

    def both(case: str) -> tuple[float, float] | None:
        result = cases.get(case, {})
        if ours in result and floor in result:
            return result[ours]["median_ns"], result[floor]["median_ns"]
        return None

    loop = "a bare decoder looping over the records split in advance"
    lines = []
    for case, what, bare_what in (
        ("read_archive_ndjson", "`read_archive` of an uncompressed NDJSON file", loop),
        ("read_archive_concat", "`read_archive` of concatenated JSON objects", loop),
        ("decode_lines_bulk", "`decode_lines` of the whole file into one list", loop),
        ("sqs", "`unwrap` of an SQS batch", "a bare decoder looping over the bodies"),
    ):
        pair = both(case)
        if pair is None:
            lines.append(f"- {what}: not measured in the committed run.")
            continue
        mine, bare = pair
        n = max(r["events"] for r in cases[case].values())
        lines.append(
            f"- {what} ({n:,} events): {_report.fmt_ns(mine)} per event "
            f"({1e9 / mine:,.0f} events per CPU second), {mine / bare:.2f}x the "
            f"floor ({bare_what})."
        )
    return "\n".join(lines)


def migrating_bench_section() -> str:
    """MIGRATING.md's table: our time against botocraft's raw model and its
    EventFactory per case, from ``benchmarks/results.json``."""
    results = _bench_results()
    cases, m = results["cases"], results["machine"]

    def ns(value: float) -> str:
        return f"{value / 1e3:.2f} µs" if value >= 1e3 else f"{value:.0f} ns"

    rows = [
        ("one event from bytes (`ebs.decode`)", "decode"),
        ("10,000 events as NDJSON (`ebs.decode_lines`)", "decode_lines"),
        ("mixed stream of the seven ECR types, dispatched", "decode_mixed"),
        ("SQS batch of 10 (`unwrap`)", "sqs"),
        ("encoding one decoded event (`ebs.encode`)", "encode"),
        ("one event from a dict (`ebs.convert`)", "convert"),
    ]
    lines = [
        f"Generated from `benchmarks/results.json` (commit `{results['commit']}`, "
        f"{results['generated']}; {m['cpu']}, {m['cores']} cores, CPython "
        f"{m['python']}, botocraft {results['versions'].get('botocraft')}) by "
        "`make readme`. Median CPU time per event; the ratio is botocraft's "
        "time over ours.",
        "",
        "| | eventbridge-structs | botocraft raw model | botocraft `EventFactory` |",
        "|---|---|---|---|",
    ]
    for title, case in rows:
        ours = cases.get(case, {}).get("eventbridge_structs", {}).get("median_ns")
        if ours is None:
            continue
        cells = [title, ns(ours)]
        for peer in ("botocraft_raw", "botocraft_factory"):
            theirs = cases[case].get(peer, {}).get("median_ns")
            cells.append(
                "n/a" if theirs is None else f"{ns(theirs)} ({theirs / ours:.1f}x)"
            )
        lines.append("| " + " | ".join(cells) + " |")
    memory = results["memory"]["results"]
    ours = memory["eventbridge_structs"]["bytes_per_event"]
    cells = ["memory per decoded event (tracemalloc)", f"{ours:,.0f} B"]
    for peer in ("botocraft_raw", "botocraft_factory"):
        theirs = memory.get(peer, {}).get("bytes_per_event")
        cells.append(
            "n/a" if theirs is None else f"{theirs:,.0f} B ({theirs / ours:.1f}x)"
        )
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


SECTIONS = {
    "types": types_section,
    "strictness": strictness_section,
    "samples": samples_section,
    "bench": bench_section,
    "bench-claims": bench_claims_section,
    "bench-delivery": bench_delivery_section,
}


#: MIGRATING.md's generated sections.
MIGRATING_SECTIONS = {"migrating-bench": migrating_bench_section}
MIGRATING = ROOT / "MIGRATING.md"


def render(
    text: str, only: set[str] | None = None, sections: dict[str, Any] | None = None
) -> str:
    for name, build in (SECTIONS if sections is None else sections).items():
        if only and name not in only:
            continue
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
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted([*SECTIONS, *MIGRATING_SECTIONS]),
        help="these sections only (the others are left as they are)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    stale = 0
    for path, sections in ((README, SECTIONS), (MIGRATING, MIGRATING_SECTIONS)):
        only = set(args.only or ()) & set(sections) if args.only else None
        if args.only and not only:
            continue
        current = path.read_text()
        fresh = render(current, only, sections)
        if fresh == current:
            continue
        if args.check:
            print(f"{path.name}'s generated sections are stale: run `make readme`")
            stale = 1
            continue
        path.write_text(fresh)
        print(f"wrote {path.name}")
    return stale


if __name__ == "__main__":
    sys.exit(main())
