# Turning measurements into output: one table per case (median time per
# event and the ratio to the fastest), the import-time and memory tables,
# the targets the library must meet, a Markdown rendering for the README
# and a PNG bar chart.
from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CASE_TITLES",
    "COMPARISONS",
    "TARGETS",
    "chart",
    "evaluate_comparisons",
    "evaluate_targets",
    "markdown",
    "text",
]

OURS = "eventbridge_structs"
#: Ours with every built-in module loaded (the mixed stream of every type).
ALL = "eventbridge_structs_all"
FLOOR = "msgspec_bare"

CASE_TITLES: dict[str, str] = {
    "decode": "One pull through cache event from bytes",
    "convert": (
        "The same event from a dict (Lambda path; the floor: `msgspec.convert` "
        "into the Struct)"
    ),
    "encode": "Encoding that event to JSON",
    "decode_lines": "{n:,} events as NDJSON",
    "decode_mixed": "Mixed stream of all seven ECR event types, dispatched",
    "sqs": (
        "SQS batch of {n} (Lambda SQS event, EventBridge bodies; the floor: a "
        "bare loop over the bodies)"
    ),
    "decode_all": (
        "Mixed stream of botocraft's 64 event types ({n:,} events, CloudTrail "
        "from 7 sources), dispatched"
    ),
    "decode_registry": (
        "Mixed stream of every built-in event type ({n:,} events: botocraft's "
        "and the schema registry's), dispatched"
    ),
    "decode_unregistered": (
        "One event of a type nobody registers (a `GenericEvent`; the floor: a "
        "bare `GenericEvent` Decoder)"
    ),
    "decode_mixed8": (
        "Mixed stream of the seven ECR types with 1 event in 8 of an "
        "unregistered type ({n:,} events; the floor: a bare Decoder of each "
        "event's own class)"
    ),
    "peek": (
        "`peek`: the envelope of one event, its detail left raw (the floor: "
        "the full bare decode)"
    ),
    "routing_key": (
        "`routing_key`: (source, detail-type) of one event (the floor: the "
        "full bare decode)"
    ),
    "read_archive_ndjson": (
        "`read_archive` of an uncompressed NDJSON file of {n:,} events (the "
        "floor: a streaming bare loop over the records, split in advance)"
    ),
    "read_archive_concat": (
        "`read_archive` of {n:,} concatenated JSON objects, no newlines "
        "(Firehose's default; the floor: the same streaming loop)"
    ),
    "decode_lines_bulk": (
        "`decode_lines` of the whole {n:,}-event NDJSON file into one list, "
        "garbage collector on (the floor: the streaming loop, nothing kept)"
    ),
    "decode_many_bulk": (
        "`decode_many` of a JSON array of {n:,} events into one list, garbage "
        "collector on (the floor: a bare Decoder of a list of the Struct)"
    ),
}

#: The import subject timed as the first decode of a not-yet-loaded type.
FIRST_DECODE = "first decode of a type whose module is not loaded (ECS)"


def case_title(case: str, result: dict[str, Any]) -> str:
    """The title of ``case``, with its event count filled in."""
    events = max((r["events"] for r in result.values()), default=0)
    return CASE_TITLES[case].format(n=events)


def fmt_ns(ns: float) -> str:
    """A duration in ns, in the unit that reads best."""
    if ns < 1e3:
        return f"{ns:.0f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs"
    if ns < 1e9:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e9:.2f} s"


