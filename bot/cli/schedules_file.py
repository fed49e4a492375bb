"""The schedules file as the command line writes it: TOML from `show`, changes as JSON."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.words.jsonshapes import instant
from core.schedules.sections import Change, Changes


def changes_json(changes: Changes) -> dict[str, Any]:
    return {
        "added": [_change_json(c) for c in changes.added],
        "changed": [_change_json(c) for c in changes.changed],
        "removed": [_change_json(c) for c in changes.removed],
    }


def _change_json(change: Change) -> dict[str, Any]:
    shown: dict[str, Any] = {"kind": change.kind, "name": change.name}
    if change.effective_from is not None:
        shown["effective_from"] = instant(change.effective_from)
    return shown


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
