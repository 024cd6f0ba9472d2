"""The hostile-input property over the delivery paths (issue 8): Lambda
payloads whose records mix good, malformed, oversized, unknown-type and
broken records always give one result per record (``len(events) +
len(failures) == records``), the partial batch response lists exactly the
failed identifiers, and read_archive yields one item per record whatever
the chunk size or compression. The oracles are fuzz/harness.py's."""

from __future__ import annotations

import json
from pathlib import Path

from fuzz import harness
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventbridge_structs.delivery import unwrap

from . import strategies

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(strategies.lambda_payloads)
def test_unwrap_and_process_batch_hostile_payloads(payload: bytes) -> None:
    harness.check_unwrap(payload)


@settings(FUZZ, max_examples=150)
@given(
    st.lists(strategies.hostile_documents, max_size=4),
    st.sampled_from([b"\n", b"", b"\r\n", b" "]),
)
def test_read_archive_hostile_files(records: list[bytes], separator: bytes) -> None:
    harness.check_read_archive(separator.join(records))


def test_a_bad_bare_event_is_reported_by_its_id_from_text_and_dict() -> None:
    doc = json.loads((EXAMPLES / "image-action-push.json").read_bytes())
    del doc["version"]
    for payload in (doc, json.dumps(doc), json.dumps(doc).encode()):
        batch = unwrap(payload)
        assert batch.events == []
        [failure] = batch.failures
        assert failure.item_identifier == doc["id"]
        assert failure.error.path == "$.version"
