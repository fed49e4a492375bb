"""The scheduler adapter: APScheduler jobs that call into the bot (directory sync every 6 h)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler

SYNC_EVERY = timedelta(hours=6)


def start_scheduler(sync: Callable[[], None]) -> BackgroundScheduler:
    """A running scheduler with the directory sync every six hours (the first sync runs at
    start, before serving). The digest's one-minute tick joins it in a later issue."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        sync,
        "interval",
        seconds=int(SYNC_EVERY.total_seconds()),
        id="directory-sync",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler
