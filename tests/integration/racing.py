"""Processes that race: each is spawned, waits at one barrier with the others, then acts."""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from typing import Any

import pytest


def race(
    target: Callable[..., None],
    args: Callable[[int], tuple[Any, ...]],
    processes: int,
    answers: int | None = None,
) -> tuple[list[Any], list[int | None]]:
    """Run `target(*args(i), barrier, results)` in `processes` spawned processes; the
    `answers` (default: one per process) they put on `results`, and their exit codes."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(processes)
    results = ctx.Queue()
    workers = [
        ctx.Process(target=target, args=(*args(i), barrier, results)) for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    seen: list[Any] = []
    try:
        for _ in range(processes if answers is None else answers):
            seen.append(results.get(timeout=60))
    except queue.Empty:
        pytest.fail(f"workers stopped answering; so far: {seen}")
    finally:
        for worker in workers:
            worker.join(30)
        results.close()
        results.join_thread()
    return seen, [w.exitcode for w in workers]
