# What the long-running commands share (``decode``, ``validate`` and
# ``convert``, run by ``_jobs`` and ``_parquet``): the counters of a run and
# the progress bar drawn on a terminal, and the size limit of a Lambda
# payload file read as one JSON value.
from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import IO

__all__ = ["MAX_PAYLOAD_SIZE", "Progress", "Stats"]

#: The largest Lambda payload file accepted as one JSON value (Lambda's own
#: limit is 6 MB; pretty-printed captures are larger).
MAX_PAYLOAD_SIZE = 64 << 20


class Stats:
    """What has been read so far."""

    __slots__ = ("events", "failures", "started")

    def __init__(self) -> None:
        self.events = 0
        self.failures = 0
        self.started = time.monotonic()

    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError  # pragma: no cover


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a
    terminal and only once the input has taken ``delay`` seconds, at most
    every ``interval`` seconds.

    Parameters
    ----------
    stream : file
        Where to draw (stderr).
    stats : Stats
        The counts to show.
    delay, interval : float
        Seconds before the first drawing, and between drawings.
    clock : callable
        The time source (``time.monotonic``).
    """

    def __init__(
        self,
        stream: IO[str],
        stats: Stats,
        *,
        delay: float = 0.5,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.stream = stream
        self.stats = stats
        self.clock = clock
        self.interval = interval
        self.next_draw = clock() + delay
        self.shown = False
        self.name = ""
        self.total: int | None = None
        self.done = 0

    def start(self, name: str, total: int | None) -> None:
        """Begin a new input of ``total`` bytes (None if unknown)."""
        self.name, self.total, self.done = name, total, 0

    def advance(self, nbytes: int) -> None:
        """Count ``nbytes`` more bytes read; redraw if it is time."""
        self.done += nbytes
        if self.enabled and self.clock() >= self.next_draw:
            self.draw()

    def line(self) -> str:
        """The text of the bar."""
        stats = self.stats
        rate = stats.events / stats.elapsed()
        counts = (
            f"{stats.events:,} events  {stats.failures:,} failures  "
            f"{rate:,.0f} events/s"
        )
        if self.total:
            fraction = min(self.done / self.total, 1.0)
            bar = "#" * int(fraction * 20)
            where = f"[{bar:-<20}] {fraction:4.0%}"
        else:
            where = _size(self.done)
        return f"{self.name} {where}  {counts}"

    def draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r" + self.line()[:width] + "\x1b[K")
        self.stream.flush()
        self.shown = True
        self.next_draw = self.clock() + self.interval

    def clear(self) -> None:
        """Remove the bar (before other output on the terminal)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
