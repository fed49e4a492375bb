"""A stored import ↔ its row of `csv_import`: the verdict and a sync's counts as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from core.imports.model import ImportRecord, ImportStatus, ImportVerdict, RowError, SyncSummary
from storage.mapping import from_epoch, to_epoch

IMPORT_COLUMNS = (
    "id, workspace_id, file_name, created_by, created_at, status, rows_total, to_create, "
    "duplicates, verdict, committed_by, committed_at, created, sync"
)


def import_values(record: ImportRecord) -> tuple[Any, ...]:
    return (
        record.id,
        record.workspace_id,
        record.file_name,
        record.created_by,
        to_epoch(record.created_at),
        record.status.value,
        record.rows_total,
        record.to_create,
        record.duplicates,
        json.dumps(_verdict_json(record.verdict)),
        record.committed_by,
        None if record.committed_at is None else to_epoch(record.committed_at),
        record.created,
        sync_json(record.sync),
    )


def import_from_row(row: Sequence[Any]) -> ImportRecord:
    (id_, ws, file_name, created_by, created_at, status, total, to_create, duplicates) = row[:9]
    verdict, committed_by, committed_at, created, sync = row[9:]
    return ImportRecord(
        id=id_,
        workspace_id=ws,
        file_name=file_name,
        created_by=created_by,
        created_at=from_epoch(created_at),
        status=ImportStatus(status),
        rows_total=total,
        to_create=to_create,
        duplicates=duplicates,
        verdict=_verdict_from_json(json.loads(verdict)),
        committed_by=committed_by,
        committed_at=None if committed_at is None else from_epoch(committed_at),
        created=created,
        sync=_sync_from_json(sync),
    )


def sync_json(sync: SyncSummary | None) -> str | None:
    if sync is None:
        return None
    window = [None if w is None else to_epoch(w) for w in (sync.window_start, sync.window_end)]
    counts = [sync.created, sync.changed, sync.removed, sync.superseded, sync.unchanged]
    return json.dumps({"source": sync.source, "window": window, "counts": counts})


def _sync_from_json(text: str | None) -> SyncSummary | None:
    if text is None:
        return None
    data = json.loads(text)
    start, end = (None if w is None else from_epoch(w) for w in data["window"])
    return SyncSummary(data["source"], start, end, *data["counts"])


def _verdict_json(verdict: ImportVerdict) -> dict[str, Any]:
    return {
        "invalid": list(verdict.invalid),
        "errors": [[e.line, e.column, e.message] for e in verdict.errors],
        "unknown_columns": list(verdict.unknown_columns),
    }


def _verdict_from_json(data: dict[str, Any]) -> ImportVerdict:
    return ImportVerdict(
        invalid=tuple(data["invalid"]),
        errors=tuple(RowError(line, column, message) for line, column, message in data["errors"]),
        unknown_columns=tuple(data["unknown_columns"]),
    )
