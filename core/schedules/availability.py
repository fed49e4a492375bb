"""The `[[calendar]]` and `[[day_type]]` sections of the schedules file, and the plan that
replaces a stored section with the file's entries and sums up what changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from core.effective.model import Calendar, DayType, Definitions, Hours
from core.ports import AvailabilityRepository, AvailabilityStore
from core.schedules.sections import Change, Changes, Reader, Table, shown
from core.schedules.values import (
    hours_text,
    read_date,
    read_dates,
    read_hours,
    read_members,
)
from core.time.calendars import UnknownHolidays, check_place

T = TypeVar("T")
Emails = Mapping[str, str]  # member id → email


@dataclass(frozen=True)
class ReplacePlan(Generic[T]):
    """A section's entries in file order; each is summed up under its `identity` (a name,
    or a member's email), so one summary line covers all the entries of one member."""

    kind: str
    items: tuple[T, ...]
    stored: Callable[[Definitions], Sequence[T]]
    write: Callable[[AvailabilityRepository, str, Sequence[T]], None]
    identity: Callable[[T, Emails], str]

    def apply(self, store: AvailabilityStore, workspace_id: str, *, now: datetime) -> Changes:
        current = tuple(self.stored(store.availability.definitions(workspace_id)))
        if current == self.items:
            return Changes()
        self.write(store.availability, workspace_id, self.items)
        emails = {m.id: m.email for m in store.members.all(workspace_id)}
        before, after = self._grouped(current, emails), self._grouped(self.items, emails)
        return Changes(
            added=tuple(Change(self.kind, name) for key, (name, _) in after.items()
                        if key not in before),
            changed=tuple(Change(self.kind, name) for key, (name, items) in after.items()
                          if key in before and before[key][1] != items),
            removed=tuple(Change(self.kind, name) for key, (name, _) in before.items()
                          if key not in after),
        )  # fmt: skip

    def _grouped(self, items: Sequence[T], emails: Emails) -> dict[str, tuple[str, list[T]]]:
        groups: dict[str, tuple[str, list[T]]] = {}
        for item in items:
            name = self.identity(item, emails)
            groups.setdefault(name.casefold(), (name, []))[1].append(item)
        return groups


def claim_name(
    reader: Reader, key: str, entry: Table, path: str, seen: dict[str, str]
) -> str | None:
    """The entry's name, unique in its section ignoring case (`seen`: folded name → path),
    remembered in `reader.defined[key]` so that later sections can refer to it."""
    name = reader.text(entry, "name", path)
    if name is None:
        return None
    if name.casefold() in seen:
        reader.problem(f"{path}.name", f"{name!r} is also the name of {seen[name.casefold()]}")
        return None
    seen[name.casefold()] = path
    reader.defined.setdefault(key, {})[name.casefold()] = name
    return name


class CalendarSection:
    key: str = "calendar"
    fields: tuple[str, ...] = ("name", "holidays", "closed", "hours", "members")

    def read(self, entries: list[tuple[str, Table]], reader: Reader) -> ReplacePlan[Calendar]:
        seen: dict[str, str] = {}
        found = [
            _calendar(reader, entry, path, claim_name(reader, self.key, entry, path, seen))
            for path, entry in entries
        ]
        return ReplacePlan(
            self.key,
            tuple(c for c in found if c is not None),
            lambda d: d.calendars,
            lambda repo, ws, items: repo.replace_calendars(ws, items),
            lambda c, _: c.name,
        )

    def show(self, store: AvailabilityStore, workspace_id: str) -> list[Table]:
        emails = {m.id: m.email for m in store.members.all(workspace_id)}
        return [
            _calendar_entry(c, emails)
            for c in store.availability.definitions(workspace_id).calendars
        ]


class DayTypeSection:
    key: str = "day_type"
    fields: tuple[str, ...] = ("name", "intervals")

    def read(self, entries: list[tuple[str, Table]], reader: Reader) -> ReplacePlan[DayType]:
        found: list[DayType] = []
        seen: dict[str, str] = {}
        for path, entry in entries:
            name = claim_name(reader, self.key, entry, path, seen)
            hours = read_hours(reader, f"{path}.intervals", entry.get("intervals"))
            if name is not None and hours is not None:
                found.append(DayType(name, hours))
        return ReplacePlan(
            self.key,
            tuple(found),
            lambda d: tuple(d.day_types.values()),
            lambda repo, ws, items: repo.replace_day_types(ws, items),
            lambda t, _: t.name,
        )

    def show(self, store: AvailabilityStore, workspace_id: str) -> list[Table]:
        day_types = store.availability.definitions(workspace_id).day_types.values()
        return [{"name": t.name, "intervals": hours_text(t.intervals)} for t in day_types]


CALENDARS = CalendarSection()
DAY_TYPES = DayTypeSection()


def _calendar(reader: Reader, entry: Table, path: str, name: str | None) -> Calendar | None:
    before = len(reader.problems)
    country, subdivision = _place(reader, f"{path}.holidays", entry.get("holidays"))
    closed = read_dates(reader, f"{path}.closed", entry.get("closed", []))
    hours = _special_hours(reader, f"{path}.hours", entry.get("hours", {}))
    members = read_members(reader, f"{path}.members", entry.get("members", []))
    if name is None or closed is None or hours is None or members is None:
        return None
    if len(reader.problems) > before:
        return None
    return Calendar(name, members, country, subdivision, closed, hours)


def _place(reader: Reader, path: str, value: object) -> tuple[str | None, str | None]:
    """`{ country = "ES", subdivision = "MD" }`, checked against the `holidays` package."""
    if value is None:
        return None, None
    if not isinstance(value, dict):
        example = '{ country = "ES", subdivision = "MD" }'
        reader.problem(path, f"expected a table such as {example}, found {shown(value)}")
        return None, None
    for key in value:
        if key not in ("country", "subdivision"):
            reader.problem(f"{path}.{key}", "unknown key; known keys: country, subdivision")
    country = reader.text(value, "country", path)
    subdivision = reader.text(value, "subdivision", path, required=False)
    if country is None:
        return None, None
    country = country.upper()
    for key, place in (("country", (country, None)), ("subdivision", (country, subdivision))):
        try:
            check_place(*place)
        except UnknownHolidays as exc:
            reader.problem(f"{path}.{key}", str(exc))
            return None, None
        if subdivision is None:
            break
    return country, subdivision


def _special_hours(reader: Reader, path: str, value: object) -> dict[date, Hours] | None:
    """`{ "2026-12-24" = ["09:00-13:00"] }`: hours on a date ([] for none: a free day)."""
    if not isinstance(value, dict):
        example = '{ "2026-12-24" = ["09:00-13:00"] }'
        reader.problem(path, f"expected a table of dates such as {example}, found {shown(value)}")
        return None
    found: dict[date, Hours] = {}
    for key, hours in value.items():
        day = read_date(reader, f"{path}.{key}", key)
        parsed = read_hours(reader, f"{path}.{key}", hours)
        if day is not None and parsed is not None:
            found[day] = parsed
    return found if len(found) == len(value) else None


def _calendar_entry(calendar: Calendar, emails: Emails) -> Table:
    entry: Table = {"name": calendar.name}
    if calendar.country:
        entry["holidays"] = {"country": calendar.country}
        if calendar.subdivision:
            entry["holidays"]["subdivision"] = calendar.subdivision
    if calendar.closed:
        entry["closed"] = list(calendar.closed)
    if calendar.hours:
        entry["hours"] = {d.isoformat(): hours_text(h) for d, h in calendar.hours.items()}
    entry["members"] = [emails.get(m, m) for m in calendar.members]
    return entry
