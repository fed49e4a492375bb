"""How far a long import got, on one line of the terminal rewritten in place."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

SHOW_AFTER_SECONDS = 2.0  # shorter work is over before anyone would read a line


class TerminalProgress:
    """`export.csv: 45,000 rows read, 44,990 planned…` on `out` (stderr), once the work has
    taken SHOW_AFTER_SECONDS, and wiped when it is done. Silent unless `out` is a terminal
    and not `quiet`: piped output and logs stay clean."""

    def __init__(
        self,
        out: TextIO,
        name: str,
        *,
        quiet: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out, self.name, self.clock = out, name, clock
        self.enabled = not quiet and out.isatty()
        self.began = clock()
        self.shown = False

    def __call__(self, read: int, planned: int) -> None:
        if not self.enabled or self.clock() - self.began < SHOW_AFTER_SECONDS:
            return
        self.out.write(f"\r{self.name}: {read:,} rows read, {planned:,} planned…\x1b[K")
        self.out.flush()
        self.shown = True

    def done(self) -> None:
        """Wipe the line, so what the command prints next starts on a clean one."""
        if self.shown:
            self.out.write("\r\x1b[K")
            self.out.flush()
            self.shown = False
