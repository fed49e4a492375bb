"""Interval arithmetic and local days across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import UnknownTimeZone
from core.time.spans import day_span, local_midnight, merge, resolve_local, subtract, zone

BASE = datetime(2026, 1, 1, tzinfo=UTC)
intervals = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 200)).map(
        lambda p: (BASE + timedelta(hours=p[0]), BASE + timedelta(hours=p[1]))
    ),
    max_size=8,
)


def covered(ints: list[tuple[datetime, datetime]]) -> set[int]:
    hours: set[int] = set()
    for s, e in ints:
        hours.update(
            range(int((s - BASE).total_seconds() // 3600), int((e - BASE) / timedelta(hours=1)))
        )
    return hours


class TestIntervals:
    @given(intervals)
    def test_merge_covers_the_same_hours_disjointly(
        self, ints: list[tuple[datetime, datetime]]
    ) -> None:
        merged = merge(ints)
        assert covered(merged) == covered(ints)
        assert all(a[1] < b[0] for a, b in pairwise(merged))

    @given(intervals, intervals)
    def test_subtract_is_set_difference(
        self, ints: list[tuple[datetime, datetime]], holes: list[tuple[datetime, datetime]]
    ) -> None:
        left = subtract(ints, holes)
        assert covered(left) == covered(ints) - covered(holes)
        assert all(s < e for s, e in left)


class TestLocalDays:
    @pytest.mark.parametrize(
        ("zone_name", "day", "hours"),
        [
            ("Europe/Madrid", date(2026, 3, 29), 23),
            ("Europe/Madrid", date(2026, 10, 25), 25),
            ("America/New_York", date(2026, 3, 8), 23),
            ("America/New_York", date(2026, 11, 1), 25),
            ("Asia/Tokyo", date(2026, 3, 29), 24),
            ("Asia/Kolkata", date(2026, 10, 25), 24),
            ("Australia/Lord_Howe", date(2026, 10, 4), 23.5),
            ("Australia/Lord_Howe", date(2026, 4, 5), 24.5),
        ],
    )
    def test_a_local_day_is_as_long_as_the_wall_clock_says(
        self, zone_name: str, day: date, hours: float
    ) -> None:
        span = day_span(day, day, zone(zone_name))
        assert span.end - span.start == timedelta(hours=hours)

    def test_gap_moves_to_first_valid_instant(self) -> None:
        tz = zone("Europe/Madrid")
        naive = datetime(2026, 3, 29, 2, 30)  # noqa: DTZ001 - a local wall-clock time
        assert resolve_local(naive, tz) == datetime(2026, 3, 29, 1, tzinfo=UTC)

    def test_ambiguous_time_takes_first_occurrence(self) -> None:
        tz = zone("America/New_York")
        naive = datetime(2026, 11, 1, 1, 30)  # noqa: DTZ001 - a local wall-clock time
        assert resolve_local(naive, tz) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)

    def test_midnight_in_a_gap_moves_forward(self) -> None:
        """Some zones (America/Santiago) skip midnight itself."""
        tz = zone("America/Santiago")
        start = local_midnight(date(2026, 9, 6), tz)
        assert start.astimezone(tz).hour == 1

    def test_unknown_zone_is_refused(self) -> None:
        with pytest.raises(UnknownTimeZone):
            zone("Not/AZone")
