"""The real path for the HTTP API: availbot's WSGI app on waitress, called over HTTP.

Each test gets a fresh database (SQLite, and PostgreSQL where a test asks for `engine`),
a workspace `T0API` with the API enabled, three members and the default types, and a
client that sends real HTTP requests. The app's clock is fixed (Mon 2 Mar 2026 10:00 UTC),
but for `cal` (the calendar feeds' tests: two rotations, a clock the test moves).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from bot.api.app import create_api
from bot.api.caller import ApiApp, ApiServices
from bot.config import Settings
from bot.http import HttpServer, wsgi_app
from core.access.keys import create_key, set_api
from core.access.model import Scope
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR, Member
from core.ports import Clock
from core.schedules.file import apply_schedules
from core.workspaces import create_workspace
from storage.repositories import SqlStore, open_store
from tests.integration.conftest import (  # noqa: F401  (fixtures)
    postgres_server,
    postgres_url,
    sqlite_url,
)

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
WS = "T0API"


@dataclass
class Reply:
    status: int
    headers: Message  # looked up in any case
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Api:
    """A running API server over one store, and what the tests made in it."""

    server: HttpServer
    store: SqlStore
    app: ApiApp  # the Falcon app behind the server (tests may add routes to it)
    members: dict[str, Member] = field(default_factory=dict)

    def key(self, scope: Scope = Scope.ADMIN, *, member: str | None = None, name: str = "") -> str:
        """A fresh key (for `member`, an email, when given)."""
        bound = self.members[member] if member else None
        label = name or f"key-{len(self.store.api_keys.all(WS)) + 1}"
        _, secret = create_key(
            self.store, workspace_id=WS, name=label, scope=scope, member=bound, now=NOW
        )
        return secret

    def call(
        self,
        method: str,
        path: str,
        *,
        key: str | None = None,
        json_body: Any = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        scheme: str = "Bearer",
    ) -> Reply:
        sent = dict(headers or {})
        if key is not None:
            sent.setdefault("Authorization", f"{scheme} {key}")
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent.setdefault("Content-Type", "application/json")
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            return Reply(answer.status, answer.msg, answer.read())
        finally:
            connection.close()


PEOPLE = (
    ("ann@example.com", "Ann Admin", "UTC", True),
    ("bob@example.com", "Bob", "Europe/Madrid", False),
    ("carol@example.com", "Carol", "America/New_York", False),
)


def seeded(store: SqlStore) -> dict[str, Member]:
    create_workspace(store, WS, now=NOW)
    set_api(store, WS, True)
    made = {}
    for email, name, tz, admin in PEOPLE:
        made[email] = add_member(
            store, OPERATOR, WS, NewMember(email=email, name=name, tz=tz, admin=admin)
        )
    return made


def running(
    store: SqlStore,
    database_url: str,
    clock: Clock = lambda: NOW,
    *,
    settings: Settings | None = None,
) -> Iterator[Api]:
    with serving(store, settings or Settings(database_url=database_url), clock) as api:
        api.members = seeded(store)
        yield api


@contextmanager
def serving(store: SqlStore, settings: Settings, clock: Clock) -> Iterator[Api]:
    """An API server over `store` as it is (another instance, or one restarted with other
    settings)."""
    app = create_api(ApiServices(store, settings, clock))
    server = HttpServer(wsgi_app(None, store.ping, api=app), host="127.0.0.1", port=0).start()
    try:
        yield Api(server, store, app)
    finally:
        server.stop()


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    """On SQLite."""
    url = f"sqlite:///{tmp_path / 'availbot.db'}"
    with open_store(url) as store:
        yield from running(store, url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_api(request: pytest.FixtureRequest) -> Iterator[Api]:
    """On SQLite and on PostgreSQL."""
    url = str(request.getfixturevalue(f"{request.param}_url"))
    with open_store(url) as store:
        yield from running(store, url)


SECRET = "calendar-secret-for-the-tests-0123456789"
SCHEDULES = """timezone = "Europe/Madrid"

[[rotation]]
name = "primary"
timezone = "Europe/Madrid"
shift = "1w"
handoff = "mon 09:00"
start = 2026-02-02
members = ["ann@example.com", "bob@example.com", "carol@example.com"]

[[rotation]]
name = "support"
timezone = "America/New_York"
shift = "1d"
handoff = "09:00"
start = 2026-02-02
members = ["bob@example.com", "carol@example.com"]
"""


@dataclass
class MovableClock:
    """The app's clock, which a test moves."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def cal(request: pytest.FixtureRequest, clock: MovableClock) -> Iterator[Api]:
    """The API server with the two rotations, on SQLite and PostgreSQL, its clock movable."""
    url = str(request.getfixturevalue(f"{request.param}_url"))
    with open_store(url) as store:
        settings = Settings(database_url=url, calendar_secret=SECRET)
        for api in running(store, url, clock, settings=settings):
            apply_schedules(
                store, OPERATOR, workspace_id=WS, text=SCHEDULES, fallback_zone="UTC", now=NOW
            )
            yield api
