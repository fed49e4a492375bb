"""Volunteering records covering a gap, found by start (core/rotations/coverage.py) exactly
as reading them all finds them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.records.model import Unavailability
from core.rotations.coverage import _Covering

BASE = datetime(2026, 3, 2, tzinfo=UTC)
HOURS = st.integers(min_value=0, max_value=24 * 20)


def record(n: int, start: int, hours: int) -> Unavailability:
    at = BASE + timedelta(hours=start)
    return Unavailability(
        f"r{n}", "T1", f"m{n}", "vol", at, at + timedelta(hours=hours), False, "slack", None, at, at
    )


@given(
    st.lists(st.tuples(HOURS, st.integers(min_value=1, max_value=24 * 10)), max_size=30),
    HOURS,
    st.integers(min_value=1, max_value=48),
)
def test_the_records_covering_a_span_are_those_reading_all_finds(
    spans: list[tuple[int, int]], gap_start: int, gap_hours: int
) -> None:
    records = [record(n, start, hours) for n, (start, hours) in enumerate(spans)]
    start = BASE + timedelta(hours=gap_start)
    end = start + timedelta(hours=gap_hours)
    every = {r.id for r in records if r.start <= start and r.end >= end}
    assert {r.id for r in _Covering(records).over(start, end)} == every
