"""Reading who's-out feeds: spans in the member's zone, recurrences, people, refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import FeedFailed, NotACalendar, WindowTooLong
from core.imports.feed_people import folded, split_summary
from core.imports.feeds import FeedReading, FeedSettings, read_feed
from core.time.spans import day_span, zone
from tests.feed_calendars import JANE, JOSE, KAI, MEMBERS, SAM, bamboohr, calendar, event, hibob

TODAY = date(2026, 10, 20)
MADRID = zone("Europe/Madrid")


def read(data: bytes, days: int = 30, **kwargs: object) -> FeedReading:
    feed = FeedSettings(default_zone="Europe/Madrid", **kwargs)  # type: ignore[arg-type]
    return read_feed(
        data, where="https://hr.example.com", today=TODAY, days=days, members=MEMBERS, settings=feed
    )


def madrid(day: int, hour: int) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=MADRID)


class TestSpans:
    def test_all_day_events_are_whole_local_days_with_an_exclusive_end(self) -> None:
        data = calendar(event("a", "Jane Doe - Vacation", date(2026, 10, 22), date(2026, 10, 25)))
        [row] = read(data).rows
        assert row.span == day_span(date(2026, 10, 22), date(2026, 10, 24), MADRID)
        assert row.all_day and row.member_id == JANE.id

    def test_all_day_days_are_in_the_members_own_zone(self) -> None:
        data = calendar(event("a", "Kai Tanaka - Vacation", date(2026, 10, 22), date(2026, 10, 23)))
        [row] = read(data).rows
        assert row.span == day_span(date(2026, 10, 22), date(2026, 10, 22), zone("Asia/Tokyo"))

    def test_an_all_day_event_without_an_end_is_one_day(self) -> None:
        [row] = read(calendar(event("a", "Jane Doe - Off", date(2026, 10, 22)))).rows
        assert row.span == day_span(date(2026, 10, 22), date(2026, 10, 22), MADRID)

    def test_across_the_end_of_summer_time_all_day_keeps_local_midnights(self) -> None:
        data = calendar(event("a", "Jane Doe - Trip", date(2026, 10, 24), date(2026, 10, 27)))
        [row] = read(data).rows
        assert row.end - row.start == timedelta(hours=24 * 3 + 1)
        assert row.start.astimezone(MADRID).hour == row.end.astimezone(MADRID).hour == 0

    def test_across_the_end_of_summer_time_timed_events_keep_their_instants(self) -> None:
        start, end = madrid(24, 22), madrid(25, 10)
        [row] = read(calendar(event("a", "Jane Doe - Night", start, end))).rows
        assert (row.start, row.end) == (
            datetime(2026, 10, 24, 20, tzinfo=UTC),
            datetime(2026, 10, 25, 9, tzinfo=UTC),
        )
        assert not row.all_day and row.end - row.start == timedelta(hours=13)

    def test_floating_times_are_in_the_members_zone(self) -> None:
        data = calendar(
            event(
                "a",
                "Kai Tanaka - Dentist",
                datetime(2026, 10, 22, 9, 0),  # noqa: DTZ001 - floating, as the feed says
                datetime(2026, 10, 22, 11, 0),  # noqa: DTZ001
            )
        )
        [row] = read(data).rows
        assert row.start == datetime(2026, 10, 22, 0, 0, tzinfo=UTC)

    def test_events_outside_the_window_are_left_out_and_overlapping_ones_kept_whole(self) -> None:
        data = calendar(
            event("past", "Jane Doe - Old", date(2026, 10, 1), date(2026, 10, 5)),
            event("now", "Jane Doe - Long", date(2026, 10, 15), date(2026, 10, 23)),
            event("later", "Jane Doe - Far", date(2026, 12, 1), date(2026, 12, 2)),
        )
        [row] = read(data, days=30).rows
        assert row.uid == "now"
        assert row.span == day_span(date(2026, 10, 15), date(2026, 10, 22), MADRID)

    def test_a_window_too_long_is_refused(self) -> None:
        with pytest.raises(WindowTooLong):
            read(calendar(), days=367)


class TestRecurrences:
    def test_exdate_and_a_moved_occurrence_come_from_the_library(self) -> None:
        weekly = event(
            "wk",
            "Jane Doe - Parental leave",
            date(2026, 10, 23),
            date(2026, 10, 24),
            rrule={"freq": "weekly", "count": 4},
            exdate=date(2026, 10, 30),
        )
        moved = event(
            "wk",
            "Jane Doe - Parental leave",
            date(2026, 11, 9),
            date(2026, 11, 10),
            recurrence_id=date(2026, 11, 6),
        )
        rows = read(calendar(weekly, moved)).rows
        days = [r.start.astimezone(MADRID).date() for r in rows]
        assert days == [date(2026, 10, 23), date(2026, 11, 9), date(2026, 11, 13)]
        assert len({r.key for r in rows}) == 3

    def test_cancelled_events_and_occurrences_are_not_time_off(self) -> None:
        weekly = event(
            "wk",
            "Jane Doe - Course",
            date(2026, 10, 21),
            date(2026, 10, 22),
            rrule={"freq": "weekly", "count": 2},
        )
        cancelled_one = event(
            "wk",
            "Jane Doe - Course",
            date(2026, 10, 28),
            date(2026, 10, 29),
            recurrence_id=date(2026, 10, 28),
            status="CANCELLED",
        )
        cancelled = event("c", "Pat Nobody - Vacation", date(2026, 10, 22), status="CANCELLED")
        reading = read(calendar(weekly, cancelled_one, cancelled))
        assert [r.start.astimezone(MADRID).date() for r in reading.rows] == [date(2026, 10, 21)]
        assert reading.cancelled == 2
        assert reading.unmatched == ()


class TestPeople:
    @pytest.mark.parametrize(
        ("summary", "label"),
        [
            ("Jane Doe - Vacation", "Vacation"),
            ("Jane Doe (Time off)", "Time off"),
            ("Vacation: Jane Doe", "Vacation"),
            ("JANE DOE – Vacation", "Vacation"),
        ],
    )
    def test_names_in_summaries(self, summary: str, label: str) -> None:
        [row] = read(calendar(event("a", summary, date(2026, 10, 22)))).rows
        assert (row.member_id, row.label) == (JANE.id, label)

    def test_names_match_without_accents_or_case(self) -> None:
        [row] = read(calendar(event("a", "José Pérez - Vacation", date(2026, 10, 22)))).rows
        assert row.member_id == JOSE.id

    def test_a_name_among_other_words(self) -> None:
        [row] = read(calendar(event("a", "Out today Jane Doe sick", date(2026, 10, 22)))).rows
        assert row.member_id == JANE.id and row.label == "Out today Jane Doe sick"

    def test_attendee_and_description_emails_come_first(self) -> None:
        data = calendar(
            event("a", "Vacation", date(2026, 10, 22), attendee="mailto:KAI@example.com"),
            event("b", "Jane Doe - Out", date(2026, 10, 22), description="for sam@example.com"),
        )
        assert [r.member_id for r in read(data).rows] == [KAI.id, SAM.id]

    def test_the_organizer_only_when_nothing_else_names_anyone(self) -> None:
        data = calendar(
            event("a", "Jane Doe - Out", date(2026, 10, 22), organizer="mailto:kai@example.com"),
            event("b", "Out", date(2026, 10, 23), organizer="mailto:kai@example.com"),
        )
        assert [r.member_id for r in read(data).rows] == [JANE.id, KAI.id]

    def test_aliases_and_the_unmatched_listed_once(self) -> None:
        data = calendar(
            event("a", "Jimmy - Vacation", date(2026, 10, 22)),
            event("b", "Pat Nobody - Vacation", date(2026, 10, 22)),
            event("c", "Pat Nobody - Sick", date(2026, 10, 23)),
        )
        reading = read(data, aliases={"JIMMY": "jose@example.com"})
        assert [r.member_id for r in reading.rows] == [JOSE.id]
        assert reading.unmatched == ("Pat Nobody",)

    def test_a_feed_of_another_shape(self) -> None:
        reading = read(bamboohr(TODAY) + b"")
        assert [r.member_id for r in reading.rows] == [JANE.id]
        assert reading.unmatched == ("Pat Unknown",)
        assert [r.member_id for r in read(hibob(TODAY)).rows] == [SAM.id]

    def test_keywords_pick_a_type(self) -> None:
        data = calendar(
            event("a", "Jane Doe - Sick leave", date(2026, 10, 22)),
            event("b", "Kai Tanaka - Vacation", date(2026, 10, 22)),
        )
        rows = read(data, keywords={"sick": "Sick", "Médico": "Medical"}).rows
        assert {r.member_id: r.type_name for r in rows} == {JANE.id: "Sick", KAI.id: None}

    def test_folding_and_splitting(self) -> None:
        assert folded("  José  PÉREZ-Núñez ") == "jose perez nunez"
        assert split_summary("Out").name == "Out"


class TestRefusals:
    @pytest.mark.parametrize(
        ("body", "found"),
        [
            (b"", "an empty body"),
            (b"  \r\n", "an empty body"),
            (b"<!DOCTYPE html><html><form>Sign in</form></html>", "an HTML page"),
            (b'{"error": "unauthorized"}', "JSON"),
            (b"\x00\x01", "binary data"),
            (b"Not found", "text starting 'Not found'"),
            (b"BEGIN:VCALENDAR\r\n<html>\r\n", "iCalendar availbot cannot read"),
        ],
    )
    def test_what_came_back_is_named(self, body: bytes, found: str) -> None:
        with pytest.raises(NotACalendar) as refused:
            read(body)
        assert found in refused.value.found
        assert "hr.example.com" in refused.value.message

    @settings(max_examples=150, deadline=None)
    @given(st.binary(max_size=300))
    def test_any_bytes_give_rows_or_a_named_refusal(self, data: bytes) -> None:
        with pytest.raises(FeedFailed) if not data.strip() else _maybe():
            read(data)

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "BEGIN:VEVENT",
                    "END:VEVENT",
                    "DTSTART:20261022T100000Z",
                    "DTSTART;VALUE=DATE:20261022",
                    "DTEND:20261021",
                    "DTEND;VALUE=DATE:20261023",
                    "RRULE:FREQ=DAILY",
                    "RRULE:FREQ=SECONDLY",
                    "RRULE:BYDAY=XX",
                    "EXDATE:2026",
                    "SUMMARY:Jane Doe - Off",
                    "STATUS:CANCELLED",
                    "UID:x",
                    "DURATION:P1D",
                    "DURATION:-P1D",
                    "RECURRENCE-ID:20261022T100000Z",
                    "BEGIN:VTIMEZONE",
                    "TZID:Nowhere",
                    "END:VTIMEZONE",
                    "DTSTART;TZID=Nowhere:20261022T100000",
                    "X:\u00e9",
                ]
            ),
            max_size=12,
        )
    )
    def test_any_calendar_lines_give_rows_or_a_named_refusal(self, lines: list[str]) -> None:
        data = "\r\n".join(["BEGIN:VCALENDAR", *lines, "END:VCALENDAR"]).encode()
        with _maybe():
            reading = read(data)
            assert all(r.start < r.end for r in reading.rows)


class _maybe:  # used like pytest.raises, but raising is optional
    """Passes when the block raises a FeedFailed or nothing; any other exception escapes."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> bool:
        return kind is not None and issubclass(kind, FeedFailed)


def test_an_icalendar_object_round_trips_through_the_builder() -> None:
    assert isinstance(icalendar.Calendar.from_ical(hibob(TODAY)), icalendar.Calendar)
