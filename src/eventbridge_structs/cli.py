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
    from . import __version__

    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
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
    parser.add_argument(
        "--format",
        choices=("json-schema", "openapi3"),
        default="json-schema",
        help="json-schema (Draft 2020-12, botocraft's; the default) or openapi3 "
        "(an event as the EventBridge schema registry exports it, for "
        "`aws schemas create-schema --type OpenApi3`)",
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
        if args.format == "openapi3":
            import json

            text = json.dumps(schema.openapi3(cls), indent=2)
        else:
            text = schema.schema_text(cls, raw=args.raw)
    except TypeError as exc:
        return fail(str(exc))
    sys.stdout.write(text + "\n")
    return 0


_SUBCOMMANDS.append(_add_schema)


# --- codegen: msgspec Structs from schema registry exports -----------------------


def _add_codegen(sub: _Subparsers) -> None:
    parser = sub.add_parser(
        "codegen",
        help="generate msgspec Structs from EventBridge schemas",
        description=(
            "Generate a Python module of msgspec Structs, which registers its "
            "events when imported, from EventBridge schema registry exports "
            "(OpenAPI 3 or JSON Schema Draft 4, e.g. `aws schemas "
            "export-schema --type OpenApi3`) or this package's JSON Schemas. "
            "Lenient by default: every field below the envelope optional, "
            "numbers int or float."
        ),
    )
    parser.add_argument("schemas", nargs="+", metavar="SCHEMA", help="a schema file")
    parser.add_argument("-o", "--output", metavar="FILE", help="write FILE, not stdout")
    rules = parser.add_mutually_exclusive_group()
    rules.add_argument(
        "--strict",
        action="store_true",
        help="keep the schemas' required fields and types as written",
    )
    rules.add_argument(
        "--lenient", action="store_true", help="the lenient rules (the default)"
    )
    parser.add_argument("--source", help="the source, for schemas that lack one")
    parser.add_argument(
        "--detail-type", help="the detail-type, for schemas that lack one"
    )
    parser.set_defaults(run=_run_codegen)


def _run_codegen(args: argparse.Namespace) -> int:
    from .codegen import CodegenError, generate_files

    try:
        text = generate_files(
            args.schemas,
            strict=args.strict,
            source=args.source,
            detail_type=args.detail_type,
        )
    except CodegenError as exc:
        print(f"eventbridge-structs codegen: error: {exc}", file=sys.stderr)
        return 2
    if args.output is None:
        sys.stdout.write(text)
    else:
        from pathlib import Path

        Path(args.output).write_text(text)
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


_SUBCOMMANDS.append(_add_codegen)


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


# --- convert: typed Parquet datasets from Firehose archives --------------------


def _add_convert(sub: _Subparsers) -> None:
    parser = sub.add_parser(
        "convert",
        help="convert Firehose archives into a typed Parquet dataset",
        description=(
            "Convert the events of each INPUT into a Hive-partitioned Parquet "
            "dataset in DIR: source=.../detail_type=.../day=.../ (values "
            "percent-encoded, day from the event's time in UTC), one typed "
            "schema per event class, bad records in DIR/_failures. Inputs are "
            "files, directories, glob patterns, - for stdin, s3://bucket/key, "
            "s3://bucket/prefix/ (every object under it) and, with fsspec, "
            "other URLs; every format read_archive reads. Each input is "
            "written under a temporary name and moved into DIR once complete; "
            "a rerun skips the inputs that are done. Exit status: 0 if every "
            "record converted, 1 if some did not, 2 if an input could not be "
            "read or written. Needs pyarrow: pip install "
            "'eventbridge-structs[arrow]'."
        ),
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="a file, directory or URL; -"
    )
    parser.add_argument(
        "--to",
        choices=["parquet"],
        default="parquet",
        help="the output format (default: parquet)",
    )
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="the dataset's directory"
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="processes to use, one input file at a time each (default: 1)",
    )
    parser.add_argument(
        "--row-group-size",
        type=int,
        default=50_000,
        metavar="ROWS",
        help="the most rows of a row group (default: 50000)",
    )
    parser.add_argument(
        "--compression",
        default="snappy",
        choices=["snappy", "zstd", "gzip", "lz4", "brotli", "none"],
        help="the Parquet codec (default: snappy)",
    )
    parser.add_argument(
        "--max-size",
        type=int,
        default=1_048_576,
        metavar="BYTES",
        help="the largest event accepted (default: 1048576, EventBridge's limit)",
    )
    parser.add_argument(
        "--type",
        metavar="NAME",
        help="decode every event into this registered type or package.module:Class",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="convert inputs an earlier run converted again",
    )
    parser.add_argument(
        "--endpoint-url",
        metavar="URL",
        help="the S3 endpoint to read s3:// inputs from (a local emulator)",
    )
    parser.set_defaults(run=_run_convert)


def _run_convert(args: argparse.Namespace) -> int:
    import os

    def fail(message: str) -> int:
        print(f"eventbridge-structs convert: error: {message}", file=sys.stderr)
        return 2

    if args.jobs < 1:
        return fail("--jobs must be at least 1")
    if args.row_group_size < 1:
        return fail("--row-group-size must be at least 1")
    try:
        from .arrow import convert, import_pyarrow

        import_pyarrow()
    except ImportError as exc:
        return fail(str(exc))
    event_type = None
    if args.type is not None:
        from . import schema

        try:
            event_type = schema.find_type(args.type)
        except LookupError as exc:
            return fail(str(exc))
    options = None if args.endpoint_url is None else {"endpoint_url": args.endpoint_url}
    try:
        result = convert(
            args.inputs,
            args.out,
            type=event_type,
            jobs=args.jobs,
            row_group_size=args.row_group_size,
            max_size=args.max_size,
            storage_options=options,
            overwrite=args.overwrite,
            compression=args.compression,
            progress=sys.stderr,
        )
    except (OSError, ImportError) as exc:
        return fail(str(exc))
    for name, error in result.errors:
        print(f"eventbridge-structs: cannot convert {name}: {error}", file=sys.stderr)
    if result.failures:
        print(
            f"{result.failures:,} bad records: see "
            f"{os.path.join(args.out, '_failures')}",
            file=sys.stderr,
        )
    print(result.line(), file=sys.stderr)
    return result.status


_SUBCOMMANDS.append(_add_convert)
