"""Sources of a member's hours (docs/effective.md): day types, calendars, shifts, patterns."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from core.time.spans import Interval, resolve_local

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class Source(StrEnum):
    """Most specific first: the first source that defines a day decides it."""

    DAY_TYPE = "DAY_TYPE"
    CALENDAR = "CALENDAR"
    SHIFT_PATTERN = "SHIFT_PATTERN"
    AVAILABILITY_PATTERN = "AVAILABILITY_PATTERN"


@dataclass(frozen=True, order=True)
class LocalInterval:
    """Wall-clock hours such as 08:00–13:00; an end at or before the start is the next day."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> LocalInterval:
        """`HH:MM-HH:MM`, `24:00` allowed as an end; ValueError otherwise."""
        match = _CLOCK.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not HH:MM-HH:MM (e.g. 08:00-13:00)")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise ValueError(f"{text!r} is not a time of day")
        return cls(time(h1, m1), time(0, 0) if h2 == 24 else time(h2, m2))

    def on(self, day: date, tz: ZoneInfo) -> Interval:
        """The instants these hours cover on a local day (DST-correct)."""
        end_day = day if self.end > self.start else day + timedelta(days=1)
        return (
            resolve_local(datetime.combine(day, self.start), tz),
            resolve_local(datetime.combine(end_day, self.end), tz),
        )

    def __str__(self) -> str:
        end = "24:00" if self.end == time(0) and self.start != time(0) else f"{self.end:%H:%M}"
        return f"{self.start:%H:%M}-{end}"


Hours = tuple[LocalInterval, ...]


@dataclass(frozen=True)
class DayType:
    name: str
    intervals: Hours


@dataclass(frozen=True)
class DayAssignment:
    member_id: str
    day_type: str
    dates: tuple[date, ...]


@dataclass(frozen=True)
class Calendar:
    """Public holidays of a country (and subdivision), closure days and special hours."""

    name: str
    members: tuple[str, ...]
    country: str | None = None
    subdivision: str | None = None
    closed: tuple[date, ...] = ()
    hours: dict[date, Hours] = field(default_factory=dict)

    @cached_property
    def member_ids(self) -> frozenset[str]:
        """`members` to look one up in: a calendar holds a whole office."""
        return frozenset(self.members)


@dataclass(frozen=True)
class ShiftPattern:
    """A working-shift cycle from `start`: each day's hours, or None for a day off."""

    member_id: str
    cycle: tuple[Hours | None, ...]
    start: date


def rrule_parts(rule: str) -> dict[str, str]:
    """`FREQ=WEEKLY;BYDAY=SA,SU` as {"FREQ": "WEEKLY", "BYDAY": "SA,SU"} (names upper-cased)."""
    pairs = (part.partition("=") for part in rule.strip().removeprefix("RRULE:").split(";"))
    return {name.strip().upper(): value.strip() for name, _, value in pairs if name.strip()}


@dataclass(frozen=True)
class AvailabilityPattern:
    """Weekly recurring hours: an RFC 5545 RRULE read with an explicit dtstart."""

    member_id: str
    rrule: str
    intervals: Hours
    start: date


@dataclass(frozen=True)
class Definitions:
    """Everything the schedules file says about available hours."""

    day_types: dict[str, DayType] = field(default_factory=dict)
    assignments: tuple[DayAssignment, ...] = ()
    calendars: tuple[Calendar, ...] = ()
    shifts: tuple[ShiftPattern, ...] = ()
    patterns: tuple[AvailabilityPattern, ...] = ()

    def by_member(self) -> dict[str, Definitions]:
        """Each member's share (their assignments, calendars, shifts and patterns, with every
        day type), so that computing many members scans the definitions once."""
        shares: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for assignment in self.assignments:
            shares[assignment.member_id]["assignments"].append(assignment)
        for calendar in self.calendars:
            for member_id in dict.fromkeys(calendar.members):
                shares[member_id]["calendars"].append(calendar)
        for shift in self.shifts:
            shares[shift.member_id]["shifts"].append(shift)
        for pattern in self.patterns:
            shares[pattern.member_id]["patterns"].append(pattern)
        return {
            member_id: Definitions(
                self.day_types, **{key: tuple(found) for key, found in share.items()}
            )
            for member_id, share in shares.items()
        }
