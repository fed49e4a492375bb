"""Dan answers one swap twice at the same moment (Accept and Decline, each on its own listener
thread and connection): exactly one answer stands, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

from bot import ids
from core.alerts.model import SwapStatus
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import SignedClient, text_of
from tests.bot.cover_team import DAN
from tests.bot.slack_standin import TEAM_ID
from tests.bot.test_swap import ask_dan
from tests.integration.conftest import postgres_server, postgres_url  # noqa: F401

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team
database_url = cover_team.both_engines


class TestTwoAnswersAtOnce:
    def test_accept_and_decline_at_the_same_moment_give_one_outcome(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        swap_id = ask_dan(slack)
        answers: dict[str, dict[str, Any]] = {}
        start = threading.Barrier(2)

        def answer(action_id: str) -> None:
            start.wait()
            answers[action_id] = slack.click(action_id, swap_id, user=DAN)

        actions = (ids.ACCEPT_SWAP_ACTION, ids.DECLINE_SWAP_ACTION)
        threads = [threading.Thread(target=answer, args=(a,)) for a in actions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        swap = team.swaps.get(TEAM_ID, swap_id)
        assert swap is not None
        overrides = team.overrides.in_window(TEAM_ID, None, None)
        won = {
            SwapStatus.ACCEPTED: ids.ACCEPT_SWAP_ACTION,
            SwapStatus.DECLINED: ids.DECLINE_SWAP_ACTION,
        }
        assert len(overrides) == (2 if swap.status is SwapStatus.ACCEPTED else 0)
        lost = next(a for a in actions if a != won[swap.status])
        assert f"it was {swap.status.value} already" in text_of(answers[lost])
