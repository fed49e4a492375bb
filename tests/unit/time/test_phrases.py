"""WHEN phrases (docs/time.md): every row of the table, the year rule, DST, refusals, words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import EndNotAfterStart, UnreadableWhen
from core.time.phrases import (
    WHEN_EXAMPLES,
    parse_date,
    parse_point,
    parse_when,
    parse_when_prefix,
)
from core.time.spans import Span, day_span, resolve_local
from core.time.words import describe_span, format_span

MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KOLKATA = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=MADRID)  # Mon 2 Mar 2026 10:00 (docs/time.md)


def when(text: str, tz: ZoneInfo = MADRID, now: datetime = NOW, order: str = "MDY") -> Span:
    return parse_when(text, tz=tz, now=now, date_order=order)


def days(first: str, last: str, tz: ZoneInfo = MADRID) -> Span:
    return day_span(date.fromisoformat(first), date.fromisoformat(last), tz)


def local(text: str, tz: ZoneInfo = MADRID) -> datetime:
    return resolve_local(datetime.fromisoformat(text), tz)


def timed(start: str, end: str, tz: ZoneInfo = MADRID) -> Span:
    return Span(local(start, tz), local(end, tz), False)


class TestSpecTable:
    """Each row of docs/time.md's table, said on Mon 2 Mar 2026 10:00 in Europe/Madrid."""

    @pytest.mark.parametrize(
        ("text", "first", "last"),
        [
            ("today", "2026-03-02", "2026-03-02"),
            ("yesterday", "2026-03-01", "2026-03-01"),
            ("tomorrow", "2026-03-03", "2026-03-03"),
            ("fri", "2026-03-06", "2026-03-06"),
            ("friday", "2026-03-06", "2026-03-06"),
            ("mon", "2026-03-02", "2026-03-02"),
            ("next week", "2026-03-09", "2026-03-15"),
            ("2026-03-10", "2026-03-10", "2026-03-10"),
            ("10 mar", "2026-03-10", "2026-03-10"),
            ("mar 10", "2026-03-10", "2026-03-10"),
            ("march 10 2026", "2026-03-10", "2026-03-10"),
            ("10 march 2026", "2026-03-10", "2026-03-10"),
            ("dec 24", "2026-12-24", "2026-12-24"),
            ("feb 10", "2026-02-10", "2026-02-10"),
            ("2026-03-10 to 2026-03-12", "2026-03-10", "2026-03-12"),
            ("2026-03-10..2026-03-12", "2026-03-10", "2026-03-12"),
            ("mar 10 - mar 12", "2026-03-10", "2026-03-12"),
            ("mar 10-12", "2026-03-10", "2026-03-12"),
            ("fri for 3 days", "2026-03-06", "2026-03-08"),
        ],
    )
    def test_reads_whole_day_phrases(self, text: str, first: str, last: str) -> None:
        assert when(text) == days(first, last)

    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("today 14:00-18:00", "2026-03-02T14:00", "2026-03-02T18:00"),
            ("tomorrow 9am-1pm", "2026-03-03T09:00", "2026-03-03T13:00"),
            ("mar 10 14:00 to mar 11 09:00", "2026-03-10T14:00", "2026-03-11T09:00"),
            ("14:00-18:00", "2026-03-02T14:00", "2026-03-02T18:00"),
            ("today for 2h", "2026-03-02T10:00", "2026-03-02T12:00"),
            ("14:00 for 2h", "2026-03-02T14:00", "2026-03-02T16:00"),
        ],
    )
    def test_reads_timed_phrases(self, text: str, start: str, end: str) -> None:
        assert when(text) == timed(start, end)

    def test_reads_iso_8601_with_offsets(self) -> None:
        span = when("2026-03-10T14:00+01:00 to 2026-03-11T09:00+01:00")
        assert span == Span(
            datetime(2026, 3, 10, 13, tzinfo=UTC), datetime(2026, 3, 11, 8, tzinfo=UTC), False
        )

    def test_respects_an_explicit_offset_over_the_zone(self) -> None:
        span = when("2026-03-10T14:00Z to 2026-03-10T16:00-05:00", tz=TOKYO)
        assert span.start == datetime(2026, 3, 10, 14, tzinfo=UTC)
        assert span.end == datetime(2026, 3, 10, 21, tzinfo=UTC)

    def test_returns_utc_instants(self) -> None:
        span = when("today 14:00-18:00")
        assert span.start.tzinfo is UTC
        assert span.end.tzinfo is UTC

    def test_an_hour_length_after_a_bare_today_starts_now(self) -> None:
        now = datetime(2026, 3, 2, 10, 17, 30, tzinfo=MADRID)
        assert when("today for 2h", now=now) == Span(now, now + timedelta(hours=2), False)

    def test_a_weekday_is_today_when_today_is_that_weekday(self) -> None:
        assert when("monday") == when("today")


