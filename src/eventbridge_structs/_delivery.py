# Events as AWS services hand them to a Lambda function: unwrapping SQS
# messages (an EventBridge rule target, SNS notifications, SNS raw message
# delivery), SNS notifications, Kinesis Data Streams records and Kinesis
# Data Firehose transformation records, and answering with the partial
# batch response. Shapes follow the Lambda developer guide:
# https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html,
# https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html,
# https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
# https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html and
# https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
# (reporting batch item failures).
#
# Each record is decoded on its own, straight from the text it carries (the
# SQS body, the SNS Message, the Kinesis data), so one bad record becomes one
# Failure and never costs the others. What a record's text becomes is one
# function of that text (``Readers``): ``decode`` (typed events, each
# keeping its own JSON), ``decode`` into one type, or ``peek`` (envelopes,
# the detail raw: ``lazy=True``).
from __future__ import annotations

import binascii
import logging
import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, overload

import msgspec

from ._codec import convert, decode
from ._envelope import EventBridgeEvent
from ._errors import MSGSPEC_ERRORS, DecodeError, from_msgspec
from ._lazy import Envelope, peek, peek_object
from ._payload import (
    KPL_MAGIC,
    MAX_EVENT_SIZE,
    PROBE,
    b64decode,
    detach,
    inflate,
    is_compressed,
    too_big,
)

__all__ = [
    "MAX_EVENT_SIZE",
    "Batch",
    "Failure",
    "Readers",
    "process_batch",
    "readers",
    "unwrap",
]

if TYPE_CHECKING:
    # A default type argument, so that a bare ``Batch`` annotation means
    # ``Batch[Any]`` (PEP 696; typing_extensions ships with mypy).
    from typing_extensions import TypeVar

    E = TypeVar("E", default=Any)
else:
    from typing import TypeVar

    E = TypeVar("E")
T = TypeVar("T")

_LOG = logging.getLogger("eventbridge_structs.delivery")
_BUFFERS = (bytes, bytearray, memoryview, str)


class Failure(msgspec.Struct, frozen=True):
    """A record that could not be decoded (or, in :func:`process_batch`,
    whose handler raised).

    Attributes
    ----------
    item_identifier : str or None
        What Lambda knows the record by: the SQS ``messageId``, the Kinesis
        ``sequenceNumber``, the Firehose ``recordId``, the SNS ``MessageId``
        or the event's ``id``; None if the record carries none.
    index : int
        The 0-based position of the record in its batch or file.
    error : DecodeError
        What is wrong, with the JSON path of the offending value.
    offset : int or None
        For files: the byte offset where the record starts (in the
        decompressed data).
    line : int or None
        For files: the 1-based line where the record starts.
    """

    item_identifier: str | None
    index: int
    error: DecodeError
    offset: int | None = None
    line: int | None = None


class Batch(msgspec.Struct, Generic[E], frozen=True):
    """The events of one delivery, and the records that failed.

    Every record is either in ``events`` or in ``failures``, so
    ``len(events) + len(failures)`` is the number of records. The type
    parameter is the type of the events (:class:`EventBridgeEvent` by
    default, the ``type`` asked for, or :class:`Envelope` when lazy); a bare
    ``Batch`` annotation means ``Batch[Any]``.

    Attributes
    ----------
    kind : str
        The shape detected: ``"eventbridge"`` (a bare event), ``"sqs"``,
        ``"sns"``, ``"kinesis"``, ``"firehose"``, or ``"unknown"`` (records
        of no known service, or no records at all).
    events : list
        The decoded events (or envelopes), in input order.
    item_identifiers : list of str or None
        The identifier of the record each event came from, parallel to
        ``events`` (see :attr:`Failure.item_identifier`).
    failures : list of Failure
        One per record that could not be decoded, in input order.
    """

    kind: str
    events: list[E]
    item_identifiers: list[str | None]
    failures: list[Failure]


# --- what a record's text becomes ----------------------------------------------


