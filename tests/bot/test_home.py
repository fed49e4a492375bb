"""The App Home and the buttons through the real path: publish, Remove, Add, Undo, twice."""

from __future__ import annotations

import json
from typing import Any

from bot import ids
from core.digest.due import Subscription
from core.model import new_id
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, BOB, SignedClient
from tests.bot.slack_standin import TEAM_ID, view_submission


def open_home(slack: SignedClient, user: str = BOB, count: int = 1) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}
    assert slack.event(event, f"EvHome{count}{user}").status == 200
    return published(slack, count)


def published(slack: SignedClient, count: int) -> dict[str, Any]:
    call = slack.standin.wait_for_call("views.publish", count)
    return {"user_id": call.params["user_id"], **call.params["view"]}


def home_click(slack: SignedClient, action_id: str, value: str, user: str = BOB) -> None:
    """A button in the Home tab: a view container, and no response_url."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user, "team_id": TEAM_ID},
        "container": {"type": "view", "view_id": "VHOME"},
        "view": {"id": "VHOME", "type": "home"},
        "trigger_id": "9.9.9",
        "actions": [{"action_id": action_id, "value": value, "type": "button"}],
    }
    assert slack.interact(payload).status == 200


def words(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False)


def record_id(message: dict[str, Any]) -> str:
    return str(message["blocks"][0]["accessory"]["value"])


class TestHome:
    def test_shows_my_records_with_remove_an_add_button_and_my_shifts(
        self, slack: SignedClient
    ) -> None:
        slack.ask("add mar 10 Training")
        slack.ask("add mar 12", user=ANN)
        home = open_home(slack)
        assert home["user_id"] == BOB and home["type"] == "home"
        text = words(home)
        assert "Training* for Bob: Tue 10 Mar (1 day, Europe/Madrid)" in text
        assert "Ann" not in text
        buttons = [e for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]]
        edit, remove = [b for b in buttons if b["action_id"] != ids.OPEN_ADD_ACTION]
        assert (edit["action_id"], remove["action_id"]) == (
            ids.HOME_EDIT_ACTION,
            ids.HOME_REMOVE_ACTION,
        )
        assert "confirm" in remove
        assert ids.OPEN_ADD_ACTION in text
        assert "You are not on call in the next 5 weeks." in text
        assert "Last imports" not in text

    def test_admins_also_see_imports_and_digest_subscriptions(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        from datetime import time

        slack.ask("types", user=ANN)
        store.digests.save(
            Subscription(new_id("dig"), TEAM_ID, "C9", time(9, 0), "Europe/Madrid", lookahead=14)
        )
        text = words(open_home(slack, ANN))
        assert "Last imports" in text and "No imports yet" in text
        assert "<#C9> at 09:00 Europe/Madrid, every day, rotations: all, look-ahead 14" in text

    def test_remove_from_home_republishes_it_and_twice_is_harmless(
        self, slack: SignedClient
    ) -> None:
        found = record_id(slack.ask("add mar 10"))
        home_click(slack, ids.HOME_REMOVE_ACTION, found)
        after = words(published(slack, 1))
        assert "Removed *Time off* for Bob: Tue 10 Mar" in after
        assert "Nothing recorded for the next 90 days." in after
        home_click(slack, ids.HOME_REMOVE_ACTION, found)
        assert f"No unavailability record '{found}'" in words(published(slack, 2))

    def test_a_removed_note_with_an_ampersand_is_escaped_once(self, slack: SignedClient) -> None:
        found = record_id(slack.ask("add mar 10 Training R&D offsite"))
        home_click(slack, ids.HOME_REMOVE_ACTION, found)
        after = words(published(slack, 1))
        assert "R&amp;D offsite" in after
        assert "&amp;amp;" not in after

    def test_remove_by_someone_else_is_refused_on_their_home(self, slack: SignedClient) -> None:
        theirs = record_id(slack.ask("add mar 10", user=ANN))
        home_click(slack, ids.HOME_REMOVE_ACTION, theirs, user=BOB)
        assert "members act only on their own records" in words(published(slack, 1))
        assert "1 record" in slack.ask("list", user=ANN)["text"]

    def test_add_opens_the_modal_and_saving_refreshes_the_home(self, slack: SignedClient) -> None:
        home_click(slack, ids.OPEN_ADD_ACTION, "add")
        opened = slack.standin.wait_for_call("views.open")
        assert opened.params["trigger_id"] == "9.9.9"
        assert opened.params["view"]["private_metadata"] == "home"
        date = {ids.START_DATE_BLOCK: {ids.START_DATE_INPUT: {"selected_date": "2026-03-10"}}}
        submission = view_submission(ids.ADD_MODAL, date, BOB, "home")
        assert slack.interact(submission).status == 200
        assert "Time off* for Bob: Tue 10 Mar" in words(published(slack, 1))


class TestButtons:
    def test_undo_twice_is_harmless(self, slack: SignedClient) -> None:
        found = record_id(slack.ask("add tomorrow"))
        assert slack.click(ids.UNDO_ACTION, found)["text"].startswith("Undone")
        again = slack.click(ids.UNDO_ACTION, found)
        assert f"No unavailability record '{found}'" in again["text"]
        assert again["replace_original"] is False

    def test_remove_from_a_list_twice_is_harmless(self, slack: SignedClient) -> None:
        found = record_id(slack.ask("add mar 10"))
        assert slack.click(ids.REMOVE_ACTION, found)["text"].startswith("Removed")
        assert "No unavailability record" in slack.click(ids.REMOVE_ACTION, found)["text"]

    def test_remove_by_a_non_owner_changes_nothing(self, slack: SignedClient) -> None:
        theirs = record_id(slack.ask("add mar 10", user=ANN))
        told = slack.click(ids.REMOVE_ACTION, theirs, user=BOB)
        assert "members act only on their own records" in told["text"]
        assert "1 record" in slack.ask("list", user=ANN)["text"]
