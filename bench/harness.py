"""What every benchmark shares: a best-of timer, and a fresh database to build and measure in."""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storage.repositories import SqlStore, open_store


def team_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The team a bench of rotations builds: its sizes, rotations, records and volunteers."""
    parser.add_argument("--members", default="100,1000", help="team sizes, comma-separated")
    parser.add_argument("--rotations", type=int, default=20)
    parser.add_argument("--per-rotation", type=int, default=5)
    parser.add_argument("--records-each", type=int, default=3)
    parser.add_argument("--volunteers", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=15)
    return parser


def best(
    runs: int, work: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    """The fastest of `runs` timings: the least disturbed by the rest of the machine.
    `clock=time.process_time` times the CPU this process spent instead of the wall."""
    times = []
    for _ in range(runs):
        began = clock()
        work()
        times.append(clock() - began)
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


@dataclass(frozen=True)
class Run:
    """One timed child process: wall seconds from its start to its end, its peak RSS, and
    the CPU seconds it used (user + system: steadier than wall time on a busy machine)."""

    seconds: float
    peak_mb: float
    status: int
    cpu: float = 0.0


ROOT = Path(__file__).resolve().parent.parent


@cache
def compiled() -> None:
    """availbot's modules compiled to bytecode once, as `pip install` leaves them: where
    PYTHONDONTWRITEBYTECODE is set (as on CI machines), every timed process would otherwise
    compile them anew (~0.17 s), a cost no installed availbot pays."""
    for package in ("bot", "core", "storage"):
        compileall.compile_dir(ROOT / package, quiet=1)


def run_process(command: Sequence[str], *, env: dict[str, str] | None = None) -> Run:
    """Run `command` as a user would (its output to a file, not a pipe we must drain), timed
    from before its process starts to after it ended; its own peak memory from wait4."""
    compiled()
    with tempfile.TemporaryFile() as out:
        began = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=out, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            out.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{out.read().decode()[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, child.returncode, cpu_seconds(usage))


def cpu_seconds(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def growth(figures: Sequence[tuple[int, float]], unit: str = "rows") -> list[str]:
    """Each step of a scale series with its growth factor next to the size's: a figure that
    grows faster than its size by more than this machine's noise (a quarter) is worse than
    linear; one within that margin says so."""
    lines = []
    for (size, value), (before_size, before) in zip(figures[1:], figures, strict=False):
        factor, size_factor = value / before, size / before_size
        if factor <= size_factor:
            verdict = "linear or better"
        elif factor <= size_factor * 1.25:
            verdict = "linear within the 25% noise allowed"
        else:
            verdict = "WORSE THAN LINEAR"
        lines.append(
            f"  {before_size:,} → {size:,} {unit}: ×{size_factor:.1f} the work, "
            f"×{factor:.2f} the time ({verdict})"
        )
    return lines