class Readers(NamedTuple):
    """How the delivery paths read events: ``text(data)`` from JSON text
    (an SQS body, an SNS Message, Kinesis data, a record of a file) and
    ``mapping(obj)`` from a parsed event (a bare event handed to Lambda).
    Both raise :class:`DecodeError` for a bad event."""

    text: Callable[[Any], Any]
    mapping: Callable[[Any], Any]


_TYPED = Readers(decode, convert)
_LAZY = Readers(peek, peek_object)


def readers(type: Any, lazy: bool) -> Readers:
    """The readers of ``unwrap``'s and ``read_archive``'s ``type`` and
    ``lazy`` arguments.

    Raises
    ------
    ValueError
        If both are given (an envelope's type is chosen by ``typed``).
    """
    if lazy:
        if type is not None:
            raise ValueError(
                "lazy=True reads envelopes: pass type to typed(), not here"
            )
        return _LAZY
    if type is None:
        return _TYPED

    def text(data: Any) -> Any:
        return decode(data, type=type)

    def mapping(obj: Any) -> Any:
        return convert(obj, type=type)

    return Readers(text, mapping)


# --- decoding the text a record carries -------------------------------------
# Each function takes the text (or record), its JSON path, the function
# that reads an event from text, and the size limit.

_Read = Callable[[Any], Any]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        return "array"
    return "object"


def _field(obj: Any, name: str, path: str) -> Any:
    """``obj[name]``, or a DecodeError naming ``path.name``."""
    if obj.__class__ is not dict and not isinstance(obj, Mapping):
        raise DecodeError(f"Expected `object`, got `{_json_type(obj)}`", path)
    try:
        return obj[name]
    except KeyError:
        raise DecodeError(
            f"Object missing required field `{name}`", f"{path}.{name}"
        ) from None


def _text(obj: Any, name: str, path: str) -> str:
    """``obj[name]`` as a str, or a DecodeError."""
    value = _field(obj, name, path)
    if value.__class__ is not str:
        raise DecodeError(
            f"Expected `str`, got `{_json_type(value)}`", f"{path}.{name}"
        )
    return value


def _text_event(text: str, path: str, read: _Read, max_size: int) -> Any:
    """Decode the event in ``text`` (an SQS body, an SNS Message)."""
    size = len(text)
    if size > max_size >> 2 and not text.isascii():
        size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_size:
        raise too_big(size, max_size, path)
    try:
        return read(text)
    except DecodeError as err:
        raise err.relocated(path) from err.__cause__


class _Notification(msgspec.Struct):
    """The keys of an SNS message that tell what it is (an event, which has
    a ``detail-type``, never is one)."""

    Type: Any = None
    TopicArn: Any = None
    Message: Any = None
    detail_type: Any = msgspec.field(name="detail-type", default=msgspec.UNSET)


_NOTIFICATION = msgspec.json.Decoder(_Notification)


def _as_notification(text: str) -> _Notification | None:
    """The SNS message in ``text``, or None if ``text`` is not one.

    An SQS body is an SNS notification when it says so (``Type`` is
    ``Notification``, or ``Type`` and ``TopicArn`` are strings) and has no
    ``detail-type``: whatever order the body is read in, an event is an
    event and a notification a notification.
    """
    try:
        note = _NOTIFICATION.decode(text)
    except MSGSPEC_ERRORS:
        return None
    if note.detail_type is not msgspec.UNSET:
        return None
    if note.Type == "Notification" or (
        isinstance(note.Type, str) and isinstance(note.TopicArn, str)
    ):
        return note
    return None


def _notification_event(note: Any, path: str, read: _Read, max_size: int) -> Any:
    """Decode the event in an SNS message (a :class:`_Notification` or, as
    SNS hands it to Lambda, a dict)."""
    if isinstance(note, _Notification):
        kind, message = note.Type, note.Message
    else:
        kind, message = note.get("Type", "Notification"), _field(note, "Message", path)
    if kind != "Notification":
        raise DecodeError(
            f"The SNS message is a {kind!r}, not a 'Notification'", f"{path}.Type"
        )
    if message.__class__ is not str:
        raise DecodeError(
            f"Expected `str`, got `{_json_type(message)}`", f"{path}.Message"
        )
    return _text_event(message, f"{path}.Message", read, max_size)


