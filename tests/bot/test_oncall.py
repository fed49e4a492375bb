"""`/oncall` through the real path: who is on call, a rotation's segments, covering a span."""

from __future__ import annotations

import pytest

from bot.main import Runtime
from core.people.model import OPERATOR
from core.schedules.file import apply_schedules
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, BOB, CAROL, NOW, SignedClient, text_of
from tests.bot.slack_standin import TEAM_ID

FILE = """
[[rotation]]
name = "primary"
timezone = "Europe/Madrid"
shift = "1w"
handoff = "mon 09:00"
start = 2026-02-23
members = ["ann@example.com", "bob@example.com", "carol@example.com"]
"""


@pytest.fixture
def rota(runtime: Runtime, slack: SignedClient, store: SqlStore) -> SignedClient:
    """Ann from Mon 23 Feb, Bob from Mon 2 Mar 09:00 (off Wed 4 Mar), Carol from 9 Mar."""
    apply_schedules(store, OPERATOR, workspace_id=TEAM_ID, text=FILE, fallback_zone="UTC", now=NOW)
    slack.ask("add mar 4", user=BOB)
    return slack


class TestOverview:
    def test_says_who_is_on_call_until_when_who_is_next_and_the_gaps(
        self, rota: SignedClient
    ) -> None:
        message = rota.ask("", command="/oncall")
        words = text_of(message)
        assert "*Bob* until Mon 9 Mar 09:00" in words
        assert "next: Carol" in words
        assert "Gaps in the next 7 days* (1)" in words
        assert message["text"] == "1 rotation, 1 coverage gap in 7 days."

    def test_without_rotations_says_how_to_define_them(self, slack: SignedClient) -> None:
        assert "schedules apply" in slack.ask("", command="/oncall")["text"]


class TestOneRotation:
    def test_lists_segments_with_the_gap_and_suggestions(self, rota: SignedClient) -> None:
        words = text_of(rota.ask("primary", command="/oncall"))
        assert "Wed 4 Mar 00:00 – Thu 5 Mar 00:00 (CET, Europe/Madrid): Bob" in words
        assert ":red_circle: *gap* (Time off); could cover:" in words

    def test_takes_a_window(self, rota: SignedClient) -> None:
        message = rota.ask("PRIMARY next week", command="/oncall")
        assert message["text"] == "primary: 2 segments, 0 gaps."

    def test_an_unknown_rotation_names_the_known_ones(self, rota: SignedClient) -> None:
        assert "Known rotations: primary" in rota.ask("secondary", command="/oncall")["text"]


class TestCover:
    def test_an_admin_covers_the_gap_for_a_member(
        self, rota: SignedClient, store: SqlStore
    ) -> None:
        message = rota.ask("cover primary mar 4 <@UCAROL|carol>", command="/oncall", user=ANN)
        assert message["text"].startswith("Carol covers primary: Wed 4 Mar")
        [override] = store.overrides.in_window(TEAM_ID, None, None)
        carol = store.members.by_slack_id(TEAM_ID, CAROL)
        assert carol is not None and override.member_id == carol.id
        assert "No gaps." in text_of(rota.ask("primary", command="/oncall"))

    def test_a_member_covers_only_for_themselves(self, rota: SignedClient, store: SqlStore) -> None:
        message = rota.ask("cover primary mar 4 <@UCAROL>", command="/oncall", user=BOB)
        assert "members cover only for themselves" in message["text"]
        assert store.overrides.in_window(TEAM_ID, None, None) == []

    def test_an_unavailable_taker_is_refused(self, rota: SignedClient) -> None:
        message = rota.ask("cover primary mar 4", command="/oncall", user=BOB)
        assert "Bob cannot be on call then" in message["text"]

    def test_cover_without_when_explains_itself(self, rota: SignedClient) -> None:
        assert "Say when to cover primary" in rota.ask("cover primary", command="/oncall")["text"]
