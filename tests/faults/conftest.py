"""Fault injection: a throwaway PostgreSQL cluster of our own that tests stop and start.

Never the system server: `initdb` makes a cluster in a fresh directory, `pg_ctl` runs it on
a free port of 127.0.0.1 (its socket in that directory), and tests take it away and bring
it back on cue (`stop`, `start`, `terminate`). PostgreSQL refuses to run as root, so as root
the cluster belongs to the `postgres` user and every binary runs through `runuser`.

Without PostgreSQL's binaries these tests are skipped, saying why, unless
AVAILBOT_REQUIRE_POSTGRES=1 (as in CI), which makes that a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import queue
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from bot.config import Settings
from bot.main import Runtime, http_server, start
from storage.repositories import SqlStore, open_store
from tests.bot.conftest import _ENVIRONMENT as ENVIRONMENT
from tests.bot.conftest import SECRET, SignedClient, people
from tests.bot.slack_standin import BOT_TOKEN, SlackStandIn

APPLICATION = "availbot-under-test"  # application_name of the app's connections
_BINARIES = "/usr/lib/postgresql/*/bin"


def _bin_dir() -> Path | None:
    found = sorted(glob.glob(f"{_BINARIES}/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Cluster:
    """One PostgreSQL cluster in `directory`, listening on 127.0.0.1:`port`."""

    def __init__(self, bin_dir: Path, directory: Path, port: int, user: str | None) -> None:
        self.bin_dir, self.directory, self.port, self.user = bin_dir, directory, port, user
        self.data = directory / "data"
        self.log = directory / "server.log"

    def _run(self, *argv: str) -> None:
        command = [str(self.bin_dir / argv[0]), *argv[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{log}")

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.directory} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        """Take the server away: `immediate` is a crash, `fast` a clean shutdown."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def admin(self, sql: str) -> list[tuple[object, ...]]:
        with closing(psycopg2.connect(self.url, connect_timeout=5)) as conn:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall()) if cursor.description else []

    def terminate(self, application_name: str = APPLICATION) -> int:
        """End every backend of that application, as a failover or an idle timeout does."""
        rows = self.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE application_name = '{application_name}'"
        )
        return len(rows)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    """A running cluster of our own (one per test process), removed at the end."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        reason = f"PostgreSQL's binaries (initdb, pg_ctl) are not under {_BINARIES} or on PATH"
        if os.environ.get("AVAILBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"AVAILBOT_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    directory = Path(tempfile.mkdtemp(prefix="availbot-pg-"))
    user = None
    if os.geteuid() == 0:  # postgres will not run as root
        user = "postgres"
        owner = pwd.getpwnam(user)
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    server = Cluster(bin_dir, directory, _free_port(), user)
    try:
        server.init()
        server.start()
        yield server
        with suppress(RuntimeError):  # already stopped by a test
            server.stop("fast")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def running(cluster: Cluster) -> Iterator[Cluster]:
    """The cluster, up at the start of the test and again after it, whatever it did."""
    _ensure_up(cluster)
    yield cluster
    _ensure_up(cluster)


def _ensure_up(cluster: Cluster) -> None:
    try:
        cluster.admin("SELECT 1")
    except psycopg2.OperationalError:
        cluster.start()


@pytest.fixture
def fault_url(running: Cluster) -> Iterator[str]:
    """A URL on a fresh schema of the cluster, its connections named APPLICATION."""
    schema = f"t_{secrets.token_hex(6)}"
    running.admin(f"CREATE SCHEMA {schema}")
    try:
        yield f"{running.url}?search_path={schema}&application_name={APPLICATION}"
    finally:
        _ensure_up(running)
        running.admin(f"DROP SCHEMA {schema} CASCADE")


class Clock:
    """The app's clock, moved by the test (digests are due at a time of day)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class App:
    """availbot running on waitress against a Slack stand-in, and what the test needs."""

    runtime: Runtime
    slack: SignedClient
    standin: SlackStandIn
    store: SqlStore
    clock: Clock

    def healthz(self) -> int:
        return self.slack.request("GET", "/healthz").status

    def tick(self, timeout: float = 30.0) -> object:
        """Run the scheduler's digest tick now, on the scheduler's own threads; what it
        returned, or the exception it raised."""
        done: queue.Queue[object] = queue.Queue()

        def finished(event: Any) -> None:
            if event.job_id == "digest-tick":
                done.put(event.exception if event.exception is not None else event.retval)

        scheduler = self.runtime.scheduler
        scheduler.add_listener(finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        try:
            scheduler.get_job("digest-tick").modify(next_run_time=datetime.now(UTC))
            scheduler.wakeup()
            return done.get(timeout=timeout)
        finally:
            scheduler.remove_listener(finished)


@contextmanager
def serving(url: str, clock: Clock) -> Iterator[App]:
    """Open `url`, start availbot on it over HTTP, stop it all afterwards."""
    standin = SlackStandIn(users=people()).start()
    store = open_store(url)
    settings = Settings(
        database_url=url,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=standin.url,
        admins=("carol@example.com",),
    )
    try:
        runtime = start(settings, store, now=clock)
        try:
            http = http_server(runtime, host="127.0.0.1", port=0).start()
            try:
                yield App(runtime, SignedClient(http.port, standin), standin, store, clock)
            finally:
                http.stop()
        finally:
            runtime.close()
    finally:
        with suppress(Exception):
            store.close()
        standin.stop()


@pytest.fixture(autouse=True)
def _no_oauth_no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in tests/bot: OAuth variables switch Bolt to OAuth, proxies catch localhost."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
