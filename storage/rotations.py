"""Rotations and overrides on Peewee: the RotationRepository and OverrideRepository ports."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from typing import Any

import peewee

from core.errors import DuplicateRotationName, UnstorableOverride
from core.rotations.model import (
    Handoff,
    Override,
    Rotation,
    RotationDefinition,
    RotationVersion,
    ShiftLength,
)
from storage.database import is_postgres
from storage.mapping import Row, fold, from_epoch, to_epoch
from storage.queries import Query, first_row, rows_of
from storage.tables import RotationTables

VERSION_COLUMNS = (
    "rotation_id",
    "effective_from",
    "timezone",
    "shift",
    "handoff",
    "start_date",
    "member_ids",
    "created_at",
)
OVERRIDE_COLUMNS = (
    "id",
    "workspace_id",
    "rotation_id",
    "member_id",
    "start_ts",
    "end_ts",
    "created_by",
    "created_at",
)


class SqlRotationRepository:
    def __init__(self, db: peewee.Database, tables: RotationTables) -> None:
        self._db = db
        self._t = tables
        self._row = tables.rotation
        self._version_columns = [getattr(tables.version, c) for c in VERSION_COLUMNS]

    def _select(self, workspace_id: str) -> Query:
        row = self._row
        return row.select(row.id, row.workspace_id, row.name, row.created_at).where(
            row.workspace_id == workspace_id
        )

    def _with_versions(self, rows: list[Row]) -> list[Rotation]:
        if not rows:
            return []
        version = self._t.version
        query = version.select(*self._version_columns).where(
            version.workspace_id == rows[0][1], version.rotation_id.in_([r[0] for r in rows])
        )
        versions: dict[str, list[RotationVersion]] = defaultdict(list)
        for found in rows_of(query.order_by(version.rotation_id, version.seq)):
            versions[found[0]].append(_version_from_row(found))
        return [
            Rotation(id_, ws, name, tuple(versions[id_]), from_epoch(created))
            for id_, ws, name, created in rows
        ]

    def all(self, workspace_id: str) -> list[Rotation]:
        """Every rotation with all its versions, sorted by name."""
        rows = rows_of(self._select(workspace_id).order_by(self._row.name_key))
        return self._with_versions(rows)

    def by_name(self, workspace_id: str, name: str) -> Rotation | None:
        return self._one(self._select(workspace_id).where(self._row.name_key == fold(name)))

    def get(self, workspace_id: str, rotation_id: str) -> Rotation | None:
        return self._one(self._select(workspace_id).where(self._row.id == rotation_id))

    def _one(self, query: Query) -> Rotation | None:
        found = first_row(query)
        return None if found is None else self._with_versions([found])[0]

    def add(self, rotation: Rotation) -> None:
        values = {"id": rotation.id, "workspace_id": rotation.workspace_id}
        values |= {"name": rotation.name, "name_key": fold(rotation.name)}
        try:
            with self._db.atomic():
                self._row.insert(values | {"created_at": to_epoch(rotation.created_at)}).execute()
                self._insert_versions(rotation)
        except peewee.IntegrityError as exc:
            raise DuplicateRotationName(rotation.name) from exc

    def update(self, rotation: Rotation) -> None:
        """Stores the name and replaces the versions."""
        row, version = self._row, self._t.version
        with self._db.atomic():
            row.update(name=rotation.name, name_key=fold(rotation.name)).where(
                row.workspace_id == rotation.workspace_id, row.id == rotation.id
            ).execute()
            version.delete().where(version.rotation_id == rotation.id).execute()
            self._insert_versions(rotation)

    def _insert_versions(self, rotation: Rotation) -> None:
        rows = [_version_to_row(rotation, seq, v) for seq, v in enumerate(rotation.versions)]
        self._t.version.insert_many(rows).execute()

    def remove(self, workspace_id: str, rotation_id: str) -> None:
        """Removes the rotation, its versions and its overrides."""
        row, version, override = self._row, self._t.version, self._t.override
        with self._db.atomic():
            override.delete().where(
                override.workspace_id == workspace_id, override.rotation_id == rotation_id
            ).execute()
            version.delete().where(
                version.workspace_id == workspace_id, version.rotation_id == rotation_id
            ).execute()
            row.delete().where(row.workspace_id == workspace_id, row.id == rotation_id).execute()

    def lock(self, workspace_id: str) -> None:
        """PostgreSQL: lock the workspace's row until the transaction ends. SQLite: its
        IMMEDIATE transaction already holds the one write lock."""
        if is_postgres(self._db):
            workspace = self._t.workspace
            query = workspace.select(workspace.id).where(workspace.id == workspace_id)
            list(query.for_update().tuples())


class SqlOverrideRepository:
    def __init__(self, db: peewee.Database, tables: RotationTables) -> None:
        self._db = db
        self._row = tables.override
        self._columns = [getattr(self._row, c) for c in OVERRIDE_COLUMNS]

    def get(self, workspace_id: str, override_id: str) -> Override | None:
        query = self._row.select(*self._columns).where(
            self._row.workspace_id == workspace_id, self._row.id == override_id
        )
        found = first_row(query)
        return None if found is None else _override_from_row(found)

    def add(self, override: Override) -> None:
        try:
            with self._db.atomic():
                self._row.insert(_override_to_row(override)).execute()
        except peewee.IntegrityError as exc:
            raise UnstorableOverride(override.id) from exc

    def remove(self, workspace_id: str, override_id: str) -> None:
        """Removing an unknown override does nothing."""
        self._row.delete().where(
            self._row.workspace_id == workspace_id, self._row.id == override_id
        ).execute()

    def in_window(
        self,
        workspace_id: str,
        start: datetime | None,
        end: datetime | None,
        rotation_id: str | None = None,
    ) -> list[Override]:
        """Overrides overlapping [start, end) (either bound optional), sorted by start."""
        row = self._row
        query = row.select(*self._columns).where(row.workspace_id == workspace_id)
        if rotation_id is not None:
            query = query.where(row.rotation_id == rotation_id)
        if end is not None:
            query = query.where(row.start_ts < to_epoch(end))
        if start is not None:
            query = query.where(row.end_ts > to_epoch(start))
        return [_override_from_row(r) for r in rows_of(query.order_by(row.start_ts, row.id))]


def _version_from_row(row: Row) -> RotationVersion:
    _, effective_from, timezone, shift, handoff, start_date, member_ids, created_at = row
    definition = RotationDefinition(
        timezone=timezone,
        shift=ShiftLength.parse(shift),
        handoff=Handoff.parse(handoff),
        start=date.fromisoformat(start_date),
        member_ids=tuple(json.loads(member_ids)),
    )
    effective = None if effective_from is None else from_epoch(effective_from)
    return RotationVersion(effective, definition, from_epoch(created_at))


def _version_to_row(rotation: Rotation, seq: int, version: RotationVersion) -> dict[str, Any]:
    definition = version.definition
    effective = version.effective_from
    return {
        "rotation_id": rotation.id,
        "seq": seq,
        "workspace_id": rotation.workspace_id,
        "effective_from": None if effective is None else to_epoch(effective),
        "timezone": definition.timezone,
        "shift": str(definition.shift),
        "handoff": str(definition.handoff),
        "start_date": definition.start.isoformat(),
        "member_ids": json.dumps(list(definition.member_ids)),
        "created_at": to_epoch(version.created_at),
    }


def _override_from_row(row: Row) -> Override:
    id_, workspace_id, rotation_id, member_id, start, end, created_by, created_at = row
    return Override(
        id=id_,
        workspace_id=workspace_id,
        rotation_id=rotation_id,
        member_id=member_id,
        start=from_epoch(start),
        end=from_epoch(end),
        created_by=created_by,
        created_at=from_epoch(created_at),
    )


def _override_to_row(override: Override) -> dict[str, Any]:
    return {
        "id": override.id,
        "workspace_id": override.workspace_id,
        "rotation_id": override.rotation_id,
        "member_id": override.member_id,
        "start_ts": to_epoch(override.start),
        "end_ts": to_epoch(override.end),
        "created_by": override.created_by,
        "created_at": to_epoch(override.created_at),
    }
