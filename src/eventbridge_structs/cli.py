# The ``eventbridge-structs`` command (also ``python -m eventbridge_structs``).
# Each subcommand is one ``_add_<name>`` function that declares its arguments
# and one ``_run_<name>`` function that does the work and returns the exit
# status.
from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

__all__ = ["main"]

_Runner = Callable[[argparse.Namespace], int]
_Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
_PROG = "eventbridge-structs"


class _OutputFailed(Exception):
    """stdout could not be written (a closed pipe, a full disk)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


def _fill(*paragraphs: str) -> str:
    """Paragraphs wrapped for --help (whose formatter keeps line breaks, so
    that the examples keep theirs)."""
    return "\n\n".join(textwrap.fill(p, 79) for p in paragraphs)


def _examples(*lines: str) -> str:
    """The epilog of a subcommand's --help: examples, one per line."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _add_parser(sub: _Subparsers, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    return sub.add_parser(
        name, formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs
    )


def _add_quiet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar or summary on stderr (errors are still reported)",
    )


def _use_cwd() -> None:
    """Import modules from the current directory, as ``python -m`` does."""
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)


def _find_type(name: str, *, event: bool = True) -> Any:
    """The class ``name`` stands for: ``module:Class`` (importable from the
    current directory), or a registered class name that only one class
    has. Raises LookupError with a message for the user."""
    from . import schema
    from ._envelope import EventBridgeEvent
    from ._registry import registered

    if ":" in name:
        _use_cwd()
        cls = schema.find_type(name)
    else:
        named = {c for c in registered().values() if c.__name__ == name}
        if len(named) > 1:
            choices = ", ".join(sorted(f"{c.__module__}:{c.__name__}" for c in named))
            raise LookupError(
                f"{len(named)} registered event types are named {name!r}; "
                f"give one as module:Class: {choices}"
            )
        if named:
            cls = named.pop()
        else:
            try:
                cls = schema.find_type(name)
            except LookupError:
                if not event:
                    raise  # its message lists the known event and detail types
                import difflib

                names = sorted({c.__name__ for c in registered().values()})
                close = difflib.get_close_matches(name, names, n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise LookupError(
                    f"no registered event type is named {name!r}{hint} (a class "
                    "of your own: module:Class, importable from the current "
                    "directory)"
                ) from None
    if event and not (isinstance(cls, type) and issubclass(cls, EventBridgeEvent)):
        raise LookupError(f"{name!r} is not an event type (an EventBridgeEvent)")
    return cls


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
    except OSError as exc:
        raise _OutputFailed(exc) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Decode, validate and describe AWS EventBridge events.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_examples(
            f"{_PROG} decode archive.ndjson.gz > events.ndjson",
            f"{_PROG} COMMAND --help",
        ),
    )
    from . import __version__

    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` by default.
    """
    from ._jobs import OutputError

    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as done:
            # --help, --version or a usage error: argparse has written.
            code = done.code
            status = code if isinstance(code, int) else 0 if code is None else 2
        else:
            run: _Runner = args.run
            status = run(args)
        try:
            sys.stdout.flush()
        except OSError as exc:
            raise _OutputFailed(exc) from None
    except KeyboardInterrupt:
        return 130
    except (OutputError, _OutputFailed) as exc:
        error = exc.error
    except BrokenPipeError as exc:
        error = exc
    else:
        return status
    # Whatever is still buffered is dropped: nothing else tries stdout.
    _silence_stdout()
    if isinstance(error, BrokenPipeError):
        # The reader went away (``| head``): it has what it wanted, which
        # is no failure of ours, nor of the inputs.
        return 0
    print(
        f"{_PROG}: error: cannot write to stdout: {error.strerror or error}",
        file=sys.stderr,
    )
    return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):  # pragma: no cover - no stdout
        pass


# --- schema: JSON Schemas of event and detail types ---------------------------


def _add_schema(sub: _Subparsers) -> None:
    parser = _add_parser(
        sub,
        "schema",
        help="print the JSON Schema of an event or detail type",
        description=_fill(
            "Print the JSON Schema of an event or detail type as botocraft "
            "documents it, or write the schema files of every registered event "
            "type (primary and raw) and its detail type (raw) with --out.",
            "NAME is a registered class name, or module:Class for a class of "
            "your own (the module is imported from the current directory, as "
            "`python -m` does).",
        ),
        epilog=_examples(
            f"{_PROG} schema ECRPullThroughCacheActionEvent",
            f"{_PROG} schema --raw ECRImageActionEvent",
            f"{_PROG} schema orders:OrderPlaced   # orders.py in this directory",
            f"{_PROG} schema --format openapi3 ECRImageScanEvent > scan.json",
            f"{_PROG} schema --out schemas/",
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
    _add_quiet(parser)
    parser.set_defaults(run=_run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    from . import schema
    from ._envelope import EventBridgeEvent

    def fail(message: str) -> int:
        print(f"{_PROG} schema: error: {message}", file=sys.stderr)
        return 2

    if args.name is None and args.out is None:
        return fail("give an event or detail type NAME, or --out DIR")
    if args.out is not None and args.raw:
        return fail("--out writes both variants; --raw applies to printing only")
    cls = None
    if args.name is not None:
        try:
            cls = _find_type(args.name, event=False)
        except LookupError as exc:
            return fail(str(exc))
    try:
        if args.out is not None:
            if cls is not None and not issubclass(cls, EventBridgeEvent):
                return fail(f"--out takes an event type, not {args.name!r}")
            try:
                written = schema.write_schemas(args.out, None if cls is None else [cls])
            except OSError as exc:
                return fail(f"cannot write to {args.out}: {exc.strerror or exc}")
            if not args.quiet:
                print(
                    f"wrote {len(written):,} schema files to {args.out}",
                    file=sys.stderr,
                )
            return 0
        assert cls is not None
        if args.format == "openapi3":
            import json

            text = json.dumps(schema.openapi3(cls), indent=2)
        else:
            text = schema.schema_text(cls, raw=args.raw)
    except TypeError as exc:
        return fail(str(exc))
    _write_stdout(text + "\n")
    return 0


#: The functions that add each subcommand to the parser.
_SUBCOMMANDS: list[Callable[[_Subparsers], None]] = [_add_schema]


# --- codegen: msgspec Structs from schema registry exports -----------------------


def _add_codegen(sub: _Subparsers) -> None:
    parser = _add_parser(
        sub,
        "codegen",
        help="generate msgspec Structs from EventBridge schemas",
        description=_fill(
            "Generate a Python module of msgspec Structs, which registers its "
            "events when imported, from EventBridge schema registry exports "
            "(OpenAPI 3 or JSON Schema Draft 4, e.g. `aws schemas "
            "export-schema --type OpenApi3`) or this package's JSON Schemas. "
            "Lenient by default: every field below the envelope optional, "
            "numbers int or float.",
            "A SCHEMA that is not a file but module:Class stands for that "
            "event's JSON Schema (the module is imported from the current "
            "directory, as `python -m` does).",
        ),
        epilog=_examples(
            "aws schemas export-schema --registry-name discovered-schemas \\",
            "    --schema-name com.example.orders@OrderPlaced --type OpenApi3 \\",
            "    --query Content --output text > order-placed.json",
            f"{_PROG} codegen order-placed.json -o orders_events.py",
            f"{_PROG} codegen --strict orders:OrderPlaced   # orders.py here",
        ),
    )
    parser.add_argument(
        "schemas",
        nargs="+",
        metavar="SCHEMA",
        help="a schema file, or module:Class",
    )
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
    _add_quiet(parser)
    parser.set_defaults(run=_run_codegen)


