"""Time off moved onto its member's own shift: the member hears of it unless they made that
change themselves in Slack, where the edit form's confirmation says so at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import ids
from bot.main import Runtime
from core.people.model import OPERATOR
from core.records.unavailability import RecordChange, update_unavailability
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import BOB, NOW, SignedClient, text_of
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_edit import added, edit_by_command, submit_edit
from tests.bot.test_home import words
from tests.bot.test_modal import state
from tests.bot.test_reminders import dms, someone, tick

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team
WED = datetime(2026, 3, 3, 23, 0, tzinfo=UTC)  # Wed 4 Mar in Madrid: Bob's week


def clash_dms(standin: SlackStandIn) -> list[str]:
    return [text_of(m) for m in dms(standin, BOB) if "opens a gap" in text_of(m)]


def bobs_record(store: SqlStore) -> str:
    bob = someone(store, BOB)
    [record] = store.unavailability.in_window(TEAM_ID, NOW, NOW + timedelta(days=30), [bob.id])
    return record.id


def test_someone_else_moving_your_own_slack_record_onto_your_shift_dms_you(
    runtime: Runtime, slack: SignedClient, standin: SlackStandIn, team: SqlStore
) -> None:
    reply = slack.ask("add 2026-03-12", user=BOB)  # Carol's week: no gap, nothing said
    assert "opens a gap" not in text_of(reply)
    later = NOW + timedelta(minutes=5)
    change = RecordChange(start=WED, end=WED + timedelta(days=1))
    update_unavailability(
        team, OPERATOR, workspace_id=TEAM_ID, record_id=bobs_record(team), change=change, now=later
    )
    tick(runtime, later + timedelta(minutes=1))
    assert len(clash_dms(standin)) == 1


def test_moving_it_yourself_in_slack_says_so_in_the_form_and_sends_no_dm(
    runtime: Runtime, slack: SignedClient, standin: SlackStandIn, team: SqlStore
) -> None:
    found = added(slack, "2026-03-12")
    answer = submit_edit(slack, edit_by_command(slack, found), state("2026-03-04"))
    shown = words(answer["view"])
    assert "You are on call for *primary*" in shown and "opens a gap" in shown
    assert ids.FIND_COVER_ACTION in str(answer["view"]["blocks"])
    tick(runtime, NOW + timedelta(minutes=1))
    assert clash_dms(standin) == []
