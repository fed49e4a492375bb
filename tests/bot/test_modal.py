"""The Add unavailability modal through the real path: views.open, then a signed submission."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot import ids
from core.model import new_id
from core.records.model import Kind, Unavailability, UnavailabilityType
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, BOB, SignedClient
from tests.bot.slack_standin import TEAM_ID, view_submission


def opened_view(slack: SignedClient, text: str = "", user: str = BOB) -> dict[str, Any]:
    assert slack.command(text, user=user).status == 200
    call = slack.standin.wait_for_call("views.open")
    assert call.params["trigger_id"] == "1.2.3"
    return dict(call.params["view"])


def submit(
    slack: SignedClient, values: dict[str, dict[str, Any]], user: str = BOB
) -> dict[str, Any]:
    """A view_submission with these state values; the acknowledgement's JSON."""
    reply = slack.interact(view_submission(ids.ADD_MODAL, values, user))
    assert reply.status == 200 and reply.seconds < 3.0
    answer: dict[str, Any] = json.loads(reply.body or b"{}")
    return answer


def state(
    start: str, end: str | None = None, more: Mapping[str, tuple[str, dict[str, Any]]] | None = None
) -> dict[str, dict[str, Any]]:
    """The modal's values: the dates, and `more` as {block: (action, value)}."""
    values = {ids.START_DATE_BLOCK: {ids.START_DATE_INPUT: {"selected_date": start}}}
    if end:
        values[ids.END_DATE_BLOCK] = {ids.END_DATE_INPUT: {"selected_date": end}}
    for block, (action, value) in (more or {}).items():
        values[block] = {action: value}
    return values


def type_option(store: SqlStore, name: str) -> dict[str, Any]:
    found = store.types.by_name(TEAM_ID, name)
    assert found is not None
    return {"selected_option": {"value": found.id}}


def stored(store: SqlStore) -> list[Unavailability]:
    window = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    return store.unavailability.in_window(TEAM_ID, *window)


class TestOpening:
    def test_unavailable_alone_opens_the_modal_with_types_in_groups(
        self, slack: SignedClient
    ) -> None:
        view = opened_view(slack)
        assert view["callback_id"] == ids.ADD_MODAL
        blocks = {b["block_id"]: b for b in view["blocks"]}
        assert ids.MEMBER_BLOCK not in blocks  # members add for themselves
        select = blocks[ids.TYPE_BLOCK]["element"]
        assert select["type"] == "static_select"
        assert select["initial_option"]["text"]["text"] == "Time off"
        assert select["option_groups"][0]["label"]["text"] == "Cannot be on call"
        assert blocks[ids.START_DATE_BLOCK]["element"]["initial_date"] == "2026-03-02"

    def test_add_alone_opens_it_too_and_admins_get_a_member_picker(
        self, slack: SignedClient
    ) -> None:
        view = opened_view(slack, "add", user=ANN)
        picker = view["blocks"][0]
        assert picker["block_id"] == ids.MEMBER_BLOCK
        assert picker["element"]["initial_user"] == ANN

    def test_past_100_types_the_select_loads_its_options(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        slack.ask("types")  # the workspace exists
        for i in range(150):
            store.types.add(
                UnavailabilityType(new_id("type"), TEAM_ID, f"Course {i:03d}", Kind.HARD)
            )
        view = opened_view(slack)
        select = next(b for b in view["blocks"] if b["block_id"] == ids.TYPE_BLOCK)["element"]
        assert select["type"] == "external_select"
        payload = {
            "type": "block_suggestion",
            "team": {"id": TEAM_ID},
            "user": {"id": BOB, "team_id": TEAM_ID},
            "action_id": ids.TYPE_INPUT,
            "block_id": ids.TYPE_BLOCK,
            "value": "course",
        }
        options = json.loads(slack.interact(payload).body)["options"]
        assert len(options) == 100 and options[0]["text"]["text"] == "Course 000"
        narrowed = json.loads(slack.interact({**payload, "value": "course 14"}).body)["options"]
        assert [o["text"]["text"] for o in narrowed] == [f"Course 14{i}" for i in range(10)]


class TestSubmitting:
    def test_a_submission_stores_the_record_and_confirms_it_in_words(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        slack.ask("types")  # the workspace and its types exist
        extra = {
            ids.TYPE_BLOCK: (ids.TYPE_INPUT, type_option(store, "Training")),
            ids.NOTE_BLOCK: (ids.NOTE_INPUT, {"value": "Kubecon"}),
        }
        values = state("2026-03-06", "2026-03-08", extra)
        answer = submit(slack, values)
        assert answer["response_action"] == "update"
        words = json.dumps(answer["view"], ensure_ascii=False)
        assert "Added *Training* for Bob: Fri 6 Mar – Sun 8 Mar (3 days, Europe/Madrid)" in words
        [record] = stored(store)
        assert record.name == "Kubecon" and record.all_day and record.source == "slack"

    def test_times_make_a_timed_span_in_the_members_zone(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        values = state(
            "2026-03-03",
            more={
                ids.START_TIME_BLOCK: (ids.START_TIME_INPUT, {"selected_time": "09:00"}),
                ids.END_TIME_BLOCK: (ids.END_TIME_INPUT, {"selected_time": "13:00"}),
            },
        )
        answer = submit(slack, values)
        assert "Tue 3 Mar 09:00–13:00 (CET, Europe/Madrid)" in json.dumps(
            answer["view"], ensure_ascii=False
        )

    def test_an_end_before_the_start_shows_on_the_field_and_stores_nothing(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        answer = submit(slack, state("2026-03-10", "2026-03-08"))
        assert answer["response_action"] == "errors"
        assert "is not after the start" in answer["errors"][ids.END_DATE_BLOCK]
        assert stored(store) == []

    def test_an_overlap_shows_on_the_first_day(self, slack: SignedClient, store: SqlStore) -> None:
        submit(slack, state("2026-03-10"))
        answer = submit(slack, state("2026-03-09", "2026-03-11"))
        assert "This overlaps record avail_" in answer["errors"][ids.START_DATE_BLOCK]
        assert len(stored(store)) == 1

    def test_admins_add_for_the_picked_member(self, slack: SignedClient, store: SqlStore) -> None:
        picked = {ids.MEMBER_BLOCK: (ids.MEMBER_INPUT, {"selected_user": BOB})}
        answer = submit(slack, state("2026-03-10", more=picked), user=ANN)
        assert "for Bob" in json.dumps(answer["view"], ensure_ascii=False)
        bob = store.members.by_email(TEAM_ID, "bob@example.com")
        assert bob is not None and stored(store)[0].member_id == bob.id

    def test_a_member_picking_someone_else_is_refused_on_the_picker(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        picked = {ids.MEMBER_BLOCK: (ids.MEMBER_INPUT, {"selected_user": ANN})}
        answer = submit(slack, state("2026-03-10", more=picked), user=BOB)
        assert "members act only on their own records" in answer["errors"][ids.MEMBER_BLOCK]
        assert stored(store) == []
