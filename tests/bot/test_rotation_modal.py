"""The rotation modal through the signed HTTP path: `/oncall new`, Edit, field errors, what
changes for whom, the moved-shift DMs, and the file still round-tripping after Slack edits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from bot import ids
from bot.cli.schedules_file import to_toml
from bot.jobs.personal import personal_tick
from bot.main import Runtime
from core.digest.due import Subscription
from core.people.model import OPERATOR, Member
from core.rotations.shifts import shifts
from core.schedules.file import apply_schedules, show_schedules
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import ANN, BOB, CAROL, NOW, SignedClient, text_of
from tests.bot.cover_team import DAN, buttons
from tests.bot.slack_standin import TEAM_ID, SlackStandIn, view_submission

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team


def values(
    members: list[str],
    *,
    name: str | None = None,
    count: str = "1",
    unit: str = "w",
    weekday: str | None = "mon",
    clock: str = "09:00",
    zone: str = "Europe/Madrid",
    start: str = "2026-02-23",
    channel: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The modal's state values as Slack sends them (block id = action id)."""
    state: dict[str, Any] = {
        ids.ROTATION_MEMBERS: {"type": "multi_users_select", "selected_users": members},
        ids.ROTATION_SHIFT_COUNT: {"type": "plain_text_input", "value": count},
        ids.ROTATION_SHIFT_UNIT: {"type": "static_select", "selected_option": {"value": unit}},
        ids.ROTATION_WEEKDAY: {
            "type": "static_select",
            "selected_option": {"value": weekday} if weekday else None,
        },
        ids.ROTATION_TIME: {"type": "timepicker", "selected_time": clock},
        ids.ROTATION_ZONE: {"type": "plain_text_input", "value": zone},
        ids.ROTATION_START: {"type": "datepicker", "selected_date": start},
    }
    if channel is not None:
        state[ids.ROTATION_CHANNEL] = {
            "type": "conversations_select",
            "selected_conversation": channel,
        }
    if name is not None:
        state[ids.ROTATION_NAME] = {"type": "plain_text_input", "value": name}
    return {block: {block: value} for block, value in state.items()}


def submit(
    slack: SignedClient, state: dict[str, dict[str, Any]], *, user: str = ANN, editing: str = ""
) -> dict[str, Any]:
    reply = slack.interact(view_submission(ids.ROTATION_MODAL, state, user, metadata=editing))
    assert reply.status == 200 and reply.seconds < 3.0, reply.body
    answer: dict[str, Any] = json.loads(reply.body or b"{}")
    return answer


def click_edit(slack: SignedClient, rotation: str, user: str = ANN) -> dict[str, Any]:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A1",
        "trigger_id": "1.2.3",
        "actions": [{"action_id": ids.EDIT_ROTATION_ACTION, "value": rotation, "type": "button"}],
    }
    assert slack.send(urlencode({"payload": json.dumps(payload)})).status == 200
    return dict(slack.standin.wait_for_call("views.open").params["view"])


def members_of(store: SqlStore, name: str) -> list[str]:
    rotation = store.rotations.by_name(TEAM_ID, name)
    assert rotation is not None
    found = store.members.many(TEAM_ID, rotation.definition.member_ids)
    return [found[m].name for m in rotation.definition.member_ids]


def dms(standin: SlackStandIn, user: str) -> list[dict[str, Any]]:
    return [m for m in standin.messages if m.get("channel") == f"D{user}"]


