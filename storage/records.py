"""Unavailability records on Peewee: the UnavailabilityRepository port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import peewee

from core.errors import UnstorableRecord
from core.model import Page
from core.ports import RecordSort
from core.records.model import Unavailability
from core.records.sources import is_synced
from storage.database import execute_many
from storage.mapping import RECORD_COLUMNS, record_from_row, record_to_row, to_epoch
from storage.queries import Query, chunked, fetch_page, first_row, rows_of
from storage.tables import Tables

SYNCED_SOURCE = "substr(source, 1, 5) IN ('sync:', 'feed:')"  # core.records.sources.is_synced


class SqlUnavailabilityRepository:
    def __init__(self, db: peewee.Database, tables: Tables) -> None:
        self._db = db
        self._row = tables.unavailability
        self._columns = [getattr(self._row, c) for c in RECORD_COLUMNS]

    def _select(self, workspace_id: str) -> Query:
        return self._row.select(*self._columns).where(self._row.workspace_id == workspace_id)

    def _overlapping(self, query: Query, start: datetime | None, end: datetime | None) -> Query:
        """Narrow to records with record.start < end and record.end > start."""
        if end is not None:
            query = query.where(self._row.start_ts < to_epoch(end))
        if start is not None:
            query = query.where(self._row.end_ts > to_epoch(start))
        return query

    def get(self, workspace_id: str, record_id: str) -> Unavailability | None:
        found = first_row(self._select(workspace_id).where(self._row.id == record_id))
        return None if found is None else record_from_row(found)

    def overlapping(
        self,
        workspace_id: str,
        member_id: str,
        start: datetime,
        end: datetime,
        exclude_id: str | None = None,
    ) -> list[Unavailability]:
        """Records of the member with record.start < end and record.end > start, by start."""
        query = self._select(workspace_id).where(self._row.member_id == member_id)
        query = self._overlapping(query, start, end)
        if exclude_id is not None:
            query = query.where(self._row.id != exclude_id)
        rows = rows_of(query.order_by(self._row.start_ts, self._row.id))
        return [record_from_row(row) for row in rows]

    def add(self, record: Unavailability) -> None:
        try:
            with self._db.atomic():
                self._row.insert(record_to_row(record)).execute()
        except peewee.IntegrityError as exc:
            raise UnstorableRecord(record.id) from exc

    def add_many(self, records: Sequence[Unavailability]) -> None:
        """Bulk insert in one statement per page; the caller checked every rule."""
        columns = ", ".join(RECORD_COLUMNS)
        rows = [_ordered(record_to_row(r)) for r in records]
        try:
            with self._db.atomic():
                execute_many(self._db, f"INSERT INTO unavailability ({columns}) VALUES %s", rows)
        except peewee.IntegrityError as exc:
            raise UnstorableRecord(None) from exc

    def update(self, record: Unavailability) -> None:
        values = record_to_row(record)
        del values["id"], values["workspace_id"]
        query = self._row.update(values).where(
            self._row.workspace_id == record.workspace_id, self._row.id == record.id
        )
        try:
            with self._db.atomic():
                query.execute()
        except peewee.IntegrityError as exc:
            raise UnstorableRecord(record.id) from exc

    def remove(self, workspace_id: str, record_id: str) -> None:
        """Removing an unknown record does nothing."""
        self._row.delete().where(
            self._row.workspace_id == workspace_id, self._row.id == record_id
        ).execute()

    def paged(
        self,
        workspace_id: str,
        *,
        member_id: str | None,
        start: datetime | None,
        end: datetime | None,
        sort: RecordSort,
        page: int,
        page_size: int,
    ) -> Page[Unavailability]:
        """Records overlapping [start, end) (either bound optional), sorted then paged."""
        query = self._overlapping(self._select(workspace_id), start, end)
        if member_id is not None:
            query = query.where(self._row.member_id == member_id)
        order = (self._row.id,) if sort == "id" else (self._row.start_ts, self._row.id)
        return fetch_page(
            query, order, record_from_row, page=page, page_size=page_size, sorted_by=(sort,)
        )

    def in_window(
        self,
        workspace_id: str,
        start: datetime,
        end: datetime,
        member_ids: Sequence[str] | None = None,
    ) -> list[Unavailability]:
        """Every record overlapping [start, end), sorted by (member_id, start)."""
        query = self._overlapping(self._select(workspace_id), start, end)
        if member_ids is None:
            queries = [query]
        else:
            ids = sorted(set(member_ids))
            queries = [query.where(self._row.member_id.in_(chunk)) for chunk in chunked(ids)]
        order = (self._row.member_id, self._row.start_ts, self._row.id)
        rows = [row for q in queries for row in rows_of(q.order_by(*order))]
        return [record_from_row(row) for row in rows]

    def changed_since(self, workspace_id: str, since: datetime) -> list[Unavailability]:
        """Records added or changed at or after `since` (index unavailability_updated), by id."""
        query = self._select(workspace_id).where(self._row.updated_at >= to_epoch(since))
        return [record_from_row(row) for row in rows_of(query.order_by(self._row.id))]

    def of_types(
        self, workspace_id: str, type_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[Unavailability]:
        """Every record of one of the types overlapping [start, end), by (member_id, start)."""
        if not type_ids:
            return []
        query = self._overlapping(self._select(workspace_id), start, end)
        query = query.where(self._row.type_id.in_(sorted(set(type_ids))))
        rows = rows_of(query.order_by(self._row.member_id, self._row.start_ts, self._row.id))
        return [record_from_row(row) for row in rows]

    def of_source(
        self, workspace_id: str, source: str, start: datetime, end: datetime | None
    ) -> list[Unavailability]:
        """The records of one synced source overlapping [start, end) (`end` None: open), by
        id. Only synced records are indexed by source: the partial index's WHERE, repeated
        word for word, is what lets SQLite and PostgreSQL use it (migration
        slim_record_indexes)."""
        if not is_synced(source):
            raise ValueError(f"only synced sources are looked up by source, not {source!r}")
        query = self._overlapping(self._select(workspace_id), start, end)
        query = query.where(self._row.source == source, peewee.SQL(SYNCED_SOURCE))
        return [record_from_row(row) for row in rows_of(query.order_by(self._row.id))]


def _ordered(row: dict[str, object]) -> tuple[object, ...]:
    return tuple(row[column] for column in RECORD_COLUMNS)
