# The ``eventbridge-structs`` command (also ``python -m eventbridge_structs``).
# Each subcommand is one ``_add_<name>`` function that declares its arguments
# and one ``_run_<name>`` function that does the work and returns the exit
# status.
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TypeAlias

__all__ = ["main"]

_Runner = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventbridge-structs",
        description="Decode, validate and describe AWS EventBridge events.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _SUBCOMMANDS:
        add(sub)
    return parser


#: The functions that add each subcommand to the parser.
_Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
_SUBCOMMANDS: list[Callable[[_Subparsers], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` by default.
    """
    args = _parser().parse_args(argv)
    run: _Runner = args.run
    try:
        return run(args)
    except BrokenPipeError:
        # The reader went away (``| head``): not an error of ours.
        sys.stderr.close()
        return 0


# --- schema: JSON Schemas of event and detail types ---------------------------


def _add_schema(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of an event or detail type",
        description=(
            "Print the JSON Schema of an event or detail type as botocraft "
            "documents it, or write the schema files of every registered event "
            "type (primary and raw) and its detail type (raw) with --out."
        ),
    )
    parser.add_argument(
        "name",
        nargs="?",
        help=(
            "a registered event or detail type (ECRPullThroughCacheActionEvent, "
            "ECRPullThroughCacheAction) or an import path package.module:ClassName"
        ),
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="the raw variant: the event as delivered, without `session`",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="write schema files into DIR (all registered types, or NAME's)",
    )
    parser.set_defaults(run=_run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    from . import schema
    from ._envelope import EventBridgeEvent

    def fail(message: str) -> int:
        print(f"eventbridge-structs schema: error: {message}", file=sys.stderr)
        return 2

    if args.name is None and args.out is None:
        return fail("give an event or detail type NAME, or --out DIR")
    if args.out is not None and args.raw:
        return fail("--out writes both variants; --raw applies to printing only")
    cls = None
    if args.name is not None:
        try:
            cls = schema.find_type(args.name)
        except LookupError as exc:
            return fail(str(exc))
    try:
        if args.out is not None:
            if cls is not None and not issubclass(cls, EventBridgeEvent):
                return fail(f"--out takes an event type, not {args.name!r}")
            written = schema.write_schemas(args.out, None if cls is None else [cls])
            print(f"wrote {len(written)} schema files to {args.out}", file=sys.stderr)
            return 0
        assert cls is not None
        text = schema.schema_text(cls, raw=args.raw)
    except TypeError as exc:
        return fail(str(exc))
    sys.stdout.write(text + "\n")
    return 0


_SUBCOMMANDS.append(_add_schema)


# --- decode, validate: events from files, stdin and Lambda payloads ------------

_FORMATS_HELP = (
    "Formats are detected: Firehose archives (JSON objects concatenated with "
    "no delimiter, NDJSON, a JSON array), gzip-compressed or not; bare events; "
    "and Lambda payloads (SQS, SNS, Kinesis, Firehose). Exit status: 0 if "
    "every record decoded, 1 if some did not, 2 if a file could not be read."
)


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="a file to read; - for stdin"
    )
    parser.add_argument(
        "--max-size",
        type=int,
        default=1_048_576,
        metavar="BYTES",
        help="the largest event accepted (default: 1048576, EventBridge's limit)",
    )


def _add_decode(sub: _Subparsers) -> None:
    parser = sub.add_parser(
        "decode",
        help="decode events and write them as NDJSON",
        description=(
            "Decode the events of each FILE into their typed classes and write "
            "them to stdout as newline-delimited JSON, normalized (documented "
            "key names, RFC 3339 times), or with --summary a table of counts per "
            "(source, detail-type). Bad records are reported on stderr. "
            + _FORMATS_HELP
        ),
    )
    _add_inputs(parser)
    parser.add_argument(
        "--summary",
        action="store_true",
        help="print counts per (source, detail-type) instead of the events",
    )
    parser.set_defaults(run=_run_decode)


def _run_decode(args: argparse.Namespace) -> int:
    from ._streams import run

    return run("decode", args.files, summary=args.summary, max_size=args.max_size)


def _add_validate(sub: _Subparsers) -> None:
    parser = sub.add_parser(
        "validate",
        help="report the records that do not decode",
        description=(
            "Decode the events of each FILE and report every bad record on "
            "stdout: file, line, byte offset, record, JSON path and reason. "
            + _FORMATS_HELP
        ),
    )
    _add_inputs(parser)
    parser.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from ._streams import run

    return run("validate", args.files, max_size=args.max_size)


_SUBCOMMANDS += [_add_decode, _add_validate]
