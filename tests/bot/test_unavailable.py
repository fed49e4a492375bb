"""`/unavailable` through the real path: signed HTTP in, response_url out, rows stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.ids import EDIT_ACTION, REMOVE_ACTION, UNDO_ACTION
from core.people.model import OPERATOR
from core.records.model import RecordView
from core.records.unavailability import list_unavailability
from core.schedules.file import apply_schedules
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, BOB, CAROL, NOW, SignedClient, text_of
from tests.bot.slack_standin import TEAM_ID


def records(store: SqlStore, email: str | None = None) -> list[RecordView]:
    member_id = None
    if email:
        member = store.members.by_email(TEAM_ID, email)
        assert member is not None
        member_id = member.id
    return list(list_unavailability(store, workspace_id=TEAM_ID, member_id=member_id).items)


def record_id(message: dict[str, Any]) -> str:
    return str(message["blocks"][0]["accessory"]["value"])


class TestAdd:
    def test_adds_a_record_and_restates_it_in_words_and_zone(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        message = slack.ask("add fri for 3 days Training Kubecon in Paris")
        assert message["response_type"] == "ephemeral"
        assert (
            "Added Training for Bob: Fri 6 Mar – Sun 8 Mar (3 days, Europe/Madrid)"
            in (message["text"])
        )
        [view] = records(store, "bob@example.com")
        assert view.type.name == "Training"
        assert view.record.name == "Kubecon in Paris"
        assert view.record.source == "slack"
        assert view.record.start == datetime(2026, 3, 5, 23, 0, tzinfo=UTC)  # Madrid midnight
        assert record_id(message) == view.record.id

    def test_type_prefix_and_default_type(self, slack: SignedClient, store: SqlStore) -> None:
        slack.ask("add mar 10 prefer")
        slack.ask("add mar 11 dentist &amp; lunch")
        by_day = {v.record.start.day: v for v in records(store, "bob@example.com")}
        assert by_day[9].type.name == "Prefer not on call"
        assert by_day[10].type.name == "Time off"
        assert by_day[10].record.name == "dentist & lunch"

    def test_admin_adds_for_a_mentioned_member_in_their_zone(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        message = slack.ask("add <@UBOB|bob> tomorrow 9am-1pm", user=ANN)
        assert "for Bob: Tue 3 Mar 09:00–13:00 (CET, Europe/Madrid)" in message["text"]
        assert len(records(store, "bob@example.com")) == 1

    def test_configured_admin_acts_for_others(self, slack: SignedClient, store: SqlStore) -> None:
        """Carol is no Slack admin, but AVAILBOT_ADMINS names her email."""
        slack.ask("add <@UBOB> tomorrow", user=CAROL)
        assert len(records(store, "bob@example.com")) == 1

    def test_member_may_not_add_for_someone_else_and_nothing_changes(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        message = slack.ask("add <@UANN|ann> tomorrow", user=BOB)
        assert "may not add unavailability for ann@example.com" in message["text"]
        assert records(store) == []

    def test_overlap_is_refused_naming_the_record(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        first = record_id(slack.ask("add mar 10-12"))
        message = slack.ask("add mar 11")
        assert f"overlaps record {first}" in message["text"]
        assert len(records(store)) == 1

    def test_unreadable_when_quotes_the_text_and_shows_examples(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        message = slack.ask("add someday soon")
        assert "Could not read 'someday soon'" in message["text"]
        assert "tomorrow 9am-1pm" in message["text"]
        assert records(store) == []

    def test_past_records_are_kept_and_said_so(self, slack: SignedClient) -> None:
        message = slack.ask("add yesterday Sick")
        assert "entirely in the past" in text_of(message)

    def test_undo_removes_the_record_just_added(self, slack: SignedClient, store: SqlStore) -> None:
        added = slack.ask("add tomorrow")
        undone = slack.click(UNDO_ACTION, record_id(added))
        assert undone["text"].startswith("Undone: removed Time off for Bob")
        assert undone["replace_original"] is True
        assert records(store) == []


class TestListAndRemove:
    def test_lists_mine_by_default_with_remove_buttons(self, slack: SignedClient) -> None:
        slack.ask("add mar 10")
        slack.ask("add mar 12", user=ANN)
        message = slack.ask("list")
        assert message["text"] == "Your unavailability, upcoming (next 90 days): 1 record."
        edit, remove = message["blocks"][2]["elements"]
        assert (edit["action_id"], remove["action_id"]) == (EDIT_ACTION, REMOVE_ACTION)
        assert edit["value"] == remove["value"] and "confirm" in remove

    def test_lists_everyone_with_private_types_as_away_and_no_foreign_buttons(
        self, slack: SignedClient
    ) -> None:
        slack.ask("add mar 10 Sick", user=ANN)
        message = slack.ask("list all next week")
        assert "*Away* for Ann Admin" in text_of(message)
        assert "Sick" not in text_of(message)
        assert [b["type"] for b in message["blocks"]] == ["section", "section"]  # no buttons

    def test_long_lists_are_summarised_with_a_pointer_to_the_cli(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        for day in range(3, 28):
            slack.ask(f"add mar {day}")
        message = slack.ask("list")
        assert len(message["blocks"]) <= 50
        shown = [b for b in message["blocks"] if b["type"] == "actions"]  # Edit · Remove each
        assert 15 <= len(shown) <= 20  # as many as fit Slack's size limit, buttons included
        more = f"…and {25 - len(shown)} more records. See them all with `availbot list bob@"
        assert more in text_of(message)

    def test_remove_by_id_and_by_button(self, slack: SignedClient, store: SqlStore) -> None:
        first = record_id(slack.ask("add mar 10"))
        second = record_id(slack.ask("add mar 11"))
        assert slack.ask(f"remove {first}")["text"].startswith("Removed Time off for Bob")
        clicked = slack.click(REMOVE_ACTION, second)
        assert clicked["text"].startswith("Removed")
        assert records(store) == []

    def test_member_may_not_remove_someone_elses_record(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        theirs = record_id(slack.ask("add mar 10", user=ANN))
        message = slack.ask(f"remove {theirs}", user=BOB)
        assert "members act only on their own records" in message["text"]
        assert len(records(store)) == 1

    def test_remove_without_an_id_explains_itself(self, slack: SignedClient) -> None:
        assert "Say which record to remove" in slack.ask("remove")["text"]


class TestTypes:
    def test_lists_types(self, slack: SignedClient) -> None:
        message = slack.ask("types")
        assert "Time off" in message["text"] and "Volunteer for on-call" in message["text"]

    def test_admin_adds_renames_archives_and_restores(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        added = slack.ask("types add Parental leave hard paid private", user=ANN)
        assert "Added the type 'Parental leave' (hard_unavailable)" in added["text"]
        created = store.types.by_name(TEAM_ID, "parental leave")
        assert created is not None and created.paid and created.private
        slack.ask("types rename Parental leave to Family leave", user=ANN)
        slack.ask("types archive Family leave", user=ANN)
        archived = store.types.by_name(TEAM_ID, "Family leave")
        assert archived is not None and archived.archived
        message = slack.ask("add mar 10 Family leave")
        assert "archived" in message["text"]
        slack.ask("types restore Family leave", user=ANN)
        restored = store.types.by_name(TEAM_ID, "Family leave")
        assert restored is not None and not restored.archived

    def test_members_may_not_change_types(self, slack: SignedClient, store: SqlStore) -> None:
        message = slack.ask("types add Gardening", user=BOB)
        assert "Only admins may add types" in message["text"]
        assert store.types.by_name(TEAM_ID, "Gardening") is None


class TestWhoImportHelp:
    def test_who_lists_who_is_out(self, slack: SignedClient) -> None:
        slack.ask("add today Training", user=ANN)
        message = slack.ask("who")
        assert "Ann Admin — Training" in text_of(message)

    def test_who_for_a_member_shows_effective_availability_per_day(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        weekdays = (
            '[[availability_pattern]]\nmember = "ann@example.com"\n'
            'rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"\nintervals = ["09:00-17:00"]\n'
        )
        apply_schedules(
            store, OPERATOR, workspace_id=TEAM_ID, text=weekdays, fallback_zone="UTC", now=NOW
        )
        slack.ask("add mar 4", user=ANN)
        message = slack.ask("who <@UANN> this week")
        words = text_of(message)
        assert "5 defined days" in message["text"]
        assert "Mon 2 Mar  AVAILABILITY_PATTERN  09:00–17:00" in words
        assert "Wed 4 Mar  AVAILABILITY_PATTERN  no hours left" in words
        assert "Time off" in words  # Bob asks; Time off is not private

    def test_who_for_a_member_without_defined_days_says_so(self, slack: SignedClient) -> None:
        message = slack.ask("who <@UANN> this week")
        assert "no day is defined" in text_of(message)

    def test_who_for_a_member_refuses_more_than_31_days(self, slack: SignedClient) -> None:
        message = slack.ask("who <@UANN> mar 1 - may 30")
        assert "at most 31 days" in message["text"]

    def test_import_explains_columns_and_where_to_upload(self, slack: SignedClient) -> None:
        words = text_of(slack.ask("import"))
        assert "email" in words and "start" in words and "direct message" in words

    def test_help_and_unknown_subcommands_show_usage(self, slack: SignedClient) -> None:
        assert "/unavailable add" in text_of(slack.ask("help"))
        unknown = slack.ask("frobnicate now")
        assert "I don't know `frobnicate`" in text_of(unknown)
