"""Units of work: every request, listener task and job run starts on a live connection.

Each thread keeps its own database connection, which the database may drop meanwhile (a
restart, a failover, an idle timeout). So each unit of work first asks the store to renew
this thread's connection (`AppStore.renew`); the work itself then never meets a connection
broken before it started, and a database that is still down says so in words
(DatabaseUnavailable) instead of failing every command until availbot is restarted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from core.errors import DatabaseUnavailable
from core.ports import AppStore

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


class RenewingExecutor(ThreadPoolExecutor):
    """The listener threads: each task starts by renewing its thread's connection."""

    def __init__(self, store: AppStore, max_workers: int, thread_name_prefix: str) -> None:
        super().__init__(max_workers, thread_name_prefix=thread_name_prefix)
        self._store = store

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        store = self._store

        def unit() -> T:
            store.renew()
            return fn(*args, **kwargs)

        return super().submit(unit)


def job(store: AppStore, name: str, run: Callable[[], T]) -> Callable[[], T | None]:
    """A scheduled job: renew the connection, run; a database that is down is one warning
    (the job runs again at its next turn) instead of a traceback every minute."""

    def unit() -> T | None:
        store.renew()
        try:
            return run()
        except DatabaseUnavailable as exc:
            log.warning("%s skipped this turn: %s", name, exc.message)
            return None

    return unit