def _run_codegen(args: argparse.Namespace) -> int:
    import json
    import re

    from . import schema
    from .codegen import CodegenError, generate

    def fail(message: str) -> int:
        print(f"{_PROG} codegen: error: {message}", file=sys.stderr)
        return 2

    documents = []
    source, detail_type = args.source, args.detail_type
    for name in args.schemas:
        if ":" in name and not os.path.exists(name):
            try:
                cls = _find_type(name, event=False)
                documents.append(json.loads(schema.schema_text(cls)))
            except (LookupError, TypeError) as exc:
                return fail(f"{name}: {exc}")
            if len(args.schemas) == 1:
                # The routing key the class is registered under, if one.
                from ._registry import registered

                keys = {k for k, c in registered().items() if c is cls}
                if len(keys) == 1:
                    key = keys.pop()
                    source = source or key[0]
                    detail_type = detail_type or key[1]
            continue
        try:
            with open(name, "rb") as file:
                documents.append(json.loads(file.read()))
        except OSError as exc:
            return fail(f"{name}: {exc.strerror or exc}")
        except ValueError as exc:
            return fail(f"{name}: {exc}")
    try:
        text = generate(
            documents,
            strict=args.strict,
            origin=", ".join(args.schemas),
            source=source,
            detail_type=detail_type,
        )
    except CodegenError as exc:
        message = str(exc)
        match = re.match(r"schema\[(\d+)\]", message)
        if match:
            message = args.schemas[int(match.group(1))] + message[match.end() :]
        return fail(message)
    if args.output is None:
        _write_stdout(text)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        return fail(f"cannot write {args.output}: {exc.strerror or exc}")
    if not args.quiet:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


