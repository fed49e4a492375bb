"""The schedules file (docs/schedules.md): read with tomllib, check every entry, all or nothing.

Each top-level array of tables (`[[calendar]]`, `[[day_type]]`, `[[rotation]]` …) is
a Section: it reads its entries into a Plan, reporting problems at their key paths, and
the Plan brings the store in line with the file. A section the file leaves out is read
as empty, so applying removes what it stored. Add a section by appending it to SECTIONS.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime

from core.errors import InvalidSchedule, UnreadableSchedule
from core.people.model import Actor
from core.people.permissions import require_admin
from core.ports import AvailabilityStore
from core.schedules.availability import CALENDARS, DAY_TYPES
from core.schedules.member_availability import (
    AVAILABILITY_PATTERNS,
    DAY_ASSIGNMENTS,
    SHIFT_PATTERNS,
)
from core.schedules.rotations import ROTATIONS
from core.schedules.sections import Change, Changes, Reader, Section, Table, shown

# In the order of docs/schedules.md; day types come before the assignments that name them.
SECTIONS: tuple[Section, ...] = (
    CALENDARS,
    DAY_TYPES,
    DAY_ASSIGNMENTS,
    AVAILABILITY_PATTERNS,
    SHIFT_PATTERNS,
    ROTATIONS,
)


def apply_schedules(
    store: AvailabilityStore,
    actor: Actor,
    *,
    workspace_id: str,
    text: str,
    fallback_zone: str,
    now: datetime,
) -> Changes:
    """Make the stored schedules exactly the file's, or change nothing and raise
    UnreadableSchedule / InvalidSchedule listing every problem with its key path."""
    require_admin(actor, "apply a schedules file")
    return apply_document(
        store, workspace_id=workspace_id, document=parse_toml(text),
        fallback_zone=fallback_zone, now=now,
    )  # fmt: skip


def apply_document(
    store: AvailabilityStore, *, workspace_id: str, document: Table, fallback_zone: str,
    now: datetime,
) -> Changes:  # fmt: skip
    """apply_schedules on a file already read (its admin check done by the caller)."""
    members = {m.email.casefold(): m for m in store.members.all(workspace_id)}
    reader = Reader(members, fallback_zone)
    zone_name = _workspace_zone(document, reader)
    reader.default_zone = zone_name or fallback_zone
    plans = [s.read(_entries(document, s, reader), reader) for s in SECTIONS]
    _unknown_keys(document, reader)
    if reader.problems:
        raise InvalidSchedule(reader.problems)
    with store.transaction():
        store.rotations.lock(workspace_id)
        changes = _set_zone(store, workspace_id, zone_name)
        for plan in plans:
            changes += plan.apply(store, workspace_id, now=now)
    return changes


def show_schedules(store: AvailabilityStore, workspace_id: str) -> Table:
    """The stored schedules in the file's shape (`timezone` only when one is set)."""
    workspace = store.workspaces.get(workspace_id)
    shown: Table = {}
    if workspace is not None and workspace.timezone:
        shown["timezone"] = workspace.timezone
    for section in SECTIONS:
        shown[section.key] = section.show(store, workspace_id)
    return shown


def parse_toml(text: str) -> Table:
    try:
        return tomllib.loads(text)
    except RecursionError:
        # tomllib reads nested arrays and tables recursively: thousands of levels exhaust
        # Python's stack long before they mean anything to a schedules file.
        raise UnreadableSchedule("arrays or tables are nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        why = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        if where is None:
            raise UnreadableSchedule(why) from exc
        raise UnreadableSchedule(why, int(where.group(1)), int(where.group(2))) from exc


def _workspace_zone(document: Table, reader: Reader) -> str | None:
    value = document.get("timezone")
    if value is None:
        return None
    if not isinstance(value, str):
        reader.problem("timezone", f"expected a zone name as a string, found {shown(value)}")
        return None
    return reader.zone_name("timezone", value.strip())


def _entries(document: Table, section: Section, reader: Reader) -> list[tuple[str, Table]]:
    value = document.get(section.key, [])
    if not isinstance(value, list):
        reader.problem(section.key, f"expected an array of tables: [[{section.key}]]")
        return []
    entries: list[tuple[str, Table]] = []
    for i, entry in enumerate(value):
        path = f"{section.key}[{i}]"
        if not isinstance(entry, dict):
            reader.problem(path, f"expected a table ([[{section.key}]]), found {shown(entry)}")
            continue
        for key in entry:
            if key not in section.fields:
                known = ", ".join(section.fields)
                reader.problem(f"{path}.{key}", f"unknown key; known keys: {known}")
        entries.append((path, entry))
    return entries


def _unknown_keys(document: Table, reader: Reader) -> None:
    known = ("timezone", *(s.key for s in SECTIONS))
    for key in document:
        if key not in known:
            reader.problem(key, f"unknown key; this version reads: {', '.join(known)}")


def _set_zone(store: AvailabilityStore, workspace_id: str, zone_name: str | None) -> Changes:
    workspace = store.workspaces.get(workspace_id)
    if workspace is None or workspace.timezone == zone_name:
        return Changes()
    store.workspaces.set_timezone(workspace_id, zone_name)
    change = (Change("timezone", zone_name or "(default)"),)
    return Changes(changed=change) if workspace.timezone else Changes(added=change)