class TestSpelling:
    @pytest.mark.parametrize(
        "text",
        [
            "TODAY",
            "  today  ",
            "Mar 10 – Mar 12",
            "mar 10–12",
            "MAR 10 -  MAR 12",
            "mar\u00a010-12",
        ],
    )
    def test_tolerates_case_spaces_and_en_dashes(self, text: str) -> None:
        assert when(text) in (days("2026-03-02", "2026-03-02"), days("2026-03-10", "2026-03-12"))

    @pytest.mark.parametrize(
        "text",
        [
            "mar 10 until mar 12",
            "mar 10 through mar 12",
            "10-12 mar",
            "10th march to 12th march",
            "Tue 10 Mar - Thu 12 Mar",
            "march 10, 2026 to march 12, 2026",
            "mar 10 - 12 2026",
        ],
    )
    def test_reads_siblings_of_the_spec_ranges(self, text: str) -> None:
        assert when(text) == days("2026-03-10", "2026-03-12")

    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("today at 14:00", "2026-03-02T14:00", "2026-03-03T14:00"),
            ("9am tomorrow", "2026-03-03T09:00", "2026-03-04T09:00"),
            ("tomorrow 9:30am-12pm", "2026-03-03T09:30", "2026-03-03T12:00"),
            ("tomorrow 12am-noon", "2026-03-03T00:00", "2026-03-03T12:00"),
            ("now to 18:00", "2026-03-02T10:00", "2026-03-02T18:00"),
            ("for 30m", "2026-03-02T10:00", "2026-03-02T10:30"),
            ("for 90 minutes", "2026-03-02T10:00", "2026-03-02T11:30"),
            ("for 1h 30m", "2026-03-02T10:00", "2026-03-02T11:30"),
            ("for an hour", "2026-03-02T10:00", "2026-03-02T11:00"),
            ("for 1 week", "2026-03-02T10:00", "2026-03-09T10:00"),
            ("fri 09:00 for 2 days", "2026-03-06T09:00", "2026-03-08T09:00"),
            ("2026-03-10 14:00 to 2026-03-10 15:30", "2026-03-10T14:00", "2026-03-10T15:30"),
            ("2026-03-10T14:00 to 18:00", "2026-03-10T14:00", "2026-03-10T18:00"),
            ("mar 10 to mar 11 09:00", "2026-03-10T00:00", "2026-03-11T09:00"),
        ],
    )
    def test_reads_timed_siblings(self, text: str, start: str, end: str) -> None:
        assert when(text) == timed(start, end)

    @pytest.mark.parametrize(
        ("text", "first", "last"),
        [
            ("this week", "2026-03-02", "2026-03-08"),
            ("today for 1 week", "2026-03-02", "2026-03-08"),
            ("mon to fri", "2026-03-02", "2026-03-06"),
            ("fri to tue", "2026-03-06", "2026-03-10"),
            ("dec 30 - jan 2", "2026-12-30", "2027-01-02"),
            ("mar 10 - mar 12 2027", "2027-03-10", "2027-03-12"),
        ],
    )
    def test_reads_day_siblings(self, text: str, first: str, last: str) -> None:
        assert when(text) == days(first, last)


class TestMissingEnd:
    def test_a_date_alone_is_its_whole_local_day(self) -> None:
        assert when("2026-03-10") == days("2026-03-10", "2026-03-10")

    def test_a_datetime_alone_lasts_until_the_same_time_next_day(self) -> None:
        assert when("mar 10 14:00") == timed("2026-03-10T14:00", "2026-03-11T14:00")

    def test_a_time_alone_is_today(self) -> None:
        assert when("14:00") == timed("2026-03-02T14:00", "2026-03-03T14:00")

    def test_a_date_only_end_is_inclusive_and_a_datetime_end_exclusive(self) -> None:
        assert when("2026-12-24 to 2026-12-26").end == local("2026-12-27T00:00")
        assert when("2025-11-07T00:00:00 to 2025-11-08T00:00:00") == timed(
            "2025-11-07T00:00", "2025-11-08T00:00"
        )

    def test_whole_days_only_when_both_ends_are_dates(self) -> None:
        assert when("2026-03-10 to 2026-03-12").all_day
        assert not when("2026-03-10T00:00 to 2026-03-12T00:00").all_day


