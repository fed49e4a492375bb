"""Effective on-call (docs/rotations.md): overrides, segments, coverage gaps, cover suggestions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from core.people.members import NewMember, add_member
from core.people.model import OPERATOR, Member
from core.records.model import Unavailability
from core.records.unavailability import add_unavailability
from core.rotations.coverage import RotationCoverage
from core.rotations.model import Override, Rotation
from core.rotations.queries import coverage_report, on_call_at, rotation_window
from core.time.spans import Span, day_span, zone
from core.workspaces import create_workspace
from tests.unit.conftest import NOW, WS
from tests.unit.fakes_rotations import FakeScheduleStore, definition, rotation

BERLIN = zone("Europe/Berlin")
TOKYO = zone("Asia/Tokyo")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def store() -> FakeScheduleStore:
    made = FakeScheduleStore()
    create_workspace(made, WS, now=NOW)
    return made


@pytest.fixture
def dan(store: FakeScheduleStore) -> Member:
    return add_member(store, OPERATOR, WS, NewMember("dan@example.com", "Dan Dev", "Asia/Tokyo"))


@pytest.fixture
def daily(store: FakeScheduleStore, alice: Member, bob: Member, carol: Member) -> Rotation:
    """Daily 09:00 Berlin hand-offs from Mon 2 Mar 2026: alice, bob, carol, alice …"""
    members = (alice.id, bob.id, carol.id)
    return rotation(store, definition(members, shift="1d", handoff="09:00", start=date(2026, 3, 2)))


def off(
    store: FakeScheduleStore, who: Member, first: date, last: date, kind: str = "Time off"
) -> Unavailability:
    span = day_span(first, last, BERLIN)
    return add_unavailability(
        store, OPERATOR, workspace_id=WS, member_id=who.id, span=span, type_name=kind, now=NOW
    ).record


def report(store: FakeScheduleStore, rot: Rotation, first: date, last: date) -> RotationCoverage:
    window = rotation_window(rot, first, last, now=NOW)
    return coverage_report(store, WS, {rot.id: window})[0]


def cover_for(
    store: FakeScheduleStore, rot: Rotation, who: Member, start: datetime, end: datetime
) -> Override:
    made = Override(f"ovr_{len(store.overrides.rows)}", WS, rot.id, who.id, start, end, None, NOW)
    store.overrides.add(made)
    return made


class TestWhoIsOnCall:
    def test_the_rotations_member_unless_an_override_covers_the_instant(
        self, store: FakeScheduleStore, daily: Rotation, bob: Member, carol: Member
    ) -> None:
        at = utc(2026, 3, 3, 12)  # bob's day
        duty = on_call_at(store, daily, at)
        assert duty is not None and duty.member_id == bob.id
        cover_for(store, daily, carol, utc(2026, 3, 3, 10), utc(2026, 3, 3, 14))
        duty = on_call_at(store, daily, at)
        assert duty is not None and duty.member_id == carol.id and duty.override_id

    def test_nobody_before_the_first_shift(self, store: FakeScheduleStore, daily: Rotation) -> None:
        assert on_call_at(store, daily, utc(2026, 3, 1)) is None


class TestSegments:
    def test_a_quiet_window_is_one_segment_per_shift_clipped_to_the_window(
        self, store: FakeScheduleStore, daily: Rotation, alice: Member, bob: Member
    ) -> None:
        found = report(store, daily, date(2026, 3, 3), date(2026, 3, 3))
        assert [(s.start, s.end, s.member.id) for s in found.segments] == [
            (utc(2026, 3, 2, 23), utc(2026, 3, 3, 8), alice.id),
            (utc(2026, 3, 3, 8), utc(2026, 3, 3, 23), bob.id),
        ]
        assert not found.gaps

    def test_before_the_first_shift_there_are_no_segments_and_no_gap(
        self, store: FakeScheduleStore, daily: Rotation
    ) -> None:
        found = report(store, daily, date(2026, 2, 20), date(2026, 3, 1))
        assert found.segments == ()

    def test_hard_unavailability_splits_the_shift_and_makes_a_gap(
        self, store: FakeScheduleStore, daily: Rotation, bob: Member
    ) -> None:
        record = off(store, bob, date(2026, 3, 7), date(2026, 3, 7))  # his shift: 6 → 7 Mar
        found = report(store, daily, date(2026, 3, 6), date(2026, 3, 7))
        bobs = [s for s in found.segments if s.member.id == bob.id]
        assert [(s.start, s.end, s.gap) for s in bobs] == [
            (utc(2026, 3, 6, 8), utc(2026, 3, 6, 23), False),
            (utc(2026, 3, 6, 23), utc(2026, 3, 7, 8), True),
        ]
        assert [v.record.id for v in bobs[1].unavailable] == [record.id]

    def test_soft_unavailability_is_a_warning_not_a_gap(
        self, store: FakeScheduleStore, daily: Rotation, bob: Member
    ) -> None:
        off(store, bob, date(2026, 3, 3), date(2026, 3, 3), kind="Prefer not on call")
        found = report(store, daily, date(2026, 3, 3), date(2026, 3, 3))
        bobs = [s for s in found.segments if s.member.id == bob.id]
        assert len(bobs) == 1 and bobs[0].soft and not bobs[0].gap

    def test_an_inactive_member_on_call_is_a_gap(
        self, store: FakeScheduleStore, daily: Rotation, bob: Member
    ) -> None:
        store.members.update(replace(bob, active=False))
        found = report(store, daily, date(2026, 3, 3), date(2026, 3, 3))
        assert [s.member.id for s in found.gaps] == [bob.id]

    def test_an_override_replaces_the_member_and_mends_the_gap(
        self, store: FakeScheduleStore, daily: Rotation, bob: Member, carol: Member
    ) -> None:
        off(store, bob, date(2026, 3, 4), date(2026, 3, 4))
        cover_for(store, daily, carol, utc(2026, 3, 3, 23), utc(2026, 3, 4, 8))
        found = report(store, daily, date(2026, 3, 4), date(2026, 3, 4))
        assert not found.gaps
        assert [(s.member.id, s.override_id is not None) for s in found.segments] == [
            (carol.id, True),
            (carol.id, False),
        ]

    def test_a_members_own_zone_decides_where_their_day_off_starts(
        self, store: FakeScheduleStore, alice: Member, dan: Member
    ) -> None:
        rot = rotation(store, definition((dan.id,), shift="1w", start=date(2026, 3, 2)))
        span = day_span(date(2026, 3, 4), date(2026, 3, 4), TOKYO)
        add_unavailability(store, OPERATOR, workspace_id=WS, member_id=dan.id, span=span, now=NOW)
        found = report(store, rot, date(2026, 3, 3), date(2026, 3, 5))
        assert [(s.start, s.gap) for s in found.segments] == [
            (utc(2026, 3, 2, 23), False),
            (utc(2026, 3, 3, 15), True),  # Tokyo midnight, 16:00 in Berlin
            (utc(2026, 3, 4, 15), False),
        ]


class TestSuggestions:
    def test_volunteers_covering_the_whole_gap_come_first_then_free_members_by_load(
        self,
        store: FakeScheduleStore,
        daily: Rotation,
        alice: Member,
        bob: Member,
        carol: Member,
        dan: Member,
    ) -> None:
        off(store, bob, date(2026, 3, 20), date(2026, 3, 21))
        span = Span(utc(2026, 3, 19), utc(2026, 3, 23))
        add_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            member_id=dan.id,
            span=span,
            type_name="Volunteer for on-call",
            now=NOW,
        )
        gap = report(store, daily, date(2026, 3, 20), date(2026, 3, 21)).gaps[0]
        assert [m.id for m in gap.suggestions] == [dan.id, carol.id, alice.id]

    def test_a_volunteer_for_part_of_the_gap_is_not_a_volunteer_for_it(
        self, store: FakeScheduleStore, daily: Rotation, bob: Member, dan: Member
    ) -> None:
        off(store, bob, date(2026, 3, 20), date(2026, 3, 21))
        span = Span(utc(2026, 3, 21, 12), utc(2026, 3, 23))
        add_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            member_id=dan.id,
            span=span,
            type_name="Volunteer for on-call",
            now=NOW,
        )
        gap = report(store, daily, date(2026, 3, 20), date(2026, 3, 21)).gaps[0]
        assert dan.id not in [m.id for m in gap.suggestions]

    def test_members_with_hard_or_soft_unavailability_in_the_gap_are_not_suggested(
        self, store: FakeScheduleStore, daily: Rotation, alice: Member, bob: Member, carol: Member
    ) -> None:
        off(store, bob, date(2026, 3, 20), date(2026, 3, 21))
        off(store, alice, date(2026, 3, 21), date(2026, 3, 21), kind="Prefer not on call")
        gaps = report(store, daily, date(2026, 3, 20), date(2026, 3, 21)).gaps
        assert [m.id for m in gaps[0].suggestions] == [carol.id]

    def test_fewer_on_call_hours_in_the_30_days_before_rank_higher(
        self, store: FakeScheduleStore, daily: Rotation, alice: Member, bob: Member, carol: Member
    ) -> None:
        off(store, bob, date(2026, 3, 20), date(2026, 3, 21))
        before = report(store, daily, date(2026, 3, 20), date(2026, 3, 21)).gaps[0]
        cover_for(store, daily, carol, utc(2026, 3, 10), utc(2026, 3, 13))  # carol works more
        after = report(store, daily, date(2026, 3, 20), date(2026, 3, 21)).gaps[0]
        assert [m.id for m in before.suggestions] == [carol.id, alice.id]
        assert [m.id for m in after.suggestions] == [alice.id, carol.id]

    def test_equal_load_is_broken_by_name(
        self, store: FakeScheduleStore, alice: Member, bob: Member, carol: Member
    ) -> None:
        rot = rotation(store, definition((bob.id, carol.id, alice.id), start=date(2026, 4, 6)))
        off(store, bob, date(2026, 4, 7), date(2026, 4, 7))
        gap = report(store, rot, date(2026, 4, 7), date(2026, 4, 7)).gaps[0]
        assert [m.name for m in gap.suggestions] == ["Alice Admin", "Carol Coder"]
        assert gap.end - gap.start == timedelta(days=1)
