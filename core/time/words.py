"""Spans into words: what a person reads, and the canonical phrase that parses back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.model import Span

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def describe_span(span: Span, tz: ZoneInfo, now: datetime | None = None) -> str:
    """Words for a span in `tz`, naming the zone: `Wed 24 Dec – Fri 26 Dec (3 days, …)`."""
    start, end = span.start.astimezone(tz), span.end.astimezone(tz)
    if span.all_day:
        first, last = start.date(), max(start.date(), _last_day(end))
        years = _show_years(first, last, now, tz)
        days = (last - first).days + 1
        shown = _day_words(first, years)
        if last != first:
            shown += f" – {_day_words(last, years)}"
        return f"{shown} ({days} day{'s' if days != 1 else ''}, {tz.key})"
    years = _show_years(start.date(), end.date(), now, tz)
    shown = f"{_day_words(start.date(), years)} {_clock_words(start)}"
    if end.date() == start.date():
        shown += f"–{_clock_words(end)}"
    else:
        shown += f" – {_day_words(end.date(), years)} {_clock_words(end)}"
    return f"{shown} ({_zone_words(start, end, tz)})"


def format_span(span: Span, tz: ZoneInfo) -> str:
    """A canonical WHEN phrase that parse_when reads back to the same span."""
    start, end = span.start.astimezone(tz), span.end.astimezone(tz)
    if span.all_day:
        first, last = start.date(), max(start.date(), _last_day(end))
        return first.isoformat() if first == last else f"{first} to {last}"
    return f"{start.isoformat()} to {end.isoformat()}"


def _last_day(end: datetime) -> date:
    """The last local day a whole-day span covers (its end is the next midnight)."""
    return (end - timedelta(microseconds=1)).date()


def _show_years(first: date, last: date, now: datetime | None, tz: ZoneInfo) -> bool:
    return first.year != last.year or (now is not None and now.astimezone(tz).year != first.year)


def _day_words(day: date, year: bool) -> str:
    words = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{words} {day.year}" if year else words


def _clock_words(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def _zone_words(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    names = dict.fromkeys(n for n in (start.tzname(), end.tzname()) if n)
    abbreviation = "/".join(names)
    return tz.key if abbreviation in ("", tz.key) else f"{abbreviation}, {tz.key}"
