"""The catalogue of unavailability types on Peewee: the TypeRepository port."""

from __future__ import annotations

import peewee

from core.errors import DuplicateId, DuplicateTypeName
from core.model import Page
from core.records.model import UnavailabilityType
from storage.mapping import TYPE_COLUMNS, fold, type_from_row, type_to_row
from storage.queries import HotQueries, Query, fetch_page
from storage.tables import Tables


class SqlTypeRepository:
    def __init__(self, db: peewee.Database, tables: Tables) -> None:
        self._db = db
        self._row = tables.type_
        self._columns = [getattr(self._row, c) for c in TYPE_COLUMNS]
        self._hot = HotQueries(db, "unavailability_type", TYPE_COLUMNS)

    def _select(self, workspace_id: str) -> Query:
        return self._row.select(*self._columns).where(self._row.workspace_id == workspace_id)

    def _by(self, workspace_id: str, key: str, value: str) -> UnavailabilityType | None:
        found = self._hot.one(workspace_id, key, value)
        return None if found is None else type_from_row(found)

    def get(self, workspace_id: str, type_id: str) -> UnavailabilityType | None:
        return self._by(workspace_id, "id", type_id)

    def by_name(self, workspace_id: str, name: str) -> UnavailabilityType | None:
        """Case-insensitive."""
        return self._by(workspace_id, "name_key", fold(name))

    def all(self, workspace_id: str) -> list[UnavailabilityType]:
        return [type_from_row(row) for row in self._hot.all(workspace_id, "name_key, id")]

    def add(self, type_: UnavailabilityType) -> None:
        """Raises DuplicateTypeName when the name (any case) is taken."""
        try:
            with self._db.atomic():
                self._row.insert(type_to_row(type_)).execute()
        except peewee.IntegrityError as exc:
            raise self._conflict(type_, exc) from exc

    def update(self, type_: UnavailabilityType) -> None:
        """Raises DuplicateTypeName when a rename collides."""
        values = type_to_row(type_)
        del values["id"], values["workspace_id"]
        query = self._row.update(values).where(
            self._row.workspace_id == type_.workspace_id, self._row.id == type_.id
        )
        try:
            with self._db.atomic():
                query.execute()
        except peewee.IntegrityError as exc:
            raise self._conflict(type_, exc) from exc

    def paged(
        self,
        workspace_id: str,
        *,
        archived: bool,
        name_contains: str | None,
        page: int,
        page_size: int,
    ) -> Page[UnavailabilityType]:
        """Sorted by name (case ignored); only archived types when `archived`, else active."""
        query = self._select(workspace_id).where(self._row.archived == archived)
        if name_contains:
            pattern = "%" + _escape_like(fold(name_contains)) + "%"
            like = (self._row.name_key, peewee.SQL("LIKE"), pattern, peewee.SQL("ESCAPE '!'"))
            query = query.where(peewee.NodeList(like))
        return fetch_page(
            query,
            (self._row.name_key, self._row.id),
            type_from_row,
            page=page,
            page_size=page_size,
            sorted_by=("name",),
        )

    def _conflict(self, type_: UnavailabilityType, exc: peewee.IntegrityError) -> Exception:
        other = self.by_name(type_.workspace_id, type_.name)
        if other is not None and other.id != type_.id:
            return DuplicateTypeName(type_.name)
        if self._row.select(self._row.id).where(self._row.id == type_.id).exists():
            return DuplicateId("type", type_.id)
        return exc


def _escape_like(text: str) -> str:
    """`text` matched literally by LIKE ... ESCAPE '!'."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