def _body_event(body: str, path: str, read: _Read, max_size: int) -> Any:
    """Decode the event in an SQS body: the event itself (an EventBridge
    target, SNS raw message delivery) or an SNS notification carrying it."""
    note = _as_notification(body)
    if note is not None:
        return _notification_event(note, path, read, max_size)
    return _text_event(body, path, read, max_size)


def _data_event(data: Any, path: str, read: _Read, max_size: int) -> Any:
    """Decode the event in base64 record data (Kinesis, Firehose), which
    may be gzip or zlib compressed."""
    if data.__class__ is not str:
        raise DecodeError(f"Expected `str`, got `{_json_type(data)}`", path)
    # Compressed or not, data this long cannot hold an event within the limit
    # (deflate adds a few bytes per 64 KiB at worst).
    if len(data) > (max_size + 1024) // 3 * 4 + 4:
        size = len(data) * 3 // 4 - (data[-2:].count("=") if len(data) % 4 == 0 else 0)
        raise DecodeError(
            f"Record data is {size} bytes, more than the limit of {max_size} bytes",
            path,
        )
    try:
        raw = b64decode(data)
    except (binascii.Error, ValueError) as exc:
        raise DecodeError(f"Invalid base64 data: {exc}", path) from None
    if raw[:1] not in b"{[ \t\r\n" and is_compressed(raw):
        try:
            raw = inflate(raw, max_size, path)
        except DecodeError as err:
            # Text whose first two bytes happen to make a zlib header (not
            # gzip's magic) is not taken for broken compressed data: it
            # fails as decode says (only a bomb is refused as such).
            if raw[:2] == b"\x1f\x8b" or err.reason.startswith("Event is"):
                raise
    if len(raw) > max_size:
        raise too_big(len(raw), max_size, path)
    try:
        return read(raw)
    except DecodeError as err:
        if raw[:4] == KPL_MAGIC:
            raise DecodeError(
                "A KPL aggregated record: deaggregate it before decoding", path
            ) from None
        raise err.relocated(path) from err.__cause__


# --- one function per delivery shape -----------------------------------------
# Each takes (record, path, read, max_size) and returns the event or raises
# DecodeError; each *_id takes the record and returns its identifier.


def _sqs_event(rec: Any, path: str, read: _Read, max_size: int) -> Any:
    return _body_event(_text(rec, "body", path), f"{path}.body", read, max_size)


def _sns_event(rec: Any, path: str, read: _Read, max_size: int) -> Any:
    sns = _field(rec, "Sns", path)
    return _notification_event(
        _checked(sns, f"{path}.Sns"), f"{path}.Sns", read, max_size
    )


def _kinesis_event(rec: Any, path: str, read: _Read, max_size: int) -> Any:
    kinesis = _checked(_field(rec, "kinesis", path), f"{path}.kinesis")
    path = f"{path}.kinesis"
    return _data_event(_field(kinesis, "data", path), f"{path}.data", read, max_size)


def _firehose_event(rec: Any, path: str, read: _Read, max_size: int) -> Any:
    return _data_event(_field(rec, "data", path), f"{path}.data", read, max_size)


def _unknown_event(rec: Any, path: str, read: _Read, max_size: int) -> Any:
    raise DecodeError(
        "Not a record of a known service: expected an SQS message, an SNS "
        "notification or a Kinesis record",
        path,
    )


def _checked(obj: Any, path: str) -> Any:
    if obj.__class__ is not dict and not isinstance(obj, Mapping):
        raise DecodeError(f"Expected `object`, got `{_json_type(obj)}`", path)
    return obj


def _get(obj: Any, *names: str) -> str | None:
    for name in names:
        if obj.__class__ is not dict and not isinstance(obj, Mapping):
            return None
        obj = obj.get(name)
    return obj if isinstance(obj, str) else None


def _sqs_id(rec: Any) -> str | None:
    try:
        ident = rec["messageId"]
    except (KeyError, TypeError, IndexError):
        return None
    return ident if ident.__class__ is str else _get(rec, "messageId")


def _sns_id(rec: Any) -> str | None:
    return _get(rec, "Sns", "MessageId")


