# The bytes around an event on its way to a consumer: the helpers that the
# delivery paths share (``_delivery.py``, Lambda payloads; ``_archive.py``,
# files; ``_streams.py``, the CLI). They follow the AWS documents those
# modules cite:
# - the size guard: 1 MiB, the EventBridge maximum event size
#   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html);
# - strict base64 of Kinesis and Firehose record data
#   (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
#   https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html),
#   and the marker of a KPL aggregated record;
# - gzip (any number of members) or zlib data, in Kinesis records or in the
#   files Firehose writes to S3
#   (https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html),
#   inflated whole or as a stream, never past the limit;
# - probing JSON text for a Lambda payload (``Records``, or Firehose's
#   ``records``) as opposed to a bare event;
# - errors stored in a Failure, kept free of tracebacks.
#
# Names here are public within the package (imported by the modules above)
# and not part of the package's API.
from __future__ import annotations

import binascii
import re
import sys
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import msgspec

from ._errors import DecodeError

__all__ = [
    "KPL_MAGIC",
    "MAX_EVENT_SIZE",
    "PROBE",
    "Probe",
    "StreamError",
    "b64decode",
    "detach",
    "inflate",
    "inflate_stream",
    "is_compressed",
    "too_big",
]

#: The largest event accepted by default, in bytes of UTF-8 JSON: 1 MiB, the
#: EventBridge maximum event size.
MAX_EVENT_SIZE = 1_048_576

#: The first bytes of a KPL aggregated record (a protobuf, not JSON).
KPL_MAGIC = b"\xf3\x89\x9a\xe2"


# --- the size guard and stored errors -----------------------------------------


def too_big(size: int, limit: int, path: str = "$") -> DecodeError:
    """The error of an event of ``size`` bytes, over ``limit``."""
    return DecodeError(
        f"Event is {size} bytes, more than the limit of {limit} bytes", path
    )


def detach(err: DecodeError) -> DecodeError:
    """Drop the tracebacks a stored error would keep alive (with every
    frame's locals, the input buffers among them)."""
    err.__traceback__ = None
    cause = err.__cause__
    if cause is not None:
        cause.__traceback__ = None
    err.__context__ = None
    return err


# --- base64 ---------------------------------------------------------------------

if sys.version_info >= (3, 11):

    def b64decode(data: str) -> bytes:
        """Strict base64 (no stray characters, correct padding)."""
        return binascii.a2b_base64(data, strict_mode=True)

else:  # pragma: no cover - Python 3.10
    import base64

    def b64decode(data: str) -> bytes:
        """Strict base64 (no stray characters, correct padding)."""
        return base64.b64decode(data, validate=True)


# --- compressed data ----------------------------------------------------------


def is_compressed(raw: bytes) -> bool:
    """Whether ``raw`` starts like a gzip or zlib stream. JSON cannot, but
    for a number beginning with ``8`` (``"80"`` is a valid zlib header):
    a record that is a JSON number is not compressed."""
    if raw[:2] == b"\x1f\x8b":
        return True
    return (
        len(raw) > 1
        and raw[0] & 0x0F == 8
        and raw[0] >> 4 <= 7
        and (raw[0] << 8 | raw[1]) % 31 == 0
        and _JSON_NUMBER.fullmatch(raw) is None
    )


_JSON_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*")


def inflate(data: bytes, max_size: int, path: str) -> bytes:
    """Decompress a gzip or zlib stream, refusing more than ``max_size``
    bytes of output (so a compression bomb costs nothing)."""
    out: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(47)  # gzip or zlib header
        try:
            part = inflater.decompress(data, max_size + 1 - size)
        except zlib.error as exc:
            raise DecodeError(f"Invalid compressed data: {exc}", path) from None
        size += len(part)
        out.append(part)
        if size > max_size:
            raise DecodeError(
                f"Event is more than the limit of {max_size} bytes (decompressed)",
                path,
            )
        if not inflater.eof:
            raise DecodeError("Compressed data is truncated", path)
        # A gzip file may hold several members; anything else is an error.
        data = inflater.unused_data
        if data and data[:2] != b"\x1f\x8b":
            raise DecodeError("Unexpected data after the compressed stream", path)
    return b"".join(out)


class StreamError(Exception):
    """The input itself is broken (bad compressed data)."""


def inflate_stream(
    read: Callable[[int], bytes], head: bytes, size: int
) -> Iterator[bytes]:
    """Decompress gzip (any number of members) or zlib data as it is read,
    never producing more than ``size`` bytes at a time; raise
    :class:`StreamError` for broken data."""
    inflater = zlib.decompressobj(47)
    pending = True  # the current inflater has not reached its end
    data = head
    while True:
        while data or pending:
            if not pending:
                # The next gzip member; anything else is an error.
                if len(data) < 2:
                    break  # needs more input to tell
                if data[:2] != b"\x1f\x8b":
                    raise StreamError("Unexpected data after the compressed stream")
                inflater = zlib.decompressobj(47)
                pending = True
            try:
                out = inflater.decompress(data, size)
            except zlib.error as exc:
                raise StreamError(f"Invalid compressed data: {exc}") from None
            if out:
                yield out
            if inflater.eof:
                pending = False
                data = inflater.unused_data
            else:
                data = inflater.unconsumed_tail
                if not data and len(out) < size:
                    break  # needs more input
        more = read(size)
        if not more:
            if pending:
                raise StreamError("Compressed data is truncated")
            if data:
                raise StreamError("Unexpected data after the compressed stream")
            return
        data += more


# --- probing JSON ---------------------------------------------------------------


class Probe(msgspec.Struct):
    """The keys of a Lambda event that tell its shape; an EventBridge event
    has neither."""

    Records: Any = msgspec.UNSET
    records: Any = msgspec.UNSET


PROBE = msgspec.json.Decoder(Probe)