class TestYearlessDates:
    """A date without a year is the next one not ended, unless it ended in the last 30 days."""

    def test_a_date_ended_30_days_ago_stays_in_this_year(self) -> None:
        assert when("jan 31") == days("2026-01-31", "2026-01-31")

    def test_a_date_ended_31_days_ago_moves_to_next_year(self) -> None:
        assert when("jan 30") == days("2027-01-30", "2027-01-30")

    def test_in_late_december_january_is_next_year(self) -> None:
        now = datetime(2026, 12, 20, 9, tzinfo=MADRID)
        assert when("jan 5", now=now) == days("2027-01-05", "2027-01-05")

    def test_in_early_january_a_recent_december_date_is_last_year(self) -> None:
        now = datetime(2027, 1, 5, 9, tzinfo=MADRID)
        assert when("dec 24", now=now) == days("2026-12-24", "2026-12-24")

    def test_february_29_is_the_next_leap_day(self) -> None:
        assert when("feb 29") == days("2028-02-29", "2028-02-29")

    def test_today_is_this_year(self) -> None:
        assert when("mar 2") == when("today")


class TestDateOrder:
    def test_slashed_dates_are_month_first_by_default(self) -> None:
        assert when("3/10") == days("2026-03-10", "2026-03-10")
        assert when("3/10/2026") == days("2026-03-10", "2026-03-10")

    def test_slashed_dates_are_day_first_with_dmy(self) -> None:
        assert when("3/10", order="DMY") == days("2026-10-03", "2026-10-03")
        assert when("3/10/2026", order="DMY") == days("2026-10-03", "2026-10-03")

    def test_a_thirteenth_month_is_refused_but_reads_as_a_day_in_dmy(self) -> None:
        with pytest.raises(UnreadableWhen):
            when("13/10")
        assert when("13/10", order="DMY") == days("2026-10-13", "2026-10-13")

    def test_the_order_applies_to_single_dates_and_points(self) -> None:
        assert parse_date("3/10", tz=MADRID, now=NOW, date_order="DMY") == date(2026, 10, 3)
        instant, _ = parse_point("3/10/2026", tz=MADRID, now=NOW, role="start", date_order="DMY")
        assert instant == local("2026-10-03T00:00")

    def test_two_digit_years_are_this_century(self) -> None:
        assert when("3/10/26 - 3/12/26") == days("2026-03-10", "2026-03-12")


class TestRefusals:
    @pytest.mark.parametrize(
        "text",
        [
            "",
            "bogus",
            "sometime next week",
            "mar 32",
            "feb 30",
            "25:00",
            "13pm",
            "next fri",
            "fri for 2h",
            "today to to tomorrow",
            "2026-02-30",
            "mar 10 2026 2027",
            "today 14:00 (dentist)",
            "next weeks",
            "wed 10 mar",
        ],
    )
    def test_quotes_the_text_and_shows_two_examples_that_work(self, text: str) -> None:
        with pytest.raises(UnreadableWhen) as caught:
            when(text)
        assert repr(text) in caught.value.message
        for example in WHEN_EXAMPLES:
            assert f"`{example}`" in caught.value.message
            when(example)

    def test_says_why_a_weekday_does_not_match_its_date(self) -> None:
        with pytest.raises(UnreadableWhen, match="is a Tue"):
            when("wed 10 mar")

    @pytest.mark.parametrize(
        "text",
        [
            "today 18:00-14:00",
            "today 14:00-14:00",
            "2026-03-10 to 2026-03-09",
            "mar 12 - mar 10",
            "mar 12-10",
            "for 0h",
            "fri for 0 days",
            "2026-03-10T14:00+01:00 to 2026-03-10T13:00Z",
        ],
    )
    def test_refuses_an_end_at_or_before_its_start(self, text: str) -> None:
        with pytest.raises(EndNotAfterStart):
            when(text)

    def test_refuses_a_naive_now(self) -> None:
        with pytest.raises(ValueError, match="aware"):
            parse_when("today", tz=MADRID, now=datetime(2026, 3, 2))  # noqa: DTZ001


