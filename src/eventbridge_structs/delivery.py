# Delivery paths: EventBridge events as they reach consumers, inside SQS
# messages, SNS notifications, Kinesis and Firehose records (``unwrap``),
# answered with Lambda's partial batch response (``process_batch``), or in
# the files Firehose writes to S3 (``read_archive``), as typed events or, with
# ``lazy=True``, as envelopes whose detail stays raw. The work is done in
# ``_delivery.py`` (Lambda payloads) and ``_archive.py`` (files), on the
# helpers they share in ``_payload.py`` (size limit, base64, compression).
"""Decode EventBridge events wherever they are delivered.

>>> from eventbridge_structs.delivery import unwrap, process_batch, read_archive
>>> batch = unwrap(lambda_event)           # SQS, SNS, Kinesis, Firehose or bare
>>> batch.events, batch.failures           # typed events; one Failure per bad record
>>> process_batch(lambda_event, handle)    # {"batchItemFailures": [...]}
>>> for item in read_archive("events.gz"):  # Firehose-to-S3 files, streamed
...     ...

Every path takes ``lazy=True`` to read envelopes only (the detail kept as
raw JSON, typed on demand with :func:`eventbridge_structs.typed`):

>>> batch = unwrap(lambda_event, lazy=True)
>>> kept = [typed(e) for e in batch.events if e.source == "aws.ecr"]
"""

from __future__ import annotations

from ._archive import CHUNK_SIZE, read_archive
from ._delivery import (
    MAX_EVENT_SIZE,
    Batch,
    Failure,
    PartialBatchResponse,
    process_batch,
    unwrap,
)

__all__ = [
    "CHUNK_SIZE",
    "MAX_EVENT_SIZE",
    "Batch",
    "Failure",
    "PartialBatchResponse",
    "process_batch",
    "read_archive",
    "unwrap",
]