def _kinesis_id(rec: Any) -> str | None:
    return _get(rec, "kinesis", "sequenceNumber")


def _firehose_id(rec: Any) -> str | None:
    return _get(rec, "recordId")


def _unknown_id(rec: Any) -> str | None:
    return None


# The fast path of each shape: the common case (a dict record carrying a
# small event that decodes), with no path formatting; anything else returns
# _SLOW and takes the function above, which says exactly what is wrong.
_SLOW: Any = object()


def _note_fast(body: str, read: _Read, quarter: int) -> Any:
    """The event in an SQS body that is an SNS notification, or _SLOW."""
    note = _as_notification(body)
    if note is None or note.Type != "Notification":
        return _SLOW
    message = note.Message
    if message.__class__ is not str or len(message) > quarter:
        return _SLOW
    try:
        return read(message)
    except DecodeError:
        return _SLOW


def _sns_fast(rec: Any, read: _Read, quarter: int) -> Any:
    try:
        sns = rec["Sns"]
        message = sns["Message"]
    except (KeyError, TypeError):
        return _SLOW
    if message.__class__ is not str or len(message) > quarter:
        return _SLOW
    if sns.get("Type", "Notification") != "Notification":
        return _SLOW
    try:
        return read(message)
    except DecodeError:
        return _SLOW


def _data_fast(data: Any, read: _Read, quarter: int) -> Any:
    if data.__class__ is not str or len(data) > quarter:
        return _SLOW
    try:
        raw = b64decode(data)
    except (binascii.Error, ValueError):
        return _SLOW
    if raw[:1] != b"{":
        if not is_compressed(raw):
            return _SLOW
        try:
            raw = inflate(raw, quarter << 2, "$")
        except DecodeError:
            return _SLOW
    try:
        return read(raw)
    except DecodeError:
        return _SLOW


def _kinesis_fast(rec: Any, read: _Read, quarter: int) -> Any:
    try:
        data = rec["kinesis"]["data"]
    except (KeyError, TypeError):
        return _SLOW
    return _data_fast(data, read, quarter)


def _firehose_fast(rec: Any, read: _Read, quarter: int) -> Any:
    try:
        data = rec["data"]
    except (KeyError, TypeError):
        return _SLOW
    return _data_fast(data, read, quarter)


def _never_fast(rec: Any, read: _Read, quarter: int) -> Any:
    return _SLOW


_Fast = Callable[[Any, _Read, int], Any]
_Extract = Callable[[Any, str, _Read, int], Any]
_Identify = Callable[[Any], "str | None"]

_SHAPES: dict[str, tuple[_Fast, _Extract, _Identify]] = {
    "sns": (_sns_fast, _sns_event, _sns_id),
    "kinesis": (_kinesis_fast, _kinesis_event, _kinesis_id),
    "firehose": (_firehose_fast, _firehose_event, _firehose_id),
    "unknown": (_never_fast, _unknown_event, _unknown_id),
}

_EVENT_SOURCES = {"aws:sqs": "sqs", "aws:sns": "sns", "aws:kinesis": "kinesis"}
_RECORD_KEYS = (("body", "sqs"), ("Sns", "sns"), ("kinesis", "kinesis"))


def _detect(records: list[Any]) -> str:
    """The service of a ``Records`` list, from its first recognisable record."""
    if records and records[0].__class__ is dict:  # the common case, quickly
        source = records[0].get("eventSource")
        if source.__class__ is str and source in _EVENT_SOURCES:
            return _EVENT_SOURCES[source]
    for rec in records:
        if not isinstance(rec, Mapping):
            continue
        source = rec.get("eventSource") or rec.get("EventSource")
        kind = _EVENT_SOURCES.get(source) if isinstance(source, str) else None
        if kind is not None:
            return kind
        for key, kind in _RECORD_KEYS:
            if key in rec:
                return kind
    return "unknown"


# --- unwrap ----------------------------------------------------------------------


class _EventId(msgspec.Struct):
    """The ``id`` of an event that failed to decode."""

    id: Any = None


_EVENT_ID = msgspec.json.Decoder(_EventId)


