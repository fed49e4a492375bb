"""The JSON of an import's result (docs/imports.md#results), apart from the other shapes so
that only the commands and resources that import load the import modules of core."""

from __future__ import annotations

import json
from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from bot.words.jsonshapes import Json, instant
from bot.words.jsonstream import JsonItems
from core.imports.model import ImportStatus, SyncSummary
from core.imports.view import ImportView, sync_counts
from core.records.model import Unavailability
from core.records.sources import source_name


def import_json(
    outcome: ImportView,
    message: str,
) -> Json:
    """An import's result (docs/imports.md): the import, what it would create (or created), and
    what is wrong."""
    record = outcome.record
    committed = record.status is ImportStatus.COMMITTED
    result: Json = {
        "ok": record.verdict.ok,
        "message": message,
        "import_id": record.id,
        "committed": committed,
        # after a commit: what this call created (0 when it was already saved)
        "created": len(outcome.items) if committed else record.to_create,
        "duplicates": record.skipped,
        "availabilities": JsonItems(lambda: _planned_items(outcome, committed), encoded=True),
    }
    summary = sync_counts(outcome)
    if summary is not None:
        result["sync"] = sync_json(outcome, summary)
    if record.verdict.unknown_columns:
        result["unknown_columns"] = list(record.verdict.unknown_columns)
    if record.verdict.invalid:
        result["invalid"] = list(record.verdict.invalid)
    if record.verdict.errors:
        result["errors"] = [
            {"line": e.line, "column": e.column, "message": e.message}
            for e in record.verdict.errors
        ]
    return result


def sync_json(view: ImportView, summary: SyncSummary) -> Json:
    """docs/imports.md#syncs: the counts, and each change, removal and supersession."""
    plan = view.sync
    shown: Json = {
        "source": summary.source,
        "name": source_name(summary.source),
        "window": {
            "start": None if plan is None or plan.start is None else instant(plan.start),
            "end": None if plan is None or plan.end is None else instant(plan.end),
        },
        "created": summary.created,
        "changed": summary.changed,
        "removed": summary.removed,
        "superseded": summary.superseded,
        "unchanged": summary.unchanged,
    }
    if plan is None:
        return shown
    shown["changes"] = [
        {"line": c.line, "before": _brief(c.before, view), "after": _brief(c.after, view)}
        for c in plan.changed
    ]
    shown["removals"] = [_brief(r, view) for r in plan.removed]
    shown["supersessions"] = [
        {
            "lines": list(s.lines),
            "record": _brief(s.record, view),
            "kept": [_brief(k, view) for k in s.kept],
        }
        for s in plan.superseded
    ]
    return shown


def _brief(record: Unavailability, view: ImportView) -> Json:
    member = view.members.get(record.member_id)
    type_ = view.types.get(record.type_id)
    return {
        "id": record.id,
        "member": None
        if member is None
        else {"id": member.id, "name": member.name, "email": member.email},
        "type": None if type_ is None else type_.name,
        "name": record.name,
        "start": instant(record.start),
        "end": instant(record.end),
        "all_day": record.all_day,
        "source": record.source,
    }


def _planned_items(view: ImportView, committed: bool) -> Iterator[str]:
    """Each row as JSON text, made as it is written (bot.words.jsonstream): members and the
    rest of a row (type, span, name) repeat across rows, so each is encoded once; ids need
    no escapes. The shape: {"id" (once saved), "name", "start", "end", "all_day", "type",
    "member"}."""
    people: dict[str, str] = {}
    types = {t.id: json.dumps(t.name) for t in view.types.values()}
    bodies: dict[tuple[Any, ...], str] = {}
    for item in view.items:
        member = people.get(item.member_id)
        if member is None:
            found = view.members[item.member_id]
            brief = {"id": found.id, "name": found.name, "email": found.email}
            member = people[item.member_id] = json.dumps(brief)
        key = ROW_BODY(item)
        body = bodies.get(key)
        if body is None:
            if len(bodies) == BODIES_KEPT:
                bodies.clear()  # a file of rows all different: keep memory flat
            body = bodies[key] = (
                f'"name": {json.dumps(item.name)}, "start": "{instant(item.start)}", '
                f'"end": "{instant(item.end)}", "all_day": {"true" if item.all_day else "false"}, '
                f'"type": {types[item.type_id]}, "member": '
            )
        yield ('{"id": "' + item.record_id + '", ' if committed else "{") + body + member + "}"


# What of a planned row its JSON body repeats across rows (type, span, name), and how many
# such bodies an encoder keeps (a file of rows all different keeps memory flat); Hotpot's
# answer (bot/api/hotpot_json.py) keys its own bodies the same way.
ROW_BODY = attrgetter("type_id", "start", "end", "all_day", "name")
BODIES_KEPT = 20_000
