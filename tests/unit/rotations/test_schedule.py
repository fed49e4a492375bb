"""A rotation's resolved schedule and who is on call at an instant (core/rotations/schedule.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from core.errors import DateOutOfRange, EndNotAfterStart, UnknownRotation, WindowTooLong
from core.people.model import OPERATOR, Member
from core.records.unavailability import add_unavailability
from core.rotations.model import (
    Handoff,
    Override,
    Rotation,
    RotationDefinition,
    RotationVersion,
    ShiftLength,
)
from core.rotations.queries import rotation_by_ref, rotation_roster
from core.rotations.schedule import (
    duty_at,
    on_call_everywhere,
    rotation_schedule,
    schedule_window,
)
from core.rotations.shifts import Shift, shift_at
from core.time.spans import day_span, zone
from core.workspaces import create_workspace
from tests.unit.conftest import NOW, WS
from tests.unit.fakes_rotations import FakeScheduleStore, definition, rotation

BERLIN = zone("Europe/Berlin")
FORTNIGHT = timedelta(days=14)


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def store() -> FakeScheduleStore:
    made = FakeScheduleStore()
    create_workspace(made, WS, now=NOW)
    return made


@pytest.fixture
def weekly(store: FakeScheduleStore, alice: Member, bob: Member) -> Rotation:
    """Weekly Monday 09:00 Berlin hand-offs from Mon 2 Mar 2026: alice, bob, alice …"""
    return rotation(store, definition((alice.id, bob.id), start=date(2026, 3, 2)))


def cover_for(store: FakeScheduleStore, rot: Rotation, who: Member, start: datetime,
              end: datetime) -> Override:  # fmt: skip
    made = Override(f"ovr_{len(store.overrides.rows)}", WS, rot.id, who.id, start, end, None, NOW)
    store.overrides.add(made)
    return made


class TestShiftAt:
    def test_the_whole_shift_running_at_an_instant(
        self, weekly: Rotation, alice: Member, bob: Member
    ) -> None:
        assert shift_at(weekly.versions, utc(2026, 3, 12)) == Shift(
            utc(2026, 3, 9, 8), utc(2026, 3, 16, 8), bob.id
        )

    def test_nobody_before_the_first_shift(self, weekly: Rotation) -> None:
        assert shift_at(weekly.versions, utc(2026, 3, 2, 7)) is None

    def test_a_shift_ends_where_a_new_version_starts_ruling(
        self, alice: Member, bob: Member
    ) -> None:
        old = definition((alice.id, bob.id), start=date(2026, 3, 2))
        new = definition((bob.id,), shift="1d", handoff="09:00", start=date(2026, 3, 2))
        versions = (
            RotationVersion(None, old, NOW),
            RotationVersion(utc(2026, 3, 11, 8), new, NOW),
        )
        assert shift_at(versions, utc(2026, 3, 10)) == Shift(
            utc(2026, 3, 9, 8), utc(2026, 3, 11, 8), bob.id
        )


class TestDutyAt:
    def test_the_stretch_between_overrides_or_the_override_itself(
        self, store: FakeScheduleStore, weekly: Rotation, bob: Member, carol: Member
    ) -> None:
        shift = Shift(utc(2026, 3, 9, 8), utc(2026, 3, 16, 8), bob.id)
        first = cover_for(store, weekly, carol, utc(2026, 3, 10), utc(2026, 3, 11))
        second = cover_for(store, weekly, carol, utc(2026, 3, 13), utc(2026, 3, 14))
        overrides = [first, second]
        held = duty_at(shift, overrides, utc(2026, 3, 12))
        assert held is not None
        assert (held.start, held.end, held.member_id) == (
            utc(2026, 3, 11),
            utc(2026, 3, 13),
            bob.id,
        )
        covered = duty_at(shift, overrides, utc(2026, 3, 10, 5))
        assert covered is not None and (covered.member_id, covered.override_id) == (
            carol.id,
            first.id,
        )

    def test_an_override_before_the_first_shift_puts_its_member_on_call(
        self, store: FakeScheduleStore, weekly: Rotation, carol: Member
    ) -> None:
        early = cover_for(store, weekly, carol, utc(2026, 2, 1), utc(2026, 2, 2))
        assert duty_at(None, [early], utc(2026, 2, 1, 12)) is not None
        assert duty_at(None, [early], utc(2026, 2, 3)) is None


class TestOnCallEverywhere:
    def test_each_rotation_by_name_with_the_whole_duty(
        self, store: FakeScheduleStore, weekly: Rotation, alice: Member, bob: Member, carol: Member
    ) -> None:
        later = rotation(store, definition((carol.id,), start=date(2026, 6, 1)), name="backup")
        cover_for(store, weekly, carol, utc(2026, 3, 12), utc(2026, 3, 13))
        found = on_call_everywhere(store, WS, utc(2026, 3, 10))
        assert [(f.rotation.id, f.computable) for f in found] == [
            (later.id, True),
            (weekly.id, True),
        ]
        assert found[0].duty is None and found[0].member is None
        duty = found[1].duty
        assert duty is not None and found[1].member == bob
        assert (duty.start, duty.end, duty.override_id) == (
            utc(2026, 3, 9, 8),
            utc(2026, 3, 12),
            None,
        )
        during = on_call_everywhere(store, WS, utc(2026, 3, 12, 6))[1]
        assert during.member == carol and during.duty is not None and during.duty.override_id

    def test_a_rotation_whose_shifts_cannot_be_computed_is_said_so_and_spares_the_others(
        self, store: FakeScheduleStore, weekly: Rotation, alice: Member, bob: Member
    ) -> None:
        far = RotationDefinition(
            "UTC", ShiftLength(1, "w"), Handoff(time(9), 0), date(9999, 12, 31), (alice.id,)
        )
        rotation(store, far, name="far")
        found = {f.rotation.name: f for f in on_call_everywhere(store, WS, utc(2026, 3, 10))}
        assert found["far"].computable is False and found["far"].duty is None
        assert found["primary"].member == bob

    def test_an_instant_outside_the_dates_availbot_handles_is_refused(
        self, store: FakeScheduleStore
    ) -> None:
        with pytest.raises(DateOutOfRange):
            on_call_everywhere(store, WS, datetime(2300, 1, 1, tzinfo=UTC))


class TestScheduleWindow:
    def test_by_default_from_now_for_the_default_length(self) -> None:
        window = schedule_window(None, None, tz=BERLIN, now=NOW, default=FORTNIGHT, max_days=93)
        assert window == (NOW, NOW + FORTNIGHT)

    def test_dates_are_whole_local_days_through_the_last(self) -> None:
        window = schedule_window(
            date(2026, 3, 2), date(2026, 3, 3), tz=BERLIN, now=NOW, default=FORTNIGHT, max_days=93
        )
        assert window == (utc(2026, 3, 1, 23), utc(2026, 3, 3, 23))

    def test_instants_stay_as_they_are(self) -> None:
        window = schedule_window(
            utc(2026, 3, 2, 5), utc(2026, 3, 2, 6), tz=BERLIN, now=NOW, default=FORTNIGHT,
            max_days=93,
        )  # fmt: skip
        assert window == (utc(2026, 3, 2, 5), utc(2026, 3, 2, 6))

    @pytest.mark.parametrize(
        ("since", "until", "error"),
        [
            (utc(2026, 3, 2), utc(2026, 6, 3, 1), WindowTooLong),  # 93 days and an hour
            (utc(2026, 3, 2), utc(2026, 3, 2), EndNotAfterStart),
            (date(2026, 3, 3), date(2026, 3, 1), EndNotAfterStart),
            (date(9999, 12, 31), None, DateOutOfRange),
            (None, date(1, 1, 1), DateOutOfRange),
        ],
    )
    def test_refusals(self, since: date | None, until: date | None, error: type) -> None:
        with pytest.raises(error):
            schedule_window(since, until, tz=BERLIN, now=NOW, default=FORTNIGHT, max_days=93)


class TestRotationSchedule:
    def test_own_shifts_overrides_final_and_gaps_of_one_window(
        self, store: FakeScheduleStore, weekly: Rotation, alice: Member, bob: Member, carol: Member
    ) -> None:
        taken = cover_for(store, weekly, carol, utc(2026, 3, 10), utc(2026, 3, 11))
        span = day_span(date(2026, 3, 12), date(2026, 3, 12), BERLIN)
        add_unavailability(store, OPERATOR, workspace_id=WS, member_id=bob.id, span=span, now=NOW)
        found = rotation_schedule(store, WS, weekly, utc(2026, 3, 8), utc(2026, 3, 15))
        assert [(s.start, s.end, s.member_id) for s in found.scheduled] == [
            (utc(2026, 3, 8), utc(2026, 3, 9, 8), alice.id),
            (utc(2026, 3, 9, 8), utc(2026, 3, 15), bob.id),
        ]
        assert found.overrides == (taken,)
        assert [(d.start, d.end, d.member_id, d.override_id) for d in found.final] == [
            (utc(2026, 3, 8), utc(2026, 3, 9, 8), alice.id, None),
            (utc(2026, 3, 9, 8), utc(2026, 3, 10), bob.id, None),
            (utc(2026, 3, 10), utc(2026, 3, 11), carol.id, taken.id),
            (utc(2026, 3, 11), utc(2026, 3, 15), bob.id, None),
        ]
        assert [(g.start, g.end, g.member.id) for g in found.gaps] == [
            (utc(2026, 3, 11, 23), utc(2026, 3, 12, 23), bob.id)
        ]
        assert found.computable and found.members[carol.id] == carol


class TestFindingRotations:
    def test_by_id_or_by_name_in_any_case(self, store: FakeScheduleStore, weekly: Rotation) -> None:
        assert rotation_by_ref(store, WS, weekly.id) == weekly
        assert rotation_by_ref(store, WS, "PRIMARY") == weekly

    @pytest.mark.parametrize("ref", ["nope", "..\x00", "rot\n", "../../etc"])
    def test_an_unknown_ref_names_the_rotations_there_are(
        self, store: FakeScheduleStore, weekly: Rotation, ref: str
    ) -> None:
        with pytest.raises(UnknownRotation, match="Known rotations: primary"):
            rotation_by_ref(store, WS, ref)

    def test_the_roster_names_every_member_of_every_rotation(
        self, store: FakeScheduleStore, weekly: Rotation, alice: Member, bob: Member
    ) -> None:
        rotations, members = rotation_roster(store, WS)
        assert rotations == [weekly] and members == {alice.id: alice, bob.id: bob}
