"""Hotpot's JSON for a CSV upload (docs/api.md#hotpot): the only place its field names live."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from bot.api.errors import error_body
from bot.words.importjson import BODIES_KEPT, ROW_BODY, sync_json
from bot.words.jsonstream import JsonItems
from core.imports.model import ImportStatus
from core.imports.results import Imported, UnmatchedRow
from core.imports.view import ImportView, sync_counts

Json = dict[str, Any]

PREVIEWING = "previewing availability records, send with a commit=save parameter to make them real"
CREATED = "created availability records"
BAD_HEADERS = "Must provide a CSV with acceptable headers, check our docs!"
UNMATCHED = "Upload contains unmatched users, remove from the CSV or update email addresses"


@lru_cache(maxsize=65536)
def hotpot_instant(moment: datetime) -> str:
    """UTC with milliseconds and `Z`: `2024-11-08T00:00:00.000Z`."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def upload_json(result: Imported, summary: str) -> tuple[int, Json]:
    """The status and body of an upload; `summary` is availbot's own sentence about it."""
    view = result.view
    verdict = view.record.verdict
    if verdict.header_missing:
        return 400, _refusal("MissingColumns", BAD_HEADERS, verdict.errors[0].message, view)
    if verdict.invalid:
        unmatched = [_unmatched_json(row) for row in result.unmatched]
        return 400, _refusal("UnmatchedEmails", UNMATCHED, summary, view, unmatched)
    if verdict.errors:
        return 400, _refusal("InvalidRows", summary, summary, view)
    committed = view.record.status is ImportStatus.COMMITTED
    shown = JsonItems(lambda: _items(view, committed), encoded=True)
    return 200, {
        "ok": True,
        "message": CREATED if committed else PREVIEWING,
        # a sync's answer is kept whole for Idempotency-Key (bot/api/hotpot.py): a list
        "availabilities": (
            [json.loads(item) for item in shown.items()] if view.sync is not None else shown
        ),
        **_counts(view, summary),
    }


def unreadable_json(code: str, detail: str) -> Json:
    """A file that is no CSV at all (empty, binary, no header): Hotpot's one message for a
    file it cannot use, availbot's reason in `error`."""
    return _with_message(error_body(code, detail), BAD_HEADERS)


def _refusal(
    code: str, message: str, detail: str, view: ImportView, unmatched: list[Json] | None = None
) -> Json:
    verdict = view.record.verdict
    body = error_body(code, detail)
    if unmatched is not None:
        body["availabilities"] = unmatched
    if verdict.invalid:
        body["invalid"] = list(verdict.invalid)
    if verdict.errors:
        body["errors"] = [
            {"line": e.line, "column": e.column, "message": e.message} for e in verdict.errors
        ]
    return _with_message(body, message)


def _with_message(body: Json, message: str) -> Json:
    body["message"] = message
    return body


def _counts(view: ImportView, summary: str) -> Json:
    """availbot's own fields beside Hotpot's (docs/imports.md#results)."""
    record = view.record
    committed = record.status is ImportStatus.COMMITTED
    counts: Json = {
        "summary": summary,
        "import_id": record.id,
        "committed": committed,
        "created": len(view.items) if committed else record.to_create,
        "duplicates": record.skipped,
    }
    sync = sync_counts(view)
    if sync is not None:
        counts["sync"] = sync_json(view, sync)
    if record.verdict.unknown_columns:
        counts["unknown_columns"] = list(record.verdict.unknown_columns)
    return counts


def _items(view: ImportView, committed: bool) -> Iterator[str]:
    """Each row as JSON text, made as it is written (bot.words.jsonstream): members and the
    rest of a row (type, span, name) repeat across 100,000 rows, so each is encoded once
    (keyed by importjson.ROW_BODY); ids and instants need no escapes. A preview's row:
    the span's fields, then `organization_user` {id, username, email}; a saved one: `id`,
    `organization_user_id`, the span's fields, `created_at`, `updated_at`, then
    `organization_user` {id, name, email}."""
    types = {t.id: (json.dumps(t.kind.value), json.dumps(t.name)) for t in view.types.values()}
    people: dict[str, tuple[str, str]] = {}
    bodies: dict[tuple[Any, ...], str] = {}
    stamp = hotpot_instant(view.record.committed_at or view.record.created_at)
    stamps = f'"created_at": "{stamp}", "updated_at": "{stamp}", ' if committed else ""
    for item in view.items:
        member = people.get(item.member_id) or _person(view, item.member_id, committed, people)
        key = ROW_BODY(item)
        body = bodies.get(key)
        if body is None:
            if len(bodies) == BODIES_KEPT:
                bodies.clear()  # a file of rows all different: keep memory flat
            kind, type_ = types[item.type_id]
            body = bodies[key] = (
                f'"availability_type": {kind}, "name": {json.dumps(item.name)}, '
                f'"time_range_start": "{hotpot_instant(item.start)}", '
                f'"time_range_end": "{hotpot_instant(item.end)}", '
                f'"all_day": {"true" if item.all_day else "false"}, "type": {type_}, '
                + stamps
                + '"organization_user": '
            )
        if committed:
            body = f'"id": "{item.record_id}", "organization_user_id": {member[0]}, {body}'
        yield "{" + body + member[1] + "}"


def _person(
    view: ImportView, member_id: str, committed: bool, people: dict[str, tuple[str, str]]
) -> tuple[str, str]:
    """A member's id and `organization_user` as JSON text: `name` once saved, `username`
    in a preview (as Hotpot answers each)."""
    found = view.members[member_id]
    who = "name" if committed else "username"
    user = {"id": found.id, who: found.name, "email": found.email}
    people[member_id] = (json.dumps(found.id), json.dumps(user))
    return people[member_id]


def _unmatched_json(row: UnmatchedRow) -> Json:
    return {
        "name": row.name,
        "email": row.email,
        "start_time": None if row.start is None else hotpot_instant(row.start),
        "end_time": None if row.end is None else hotpot_instant(row.end),
        "id": None,
        "username": None,
        "line": row.line,
    }
