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
from benchmarks._sanity import differences, outputs, routing  # noqa: E402
from benchmarks._worker import case_call  # noqa: E402

SIZES = Sizes(ndjson=25, mixed=21, sqs=10, memory=0, catalogue=1, registry=1)


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
    assert set(reference) == set(adapters.CASES)
    assert reference["decode_lines"]["count"] == SIZES.ndjson
    detail_types = {event["detail-type"] for event in reference["decode_mixed"]}
    assert len(detail_types) == 7
    assert len(reference["decode_mixed"]) == len(inputs.mixed) == SIZES.mixed
    assert len(reference["sqs"]) == SIZES.sqs
    keys = {(e["source"], e["detail-type"]) for e in reference["decode_all"]}
    assert len(keys) == len(reference["decode_all"]) == 64
    every = {(e["source"], e["detail-type"]) for e in reference["decode_registry"]}
    assert keys < every and len(every) == len(reference["decode_registry"]) > 400


@pytest.mark.parametrize("name", adapters.NAMES)
def test_adapter_decodes_the_same_data(name: str, inputs, reference) -> None:
    adapter = _adapter(name)
    got = outputs(adapter, inputs)
    assert got, f"{name} has no case"
    for case, value in got.items():
        expected = reference[case]
        untyped = not getattr(adapter, "typed", True)
        if case in ("decode_all", "decode_registry") and untyped:
            expected, value = routing(expected), routing(value)
        assert differences(expected, value) == [], (name, case)


@pytest.mark.parametrize("name", adapters.NAMES)
def test_every_provided_case_is_runnable(name: str, inputs) -> None:
    adapter = _adapter(name)
    for case in adapters.CASES:
        call = case_call(adapter, case, inputs)
        if getattr(adapter, case) is None:
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
