"""The composition root: settings → store → Slack client → services → Bolt app → scheduler."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App

from bot.api.app import create_api
from bot.api.caller import ApiServices
from bot.app import create_app
from bot.config import Settings
from bot.http import HttpServer, wsgi_app
from bot.jobs.digest_tick import instance_name
from bot.jobs.scheduler import start_scheduler
from bot.jobs.tick import DIRECTORY_SYNC, JOBS, run_job
from bot.services import Services
from bot.slack_api import (
    TIMEOUT_SECONDS,
    SlackUnavailable,
    make_client,
    passing_trouble,
    standing_refusal,
)
from bot.units import RenewingExecutor, job
from core.ports import Clock
from core.time.calendars import load_holidays
from storage.repositories import SqlStore

log = logging.getLogger(__name__)
T = TypeVar("T")
LISTENER_THREADS = 4  # few: acknowledgements share one GIL with this work
ACK_SWITCH_INTERVAL = 0.001  # seconds


def clock() -> datetime:
    """The real clock, read only here: everything else is handed `now`."""
    return datetime.now(UTC).replace(microsecond=0)


def slack_services(
    settings: Settings, store: SqlStore, now: Clock = clock, *, timeout: float = TIMEOUT_SECONDS
) -> Services:
    return Services(store, settings, make_client(settings, timeout=timeout), now)


@dataclass(frozen=True)
class Patience:
    """How long `start` waits for Slack to answer its auth.test: the pauses between tries
    (a minute in all), how to pause (there and in every retry availbot makes itself), and
    how long one call may take."""

    pauses: tuple[float, ...] = (1, 2, 4, 8, 15, 15, 15)
    sleep: Callable[[float], None] = time.sleep
    timeout: float = TIMEOUT_SECONDS


def reach_slack(connect: Callable[[], T], patience: Patience, *, url: str) -> T:
    """`connect()` (which checks the token with auth.test), tried again while Slack does not
    answer or has trouble of its own; a refusal that will stand (a bad token), or Slack
    still down after every pause, ends it as a SlackUnavailable: one line, no traceback."""
    for pause in (*patience.pauses, None):
        try:
            return connect()
        except Exception as exc:
            trouble = passing_trouble("auth.test", exc)
            if trouble is None:
                refused = standing_refusal("auth.test", exc)
                if refused is None:
                    raise
                raise refused from exc
            if pause is None:
                waited = sum(patience.pauses)
                raise SlackUnavailable(
                    "auth.test",
                    trouble.error,
                    f"Slack did not answer `auth.test` at {url} for {waited:g} s "
                    f"({trouble.error}). Check SLACK_API_URL and the network, then start "
                    "availbot again.",
                ) from None
            log.warning(
                "Slack did not answer auth.test (%s); trying again in %g s", trouble.error, pause
            )
            patience.sleep(pause)
    raise AssertionError("unreachable")  # the last pass returns or raises


@dataclass
class Runtime:
    """The running app: its services, the Bolt app, its worker threads and the scheduler."""

    services: Services
    app: App
    executor: ThreadPoolExecutor
    scheduler: BackgroundScheduler
    store: SqlStore

    def close(self) -> None:
        self.scheduler.shutdown(wait=True)
        self.executor.shutdown(wait=True)


def start(
    settings: Settings,
    store: SqlStore,
    *,
    socket: bool = False,
    now: Clock = clock,
    patience: Patience = Patience(),
    first_run_now: bool = True,
) -> Runtime:
    """Validate the Slack settings, build the app once Slack answers (Patience), sync the
    directory once, start the jobs (at once, unless `first_run_now` is False: a minute on)."""
    settings.require_slack(socket=socket)
    load_holidays()  # at start, not inside the first Slack answer that needs a calendar
    executor = RenewingExecutor(store, LISTENER_THREADS, thread_name_prefix="availbot-listener")
    services = replace(
        slack_services(settings, store, now, timeout=patience.timeout),
        executor=executor,
        sleep=patience.sleep,
    )
    try:
        app = reach_slack(
            lambda: create_app(services, executor, verify_signatures=not socket),
            patience,
            url=settings.slack_api_url,
        )
        holder = instance_name()
        # the directory once before serving; its slot noted, so the scheduler does not redo it
        sync = partial(run_job, DIRECTORY_SYNC, services, holder, always=True)
        job(store, DIRECTORY_SYNC.id, sync)()
        store.close()  # this thread's connection: the threads that serve open their own
    except BaseException:
        executor.shutdown(wait=True)
        raise
    scheduler = start_scheduler(
        [(j.id, job(store, j.id, partial(run_job, j, services, holder))) for j in JOBS],
        first_run_now=first_run_now,
    )
    return Runtime(services, app, executor, scheduler, store)


def api_services(settings: Settings, store: SqlStore, now: Clock = clock) -> ApiServices:
    return ApiServices(store, settings, now)


def http_server(
    runtime: Runtime, *, host: str = "0.0.0.0", port: int = 3000, socket: bool = False
) -> HttpServer:
    """The HTTP server: Slack's endpoint (not in Socket Mode), /healthz and the API."""
    services = runtime.services
    secret = services.settings.slack_signing_secret or ""
    api = create_api(api_services(services.settings, runtime.store, services.clock))
    application = wsgi_app(
        None if socket else runtime.app, services.store.ping, signing_secret=secret, api=api
    )
    return HttpServer(application, host=host, port=port)


def serve(
    settings: Settings, store: SqlStore, *, socket: bool, port: int, host: str | None = None
) -> None:
    """`availbot serve`: HTTP on waitress at /slack/events, /healthz and the API; in Socket
    Mode, Slack over its socket and /healthz and the API on the port."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Acknowledgements are tiny, the work behind them is not: let the interpreter switch
    # threads every millisecond instead of every five, so an ack never waits out a slice.
    sys.setswitchinterval(ACK_SWITCH_INTERVAL)
    runtime = start(settings, store, socket=socket)
    server = http_server(runtime, host=host or settings.host, port=port, socket=socket)
    try:
        if socket:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            server.start()
            log.info("availbot API and /healthz on %s port %d", server.host, server.port)
            handler = SocketModeHandler(runtime.app, settings.slack_app_token)
            handler.start()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
        else:
            log.info("availbot listening on %s port %d at /slack/events", server.host, server.port)
            server.serve_forever()
    finally:
        if socket:
            server.stop()
        runtime.close()
