"""A rotation's resolved schedule (docs/rotations.md): its own shifts, the overrides, who is
on call after them and the coverage gaps over a window, and who is on call at an instant."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.errors import EndNotAfterStart, WindowTooLong
from core.people.model import Member
from core.ports import ScheduleStore
from core.rotations.coverage import (
    CALENDAR_ERRORS,
    Duty,
    RotationCoverage,
    Segment,
    coverage,
    on_call,
)
from core.rotations.model import Override, Rotation
from core.rotations.queries import read_coverage_data
from core.rotations.shifts import Shift, shift_at, shifts
from core.time.bounds import check_days, check_instants
from core.time.spans import local_midnight, subtract

_DAY = timedelta(days=1)
_INSTANT = timedelta(microseconds=1)


@dataclass(frozen=True)
class RotationSchedule:
    """[start, end) of one rotation: `scheduled` its own shifts and `final` who is on call
    after `overrides` (both clipped to the window; overrides are whole), with coverage."""

    rotation: Rotation
    start: datetime
    end: datetime
    scheduled: tuple[Shift, ...]
    overrides: tuple[Override, ...]
    final: tuple[Duty, ...]
    coverage: RotationCoverage
    members: Mapping[str, Member]

    @property
    def computable(self) -> bool:
        return self.coverage.computable

    @property
    def gaps(self) -> tuple[Segment, ...]:
        return self.coverage.gaps


@dataclass(frozen=True)
class OnCallAt:
    """Who holds a rotation at one instant: `duty` is whole (None when nobody is on call,
    as before its first shift); `computable` is False when its shifts cannot be computed."""

    rotation: Rotation
    duty: Duty | None
    member: Member | None
    computable: bool = True


def instant_window(start: datetime, end: datetime, *, max_days: int) -> tuple[datetime, datetime]:
    """[start, end) if it ends after it starts, within the dates availbot handles and at
    most `max_days` days (a part of a day counts as a day)."""
    check_instants(start, what="The start of the window")
    check_instants(end, what="The end of the window")
    if end <= start:
        raise EndNotAfterStart(start, end)
    days = math.ceil((end - start) / _DAY)
    if days > max_days:
        raise WindowTooLong(days, max_days)
    return start, end


def schedule_window(
    since: date | None,
    until: date | None,
    *,
    tz: ZoneInfo,
    now: datetime,
    default: timedelta,
    max_days: int,
) -> tuple[datetime, datetime]:
    """The window [since, until): an instant stays as it is, a date is a local day in `tz`
    (`since` from its midnight, `until` through its end, as `availbot oncall --to`). From
    `now` and `default` long unless said; at most `max_days` days (see instant_window)."""
    start = now if since is None else _bound(since, tz, end=False)
    check_instants(start, what="The start of the window")  # before adding to it
    end = start + default if until is None else _bound(until, tz, end=True)
    return instant_window(start, end, max_days=max_days)


def _bound(value: date, tz: ZoneInfo, *, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    check_days(value, what="The last day" if end else "The first day")
    return local_midnight(value + _DAY if end else value, tz)


def rotation_schedule(
    store: ScheduleStore, workspace_id: str, rotation: Rotation, start: datetime, end: datetime
) -> RotationSchedule:
    """The rotation's schedule over [start, end), in the reads of one coverage report."""
    check_instants(start, end, what="The window")
    data = read_coverage_data(store, workspace_id, start, end)
    report = coverage(data, {rotation.id: (start, end)})[0]
    own = tuple(
        o
        for o in data.overrides
        if o.rotation_id == rotation.id and o.start < end and o.end > start
    )
    scheduled: Sequence[Shift] = ()
    final: Sequence[Duty] = ()
    if report.computable:
        scheduled = shifts(rotation.versions, start, end)
        final = on_call(rotation.versions, own, start, end)
    return RotationSchedule(
        rotation, start, end, tuple(scheduled), own, tuple(final), report, data.members
    )


def on_call_everywhere(store: ScheduleStore, workspace_id: str, moment: datetime) -> list[OnCallAt]:
    """For every rotation (by name), who is on call at `moment` after overrides, and the
    whole duty: from the hand-off or override that began it to the next change of hands."""
    check_instants(moment, what="The instant")
    held = [_held(store, r, moment) for r in store.rotations.all(workspace_id)]
    members = store.members.many(workspace_id, {h.duty.member_id for h in held if h.duty})
    return [replace(h, member=members.get(h.duty.member_id)) if h.duty else h for h in held]


def _held(store: ScheduleStore, rotation: Rotation, moment: datetime) -> OnCallAt:
    """The rotation's duty at `moment`, reading the overrides of the shift running then."""
    try:
        shift = shift_at(rotation.versions, moment)
    except CALENDAR_ERRORS:
        return OnCallAt(rotation, None, None, computable=False)
    low, high = (shift.start, shift.end) if shift else (moment, moment + _INSTANT)
    around = store.overrides.in_window(rotation.workspace_id, low, high, rotation.id)
    return OnCallAt(rotation, duty_at(shift, around, moment), None)


def duty_at(shift: Shift | None, overrides: Iterable[Override], moment: datetime) -> Duty | None:
    """The whole duty holding `moment`: the override covering it, else the stretch of
    `shift` (the rotation's own, running at `moment`) between the overrides around it;
    None when nobody is on call."""
    overrides = list(overrides)
    covering = next((o for o in overrides if o.start <= moment < o.end), None)
    if covering is not None:
        return Duty(covering.start, covering.end, covering.member_id, covering.id)
    if shift is None:
        return None
    taken = [(o.start, o.end) for o in overrides if o.start < shift.end and o.end > shift.start]
    pieces = subtract([(shift.start, shift.end)], taken)
    low, high = next((a, b) for a, b in pieces if a <= moment < b)
    return Duty(low, high, shift.member_id)
