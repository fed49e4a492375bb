"""Every timed job in one registry, `JOBS`: the scheduler runs each on its own thread once a
minute, and `availbot tick` runs them all once, in order, exactly as the scheduler does.

Each minute job decides for itself what is due (digests, alerts, feeds), claiming what it
sends in the database. A job that runs less often (`every` longer than a minute) runs once
per slot of that length, counted from the epoch in UTC (the directory sync at 00:00, 06:00,
12:00 and 18:00): the slot is claimed in the outbox, so one instance runs it, whether the
instances are `serve` processes or cron's `availbot tick`. Adding a job is one line here.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from bot.jobs.alerts_tick import alerts_tick, handoffs_tick
from bot.jobs.digest_tick import digest_tick
from bot.jobs.directory_sync import sync_quietly
from bot.jobs.feed_sync import feeds_tick
from bot.jobs.personal import personal_tick
from bot.services import Services
from core.access.keys import forget_answers
from core.calendar.feeds import forget_versions

MINUTE = timedelta(minutes=1)
OUTBOX_MEMORY = timedelta(days=30)  # longer than anything sent may come due again
SLOT_KIND = "tick"  # the outbox kind of the slots of jobs run less often than every minute
log = logging.getLogger("availbot.tick")


@dataclass(frozen=True)
class TickJob:
    """`run(services, holder)` once a minute, or once per slot of `every` (claimed)."""

    id: str  # the scheduler's job id, and the name `availbot tick` reports under
    run: Callable[[Services, str], object]
    every: timedelta = MINUTE


def housekeeping(services: Services, holder: str) -> dict[str, int]:
    """Forget what is kept only for a while: Idempotency-Keys' answers (docs/api.md), the
    outbox's finished rows (docs/alerts.md#exactly-once), and the versions of calendar
    events no feed's window reaches any longer (docs/calendar.md)."""
    now = services.clock()
    store = services.store
    return {
        "answers": forget_answers(store.idempotency, now),
        "outbox": store.outbox.forget(now - OUTBOX_MEMORY),
        "calendar_versions": forget_versions(store, now),
    }


def _feeds(services: Services, holder: str) -> object:
    return feeds_tick(services.store, services.settings, holder, services.clock)


def _personal(services: Services, holder: str) -> dict[str, int]:
    return asdict(personal_tick(services, holder))


def _directory(services: Services, holder: str) -> dict[str, int]:
    sync_quietly(services)  # a failure is logged; the next slot tries again
    return {"synced": 1}


DIRECTORY_SYNC = TickJob("directory-sync", _directory, every=timedelta(hours=6))
JOBS: tuple[TickJob, ...] = (
    TickJob("digest-tick", digest_tick),
    TickJob("alerts-tick", alerts_tick),
    TickJob("handoffs-tick", handoffs_tick),
    TickJob("feeds-tick", _feeds),
    TickJob("personal-tick", _personal),  # DMs: reminders, shifts moved, time off elsewhere
    TickJob("housekeeping", housekeeping, every=timedelta(hours=1)),
    DIRECTORY_SYNC,
)


def run_job(job: TickJob, services: Services, holder: str, *, always: bool = False) -> object:
    """One run of `job` as the scheduler makes it; a job of longer slots only when this
    instance wins its slot (None otherwise), or `always` (at start), noting the slot as run
    if it can. A slot whose run fails is tried again at the next minute."""
    if job.every <= MINUTE:
        return job.run(services, holder)
    now = services.clock()
    key = f"{job.id}:{slot_of(now, job.every).isoformat()}"
    outbox = services.store.outbox
    claim = outbox.claim(SLOT_KIND, key, workspace_id="", holder=holder, now=now, lease=job.every)
    if claim is None and not always:
        return None
    try:
        result = job.run(services, holder)
    except BaseException:
        if claim is not None:
            outbox.release(SLOT_KIND, key, holder=holder, now=services.clock())
        raise
    if claim is not None:
        outbox.sent(SLOT_KIND, key, holder=holder, channel="", ts="", now=services.clock())
    return result


def slot_of(now: datetime, every: timedelta) -> datetime:
    """The start of the slot of length `every` that `now` falls in, counted from the epoch."""
    seconds = int(every.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, UTC)


def tick(services: Services, holder: str) -> dict[str, dict[str, int] | None]:
    """`availbot tick`: every job once, in order; what each did (None: not its slot's turn)."""
    return {job.id: summary(run_job(job, services, holder)) for job in JOBS}


def summary(result: object) -> dict[str, int] | None:
    """A job's result as counts: outcomes by name (`posted`, `held` …), or its own counts."""
    if result is None:
        return None
    if isinstance(result, dict):
        return {str(k): int(v) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return dict(Counter(_word(item) for item in result))
    return {"done": 1}


def _word(item: Any) -> str:
    if isinstance(item, Enum):
        return str(item.value)
    ok = getattr(item, "ok", None)
    return "ok" if ok is True else "failed" if ok is False else type(item).__name__