class TestNew:
    def test_oncall_new_opens_the_modal_in_the_admins_zone(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        assert slack.command("new", user=ANN, command="/oncall").status == 200
        view = slack.standin.wait_for_call("views.open").params["view"]
        assert view["callback_id"] == ids.ROTATION_MODAL
        blocks = {b["block_id"]: b for b in view["blocks"]}
        assert blocks[ids.ROTATION_ZONE]["element"]["initial_value"] == "UTC"  # Ann's zone
        assert blocks[ids.ROTATION_START]["element"]["initial_date"] == "2026-03-02"
        assert blocks[ids.ROTATION_MEMBERS]["element"]["type"] == "multi_users_select"

    def test_a_member_is_told_only_admins_define_rotations(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        said = slack.ask("new", user=DAN, command="/oncall")
        assert "admin" in said["text"]
        assert slack.standin.calls_to("views.open") == []

    def test_saving_creates_the_rotation_in_the_picked_order(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        state = values([CAROL, BOB], name="secondary", count="2", unit="d", weekday=None)
        answer = submit(slack, state)
        assert answer["response_action"] == "update"
        assert "Created *secondary*: Carol, Bob in turn." in text_of(answer["view"])
        assert members_of(team, "secondary") == ["Carol", "Bob"]
        stored = team.rotations.by_name(TEAM_ID, "secondary")
        assert stored is not None and str(stored.definition.shift) == "2d"


class TestFieldErrors:
    def test_each_bad_field_is_named_on_its_block_and_nothing_is_stored(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        state = values([BOB], name="secondary", count="x", zone="Mars/Olympus")
        answer = submit(slack, state)
        assert answer["response_action"] == "errors"
        errors = answer["errors"]
        assert "not a shift length" in errors[ids.ROTATION_SHIFT_COUNT]
        assert "Mars/Olympus" in errors[ids.ROTATION_ZONE]
        assert team.rotations.by_name(TEAM_ID, "secondary") is None

    def test_a_weekday_needs_weeks(self, slack: SignedClient, team: SqlStore) -> None:
        answer = submit(slack, values([BOB], name="secondary", unit="d"))
        assert "whole weeks" in answer["errors"][ids.ROTATION_WEEKDAY]

    def test_a_taken_name_is_refused_on_the_name(self, slack: SignedClient, team: SqlStore) -> None:
        answer = submit(slack, values([BOB], name="Primary"))
        assert "already exists" in answer["errors"][ids.ROTATION_NAME]

    def test_no_members_and_no_name(self, slack: SignedClient, team: SqlStore) -> None:
        errors = submit(slack, values([], name=""))["errors"]
        assert set(errors) == {ids.ROTATION_NAME, ids.ROTATION_MEMBERS}

    def test_a_member_submitting_is_refused_in_the_form(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        answer = submit(slack, values([BOB], name="mine"), user=DAN)
        assert "admin" in answer["errors"][ids.ROTATION_MEMBERS]
        assert team.rotations.by_name(TEAM_ID, "mine") is None


class TestChannel:
    def test_the_chosen_channels_digest_comes_to_cover_the_rotation(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        c2 = Subscription("sub_2", TEAM_ID, "C2", time(9, 0), "UTC", rotations=("primary",))
        team.digests.save(c2)
        submit(slack, values([BOB], name="Secondary", channel="C2"))
        found = team.digests.for_channel(TEAM_ID, "C2")
        assert found is not None and found.rotations == ("primary", "secondary")

    def test_a_channel_without_a_digest_is_refused_on_its_field_saving_nothing(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        answer = submit(slack, values([BOB], name="secondary", channel="C9"))
        assert "No digest is set up" in answer["errors"][ids.ROTATION_CHANNEL]
        assert team.rotations.by_name(TEAM_ID, "secondary") is None

    def test_edit_shows_the_channel_whose_digest_covers_it(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        blocks = {b["block_id"]: b for b in click_edit(slack, "primary")["blocks"]}
        assert blocks[ids.ROTATION_CHANNEL]["element"]["initial_conversation"] == "C1"


class TestEdit:
    def test_admins_see_edit_members_do_not(self, slack: SignedClient, team: SqlStore) -> None:
        seen = slack.ask("primary", user=ANN, command="/oncall")
        assert buttons(seen)[ids.EDIT_ROTATION_ACTION] == "primary"
        assert ids.EDIT_ROTATION_ACTION not in buttons(slack.ask("primary", command="/oncall"))

    def test_a_member_slack_cannot_show_keeps_the_form_closed_and_says_why(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        team.members.add(Member("mem_eve", TEAM_ID, "eve@example.com", "Eve", "UTC"))
        text = cover_team.SCHEDULE.replace(
            '"dan@example.com"]', '"dan@example.com", "eve@example.com"]'
        )
        apply_schedules(
            team, OPERATOR, workspace_id=TEAM_ID, text=text, fallback_zone="UTC", now=NOW
        )
        said = slack.click(ids.EDIT_ROTATION_ACTION, "primary", user=ANN)
        assert "Eve: no Slack account here" in said["text"]
        assert slack.standin.calls_to("views.open") == []

    def test_edit_opens_the_form_filled_in_with_the_turn_order(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        view = click_edit(slack, "primary")
        assert view["private_metadata"] == "primary"
        blocks = {b["block_id"]: b for b in view["blocks"]}
        assert ids.ROTATION_NAME not in blocks  # a rotation keeps its name
        assert blocks[ids.ROTATION_MEMBERS]["element"]["initial_users"] == [CAROL, DAN, ANN, BOB]
        assert blocks[ids.ROTATION_ZONE]["element"]["initial_value"] == "Europe/Madrid"
        assert blocks[ids.ROTATION_WEEKDAY]["element"]["initial_option"]["value"] == "mon"

    def test_saving_the_form_untouched_changes_nothing(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        answer = submit(slack, values([CAROL, DAN, ANN, BOB]), editing="primary")
        assert "Nothing changed: *primary* already reads so." in text_of(answer["view"])
        assert members_of(team, "primary") == ["Ann Admin", "Bob", "Carol", "Dan"]

    def test_saving_says_what_changes_for_whom_from_the_next_handoff(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        before = team.rotations.by_name(TEAM_ID, "primary")
        assert before is not None
        answer = submit(slack, values([DAN, CAROL, ANN, BOB]), editing="primary")
        said = text_of(answer["view"])
        assert "changes from the next hand-off, Mon 9 Mar 09:00" in said
        assert "from Mon 9 Mar 09:00 Dan takes Carol's place" in said
        assert "from Mon 16 Mar 09:00 Carol takes Dan's place" in said
        after = team.rotations.by_name(TEAM_ID, "primary")
        assert after is not None
        past = NOW - timedelta(days=30), NOW + timedelta(days=6)
        assert shifts(after.versions, *past) == shifts(before.versions, *past)
        assert "Ann" not in said  # her turn comes after the five weeks either way

    def test_after_slack_edits_the_shown_file_applies_back_unchanged(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        submit(slack, values([ANN, BOB, DAN, CAROL], count="2"), editing="primary")
        submit(slack, values([CAROL, BOB], name="secondary", zone="America/New_York"))
        text = to_toml(show_schedules(team, TEAM_ID))
        changes = apply_schedules(
            team, OPERATOR, workspace_id=TEAM_ID, text=text, fallback_zone="UTC", now=NOW
        )
        assert (changes.added, changes.changed, changes.removed) == ((), (), ())
        assert members_of(team, "primary") == ["Ann Admin", "Bob", "Dan", "Carol"]

    def test_people_whose_next_shift_moved_get_one_dm_the_admin_none(
        self, runtime: Runtime, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        tick(runtime, NOW)  # first sight: recorded, nobody told
        submit(slack, values([DAN, CAROL, ANN, BOB]), editing="primary")
        later = NOW + timedelta(hours=4)  # past Carol's quiet hours in New York
        tick(runtime, later)
        tick(runtime, later + timedelta(minutes=1), holder="b")
        [carol] = dms(standin, CAROL)
        assert "Your next on-call shift changed: now *primary* Mon 16 Mar" in carol["text"]
        [dan] = dms(standin, DAN)
        assert "now *primary* Mon 9 Mar" in dan["text"]
        assert dms(standin, ANN) == [] and dms(standin, BOB) == []


def tick(runtime: Runtime, at: datetime, holder: str = "a") -> None:
    personal_tick(replace(runtime.services, clock=lambda: at), holder)
