"""The personal tick through the Slack stand-in: what each person finds in their DMs, and that
nothing is ever sent twice (two holders, Slack answering 429 or losing an answer)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot import ids
from bot.jobs.personal import Told, personal_tick
from bot.main import Runtime
from core.people.model import OPERATOR, Member
from core.records.unavailability import add_unavailability
from core.rotations.overrides import cover
from core.schedules.file import apply_schedules
from core.time.spans import Span, day_span, zone
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import BOB, CAROL, NOW, SignedClient, text_of
from tests.bot.cover_team import (
    DAN,
    SCHEDULE,
    buttons,
    channel_posts,
)
from tests.bot.slack_standin import DROPPED, SERVER_ERROR, TEAM_ID, Failure, SlackStandIn

MADRID, NEW_YORK = zone("Europe/Madrid"), zone("America/New_York")


standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team


def tick(runtime: Runtime, at: datetime, holder: str = "a") -> Told:
    return personal_tick(replace(runtime.services, clock=lambda: at), holder)


def dms(standin: SlackStandIn, user: str) -> list[dict[str, Any]]:
    """The DMs a person has (messages Slack took, even when its answer was lost)."""
    return [m for m in standin.messages if m.get("channel") == f"D{user}"]


def someone(store: SqlStore, user: str) -> Member:
    found = store.members.by_slack_id(TEAM_ID, user)
    assert found is not None
    return found


def time_off(store: SqlStore, user: str, first: str, *, source: str, now: datetime) -> None:
    day = datetime.fromisoformat(first).date()
    who = someone(store, user)
    add_unavailability(
        store,
        OPERATOR,
        workspace_id=TEAM_ID,
        member_id=who.id,
        span=day_span(day, day, zone(who.tz or "UTC")),
        source=source,
        now=now,
    )


class TestShiftReminders:
    FRIDAY_4PM_NEW_YORK = datetime(2026, 3, 6, 21, 0, tzinfo=UTC)

    def test_carol_in_new_york_hears_on_friday_at_16_her_time_once(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK - timedelta(minutes=1)).reminders == 0
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK).reminders == 1
        tick(runtime, self.FRIDAY_4PM_NEW_YORK + timedelta(minutes=1), holder="b")
        [reminder] = dms(standin, CAROL)
        assert reminder["text"] == (
            ":bell: Reminder: you are on call for *primary* Mon 9 Mar 04:00 – "
            "Mon 16 Mar 04:00 (EDT, America/New_York)."
        )
        assert reminder["metadata"]["event_type"] == "availbot_dm"

    def test_what_stands_in_the_way_is_said_with_find_cover(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        time_off(team, CAROL, "2026-03-10", source="slack", now=NOW)
        tick(runtime, self.FRIDAY_4PM_NEW_YORK)
        [reminder] = [m for m in dms(standin, CAROL) if "Reminder" in m["text"]]
        shown = text_of(reminder)
        assert "*In the way*" in shown and "your *Time off* Tue 10 Mar" in shown
        assert ids.FIND_COVER_ACTION in buttons(reminder)

    def test_reminders_off_means_none(
        self, runtime: Runtime, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        slack.ask("settings reminders off", user=CAROL)
        tick(runtime, self.FRIDAY_4PM_NEW_YORK)
        assert dms(standin, CAROL) == []

    def test_slack_answering_429_for_a_while_gets_the_reminder_out_once_it_stops(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        busy = Failure(status=429, retry_after=0)
        standin.fail_next("chat.postMessage", busy, busy, busy, busy)
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK).reminders == 0
        assert dms(standin, CAROL) == []
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK + timedelta(minutes=1)).reminders == 1
        assert len(dms(standin, CAROL)) == 1

    def test_a_slack_500_is_looked_into_then_sent_once(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        """A 5xx may or may not have posted: the next try, a minute later, looks first."""
        standin.fail_next("chat.postMessage", SERVER_ERROR)
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK).reminders == 0
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK + timedelta(minutes=1)).reminders == 1
        assert len(dms(standin, CAROL)) == 1
        assert [c.params["channel"] for c in standin.calls_to("conversations.history")] == [
            f"D{CAROL}"
        ]

    def test_an_answer_lost_after_slack_posted_is_found_not_sent_again(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        standin.fail_next("chat.postMessage", DROPPED)
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK).reminders == 0
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK + timedelta(seconds=30)).reminders == 0
        assert tick(runtime, self.FRIDAY_4PM_NEW_YORK + timedelta(minutes=2)).reminders == 1
        assert len(dms(standin, CAROL)) == 1
        assert standin.calls_to("conversations.history")


class TestTimeOffFromElsewhere:
    def test_an_imported_record_that_hits_bobs_shift_gets_him_one_dm(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        time_off(team, BOB, "2026-03-05", source="import:imp_1", now=NOW)
        assert tick(runtime, NOW).clashes == 1
        assert tick(runtime, NOW + timedelta(minutes=1), holder="b").clashes == 1  # found sent
        [dm] = dms(standin, BOB)
        assert "availbot recorded *Time off* for Bob: Thu 5 Mar" in text_of(dm)
        assert "You are on call for *primary* Thu 5 Mar 00:00 – Fri 6 Mar 00:00" in text_of(dm)
        assert ids.FIND_COVER_ACTION in buttons(dm)

    def test_bobs_own_slack_record_was_told_in_the_reply_not_by_dm(
        self, runtime: Runtime, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        slack.ask("add thu", user=BOB)
        assert tick(runtime, NOW).clashes == 0
        assert dms(standin, BOB) == []

    def test_at_night_it_waits_for_the_morning_unless_the_gap_is_within_12_hours(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        night = datetime(2026, 3, 3, 22, 30, tzinfo=UTC)  # 23:30 in Madrid
        time_off(team, BOB, "2026-03-06", source="feed:HR", now=night)
        tick(runtime, night)
        assert dms(standin, BOB) == []
        morning = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # 08:00 in Madrid
        tick(runtime, morning)
        assert len(dms(standin, BOB)) == 1
        time_off(team, BOB, "2026-03-04", source="api", now=night)  # from Wed 00:00
        tick(runtime, night + timedelta(minutes=1))
        assert len(dms(standin, BOB)) == 2


class TestYourShiftMoved:
    def test_an_override_by_someone_else_is_told_once(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        tick(runtime, NOW)  # first sight: recorded, nobody told
        assert all(dms(standin, who) == [] for who in (BOB, CAROL, DAN))
        dan = someone(team, DAN)
        monday = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
        cover(
            team,
            OPERATOR,
            workspace_id=TEAM_ID,
            rotation_name="primary",
            span=Span(monday, monday + timedelta(days=7)),
            member=dan,
            now=NOW,
        )
        later = NOW + timedelta(hours=4)  # 09:00 in New York: Carol's quiet hours are over
        assert tick(runtime, later).moves == 2  # Carol loses her week, Dan gets it
        tick(runtime, later + timedelta(minutes=1), holder="b")
        [carol] = dms(standin, CAROL)
        assert "Your next on-call shift changed: now *primary* Mon 6 Apr" in carol["text"]
        assert "it was primary Mon 9 Mar 04:00" in carol["text"]
        [dan_told] = dms(standin, DAN)
        assert "now *primary* Mon 9 Mar 09:00" in dan_told["text"]

    def test_covering_yourself_from_slack_brings_no_moved_dm(
        self, runtime: Runtime, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        tick(runtime, NOW)
        slack.ask("cover primary thu 09:00 for 24h", user=DAN, command="/oncall")
        tick(runtime, NOW + timedelta(minutes=1))
        assert dms(standin, DAN) == []
        assert len(dms(standin, BOB)) == 1  # Bob's shift was cut by someone else
        assert channel_posts(standin, "C1") == []


class TestCalendars:
    def test_a_closed_friday_moves_the_reminder_to_thursday_and_days_off_are_said(
        self, runtime: Runtime, standin: SlackStandIn, team: SqlStore
    ) -> None:
        office = (
            SCHEDULE
            + """
[[calendar]]
name = "New York office"
closed = ["2026-03-06", "2026-03-11"]
members = ["carol@example.com"]
"""
        )
        apply_schedules(
            team, OPERATOR, workspace_id=TEAM_ID, text=office, fallback_zone="UTC", now=NOW
        )
        thursday_4pm = datetime(2026, 3, 5, 21, 0, tzinfo=UTC)
        assert tick(runtime, thursday_4pm - timedelta(minutes=1)).reminders == 0
        assert tick(runtime, thursday_4pm).reminders == 1
        [reminder] = dms(standin, CAROL)
        assert "• Wed 11 Mar: a day off (New York office)" in text_of(reminder)
