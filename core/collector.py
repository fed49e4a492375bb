"""The cyclic garbage collector paused while bulk work builds many long-lived objects: a
team's effective days (docs/effective.md), an import's planned rows (docs/imports.md)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """How many computations (on any thread) want the collector paused, and whether it ran
    before the first of them: the last one out resumes it, and only if it ran."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.resume = False

    def enter(self) -> None:
        with self.lock:
            if self.holders == 0:
                self.resume = gc.isenabled()
                gc.disable()
            self.holders += 1

    def leave(self) -> None:
        with self.lock:
            self.holders -= 1
            if self.holders == 0 and self.resume:
                gc.enable()


_PAUSE = _Pause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block. Why: a team's month is tens of thousands of
    EffectiveDay, an import 100,000 PlannedRow (NamedTuples, which the collector never
    untracks: it only untracks exact tuples), next to what was read for them, all alive
    until the answer returns and none in a cycle, so a pass finds nothing to free. Yet
    every ~70,000 new live objects CPython may pass over the whole heap, which grows with
    the work: 5,000 members x 31 days made 2-3 full passes a call (270,000-390,000 objects
    visited in all; 1,000 members none or one), and cost up to 9 times 1,000 members (about
    5 times, paused); reading and planning an import of 100,000 rows made 161 young, 14
    middle and one full pass, and took 12% longer for them. Reference counting still frees
    every temporary at once; a cycle made inside waits for the collector's next pass."""
    _PAUSE.enter()
    try:
        yield
    finally:
        _PAUSE.leave()
