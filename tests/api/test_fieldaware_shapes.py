"""FieldAware's instants read and shown: a shown end read back is the stored end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.api.fieldaware_input import instant
from bot.api.fieldaware_shapes import instant as shown
from bot.api.fieldaware_shapes import shown_end
from core.errors import BadParameter, DateOutOfRange
from core.time.spans import zone

MADRID = zone("Europe/Madrid")
ZONE_NAMES = ("UTC", "Europe/Madrid", "America/New_York", "Asia/Kolkata", "Pacific/Chatham")
ZONES = st.sampled_from([zone(n) for n in (*ZONE_NAMES, "Africa/Monrovia", "Australia/Lord_Howe")])
BOUNDS = (datetime(1970, 1, 2), datetime(2200, 12, 30))  # noqa: DTZ001 (hypothesis wants naive)
STORED = st.datetimes(*BOUNDS, timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0))


class TestReading:
    def test_an_offset_is_respected_and_answered_in_utc(self) -> None:
        read = instant("2019-04-14T10:00:00+01:00", "start", MADRID)
        assert shown(read) == "2019-04-14T09:00:00+00:00"

    def test_no_offset_is_the_members_wall_clock(self) -> None:
        assert instant("2026-07-01T09:00:00", "start", MADRID) == datetime(
            2026, 7, 1, 7, tzinfo=UTC
        )

    def test_an_end_at_59_seconds_is_the_end_of_that_second(self) -> None:
        read = instant("2019-03-20T23:59:59+00:00", "end", MADRID, end=True)
        assert read == datetime(2019, 3, 21, tzinfo=UTC)
        start = instant("2019-03-20T23:59:59+00:00", "start", MADRID)
        assert start == datetime(2019, 3, 20, 23, 59, 59, tzinfo=UTC)

    def test_a_date_alone_is_a_whole_local_day(self) -> None:
        assert instant("2026-03-10", "start", MADRID) == datetime(2026, 3, 9, 23, tzinfo=UTC)
        assert instant("2026-03-10", "end", MADRID, end=True) == datetime(
            2026, 3, 10, 23, tzinfo=UTC
        )

    @pytest.mark.parametrize(
        "raw", [5, None, [], "", "soon", "2026-02-30T10:00Z", "9999-12-31T23:59:59", "\x00"]
    )
    def test_what_is_no_instant_is_a_bad_parameter(self, raw: object) -> None:
        with pytest.raises(BadParameter) as caught:
            instant(raw, "end", MADRID, end=True)
        assert "'end'" in caught.value.message

    def test_an_instant_beyond_the_calendar_is_out_of_range(self) -> None:
        with pytest.raises(DateOutOfRange):
            instant("2500-01-01T00:00:00Z", "start", MADRID)


class TestShowing:
    def test_an_end_at_midnight_is_shown_as_the_second_before(self) -> None:
        midnight = datetime(2019, 3, 21, tzinfo=UTC)
        assert shown(shown_end(midnight, MADRID)) == "2019-03-20T23:59:59+00:00"
        local = datetime(2019, 3, 21, 23, tzinfo=UTC)  # Madrid's midnight
        assert shown(shown_end(local, MADRID)) == "2019-03-21T22:59:59+00:00"
        assert shown_end(datetime(2019, 3, 21, 11, tzinfo=UTC), MADRID).hour == 11

    @given(end=STORED, tz=ZONES)
    def test_a_shown_end_reads_back_as_the_stored_end(self, end: datetime, tz: object) -> None:
        """Except ends at hh:mm:59, which FieldAware's convention cannot say."""
        assert isinstance(tz, type(MADRID))
        read = instant(shown(shown_end(end, tz)), "end", tz, end=True)
        assert read == (end + timedelta(seconds=1) if end.second == 59 else end)

    @given(start=STORED, tz=ZONES)
    def test_a_shown_start_reads_back_as_the_stored_start(
        self, start: datetime, tz: object
    ) -> None:
        assert isinstance(tz, type(MADRID))
        assert instant(shown(start), "start", tz) == start
