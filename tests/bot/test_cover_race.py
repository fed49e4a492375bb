"""Two people confirm I'll cover on one request at the same moment: exactly one override, on
SQLite and on PostgreSQL (each request on its own listener thread and connection)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import ids
from bot.config import Settings
from bot.main import Runtime
from storage.repositories import SqlStore
from tests.bot.conftest import CAROL, SignedClient, text_of
from tests.bot.cover_team import DAN, make_team, runtime_without_jobs, standin_with_dan
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_cover import ask_for_cover, request_id
from tests.integration.conftest import ENGINES, postgres_server, postgres_url  # noqa: F401


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    yield from standin_with_dan()


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Overrides tests/bot's SQLite-only database: both engines."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'availbot.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def runtime(
    settings: Settings, store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Runtime]:
    yield from runtime_without_jobs(settings, store, monkeypatch)


@pytest.fixture
def team(runtime: Runtime, store: SqlStore) -> SqlStore:
    make_team(store)
    return store


class TestTwoTakersAtOnce:
    def test_two_confirms_at_the_same_moment_make_exactly_one_override(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        request = ask_for_cover(slack, standin)
        value = request_id(request)
        answers: dict[str, dict[str, Any]] = {}
        start = threading.Barrier(2)

        def confirm(user: str) -> None:
            start.wait()
            answers[user] = slack.click(ids.CONFIRM_REQUEST_ACTION, value, user=user)

        threads = [threading.Thread(target=confirm, args=(u,)) for u in (CAROL, DAN)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(team.overrides.in_window(TEAM_ID, None, None)) == 1
        said = sorted(text_of(a) for a in answers.values())
        assert sum("Thanks!" in s for s in said) == 1
        assert sum("is closed" in s for s in said) == 1
