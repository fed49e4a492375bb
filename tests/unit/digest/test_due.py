"""Which digests are due at `now`: local times, weekdays, the 6-hour grace, DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.digest.due import (
    Days,
    Subscription,
    check_lookahead,
    due_digests,
    parse_clock,
)
from core.errors import InvalidInput


def sub(
    at: str = "09:00", zone: str = "Europe/Madrid", days: Days = Days.EVERY_DAY
) -> Subscription:
    return Subscription("sub_1", "T1", "C1", parse_clock(at), zone, days)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def due_dates(subscription: Subscription, now: datetime) -> list[date]:
    due, _ = due_digests([subscription], now)
    return [d.local_date for d in due]


class TestDue:
    def test_due_from_its_local_time_for_six_hours(self) -> None:
        madrid_nine = utc(2026, 11, 23, 8)  # 09:00 CET
        assert due_dates(sub(), madrid_nine - timedelta(minutes=1)) == []
        assert due_dates(sub(), madrid_nine) == [date(2026, 11, 23)]
        assert due_dates(sub(), madrid_nine + timedelta(hours=5, minutes=59)) == [
            date(2026, 11, 23)
        ]
        assert due_dates(sub(), madrid_nine + timedelta(hours=6)) == []

    def test_missed_by_more_than_six_hours_is_expired_not_due(self) -> None:
        due, expired = due_digests([sub()], utc(2026, 11, 23, 15))
        assert due == []
        assert date(2026, 11, 23) in [e.local_date for e in expired]

    def test_a_late_evening_digest_is_still_due_after_local_midnight(self) -> None:
        late = sub("23:30")
        assert due_dates(late, utc(2026, 11, 23, 0, 15)) == [date(2026, 11, 22)]

    def test_weekdays_skip_the_weekend(self) -> None:
        saturday_ten = utc(2026, 11, 28, 9)
        assert due_dates(sub(days=Days.WEEKDAYS), saturday_ten) == []
        assert due_dates(sub(), saturday_ten) == [date(2026, 11, 28)]

    def test_the_subscriptions_zone_decides(self) -> None:
        assert due_dates(sub(zone="America/New_York"), utc(2026, 11, 23, 8)) == []
        assert due_dates(sub(zone="America/New_York"), utc(2026, 11, 23, 14)) == [
            date(2026, 11, 23)
        ]


class TestDaylightSaving:
    def test_a_time_in_the_spring_gap_moves_to_the_first_valid_instant(self) -> None:
        gap = sub("02:30")
        assert gap.instant(date(2026, 3, 29)) == utc(2026, 3, 29, 1)  # 03:00 CEST

    def test_an_ambiguous_autumn_time_has_one_instant_the_first(self) -> None:
        twice = sub("02:30")
        assert twice.instant(date(2026, 10, 25)) == utc(2026, 10, 25, 0, 30)  # 02:30 CEST

    @pytest.mark.parametrize(
        ("zone", "day"),
        [
            ("Europe/Madrid", date(2026, 10, 25)),
            ("Europe/Madrid", date(2026, 3, 29)),
            ("America/New_York", date(2026, 11, 1)),
            ("Australia/Lord_Howe", date(2026, 10, 4)),
        ],
    )
    def test_every_local_date_is_due_once_over_a_contiguous_six_hours(
        self, zone: str, day: date
    ) -> None:
        """Ticking every minute across a change, each date is due for exactly 360 ticks."""
        subscription = sub("02:30", zone)
        start = datetime.combine(day - timedelta(days=1), time(), UTC)
        ticks: dict[date, list[int]] = {}
        for minute in range(3 * 24 * 60):
            for d in due_dates(subscription, start + timedelta(minutes=minute)):
                ticks.setdefault(d, []).append(minute)
        for minutes in ticks.values():
            assert minutes == list(range(minutes[0], minutes[0] + 360))
        assert day in ticks


class TestProperties:
    @settings(max_examples=150, deadline=None)
    @given(
        st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 1, 1)),  # noqa: DTZ001
        st.sampled_from(["Europe/Madrid", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]),
        st.times(),
    )
    def test_due_digests_were_scheduled_within_the_last_six_hours(
        self, moment: datetime, zone: str, at: time
    ) -> None:
        now = moment.replace(tzinfo=UTC)
        subscription = Subscription("s", "T", "C", at.replace(second=0, microsecond=0), zone)
        due, expired = due_digests([subscription], now)
        assert len(due) <= 1 or due[0].local_date != due[1].local_date
        for item in due:
            assert item.scheduled <= now < item.scheduled + timedelta(hours=6)
        for item in expired:
            assert now >= item.scheduled + timedelta(hours=6)


class TestParsing:
    @pytest.mark.parametrize("text", ["9", "25:00", "09:60", "nine"])
    def test_refuses_bad_clock(self, text: str) -> None:
        with pytest.raises(InvalidInput, match="HH:MM"):
            parse_clock(text)

    def test_lookahead_bounds(self) -> None:
        assert check_lookahead(14) == 14
        with pytest.raises(InvalidInput):
            check_lookahead(0)