def _short(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _rows(values: dict[str, float]) -> list[tuple[str, float, float]]:
    """(name, value, value / smallest), smallest first."""
    best = min(values.values())
    return sorted(
        ((name, value, value / best) for name, value in values.items()),
        key=lambda row: row[1],
    )


@dataclass(frozen=True)
class Target:
    """A ratio the library must reach.

    ``kind`` is ``"faster"`` (the peer's time over ours must be at least
    ``bound``), ``"within"`` (our time over the reference's at most
    ``bound``) or ``"ms"`` (the import subject ``peer`` takes at most
    ``bound`` ms).
    """

    title: str
    section: str  # a case, or "imports"
    peer: str
    kind: str
    bound: float
    ours: str = OURS


ORJSON = "orjson_untyped"

#: The targets of the issues (17: speed at msgspec's floor; 14: every AWS
#: type of the registry), each from a case of this suite.
TARGETS: tuple[Target, ...] = (
    Target(
        "decode ≥ 5x faster than a plain pydantic v2 model",
        "decode",
        "pydantic_plain",
        "faster",
        5.0,
    ),
    Target(
        "decode ≥ 10x faster than botocraft's EventFactory",
        "decode",
        "botocraft_factory",
        "faster",
        10.0,
    ),
    Target(
        "decode faster than orjson.loads into untyped dicts",
        "decode",
        ORJSON,
        "faster",
        1.0,
    ),
    Target(
        "decode of a registered type within 1.10x of a bare msgspec Decoder",
        "decode",
        FLOOR,
        "within",
        1.10,
    ),
    Target(
        "decode of an unregistered type within 1.15x of a bare GenericEvent Decoder",
        "decode_unregistered",
        FLOOR,
        "within",
        1.15,
    ),
    Target(
        "mixed stream with 1 event in 8 unregistered faster than orjson.loads",
        "decode_mixed8",
        ORJSON,
        "faster",
        1.0,
    ),
    Target(
        "convert within 1.15x of msgspec.convert",
        "convert",
        FLOOR,
        "within",
        1.15,
    ),
    Target(
        "SQS unwrap of 10 records within 1.3x of a bare loop over the bodies",
        "sqs",
        FLOOR,
        "within",
        1.3,
    ),
    Target(
        "read_archive of uncompressed NDJSON within 1.15x of a streaming bare "
        "loop over records split in advance",
        "read_archive_ndjson",
        FLOOR,
        "within",
        1.15,
    ),
    Target(
        "read_archive of uncompressed concatenated JSON within 1.15x of the same loop",
        "read_archive_concat",
        FLOOR,
        "within",
        1.15,
    ),
    Target("peek ≤ 0.8x the full bare decode", "peek", FLOOR, "within", 0.8),
    Target(
        "routing_key ≤ 0.5x the full bare decode", "routing_key", FLOOR, "within", 0.5
    ),
    Target(
        "--jobs 2 ≥ 1.6x --jobs 1 on a 100 MB NDJSON file",
        "elsewhere",
        "benchmarks/jobs_bench.py",
        "elsewhere",
        1.6,
    ),
    Target(
        "mixed stream of botocraft's 64 types within 1.15x of a bare Decoder of "
        "each event's own class",
        "decode_all",
        FLOOR,
        "within",
        1.15,
        ours=ALL,
    ),
    Target(
        "mixed stream of every built-in type (botocraft's and the registry's) "
        "within 1.15x of a bare Decoder of each event's own class",
        "decode_registry",
        FLOOR,
        "within",
        1.15,
        ours=ALL,
    ),
    Target("import within 1.3x of import msgspec", "imports", "msgspec", "within", 1.3),
    Target(
        "first decode of a not-yet-loaded type ≤ 5 ms",
        "imports",
        FIRST_DECODE,
        "ms",
        5.0,
    ),
    Target(
        "SQS batch ≥ 5x faster than the Powertools SqsEnvelope",
        "sqs",
        "powertools",
        "faster",
        5.0,
    ),
)


@dataclass(frozen=True)
class Comparison:
    """A ratio the README states with no target: ours against ``peer`` in
    ``case``, as measured in the same run."""

    title: str
    case: str
    peer: str
    #: The peer's case, when it is not ``case`` (ours against ours).
    peer_case: str | None = None


#: Every comparison the README's text relies on, generated like the targets.
COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "mixed stream of the seven ECR types vs the floor", "decode_mixed", FLOOR
    ),
    Comparison(
        "mixed stream of the seven ECR types vs orjson.loads", "decode_mixed", ORJSON
    ),
    Comparison(
        "mixed stream with 1 event in 8 unregistered vs the floor (a bare "
        "Decoder of each event's own class)",
        "decode_mixed8",
        FLOOR,
    ),
    Comparison("encode vs orjson.dumps of the untyped dict", "encode", ORJSON),
    Comparison("encode vs a bare msgspec Encoder", "encode", FLOOR),
    Comparison(
        "NDJSON (decode_lines) vs orjson.loads per line", "decode_lines", ORJSON
    ),
    Comparison("NDJSON (decode_lines) vs the floor", "decode_lines", FLOOR),
    Comparison("SQS batch vs orjson.loads of the bodies", "sqs", ORJSON),
    Comparison(
        "decode_lines of the whole bulk file vs the streaming bare loop",
        "decode_lines_bulk",
        FLOOR,
    ),
    Comparison(
        "decode_lines of the whole bulk file vs orjson.loads per line",
        "decode_lines_bulk",
        ORJSON,
    ),
    Comparison(
        "decode_many of the bulk array vs a bare Decoder of the list",
        "decode_many_bulk",
        FLOOR,
    ),
    Comparison(
        "decode_many of the bulk array vs orjson.loads", "decode_many_bulk", ORJSON
    ),
    Comparison("peek vs our own full decode", "peek", OURS, peer_case="decode"),
    Comparison(
        "routing_key vs our own full decode", "routing_key", OURS, peer_case="decode"
    ),
)


