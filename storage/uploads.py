"""Upload and event claims on SQL: the UploadRepository port (one INSERT decides each)."""

from __future__ import annotations

from datetime import datetime

import peewee

from storage.database import execute_sql
from storage.mapping import to_epoch


class SqlUploadRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def claim_file(self, workspace_id: str, file_id: str, *, now: datetime) -> bool:
        cursor = execute_sql(
            self._db,
            "INSERT INTO upload_claim (workspace_id, file_id, claimed_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (workspace_id, file_id) DO NOTHING",
            (workspace_id, file_id, to_epoch(now)),
        )
        return bool(cursor.rowcount)

    def claim_event(self, workspace_id: str, event_id: str, *, now: datetime) -> bool:
        cursor = execute_sql(
            self._db,
            "INSERT INTO event_receipt (workspace_id, event_id, received_at) "
            "VALUES (%s, %s, %s) ON CONFLICT (workspace_id, event_id) DO NOTHING",
            (workspace_id, event_id, to_epoch(now)),
        )
        return bool(cursor.rowcount)

    def forget_events(self, before: datetime) -> int:
        cursor = execute_sql(
            self._db, "DELETE FROM event_receipt WHERE received_at < %s", (to_epoch(before),)
        )
        return int(cursor.rowcount or 0)

    def release_file(self, workspace_id: str, file_id: str) -> None:
        execute_sql(
            self._db,
            "DELETE FROM upload_claim WHERE workspace_id = %s AND file_id = %s",
            (workspace_id, file_id),
        )

    def release_event(self, workspace_id: str, event_id: str) -> None:
        execute_sql(
            self._db,
            "DELETE FROM event_receipt WHERE workspace_id = %s AND event_id = %s",
            (workspace_id, event_id),
        )
