"""Frozen values of API access: a key's scope, the key as stored, a remembered response."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class Scope(Enum):
    """What a key may do; each scope covers the ones before it (docs/api.md#keys)."""

    READ = "read"  # GET: types, records, effective availability, rotations, on-call
    WRITE = "write"  # and create, change and remove records
    IMPORT = "import"  # and upload CSV files (preview and save)
    ADMIN = "admin"  # and authoritative syncs (`source=`), which remove records

    @property
    def rank(self) -> int:
        return list(Scope).index(self)

    def covers(self, needed: Scope) -> bool:
        return self.rank >= needed.rank


@dataclass(frozen=True)
class ApiKey:
    """A key as stored: never the secret, only its public prefix and a hash of the whole."""

    id: str
    workspace_id: str
    name: str
    prefix: str  # the key's first characters, shown in lists to tell keys apart
    secret_hash: str  # hex SHA-256 of the whole key
    scope: Scope
    member_id: str | None  # the member whose rights the key acts with; None: the operator
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class StoredResponse:
    """What one Idempotency-Key answered the first time (docs/api.md#idempotency)."""

    key_id: str
    idempotency_key: str
    fingerprint: str  # hex SHA-256 of the method, path and body that first used it
    status: int | None  # None while the first request is still being answered
    body: str | None
    created_at: datetime
