"""The scheduler adapter: APScheduler runs each timed job (bot/jobs/tick.py) once a minute,
each on its own thread, the first time right at start."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

TICK_EVERY = timedelta(minutes=1)


def start_scheduler(
    jobs: Sequence[tuple[str, Callable[[], object]]], *, first_run_now: bool = True
) -> BackgroundScheduler:
    """A running scheduler calling each (id, job) every minute, first right away, so digests
    and alerts missed while the app was down go out now. Nothing about what is due lives in
    APScheduler's memory: each run asks the database (core decides, claims make it once), and
    jobs of longer intervals claim their slot (bot.jobs.tick.run_job). A job still running
    when its next minute comes is not started twice (`max_instances=1`, coalesced).
    `first_run_now=False` waits the first minute out (tests that tick by hand)."""
    scheduler = BackgroundScheduler(timezone="UTC")
    for job_id, run in jobs:
        scheduler.add_job(
            run,
            "interval",
            seconds=int(TICK_EVERY.total_seconds()),
            id=job_id,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC) + (timedelta(0) if first_run_now else TICK_EVERY),
        )
    scheduler.start()
    return scheduler
