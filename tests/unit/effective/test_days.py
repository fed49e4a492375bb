"""Effective availability (docs/effective.md): precedence, merging, DST, time off, on-call."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest

from core.effective.days import Duty, EffectiveDay, effective_days
from core.effective.model import (
    AvailabilityPattern,
    Calendar,
    DayAssignment,
    DayType,
    Definitions,
    LocalInterval,
    ShiftPattern,
    Source,
)
from core.errors import InvalidInput, WindowTooLong
from core.people.model import OPERATOR, Actor, Member
from core.records.model import Kind, RecordView
from core.records.unavailability import add_unavailability
from core.time.spans import Span, zone
from tests.fakes import FakeStore
from tests.unit.conftest import NOW, WS

MADRID = zone("Europe/Madrid")
ME = "mem_me"


def hours(*texts: str) -> tuple[LocalInterval, ...]:
    return tuple(LocalInterval.parse(t) for t in texts)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def days(
    defs: Definitions, first: date, last: date, *, duties: Sequence[Duty] = ()
) -> list[EffectiveDay]:
    return effective_days(
        ME, first, last, defs, tz=MADRID, records=[], duties=duties, viewer=OPERATOR
    )


WEEKENDS = AvailabilityPattern(
    ME, "FREQ=WEEKLY;BYDAY=SA,SU", hours("16:00-22:00"), date(2025, 1, 1)
)
SHIFTS = ShiftPattern(
    ME, (hours("08:00-20:00"), hours("08:00-20:00"), None, None), date(2026, 5, 1)
)


class TestSources:
    def test_nothing_defined_gives_no_days(self) -> None:
        assert days(Definitions(), date(2026, 5, 1), date(2026, 5, 31)) == []

    def test_availability_pattern_defines_only_the_days_its_rule_hits(self) -> None:
        found = days(Definitions(patterns=(WEEKENDS,)), date(2026, 5, 1), date(2026, 5, 4))
        assert [d.day for d in found] == [date(2026, 5, 2), date(2026, 5, 3)]
        assert found[0].source is Source.AVAILABILITY_PATTERN
        assert found[0].intervals == ((utc(date(2026, 5, 2), 14), utc(date(2026, 5, 2), 20)),)
        assert not found[0].free

    def test_shift_cycle_counts_from_its_start_and_off_days_are_free(self) -> None:
        found = days(Definitions(shifts=(SHIFTS,)), date(2026, 5, 1), date(2026, 5, 5))
        assert [(d.day.day, d.free) for d in found] == [
            (1, False),
            (2, False),
            (3, True),
            (4, True),
            (5, False),
        ]
        assert all(d.source is Source.SHIFT_PATTERN for d in found)

    def test_precedence_day_type_over_calendar_over_shift_over_pattern(self) -> None:
        defs = Definitions(
            day_types={"Morning": DayType("Morning", hours("08:00-13:00"))},
            assignments=(DayAssignment(ME, "Morning", (date(2026, 5, 2),)),),
            calendars=(Calendar("Madrid", (ME,), "ES", "MD", closed=(date(2026, 5, 3),)),),
            shifts=(SHIFTS,),
            patterns=(WEEKENDS,),
        )
        found = {d.day.day: d for d in days(defs, date(2026, 5, 1), date(2026, 5, 9))}
        assert found[2].source is Source.DAY_TYPE
        assert found[2].intervals == ((utc(date(2026, 5, 2), 6), utc(date(2026, 5, 2), 11)),)
        assert found[1].source is Source.CALENDAR  # Labour Day in Spain
        assert found[1].free
        assert found[3].source is Source.CALENDAR  # a closure day
        assert found[5].source is Source.SHIFT_PATTERN
        assert found[9].source is Source.SHIFT_PATTERN  # Saturday, but the shift decides

    def test_calendar_special_hours(self) -> None:
        special = Calendar("Madrid", (ME,), hours={date(2026, 12, 24): hours("09:00-13:00")})
        [day] = days(Definitions(calendars=(special,)), date(2026, 12, 24), date(2026, 12, 24))
        assert (day.source, day.free) == (Source.CALENDAR, False)
        assert day.intervals == ((utc(date(2026, 12, 24), 8), utc(date(2026, 12, 24), 12)),)

    def test_calendar_of_other_members_does_not_apply(self) -> None:
        other = Calendar("Madrid", ("mem_other",), "ES", "MD")
        assert days(Definitions(calendars=(other,)), date(2026, 1, 6), date(2026, 1, 6)) == []

    def test_same_source_definitions_are_merged(self) -> None:
        evenings = AvailabilityPattern(
            ME, "FREQ=WEEKLY;BYDAY=SA", hours("20:00-23:00"), date(2025, 1, 1)
        )
        [sat] = days(Definitions(patterns=(WEEKENDS, evenings)), date(2026, 5, 2), date(2026, 5, 2))
        assert sat.intervals == ((utc(date(2026, 5, 2), 14), utc(date(2026, 5, 2), 21)),)

    def test_interval_patterns_use_their_explicit_start(self) -> None:
        fortnightly = AvailabilityPattern(
            ME, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", hours("09:00-10:00"), date(2026, 5, 4)
        )
        found = days(Definitions(patterns=(fortnightly,)), date(2026, 5, 1), date(2026, 5, 31))
        assert [d.day.day for d in found] == [4, 18]


class TestDaylightSaving:
    def test_local_hours_stay_local_across_a_change(self) -> None:
        pattern = AvailabilityPattern(ME, "FREQ=DAILY", hours("09:00-17:00"), date(2026, 3, 1))
        found = days(Definitions(patterns=(pattern,)), date(2026, 3, 28), date(2026, 3, 30))
        assert [d.intervals[0][0].hour for d in found] == [8, 7, 7]

    def test_overnight_hours_end_the_next_day(self) -> None:
        night = ShiftPattern(ME, (hours("20:00-08:00"),), date(2026, 10, 24))
        [day] = days(Definitions(shifts=(night,)), date(2026, 10, 24), date(2026, 10, 24))
        start, end = day.intervals[0]
        assert end - start == (utc(date(2026, 10, 25), 7) - utc(date(2026, 10, 24), 18))
        assert (end - start).total_seconds() == 13 * 3600  # the clocks go back that night


class TestUnavailabilityAndDuty:
    @pytest.fixture
    def me(self, store: FakeStore, bob: Member) -> Member:
        return bob

    def record(self, store: FakeStore, member: Member, span: Span, type_name: str) -> RecordView:
        return add_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            member_id=member.id,
            span=span,
            type_name=type_name,
            now=NOW,
        )

    def test_time_off_trims_intervals_and_is_listed(
        self, store: FakeStore, me: Member, carol: Member
    ) -> None:
        day = date(2026, 5, 2)
        sick = self.record(store, me, Span(utc(day, 16), utc(day, 23)), "Sick")
        pattern = AvailabilityPattern(me.id, WEEKENDS.rrule, WEEKENDS.intervals, WEEKENDS.start)
        [entry] = effective_days(
            me.id,
            day,
            day,
            Definitions(patterns=(pattern,)),
            tz=MADRID,
            records=[sick],
            duties=[],
            viewer=Actor(carol),
        )
        assert not entry.free
        assert entry.intervals == ((utc(day, 14), utc(day, 16)),)
        assert [(r.id, r.type, r.kind) for r in entry.unavailable] == [
            (sick.record.id, "Away", Kind.HARD)
        ]
        assert entry.unavailable[0].start == utc(day, 16)

    def test_private_type_is_named_for_admins(self, store: FakeStore, me: Member) -> None:
        day = date(2026, 5, 2)
        sick = self.record(store, me, Span(utc(day, 0), utc(day, 23)), "Sick")
        pattern = AvailabilityPattern(me.id, WEEKENDS.rrule, WEEKENDS.intervals, WEEKENDS.start)
        [entry] = effective_days(
            me.id,
            day,
            day,
            Definitions(patterns=(pattern,)),
            tz=MADRID,
            records=[sick],
            duties=[],
            viewer=OPERATOR,
        )
        assert entry.intervals == ()
        assert not entry.free
        assert entry.unavailable[0].type == "Sick"

    def test_on_call_duty_is_listed_clipped_to_the_day(self) -> None:
        day = date(2026, 5, 2)
        duty = Duty("primary", utc(day, 7), utc(date(2026, 5, 9), 7))
        [entry] = days(Definitions(patterns=(WEEKENDS,)), day, day, duties=[duty])
        assert entry.on_call == (Duty("primary", utc(day, 7), utc(day, 22)),)


class TestWindow:
    def test_at_most_31_days(self) -> None:
        with pytest.raises(WindowTooLong, match="31"):
            days(Definitions(), date(2026, 5, 1), date(2026, 6, 1))

    def test_last_before_first_is_refused(self) -> None:
        with pytest.raises(InvalidInput):
            days(Definitions(), date(2026, 5, 2), date(2026, 5, 1))


class TestLocalInterval:
    @pytest.mark.parametrize("text", ["8-13", "25:00-26:00", "08:00-24:30", "08:00"])
    def test_refuses_malformed_hours(self, text: str) -> None:
        with pytest.raises(ValueError, match=r"HH:MM|time of day"):
            LocalInterval.parse(text)

    def test_midnight_end(self) -> None:
        assert str(LocalInterval.parse("16:00-24:00")) == "16:00-24:00"
