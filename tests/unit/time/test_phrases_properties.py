"""Properties of WHEN parsing: any text is a span or a refusal; formatted spans read back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import AvailbotError
from core.model import Span
from core.time.phrases import parse_date, parse_point, parse_when, parse_when_prefix
from core.time.spans import day_span
from core.time.words import format_span

ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Madrid",
        "America/New_York",
        "Asia/Tokyo",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "UTC",
    )
]
WORDS = (
    "today tomorrow yesterday now fri friday mon sun next this week weeks mar march dec feb "
    "jan 0 1 3 10 12 24 29 30 31 99 2026 2027 99999 10th 1st to until - – .. : 14:00 9am 1pm "
    "12am 25:00 am pm noon for days day h 2h 30m minutes hours a an at on 3/10 13/10 3/10/26 "
    "2026-03-10 2026-02-30 2026-03-10T14:00 2026-03-10T14:00+01:00 z t , / x ( 9999-12-31"
)

zones = st.sampled_from(ZONES)
# hypothesis takes naive bounds and attaches the zone itself
EARLIEST, LATEST = datetime(2000, 1, 1), datetime(2060, 12, 31)  # noqa: DTZ001
nows = st.datetimes(EARLIEST, LATEST, timezones=st.just(UTC))
orders = st.sampled_from(["MDY", "DMY"])
phrases = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda words, glue: glue.join(words),
        st.lists(st.sampled_from(WORDS.split()), max_size=8),
        st.sampled_from([" ", "", "  "]),
    ),
)


def all_day_spans() -> st.SearchStrategy[tuple[Span, ZoneInfo]]:
    def build(first: date, length: int, tz: ZoneInfo) -> tuple[Span, ZoneInfo]:
        return day_span(first, first + timedelta(days=length), tz), tz

    firsts = st.dates(date(2000, 1, 1), date(2060, 12, 31))
    return st.builds(build, firsts, st.integers(0, 400), zones)


def timed_spans() -> st.SearchStrategy[tuple[Span, ZoneInfo]]:
    def build(start: datetime, length: timedelta, tz: ZoneInfo) -> tuple[Span, ZoneInfo]:
        return Span(start, start + length, False), tz

    lengths = st.timedeltas(timedelta(microseconds=1), timedelta(days=400))
    return st.builds(build, nows, lengths, zones)


spans = st.one_of(all_day_spans(), timed_spans())


class TestAnyText:
    @settings(max_examples=300, deadline=None)
    @given(phrases, zones, nows, orders)
    def test_is_a_forward_span_or_a_refusal(
        self, text: str, tz: ZoneInfo, now: datetime, order: str
    ) -> None:
        try:
            span = parse_when(text, tz=tz, now=now, date_order=order)
        except AvailbotError:
            return
        assert span.start < span.end
        assert span.start.tzinfo is UTC
        assert span.end.tzinfo is UTC
        assert parse_when(format_span(span, tz), tz=tz, now=now) == span

    @settings(max_examples=200, deadline=None)
    @given(phrases, zones, nows, orders)
    def test_other_readers_refuse_only_with_the_error_tree(
        self, text: str, tz: ZoneInfo, now: datetime, order: str
    ) -> None:
        for read in (
            lambda: parse_when_prefix(text, tz=tz, now=now, date_order=order),
            lambda: parse_point(text, tz=tz, now=now, role="end", date_order=order),
            lambda: parse_point(text, tz=tz, now=now, role="start", require_year=True),
            lambda: parse_date(text, tz=tz, now=now, date_order=order),
        ):
            try:
                read()
            except AvailbotError:
                continue


class TestRoundTrip:
    @settings(max_examples=300, deadline=None)
    @given(spans, nows)
    def test_a_formatted_span_reads_back_as_itself(
        self, drawn: tuple[Span, ZoneInfo], now: datetime
    ) -> None:
        span, tz = drawn
        assert parse_when(format_span(span, tz), tz=tz, now=now) == span

    @settings(max_examples=200, deadline=None)
    @given(
        spans,
        nows,
        st.sampled_from(["Time off", "Sick", "Training", "Prefer not on call"]),
        st.sampled_from(["", "conference in Lisbon", "dentist", "  back at noon"]),
    )
    def test_a_prefix_leaves_the_type_and_note(
        self, drawn: tuple[Span, ZoneInfo], now: datetime, kind: str, note: str
    ) -> None:
        span, tz = drawn
        rest = f"{kind} {note}".strip()
        text = f"{format_span(span, tz)} {kind} {note}"
        assert parse_when_prefix(text, tz=tz, now=now) == (span, rest)
