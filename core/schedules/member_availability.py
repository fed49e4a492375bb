"""The member sections of the schedules file: `[[day_assignment]]`, `[[availability_pattern]]`
and `[[shift_pattern]]`. Each member's entries of a section are summed up as one object."""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.rrule import rrule, rrulestr

from core.effective.model import (
    AvailabilityPattern,
    DayAssignment,
    Hours,
    ShiftPattern,
    rrule_parts,
)
from core.ports import AvailabilityStore
from core.schedules.availability import Emails, ReplacePlan
from core.schedules.sections import Reader, Table, shown
from core.schedules.values import (
    hours_text,
    read_array,
    read_date,
    read_dates,
    read_hours,
    read_interval,
)

# The dtstart of a pattern without `start`: a fixed Monday, so that rules counting weeks
# (INTERVAL=2) or days keep the same rhythm whenever they are read.
PATTERN_EPOCH = date(2000, 1, 3)
DAY_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
OFF = "off"


def _by_member(item: DayAssignment | AvailabilityPattern | ShiftPattern, emails: Emails) -> str:
    return emails.get(item.member_id, item.member_id)


def _member_id(reader: Reader, entry: Table, path: str) -> str | None:
    if "member" not in entry:
        reader.problem(f"{path}.member", "missing; it is required (a member's email)")
        return None
    found = reader.member(f"{path}.member", entry["member"])
    return None if found is None else found.id


def _emails(store: AvailabilityStore, workspace_id: str) -> Emails:
    return {m.id: m.email for m in store.members.all(workspace_id)}


class DayAssignmentSection:
    key: str = "day_assignment"
    fields: tuple[str, ...] = ("member", "day_type", "dates")

    def read(self, entries: list[tuple[str, Table]], reader: Reader) -> ReplacePlan[DayAssignment]:
        found: list[DayAssignment] = []
        for path, entry in entries:
            member_id = _member_id(reader, entry, path)
            day_type = _day_type(reader, entry, path)
            dates = read_dates(reader, f"{path}.dates", entry.get("dates"))
            if dates == ():
                reader.problem(f"{path}.dates", "expected at least one date")
            if member_id and day_type and dates:
                found.append(DayAssignment(member_id, day_type, dates))
        return ReplacePlan(
            self.key,
            tuple(found),
            lambda d: d.assignments,
            lambda repo, ws, items: repo.replace_assignments(ws, items),
            _by_member,
        )

    def show(self, store: AvailabilityStore, workspace_id: str) -> list[Table]:
        emails = _emails(store, workspace_id)
        return [
            {"member": emails.get(a.member_id, a.member_id), "day_type": a.day_type,
             "dates": list(a.dates)}
            for a in store.availability.definitions(workspace_id).assignments
        ]  # fmt: skip


def _day_type(reader: Reader, entry: Table, path: str) -> str | None:
    name = reader.text(entry, "day_type", path)
    if name is None:
        return None
    known = reader.defined.get("day_type", {})
    if name.casefold() not in known:
        hint = f"; defined: {', '.join(known.values())}" if known else "; add a [[day_type]]"
        reader.problem(f"{path}.day_type", f"no day type named {name!r}{hint}")
        return None
    return known[name.casefold()]


class AvailabilityPatternSection:
    key: str = "availability_pattern"
    fields: tuple[str, ...] = ("member", "rrule", "intervals", "start")

    def read(
        self, entries: list[tuple[str, Table]], reader: Reader
    ) -> ReplacePlan[AvailabilityPattern]:
        found: list[AvailabilityPattern] = []
        for path, entry in entries:
            member_id = _member_id(reader, entry, path)
            start = PATTERN_EPOCH
            if "start" in entry:
                start = read_date(reader, f"{path}.start", entry["start"]) or PATTERN_EPOCH
            rule = _rrule(reader, entry, path, start)
            hours = read_hours(reader, f"{path}.intervals", entry.get("intervals"))
            if member_id and rule and hours is not None:
                found.append(AvailabilityPattern(member_id, rule, hours, start))
        return ReplacePlan(
            self.key,
            tuple(found),
            lambda d: d.patterns,
            lambda repo, ws, items: repo.replace_patterns(ws, items),
            _by_member,
        )

    def show(self, store: AvailabilityStore, workspace_id: str) -> list[Table]:
        emails = _emails(store, workspace_id)
        shown_entries: list[Table] = []
        for p in store.availability.definitions(workspace_id).patterns:
            entry: Table = {"member": emails.get(p.member_id, p.member_id), "rrule": p.rrule}
            entry["intervals"] = hours_text(p.intervals)
            if p.start != PATTERN_EPOCH:
                entry["start"] = p.start
            shown_entries.append(entry)
        return shown_entries


