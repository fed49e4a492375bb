"""The Add unavailability form (docs/slack.md): picked dates and optional times → one span."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.errors import EndNotAfterStart, FirstDayMissing
from core.time.spans import Span, local_midnight, resolve_local

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class FormDates:
    """What the date and time pickers hold; only the start date is required."""

    start_date: date | None
    start_time: time | None = None
    end_date: date | None = None
    end_time: time | None = None


def form_span(dates: FormDates, tz: ZoneInfo) -> Span:
    """Dates without times are whole local days, the end date inclusive (docs/time.md); with a
    time, that wall-clock instant. No end date means the start's day; a start time and
    nothing else means 24 wall-clock hours, as a missing end does everywhere else."""
    if dates.start_date is None:
        raise FirstDayMissing()
    last = dates.end_date or dates.start_date
    start = _at(dates.start_date, dates.start_time, tz)
    if dates.end_time is not None:
        end = _at(last, dates.end_time, tz)
    elif dates.start_time is not None and dates.end_date is None:
        end = resolve_local(datetime.combine(dates.start_date, dates.start_time) + _DAY, tz)
    else:
        end = local_midnight(last + _DAY, tz)
    if end <= start:
        raise EndNotAfterStart(start, end)
    return Span(start, end, all_day=dates.start_time is None and dates.end_time is None)


def _at(day: date, clock: time | None, tz: ZoneInfo) -> datetime:
    if clock is None:
        return local_midnight(day, tz)
    return resolve_local(datetime.combine(day, clock), tz)