def evaluate_comparisons(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each comparison with our time over the peer's (None if either side
    was not measured)."""
    out = []
    cases = results["cases"]
    for comparison in COMPARISONS:
        ours = cases.get(comparison.case, {}).get(OURS, {}).get("median_ns")
        peer_case = cases.get(comparison.peer_case or comparison.case, {})
        peer = peer_case.get(comparison.peer, {}).get("median_ns")
        ratio = None if ours is None or peer is None else ours / peer
        out.append({"comparison": comparison.title, "ratio": ratio})
    return out


def _elsewhere(script: str) -> float | None:
    """The wall-clock speed-up a separate benchmark script recorded (the
    ``decode`` command's, for ``benchmarks/jobs_bench.py``), or None."""
    path = Path(__file__).resolve().parent.parent / script
    results = path.with_name(path.stem.replace("_bench", "_results") + ".json")
    if not results.is_file():
        return None
    speedup = json.loads(results.read_text()).get("decode", {}).get("speedup_wall")
    return float(speedup) if speedup is not None else None


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured ratio and whether it is met."""
    out = []
    for target in TARGETS:
        if target.section == "imports":
            values = {k: v["ms"] for k, v in results["imports"].items()}
        elif target.section == "elsewhere":
            values = {}
        else:
            case = results["cases"].get(target.section, {})
            values = {k: v["median_ns"] for k, v in case.items()}
        ours = values.get(target.ours)
        peer = values.get(target.peer)
        floor = values.get(FLOOR)
        entry: dict[str, Any] = {
            "target": target.title,
            "kind": target.kind,
            "bound": target.bound,
        }
        if target.kind == "elsewhere":
            speedup = _elsewhere(target.peer)
            entry.update(
                ratio=speedup,
                met=None if speedup is None else speedup >= target.bound,
                where=target.peer,
            )
        elif target.kind == "ms":
            value = values.get(target.peer)
            entry.update(
                ratio=value, met=None if value is None else value <= target.bound
            )
        elif ours is None or peer is None:
            entry.update(ratio=None, met=None)
        elif target.kind == "faster":
            ratio = peer / ours
            entry.update(ratio=ratio, met=ratio >= target.bound)
            # What a bare msgspec Decoder into the same Struct reaches.
            entry["floor_ratio"] = peer / floor if floor else None
        else:
            ratio = ours / peer
            entry.update(ratio=ratio, met=ratio <= target.bound)
        out.append(entry)
    heavy = results["imports"].get(OURS, {}).get("heavy")
    if heavy is not None:
        out.append(
            {
                "target": "import eventbridge_structs imports no boto3",
                "kind": "absent",
                "bound": None,
                "ratio": None,
                "imported": heavy,
                "met": "boto3" not in heavy and "botocore" not in heavy,
            }
        )
    return out


def measured(entry: dict[str, Any]) -> str:
    """A target's measured value, in words."""
    if entry["kind"] == "absent":
        return "imports: " + (
            ", ".join(entry["imported"]) or "none of boto3, botocore, pydantic"
        )
    if entry["kind"] == "elsewhere":
        if entry["ratio"] is None:
            return f"measured by `{entry['where']}`, not run yet"
        return (
            f"{entry['ratio']:.2f}x faster (need ≥ {entry['bound']:g}x; "
            f"`{entry['where']}`)"
        )
    if entry["ratio"] is None:
        return "not measured"
    if entry["kind"] == "ms":
        return f"{entry['ratio']:.2f} ms (need ≤ {entry['bound']:g} ms)"
    if entry["kind"] == "faster":
        return f"{entry['ratio']:.2f}x faster (need ≥ {entry['bound']:g}x)"
    return f"{entry['ratio']:.3f}x its time (need ≤ {entry['bound']:g}x)"


def _verdict(entry: dict[str, Any]) -> str:
    return {True: "met", False: "MISSED", None: "n/a"}[entry["met"]]


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    ]
    return "\n".join(out)


