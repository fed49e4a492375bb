"""Times into words: a wall-clock time that happens twice says which (docs/time.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.time.spans import Span, zone
from core.time.words import clock_words, describe_span

MADRID = zone("Europe/Madrid")
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class TestRepeatedHour:
    @pytest.mark.parametrize(
        ("moment", "shown"),
        [
            (utc(2026, 10, 25, 0, 30), "02:30 CEST"),  # the first 02:30
            (utc(2026, 10, 25, 1, 30), "02:30 CET"),  # the second
            (utc(2026, 10, 25, 2, 30), "03:30"),  # happens once
            (utc(2026, 10, 24, 23, 59), "01:59"),
            (utc(2026, 3, 29, 1, 0), "03:00"),  # just after the spring gap
        ],
    )
    def test_names_the_abbreviation_only_in_the_hour_that_happens_twice(
        self, moment: datetime, shown: str
    ) -> None:
        assert clock_words(moment, MADRID) == shown

    def test_says_the_offset_when_both_occurrences_share_an_abbreviation(self) -> None:
        """Moscow went from MSK +04:00 to MSK +03:00 on 26 Oct 2014: 01:30 happened twice."""
        moscow = zone("Europe/Moscow")
        assert clock_words(utc(2014, 10, 25, 21, 30), moscow) == "01:30 +04:00"
        assert clock_words(utc(2014, 10, 25, 22, 30), moscow) == "01:30 +03:00"

    def test_a_span_in_the_repeated_hour_tells_its_ends_apart(self) -> None:
        span = Span(utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30))
        assert describe_span(span, MADRID, now=NOW) == (
            "Sun 25 Oct 02:30 CEST–02:30 CET (CEST/CET, Europe/Madrid)"
        )

    def test_other_spans_read_as_before(self) -> None:
        span = Span(utc(2026, 3, 3, 13), utc(2026, 3, 3, 17))
        assert describe_span(span, MADRID, now=NOW) == "Tue 3 Mar 14:00–18:00 (CET, Europe/Madrid)"


ZONES = ["Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "Europe/Moscow", "UTC"]


@given(
    st.sampled_from(ZONES),
    st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1)),  # noqa: DTZ001 - UTC below
)
def test_the_words_and_the_date_name_exactly_one_instant(name: str, naive: datetime) -> None:
    tz = zone(name)
    moment = naive.replace(second=0, microsecond=0, tzinfo=UTC)
    local = moment.astimezone(tz)
    twin = local.replace(fold=1 - local.fold).astimezone(UTC)  # the other occurrence, if any
    shown = clock_words(moment, tz)
    if twin == moment:
        assert shown == f"{local:%H:%M}"
    else:
        assert shown != clock_words(twin, tz)
        assert abs(twin - moment) <= timedelta(hours=2)
