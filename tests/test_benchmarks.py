# The benchmarks' sanity check, without timing anything: every library's
# adapter must decode the same generated inputs to the same data as
# eventbridge-structs, so no library is timed doing less work. Adapters
# whose library (a bench dependency) is missing are skipped.
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `benchmarks` is a top-level package of the repo
    sys.path.insert(0, str(ROOT))

from benchmarks import adapters  # noqa: E402
from benchmarks._data import Sizes, generate, load  # noqa: E402
from benchmarks._sanity import compare, differences, outputs  # noqa: E402
from benchmarks._worker import case_call  # noqa: E402

SIZES = Sizes(
    ndjson=25, mixed=21, sqs=10, memory=0, catalogue=1, registry=1, mixed8=24, bulk=30
)
#: Cases timed only once the package has them (the envelope-first API).
NEWER = {"peek", "routing_key"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory):
    directory = tmp_path_factory.mktemp("bench-inputs")
    generate(directory, SIZES)
    return load(directory)


@pytest.fixture(scope="module")
def reference(inputs):
    # Ours, and ours with every module loaded for the stream of every type.
    return {
        **outputs(adapters.load("eventbridge_structs_all"), inputs),
        **outputs(adapters.load("eventbridge_structs"), inputs),
    }


def _adapter(name: str):
    return pytest.importorskip(f"benchmarks.adapters.{name}")


def test_inputs_are_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", SIZES)
    generate(tmp_path / "b", SIZES)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_reference_covers_every_case_and_event_type(reference, inputs) -> None:
    assert set(adapters.CASES) - NEWER <= set(reference) <= set(adapters.CASES)
    assert reference["decode_lines"]["count"] == SIZES.ndjson
    detail_types = {event["detail-type"] for event in reference["decode_mixed"]}
    assert len(detail_types) == 7
    assert len(reference["decode_mixed"]) == len(inputs.mixed) == SIZES.mixed
    assert len(reference["sqs"]) == SIZES.sqs
    keys = {(e["source"], e["detail-type"]) for e in reference["decode_all"]}
    assert len(keys) == len(reference["decode_all"]) == 64
    every = {(e["source"], e["detail-type"]) for e in reference["decode_registry"]}
    assert keys < every and len(every) == len(reference["decode_registry"]) > 400


def test_unregistered_cases_decode_generic_events(inputs) -> None:
    import eventbridge_structs as ebs

    assert type(ebs.decode(inputs.unregistered)) is ebs.GenericEvent
    events = [ebs.decode(raw) for raw in inputs.mixed8]
    assert len(events) == SIZES.mixed8
    for start in range(0, len(events), 8):  # one in eight, in every stretch
        block = events[start : start + 8]
        generic = [e for e in block if type(e) is ebs.GenericEvent]
        assert len(generic) == 1
        assert {e.detail_type for e in block if e not in generic} == {
            e.detail_type for e in events if type(e) is not ebs.GenericEvent
        }
        assert len({e.detail_type for e in block}) == 8


def test_bulk_files_hold_the_same_records(inputs) -> None:
    import json

    bulk = inputs.bulk
    assert bulk.count == len(bulk.records) == SIZES.bulk
    assert bulk.concat_path.read_bytes() == b"".join(bulk.records)
    assert json.loads(bulk.array) == [json.loads(r) for r in bulk.records]
    assert b"\n" not in bulk.concat_path.read_bytes()


@pytest.mark.parametrize("name", adapters.NAMES)
def test_adapter_decodes_the_same_data(name: str, inputs, reference) -> None:
    adapter = _adapter(name)
    got = outputs(adapter, inputs)
    assert got, f"{name} has no case"
    for case, value in got.items():
        if case not in reference:  # a case the package does not have yet
            assert case in NEWER, (name, case)
            continue
        typed = getattr(adapter, "typed", True)
        assert compare(case, reference[case], value, typed=typed) == [], (name, case)


@pytest.mark.parametrize("name", adapters.NAMES)
def test_every_provided_case_is_runnable(name: str, inputs) -> None:
    adapter = _adapter(name)
    for case in adapters.CASES:
        call = case_call(adapter, case, inputs)
        if adapters.provided(adapter, case) is None:
            assert call is None
            continue
        assert call is not None
        fn, arg, events = call
        assert events >= 1
        fn(arg)


def test_differences_reports_changed_and_missing_values() -> None:
    expected = {"a": 1, "b": None, "c": {"d": [1, 2]}, "e": "x"}
    assert differences(expected, {"a": 1.0, "c": {"d": [1, 2]}, "e": "x", "z": 0}) == []
    found = differences(expected, {"a": 2, "c": {"d": [1]}, "b": None})
    assert found == [
        "$.a: expected 1, got 2",
        "$.c.d: expected 2 items, got [1]",
        "$.e: missing",
    ]
    assert differences(True, 1) == ["$: expected True, got 1"]


