"""The dates availbot handles: 1970-01-01 to 2200-12-31 (docs/records.md#what-availbot-accepts).

Every date and instant that comes in (a record's span, a CSV cell, a schedules file's dates,
a window asked for) is checked here at the door, so that the arithmetic later on (a day
past an end, the hand-offs of a rotation, a look-ahead) never runs off the calendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.errors import DateOutOfRange

FIRST_DAY = DateOutOfRange.FIRST
LAST_DAY = DateOutOfRange.LAST
# The first and last local days in any zone (UTC-12 to UTC+14) lie within these instants.
EARLIEST = datetime.combine(FIRST_DAY, datetime.min.time(), UTC) - timedelta(days=1)
LATEST = datetime.combine(LAST_DAY, datetime.min.time(), UTC) + timedelta(days=2)


def day_in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def check_days(*days: date, what: str = "The date") -> None:
    """DateOutOfRange for the first of `days` outside the range."""
    for day in days:
        if not day_in_range(day):
            raise DateOutOfRange(day, what)


def check_instants(*moments: datetime, what: str = "The date") -> None:
    """DateOutOfRange for the first of `moments` outside the range (a day's leeway either
    side, for the zones)."""
    for moment in moments:
        if not EARLIEST <= moment <= LATEST:
            raise DateOutOfRange(moment, what)
