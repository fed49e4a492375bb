"""An import's preview against the workspace's people, and the schedules file it would apply."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.schedules.imports.model import ImportedRotation, ScheduleExport, Skipped
from core.schedules.imports.opsgenie import read_opsgenie
from core.schedules.imports.pagerduty import read_pagerduty
from core.schedules.sections import Table

READERS = {"opsgenie": read_opsgenie, "pagerduty": read_pagerduty}


@dataclass(frozen=True)
class ImportPreview:
    """What `--commit` would save; `status` by rotation name: "new", "replaces" (a stored
    rotation of that name, which changes from its next hand-off) or "unchanged"."""

    export: ScheduleExport
    rotations: tuple[ImportedRotation, ...]
    skipped: tuple[Skipped, ...]
    status: dict[str, str]


def read_export(tool: str, text: str) -> ScheduleExport:
    """The export, or ValueError saying why it is not one (not JSON, not that tool's shape)."""
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    return READERS[tool](document)


def preview(export: ScheduleExport, emails: set[str], stored: list[Table]) -> ImportPreview:
    """Rotations whose people are all members (`emails`, folded) are kept; the others are
    skipped, naming the unknown emails, since leaving a person out would change who is due."""
    kept: list[ImportedRotation] = []
    skipped = list(export.skipped)
    for found in export.rotations:
        unknown = sorted({e for e in found.order if e.casefold() not in emails})
        taken = any(k.name.casefold() == found.name.casefold() for k in kept)
        if unknown or taken:
            why = [f"no member with email {', '.join(unknown)}"] if unknown else []
            why += [f"another rotation of this export is also named {found.name!r}"] * taken
            skipped.append(Skipped(found.source, tuple(why)))
        else:
            kept.append(found)
    return ImportPreview(export, tuple(kept), tuple(skipped), _status(kept, stored))


def _status(kept: list[ImportedRotation], stored: list[Table]) -> dict[str, str]:
    by_name = {str(e["name"]).casefold(): e for e in stored}
    status: dict[str, str] = {}
    for found in kept:
        current = by_name.get(found.name.casefold())
        same = current is not None and {**current, "name": found.name} == entry(found)
        status[found.name] = "new" if current is None else "unchanged" if same else "replaces"
    return status


def merged(current: Table, rotations: tuple[ImportedRotation, ...]) -> Table:
    """The stored schedules (`schedules show`) with the imported rotations added, or in
    place of stored ones of the same name: the workspace's other schedules stay."""
    ours = {r.name.casefold(): entry(r) for r in rotations}
    kept = [e for e in current.get("rotation", []) if str(e["name"]).casefold() not in ours]
    return {**current, "rotation": [*kept, *ours.values()]}


def entry(found: ImportedRotation) -> Table:
    """The rotation as a `[[rotation]]` entry of the schedules file."""
    return {
        "name": found.name,
        "timezone": found.timezone,
        "shift": str(found.shift),
        "handoff": str(found.handoff),
        "start": found.start,
        "members": list(found.emails),
    }
