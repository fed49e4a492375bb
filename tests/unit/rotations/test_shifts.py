"""Shifts of a rotation (docs/rotations.md): hand-offs at local wall-clock time, DST, versions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.rotations.model import Handoff, RotationDefinition, RotationVersion, ShiftLength
from core.rotations.shifts import Shift, lattice, revised, shift_end_after, shifts
from core.time.spans import day_span
from tests.unit.fakes_rotations import definition

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ABC = ("a", "b", "c")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(
    tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def one(defined: RotationDefinition) -> tuple[RotationVersion, ...]:
    return (RotationVersion(None, defined, utc(2026, 1, 1)),)


def hours(shift: Shift) -> float:
    return (shift.end - shift.start).total_seconds() / 3600


class TestTextForms:
    @pytest.mark.parametrize(("text", "shown"), [("1w", "1w"), (" 2W ", "2w"), ("12h", "12h")])
    def test_shift_lengths_read_and_print_back(self, text: str, shown: str) -> None:
        assert str(ShiftLength.parse(text)) == shown

    @pytest.mark.parametrize("text", ["0d", "week", "1y", "-1d", ""])
    def test_unreadable_shift_lengths_are_refused(self, text: str) -> None:
        with pytest.raises(ValueError, match="shift length"):
            ShiftLength.parse(text)

    @pytest.mark.parametrize(
        ("text", "shown"),
        [("mon 09:00", "mon 09:00"), ("Monday 9:30", "mon 09:30"), ("21:00", "21:00")],
    )
    def test_handoffs_read_and_print_back(self, text: str, shown: str) -> None:
        assert str(Handoff.parse(text)) == shown

    @pytest.mark.parametrize("text", ["mo 09:00", "noon", "25:00", "xyz 09:00"])
    def test_unreadable_handoffs_are_refused(self, text: str) -> None:
        with pytest.raises(ValueError, match=r"hand-off|weekday|time of day"):
            Handoff.parse(text)


class TestWeeklyShifts:
    def test_members_take_turns_from_the_first_handoff_at_or_after_the_start(self) -> None:
        versions = one(definition(ABC, start=date(2026, 1, 7)))  # a Wednesday
        found = shifts(versions, utc(2026, 1, 1), utc(2026, 2, 3))
        assert found[0].start == local(BERLIN, 2026, 1, 12, 9)
        assert [s.member_id for s in found] == ["a", "b", "c", "a"]
        assert all(s.start.astimezone(BERLIN).hour == 9 for s in found)

    def test_nobody_is_on_call_before_the_first_shift(self) -> None:
        versions = one(definition(ABC, start=date(2026, 3, 2)))
        assert shifts(versions, utc(2026, 2, 1), utc(2026, 3, 2, 7)) == []
        assert shift_end_after(versions, utc(2026, 3, 1)) is None

    def test_shifts_are_clipped_to_the_window(self) -> None:
        versions = one(definition(ABC))
        found = shifts(versions, utc(2026, 1, 7), utc(2026, 1, 8))
        assert [(s.start, s.end, s.member_id) for s in found] == [
            (utc(2026, 1, 7), utc(2026, 1, 8), "a")
        ]

    def test_a_two_week_rotation_hands_off_every_other_monday_at_nine_local(self) -> None:
        versions = one(definition(ABC, shift="2w", start=date(2026, 3, 16)))
        found = shifts(versions, utc(2026, 3, 1), utc(2026, 4, 20))
        starts = [s.start.astimezone(BERLIN) for s in found]
        assert [(t.month, t.day, t.hour) for t in starts] == [(3, 16, 9), (3, 30, 9), (4, 13, 9)]
        assert hours(found[0]) == 14 * 24 - 1  # spans the spring change on 29 March
        assert [s.member_id for s in found] == ["a", "b", "c"]


class TestDaylightSaving:
    @pytest.mark.parametrize(
        ("tz", "day", "length"),
        [
            (BERLIN, date(2026, 3, 28), 23),
            (BERLIN, date(2026, 10, 24), 25),
            (NEW_YORK, date(2026, 3, 7), 23),
            (NEW_YORK, date(2026, 10, 31), 25),
        ],
    )
    def test_daily_handoffs_stay_at_nine_local_so_the_shift_over_a_change_is_23_or_25_hours(
        self, tz: ZoneInfo, day: date, length: int
    ) -> None:
        versions = one(definition(ABC, shift="1d", handoff="09:00", start=day, timezone=tz.key))
        found = shifts(
            versions, utc(2026, 1, 1), utc(day.year, day.month, day.day) + timedelta(days=3)
        )
        assert [s.start.astimezone(tz).hour for s in found] == [9, 9, 9]
        assert [hours(s) for s in found[:2]] == [length, 24]

    @pytest.mark.parametrize(("day", "night"), [(date(2026, 3, 28), 11), (date(2026, 10, 24), 13)])
    def test_a_twelve_hour_night_shift_lasts_11_or_13_real_hours(
        self, day: date, night: int
    ) -> None:
        versions = one(definition(ABC, shift="12h", handoff="09:00", start=day))
        found = shifts(versions, utc(2026, 1, 1), utc(day.year, day.month, day.day + 2))
        assert [s.start.astimezone(BERLIN).hour for s in found[:4]] == [9, 21, 9, 21]
        assert [hours(s) for s in found[:3]] == [12, night, 12]
        assert [s.member_id for s in found[:4]] == ["a", "b", "c", "a"]

    def test_a_handoff_in_the_spring_gap_moves_to_the_first_valid_instant(self) -> None:
        versions = one(definition(ABC, shift="1d", handoff="02:30", start=date(2026, 3, 28)))
        found = shifts(versions, utc(2026, 3, 1), utc(2026, 3, 31))
        assert found[1].start == local(BERLIN, 2026, 3, 29, 3, 0)
        assert found[2].start == local(BERLIN, 2026, 3, 30, 2, 30)

    def test_a_handoff_in_the_repeated_autumn_hour_takes_its_first_occurrence(self) -> None:
        versions = one(definition(ABC, shift="1d", handoff="02:30", start=date(2026, 10, 24)))
        found = shifts(versions, utc(2026, 10, 1), utc(2026, 10, 27))
        assert found[1].start == utc(2026, 10, 25, 0, 30)  # 02:30 CEST, not 02:30 CET
        assert hours(found[1]) == 25

    def test_an_hourly_shift_squeezed_by_the_spring_change_uses_nobodys_turn(self) -> None:
        """02:00 does not happen on 29 Mar 2026 in Berlin: no 02:00 shift; c has 03:00."""
        versions = one(definition(ABC, shift="1h", handoff="00:00", start=date(2026, 3, 29)))
        found = shifts(versions, utc(2026, 3, 1), local(BERLIN, 2026, 3, 29, 5))
        assert [s.start.astimezone(BERLIN).hour for s in found] == [0, 1, 3, 4]
        assert [hours(s) for s in found] == [1, 1, 1, 1]
        assert [s.member_id for s in found] == ["a", "b", "c", "a"]

    def test_the_member_after_a_squeezed_shift_is_the_same_whatever_the_window(self) -> None:
        versions = one(definition(ABC, shift="1h", handoff="00:00", start=date(2026, 3, 20)))
        later = shifts(versions, local(BERLIN, 2026, 3, 29, 3), local(BERLIN, 2026, 3, 29, 5))
        whole = shifts(versions, utc(2026, 3, 1), local(BERLIN, 2026, 3, 29, 5))
        assert [s.member_id for s in later] == [s.member_id for s in whole[-2:]]
        assert [s.member_id for s in whole[-4:]] == ["a", "b", "c", "a"]  # 9 days of 24 turns

    def test_the_repeated_autumn_hour_lengthens_the_first_02_00_shift_to_two_hours(self) -> None:
        versions = one(definition(ABC, shift="1h", handoff="00:00", start=date(2026, 10, 25)))
        found = shifts(versions, utc(2026, 10, 1), local(BERLIN, 2026, 10, 25, 4))
        assert [s.start.astimezone(BERLIN).hour for s in found] == [0, 1, 2, 3]
        assert [hours(s) for s in found] == [1, 1, 2, 1]
        assert [s.member_id for s in found] == ["a", "b", "c", "a"]

    def test_a_day_the_calendar_skips_is_no_shift_and_nobodys_turn(self) -> None:
        """Samoa skipped Fri 30 Dec 2011 (from -10:00 to +14:00): no daily shift that day."""
        apia = ZoneInfo("Pacific/Apia")
        versions = one(
            definition(
                ABC, shift="1d", handoff="00:00", start=date(2011, 12, 28), timezone=apia.key
            )
        )
        found = shifts(versions, utc(2011, 12, 1), utc(2012, 1, 1))
        assert [s.start.astimezone(apia).day for s in found] == [28, 29, 31, 1]
        assert [s.member_id for s in found] == ["a", "b", "c", "a"]
        assert hours(found[1]) == 24


DST_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute change
    "America/Santiago",  # changes at midnight
    "Pacific/Apia",  # skipped a whole day in 2011
]


def changes(zone_name: str, year: int) -> list[date]:
    """The local days of `year` that do not last 24 hours in the zone."""
    tz = ZoneInfo(zone_name)
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(365)]
    return [d for d in days if (s := day_span(d, d, tz)).end - s.start != timedelta(days=1)]


@st.composite
def hourly_rotations(draw: st.DrawFn) -> tuple[RotationDefinition, datetime, datetime]:
    """A rotation of 1 to 3 hours or a day, and a 4-day window around a clock change."""
    zone_name = draw(st.sampled_from(DST_ZONES))
    year = draw(st.sampled_from([2011, 2016, 2020, 2026, 2031]))
    day = draw(st.sampled_from(changes(zone_name, year) or [date(year, 3, 1)]))
    defined = definition(
        ABC,
        shift=draw(st.sampled_from(["1h", "1h", "2h", "3h", "1d"])),
        handoff=f"{draw(st.integers(0, 23)):02}:{draw(st.sampled_from([0, 0, 30])):02}",
        start=day - timedelta(days=draw(st.integers(0, 20))),
        timezone=zone_name,
    )
    start = datetime.combine(day - timedelta(days=2), time(), UTC)
    return defined, start, start + timedelta(days=4)


class TestSqueezedShiftProperties:
    @given(hourly_rotations())
    @settings(max_examples=60, deadline=None)
    def test_shifts_tile_the_window_and_members_take_turns_in_order(
        self, drawn: tuple[RotationDefinition, datetime, datetime]
    ) -> None:
        defined, start, end = drawn
        found = shifts(one(defined), start, end)
        assert all(s.start < s.end for s in found)
        assert all(a.end == b.start for a, b in pairwise(found))
        turns = [ABC.index(s.member_id) for s in found]
        assert all((b - a) % 3 == 1 for a, b in pairwise(turns))

    @given(hourly_rotations(), st.floats(0, 1))
    @settings(max_examples=60, deadline=None)
    def test_who_is_on_call_does_not_depend_on_where_the_window_starts(
        self, drawn: tuple[RotationDefinition, datetime, datetime], cut: float
    ) -> None:
        defined, start, end = drawn
        split = start + (end - start) * cut
        whole = shifts(one(defined), start, end)
        after = shifts(one(defined), split, end)
        assert [s.member_id for s in after] == [s.member_id for s in whole if s.end > split]

    @given(hourly_rotations())
    @settings(max_examples=60, deadline=None)
    def test_squeezed_shifts_are_counted_exactly(
        self, drawn: tuple[RotationDefinition, datetime, datetime]
    ) -> None:
        defined, start, end = drawn
        grid = lattice(defined)
        low, high = grid.index_at(start) - 50, grid.index_at(end) + 2
        squeezed = sum(grid.handoff(k) == grid.handoff(k + 1) for k in range(low, high))
        assert grid.empties(low, high) == squeezed


class TestRevised:
    base = definition(ABC, start=date(2026, 1, 5))

    def test_an_unchanged_definition_changes_nothing(self) -> None:
        versions = one(self.base)
        assert revised(versions, self.base, now=utc(2026, 2, 4)) == versions

    def test_a_change_mid_shift_rules_from_the_next_handoff_with_its_first_member(self) -> None:
        versions = one(self.base)
        now = utc(2026, 2, 4, 12)  # Wednesday; the shift of Mon 2 Feb belongs to "b"
        new = revised(versions, definition(("x", "y"), start=date(2026, 1, 5)), now=now)
        assert new[:1] == versions
        assert new[1].effective_from == local(BERLIN, 2026, 2, 9, 9)
        found = shifts(new, utc(2026, 1, 5), utc(2026, 2, 24))
        assert [s.member_id for s in found] == ["a", "b", "c", "a", "b", "x", "y", "x"]
        assert found[:5] == shifts(versions, utc(2026, 1, 5), utc(2026, 2, 9, 8))

    def test_a_change_before_the_first_shift_replaces_the_definition(self) -> None:
        versions = one(definition(ABC, start=date(2026, 3, 2)))
        new_definition = definition(("x", "y"), start=date(2026, 3, 2))
        new = revised(versions, new_definition, now=utc(2026, 2, 1))
        assert [v.definition for v in new] == [new_definition]
        assert new[0].effective_from is None

    def test_a_pending_change_is_replaced_and_reapplying_the_old_withdraws_it(self) -> None:
        versions = one(self.base)
        pending = revised(versions, definition(("x",)), now=utc(2026, 2, 4))
        again = revised(pending, definition(("y",)), now=utc(2026, 2, 5))
        assert len(again) == 2 and again[1].definition.member_ids == ("y",)
        assert revised(again, self.base, now=utc(2026, 2, 6)) == versions

    def test_a_new_handoff_time_gives_the_first_member_the_stretch_up_to_it(self) -> None:
        versions = one(self.base)
        later = definition(ABC, handoff="tue 10:00")
        new = revised(versions, later, now=utc(2026, 2, 4))
        found = shifts(new, local(BERLIN, 2026, 2, 2, 9), utc(2026, 2, 20))
        edges = [(s.start.astimezone(BERLIN).strftime("%a %d %H"), s.member_id) for s in found]
        assert edges == [
            ("Mon 02 09", "b"),
            ("Mon 09 09", "a"),
            ("Tue 10 10", "b"),
            ("Tue 17 10", "c"),
        ]

    def test_a_new_zone_rules_from_the_old_zones_next_handoff(self) -> None:
        versions = one(self.base)
        moved = definition(ABC, timezone="America/New_York")
        new = revised(versions, moved, now=utc(2026, 2, 4))
        found = shifts(new, utc(2026, 2, 9), utc(2026, 2, 17))
        assert found[0].start == utc(2026, 2, 9) and found[0].member_id == "b"
        assert found[1].start == local(BERLIN, 2026, 2, 9, 9) and found[1].member_id == "a"
        assert found[2].start == local(NEW_YORK, 2026, 2, 9, 9) and found[2].member_id == "b"

    def test_a_later_start_date_lets_the_old_definition_run_until_it(self) -> None:
        versions = one(self.base)
        later = definition(("x",), start=date(2026, 3, 2))
        new = revised(versions, later, now=utc(2026, 2, 4))
        assert new[1].effective_from == local(BERLIN, 2026, 3, 2, 9)
        found = shifts(new, utc(2026, 2, 20), utc(2026, 3, 4))
        assert [s.member_id for s in found] == ["a", "b", "x"]

    def test_the_past_never_changes_whatever_is_applied(self) -> None:
        versions = one(self.base)
        now = utc(2026, 2, 4)
        before = shifts(versions, utc(2026, 1, 1), now)
        for members in (("x",), ("y", "z"), ABC):
            versions = revised(versions, definition(members, shift="1d", handoff="08:00"), now=now)
            assert shifts(versions, utc(2026, 1, 1), now) == before
        effective_from = versions[-1].effective_from
        assert effective_from is not None
        assert timedelta(0) < effective_from - now <= timedelta(weeks=1)
