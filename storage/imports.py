"""CSV imports on SQL: the ImportRepository port, with planned rows in their own table."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from itertools import pairwise
from typing import Any

import peewee

from core.imports.model import (
    ImportRecord,
    ImportStatus,
    ImportVerdict,
    PlannedRow,
    RowError,
    SyncSummary,
)
from core.records.model import Unavailability
from storage.database import copy_rows, execute_sql, is_postgres
from storage.mapping import RECORD_COLUMNS, from_epoch, record_from_row, to_epoch

_COLUMNS = (
    "id, workspace_id, file_name, created_by, created_at, status, rows_total, to_create, "
    "duplicates, verdict, committed_by, committed_at, created, sync"
)
_ROW_COLUMNS = "import_id, line, record_id, member_id, type_id, start_ts, end_ts, all_day, name"
_PLANNED = "r.line, r.record_id, r.member_id, r.type_id, r.start_ts, r.end_ts, r.all_day, r.name"
_STORED = ", ".join(f"u.{c}" for c in RECORD_COLUMNS)
_CREATED = "JOIN unavailability c ON c.id = r.record_id "  # the rows whose record exists


class SqlImportRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def add(self, record: ImportRecord, rows: Sequence[PlannedRow]) -> None:
        with self._db.atomic():
            execute_sql(
                self._db,
                f"INSERT INTO csv_import ({_COLUMNS}) VALUES ({', '.join(['%s'] * 14)})",
                _import_values(record),
            )
            copy_rows(
                self._db, "csv_import_row", _ROW_COLUMNS.split(", "), _rows_values(record.id, rows)
            )

    def get(self, workspace_id: str, import_id: str) -> ImportRecord | None:
        return self._one(workspace_id, import_id, lock=False)

    def lock(self, workspace_id: str, import_id: str) -> ImportRecord | None:
        return self._one(workspace_id, import_id, lock=is_postgres(self._db))

    def rows(self, workspace_id: str, import_id: str) -> list[PlannedRow]:
        cursor = execute_sql(
            self._db,
            f"SELECT {_PLANNED} FROM csv_import_row r JOIN csv_import i ON i.id = r.import_id "
            "WHERE i.workspace_id = %s AND r.import_id = %s ORDER BY r.line",
            (workspace_id, import_id),
        )
        return [_planned(row) for row in cursor.fetchall()]

    def rows_after(
        self, workspace_id: str, import_id: str, line: int, limit: int, *, created: bool = False
    ) -> list[PlannedRow]:
        """A page by the primary key (import_id, line): each costs its own rows, however far."""
        cursor = execute_sql(
            self._db,
            f"SELECT {_PLANNED} FROM csv_import_row r JOIN csv_import i ON i.id = r.import_id "
            f"{_CREATED if created else ''}"
            "WHERE i.workspace_id = %s AND r.import_id = %s AND r.line > %s "
            "ORDER BY r.line LIMIT %s",
            (workspace_id, import_id, line, limit),
        )
        return [_planned(row) for row in cursor.fetchall()]

    def row_counts(
        self, workspace_id: str, import_id: str, *, created: bool = False
    ) -> tuple[int, int]:
        cursor = execute_sql(
            self._db,
            "SELECT COUNT(*), COUNT(DISTINCT r.member_id) FROM csv_import_row r "
            f"JOIN csv_import i ON i.id = r.import_id {_CREATED if created else ''}"
            "WHERE i.workspace_id = %s AND r.import_id = %s",
            (workspace_id, import_id),
        )
        rows, people = cursor.fetchone()
        return int(rows), int(people)

    def member_ids(self, workspace_id: str, import_id: str) -> list[str]:
        cursor = execute_sql(
            self._db,
            "SELECT DISTINCT r.member_id FROM csv_import_row r JOIN csv_import i "
            "ON i.id = r.import_id WHERE i.workspace_id = %s AND r.import_id = %s "
            "ORDER BY r.member_id",
            (workspace_id, import_id),
        )
        return [member_id for (member_id,) in cursor.fetchall()]

    def collisions(
        self, workspace_id: str, import_id: str
    ) -> list[tuple[PlannedRow, Unavailability]]:
        cursor = execute_sql(
            self._db,
            f"SELECT {_PLANNED}, {_STORED} FROM csv_import_row r JOIN unavailability u "
            "ON u.workspace_id = %s AND u.member_id = r.member_id "
            "AND u.start_ts < r.end_ts AND u.end_ts > r.start_ts "
            "WHERE r.import_id = %s ORDER BY r.line, u.start_ts",
            (workspace_id, import_id),
        )
        return [(_planned(row[:8]), record_from_row(row[8:])) for row in cursor.fetchall()]

    def commit_rows(
        self,
        workspace_id: str,
        import_id: str,
        *,
        source: str,
        created_by: str | None,
        now: datetime,
        skip: Collection[int] = (),
    ) -> int:
        """INSERT … SELECT by ranges of lines around those to skip: the rows never travel
        through Python again, and the statement never reads the table it writes (on
        PostgreSQL a NOT EXISTS on it scanned the rows inserted so far for every row: hours
        for 100,000 when the table was analysed small)."""
        stamp = to_epoch(now)
        created = 0
        for low, high in _ranges(skip):
            cursor = execute_sql(
                self._db,
                f"INSERT INTO unavailability ({', '.join(RECORD_COLUMNS)}) "
                "SELECT r.record_id, %s, r.member_id, r.type_id, r.start_ts, r.end_ts, "
                "r.all_day, %s, %s, %s, %s, r.name, NULL, NULL FROM csv_import_row r "
                "WHERE r.import_id = %s AND r.line > %s"
                + ("" if high is None else " AND r.line < %s"),
                (workspace_id, source, created_by, stamp, stamp, import_id, low)
                + (() if high is None else (high,)),
            )
            created += int(cursor.rowcount)
        return created

    def finish(self, record: ImportRecord) -> None:
        execute_sql(
            self._db,
            "UPDATE csv_import SET status = %s, committed_by = %s, committed_at = %s, "
            "created = %s, sync = %s WHERE workspace_id = %s AND id = %s",
            (
                record.status.value,
                record.committed_by,
                None if record.committed_at is None else to_epoch(record.committed_at),
                record.created,
                _sync_json(record.sync),
                record.workspace_id,
                record.id,
            ),
        )

    def recent(self, workspace_id: str, limit: int) -> list[ImportRecord]:
        cursor = execute_sql(
            self._db,
            f"SELECT {_COLUMNS} FROM csv_import WHERE workspace_id = %s "
            "ORDER BY created_at DESC, id LIMIT %s",
            (workspace_id, limit),
        )
        return [_import_from_row(row) for row in cursor.fetchall()]

    def _one(self, workspace_id: str, import_id: str, *, lock: bool) -> ImportRecord | None:
        cursor = execute_sql(
            self._db,
            f"SELECT {_COLUMNS} FROM csv_import WHERE workspace_id = %s AND id = %s"
            + (" FOR UPDATE" if lock else ""),
            (workspace_id, import_id),
        )
        row = cursor.fetchone()
        return None if row is None else _import_from_row(row)


def _ranges(skip: Collection[int]) -> list[tuple[int, int | None]]:
    """The open intervals of lines between those to skip (None: no end): (0, None) for none."""
    edges = [0, *sorted(skip)]
    ranges: list[tuple[int, int | None]] = [
        (low, high) for low, high in pairwise(edges) if high - low > 1
    ]
    return [*ranges, (edges[-1], None)]


def _import_values(record: ImportRecord) -> tuple[Any, ...]:
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
        _sync_json(record.sync),
    )


def _rows_values(import_id: str, rows: Sequence[PlannedRow]) -> Iterator[tuple[Any, ...]]:
    """The rows as the table holds them, made as they are written. Their instants are mostly
    the same few hundred days (one datetime object each, from the planner's cache): each is
    converted once."""
    epoch = {m: to_epoch(m) for m in {r.start for r in rows} | {r.end for r in rows}}
    return (
        (import_id, r.line, r.record_id, r.member_id, r.type_id,
         epoch[r.start], epoch[r.end], r.all_day, r.name)
        for r in rows
    )  # fmt: skip


def _planned(row: Sequence[Any]) -> PlannedRow:
    line, record_id, member, type_, start, end, all_day, name = row
    return PlannedRow(
        line, record_id, member, type_, from_epoch(start), from_epoch(end), bool(all_day), name
    )


def _import_from_row(row: Sequence[Any]) -> ImportRecord:
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


def _sync_json(sync: SyncSummary | None) -> str | None:
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
