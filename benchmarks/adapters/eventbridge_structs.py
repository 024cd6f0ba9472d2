# eventbridge-structs itself: dispatching decode/convert on (source,
# detail-type), encode, decode_lines and the SQS delivery path (unwrap).
from __future__ import annotations

from typing import Any

import msgspec

import eventbridge_structs as ebs
from eventbridge_structs.delivery import unwrap

label = "eventbridge-structs"

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
