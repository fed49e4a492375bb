"""Undo on a filled cover request: the requester gets back what taking it cut of their own
overrides, and the request, open again, can be taken again (docs/alerts.md)."""

from __future__ import annotations

from typing import Any

from bot import ids
from core.alerts.model import Cut, RequestStatus
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import ANN, CAROL, SignedClient, click_in_channel_message, text_of
from tests.bot.cover_team import DAN, buttons, channel_posts
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_cover import request_id, take

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team


def holders(store: SqlStore) -> list[tuple[str, str, str]]:
    names = {m.id: m.name for m in store.members.all(TEAM_ID)}
    return [
        (names[o.member_id], o.start.isoformat(), o.end.isoformat())
        for o in store.overrides.in_window(TEAM_ID, None, None)
    ]


def undo(slack: SignedClient, request: dict[str, Any], user: str) -> None:
    value = buttons(request)[ids.TAKE_REQUEST_ACTION]
    click_in_channel_message(
        slack, ids.UNDO_REQUEST_ACTION, value, channel="C1", ts="1.0", user=user
    )


def test_undo_gives_the_requester_back_the_override_taking_it_cut(
    slack: SignedClient, standin: SlackStandIn, team: SqlStore
) -> None:
    slack.ask("cover primary thu 09:00 for 24h", user=DAN, command="/oncall")
    before = holders(team)
    assert [name for name, _, _ in before] == ["Dan"]
    slack.ask("cover me thu primary", user=DAN, command="/oncall")
    [request] = channel_posts(standin, "C1")
    take(slack, request, user=CAROL)
    assert "Carol" in [name for name, _, _ in holders(team)]
    undo(slack, request, user=CAROL)
    assert holders(team) == before
    stored = team.cover_requests.get(TEAM_ID, request_id(request))
    assert stored is not None and stored.status is RequestStatus.OPEN
    assert stored.cut == Cut() and stored.override_ids == ()


def test_the_request_undo_opened_again_can_be_taken_again(
    slack: SignedClient, standin: SlackStandIn, team: SqlStore
) -> None:
    slack.ask("cover primary thu 09:00 for 24h", user=DAN, command="/oncall")
    slack.ask("cover me thu primary", user=DAN, command="/oncall")
    [request] = channel_posts(standin, "C1")
    take(slack, request, user=CAROL)
    undo(slack, request, user=CAROL)
    again = take(slack, request, user=ANN)
    assert "Thanks!" in text_of(again), text_of(again)
    assert [name for name, _, _ in holders(team) if name != "Dan"] == ["Ann Admin"]