_SUBCOMMANDS.append(_add_codegen)


# --- decode, validate: events from files, stdin and Lambda payloads ------------

_FORMATS_HELP = (
    "Formats are detected: Firehose archives (JSON objects concatenated with "
    "no delimiter, NDJSON, a JSON array), gzip-compressed or not; bare events; "
    "and Lambda payloads (SQS, SNS, Kinesis, Firehose). Record numbers are "
    "1-based, like lines. With --jobs N, N processes decode at once: an "
    "uncompressed NDJSON file is split into byte ranges (--split-size), any "
    "other input is decoded a file at a time; the output is the same as with "
    "one job. Exit status: 0 if every record decoded, 1 if some did not, 2 "
    "if a file could not be read or the output could not be written. A "
    "reader that goes away (`| head`) ends the run quietly, with status 0."
)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="a file to read; - for stdin"
    )
    parser.add_argument(
        "--max-size",
        type=_positive,
        default=1_048_576,
        metavar="BYTES",
        help="the largest event accepted (default: 1048576, EventBridge's limit)",
    )
    types = parser.add_mutually_exclusive_group()
    types.add_argument(
        "--type",
        metavar="NAME",
        help="decode every record into this event class: a registered class "
        "name, or module:Class importable from the current directory",
    )
    types.add_argument(
        "--strict",
        action="store_true",
        help="an event of an unregistered (source, detail-type) is a failure",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=1,
        metavar="N",
        help="processes decoding at once (default: 1)",
    )
    parser.add_argument(
        "--split-size",
        type=_positive,
        default=None,
        metavar="BYTES",
        help="with --jobs, the byte ranges an uncompressed NDJSON file is "
        "split into (default: about 6 per job, from 1 to 8 MiB)",
    )
    _add_quiet(parser)


def _add_decode(sub: _Subparsers) -> None:
    parser = _add_parser(
        sub,
        "decode",
        help="decode events and write them as NDJSON",
        description=_fill(
            "Decode the events of each FILE into their typed classes and write "
            "them to stdout as newline-delimited JSON, normalized (documented "
            "key names, RFC 3339 times), or with --summary a table of counts per "
            "(source, detail-type). Bad records are reported on stderr.",
            _FORMATS_HELP,
        ),
        epilog=_examples(
            f"{_PROG} decode firehose-archive.gz > events.ndjson",
            f"{_PROG} decode --summary archive/*.gz",
            f"{_PROG} decode --jobs 2 big.ndjson | head -1",
            f"{_PROG} decode --strict --quiet sqs-event.json",
            f"{_PROG} decode --type orders:OrderPlaced orders.ndjson",
            f"aws s3 cp s3://bucket/key.gz - | {_PROG} decode -",
        ),
    )
    _add_inputs(parser)
    parser.add_argument(
        "--summary",
        action="store_true",
        help="print counts per (source, detail-type) instead of the events",
    )
    parser.set_defaults(run=_run_decode)


