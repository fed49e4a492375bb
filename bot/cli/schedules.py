"""Command handlers for the schedules file: `schedules apply FILE.toml` and `schedules show`."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from bot.cli.context import Context, Output
from bot.cli.oncall import schedule_store
from bot.cli.parser import Group, command, group
from bot.words.jsonshapes import instant
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
    result = {
        "ok": True,
        "added": [_change_json(c) for c in changes.added],
        "changed": [_change_json(c) for c in changes.changed],
        "removed": [_change_json(c) for c in changes.removed],
    }
    return Output(result, _summary(path.name, changes, ctx))


def _change_json(change: Change) -> dict[str, Any]:
    shown: dict[str, Any] = {"kind": change.kind, "name": change.name}
    if change.effective_from is not None:
        shown["effective_from"] = instant(change.effective_from)
    return shown


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


def to_toml(document: dict[str, Any]) -> str:
    """The schedules as a file `schedules apply` reads back: scalars, then arrays of tables."""
    lines = [f"{k} = {_value(v)}" for k, v in document.items() if not isinstance(v, list)]
    for key, entries in document.items():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            lines += ["", f"[[{key}]]"]
            lines += [f"{k} = {_value(v)}" for k, v in entry.items()]
    return "\n".join(lines) if lines else "# No schedules defined."


def _value(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{json.dumps(k, ensure_ascii=False)} = {_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    return json.dumps(value, ensure_ascii=False)


def register(commands: Group) -> None:
    schedules = group(command(commands, "schedules", "rotations and other schedules (TOML)"))
    applied = command(schedules, "apply", "make the stored schedules exactly the file's", apply)
    applied.add_argument("file", help="the schedules file, e.g. schedules.toml")
    command(schedules, "show", "the stored schedules, as a file", show)
