"""Values the availability sections of the schedules file share: dates, hours, email lists."""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime

from core.effective.model import Hours, LocalInterval
from core.schedules.sections import Reader, shown

DATE_EXAMPLE = "a date such as 2026-01-05"


def read_date(reader: Reader, path: str, value: object) -> date | None:
    """A TOML date (`2026-01-05`) or the same as a string, within the dates availbot
    handles."""
    day: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str):
        with suppress(ValueError):
            day = date.fromisoformat(value.strip())
    if day is None:
        reader.problem(path, f"expected {DATE_EXAMPLE}, found {shown(value)}")
        return None
    return reader.in_range(path, day)


def read_array(reader: Reader, path: str, value: object, what: str) -> list[object] | None:
    if isinstance(value, list):
        return value
    found = "nothing" if value is None else shown(value)
    reader.problem(path, f"expected an array of {what}, found {found}")
    return None


def read_dates(reader: Reader, path: str, value: object) -> tuple[date, ...] | None:
    """An array of dates; None (with problems) when any is not a date."""
    items = read_array(reader, path, value, "dates")
    if items is None:
        return None
    found = [read_date(reader, f"{path}[{i}]", item) for i, item in enumerate(items)]
    days = [d for d in found if d is not None]
    return tuple(days) if len(days) == len(found) else None


def read_interval(reader: Reader, path: str, value: object) -> LocalInterval | None:
    if not isinstance(value, str):
        reader.problem(path, f'expected hours such as "08:00-13:00", found {shown(value)}')
        return None
    parsed: LocalInterval | None = reader.read(path, value, LocalInterval.parse)
    return parsed


def read_hours(reader: Reader, path: str, value: object) -> Hours | None:
    """An array of `HH:MM-HH:MM` strings (empty: no hours, a day off)."""
    items = read_array(reader, path, value, 'hours such as ["08:00-13:00"]')
    if items is None:
        return None
    found = [read_interval(reader, f"{path}[{i}]", item) for i, item in enumerate(items)]
    hours = [h for h in found if h is not None]
    return tuple(hours) if len(hours) == len(found) else None


def read_members(reader: Reader, path: str, value: object) -> tuple[str, ...] | None:
    """An array of member emails, as member ids."""
    items = read_array(reader, path, value, "emails")
    if items is None:
        return None
    found = [reader.member(f"{path}[{i}]", email) for i, email in enumerate(items)]
    ids = [m.id for m in found if m is not None]
    return tuple(ids) if len(ids) == len(found) else None


def hours_text(hours: Hours) -> list[str]:
    return [str(h) for h in hours]