def _case_rows(results: dict[str, Any], case: str) -> list[list[str]]:
    labels = results["labels"]
    values = {k: v["median_ns"] for k, v in results["cases"][case].items()}
    return [
        [labels[name], fmt_ns(value), f"{ratio:.2f}x"]
        for name, value, ratio in _rows(values)
    ]


def _import_rows(results: dict[str, Any]) -> list[list[str]]:
    data = results["imports"]
    values = {k: v["ms"] for k, v in data.items() if not v["extra"]}
    rows = [
        [
            name,
            f"{value:.1f} ms",
            f"{ratio:.2f}x",
            ", ".join(data[name]["heavy"]) or "-",
        ]
        for name, value, ratio in _rows(values)
    ]
    for name, entry in data.items():
        if entry["extra"]:
            rows.append(
                [
                    name,
                    f"{entry['ms']:.1f} ms",
                    "(not compared)",
                    ", ".join(entry["heavy"]) or "-",
                ]
            )
    return rows


def _memory_rows(results: dict[str, Any]) -> list[list[str]]:
    labels = results["labels"]
    values = {k: v["bytes_per_event"] for k, v in results["memory"]["results"].items()}
    return [
        [labels[name], f"{value:,.0f} B", f"{ratio:.2f}x"]
        for name, value, ratio in _rows(values)
    ]


def _floor(entry: dict[str, Any]) -> str:
    ratio = entry.get("floor_ratio")
    return "-" if ratio is None else f"{ratio:.2f}x"


def _target_rows(results: dict[str, Any]) -> list[list[str]]:
    # Evaluated from the cases, so that a results file of an earlier run
    # shows the current targets (a target whose case it lacks: not measured).
    return [
        [e["target"], measured(e), _floor(e), _verdict(e)]
        for e in evaluate_targets(results)
    ]


def _ratio(ratio: float) -> str:
    """Our time over a peer's, and which is faster by how much."""
    if ratio <= 1:
        return f"{ratio:.3f}x its time ({1 / ratio:.2f}x faster)"
    return f"{ratio:.3f}x its time ({ratio:.2f}x slower)"


def comparison_rows(results: dict[str, Any]) -> list[list[str]]:
    """The comparisons measured in ``results`` (those not measured left out)."""
    return [
        [e["comparison"], _ratio(e["ratio"])]
        for e in evaluate_comparisons(results)
        if e["ratio"] is not None
    ]


def shown_cases(results: dict[str, Any]) -> dict[str, Any]:
    """The cases with a table: those eventbridge-structs ran (a case only
    peers ran, such as ``peek`` before the package had it, has none)."""
    return {
        case: result
        for case, result in results["cases"].items()
        if OURS in result or ALL in result
    }


