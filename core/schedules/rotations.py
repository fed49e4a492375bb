"""The `[[rotation]]` section of the schedules file: entries → definitions → stored versions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from core.model import new_id
from core.ports import ScheduleStore
from core.rotations.model import Handoff, Rotation, RotationDefinition, RotationVersion, ShiftLength
from core.rotations.shifts import revised
from core.schedules.sections import Change, Changes, Reader, Table, shown
from core.schedules.values import read_date

FIELDS = ("name", "timezone", "shift", "handoff", "start", "members")


@dataclass(frozen=True)
class RotationPlan:
    """The file's rotations by name, in file order."""

    definitions: dict[str, RotationDefinition]

    def apply(self, store: ScheduleStore, workspace_id: str, *, now: datetime) -> Changes:
        stored = {r.name.casefold(): r for r in store.rotations.all(workspace_id)}
        changes = Changes()
        for name, definition in self.definitions.items():
            current = stored.pop(name.casefold(), None)
            if current is None:
                first = RotationVersion(None, definition, now)
                store.rotations.add(Rotation(new_id("rot"), workspace_id, name, (first,), now))
                changes += Changes(added=(Change("rotation", name),))
                continue
            versions = revised(current.versions, definition, now=now)
            if versions != current.versions or name != current.name:
                store.rotations.update(replace(current, name=name, versions=versions))
                effective = versions[-1].effective_from if versions != current.versions else None
                changes += Changes(changed=(Change("rotation", name, effective),))
        for gone in stored.values():
            store.rotations.remove(workspace_id, gone.id)
            changes += Changes(removed=(Change("rotation", gone.name),))
        return changes


class RotationSection:
    key: str = "rotation"
    fields: tuple[str, ...] = FIELDS

    def read(self, entries: list[tuple[str, Table]], reader: Reader) -> RotationPlan:
        definitions: dict[str, RotationDefinition] = {}
        first_path: dict[str, str] = {}
        for path, entry in entries:
            name = reader.text(entry, "name", path)
            definition = _definition(entry, path, reader)
            if name is None:
                continue
            if name.casefold() in first_path:
                reader.problem(
                    f"{path}.name", f"{name!r} is also the name of {first_path[name.casefold()]}"
                )
                continue
            first_path[name.casefold()] = path
            if definition is not None:
                definitions[name] = definition
        return RotationPlan(definitions)

    def show(self, store: ScheduleStore, workspace_id: str) -> list[Table]:
        members = {m.id: m.email for m in store.members.all(workspace_id)}
        return [_entry(r, members) for r in store.rotations.all(workspace_id)]


ROTATIONS = RotationSection()


def _definition(entry: Table, path: str, reader: Reader) -> RotationDefinition | None:
    before = len(reader.problems)
    zone_text = reader.text(entry, "timezone", path, required=False)
    zone_name = reader.zone_name(f"{path}.timezone", zone_text) if zone_text else None
    shift_text = reader.text(entry, "shift", path)
    shift = reader.read(f"{path}.shift", shift_text, ShiftLength.parse) if shift_text else None
    handoff_text = reader.text(entry, "handoff", path)
    handoff = reader.read(f"{path}.handoff", handoff_text, Handoff.parse) if handoff_text else None
    if shift and handoff and handoff.weekday is not None and not shift.whole_weeks:
        reader.problem(
            f"{path}.handoff",
            f"a weekday hand-off ({handoff_text!r}) needs a shift of whole weeks, not {shift}; "
            "give a time alone, e.g. `09:00`",
        )
    start = _start(entry, path, reader)
    member_ids = _members(entry, path, reader)
    if len(reader.problems) > before or not (shift and handoff and start and member_ids):
        return None
    return RotationDefinition(
        zone_name or reader.default_zone, shift, handoff, start, tuple(member_ids)
    )


def _start(entry: Table, path: str, reader: Reader) -> date | None:
    value = entry.get("start")
    if value is None:
        reader.problem(f"{path}.start", "missing; it is required (a date such as 2026-01-05)")
        return None
    return read_date(reader, f"{path}.start", value)


def _members(entry: Table, path: str, reader: Reader) -> list[str]:
    value = entry.get("members")
    if not isinstance(value, list) or not value:
        found = "nothing" if value is None else shown(value)
        reader.problem(f"{path}.members", f"expected a non-empty array of emails, found {found}")
        return []
    found_ids = [reader.member(f"{path}.members[{i}]", email) for i, email in enumerate(value)]
    return [m.id for m in found_ids if m is not None]


def _entry(rotation: Rotation, emails: dict[str, str]) -> Table:
    definition = rotation.definition
    entry: Table = {
        "name": rotation.name,
        "timezone": definition.timezone,
        "shift": str(definition.shift),
        "handoff": str(definition.handoff),
        "start": definition.start,
        "members": [emails.get(m, m) for m in definition.member_ids],
    }
    return entry
