"""The outbox ledger on SQL: the OutboxRepository port, each transition one statement."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import peewee

from core.alerts.outbox import OutboxClaim, OutboxEntry, OutboxState
from storage.database import execute_sql
from storage.mapping import from_epoch, to_epoch

_COLUMNS = (
    "kind, key, workspace_id, state, holder, lease_until, maybe_sent, attempts, retry_at, "
    "channel, ts, created_at, updated_at"
)
_CLAIMED, _SENT, _RELEASED = (s.value for s in OutboxState)


class SqlOutboxRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def claim(
        self,
        kind: str,
        key: str,
        *,
        workspace_id: str,
        holder: str,
        now: datetime,
        lease: timedelta,
    ) -> OutboxClaim | None:
        """An INSERT that does nothing on conflict takes a new key; a conditional UPDATE
        retakes a released one (its retry due) or an expired lease (then maybe sent)."""
        at, until = to_epoch(now), to_epoch(now + lease)
        row = _returned(
            self._db,
            f"INSERT INTO outbox ({_COLUMNS}) "
            "VALUES (%s, %s, %s, %s, %s, %s, FALSE, 1, NULL, NULL, NULL, %s, %s) "
            "ON CONFLICT (kind, key) DO NOTHING RETURNING maybe_sent, attempts, created_at",
            (kind, key, workspace_id, _CLAIMED, holder, until, at, at),
        )
        if row is None:
            row = _returned(
                self._db,
                "UPDATE outbox SET holder = %s, lease_until = %s, attempts = attempts + 1, "
                "maybe_sent = (maybe_sent OR state = %s), state = %s, updated_at = %s "
                "WHERE kind = %s AND key = %s AND ((state = %s AND lease_until <= %s) "
                "OR (state = %s AND (retry_at IS NULL OR retry_at <= %s))) "
                "RETURNING maybe_sent, attempts, created_at",
                (holder, until, _CLAIMED, _CLAIMED, at, kind, key, _CLAIMED, at, _RELEASED, at),
            )
        if row is None:
            return None
        maybe_sent, attempts, created_at = row
        return OutboxClaim(
            kind, key, holder, from_epoch(until), bool(maybe_sent), attempts, from_epoch(created_at)
        )

    def renew(self, kind: str, key: str, *, holder: str, now: datetime, lease: timedelta) -> bool:
        return self._mine(
            "lease_until = %s, updated_at = %s",
            (to_epoch(now + lease), to_epoch(now)),
            kind,
            key,
            holder,
        )

    def sent(
        self, kind: str, key: str, *, holder: str, channel: str, ts: str, now: datetime
    ) -> bool:
        return self._mine(
            "state = %s, channel = %s, ts = %s, updated_at = %s",
            (_SENT, channel, ts, to_epoch(now)),
            kind,
            key,
            holder,
        )

    def release(
        self,
        kind: str,
        key: str,
        *,
        holder: str,
        now: datetime,
        maybe_sent: bool = False,
        retry_at: datetime | None = None,
    ) -> bool:
        return self._mine(
            "state = %s, retry_at = %s, maybe_sent = (maybe_sent OR %s), updated_at = %s",
            (_RELEASED, to_epoch(retry_at or now), maybe_sent, to_epoch(now)),
            kind,
            key,
            holder,
        )

    def _mine(
        self, assignments: str, values: tuple[Any, ...], kind: str, key: str, holder: str
    ) -> bool:
        """Change the row only while `holder` holds its claim."""
        cursor = execute_sql(
            self._db,
            f"UPDATE outbox SET {assignments} "
            "WHERE kind = %s AND key = %s AND holder = %s AND state = %s",
            (*values, kind, key, holder, _CLAIMED),
        )
        return bool(cursor.rowcount)

    def get(self, kind: str, key: str) -> OutboxEntry | None:
        row = execute_sql(
            self._db, f"SELECT {_COLUMNS} FROM outbox WHERE kind = %s AND key = %s", (kind, key)
        ).fetchone()
        return None if row is None else _entry(row)

    def forget(self, before: datetime) -> int:
        cursor = execute_sql(
            self._db,
            "DELETE FROM outbox WHERE state IN (%s, %s) AND updated_at < %s",
            (_SENT, _RELEASED, to_epoch(before)),
        )
        return int(cursor.rowcount or 0)


def _returned(db: peewee.Database, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The row a statement's RETURNING gives, if any. Read to the end: SQLite finishes such
    a statement (and lets go of its write lock) only then."""
    rows = execute_sql(db, sql, params).fetchall()
    return tuple(rows[0]) if rows else None


def _entry(row: tuple[Any, ...]) -> OutboxEntry:
    kind, key, ws, state, holder, lease_until, maybe_sent, attempts, retry_at = row[:9]
    channel, ts, created_at, updated_at = row[9:]
    return OutboxEntry(
        kind=kind,
        key=key,
        workspace_id=ws,
        state=OutboxState(state),
        holder=holder,
        lease_until=from_epoch(lease_until),
        maybe_sent=bool(maybe_sent),
        attempts=attempts,
        retry_at=None if retry_at is None else from_epoch(retry_at),
        channel=channel,
        ts=ts,
        created_at=from_epoch(created_at),
        updated_at=from_epoch(updated_at),
    )
