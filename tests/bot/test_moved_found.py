"""A "your shift moved" DM whose answer was lost, found later, counts only for the shift it
told of: a newer change is still told (docs/alerts.md#your-next-shift-moved)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.main import Runtime
from core.people.model import OPERATOR
from core.rotations.overrides import cover
from core.time.spans import Span
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import CAROL, NOW
from tests.bot.cover_team import DAN
from tests.bot.slack_standin import DROPPED, TEAM_ID, SlackStandIn
from tests.bot.test_reminders import dms, someone, tick

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team
WEEK = timedelta(days=7)


def give_dan(store: SqlStore, first: datetime, now: datetime) -> None:
    dan = someone(store, DAN)
    span = Span(first, first + WEEK)
    cover(
        store,
        OPERATOR,
        workspace_id=TEAM_ID,
        rotation_name="primary",
        span=span,
        member=dan,
        now=now,
    )


def test_a_dm_found_after_a_lost_answer_does_not_stand_for_a_newer_change(
    runtime: Runtime, standin: SlackStandIn, team: SqlStore
) -> None:
    tick(runtime, NOW)
    give_dan(team, datetime(2026, 3, 9, 8, 0, tzinfo=UTC), NOW)  # Carol's week
    later = NOW + timedelta(hours=4)  # 09:00 in New York
    standin.fail_next("chat.postMessage", DROPPED)  # Slack posts it, the answer is lost
    tick(runtime, later)
    [told] = dms(standin, CAROL)
    assert "now *primary* Mon 6 Apr" in told["text"]
    give_dan(team, datetime(2026, 4, 6, 7, 0, tzinfo=UTC), later)  # her next week too
    tick(runtime, later + timedelta(minutes=2))
    tick(runtime, later + timedelta(minutes=4))
    texts = [m["text"] for m in dms(standin, CAROL)]
    assert len(texts) == 2 and "no shift in the next 35 days" in texts[1], texts
    tick(runtime, later + timedelta(minutes=6))
    assert len(dms(standin, CAROL)) == 2  # and each once
