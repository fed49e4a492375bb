"""Changing a record from Slack through the real path: `/unavailable edit ID` and the Edit
buttons open the filled-in form (views.open), a signed submission updates it in place."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from bot import ids
from core.records.model import Unavailability
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, BOB, CAROL, SignedClient, text_of
from tests.bot.slack_standin import TEAM_ID, view_submission
from tests.bot.test_home import home_click, published, words
from tests.bot.test_modal import state, stored, type_option


def added(slack: SignedClient, text: str, user: str = BOB) -> str:
    """Add a record by command; its id (the Undo button's value)."""
    return str(slack.ask(f"add {text}", user=user)["blocks"][0]["accessory"]["value"])


def opened(slack: SignedClient, count: int = 1) -> dict[str, Any]:
    return dict(slack.standin.wait_for_call("views.open", count).params["view"])


def edit_by_command(slack: SignedClient, found: str, user: str = BOB) -> dict[str, Any]:
    assert slack.command(f"edit {found}", user=user).status == 200
    return opened(slack)


def press(slack: SignedClient, action_id: str, value: str, user: str = BOB) -> str:
    """Click a button in an ephemeral message; where its response_url answers land."""
    name = f"e{action_id}{user}"
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user, "team_id": TEAM_ID},
        "container": {"type": "message", "is_ephemeral": True},
        "trigger_id": "4.5.6",
        "response_url": slack.standin.response_url(name),
        "actions": [{"action_id": action_id, "value": value, "type": "button"}],
    }
    assert slack.send(urlencode({"payload": json.dumps(payload)})).status == 200
    return name


def submit_edit(
    slack: SignedClient, view: dict[str, Any], values: dict[str, dict[str, Any]], user: str = BOB
) -> dict[str, Any]:
    """Submit the opened edit modal (its metadata as Slack sends it back) with these values."""
    payload = view_submission(
        view["callback_id"], values, user, view["private_metadata"], view_id="V2"
    )
    reply = slack.interact(payload)
    assert reply.status == 200 and reply.seconds < 3.0
    answer: dict[str, Any] = json.loads(reply.body or b"{}")
    return answer


