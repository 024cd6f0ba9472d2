# eventbridge-structs itself: dispatching decode/convert on (source,
# detail-type), encode, decode_lines and decode_many, the SQS delivery path
# (unwrap), read_archive, and the envelope-first peek and routing_key (timed
# once the package has them: the --baseline commit may not).
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import msgspec

# The runner's --baseline: the same adapter over another commit's source.
BASELINE = os.environ.get("EBS_BENCH_BASELINE_SRC")
if BASELINE:
    sys.path.insert(0, BASELINE)

import eventbridge_structs as ebs  # noqa: E402  (after the baseline's path)
from eventbridge_structs.delivery import read_archive, unwrap  # noqa: E402

from .._data import Bulk  # noqa: E402

label = "eventbridge-structs" + (
    f" (before: {os.environ['EBS_BENCH_BASELINE_REV']})" if BASELINE else ""
)

decode = ebs.decode
convert = ebs.convert
encode = ebs.encode
decode_lines = ebs.decode_lines
decode_mixed = ebs.decode
decode_unregistered = ebs.decode
peek = getattr(ebs, "peek", None)
routing_key = getattr(ebs, "routing_key", None)


def sqs(event: dict[str, Any]) -> list[Any]:
    """The events of a Lambda SQS event (bad records would be in
    ``failures``; the sanity check sees a short list)."""
    return unwrap(event).events


def decode_mixed8(items: list[bytes]) -> list[tuple[Any, bytes]]:
    """Every event through the one dispatching decode."""
    return [(ebs.decode, raw) for raw in items]


def read_archive_ndjson(bulk: Bulk) -> Iterator[Any]:
    """The NDJSON file, streamed from its path."""
    return read_archive(bulk.ndjson_path)


def read_archive_concat(bulk: Bulk) -> Iterator[Any]:
    """The concatenated JSON objects (Firehose's default), streamed."""
    return read_archive(bulk.concat_path)


def decode_lines_bulk(bulk: Bulk) -> list[Any]:
    return ebs.decode_lines(bulk.ndjson)


def decode_many_bulk(bulk: Bulk) -> list[Any]:
    return ebs.decode_many(bulk.array)


def to_plain(event: Any) -> Any:
    """The event as JSON values (the tag ``detail-type`` included)."""
    return msgspec.to_builtins(event)


# The mixed stream of every type runs in a worker of its own
# (eventbridge_structs_all), which loads every module.
decode_all = None
decode_registry = None
