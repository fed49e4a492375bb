"""Use cases for reading on-call: find rotations, pick windows, report coverage from the store."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from core.errors import EndNotAfterStart, UnknownRotation, WindowTooLong
from core.people.model import Member
from core.ports import ScheduleStore
from core.rotations.coverage import (
    LOAD_WINDOW,
    CoverageData,
    Duty,
    RotationCoverage,
    coverage,
    on_call,
    suggestions,
)
from core.rotations.model import Rotation
from core.text import name_problem
from core.time.bounds import check_days, check_instants
from core.time.spans import local_midnight, zone

DEFAULT_DAYS = 14
MAX_DAYS = 366

Window = tuple[datetime, datetime]


def find_rotation(store: ScheduleStore, workspace_id: str, name: str) -> Rotation:
    """The rotation by name (any case), or UnknownRotation naming those there are."""
    found = store.rotations.by_name(workspace_id, name.strip())
    if found is None:
        raise UnknownRotation(name, [r.name for r in store.rotations.all(workspace_id)])
    return found


def rotation_by_ref(store: ScheduleStore, workspace_id: str, ref: str) -> Rotation:
    """The rotation by id, else by name (any case), else UnknownRotation. Text no id or name
    can hold (a control character: PostgreSQL cannot even compare NUL) is looked up nowhere."""
    if name_problem(ref) is not None:
        raise UnknownRotation(ref, [r.name for r in store.rotations.all(workspace_id)])
    found = store.rotations.get(workspace_id, ref.strip())
    return found if found is not None else find_rotation(store, workspace_id, ref)


def rotation_roster(
    store: ScheduleStore, workspace_id: str
) -> tuple[list[Rotation], dict[str, Member]]:
    """Every rotation, by name, and the members their current definitions name, by id."""
    rotations = store.rotations.all(workspace_id)
    named = {m for r in rotations for m in r.definition.member_ids}
    return rotations, store.members.many(workspace_id, named)


def rotation_window(
    rotation: Rotation, first: date | None, last: date | None, *, now: datetime
) -> Window:
    """Inclusive local dates in the rotation's zone as instants; by default today and the
    13 days after it. A window over MAX_DAYS days is refused."""
    tz = zone(rotation.timezone)
    if first is None:
        today = now.astimezone(tz).date()
        first = today if last is None else min(today, last)
    check_days(first, what="The first day")
    if last is None:
        last = first + timedelta(days=DEFAULT_DAYS - 1)
    check_days(last, what="The last day")
    start, end = local_midnight(first, tz), local_midnight(last + timedelta(days=1), tz)
    if end <= start:
        raise EndNotAfterStart(start, end)
    days = (last - first).days + 1
    if days > MAX_DAYS:
        raise WindowTooLong(days, MAX_DAYS)
    return start, end


def read_coverage_data(
    store: ScheduleStore, workspace_id: str, start: datetime, end: datetime
) -> CoverageData:
    """Everything coverage of [start, end) needs, in a few reads."""
    return CoverageData(
        rotations=tuple(store.rotations.all(workspace_id)),
        overrides=tuple(store.overrides.in_window(workspace_id, start - LOAD_WINDOW, end)),
        members={m.id: m for m in store.members.all(workspace_id)},
        types={t.id: t for t in store.types.all(workspace_id)},
        records=tuple(store.unavailability.in_window(workspace_id, start, end)),
        start=start - LOAD_WINDOW,
        end=end,
    )


def coverage_report(
    store: ScheduleStore, workspace_id: str, windows: Mapping[str, Window]
) -> list[RotationCoverage]:
    """Segments, gaps and suggestions of the rotations `windows` names (by id), by name."""
    if not windows:
        return []
    start = min(w[0] for w in windows.values())
    end = max(w[1] for w in windows.values())
    check_instants(start, end, what="The window")
    return coverage(read_coverage_data(store, workspace_id, start, end), windows)


def cover_suggestions(
    store: ScheduleStore,
    workspace_id: str,
    rotation: Rotation,
    member: Member,
    start: datetime,
    end: datetime,
) -> tuple[Member, ...]:
    """Who could take [start, end) of the rotation from `member`, best first."""
    return suggestions(
        read_coverage_data(store, workspace_id, start, end), rotation, member, start, end
    )


def on_call_at(store: ScheduleStore, rotation: Rotation, moment: datetime) -> Duty | None:
    """Who is on call for the rotation at `moment`, after overrides; None before its first
    shift (the duty returned is clipped to that one second)."""
    later = moment + timedelta(seconds=1)
    overrides = store.overrides.in_window(rotation.workspace_id, moment, later, rotation.id)
    duties = on_call(rotation.versions, overrides, moment, later)
    return duties[0] if duties else None
