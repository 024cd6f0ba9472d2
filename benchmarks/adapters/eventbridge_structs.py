# eventbridge-structs itself: dispatching decode/convert on (source,
# detail-type), encode, decode_lines and the SQS delivery path (unwrap).
from __future__ import annotations

import os
import sys
from typing import Any

import msgspec

# The runner's --baseline: the same adapter over another commit's source.
BASELINE = os.environ.get("EBS_BENCH_BASELINE_SRC")
if BASELINE:
    sys.path.insert(0, BASELINE)

import eventbridge_structs as ebs  # noqa: E402  (after the baseline's path)
from eventbridge_structs.delivery import unwrap  # noqa: E402

label = "eventbridge-structs" + (
    f" (before: {os.environ['EBS_BENCH_BASELINE_REV']})" if BASELINE else ""
)

decode = ebs.decode
convert = ebs.convert
encode = ebs.encode
decode_lines = ebs.decode_lines
decode_mixed = ebs.decode


def sqs(event: dict[str, Any]) -> list[Any]:
    """The events of a Lambda SQS event (bad records would be in
    ``failures``; the sanity check sees a short list)."""
    return unwrap(event).events


def to_plain(event: Any) -> Any:
    """The event as JSON values (the tag ``detail-type`` included)."""
    return msgspec.to_builtins(event)


# The mixed stream of every type runs in a worker of its own
# (eventbridge_structs_all), which loads every module.
decode_all = None
decode_registry = None
