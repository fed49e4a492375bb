"""What the digest says, composed from a real store: on call, gaps, who is out and when."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.blocks.digest import build_digest
from bot.blocks.kit import Message
from bot.ids import COVER_ACTION
from bot.words.digest_text import digest_text
from core.digest.compose import Digest, compose_digest
from core.digest.due import DEFAULT_LOOKAHEAD, Subscription
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR, Member
from core.records.unavailability import add_unavailability
from core.schedules.file import apply_schedules
from core.time.spans import Span, day_span, zone
from core.workspaces import create_workspace
from storage.repositories import SqlStore

WS = "T0LOCAL"
BERLIN = zone("Europe/Berlin")
MONDAY = date(2026, 6, 8)
NOW = datetime(2026, 6, 8, 7, 0, tzinfo=UTC)  # 09:00 in Berlin, the hand-off
SCHEDULE = """
timezone = "Europe/Berlin"
[[rotation]]
name = "primary"
timezone = "Europe/Berlin"
shift = "1w"
handoff = "mon 09:00"
start = "2026-06-01"
members = ["ana@example.com", "ben@example.com", "cy@example.com"]
"""


@pytest.fixture
def team(store: SqlStore) -> dict[str, Member]:
    create_workspace(store, WS, now=NOW)
    people = {
        name: add_member(
            store, OPERATOR, WS, NewMember(f"{name}@example.com", name.title(), "Europe/Berlin")
        )
        for name in ("ana", "ben", "cy", "dora")
    }
    apply_schedules(store, OPERATOR, workspace_id=WS, text=SCHEDULE, fallback_zone="UTC", now=NOW)
    return people


def off(store: SqlStore, member: Member, first: date, last: date, type_name: str) -> None:
    add_unavailability(
        store,
        OPERATOR,
        workspace_id=WS,
        member_id=member.id,
        span=day_span(first, last, BERLIN),
        type_name=type_name,
        now=NOW,
    )


def compose(
    store: SqlStore, *, everyone: bool = False, lookahead: int = DEFAULT_LOOKAHEAD
) -> Digest:
    subscription = Subscription(
        "sub", WS, "C1", time(9), "Europe/Berlin", everyone=everyone, lookahead=lookahead
    )
    return compose_digest(store, subscription, MONDAY, now=NOW)


class TestCompose:
    def test_on_call_now_until_the_next_handoff_and_who_is_next(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        [primary] = compose(store).rotations
        assert primary.on_call == team["ben"]  # week 2 of the rotation
        assert primary.until == datetime(2026, 6, 15, 7, tzinfo=UTC)
        assert primary.next == team["cy"]
        assert primary.out is None

    def test_the_holder_being_out_is_a_red_line_and_a_gap_with_suggestions(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        off(store, team["ben"], MONDAY, MONDAY + timedelta(days=1), "Sick")
        off(store, team["dora"], MONDAY, MONDAY + timedelta(days=6), "Volunteer for on-call")
        digest = compose(store)
        assert digest.rotations[0].out is not None
        [gap] = digest.gaps
        assert (gap.start, gap.end) == (NOW, datetime(2026, 6, 9, 22, tzinfo=UTC))
        assert gap.member == team["ben"]
        assert gap.suggestions[0] == team["dora"]  # the volunteer first
        assert "Away" in gap.reason  # Sick is private: a channel reads Away

    def test_out_today_by_type_prefers_not_volunteers_and_later(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        off(store, team["ana"], MONDAY, MONDAY, "Time off")
        off(store, team["cy"], MONDAY, MONDAY, "Prefer not on call")
        off(store, team["cy"], MONDAY + timedelta(days=3), MONDAY + timedelta(days=4), "Training")
        digest = compose(store)
        assert [a.member for a in digest.out_today["Time off"]] == [team["ana"]]
        assert [a.member for a in digest.prefer_not] == [team["cy"]]
        assert [(a.member, a.type) for a in digest.out_later] == [(team["cy"], "Training")]

    def test_members_outside_the_rotations_only_with_everyone(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        off(store, team["dora"], MONDAY, MONDAY, "Time off")
        assert compose(store).out_today == {}
        assert [a.member for a in compose(store, everyone=True).out_today["Time off"]] == [
            team["dora"]
        ]

    def test_lookahead_bounds_the_gaps(self, store: SqlStore, team: dict[str, Member]) -> None:
        off(store, team["cy"], MONDAY + timedelta(days=9), MONDAY + timedelta(days=9), "Time off")
        assert compose(store, lookahead=7).gaps == ()
        assert len(compose(store, lookahead=14).gaps) == 1


class TestRenderings:
    def test_blocks_carry_a_cover_button_per_gap_and_fallback_text(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        off(store, team["ben"], MONDAY, MONDAY, "Time off")
        message = build_digest(compose(store))
        buttons = [
            b["accessory"]
            for b in message["blocks"]
            if b.get("accessory", {}).get("type") == "button"
        ]
        assert [b["action_id"] for b in buttons] == [COVER_ACTION]
        assert "1 coverage gap" in message["text"]

    def test_text_names_the_red_line_and_a_ready_cover_command(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        off(store, team["ben"], MONDAY, MONDAY, "Time off")
        text = digest_text(compose(store))
        assert "primary: Ben (🔴 out: Time off)" in text
        assert 'availbot cover primary "' in text


@pytest.mark.slow
class TestLimits:
    def test_a_thousand_people_out_twenty_rotations_and_many_gaps_stay_within_limits(
        self, store: SqlStore
    ) -> None:
        create_workspace(store, WS, now=NOW)
        people = [
            add_member(
                store, OPERATOR, WS, NewMember(f"p{i}@example.com", f"Person {i:04d}", "UTC")
            )
            for i in range(1000)
        ]

        def members(r: int) -> str:
            return ", ".join(f'"{p.email}"' for p in people[r * 8 : (r + 1) * 8])

        rotations = "\n".join(
            f'[[rotation]]\nname = "rotation-{r:02d}"\ntimezone = "UTC"\nshift = "1d"\n'
            f'handoff = "09:00"\nstart = "2026-06-01"\nmembers = [{members(r)}]\n'
            for r in range(20)
        )
        apply_schedules(
            store, OPERATOR, workspace_id=WS, text=rotations, fallback_zone="UTC", now=NOW
        )
        for i, person in enumerate(people):
            first = MONDAY + timedelta(days=i % 5)
            add_unavailability(
                store,
                OPERATOR,
                workspace_id=WS,
                member_id=person.id,
                span=Span(
                    datetime.combine(first, time(), UTC),
                    datetime.combine(first, time(), UTC) + timedelta(days=2),
                ),
                type_name=("Time off", "Sick", "Training", "Prefer not on call")[i % 4],
                now=NOW,
            )
        digest = compose(store, everyone=True, lookahead=14)
        message = build_digest(digest)
        assert len(digest.gaps) > 20
        assert_within_limits(message)
        words = json.dumps(message)
        assert "more" in words  # summarised, with counts


def assert_within_limits(message: Message) -> None:
    blocks = message["blocks"]
    assert message["text"]
    assert len(blocks) <= 50
    assert len(json.dumps(blocks)) < 12_000
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            if "accessory" in block:
                assert len(block["accessory"]["text"]["text"]) <= 75
                assert len(block["accessory"]["value"]) <= 2000
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
