"""Slack failing after a cover was taken: the cover stands, the taker is thanked with Undo
and the requester still hears who covers (docs/alerts.md#cover-requests)."""

from __future__ import annotations

import pytest

from bot import ids
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import BOB, CAROL, SignedClient, text_of
from tests.bot.cover_team import buttons, channel_posts
from tests.bot.slack_standin import DROPPED, TEAM_ID, SlackStandIn
from tests.bot.test_cover import ask_for_cover, take

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team


@pytest.mark.parametrize("method", ["chat.update", "conversations.open"])
def test_a_connection_lost_after_the_take_leaves_the_cover_taken_and_said(
    slack: SignedClient, standin: SlackStandIn, team: SqlStore, method: str
) -> None:
    request = ask_for_cover(slack, standin)
    standin.fail_next(method, DROPPED, DROPPED, DROPPED)
    answer = take(slack, request, user=CAROL)
    assert len(team.overrides.in_window(TEAM_ID, None, None)) == 1
    assert "nothing was changed" not in text_of(answer).lower()
    assert "Thanks!" in text_of(answer) and ids.UNDO_REQUEST_ACTION in buttons(answer)
    if method == "chat.update":
        assert channel_posts(standin, f"D{BOB}")  # Bob is told who covers all the same
