"""API keys and remembered answers on SQL: the ApiKeyRepository and IdempotencyRepository ports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import peewee

from core.access.model import ApiKey, Scope, StoredResponse
from core.errors import DuplicateKeyName
from storage.database import execute_sql
from storage.mapping import fold, from_epoch, to_epoch

_KEY = (
    "id, workspace_id, name, prefix, secret_hash, scope, member_id, created_at, last_used_at, "
    "revoked_at"
)
_REQUEST = "key_id, idempotency_key, fingerprint, status, body, created_at"


class SqlApiKeyRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def add(self, key: ApiKey) -> None:
        try:
            with self._db.atomic():
                execute_sql(
                    self._db,
                    f"INSERT INTO api_key ({_KEY}, name_key) VALUES ({', '.join(['%s'] * 11)})",
                    (*_values(key), fold(key.name)),
                )
        except peewee.IntegrityError:
            if self.by_name(key.workspace_id, key.name) is not None:
                raise DuplicateKeyName(key.name) from None
            raise  # a taken id or prefix, or a member that is gone: a bug, not a refusal

    def by_prefix(self, prefix: str) -> ApiKey | None:
        found = self._select("WHERE prefix = %s AND revoked_at IS NULL", (prefix,))
        return found[0] if found else None

    def by_name(self, workspace_id: str, name: str) -> ApiKey | None:
        found = self._select(
            "WHERE workspace_id = %s AND name_key = %s AND revoked_at IS NULL",
            (workspace_id, fold(name.strip())),
        )
        return found[0] if found else None

    def all(self, workspace_id: str) -> list[ApiKey]:
        return self._select(
            "WHERE workspace_id = %s AND revoked_at IS NULL ORDER BY name_key", (workspace_id,)
        )

    def revoke(self, workspace_id: str, key_id: str, now: datetime) -> None:
        execute_sql(
            self._db,
            "UPDATE api_key SET revoked_at = %s "
            "WHERE workspace_id = %s AND id = %s AND revoked_at IS NULL",
            (to_epoch(now), workspace_id, key_id),
        )

    def touch(self, key_id: str, now: datetime) -> None:
        # never backwards: requests answered out of order leave the latest use
        at = to_epoch(now)
        execute_sql(
            self._db,
            "UPDATE api_key SET last_used_at = %s "
            "WHERE id = %s AND (last_used_at IS NULL OR last_used_at < %s)",
            (at, key_id, at),
        )

    def _select(self, where: str, params: tuple[Any, ...]) -> list[ApiKey]:
        cursor = execute_sql(self._db, f"SELECT {_KEY} FROM api_key {where}", params)
        return [_key(row) for row in cursor.fetchall()]


class SqlIdempotencyRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def begin(
        self, key_id: str, idempotency_key: str, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        """On PostgreSQL the INSERT waits for a transaction holding the same key to end: it
        then does nothing (the other committed: its row is read) or inserts (it rolled back).
        On SQLite the transaction's write lock already serialises the two."""
        taken = execute_sql(
            self._db,
            f"INSERT INTO api_request ({_REQUEST}) VALUES (%s, %s, %s, NULL, NULL, %s) "
            "ON CONFLICT (key_id, idempotency_key) DO NOTHING",
            (key_id, idempotency_key, fingerprint, to_epoch(now)),
        )
        if taken.rowcount:
            return None
        cursor = execute_sql(
            self._db,
            f"SELECT {_REQUEST} FROM api_request WHERE key_id = %s AND idempotency_key = %s",
            (key_id, idempotency_key),
        )
        found = cursor.fetchone()
        if found is None:  # forgotten between the two statements: the key is free again
            return self.begin(key_id, idempotency_key, fingerprint, now)
        return _stored(found)

    def finish(self, key_id: str, idempotency_key: str, status: int, body: str) -> None:
        execute_sql(
            self._db,
            "UPDATE api_request SET status = %s, body = %s "
            "WHERE key_id = %s AND idempotency_key = %s",
            (status, body, key_id, idempotency_key),
        )

    def forget(self, before: datetime) -> int:
        cursor = execute_sql(
            self._db, "DELETE FROM api_request WHERE created_at < %s", (to_epoch(before),)
        )
        return int(cursor.rowcount or 0)

    def retake(
        self, key_id: str, idempotency_key: str, now: datetime, stale_before: datetime
    ) -> bool:
        cursor = execute_sql(
            self._db,
            "UPDATE api_request SET created_at = %s WHERE key_id = %s AND idempotency_key = %s "
            "AND status IS NULL AND created_at < %s",
            (to_epoch(now), key_id, idempotency_key, to_epoch(stale_before)),
        )
        return bool(cursor.rowcount)

    def release(self, key_id: str, idempotency_key: str) -> None:
        execute_sql(
            self._db,
            "DELETE FROM api_request WHERE key_id = %s AND idempotency_key = %s AND status IS NULL",
            (key_id, idempotency_key),
        )


def _epoch(value: datetime | None) -> int | None:
    return None if value is None else to_epoch(value)


def _moment(value: int | None) -> datetime | None:
    return None if value is None else from_epoch(value)


def _values(key: ApiKey) -> tuple[Any, ...]:
    return (
        key.id,
        key.workspace_id,
        key.name,
        key.prefix,
        key.secret_hash,
        key.scope.value,
        key.member_id,
        to_epoch(key.created_at),
        _epoch(key.last_used_at),
        _epoch(key.revoked_at),
    )


def _key(row: tuple[Any, ...]) -> ApiKey:
    id_, workspace_id, name, prefix, secret_hash, scope, member_id = row[:7]
    created_at, last_used_at, revoked_at = row[7:]
    return ApiKey(
        id=id_,
        workspace_id=workspace_id,
        name=name,
        prefix=prefix,
        secret_hash=secret_hash,
        scope=Scope(scope),
        member_id=member_id,
        created_at=from_epoch(created_at),
        last_used_at=_moment(last_used_at),
        revoked_at=_moment(revoked_at),
    )


def _stored(row: tuple[Any, ...]) -> StoredResponse:
    key_id, idempotency_key, fingerprint, status, body, created_at = row
    return StoredResponse(
        key_id=key_id,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
        status=None if status is None else int(status),
        body=body,
        created_at=from_epoch(created_at),
    )
