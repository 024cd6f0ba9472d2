# The ``eventbridge-structs`` command (also ``python -m eventbridge_structs``).
# Each subcommand is one ``_add_<name>`` function that declares its arguments
# and one ``_run_<name>`` function that does the work and returns the exit
# status.
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

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
_SUBCOMMANDS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = []


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
