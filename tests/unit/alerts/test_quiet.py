"""Quiet hours and working days in a member's zone, across zones and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.alerts.quiet import after_quiet, days_off, is_quiet, last_working_day, may_send
from core.effective.model import Calendar
from core.time.spans import zone

MADRID, NEW_YORK = zone("Europe/Madrid"), zone("America/New_York")


def never_off(day: date) -> str | None:
    return None


class TestQuietHours:
    @pytest.mark.parametrize(
        ("local", "quiet"),
        [("21:59", False), ("22:00", True), ("03:00", True), ("07:59", True), ("08:00", False)],
    )
    def test_from_22_to_8_local(self, local: str, quiet: bool) -> None:
        hour, minute = map(int, local.split(":"))
        moment = datetime(2026, 3, 4, hour, minute, tzinfo=MADRID)
        assert is_quiet(moment, MADRID) is quiet

    def test_the_same_instant_is_quiet_in_one_zone_and_not_another(self) -> None:
        moment = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)  # midnight in Madrid, 18:00 in New York
        assert is_quiet(moment, MADRID)
        assert not is_quiet(moment, NEW_YORK)

    def test_a_late_evening_waits_for_the_next_morning(self) -> None:
        late = datetime(2026, 3, 4, 23, 30, tzinfo=MADRID)
        assert after_quiet(late, MADRID) == datetime(2026, 3, 5, 8, 0, tzinfo=MADRID)

    def test_an_early_morning_waits_for_the_same_morning(self) -> None:
        early = datetime(2026, 3, 5, 3, 0, tzinfo=MADRID)
        assert after_quiet(early, MADRID) == datetime(2026, 3, 5, 8, 0, tzinfo=MADRID)

    def test_the_night_the_clocks_spring_forward_ends_at_8_summer_time(self) -> None:
        """29 Mar 2026 in Madrid has no 02:00-03:00; the night is an hour shorter."""
        night = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # Sun 00:00 CET
        morning = after_quiet(night, MADRID)
        assert morning == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)  # 08:00 CEST
        assert morning - night == timedelta(hours=7)

    def test_a_gap_starting_within_12_hours_is_told_even_at_night(self) -> None:
        night = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)
        assert may_send(night, MADRID, gap_start=night + timedelta(hours=12))
        assert not may_send(night, MADRID, gap_start=night + timedelta(hours=12, minutes=1))
        assert not may_send(night, MADRID)
        assert may_send(night, NEW_YORK)


class TestWorkingDays:
    @pytest.mark.parametrize(
        ("shift_day", "announced"),
        [
            (date(2026, 3, 9), date(2026, 3, 6)),  # a Monday shift on Friday
            (date(2026, 3, 10), date(2026, 3, 9)),  # a Tuesday shift on Monday
            (date(2026, 3, 8), date(2026, 3, 6)),  # a Sunday shift on Friday
            (date(2026, 3, 7), date(2026, 3, 6)),  # a Saturday shift on Friday
        ],
    )
    def test_the_last_working_day_before_is_monday_to_friday(
        self, shift_day: date, announced: date
    ) -> None:
        assert last_working_day(shift_day, never_off) == announced

    def test_holidays_and_closures_of_the_members_calendars_are_skipped(self) -> None:
        """Easter 2026 in Madrid: Thu 2 Apr and Fri 3 Apr are public holidays."""
        madrid = Calendar("Spain (Madrid)", ("mem_bob",), "ES", "MD", closed=(date(2026, 4, 1),))
        off = days_off([madrid], "mem_bob")
        assert off(date(2026, 4, 3)) == "Spain (Madrid)"
        assert last_working_day(date(2026, 4, 6), off) == date(2026, 3, 31)
        assert last_working_day(date(2026, 4, 6), days_off([madrid], "mem_ann")) == date(2026, 4, 3)

    def test_a_calendar_unknown_to_the_holidays_package_counts_only_its_closures(self) -> None:
        odd = Calendar("Atlantis", ("mem_bob",), "XX", None, closed=(date(2026, 3, 6),))
        off = days_off([odd], "mem_bob")
        assert last_working_day(date(2026, 3, 9), off) == date(2026, 3, 5)
