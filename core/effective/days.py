"""Effective availability per member and local day (docs/effective.md): which source decides
the day, its available intervals, what unavailability removed, and the on-call duty beside it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
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


@dataclass(frozen=True)
class EffectiveDay:
    day: date
    source: Source
    person_id: str
    free: bool
    intervals: list[Interval]
    unavailable: list[Removed]
    on_call: list[Duty]


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
    decide = _Decider(member_id, definitions, first, last)
    days: list[EffectiveDay] = []
    day = first
    while day <= last:
        decided = decide(day)
        if decided is not None:
            source, hours = decided
            days.append(_day(member_id, day, source, hours, tz, records, duties, viewer))
        day += _DAY
    return days


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
    low, high = _window(day, tz)
    planned = _planned(tuple(hours), day, tz)
    holes = [v for v in records if any(v.record.start < e and v.record.end > s for s, e in planned)]
    removed = [
        Removed(v.record.id, shown_type_name(v, viewer), v.type.kind, *part)
        for v in holes
        for part in clip([(v.record.start, v.record.end)], (low, high))
    ]
    on_call = [
        Duty(d.rotation, max(d.start, low), min(d.end, high))
        for d in duties
        if d.start < high and d.end > low
    ]
    left = subtract(planned, [(v.record.start, v.record.end) for v in holes]) if holes else []
    return EffectiveDay(
        day, source, member_id, not planned, left if holes else list(planned), removed, on_call
    )


# Members share zones, days and hours: each local day and set of hours becomes instants once.
@lru_cache(maxsize=8192)
def _window(day: date, tz: ZoneInfo) -> Interval:
    return local_midnight(day, tz), local_midnight(day + _DAY, tz)


@lru_cache(maxsize=65536)
def _planned(hours: tuple[Hours, ...], day: date, tz: ZoneInfo) -> tuple[Interval, ...]:
    return tuple(merge(h.on(day, tz) for group in hours for h in group))


class _Decider:
    """Finds, for one member, the most specific source defining a day and its hours."""

    def __init__(self, member_id: str, definitions: Definitions, first: date, last: date):
        self.assigned: dict[date, list[Hours]] = {}
        for assignment in definitions.assignments:
            if assignment.member_id == member_id:
                hours = definitions.day_types[assignment.day_type].intervals
                for day in assignment.dates:
                    self.assigned.setdefault(day, []).append(hours)
        self.calendars = [c for c in definitions.calendars if member_id in c.members]
        self.shifts = [s for s in definitions.shifts if s.member_id == member_id]
        self.patterns = [
            (p.intervals, _occurrences(p.rrule, p.start, first, last))
            for p in definitions.patterns
            if p.member_id == member_id
        ]
        self.finders: tuple[tuple[Source, Callable[[date], list[Hours]]], ...] = (
            (Source.DAY_TYPE, self._assigned),
            (Source.CALENDAR, self._calendar),
            (Source.SHIFT_PATTERN, self._shift),
            (Source.AVAILABILITY_PATTERN, self._pattern),
        )

    def __call__(self, day: date) -> tuple[Source, list[Hours]] | None:
        for source, find in self.finders:
            found = find(day)
            if found:
                return source, found
        return None

    def _assigned(self, day: date) -> list[Hours]:
        return self.assigned.get(day, [])

    def _calendar(self, day: date) -> list[Hours]:
        found: list[Hours] = []
        for calendar in self.calendars:
            holiday = calendar.country is not None and day in holiday_dates(
                calendar.country, calendar.subdivision, day.year
            )
            if holiday or day in calendar.closed:
                found.append(())
            elif day in calendar.hours:
                found.append(calendar.hours[day])
        return found

    def _shift(self, day: date) -> list[Hours]:
        found: list[Hours] = []
        for shift in self.shifts:
            if day >= shift.start:
                hours = shift.cycle[(day - shift.start).days % len(shift.cycle)]
                found.append(hours or ())
        return found

    def _pattern(self, day: date) -> list[Hours]:
        return [hours for hours, days in self.patterns if day in days]


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