def before_after_rows(results: dict[str, Any]) -> list[list[str]]:
    """Per case (and import), the --baseline commit's time, this commit's,
    and their ratio (empty without a baseline)."""
    rows = []
    for case, result in results["cases"].items():
        if OURS in result and "baseline" in result:
            before = result["baseline"]["median_ns"]
            after = result[OURS]["median_ns"]
            rows.append([case, fmt_ns(before), fmt_ns(after), f"{after / before:.3f}x"])
    imports = results["imports"]
    before_import = imports.get("eventbridge_structs (before)")
    if before_import and OURS in imports:
        before, after = before_import["ms"], imports[OURS]["ms"]
        rows.append(
            ["import", f"{before:.1f} ms", f"{after:.1f} ms", f"{after / before:.3f}x"]
        )
    memory = results["memory"]["results"]
    if "baseline" in memory and OURS in memory:
        before = memory["baseline"]["bytes_per_event"]
        after = memory[OURS]["bytes_per_event"]
        rows.append(
            ["memory", f"{before:,.0f} B", f"{after:,.0f} B", f"{after / before:.3f}x"]
        )
    return rows


def catalogue_rows(results: dict[str, Any]) -> list[list[str]]:
    """What the built-in catalogue costs (fresh processes, medians)."""
    facts = results.get("catalogue")
    if not facts:
        return []
    rows = [
        ["built-in event types", f"{facts['types']}"],
        [
            "`import eventbridge_structs` (tracemalloc)",
            f"{facts['package_kib']:,.0f} KiB",
        ],
        [
            "every event module loaded (tracemalloc)",
            f"{facts['all_modules_kib']:,.0f} KiB",
        ],
        ["the process's peak resident set then", f"{facts['max_rss_mib']:.1f} MiB"],
        [
            f"codegen of the vendored registry ({facts['codegen_events']} events, "
            f"{facts['codegen_modules']} modules; CPU)",
            f"{facts['codegen_seconds'] * 1e3:.0f} ms",
        ],
    ]
    if facts.get("wheel_kib"):
        rows.append(["the wheel", f"{facts['wheel_kib']:,.0f} KiB"])
    return rows


_CATALOGUE_HEADER = ["what", "measured"]
_BEFORE_AFTER_HEADER = ["case", "before", "after", "after / before"]
_CASE_HEADER = ["library", "time per event", "x slower than fastest"]
_IMPORT_HEADER = ["import", "cold import", "x slower than fastest", "heavy imports"]
_MEMORY_HEADER = ["library", "retained per event", "x more than smallest"]
_TARGET_HEADER = ["target", "measured", "bare msgspec reaches", "status"]
_COMPARISON_HEADER = ["eventbridge-structs against", "measured (CPU time per event)"]