def blocks_of(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def only(store: SqlStore) -> Unavailability:
    [record] = stored(store)
    return record


class TestOpening:
    def test_edit_by_id_opens_the_form_filled_in_with_the_record(self, slack: SignedClient) -> None:
        found = added(slack, "mar 2-6 Training Kubecon Berlin")
        view = edit_by_command(slack, found)
        assert view["callback_id"] == ids.EDIT_MODAL
        assert json.loads(view["private_metadata"]) == {"record": found, "home": False}
        fields = blocks_of(view)
        assert ids.MEMBER_BLOCK not in fields  # members change their own records
        assert fields[ids.TYPE_BLOCK]["initial_option"]["text"]["text"] == "Training"
        assert fields[ids.START_DATE_BLOCK]["initial_date"] == "2026-03-02"
        assert fields[ids.END_DATE_BLOCK]["initial_date"] == "2026-03-06"
        assert "initial_time" not in fields[ids.START_TIME_BLOCK]  # whole days
        assert fields[ids.NOTE_BLOCK]["initial_value"] == "Kubecon Berlin"

    def test_a_timed_record_opens_with_its_times_in_the_members_zone(
        self, slack: SignedClient
    ) -> None:
        found = added(slack, "mar 10 9am-1pm")  # Bob is in Europe/Madrid
        fields = blocks_of(edit_by_command(slack, found))
        assert fields[ids.START_DATE_BLOCK]["initial_date"] == "2026-03-10"
        assert fields[ids.START_TIME_BLOCK]["initial_time"] == "09:00"
        assert fields[ids.END_DATE_BLOCK]["initial_date"] == "2026-03-10"
        assert fields[ids.END_TIME_BLOCK]["initial_time"] == "13:00"
        assert "initial_value" not in fields[ids.NOTE_BLOCK]

    def test_the_list_offers_edit_and_its_button_opens_the_form(self, slack: SignedClient) -> None:
        found = added(slack, "mar 10 Training")
        listed = slack.ask("list")
        [buttons] = [b for b in listed["blocks"] if b["type"] == "actions"]
        edit = buttons["elements"][0]
        assert (edit["action_id"], edit["value"]) == (ids.EDIT_ACTION, found)
        press(slack, ids.EDIT_ACTION, found)
        call = slack.standin.wait_for_call("views.open")
        assert call.params["trigger_id"] == "4.5.6"
        fields = blocks_of(call.params["view"])
        assert fields[ids.TYPE_BLOCK]["initial_option"]["text"]["text"] == "Training"

    def test_admins_get_the_member_picker_set_to_the_records_member(
        self, slack: SignedClient
    ) -> None:
        found = added(slack, "mar 10")
        fields = blocks_of(edit_by_command(slack, found, user=ANN))
        assert fields[ids.MEMBER_BLOCK]["initial_user"] == BOB

    def test_someone_elses_record_is_refused_to_a_member(self, slack: SignedClient) -> None:
        theirs = added(slack, "mar 10", user=ANN)
        told = slack.standin.wait_for_post(press(slack, ids.EDIT_ACTION, theirs))
        assert "members act only on their own records" in told["text"]
        assert slack.standin.calls_to("views.open") == []

    def test_an_unknown_or_missing_id_is_refused(self, slack: SignedClient) -> None:
        told = slack.ask("edit avail_nope")
        assert "No unavailability record 'avail_nope'" in told["text"]
        assert "Say which record to change" in slack.ask("edit")["text"]
        assert slack.standin.calls_to("views.open") == []

    def test_help_lists_edit(self, slack: SignedClient) -> None:
        assert "/unavailable edit avail_…" in text_of(slack.ask("help"))


class TestSaving:
    def test_a_submission_updates_the_record_in_place_and_says_what_changed(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        found = added(slack, "mar 2-6 Skiing")
        view = edit_by_command(slack, found)
        training = {ids.TYPE_BLOCK: (ids.TYPE_INPUT, type_option(store, "Training"))}
        answer = submit_edit(slack, view, state("2026-03-03", "2026-03-06", training))
        assert answer["response_action"] == "update"
        said = words(answer["view"])
        assert (
            "Changed the record of Bob: *Time off*, Mon 2 Mar – Fri 6 Mar (5 days, Europe/Madrid)"
            " — Skiing → *Training*, Tue 3 Mar – Fri 6 Mar (4 days, Europe/Madrid) — no note."
            in said
        )
        record = only(store)
        assert record.id == found and record.all_day and record.name is None  # note cleared
        assert record.start.isoformat() == "2026-03-02T23:00:00+00:00"  # Madrid midnight

    def test_an_overlap_shows_on_the_first_day_and_changes_nothing(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        found = added(slack, "mar 2-4")
        added(slack, "mar 10")
        before = {r.id: r for r in stored(store)}
        answer = submit_edit(
            slack, edit_by_command(slack, found), state("2026-03-09", "2026-03-11")
        )
        assert answer["response_action"] == "errors"
        assert "This overlaps record avail_" in answer["errors"][ids.START_DATE_BLOCK]
        assert {r.id: r for r in stored(store)} == before

    def test_a_member_cannot_change_someone_elses_record_by_submitting(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        theirs = added(slack, "mar 10", user=ANN)
        view = edit_by_command(slack, theirs, user=ANN)  # Ann's form, submitted as Bob
        forged = {k: v for k, v in state("2026-03-12").items() if k != ids.MEMBER_BLOCK}
        answer = submit_edit(slack, view, forged, user=BOB)
        assert "members act only on their own records" in answer["errors"][ids.START_DATE_BLOCK]
        assert only(store).start.date().isoformat() == "2026-03-10"

    def test_an_admin_changes_anyones_record_and_may_give_it_to_someone_else(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        found = added(slack, "mar 10")
        view = edit_by_command(slack, found, user=ANN)
        carol = {ids.MEMBER_BLOCK: (ids.MEMBER_INPUT, {"selected_user": CAROL})}
        answer = submit_edit(slack, view, state("2026-03-10", more=carol), user=ANN)
        said = words(answer["view"])
        assert "Changed a record: *Time off* for Bob, Tue 10 Mar" in said
        assert "→ *Time off* for Carol, Tue 10 Mar (1 day, America/New_York)" in said
        moved = only(store)
        owner = store.members.by_email(TEAM_ID, "carol@example.com")
        assert owner is not None and (moved.id, moved.member_id) == (found, owner.id)

    def test_a_record_removed_meanwhile_is_refused_clearly(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        found = added(slack, "mar 10")
        view = edit_by_command(slack, found)
        slack.ask(f"remove {found}")
        answer = submit_edit(slack, view, state("2026-03-11"))
        assert answer["response_action"] == "update"
        assert f"No unavailability record '{found}'" in words(answer["view"])
        assert stored(store) == []

    def test_from_the_home_saving_publishes_it_again(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        found = added(slack, "mar 10")
        home_click(slack, ids.HOME_EDIT_ACTION, found)
        view = opened(slack)
        assert json.loads(view["private_metadata"]) == {"record": found, "home": True}
        submit_edit(slack, view, state("2026-03-12"))
        assert "Time off* for Bob: Thu 12 Mar" in words(published(slack, 1))

    def test_a_refused_edit_from_the_home_shows_on_the_home(self, slack: SignedClient) -> None:
        theirs = added(slack, "mar 10", user=ANN)
        home_click(slack, ids.HOME_EDIT_ACTION, theirs)
        assert "members act only on their own records" in words(published(slack, 1))
