"""Reading a "who's out" iCalendar feed: bytes → the members' time off in a window of days.

Parsing is `icalendar`'s and expanding recurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID
exceptions, X-WR-TIMEZONE) is `recurring-ical-events`'; this module turns their
occurrences into spans and people (docs/feeds.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from core.errors import FeedTooLarge, NotACalendar, WindowTooLong
from core.imports.feed_people import People, emails_in, folded, mailto, mapped_type, split_summary
from core.people.model import Member
from core.time.spans import Span, day_span, local_midnight, resolve_local, zone

if TYPE_CHECKING:  # the libraries load when a feed is read, not with every command line
    import icalendar

MAX_DAYS = 366
MAX_OCCURRENCES = 20_000
# An all-day event is placed in its member's zone, up to 14 hours either side of UTC: the
# library is asked for a day more on each side, and the exact overlap is checked here.
_MARGIN = timedelta(days=1)
# What a feed can throw at the two libraries; they raise these for what they cannot take.
_LIBRARY_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)


def where(url: str) -> str:
    """The scheme and host of a feed's address: all that messages and views ever name (the
    path or query holds the feed's secret)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}" if parts.netloc else "the feed"


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One occurrence of time off: whose, when, what the feed called it, and the type name
    its keyword mapped to (None: the feed's own type). `uid` and `occurrence` (the original
    start, RECURRENCE-ID) tell the occurrence apart from every other in the feed."""

    uid: str
    occurrence: str
    member_id: str
    start: datetime
    end: datetime
    all_day: bool
    summary: str
    label: str
    type_name: str | None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.all_day)

    @property
    def key(self) -> str:
        return f"{self.uid}@{self.occurrence}"


@dataclass(frozen=True)
class FeedReading:
    """The rows of a feed in the window, sorted; the people it names that match no member
    (sorted, once each); and how many occurrences in the window were cancelled."""

    rows: tuple[FeedRow, ...]
    unmatched: tuple[str, ...]
    cancelled: int = 0


@dataclass(frozen=True)
class FeedSettings:
    """How to read one feed: the zone of members without one, name → email aliases, and
    summary keyword → type name (the first keyword found, in this order, wins)."""

    default_zone: str = "UTC"
    aliases: Mapping[str, str] | None = None
    keywords: Mapping[str, str] | None = None


def read_feed(
    data: bytes,
    *,
    where: str,
    today: date,
    days: int,
    members: Sequence[Member],
    settings: FeedSettings | None = None,
) -> FeedReading:
    """The time off the feed holds from the start of `today` for `days` whole days (in the
    default zone): every occurrence overlapping that window, whole, matched to a member.
    `where` names the feed in refusals (NotACalendar, FeedTooLarge)."""
    settings = settings or FeedSettings()
    if not 0 < days <= MAX_DAYS:
        raise WindowTooLong(days, MAX_DAYS)
    default = zone(settings.default_zone)
    window = (local_midnight(today, default), local_midnight(today + timedelta(days=days), default))
    calendar = parse_calendar(data, where)
    people = People(members, settings.aliases or {})
    rows: list[FeedRow] = []
    unmatched: set[str] = set()
    cancelled = 0
    for event in _occurrences(calendar, window, where):
        try:  # an event the libraries passed but that is still malformed refuses the feed
            member, name = _whose(event, people)
            tz = zone(member.tz) if member is not None and member.tz else default
            span = _span(event, tz)
            if span is None or not (span.start < window[1] and span.end > window[0]):
                continue
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                cancelled += 1
            elif member is None:
                unmatched.add(name)
            else:
                rows.append(_row(event, member, span, people, settings.keywords or {}))
        except _LIBRARY_ERRORS as exc:
            raise NotACalendar(where, f"iCalendar availbot cannot read ({exc})") from None
    rows.sort(key=lambda r: (r.start, r.member_id, r.key))
    return FeedReading(tuple(rows), tuple(sorted(unmatched, key=folded)), cancelled)


def parse_calendar(data: bytes, where: str) -> icalendar.Calendar:
    """The calendar in `data`, or NotACalendar saying what came back instead."""
    text = _text(data, where)
    start = text.lstrip()
    if not start:
        raise NotACalendar(where, "an empty body")
    if start[0] == "<":
        html = "<html" in start[:2000].casefold() or "<!doctype html" in start[:200].casefold()
        raise NotACalendar(where, "an HTML page (a sign-in page?)" if html else "XML")
    if start[0] in "{[":
        raise NotACalendar(where, "JSON")
    if not start[:15].upper().startswith("BEGIN:VCALENDAR"):
        first = start.splitlines()[0][:60]
        raise NotACalendar(where, f"text starting {first!r}")
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(start)
    except _LIBRARY_ERRORS as exc:
        raise NotACalendar(where, f"iCalendar availbot cannot read ({exc})") from None
    if not isinstance(calendar, icalendar.Calendar):
        raise NotACalendar(where, "iCalendar without a VCALENDAR")
    return calendar


def _text(data: bytes, where: str) -> str:
    if b"\x00" in data:
        raise NotACalendar(where, "binary data")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # RFC 5545 says UTF-8; a few exporters still write Windows-1252
        return data.decode("cp1252", errors="replace")


def _occurrences(
    calendar: icalendar.Calendar, window: tuple[datetime, datetime], where: str
) -> Iterator[icalendar.Event]:
    """The events of the calendar starting before the window ends (with a margin), each
    recurrence expanded by the library, in order of start; refused past MAX_OCCURRENCES."""
    earliest = (window[0] - _MARGIN).replace(tzinfo=None)
    latest = (window[1] + _MARGIN).replace(tzinfo=None)
    import recurring_ical_events

    try:
        query = recurring_ical_events.of(calendar)
        for seen, event in enumerate(query.after(earliest)):
            if _rough_start(event) >= latest:
                return
            if seen >= MAX_OCCURRENCES:
                raise FeedTooLarge(where, limit=MAX_OCCURRENCES, what="occurrences in the window")
            yield event
    except _LIBRARY_ERRORS as exc:
        raise NotACalendar(where, f"iCalendar availbot cannot read ({exc})") from None


def _rough_start(event: icalendar.Event) -> datetime:
    """The start as a naive UTC-ish time, good to a day: enough to stop reading."""
    start = event.get("DTSTART").dt
    if not isinstance(start, datetime):
        return datetime.combine(start, time())
    return start.astimezone(UTC).replace(tzinfo=None) if start.tzinfo else start


def _span(event: icalendar.Event, tz: ZoneInfo) -> Span | None:
    """Whole local days for dates (DTEND exclusive), instants for times; None when empty."""
    start = event.get("DTSTART").dt
    end_value = event.get("DTEND")
    end = start if end_value is None else end_value.dt
    if not isinstance(start, datetime):
        last = (end.date() if isinstance(end, datetime) else end) - timedelta(days=1)
        return day_span(start, max(start, last), tz)
    if not isinstance(end, datetime):
        end = datetime.combine(end, time())
    first, after = _instant(start, tz), _instant(end, tz)
    return Span(first, after) if after > first else None


def _instant(moment: datetime, tz: ZoneInfo) -> datetime:
    """A timed value as an instant: with its zone as given, floating in the member's zone."""
    return moment.astimezone(UTC) if moment.tzinfo else resolve_local(moment, tz)