def test_every_target_and_comparison_names_a_case_and_a_library() -> None:
    from benchmarks import _report

    sections = {t.section for t in _report.TARGETS}
    # Issue 17's targets and issue 14's, each from a case of the suite.
    assert {
        "decode",
        "decode_unregistered",
        "decode_mixed8",
        "convert",
        "sqs",
        "read_archive_ndjson",
        "read_archive_concat",
        "peek",
        "routing_key",
        "decode_registry",
        "imports",
    } <= sections
    for target in _report.TARGETS:
        if target.section not in ("imports", "elsewhere"):
            assert target.section in adapters.CASES, target
            assert target.peer in adapters.NAMES, target
    for comparison in _report.COMPARISONS:
        assert comparison.case in adapters.CASES, comparison
        assert (comparison.peer_case or comparison.case) in adapters.CASES
        assert comparison.peer in adapters.NAMES, comparison
    # The claims the audit could not reproduce are generated rows.
    titles = [t.title for t in _report.TARGETS] + [c.title for c in _report.COMPARISONS]
    for claim in (
        "mixed stream of the seven ECR types vs the floor",
        "encode vs orjson.dumps",
        "SQS unwrap of 10 records within 1.3x of a bare loop",
        "NDJSON (decode_lines) vs orjson.loads",
    ):
        assert any(title.startswith(claim) for title in titles), claim


def _results(cases: dict[str, dict[str, float]]) -> dict:
    return {
        "cases": {
            case: {name: {"median_ns": ns, "events": 1} for name, ns in values.items()}
            for case, values in cases.items()
        },
        "imports": {},
        "labels": {},
    }


def test_targets_are_evaluated_from_the_cases() -> None:
    from benchmarks import _report

    results = _results(
        {
            "decode_unregistered": {"eventbridge_structs": 110, "msgspec_bare": 100},
            "peek": {"eventbridge_structs": 90, "msgspec_bare": 100},
            "decode_mixed8": {"eventbridge_structs": 90, "orjson_untyped": 100},
        }
    )
    by_title = {e["target"]: e for e in _report.evaluate_targets(results)}
    unregistered = by_title[
        "decode of an unregistered type within 1.15x of a bare GenericEvent Decoder"
    ]
    assert unregistered["met"] is True and unregistered["ratio"] == 1.1
    peek = by_title["peek ≤ 0.8x the full bare decode"]
    assert peek["met"] is False and peek["ratio"] == 0.9
    mixed = by_title[
        "mixed stream with 1 event in 8 unregistered faster than orjson.loads"
    ]
    assert mixed["met"] is True
    routing = by_title["routing_key ≤ 0.5x the full bare decode"]
    assert routing["met"] is None and _report.measured(routing) == "not measured"
    rows = dict(_report.comparison_rows(results))
    assert rows == {}  # none of the comparisons' cases measured
    results["cases"]["decode"] = {"eventbridge_structs": {"median_ns": 180}}
    rows = dict(_report.comparison_rows(results))
    assert rows["peek vs our own full decode"] == "0.500x its time (2.00x faster)"


def test_the_run_skips_the_chart_without_matplotlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from benchmarks import _runner

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
    assert _runner.draw_chart({}, tmp_path) is None
    assert "no chart drawn" in capsys.readouterr().err
    assert not (tmp_path / "results.png").exists()


def test_instruction_counts_are_read_and_tabled(tmp_path: Path) -> None:
    from benchmarks import instructions

    out = b"events: Ir\nsummary: 123456\n"
    found = instructions._TOTALS.search(out)
    assert found is not None and found.group(1) == b"123456"
    data = {
        "baseline": None,
        "paths": {
            "bare_decode": {"title": "floor", "floor": None, "instructions": 1000.0},
            "decode": {"title": "ours", "floor": "bare_decode", "instructions": 1200},
        },
    }
    assert instructions.rows(data) == [
        ["floor", "1,000", "-", "-"],
        ["ours", "1,200", "floor", "1.20x"],
    ]


@pytest.mark.skipif(
    __import__("shutil").which("valgrind") is None, reason="valgrind not installed"
)
def test_callgrind_counts_the_loop(tmp_path: Path) -> None:
    from benchmarks import instructions

    generate(tmp_path, SIZES)
    loop = next(p for p in instructions.PATHS if p.name == "loop")
    per_event = instructions.per_event(loop, 200, tmp_path)
    assert 0 < per_event < 5_000