def _rrule(reader: Reader, entry: Table, path: str, start: date) -> str | None:
    """An RFC 5545 RRULE alone (`FREQ=WEEKLY;BYDAY=SA,SU`), read with dtstart = `start`."""
    text = reader.text(entry, "rrule", path, lines=True)
    if text is None:
        return None
    parts, where = rrule_parts(text), f"{path}.rrule"
    why = _rrule_refusal(text, parts)
    if why is None:
        try:
            parsed = rrulestr(text, dtstart=datetime.combine(start, time()))
            why = None if isinstance(parsed, rrule) else "give one RRULE, not a set"
        except (ValueError, TypeError) as exc:
            why = f"not an RFC 5545 RRULE ({exc})"
    if why is not None:
        reader.problem(where, f'{why}; e.g. "FREQ=WEEKLY;BYDAY=SA,SU"')
        return None
    return text


def _rrule_refusal(text: str, parts: dict[str, str]) -> str | None:
    if "\n" in text or "DTSTART" in text.upper():
        return "give the rule alone: the first day is the `start` key, not DTSTART"
    if "FREQ" not in parts:
        return "FREQ is missing"
    if parts["FREQ"].upper() not in DAY_FREQUENCIES:
        return f"a pattern names days: FREQ must be one of {', '.join(DAY_FREQUENCIES)}"
    if {"BYHOUR", "BYMINUTE", "BYSECOND"} & parts.keys():
        return "the hours are the `intervals` key: leave BYHOUR, BYMINUTE and BYSECOND out"
    if parts.get("UNTIL", "").upper().endswith("Z"):
        return "UNTIL is a local date such as 20261231, without Z"
    return None


class ShiftPatternSection:
    key: str = "shift_pattern"
    fields: tuple[str, ...] = ("member", "cycle", "start")

    def read(self, entries: list[tuple[str, Table]], reader: Reader) -> ReplacePlan[ShiftPattern]:
        found: list[ShiftPattern] = []
        for path, entry in entries:
            member_id = _member_id(reader, entry, path)
            cycle = _cycle(reader, f"{path}.cycle", entry.get("cycle"))
            start = None
            if "start" not in entry:
                reader.problem(f"{path}.start", "missing; it is required (the cycle's first day)")
            else:
                start = read_date(reader, f"{path}.start", entry["start"])
            if member_id and cycle and start:
                found.append(ShiftPattern(member_id, cycle, start))
        return ReplacePlan(
            self.key,
            tuple(found),
            lambda d: d.shifts,
            lambda repo, ws, items: repo.replace_shifts(ws, items),
            _by_member,
        )

    def show(self, store: AvailabilityStore, workspace_id: str) -> list[Table]:
        emails = _emails(store, workspace_id)
        return [
            {"member": emails.get(s.member_id, s.member_id),
             "cycle": [_day_text(hours) for hours in s.cycle], "start": s.start}
            for s in store.availability.definitions(workspace_id).shifts
        ]  # fmt: skip


def _cycle(reader: Reader, path: str, value: object) -> tuple[Hours | None, ...] | None:
    """Each day of the cycle: `"off"`, hours (`"08:00-20:00"`) or an array of hours."""
    items = read_array(reader, path, value, 'days such as "08:00-20:00" or "off"')
    if not items:
        if items == []:
            reader.problem(path, "expected at least one day")
        return None
    days = [_cycle_day(reader, f"{path}[{i}]", item) for i, item in enumerate(items)]
    if not all(ok for ok, _ in days):
        return None
    return tuple(hours or None for _, hours in days)


def _cycle_day(reader: Reader, path: str, value: object) -> tuple[bool, Hours | None]:
    """Whether the day reads, and its hours (None for a day off)."""
    if isinstance(value, str) and value.strip().casefold() == OFF:
        return True, None
    if isinstance(value, list):
        hours = read_hours(reader, path, value)
        return hours is not None, hours
    if not isinstance(value, str):
        reader.problem(path, f'expected "off", hours or an array of hours, found {shown(value)}')
        return False, None
    interval = read_interval(reader, path, value)
    return interval is not None, None if interval is None else (interval,)


def _day_text(hours: Hours | None) -> object:
    if not hours:
        return OFF
    return str(hours[0]) if len(hours) == 1 else hours_text(hours)


DAY_ASSIGNMENTS = DayAssignmentSection()
AVAILABILITY_PATTERNS = AvailabilityPatternSection()
SHIFT_PATTERNS = ShiftPatternSection()
