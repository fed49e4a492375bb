"""Spans into words: what a person reads, and the canonical phrase that parses back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.time.spans import Span

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
    shown = f"{_day_words(start.date(), years)} {clock_words(start, tz)}"
    if end.date() == start.date():
        shown += f"–{clock_words(end, tz)}"
    else:
        shown += f" – {_day_words(end.date(), years)} {clock_words(end, tz)}"
    return f"{shown} ({_zone_words(start, end, tz)})"


def clock_words(moment: datetime, tz: ZoneInfo) -> str:
    """`14:00`; a wall-clock time that happens twice in `tz` (the hour a fall-back change
    repeats) names which: `02:30 CEST` or `02:30 CET`, else the offset (`02:30 +01:00`)."""
    local = moment.astimezone(tz)
    which = occurrence(local)
    return f"{_clock_words(local)} {which}" if which else _clock_words(local)


def occurrence(local: datetime) -> str | None:
    """For a local time that happens twice, the abbreviation (or offset) that tells this
    occurrence from the other; None for a time that happens once."""
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return None
    name = local.tzname()
    return name if name and name != other.tzname() else _offset_words(local)


def _offset_words(local: datetime) -> str:
    offset = local.utcoffset() or timedelta()
    sign, minutes = ("-", -offset) if offset < timedelta() else ("+", offset)
    hours, rest = divmod(int(minutes.total_seconds()) // 60, 60)
    return f"{sign}{hours:02}:{rest:02}"


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
