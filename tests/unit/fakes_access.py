"""Hand-written in-memory fakes of the API key and idempotency ports, and a KeyStore."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from core.access.model import ApiKey, StoredResponse
from core.errors import DuplicateKeyName
from tests.fakes import FakeStore

if TYPE_CHECKING:
    from core.ports import ApiKeyRepository, IdempotencyRepository, KeyStore


class FakeApiKeys:
    def __init__(self) -> None:
        self.rows: dict[str, ApiKey] = {}
        self.touches: list[tuple[str, datetime]] = []

    def add(self, key: ApiKey) -> None:
        if self.by_name(key.workspace_id, key.name) is not None:
            raise DuplicateKeyName(key.name)
        if any(k.prefix == key.prefix for k in self.rows.values()):
            raise AssertionError(f"prefix {key.prefix} taken")  # storage's UNIQUE
        self.rows[key.id] = key

    def by_prefix(self, prefix: str) -> ApiKey | None:
        return next((k for k in self._live() if k.prefix == prefix), None)

    def by_name(self, workspace_id: str, name: str) -> ApiKey | None:
        wanted = name.strip().casefold()
        return next((k for k in self.all(workspace_id) if k.name.casefold() == wanted), None)

    def all(self, workspace_id: str) -> list[ApiKey]:
        mine = (k for k in self._live() if k.workspace_id == workspace_id)
        return sorted(mine, key=lambda k: k.name.casefold())

    def revoke(self, workspace_id: str, key_id: str, now: datetime) -> None:
        key = self.rows.get(key_id)
        if key is not None and key.workspace_id == workspace_id and key.revoked_at is None:
            self.rows[key_id] = replace(key, revoked_at=now)

    def touch(self, key_id: str, now: datetime) -> None:
        self.touches.append((key_id, now))
        self.rows[key_id] = replace(self.rows[key_id], last_used_at=now)

    def _live(self) -> list[ApiKey]:
        return [k for k in self.rows.values() if k.revoked_at is None]


class FakeIdempotency:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], StoredResponse] = {}

    def begin(
        self, key_id: str, idempotency_key: str, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        stored = self.rows.get((key_id, idempotency_key))
        if stored is None:
            self.rows[key_id, idempotency_key] = StoredResponse(
                key_id, idempotency_key, fingerprint, None, None, now
            )
        return stored

    def finish(self, key_id: str, idempotency_key: str, status: int, body: str) -> None:
        stored = self.rows[key_id, idempotency_key]
        self.rows[key_id, idempotency_key] = replace(stored, status=status, body=body)

    def retake(
        self, key_id: str, idempotency_key: str, now: datetime, stale_before: datetime
    ) -> bool:
        stored = self.rows.get((key_id, idempotency_key))
        if stored is None or stored.status is not None or stored.created_at >= stale_before:
            return False
        self.rows[key_id, idempotency_key] = replace(stored, created_at=now)
        return True

    def release(self, key_id: str, idempotency_key: str) -> None:
        stored = self.rows.get((key_id, idempotency_key))
        if stored is not None and stored.status is None:
            del self.rows[key_id, idempotency_key]

    def forget(self, before: datetime) -> int:
        old = [k for k, r in self.rows.items() if r.created_at < before]
        for k in old:
            del self.rows[k]
        return len(old)


class FakeKeyStore(FakeStore):
    """FakeStore plus API keys and remembered answers, restored when a transaction fails."""

    def __init__(self) -> None:
        super().__init__()
        self.api_keys = FakeApiKeys()
        self.idempotency = FakeIdempotency()

    @contextmanager
    def transaction(self, lock_members: Sequence[str] = ()) -> Iterator[None]:
        saved = copy.copy(self.api_keys.rows), copy.copy(self.idempotency.rows)
        try:
            with super().transaction(lock_members):
                yield
        except BaseException:
            self.api_keys.rows, self.idempotency.rows = saved
            raise


if TYPE_CHECKING:
    # mypy checks here that each fake implements the port it stands in for.
    _keys: ApiKeyRepository = FakeApiKeys()
    _idempotency: IdempotencyRepository = FakeIdempotency()
    _key_store: KeyStore = FakeKeyStore()
