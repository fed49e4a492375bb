"""A team for the covering and reminder tests: four people (Dan is no admin), a weekly
rotation Bob holds this week, and the channel C1 whose digest covers it. A test module takes
the fixtures up as its own: `standin, runtime, team = cover_team.standin, …`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.main import Runtime, start
from core.digest.due import Subscription
from core.people.model import OPERATOR
from core.schedules.file import apply_schedules
from storage.repositories import SqlStore
from tests.bot.conftest import NOW, SignedClient, people
from tests.bot.slack_standin import TEAM_ID, SlackStandIn, slack_user
from tests.integration.conftest import ENGINES

DAN = "UDAN"
SCHEDULE = """
timezone = "Europe/Madrid"
[[rotation]]
name = "primary"
timezone = "Europe/Madrid"
shift = "1w"
handoff = "mon 09:00"
start = "2026-02-23"
members = ["ann@example.com", "bob@example.com", "carol@example.com", "dan@example.com"]
"""


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    """The stand-in with Slack's users and Dan (taken up by a test module as its own)."""
    team = [*people(), slack_user(DAN, "dan@example.com", "Dan", tz="Europe/Madrid")]
    fake = SlackStandIn(users=team).start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(params=ENGINES)
def both_engines(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL on each engine in turn: a module takes it up as its `database_url`
    (tests/bot's own is SQLite only)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'availbot.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def runtime(
    settings: Settings, store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Runtime]:
    """The app without its timed jobs: the tests tick themselves, at the instants they
    choose, and nothing runs behind their backs."""
    monkeypatch.setattr("bot.main.JOBS", ())
    running = start(settings, store, now=lambda: NOW, first_run_now=False)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def team(runtime: Runtime, store: SqlStore) -> SqlStore:
    """The synced team with the rotation and the digest channel C1."""
    make_team(store)
    return store


def make_team(store: SqlStore, *, channel: str | None = "C1") -> None:
    """The rotation (Ann had last week, Bob this week from Mon 2 Mar 09:00 CET, Carol next)
    and, unless `channel` is None, a digest there covering every rotation."""
    apply_schedules(
        store, OPERATOR, workspace_id=TEAM_ID, text=SCHEDULE, fallback_zone="UTC", now=NOW
    )
    if channel is not None:
        store.digests.save(
            Subscription("sub_1", TEAM_ID, channel, time(9, 0), "Europe/Madrid", created_at=NOW)
        )


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Every button of a message: action id → value."""
    found: dict[str, str] = {}
    for block in message.get("blocks") or []:
        elements = [block.get("accessory")] if block.get("accessory") else []
        elements += block.get("elements") or []
        for element in elements:
            if element and element.get("type") == "button":
                found[element["action_id"]] = element["value"]
    return found


def channel_posts(standin: SlackStandIn, channel: str) -> list[dict[str, Any]]:
    return [
        c.params for c in standin.calls_to("chat.postMessage") if c.params["channel"] == channel
    ]


def updates(standin: SlackStandIn) -> list[dict[str, Any]]:
    return [c.params for c in standin.calls_to("chat.update")]


def click_in_view(
    client: SignedClient, action_id: str, value: str, *, view_id: str, user: str
) -> None:
    """Click a button inside a modal (no response_url: the modal itself is updated)."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A1",
        "container": {"type": "view", "view_id": view_id},
        "view": {"id": view_id, "type": "modal"},
        "trigger_id": "1.2.3",
        "actions": [{"action_id": action_id, "value": value, "type": "button"}],
    }
    assert client.interact(payload).status == 200
