"""What every benchmark shares: a best-of timer, and a fresh database to build and measure in."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from storage.repositories import SqlStore, open_store


def best(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` timings: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def on_fresh_store(
    args: argparse.Namespace,
    build: Callable[[SqlStore, argparse.Namespace], None],
    measure: Callable[[SqlStore, argparse.Namespace], None],
) -> None:
    """Build the data set in `--db` (default: SQLite in a temporary folder), then measure."""
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with open_store(url) as store:
            began = time.perf_counter()
            build(store, args)
            print(f"built the database in {time.perf_counter() - began:.1f} s ({url})")
            measure(store, args)
