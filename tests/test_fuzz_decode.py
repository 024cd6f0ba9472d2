"""The hostile-input property over decode, convert, decode_lines and
decode_many (issue 8): every input decodes to events that re-encode and
re-decode equal, or raises one DecodeError naming a JSON path; the paths
agree with each other. The oracles are fuzz/harness.py's, which `make fuzz`
drives for longer with atheris."""

from __future__ import annotations

from typing import Any

from fuzz import harness
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import strategies

#: CI budget: inputs per test (`make fuzz` runs these oracles far longer).
FUZZ = settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SOME = settings(FUZZ, max_examples=150)


@FUZZ
@given(strategies.hostile_documents)
def test_decode_hostile_documents(data: bytes) -> None:
    harness.check_decode(data)


@SOME
@given(strategies.hostile_documents, st.sampled_from(strategies.EVENT_TYPES))
def test_decode_into_a_given_type(data: bytes, cls: Any) -> None:
    harness.check_decode(data, type=cls)


@settings(FUZZ, max_examples=250)
@given(st.lists(strategies.hostile_documents, max_size=4))
def test_decode_lines_and_decode_many(records: list[bytes]) -> None:
    data = b"\n".join(records)
    harness.check_decode_lines(data)
    harness.check_decode_many(data)


@settings(FUZZ, max_examples=400)
@given(strategies.hostile_objects)
def test_convert_hostile_objects(obj: Any) -> None:
    harness.check_convert(obj)


@SOME
@given(strategies.hostile_objects, st.sampled_from(strategies.EVENT_TYPES))
def test_convert_into_a_given_type(obj: Any, cls: Any) -> None:
    harness.check_convert(obj, type=cls)
