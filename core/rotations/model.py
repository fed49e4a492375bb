"""Frozen values of on-call: shift lengths, hand-offs, rotation versions and overrides."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core.time.words import WEEKDAYS

_SHIFT = re.compile(r"^\s*(\d{1,4})\s*(h|d|w)\s*$", re.IGNORECASE)
_HANDOFF = re.compile(r"^\s*(?:([a-z]+)\s+)?(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNIT_DELTA = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


@dataclass(frozen=True)
class ShiftLength:
    """A shift length in wall-clock units: `12h`, `1d`, `2w`."""

    count: int
    unit: str  # "h", "d" or "w"

    @classmethod
    def parse(cls, text: str) -> ShiftLength:
        match = _SHIFT.match(text)
        if match is None or int(match.group(1)) < 1:
            raise ValueError(f"{text!r} is not a shift length; use e.g. `1w`, `2w`, `1d` or `12h`")
        return cls(int(match.group(1)), match.group(2).lower())

    @property
    def wall(self) -> timedelta:
        """The length on the wall clock (a day is a calendar day, however long it lasts)."""
        return self.count * _UNIT_DELTA[self.unit]

    @property
    def whole_weeks(self) -> bool:
        return self.unit == "w"

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


@dataclass(frozen=True)
class Handoff:
    """When shifts change hands, in the rotation's zone: `mon 09:00`, or `09:00`."""

    clock: time
    weekday: int | None = None  # 0 = Monday; only for shifts of whole weeks

    @classmethod
    def parse(cls, text: str) -> Handoff:
        match = _HANDOFF.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a hand-off; use e.g. `mon 09:00` or `09:00`")
        day, hour, minute = match.group(1), int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59:
            raise ValueError(f"{text!r} is not a time of day (00:00 to 23:59)")
        weekday = None
        if day is not None:
            found = [i for i, name in enumerate(_DAY_NAMES) if name.startswith(day.lower())]
            if len(day) < 3 or len(found) != 1:
                raise ValueError(f"{day!r} in {text!r} is not a weekday; use mon, tue … sun")
            weekday = found[0]
        return cls(time(hour, minute), weekday)

    def __str__(self) -> str:
        clock = self.clock.strftime("%H:%M")
        return clock if self.weekday is None else f"{WEEKDAYS[self.weekday].lower()} {clock}"


@dataclass(frozen=True)
class RotationDefinition:
    """What a schedules file says about one rotation; member ids in hand-off order."""

    timezone: str
    shift: ShiftLength
    handoff: Handoff
    start: date
    member_ids: tuple[str, ...]


@dataclass(frozen=True)
class RotationVersion:
    """A definition and the instant it rules from (`None`: from the rotation's first shift)."""

    effective_from: datetime | None
    definition: RotationDefinition
    created_at: datetime


@dataclass(frozen=True)
class Rotation:
    """A named rotation and its versions, oldest first; the last is what the file says now."""

    id: str
    workspace_id: str
    name: str
    versions: tuple[RotationVersion, ...]
    created_at: datetime

    @property
    def definition(self) -> RotationDefinition:
        return self.versions[-1].definition

    @property
    def timezone(self) -> str:
        return self.definition.timezone


@dataclass(frozen=True)
class Override:
    """`member_id` is on call for the rotation in [start, end), in place of its own member."""

    id: str
    workspace_id: str
    rotation_id: str
    member_id: str
    start: datetime
    end: datetime
    created_by: str | None
    created_at: datetime
