"""`availbot schedules import --from opsgenie|pagerduty FILE [--commit]`: preview, then save."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli.context import Context, Output
from bot.cli.schedules_file import changes_json, to_toml
from core.counts import count
from core.errors import UnreadableExport
from core.schedules.file import apply_schedules, show_schedules
from core.schedules.imports.model import ImportedRotation, Skipped
from core.schedules.imports.preview import ImportPreview, entry, merged, preview, read_export
from core.schedules.sections import Changes

TOOLS = {"opsgenie": "Opsgenie", "pagerduty": "PagerDuty"}
_STATUS = {
    "new": "new",
    "replaces": "replaces the stored rotation of that name from its next hand-off",
    "unchanged": "already stored as it is",
}


def run_import(ctx: Context, args: argparse.Namespace) -> Output:
    """The preview; with --commit, the schedules file `show` prints plus the imported
    rotations, applied as `schedules apply` would (nothing else stored is touched)."""
    tool, path = TOOLS[args.tool], Path(args.file)
    try:
        export = read_export(args.tool, path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnreadableExport(tool, f"there is no file {str(path)!r}") from None
    except (OSError, ValueError) as exc:
        raise UnreadableExport(tool, str(exc)) from exc
    current = show_schedules(ctx.store, ctx.ws)
    emails = {m.email.casefold() for m in ctx.store.members.all(ctx.ws)}
    found = preview(export, emails, current.get("rotation", []))
    shown: dict[str, Any] = {"ok": True, **_preview_json(found), "committed": False}
    if not (args.commit and found.rotations):
        return Output(shown, _text(found, tool, None))
    changes = apply_schedules(
        ctx.store,
        ctx.actor,
        workspace_id=ctx.ws,
        text=to_toml(merged(current, found.rotations)),
        fallback_zone=ctx.settings.timezone,
        now=ctx.now,
    )
    shown.update(committed=True, **changes_json(changes))
    return Output(shown, _text(found, tool, changes))


def _preview_json(found: ImportPreview) -> dict[str, Any]:
    return {
        "from": found.export.tool,
        "schedule": found.export.schedule,
        "rotations": [_rotation_json(r, found.status[r.name]) for r in found.rotations],
        "skipped": [{"source": s.source, "reasons": list(s.reasons)} for s in found.skipped],
        "notes": list(found.export.notes),
    }


def _rotation_json(found: ImportedRotation, status: str) -> dict[str, Any]:
    shown = entry(found)
    shown["start"] = found.start.isoformat()
    return {**shown, "source": found.source, "status": status, "first": _first(found)}


def _first(found: ImportedRotation) -> dict[str, str]:
    return {"at": found.anchor.isoformat(), "email": found.order[0]}


def _text(found: ImportPreview, tool: str, changes: Changes | None) -> str:
    name = found.export.schedule
    head = f"{tool} schedule {name!r}: {count(len(found.rotations), 'rotation')} to import"
    lines = [head + (f", {len(found.skipped)} not imported." if found.skipped else ".")]
    for r in found.rotations:
        lines += _rotation_lines(r, found.status[r.name])
    if found.skipped:
        lines += ["", "Not imported (availbot would have to guess):"]
        lines += [line for s in found.skipped for line in _skipped_lines(s)]
    lines += [f"Note: {n}" for n in found.export.notes]
    lines += ["", _outcome(found, changes)]
    return "\n".join(lines)


def _rotation_lines(r: ImportedRotation, status: str) -> list[str]:
    what = _STATUS[status]
    first = r.anchor
    return [
        "",
        f"  {r.name} ({what}; from {r.source})",
        f"    zone {r.timezone}, shift {r.shift}, hand-off {r.handoff}, start {r.start}",
        f"    members in order: {', '.join(r.emails)}",
        f"    the export's hand-off {first:%a %-d %b %Y %H:%M} {first.tzname()} goes to "
        f"{r.order[0]}",
    ]


def _skipped_lines(s: Skipped) -> list[str]:
    return [f"  {s.source}:", *(f"    - {why}" for why in s.reasons)]


def _outcome(found: ImportPreview, changes: Changes | None) -> str:
    if changes is not None:
        saved = [f"  {kind} rotation {c.name}" for kind, cs in _kinds(changes) for c in cs]
        return "Saved:\n" + "\n".join(saved) if saved else "Nothing changed: already imported."
    if not found.rotations:
        return "Nothing to save."
    return "Nothing saved yet: run again with --commit to save these rotations."


def _kinds(changes: Changes) -> list[tuple[str, tuple[Any, ...]]]:
    return [("added", changes.added), ("changed", changes.changed), ("removed", changes.removed)]