def _event_id(payload: Any) -> str | None:
    """The ``id`` of the bare event in ``payload``, as ``_get`` reads it
    from a dict; None if there is none (or the text is not JSON)."""
    try:
        ident = _EVENT_ID.decode(payload).id
    except MSGSPEC_ERRORS:
        return None
    return ident if isinstance(ident, str) else None


def _single(kind: str, event: Any, ident: str | None) -> Batch[Any]:
    return Batch(kind, [event], [ident], [])


def _single_failure(kind: str, err: DecodeError, ident: str | None) -> Batch[Any]:
    return Batch(kind, [], [], [Failure(ident, 0, detach(err))])


_BODY = operator.itemgetter("body")
_MESSAGE_ID = operator.itemgetter("messageId")


def _sqs_batch(records: Any, prefix: str, read: _Read, max_size: int) -> Batch[Any]:
    """The SQS loop. The common batch (every body a small event) is read
    with no Python code per record: the bodies are gathered and checked
    (strings, within the limit) in bulk and read one after the other, until
    one fails. From there, record by record: each body is read as an event
    first, or, once a body has been an SNS notification, as a notification
    first (the result is the same either way; see ``_as_notification``)."""
    quarter = max_size >> 2
    count = len(records)
    events: list[Any] = []
    try:
        bodies = list(map(_BODY, records))
        # A TypeError for a body that is not a string. Up to 4 bytes a
        # character: bodies of at most max_size / 4 characters in all are
        # each within the limit.
        size = len("".join(bodies))
    except (KeyError, TypeError, IndexError):
        size = quarter + 1
    if size <= quarter:
        try:  # noqa: SIM105 - cheaper than contextlib.suppress
            events.extend(map(read, bodies))
        except DecodeError:
            pass  # the events before the bad record are kept
    done = len(events)
    head = records if done == count else records[:done]
    try:
        idents: list[str | None] = list(map(_MESSAGE_ID, head))
        "".join(idents)  # type: ignore[arg-type]  # TypeError: not all strings
    except (KeyError, TypeError, IndexError):
        idents = [_sqs_id(rec) for rec in head]
    if done == count:
        return Batch("sqs", events, idents, [])
    failures: list[Failure] = []
    notes = False
    for index in range(done, count):
        rec = records[index]
        event = _SLOW
        try:
            body = rec["body"]
        except (KeyError, TypeError, IndexError):
            body = None
        if body.__class__ is str and len(body) <= quarter:
            if notes:
                event = _note_fast(body, read, quarter)
            else:
                try:  # noqa: SIM105 - cheaper than contextlib.suppress
                    event = read(body)
                except DecodeError:
                    pass
        if event is _SLOW:
            if body.__class__ is str:
                notes = _as_notification(body) is not None
            try:
                event = _sqs_event(rec, f"{prefix}[{index}]", read, max_size)
            except DecodeError as err:
                failures.append(Failure(_sqs_id(rec), index, detach(err)))
                continue
        events.append(event)
        idents.append(_sqs_id(rec))
    return Batch("sqs", events, idents, failures)


def _records_batch(
    kind: str, records: Any, prefix: str, read: _Read, max_size: int
) -> Batch[Any]:
    if records.__class__ is not list and not isinstance(records, (list, tuple)):
        err = DecodeError(f"Expected `array`, got `{_json_type(records)}`", prefix)
        return _single_failure(kind, err, None)
    if kind == "sqs":
        return _sqs_batch(records, prefix, read, max_size)
    fast, extract, identify = _SHAPES[kind]
    quarter = max_size >> 2
    events: list[Any] = []
    idents: list[str | None] = []
    failures: list[Failure] = []
    for index, rec in enumerate(records):
        event = fast(rec, read, quarter)
        if event is _SLOW:
            try:
                event = extract(rec, f"{prefix}[{index}]", read, max_size)
            except DecodeError as err:
                failures.append(Failure(identify(rec), index, detach(err)))
                continue
        events.append(event)
        idents.append(identify(rec))
    return Batch(kind, events, idents, failures)