def text(results: dict[str, Any]) -> str:
    """All tables as plain text, for the terminal."""
    parts = []
    for case, result in shown_cases(results).items():
        title = case_title(case, result)
        parts.append(
            f"\n== {title} ==\n" + _table(_CASE_HEADER, _case_rows(results, case))
        )
    n = results["settings"]["import_repeats"]
    parts.append(
        f"\n== Cold import (fresh process, median of {n}) ==\n"
        + _table(_IMPORT_HEADER, _import_rows(results))
    )
    count = results["memory"]["count"]
    parts.append(
        f"\n== Memory retained per decoded event ({count:,} events, tracemalloc) ==\n"
        + _table(_MEMORY_HEADER, _memory_rows(results))
    )
    parts.append("\n== Targets ==\n" + _table(_TARGET_HEADER, _target_rows(results)))
    parts.append(
        "\n== Other comparisons (no target) ==\n"
        + _table(_COMPARISON_HEADER, comparison_rows(results))
    )
    rows = before_after_rows(results)
    if rows:
        parts.append(
            f"\n== This commit against {results.get('baseline')} (same run) ==\n"
            + _table(_BEFORE_AFTER_HEADER, rows)
        )
    rows = catalogue_rows(results)
    if rows:
        parts.append("\n== The catalogue ==\n" + _table(_CATALOGUE_HEADER, rows))
    return "\n".join(parts) + "\n"


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables, for the README."""
    parts = []
    for case, result in shown_cases(results).items():
        parts.append(
            f"**{case_title(case, result)}**\n\n"
            + _md_table(_CASE_HEADER, _case_rows(results, case))
        )
    n = results["settings"]["import_repeats"]
    parts.append(
        f"**Cold import** (fresh process, median of {n})\n\n"
        + _md_table(_IMPORT_HEADER, _import_rows(results))
    )
    count = results["memory"]["count"]
    parts.append(
        f"**Memory retained per decoded event** ({count:,} events kept, tracemalloc)"
        "\n\n" + _md_table(_MEMORY_HEADER, _memory_rows(results))
    )
    targets = _md_table(_TARGET_HEADER, _target_rows(results))
    comparisons = _md_table(_COMPARISON_HEADER, comparison_rows(results))
    rows = before_after_rows(results)
    if rows:
        parts.append(
            f"**This commit against `{results.get('baseline')}`** (same run)\n\n"
            + _md_table(_BEFORE_AFTER_HEADER, rows)
        )
    rows = catalogue_rows(results)
    if rows:
        parts.append(
            "**The catalogue** (fresh processes, medians)\n\n"
            + _md_table(_CATALOGUE_HEADER, rows)
        )
    head = [
        "**Targets**\n\n" + targets,
        "**Other comparisons** (no target; our time over the peer's)\n\n" + comparisons,
    ]
    return "\n\n".join([*head, *parts]) + "\n"


def chart(results: dict[str, Any], path: Path) -> None:
    """Draw one horizontal bar panel per case, import time and memory, with
    eventbridge-structs highlighted, and save it as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = results["labels"]
    panels: list[tuple[str, dict[str, float], str]] = []
    for case, result in shown_cases(results).items():
        values = {labels[k]: v["median_ns"] / 1e3 for k, v in result.items()}
        panels.append(
            (case_title(case, result), values, "µs per event (median CPU time)")
        )
    imports = {k: v["ms"] for k, v in results["imports"].items() if not v["extra"]}
    imports = {labels.get(k, k): v for k, v in imports.items()}
    panels.append(("Cold import", imports, "ms of CPU (median, fresh process)"))
    memory = {
        labels[k]: v["bytes_per_event"] for k, v in results["memory"]["results"].items()
    }
    panels.append(("Memory retained per decoded event", memory, "bytes (tracemalloc)"))

    ours = {labels.get(OURS, OURS), OURS}
    floor = {labels.get(FLOOR, FLOOR), "msgspec"}
    rows = (len(panels) + 1) // 2
    fig, axes = plt.subplots(rows, 2, figsize=(13, 3.4 * rows))
    for ax, (title, values, unit) in zip(axes.flat, panels, strict=False):
        items = sorted(values.items(), key=lambda kv: kv[1], reverse=True)
        names = [k for k, _ in items]
        numbers = [v for _, v in items]
        best = min(numbers)
        colors = [
            "#d62728" if n in ours else "#7f7f7f" if n in floor else "#1f77b4"
            for n in names
        ]
        bars = ax.barh(names, numbers, color=colors)
        for bar, value in zip(bars, numbers, strict=True):
            ax.text(
                bar.get_width(),
                bar.get_y() + bar.get_height() / 2,
                f" {_short(value)} ({value / best:.1f}x)",
                va="center",
                fontsize=8,
            )
        # Long titles wrapped, so that neighbouring panels' do not overlap.
        ax.set_title(textwrap.fill(title, 70), fontsize=9)
        ax.set_xlabel(unit, fontsize=8)
        ax.tick_params(labelsize=8)
        ax.set_xlim(0, max(numbers) * 1.35)
    for ax in list(axes.flat)[len(panels) :]:
        ax.axis("off")
    machine = results["machine"]
    fig.suptitle(
        f"eventbridge-structs {results['versions'].get('eventbridge-structs')} vs "
        f"peers — {machine['cpu']} ({machine['cores']} cores), "
        f"Python {machine['python']}; lower is better",
        fontsize=10,
    )
    # Half an inch at the top for the title.
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))
    fig.savefig(path, dpi=110)
    plt.close(fig)
