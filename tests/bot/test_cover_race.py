"""Two people confirm I'll cover on one request at the same moment: exactly one override, on
SQLite and on PostgreSQL (each request on its own listener thread and connection)."""

from __future__ import annotations

import threading
from typing import Any

from bot import ids
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import CAROL, SignedClient, text_of
from tests.bot.cover_team import DAN
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_cover import ask_for_cover, request_id
from tests.integration.conftest import postgres_server, postgres_url  # noqa: F401

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team
database_url = cover_team.both_engines


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