def _unwrap_mapping(
    payload: Mapping[str, Any], read: Readers, max_size: int
) -> Batch[Any]:
    records = payload.get("Records", msgspec.UNSET)
    if records is not msgspec.UNSET:
        kind = _detect(records) if isinstance(records, list) else "unknown"
        return _records_batch(kind, records, "$.Records", read.text, max_size)
    records = payload.get("records", msgspec.UNSET)
    if records is not msgspec.UNSET:
        return _records_batch("firehose", records, "$.records", read.text, max_size)
    ident = _get(payload, "id")
    try:
        event = read.mapping(payload)
    except DecodeError as err:
        return _single_failure("eventbridge", err, ident)
    return _single("eventbridge", event, ident)


def unwrap_buffer(payload: Any, read: Readers, max_size: int) -> Batch[Any]:
    """:func:`unwrap` of JSON text (bytes, str or a memoryview, as
    ``_archive`` finds a Lambda payload in a file)."""
    try:
        probe = PROBE.decode(payload)
    except MSGSPEC_ERRORS as exc:
        return _single_failure("eventbridge", from_msgspec(exc), None)
    if probe.Records is not msgspec.UNSET:
        return _unwrap_mapping({"Records": probe.Records}, read, max_size)
    if probe.records is not msgspec.UNSET:
        return _unwrap_mapping({"records": probe.records}, read, max_size)
    # A bare event.
    size = len(payload)
    if isinstance(payload, str) and size > max_size >> 2 and not payload.isascii():
        size = len(payload.encode("utf-8", "surrogatepass"))
    elif isinstance(payload, memoryview):
        size = payload.nbytes
    if size > max_size:
        return _single_failure("eventbridge", too_big(size, max_size, "$"), None)
    try:
        event = read.text(payload)
    except DecodeError as err:
        return _single_failure("eventbridge", err, _event_id(payload))
    return _single("eventbridge", event, getattr(event, "id", None))


@overload
def unwrap(
    payload: Any,
    *,
    type: None = None,
    lazy: Literal[False] = False,
    max_size: int = MAX_EVENT_SIZE,
) -> Batch[EventBridgeEvent]: ...
@overload
def unwrap(
    payload: Any,
    *,
    type: type[T],
    lazy: Literal[False] = False,
    max_size: int = MAX_EVENT_SIZE,
) -> Batch[T]: ...
@overload
def unwrap(
    payload: Any,
    *,
    type: None = None,
    lazy: Literal[True],
    max_size: int = MAX_EVENT_SIZE,
) -> Batch[Envelope]: ...
@overload
def unwrap(
    payload: Any,
    *,
    type: type[Any] | None = None,
    lazy: bool,
    max_size: int = MAX_EVENT_SIZE,
) -> Batch[Any]: ...
def unwrap(
    payload: Any,
    *,
    type: Any = None,
    lazy: bool = False,
    max_size: int = MAX_EVENT_SIZE,
) -> Any:
    """Decode the events of whatever a Lambda function received.

    Detects the shape of ``payload`` and decodes every record on its own,
    dispatching each event on its ``(source, detail-type)``:

    - a bare EventBridge event (an EventBridge rule invoking the function);
    - an SQS event whose bodies are events (an EventBridge rule target, or
      SNS with raw message delivery) or SNS notifications carrying them in
      ``Message`` (an SQS queue subscribed to an SNS topic);
    - an SNS event (a topic invoking the function);
    - a Kinesis Data Streams event (base64 ``data``, plain, gzip or zlib);
    - a Kinesis Data Firehose transformation event (base64 ``data``).

    Parameters
    ----------
    payload : dict, bytes or str
        The ``event`` a Lambda handler receives, or its JSON text.
    type : type, optional
        Decode every event into this type instead of dispatching.
    lazy : bool, default False
        Read each event's envelope only (:func:`eventbridge_structs.peek`):
        the batch holds :class:`Envelope` objects whose detail is raw JSON.
        Filter or route on the envelope, and build the typed event of the
        ones you keep with :func:`eventbridge_structs.typed`; a bad detail
        is then reported by ``typed``, not as a failure here. Not with
        ``type``.
    max_size : int, default MAX_EVENT_SIZE
        The largest event accepted, in bytes of JSON; a larger event is a
        failure (its size is checked before it is decoded, and compressed
        data is never inflated past it).

    Returns
    -------
    Batch
        The decoded events in input order, and one :class:`Failure` per bad
        record. ``len(events) + len(failures)`` is the number of records.
        Failure paths lead from the payload to the bad value, entering the
        JSON text a record carries as if it were inline:
        ``$.Records[2].body.Message.detail.sync-status``.

    Raises
    ------
    TypeError
        If ``payload`` is neither a mapping nor JSON text.
    ValueError
        If both ``type`` and ``lazy=True`` are given.

    Examples
    --------
    Keep the events of one account, and type only those:

    >>> batch = unwrap(lambda_event, lazy=True)  # doctest: +SKIP
    >>> mine = [typed(e) for e in batch.events if e.account == "123456789012"]
    """
    read = readers(type, lazy)
    if payload.__class__ is dict or isinstance(payload, Mapping):
        return _unwrap_mapping(payload, read, max_size)
    if isinstance(payload, _BUFFERS):
        return unwrap_buffer(payload, read, max_size)
    raise TypeError(
        f"payload must be a dict or JSON bytes/str, not {payload.__class__.__name__}"
    )