# Zone, a day that loses or gains time, its length in hours.
DST_DAYS = [
    (MADRID, "2026-03-29", 23),
    (MADRID, "2026-10-25", 25),
    (NEW_YORK, "2026-03-08", 23),
    (NEW_YORK, "2026-11-01", 25),
    (LORD_HOWE, "2026-10-04", 23.5),
    (LORD_HOWE, "2026-04-05", 24.5),
    (TOKYO, "2026-03-29", 24),
    (KOLKATA, "2026-03-29", 24),
]


class TestDaylightSaving:
    @pytest.mark.parametrize(("tz", "day", "hours"), DST_DAYS)
    def test_a_whole_day_lasts_23_24_or_25_hours(
        self, tz: ZoneInfo, day: str, hours: float
    ) -> None:
        span = when(day, tz=tz)
        assert span.all_day
        assert span.end - span.start == timedelta(hours=hours)

    @pytest.mark.parametrize(("tz", "day", "hours"), DST_DAYS)
    def test_a_datetime_start_without_end_keeps_its_wall_clock_time(
        self, tz: ZoneInfo, day: str, hours: float
    ) -> None:
        """From noon the day before to noon on the changing day: real hours = day length."""
        eve = date.fromisoformat(day) - timedelta(days=1)
        span = when(f"{eve} 12:00", tz=tz)
        assert span.end - span.start == timedelta(hours=hours)
        assert span.end.astimezone(tz).hour == 12

    @pytest.mark.parametrize(
        ("tz", "text", "utc"),
        [
            (MADRID, "2026-03-29 02:30", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
            (NEW_YORK, "2026-03-08 02:30", datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
            (LORD_HOWE, "2026-10-04 02:10", datetime(2026, 10, 3, 15, 30, tzinfo=UTC)),
            (TOKYO, "2026-03-29 02:30", datetime(2026, 3, 28, 17, 30, tzinfo=UTC)),
            (KOLKATA, "2026-03-29 02:30", datetime(2026, 3, 28, 21, 0, tzinfo=UTC)),
        ],
    )
    def test_a_start_in_a_spring_forward_gap_moves_to_the_first_valid_instant(
        self, tz: ZoneInfo, text: str, utc: datetime
    ) -> None:
        assert when(f"{text} to {text[:10]} 12:00", tz=tz).start == utc

    @pytest.mark.parametrize(
        ("tz", "text", "utc"),
        [
            (MADRID, "2026-10-25 02:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
            (NEW_YORK, "2026-11-01 01:30", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
            (LORD_HOWE, "2026-04-05 01:45", datetime(2026, 4, 4, 14, 45, tzinfo=UTC)),
        ],
    )
    def test_an_ambiguous_autumn_time_takes_its_first_occurrence(
        self, tz: ZoneInfo, text: str, utc: datetime
    ) -> None:
        assert when(text, tz=tz).start == utc

    @pytest.mark.parametrize(
        ("text", "end"),
        [
            # 03:30 on 31 Oct 2027 is after the fall-back: CET, +01:00, not the start's +02:00
            ("2027-10-31T01:30+02:00 to 03:30", datetime(2027, 10, 31, 2, 30, tzinfo=UTC)),
            ("2027-10-31T01:30+02:00 - 04:00", datetime(2027, 10, 31, 3, 0, tzinfo=UTC)),
            # 03:30 on 28 Mar 2027 is after the spring-forward: CEST, +02:00, not +01:00
            ("2027-03-28T01:30+01:00 to 03:30", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
            # the start's local day in the zone, not the day written with the offset
            ("2027-06-01T23:30Z to 03:30", datetime(2027, 6, 2, 1, 30, tzinfo=UTC)),
        ],
    )
    def test_a_bare_end_time_is_wall_clock_time_in_the_zone_not_the_starts_offset(
        self, text: str, end: datetime
    ) -> None:
        assert when(text).end == end

    def test_an_hour_length_is_real_time_across_a_change(self) -> None:
        span = when("2026-03-29 01:30 for 2h")
        assert span.end - span.start == timedelta(hours=2)
        assert span.end.astimezone(MADRID).hour == 4

    def test_a_week_over_the_autumn_change_is_one_hour_longer(self) -> None:
        span = when("2026-10-19 for 7 days")
        assert span.end - span.start == timedelta(days=7, hours=1)


class TestPrefix:
    def test_splits_the_phrase_from_type_and_note(self) -> None:
        span, rest = parse_when_prefix("mar 10-12 Time off  conference", tz=MADRID, now=NOW)
        assert span == days("2026-03-10", "2026-03-12")
        assert rest == "Time off  conference"

    def test_takes_the_longest_phrase(self) -> None:
        span, rest = parse_when_prefix("tomorrow 9am - 1pm Training", tz=MADRID, now=NOW)
        assert span == timed("2026-03-03T09:00", "2026-03-03T13:00")
        assert rest == "Training"

    def test_the_rest_may_be_empty(self) -> None:
        assert parse_when_prefix("  fri for 3 days ", tz=MADRID, now=NOW) == (
            days("2026-03-06", "2026-03-08"),
            "",
        )

    def test_a_reversed_range_is_refused_not_shortened(self) -> None:
        with pytest.raises(EndNotAfterStart):
            parse_when_prefix("mar 12 to mar 10 Sick", tz=MADRID, now=NOW)

    def test_refuses_text_that_does_not_start_with_a_date(self) -> None:
        with pytest.raises(UnreadableWhen, match="'Sick tomorrow'"):
            parse_when_prefix("Sick tomorrow", tz=MADRID, now=NOW)


class TestPoint:
    @pytest.mark.parametrize(
        ("text", "utc"),
        [
            ("2026-03-10T14:00:00Z", datetime(2026, 3, 10, 14, tzinfo=UTC)),
            ("2026-03-10T14:00+05:30", datetime(2026, 3, 10, 8, 30, tzinfo=UTC)),
            ("2026-03-10T14:00:00", datetime(2026, 3, 10, 13, tzinfo=UTC)),
            ("2026-03-10 14:00", datetime(2026, 3, 10, 13, tzinfo=UTC)),
            ("10 march 2026 9am", datetime(2026, 3, 10, 8, tzinfo=UTC)),
        ],
    )
    def test_reads_a_datetime_in_the_zone_unless_it_has_an_offset(
        self, text: str, utc: datetime
    ) -> None:
        for role in ("start", "end"):
            assert parse_point(text, tz=MADRID, now=NOW, role=role) == (utc, False)

    def test_a_date_alone_starts_at_its_local_midnight(self) -> None:
        assert parse_point("2026-03-10", tz=MADRID, now=NOW, role="start") == (
            local("2026-03-10T00:00"),
            True,
        )

    def test_a_date_alone_as_an_end_is_inclusive(self) -> None:
        assert parse_point("2026-03-10", tz=MADRID, now=NOW, role="end") == (
            local("2026-03-11T00:00"),
            True,
        )

    def test_reads_month_names_and_relative_days(self) -> None:
        assert parse_point("mar 10", tz=MADRID, now=NOW, role="start")[0] == local("2026-03-10")
        assert parse_point("tomorrow", tz=MADRID, now=NOW, role="start")[0] == local("2026-03-03")

    @pytest.mark.parametrize("text", ["mar 10", "3/10", "fri", "today", "14:00", "10 mar 9am"])
    def test_refuses_a_date_without_its_year_when_one_is_required(self, text: str) -> None:
        with pytest.raises(UnreadableWhen, match="year"):
            parse_point(text, tz=MADRID, now=NOW, role="start", require_year=True)

    @pytest.mark.parametrize(
        "text", ["10 mar 2026", "3/10/2026", "2026-03-10", "2026-03-10T09:00Z"]
    )
    def test_accepts_a_date_with_its_year_when_one_is_required(self, text: str) -> None:
        parse_point(text, tz=MADRID, now=NOW, role="start", require_year=True)

    @pytest.mark.parametrize("text", ["mar 10 to mar 12", "next week", "fri for 3 days", "x"])
    def test_refuses_anything_but_one_point(self, text: str) -> None:
        with pytest.raises(UnreadableWhen, match="2026-03-10T14:00"):
            parse_point(text, tz=MADRID, now=NOW, role="end")


class TestDate:
    @pytest.mark.parametrize(
        ("text", "day"),
        [
            ("2026-03-10", date(2026, 3, 10)),
            ("mar 10", date(2026, 3, 10)),
            ("10 March 2027", date(2027, 3, 10)),
            ("3/10", date(2026, 3, 10)),
            ("today", date(2026, 3, 2)),
            ("fri", date(2026, 3, 6)),
        ],
    )
    def test_reads_one_local_date(self, text: str, day: date) -> None:
        assert parse_date(text, tz=MADRID, now=NOW) == day

    def test_today_is_the_date_in_the_given_zone(self) -> None:
        late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
        assert parse_date("today", tz=TOKYO, now=late) == date(2026, 3, 3)

    @pytest.mark.parametrize("text", ["14:00", "next week", "mar 10-12", "2026-03-10T09:00"])
    def test_refuses_anything_but_a_date(self, text: str) -> None:
        with pytest.raises(UnreadableWhen):
            parse_date(text, tz=MADRID, now=NOW)


class TestDescribe:
    def test_names_whole_days_with_their_count_and_zone(self) -> None:
        span = days("2026-12-24", "2026-12-26")
        assert describe_span(span, MADRID) == "Thu 24 Dec – Sat 26 Dec (3 days, Europe/Madrid)"

    def test_names_one_day(self) -> None:
        span = days("2026-12-23", "2026-12-23")
        assert describe_span(span, MADRID) == "Wed 23 Dec (1 day, Europe/Madrid)"

    def test_names_a_timed_span_on_one_day(self) -> None:
        span = timed("2026-03-03T14:00", "2026-03-03T18:00")
        assert describe_span(span, MADRID) == "Tue 3 Mar 14:00–18:00 (CET, Europe/Madrid)"

    def test_names_a_timed_span_across_days(self) -> None:
        span = timed("2026-03-03T14:00", "2026-03-04T09:00")
        assert (
            describe_span(span, MADRID) == "Tue 3 Mar 14:00 – Wed 4 Mar 09:00 (CET, Europe/Madrid)"
        )

    def test_shows_both_abbreviations_across_a_change(self) -> None:
        span = timed("2026-03-29T01:00", "2026-03-29T04:00")
        assert describe_span(span, MADRID).endswith("(CET/CEST, Europe/Madrid)")

    def test_shows_times_in_the_zone_it_is_given(self) -> None:
        span = timed("2026-03-03T14:00", "2026-03-03T18:00")
        assert describe_span(span, ZoneInfo("UTC")) == "Tue 3 Mar 13:00–17:00 (UTC)"

    def test_shows_years_when_the_span_crosses_one(self) -> None:
        span = days("2026-12-30", "2027-01-02")
        assert describe_span(span, MADRID) == (
            "Wed 30 Dec 2026 – Sat 2 Jan 2027 (4 days, Europe/Madrid)"
        )

    def test_shows_the_year_when_it_is_not_the_current_one(self) -> None:
        span = days("2027-03-10", "2027-03-10")
        assert describe_span(span, MADRID, now=NOW) == "Wed 10 Mar 2027 (1 day, Europe/Madrid)"
        assert "2026" not in describe_span(days("2026-03-10", "2026-03-10"), MADRID, now=NOW)


class TestFormat:
    def test_writes_whole_days_as_iso_dates(self) -> None:
        assert format_span(days("2026-12-24", "2026-12-26"), MADRID) == "2026-12-24 to 2026-12-26"
        assert format_span(days("2026-12-24", "2026-12-24"), MADRID) == "2026-12-24"

    def test_writes_timed_spans_with_offsets(self) -> None:
        span = timed("2026-03-10T14:00", "2026-03-11T09:00")
        assert format_span(span, MADRID) == (
            "2026-03-10T14:00:00+01:00 to 2026-03-11T09:00:00+01:00"
        )

    def test_keeps_the_second_occurrence_of_an_ambiguous_hour(self) -> None:
        second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, after the change
        span = Span(second, second + timedelta(minutes=20))
        assert format_span(span, MADRID).startswith("2026-10-25T02:30:00+01:00")
        assert when(format_span(span, MADRID)) == span


class TestHoursWithoutColons:
    def test_a_bare_hour_range_after_a_day_is_refused_not_taken_as_a_note(self) -> None:
        """`/unavailable add tomorrow 9-17 Training` must not save an all-day record."""
        with pytest.raises(UnreadableWhen, match="looks like hours") as caught:
            parse_when_prefix("tomorrow 9-17 Training", tz=MADRID, now=NOW)
        for example in caught.value.examples:
            assert (
                parse_when(example, tz=MADRID, now=NOW).end
                > parse_when(example, tz=MADRID, now=NOW).start
            )
