"""How far a run is: documents per second and time left, on a terminal or as log lines."""

from __future__ import annotations

import sys
import time
from typing import IO


class Progress:
    """Documents per second and time left: a one-line bar on a terminal, periodic log lines otherwise.

    Args:
        stream: Where to write (stderr by default); None for no output at all.
        interval: Seconds between log lines when `stream` is not a terminal.
    """

    def __init__(self, stream: IO[str] | None = None, *, interval: float = 30.0) -> None:
        self.stream = stream
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.interval = 0.2 if self.tty else interval
        self.total: int | None = None
        self.done = self.resumed = self.quotes = self.errors = 0
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, docs: int, quotes: int, errors: int, *, force: bool = False) -> None:
        self.done += docs
        self.quotes += quotes
        self.errors += errors
        now = time.monotonic()
        if self.stream is None or (not force and now - self._last < self.interval):
            return
        self._last = now
        elapsed = now - self.start
        processed = self.done - self.resumed
        rate = processed / elapsed if elapsed > 0 else 0.0
        total = f"/{self.total:,}" if self.total is not None else ""
        left = ""
        if self.total is not None and rate > 0:
            left = f", {duration(max(self.total - self.done, 0) / rate)} left"
        text = (
            f"{self.done:,}{total} documents, {rate:.1f} docs/s{left}, "
            f"{self.quotes:,} quotes, {self.errors:,} errors, {duration(elapsed)} elapsed"
        )
        if self.tty:
            bar = ""
            if self.total:
                filled = int(20 * min(self.done / self.total, 1.0))
                bar = f"[{'#' * filled}{'.' * (20 - filled)}] {100 * self.done / self.total:3.0f}% "
            self.stream.write(f"\r\x1b[2K{bar}{text}")
        else:
            self.stream.write(f"quotes extract: {text}\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """A line of its own (on a terminal, above the bar)."""
        if self.stream is not None:
            self.stream.write(("\r\x1b[2K" if self.tty else "") + f"quotes extract: {text}\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None and self.tty:
            self.update(0, 0, 0, force=True)
            self.stream.write("\n")
            self.stream.flush()


def duration(seconds: float) -> str:
    """`seconds` as people read a duration: ``42s``, ``3m05s``, ``2h10m``."""
    s = int(seconds + 0.5)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def stderr_progress(quiet: bool = False, interval: float = 30.0) -> Progress:
    """Progress on stderr (a bar on a terminal, log lines otherwise), or none when `quiet`."""
    return Progress(None if quiet else sys.stderr, interval=interval)