# --- process_batch ---------------------------------------------------------------

#: The type of a Lambda partial batch response.
PartialBatchResponse = dict[str, list[dict[str, Any]]]


def _is_fifo(payload: Mapping[str, Any]) -> bool:
    """Whether an SQS event comes from a FIFO queue: its messages carry a
    ``MessageGroupId`` (and the queue ARN, if given, ends in ``.fifo``; a
    standard queue's fair-queue group id does not make it ordered)."""
    for rec in payload.get("Records", ()):
        if not isinstance(rec, Mapping):
            continue
        if _get(rec, "attributes", "MessageGroupId") is None:
            continue
        arn = rec.get("eventSourceARN")
        return not isinstance(arn, str) or arn.endswith(".fifo")
    return False


def _record_index(position: int, failures: list[Failure]) -> int:
    """The record index of the event at ``position`` among the events."""
    index = position
    for failure in failures:
        if failure.index > index:
            break
        index += 1
    return index


def _process_in_order(
    batch: Batch[Any], handler: Callable[[Any], object]
) -> list[dict[str, Any]]:
    """Process a FIFO batch: stop at the first failure, and report it with
    every later record."""
    events, idents, failures = batch.events, batch.item_identifiers, batch.failures
    failed: list[dict[str, Any]] = []
    stopped = False
    next_event = next_failure = 0
    for index in range(len(events) + len(failures)):
        if next_failure < len(failures) and failures[next_failure].index == index:
            failure = failures[next_failure]
            next_failure += 1
            ident = failure.item_identifier
            if not stopped:
                _LOG.warning(
                    "record %d (%s) failed to decode: %s", index, ident, failure.error
                )
                stopped = True
            failed.append({"itemIdentifier": ident})
            continue
        event = events[next_event]
        ident = idents[next_event]
        next_event += 1
        if stopped:
            failed.append({"itemIdentifier": ident})
            continue
        try:
            handler(event)
        except Exception:
            _LOG.exception("handler failed on record %d (%s)", index, ident)
            failed.append({"itemIdentifier": ident})
            stopped = True
    return failed


