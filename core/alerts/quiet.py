"""A member's clock: quiet hours (no DM from 22:00 to 08:00 their time, except about a gap
starting within 12 hours) and working days (Monday to Friday, less their calendars' holidays
and closure days), for reminders and DMs (docs/alerts.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.effective.model import Calendar
from core.time.calendars import UnknownHolidays, holiday_dates
from core.time.spans import resolve_local

QUIET_FROM = time(22, 0)
QUIET_UNTIL = time(8, 0)
QUIET_WORDS = "22:00 to 08:00"
URGENT = timedelta(hours=12)  # a gap starting this soon is told even in the quiet hours
LOOK_BACK = 14  # days searched for a working day before a shift (a long closure, say)

DayOff = Callable[[date], str | None]


def is_quiet(moment: datetime, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def quiet_clock(clock: time) -> bool:
    """Whether a local time of day falls in the quiet hours."""
    return clock >= QUIET_FROM or clock < QUIET_UNTIL


def after_quiet(moment: datetime, tz: ZoneInfo) -> datetime:
    """`moment`, or the end of the quiet hours it falls in (08:00 that morning, local)."""
    if not is_quiet(moment, tz):
        return moment
    local = moment.astimezone(tz)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return resolve_local(datetime.combine(day, QUIET_UNTIL), tz)


def may_send(now: datetime, tz: ZoneInfo, *, gap_start: datetime | None = None) -> bool:
    """A DM may go out now: outside the quiet hours, or about a gap starting within 12 hours."""
    urgent = gap_start is not None and gap_start - now <= URGENT
    return urgent or not is_quiet(now, tz)


def days_off(calendars: Sequence[Calendar], member_id: str) -> DayOff:
    """For a date, the name of the member's calendar that makes it a holiday or closure day
    (None on any other day). A calendar whose country the holidays package no longer knows
    only counts its closure days."""
    mine = [c for c in calendars if member_id in c.members]

    def off(day: date) -> str | None:
        for calendar in mine:
            if day in calendar.closed or _holiday(calendar, day):
                return calendar.name
        return None

    return off


def _holiday(calendar: Calendar, day: date) -> bool:
    if calendar.country is None:
        return False
    try:
        return day in holiday_dates(calendar.country, calendar.subdivision, day.year)
    except UnknownHolidays:
        return False


def last_working_day(before: date, off: DayOff) -> date:
    """The last day before `before` that is Monday to Friday and no day off; the day before
    when none is within LOOK_BACK days."""
    day = before - timedelta(days=1)
    for _ in range(LOOK_BACK):
        if day.weekday() < 5 and off(day) is None:
            return day
        day -= timedelta(days=1)
    return before - timedelta(days=1)
