"""Remove on an override a cover request made is that request's Undo: the request opens
again, its message is redrawn and the requester told; the command line refuses and points
to Undo, as it cannot redraw the message (docs/alerts.md)."""

from __future__ import annotations

from pathlib import Path

from bot import ids
from core.alerts.model import RequestStatus
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import BOB, CAROL, SignedClient, text_of
from tests.bot.cover_team import buttons, channel_posts, updates
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_cover import ask_for_cover, request_id, take
from tests.cli.conftest import Availbot

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team


def test_removing_the_override_a_request_made_opens_the_request_again(
    slack: SignedClient, standin: SlackStandIn, team: SqlStore
) -> None:
    request = ask_for_cover(slack, standin)
    take(slack, request, user=CAROL)
    told = len(channel_posts(standin, f"D{BOB}"))
    listed = slack.ask("primary", user=CAROL, command="/oncall")
    value = buttons(listed)[ids.REMOVE_OVERRIDE_ACTION]
    removed = slack.click(ids.REMOVE_OVERRIDE_ACTION, value, user=CAROL)
    assert "the request is open again" in text_of(removed)
    assert team.overrides.in_window(TEAM_ID, None, None) == []
    stored = team.cover_requests.get(TEAM_ID, request_id(request))
    assert stored is not None and stored.status is RequestStatus.OPEN
    assert "covers" not in updates(standin)[-1]["text"]
    assert len(channel_posts(standin, f"D{BOB}")) == told + 1  # Bob hears it is open again


def test_the_command_line_refuses_and_points_to_undo(
    slack: SignedClient, standin: SlackStandIn, team: SqlStore, tmp_path: Path
) -> None:
    request = ask_for_cover(slack, standin)
    take(slack, request, user=CAROL)
    [override] = team.overrides.in_window(TEAM_ID, None, None)
    refused = Availbot(tmp_path)("--workspace", TEAM_ID, "overrides", "remove", override.id)
    assert refused.status != 0
    assert "filled a request for cover of primary" in refused.err and "undo it" in refused.err
    assert team.overrides.in_window(TEAM_ID, None, None) == [override]
