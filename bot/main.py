"""The composition root: settings → store → Slack client → services → Bolt app → scheduler."""

from __future__ import annotations

import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App

from bot.app import create_app
from bot.config import Settings
from bot.http import HttpServer, wsgi_app
from bot.jobs.digest_tick import digest_tick, instance_name
from bot.jobs.directory_sync import sync_quietly
from bot.jobs.scheduler import start_scheduler
from bot.services import Services
from bot.slack_api import make_client
from core.ports import Clock
from storage.repositories import SqlStore

log = logging.getLogger(__name__)
LISTENER_THREADS = 4  # few: acknowledgements share one GIL with this work
ACK_SWITCH_INTERVAL = 0.001  # seconds


def clock() -> datetime:
    """The real clock, read only here: everything else is handed `now`."""
    return datetime.now(UTC).replace(microsecond=0)


def slack_services(settings: Settings, store: SqlStore, now: Clock = clock) -> Services:
    return Services(store, settings, make_client(settings), now)


@dataclass
class Runtime:
    """The running app: its services, the Bolt app, its worker threads and the scheduler."""

    services: Services
    app: App
    executor: ThreadPoolExecutor
    scheduler: BackgroundScheduler

    def close(self) -> None:
        self.scheduler.shutdown(wait=True)
        self.executor.shutdown(wait=True)


def start(
    settings: Settings, store: SqlStore, *, socket: bool = False, now: Clock = clock
) -> Runtime:
    """Validate the Slack settings, build the app, sync the directory once, start the jobs."""
    settings.require_slack(socket=socket)
    executor = ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="availbot-listener")
    services = replace(slack_services(settings, store, now), executor=executor)
    try:
        app = create_app(services, executor, verify_signatures=not socket)
        sync_quietly(services)
    except BaseException:
        executor.shutdown(wait=True)
        raise
    holder = instance_name()
    scheduler = start_scheduler(
        lambda: sync_quietly(services), lambda: digest_tick(services, holder)
    )
    return Runtime(services, app, executor, scheduler)


def http_server(runtime: Runtime, *, host: str = "0.0.0.0", port: int = 3000) -> HttpServer:
    services = runtime.services
    secret = services.settings.slack_signing_secret or ""
    application = wsgi_app(runtime.app, services.store.ping, signing_secret=secret)
    return HttpServer(application, host=host, port=port)


def serve(
    settings: Settings, store: SqlStore, *, socket: bool, port: int, host: str | None = None
) -> None:
    """`availbot serve`: HTTP on waitress at /slack/events (and /healthz), or Socket Mode."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Acknowledgements are tiny, the work behind them is not: let the interpreter switch
    # threads every millisecond instead of every five, so an ack never waits out a slice.
    sys.setswitchinterval(ACK_SWITCH_INTERVAL)
    runtime = start(settings, store, socket=socket)
    try:
        if socket:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            handler = SocketModeHandler(runtime.app, settings.slack_app_token)
            handler.start()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
        else:
            server = http_server(runtime, host=host or settings.host, port=port)
            log.info("availbot listening on %s port %d at /slack/events", server.host, server.port)
            server.serve_forever()
    finally:
        runtime.close()
