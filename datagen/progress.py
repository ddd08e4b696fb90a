"""A progress bar on a text stream, with no dependency: one line, redrawn with a carriage return."""

import functools
import time
from typing import TextIO

from django.core.management.base import OutputWrapper


class Progress:
    """Counts `done` out of `total` for one named stage and redraws at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO, label: str, total: int) -> None:
        self.label, self.total = label, max(total, 1)
        # A management command's stdout ends every write with a newline unless told otherwise.
        self._write = (
            functools.partial(stream.write, ending="")
            if isinstance(stream, OutputWrapper)
            else stream.write
        )
        self._flush = stream.flush
        self.done = 0
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._draw()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._drawn_at >= 0.1 or self.done >= self.total:
            self._draw()

    def _draw(self) -> None:
        self._drawn_at = time.monotonic()
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * self.WIDTH)
        self._write(
            f"\r{self.label:<16} [{bar:<{self.WIDTH}}] {share:4.0%} "
            f"{self.done:>9,}/{self.total:,} {self._drawn_at - self.started:6.1f}s"
        )
        self._flush()

    def finish(self) -> float:
        self.done = self.total
        self._draw()
        self._write("\n")
        return time.monotonic() - self.started
