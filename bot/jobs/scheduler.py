"""The scheduler adapter: APScheduler jobs that call into the bot (directory sync every 6 h,
the digest and feeds ticks every minute)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

SYNC_EVERY = timedelta(hours=6)
HOUSEKEEPING_EVERY = timedelta(hours=1)
TICK_EVERY = timedelta(minutes=1)


def start_scheduler(
    sync: Callable[[], None],
    tick: Callable[[], object] | None = None,
    feeds: Callable[[], object] | None = None,
    housekeeping: Callable[[], object] | None = None,
) -> BackgroundScheduler:
    """A running scheduler with the directory sync every six hours (the first sync runs at
    start, before serving) and the digest's one-minute tick, first right away so digests
    missed while the app was down go out now. Nothing about digests lives in APScheduler's
    memory: each tick asks the database what is due (core.digest.due). The feeds tick, also
    every minute, syncs the enabled feeds whose interval has come round (docs/feeds.md).
    Housekeeping, every hour, forgets what is kept only for a while (Idempotency-Keys'
    answers, docs/api.md#idempotency; calendar events past every feed's window)."""
    scheduler = BackgroundScheduler(timezone="UTC")
    for name, every_minute in (("digest-tick", tick), ("feeds-tick", feeds)):
        if every_minute is not None:
            scheduler.add_job(
                every_minute,
                "interval",
                seconds=int(TICK_EVERY.total_seconds()),
                id=name,
                max_instances=1,
                coalesce=True,
                next_run_time=datetime.now(UTC),
            )
    scheduler.add_job(
        sync,
        "interval",
        seconds=int(SYNC_EVERY.total_seconds()),
        id="directory-sync",
        max_instances=1,
        coalesce=True,
    )
    if housekeeping is not None:
        scheduler.add_job(
            housekeeping,
            "interval",
            seconds=int(HOUSEKEEPING_EVERY.total_seconds()),
            id="housekeeping",
            max_instances=1,
            coalesce=True,
        )
    scheduler.start()
    return scheduler