@overload
def process_batch(
    lambda_event: Any,
    handler: Callable[[EventBridgeEvent], object],
    *,
    type: None = None,
    lazy: Literal[False] = False,
    max_size: int = MAX_EVENT_SIZE,
) -> PartialBatchResponse: ...
@overload
def process_batch(
    lambda_event: Any,
    handler: Callable[[T], object],
    *,
    type: type[T],
    lazy: Literal[False] = False,
    max_size: int = MAX_EVENT_SIZE,
) -> PartialBatchResponse: ...
@overload
def process_batch(
    lambda_event: Any,
    handler: Callable[[Envelope], object],
    *,
    type: None = None,
    lazy: Literal[True],
    max_size: int = MAX_EVENT_SIZE,
) -> PartialBatchResponse: ...
def process_batch(
    lambda_event: Any,
    handler: Callable[[Any], object],
    *,
    type: Any = None,
    lazy: bool = False,
    max_size: int = MAX_EVENT_SIZE,
) -> PartialBatchResponse:
    """Call ``handler(event)`` for each event of an SQS or Kinesis batch and
    return the partial batch response Lambda expects.

    Records that fail to decode and records whose handler raises are
    reported by their SQS ``messageId`` or Kinesis ``sequenceNumber``:
    ``{"batchItemFailures": [{"itemIdentifier": "..."}]}``, in input order.
    Return it from the Lambda handler of an event source mapping with
    ``ReportBatchItemFailures`` turned on; Lambda then deletes (SQS) or
    checkpoints past (Kinesis) everything else.

    For an SQS FIFO queue (messages with ``attributes.MessageGroupId``),
    processing stops at the first failure, which is reported together with
    every later record, so that no message overtakes one that failed.

    Failures are logged to the ``eventbridge_structs.delivery`` logger
    (handler exceptions with their traceback).

    Parameters
    ----------
    lambda_event : dict, bytes or str
        The SQS or Kinesis ``event`` the Lambda handler received.
    handler : callable
        Called with each decoded event, in order; an exception it raises
        marks that record failed.
    type : type, optional
        Decode every event into this type instead of dispatching.
    lazy : bool, default False
        Call ``handler`` with each event's :class:`Envelope` (the detail
        raw), as :func:`unwrap` with ``lazy=True``: the handler types the
        events it keeps with :func:`eventbridge_structs.typed`, and a bad
        detail it raises for marks the record failed.
    max_size : int, default MAX_EVENT_SIZE
        The largest event accepted, in bytes.

    Returns
    -------
    dict
        ``{"batchItemFailures": [...]}``; empty for an empty batch or when
        every record succeeded. A record without an identifier is reported
        as ``None``, which makes Lambda retry the whole batch: nothing is
        lost.

    Raises
    ------
    ValueError
        For a payload that is not an SQS or Kinesis batch (SNS, Firehose
        and EventBridge invoke Lambda without batch item failures: raise from
        the function to have such an invocation retried), or both ``type``
        and ``lazy=True``.
    DecodeError
        If ``lambda_event`` is JSON text that does not parse.
    """
    if isinstance(lambda_event, _BUFFERS):
        try:
            lambda_event = msgspec.json.decode(lambda_event)
        except MSGSPEC_ERRORS as exc:
            raise from_msgspec(exc) from exc
    batch = unwrap(lambda_event, type=type, lazy=lazy, max_size=max_size)
    events, idents, failures = batch.events, batch.item_identifiers, batch.failures
    total = len(events) + len(failures)
    failed: list[dict[str, Any]] = []
    if total == 0:
        return {"batchItemFailures": failed}
    if batch.kind not in ("sqs", "kinesis"):
        raise ValueError(
            f"process_batch takes an SQS or Kinesis batch, not a {batch.kind!r} "
            "payload: only event source mappings honour batchItemFailures"
        )
    if batch.kind == "sqs" and _is_fifo(lambda_event):
        return {"batchItemFailures": _process_in_order(batch, handler)}
    raised: list[int] = []  # indexes into events
    for position, event in enumerate(events):
        try:
            handler(event)
        except Exception:
            _LOG.exception(
                "handler failed on record %d (%s)",
                _record_index(position, failures),
                idents[position],
            )
            raised.append(position)
    if not raised and not failures:
        return {"batchItemFailures": failed}
    for failure in failures:
        _LOG.warning(
            "record %d (%s) failed to decode: %s",
            failure.index,
            failure.item_identifier,
            failure.error,
        )
    # Report in record order: an event's record index is its position plus
    # the number of failed records before it.
    bad = {f.index: f.item_identifier for f in failures}
    failed_events = iter(raised)
    next_raised = next(failed_events, -1)
    position = 0
    for index in range(total):
        if index in bad:
            failed.append({"itemIdentifier": bad[index]})
            continue
        if position == next_raised:
            failed.append({"itemIdentifier": idents[position]})
            next_raised = next(failed_events, -1)
        position += 1
    return {"batchItemFailures": failed}