def _whose(event: icalendar.Event, people: People) -> tuple[Member | None, str]:
    """The member an event is about, and the name (or email) to list when there is none.

    Attendees and addresses in the description come first; then the name in the summary
    (aliases included); the organizer last, since shared calendars make whoever entered the
    event its organizer."""
    attendees = event.get("ATTENDEE", [])
    listed = attendees if isinstance(attendees, list) else [attendees]
    emails = [mailto(str(a)) for a in listed]
    emails += emails_in(str(event.get("DESCRIPTION", "")))
    summary = str(event.get("SUMMARY", ""))
    parts = split_summary(summary)
    organizer = event.get("ORGANIZER")
    member = (
        people.by_emails(emails)
        or people.by_name(parts.name)
        or people.in_summary(summary)
        or (people.by_emails([mailto(str(organizer))]) if organizer is not None else None)
    )
    return member, parts.name or next(iter(emails), "") or "(an event without a summary)"


def _row(
    event: icalendar.Event, member: Member, span: Span, people: People, keywords: Mapping[str, str]
) -> FeedRow:
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    parts = split_summary(summary)
    named = parts.label and people.by_name(parts.name) == member
    recurrence = event.get("RECURRENCE-ID") or event.get("DTSTART")
    return FeedRow(
        uid=str(event.get("UID", "")),
        occurrence=recurrence.dt.isoformat(),
        member_id=member.id,
        start=span.start,
        end=span.end,
        all_day=span.all_day,
        summary=summary,
        label=parts.label if named else summary,
        type_name=mapped_type(summary, keywords),
    )