def _run_streams(args: argparse.Namespace, summary: bool) -> int:
    from ._jobs import Options, run

    event_type = None
    if args.type is not None:
        try:
            event_type = _find_type(args.type)
        except LookupError as exc:
            print(f"{_PROG} {args.command}: error: {exc}", file=sys.stderr)
            return 2
    options = Options(
        args.command,
        summary=summary,
        type=event_type,
        strict=args.strict,
        max_size=args.max_size,
    )
    return run(
        options, args.files, jobs=args.jobs, split=args.split_size, quiet=args.quiet
    )


def _run_decode(args: argparse.Namespace) -> int:
    return _run_streams(args, args.summary)


def _add_validate(sub: _Subparsers) -> None:
    parser = _add_parser(
        sub,
        "validate",
        help="report the records that do not decode",
        description=_fill(
            "Decode the events of each FILE and report every bad record on "
            "stdout: file, line, byte offset, record, JSON path and reason.",
            _FORMATS_HELP,
        ),
        epilog=_examples(
            f"{_PROG} validate firehose-archive.gz",
            f"{_PROG} validate --strict --jobs 2 big.ndjson > bad-records.txt",
            f"{_PROG} validate --type ECRImageScanEvent scans.ndjson",
        ),
    )
    _add_inputs(parser)
    parser.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    return _run_streams(args, False)


_SUBCOMMANDS += [_add_decode, _add_validate]


# --- convert: typed Parquet datasets from Firehose archives --------------------


def _add_convert(sub: _Subparsers) -> None:
    parser = _add_parser(
        sub,
        "convert",
        help="convert Firehose archives into a typed Parquet dataset",
        description=_fill(
            "Convert the events of each INPUT into a Hive-partitioned Parquet "
            "dataset in DIR: source=.../detail_type=.../day=.../ (values "
            "percent-encoded, day from the event's time in UTC), one typed "
            "schema per event class, bad records in DIR/_failures. Inputs are "
            "files, directories, glob patterns, - for stdin, s3://bucket/key, "
            "s3://bucket/prefix/ (every object under it) and, with fsspec, "
            "other URLs; every format read_archive reads. Each input is "
            "written under a temporary name and moved into DIR once complete; "
            "a rerun skips the inputs that are done.",
            "Exit status: 0 if every record converted, 1 if some did not, 2 if "
            "an input could not be read or written. Needs pyarrow: pip install "
            "'eventbridge-structs[arrow]'.",
        ),
        epilog=_examples(
            f"{_PROG} convert archive/ --out dataset/",
            f"{_PROG} convert s3://bucket/firehose/ --out dataset/ --jobs 2",
            f"{_PROG} convert --type orders:OrderPlaced orders.gz --out orders/",
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
    _add_quiet(parser)
    parser.set_defaults(run=_run_convert)


def _run_convert(args: argparse.Namespace) -> int:
    def fail(message: str) -> int:
        print(f"{_PROG} convert: error: {message}", file=sys.stderr)
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
        try:
            event_type = _find_type(args.type, event=False)
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
            progress=None if args.quiet else sys.stderr,
        )
    except (OSError, ImportError) as exc:
        return fail(str(exc))
    for name, error in result.errors:
        print(f"{_PROG}: cannot convert {name}: {error}", file=sys.stderr)
    if result.failures:
        noun = "bad record" if result.failures == 1 else "bad records"
        print(
            f"{result.failures:,} {noun}: see {os.path.join(args.out, '_failures')}",
            file=sys.stderr,
        )
    if not args.quiet:
        print(result.line(), file=sys.stderr)
    return result.status


_SUBCOMMANDS.append(_add_convert)
