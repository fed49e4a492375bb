"""Effective availability per member and local day (docs/effective.md): which source decides
the day, its available intervals, what unavailability removed, and the on-call duty beside it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from core.effective.model import Definitions, Hours, Source, rrule_parts
from core.errors import LastDayBeforeFirst, WindowTooLong
from core.people.model import Actor
from core.records.model import Kind, RecordView
from core.records.unavailability import shown_type_name
from core.time.bounds import check_days
from core.time.calendars import holiday_dates
from core.time.spans import Interval, clip, local_midnight, merge, subtract

MAX_DAYS = 31
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Removed:
    """Unavailability that removed hours from a day (type `Away` when private)."""

    id: str
    type: str
    kind: Kind
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Duty:
    rotation: str
    start: datetime
    end: datetime


class EffectiveDay(NamedTuple):
    """One member's local day: the source deciding it, the hours left, what removed some,
    and the on-call duty beside it. A team's month makes tens of thousands: a NamedTuple
    (a frozen dataclass's __init__ costs four times as much) of tuples, which the garbage
    collector untracks once they hold only dates and strings. The day itself it tracks for
    good (it untracks exact tuples only): core.collector says what that costs."""

    day: date
    source: Source
    person_id: str
    free: bool
    intervals: tuple[Interval, ...]
    unavailable: tuple[Removed, ...]
    on_call: tuple[Duty, ...]


def check_window(first: date, last: date) -> None:
    """At most 31 days, and the last day not before the first, within the dates availbot
    handles."""
    check_days(first, what="The first day")
    check_days(last, what="The last day")
    days = (last - first).days + 1
    if days < 1:
        raise LastDayBeforeFirst(first, last)
    if days > MAX_DAYS:
        raise WindowTooLong(days, MAX_DAYS)


def effective_days(
    member_id: str,
    first: date,
    last: date,
    definitions: Definitions,
    *,
    tz: ZoneInfo,
    records: Sequence[RecordView],
    duties: Sequence[Duty],
    viewer: Actor,
) -> list[EffectiveDay]:
    """One entry per day some source defines, in date order (`[]` when none does)."""
    check_window(first, last)
    decided = _decided(member_id, definitions, first, last)
    return [
        _day(member_id, day, *decided[day], tz, records, duties, viewer) for day in sorted(decided)
    ]


def _day(
    member_id: str,
    day: date,
    source: Source,
    hours: Iterable[Hours],
    tz: ZoneInfo,
    records: Sequence[RecordView],
    duties: Sequence[Duty],
    viewer: Actor,
) -> EffectiveDay:
    planned = _planned(tuple(hours), day, tz)
    holes = _holes(records, planned) if planned and records else []
    if not holes and not duties:  # most days: the hours as planned, nothing beside them
        return EffectiveDay(day, source, member_id, not planned, planned, (), ())
    low, high = _window(day, tz)
    removed = tuple(
        Removed(v.record.id, shown_type_name(v, viewer), v.type.kind, *part)
        for v in holes
        for part in clip([(v.record.start, v.record.end)], (low, high))
    )
    on_call = tuple(
        Duty(d.rotation, max(d.start, low), min(d.end, high))
        for d in duties
        if d.start < high and d.end > low
    )
    left = tuple(subtract(planned, [(v.record.start, v.record.end) for v in holes]))
    return EffectiveDay(day, source, member_id, not planned, left, removed, on_call)


def _holes(records: Sequence[RecordView], planned: tuple[Interval, ...]) -> list[RecordView]:
    """The records overlapping a planned interval; most miss the day's hours altogether."""
    low, high = planned[0][0], planned[-1][1]  # merged: sorted and disjoint
    return [
        v
        for v in records
        if v.record.start < high
        and v.record.end > low
        and any(v.record.start < e and v.record.end > s for s, e in planned)
    ]


# Members share zones, days and hours: each local day and set of hours becomes instants once.
@lru_cache(maxsize=8192)
def _window(day: date, tz: ZoneInfo) -> Interval:
    return local_midnight(day, tz), local_midnight(day + _DAY, tz)


@lru_cache(maxsize=65536)
def _planned(hours: tuple[Hours, ...], day: date, tz: ZoneInfo) -> tuple[Interval, ...]:
    return tuple(merge(h.on(day, tz) for group in hours for h in group))


def _decided(
    member_id: str, definitions: Definitions, first: date, last: date
) -> dict[date, tuple[Source, list[Hours]]]:
    """For each day of the window some source defines, the most specific source and its
    hours: each source lists the days it defines once, instead of being asked every day."""
    sources = (
        (Source.DAY_TYPE, _assigned(member_id, definitions)),
        (Source.CALENDAR, _calendar(member_id, definitions, first, last)),
        (Source.SHIFT_PATTERN, _shift(member_id, definitions, first, last)),
        (Source.AVAILABILITY_PATTERN, _pattern(member_id, definitions, first, last)),
    )
    decided: dict[date, tuple[Source, list[Hours]]] = {}
    for source, found in sources:  # most specific first: the first to define a day decides
        for day, hours in found.items():
            if first <= day <= last and day not in decided:
                decided[day] = (source, hours)
    return decided


def _assigned(member_id: str, definitions: Definitions) -> dict[date, list[Hours]]:
    found: dict[date, list[Hours]] = {}
    for assignment in definitions.assignments:
        if assignment.member_id == member_id:
            hours = definitions.day_types[assignment.day_type].intervals
            for day in assignment.dates:
                found.setdefault(day, []).append(hours)
    return found


def _calendar(
    member_id: str, definitions: Definitions, first: date, last: date
) -> dict[date, list[Hours]]:
    """Holidays and closures (no hours), and days of special hours, calendar by calendar."""
    found: dict[date, list[Hours]] = {}
    for calendar in definitions.calendars:
        if member_id not in calendar.member_ids:
            continue
        off = set(calendar.closed)
        if calendar.country is not None:
            for year in range(first.year, last.year + 1):
                off |= holiday_dates(calendar.country, calendar.subdivision, year)
        for day in sorted(off | calendar.hours.keys()):
            if first <= day <= last:
                found.setdefault(day, []).append(() if day in off else calendar.hours[day])
    return found


def _shift(
    member_id: str, definitions: Definitions, first: date, last: date
) -> dict[date, list[Hours]]:
    found: dict[date, list[Hours]] = {}
    for shift in definitions.shifts:
        if shift.member_id == member_id:
            for day in (first + timedelta(days=n) for n in range((last - first).days + 1)):
                if day >= shift.start:
                    hours = shift.cycle[(day - shift.start).days % len(shift.cycle)]
                    found.setdefault(day, []).append(hours or ())
    return found


def _pattern(
    member_id: str, definitions: Definitions, first: date, last: date
) -> dict[date, list[Hours]]:
    found: dict[date, list[Hours]] = {}
    for pattern in definitions.patterns:
        if pattern.member_id == member_id:
            for day in _occurrences(pattern.rrule, pattern.start, first, last):
                found.setdefault(day, []).append(pattern.intervals)
    return found


@lru_cache(maxsize=4096)
def _occurrences(rule: str, start: date, first: date, last: date) -> frozenset[date]:
    """The days an RRULE hits in the window; dtstart is always explicit (never now())."""
    dtstart = datetime.combine(_anchor(rule, start, first), time())
    parsed = rrulestr(rule, dtstart=dtstart)
    window = datetime.combine(first, time()), datetime.combine(last, time.max)
    return frozenset(hit.date() for hit in parsed.between(*window, inc=True))


def _anchor(rule: str, start: date, first: date) -> date:
    """A dtstart in step with `start` shortly before the window, for daily and weekly rules
    without COUNT: the same days, without iterating every occurrence since `start`."""
    parts = rrule_parts(rule)
    step = {"DAILY": 1, "WEEKLY": 7}.get(parts.get("FREQ", ""))
    if step is None or "COUNT" in parts:
        return start
    period = step * int(parts.get("INTERVAL", "1"))
    periods = (first - start).days // period - 1
    return start + timedelta(days=period * periods) if periods > 0 else start
