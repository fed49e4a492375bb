"""CSV imports on SQL: the ImportRepository port, with planned rows stored as pages."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from operator import attrgetter

import peewee

from core.imports.model import ImportRecord, PlannedRow
from core.records.model import Unavailability
from storage.database import copy_rows, execute_sql, is_postgres
from storage.import_inserts import insert_records
from storage.import_mapping import IMPORT_COLUMNS, import_from_row, import_values, sync_json
from storage.import_overlaps import StoredOverlaps
from storage.import_pages import PAGE_COLUMNS, PAGE_ROWS, Columns, Page, page_values, row_columns
from storage.mapping import RECORD_COLUMNS, record_from_row, to_epoch

_PAGES = (
    "FROM csv_import_page p JOIN csv_import i ON i.id = p.import_id "
    "WHERE i.workspace_id = %s AND p.import_id = %s"
)


class SqlImportRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def add(self, record: ImportRecord, rows: Sequence[PlannedRow]) -> None:
        lines = [r.line for r in rows]
        if lines != sorted(lines):
            rows = sorted(rows, key=lambda r: r.line)  # a page holds a range of lines
        with self._db.atomic():
            execute_sql(
                self._db,
                f"INSERT INTO csv_import ({IMPORT_COLUMNS}) VALUES ({', '.join(['%s'] * 14)})",
                import_values(record),
            )
            copy_rows(self._db, "csv_import_page", PAGE_COLUMNS, page_values(record.id, rows))

    def get(self, workspace_id: str, import_id: str) -> ImportRecord | None:
        return self._one(workspace_id, import_id, lock=False)

    def lock(self, workspace_id: str, import_id: str) -> ImportRecord | None:
        return self._one(workspace_id, import_id, lock=is_postgres(self._db))

    def rows(self, workspace_id: str, import_id: str) -> list[PlannedRow]:
        return [row for page in self._pages(workspace_id, import_id) for row in page.rows()]

    def rows_after(
        self, workspace_id: str, import_id: str, line: int, limit: int, *, created: bool = False
    ) -> list[PlannedRow]:
        """Read from the pages holding the lines after `line`, one page at a time."""
        found: list[PlannedRow] = []
        while len(found) < limit:
            page = self._page_after(workspace_id, import_id, line)
            if page is None:
                break
            rows = [row for row in page.rows() if row.line > line]
            found += self._existing(rows) if created else rows
            line = page.lines[-1]
        return found[:limit]

    def row_counts(
        self, workspace_id: str, import_id: str, *, created: bool = False
    ) -> tuple[int, int]:
        if created:  # a page at a time
            count, members = 0, set[str]()
            for page in self._pages(workspace_id, import_id):
                existing = self._existing(page.rows())
                count += len(existing)
                members.update(r.member_id for r in existing)
            return count, len(members)
        cursor = execute_sql(
            self._db, f"SELECT p.rows_count, p.members {_PAGES}", (workspace_id, import_id)
        )
        pages = cursor.fetchall()
        members = set().union(*(json.loads(names) for _, names in pages))
        return sum(count for count, _ in pages), len(members)

    def member_ids(self, workspace_id: str, import_id: str) -> list[str]:
        cursor = execute_sql(self._db, f"SELECT p.members {_PAGES}", (workspace_id, import_id))
        return sorted(set().union(*(json.loads(names) for (names,) in cursor.fetchall())))

    def collisions(
        self, workspace_id: str, import_id: str, rows: Sequence[PlannedRow] | None = None
    ) -> list[tuple[PlannedRow, Unavailability]]:
        """The stored records of the import's members in its window, read with one query,
        paired with the rows in Python (`rows`, else only the pages naming a member that
        has records there are decoded)."""
        if rows is not None:
            if not rows:
                return []
            members = set(map(attrgetter("member_id"), rows))
            low = to_epoch(min(set(map(attrgetter("start"), rows))))  # a few hundred days
            high = to_epoch(max(set(map(attrgetter("end"), rows))))
            among = self._among("member_id", members)
            stored = StoredOverlaps(self._stored(workspace_id, among, low, high))
            return stored.pairs(rows) if stored else []
        cursor = execute_sql(
            self._db, f"SELECT MIN(p.start_ts), MAX(p.end_ts) {_PAGES}", (workspace_id, import_id)
        )
        low, high = cursor.fetchone()
        if low is None:
            return []
        stored = StoredOverlaps(self._stored(workspace_id, self._named(import_id), low, high))
        if not stored:
            return []
        pages = self._pages(workspace_id, import_id)
        return stored.pairs(
            row for page in pages if any(map(stored.names, page.members)) for row in page.rows()
        )

    def commit_rows(
        self,
        workspace_id: str,
        import_id: str,
        *,
        source: str,
        created_by: str | None,
        now: datetime,
        skip: Collection[int] = (),
        rows: Sequence[PlannedRow] | None = None,
    ) -> int:
        """The records made as they are sent (storage/import_inserts.py): from `rows` when
        the caller holds them, else a page decoded at a time."""
        fixed = (workspace_id, source, created_by, to_epoch(now))
        if rows is not None:
            batches: Iterable[Columns] = [row_columns(rows)]
        else:
            batches = (page.columns() for page in self._pages(workspace_id, import_id))
        return insert_records(self._db, batches, fixed, set(skip))

    def _pages(self, workspace_id: str, import_id: str) -> Iterator[Page]:
        """The import's pages in line order, each decoded when reached. Their text is read
        at once: PostgreSQL takes no query on a connection while a COPY is being sent."""
        cursor = execute_sql(
            self._db,
            f"SELECT p.members, p.data {_PAGES} ORDER BY p.page",
            (workspace_id, import_id),
        )
        return (Page.read(members, data) for members, data in cursor.fetchall())

    def _page_after(self, workspace_id: str, import_id: str, line: int) -> Page | None:
        cursor = execute_sql(
            self._db,
            f"SELECT p.members, p.data {_PAGES} AND p.last_line > %s ORDER BY p.page LIMIT 1",
            (workspace_id, import_id, line),
        )
        found = cursor.fetchone()
        return None if found is None else Page.read(*found)

    def _existing(self, rows: list[PlannedRow]) -> list[PlannedRow]:
        """The rows whose record exists, asked a page's worth of ids at a time."""
        existing: set[str] = set()
        for at in range(0, len(rows), PAGE_ROWS):
            ids = [r.record_id for r in rows[at : at + PAGE_ROWS]]
            sql, param = self._among("id", ids)
            cursor = execute_sql(self._db, f"SELECT id FROM unavailability WHERE {sql}", (param,))
            existing.update(found for (found,) in cursor.fetchall())
        return [r for r in rows if r.record_id in existing]

    def _stored(
        self, workspace_id: str, members: tuple[str, object], low: int, high: int
    ) -> list[Unavailability]:
        """The records overlapping [low, high) in epoch seconds of the members `members`
        selects (SQL and its parameter)."""
        sql, param = members
        cursor = execute_sql(
            self._db,
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM unavailability WHERE workspace_id = %s "
            f"AND start_ts < %s AND end_ts > %s AND {sql}",
            (workspace_id, high, low, param),
        )
        return [record_from_row(row) for row in cursor.fetchall()]

    def _named(self, import_id: str) -> tuple[str, object]:
        """The members the import's pages name, as SQL: their JSON lists read in C."""
        if is_postgres(self._db):
            members = "SELECT jsonb_array_elements_text(p.members::jsonb) FROM csv_import_page p"
        else:
            members = "SELECT j.value FROM csv_import_page p, json_each(p.members) j"
        return f"member_id IN ({members} WHERE p.import_id = %s)", import_id

    def _among(self, column: str, values: Collection[str]) -> tuple[str, object]:
        """`column` is one of `values`, passed as one parameter however many they are."""
        if is_postgres(self._db):
            return f"{column} = ANY(%s)", list(values)
        return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(list(values))

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
                sync_json(record.sync),
                record.workspace_id,
                record.id,
            ),
        )

    def recent(self, workspace_id: str, limit: int) -> list[ImportRecord]:
        cursor = execute_sql(
            self._db,
            f"SELECT {IMPORT_COLUMNS} FROM csv_import WHERE workspace_id = %s "
            "ORDER BY created_at DESC, id LIMIT %s",
            (workspace_id, limit),
        )
        return [import_from_row(row) for row in cursor.fetchall()]

    def _one(self, workspace_id: str, import_id: str, *, lock: bool) -> ImportRecord | None:
        cursor = execute_sql(
            self._db,
            f"SELECT {IMPORT_COLUMNS} FROM csv_import WHERE workspace_id = %s AND id = %s"
            + (" FOR UPDATE" if lock else ""),
            (workspace_id, import_id),
        )
        row = cursor.fetchone()
        return None if row is None else import_from_row(row)
