"""Command handlers for the schedules file: `schedules apply FILE.toml`, `show` and `import`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.cli.context import Context, Output
from bot.cli.oncall import schedule_store
from bot.cli.parser import Group, command, group
from bot.cli.schedule_import import TOOLS, run_import
from bot.cli.schedules_file import changes_json, to_toml
from core.errors import UnreadableSchedule
from core.schedules.file import apply_schedules, show_schedules
from core.schedules.sections import Change, Changes
from core.time.spans import zone


def apply(ctx: Context, args: argparse.Namespace) -> Output:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnreadableSchedule(f"there is no file {str(path)!r}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableSchedule(f"{path}: {exc}") from exc
    changes = apply_schedules(
        ctx.store,
        ctx.actor,
        workspace_id=ctx.ws,
        text=text,
        fallback_zone=ctx.settings.timezone,
        now=ctx.now,
    )
    return Output({"ok": True, **changes_json(changes)}, _summary(path.name, changes, ctx))


def _summary(name: str, changes: Changes, ctx: Context) -> str:
    lines = [f"  added {c.kind} {c.name}" for c in changes.added]
    lines += [f"  changed {c.kind} {c.name}{_from(c, ctx)}" for c in changes.changed]
    lines += [f"  removed {c.kind} {c.name}{_with(c)}" for c in changes.removed]
    if not lines:
        return f"Nothing changed: the stored schedules already match {name}."
    return f"Applied {name}:\n" + "\n".join(lines)


def _with(change: Change) -> str:
    return " (with its overrides)" if change.kind == "rotation" else ""


def _from(change: Change, ctx: Context) -> str:
    if change.effective_from is None:
        return ""
    rotation = schedule_store(ctx).rotations.by_name(ctx.ws, change.name)
    tz = zone(rotation.timezone if rotation else ctx.settings.timezone)
    local = change.effective_from.astimezone(tz)
    return f" (from the next hand-off, {local:%a %-d %b %Y %H:%M} {local.tzname()})"


def show(ctx: Context, args: argparse.Namespace) -> Output:
    shown = show_schedules(ctx.store, ctx.ws)
    return Output(json.loads(json.dumps(shown, default=str)), to_toml(shown))


def register(commands: Group) -> None:
    schedules = group(command(commands, "schedules", "rotations and other schedules (TOML)"))
    applied = command(schedules, "apply", "make the stored schedules exactly the file's", apply)
    applied.add_argument("file", help="the schedules file, e.g. schedules.toml")
    command(schedules, "show", "the stored schedules, as a file", show)
    imported = command(
        schedules, "import", "preview (or --commit) rotations from another tool", run_import
    )
    imported.add_argument("--from", dest="tool", choices=sorted(TOOLS), required=True)
    imported.add_argument("file", help="the tool's schedule export (JSON)")
    imported.add_argument("--commit", action="store_true", help="save the rotations it can map")
