"""A shift longer than the window read (a one-person rotation): the tick and refresh_watch
read the same window, and no DM gives the window's edge as the shift's end."""

from __future__ import annotations

from datetime import timedelta

from bot.main import Runtime
from core.people.model import OPERATOR
from core.rotations.overrides import cover
from core.schedules.file import apply_schedules
from core.time.spans import Span
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import ANN, NOW, SignedClient, text_of
from tests.bot.cover_team import DAN, SCHEDULE
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_reminders import dms, someone, tick

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team

ESCALATION = (
    SCHEDULE
    + """
[[rotation]]
name = "escalation"
timezone = "Europe/Madrid"
shift = "1w"
handoff = "mon 09:00"
start = "2026-02-23"
members = ["dan@example.com"]
"""
)


def escalation(store: SqlStore) -> None:
    apply_schedules(
        store, OPERATOR, workspace_id=TEAM_ID, text=ESCALATION, fallback_zone="UTC", now=NOW
    )


def test_a_change_you_made_yourself_brings_no_moved_dm_for_a_long_shift(
    runtime: Runtime, slack: SignedClient, standin: SlackStandIn, team: SqlStore
) -> None:
    escalation(team)
    tick(runtime, NOW)
    slack.ask("cover primary thu 09:00 for 24h", user=DAN, command="/oncall")
    tick(runtime, NOW + timedelta(minutes=1))
    assert dms(standin, DAN) == []


def test_a_long_shift_with_no_change_is_quiet_for_days(
    runtime: Runtime, standin: SlackStandIn, team: SqlStore
) -> None:
    escalation(team)
    for minutes in (0, 1, 60, 60 * 24 * 2):
        tick(runtime, NOW + timedelta(minutes=minutes))
    assert dms(standin, DAN) == []


def test_a_moved_long_shift_is_not_given_the_windows_edge_as_its_end(
    runtime: Runtime, standin: SlackStandIn, team: SqlStore
) -> None:
    escalation(team)
    tick(runtime, NOW)
    cover(
        team,
        OPERATOR,
        workspace_id=TEAM_ID,
        rotation_name="escalation",
        span=Span(NOW, NOW + timedelta(days=2)),
        member=someone(team, ANN),
        now=NOW,
    )
    tick(runtime, NOW + timedelta(minutes=1))
    [moved] = dms(standin, DAN)
    assert "changed: now *escalation* Wed 4 Mar 11:00" in text_of(moved)
    assert "or later" in text_of(moved)
