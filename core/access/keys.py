"""API keys (docs/api.md#keys): made and shown once, stored as a prefix and a hash, checked."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from contextlib import suppress
from dataclasses import replace
from datetime import datetime, timedelta

from core.access.model import ApiKey, Scope
from core.errors import (
    ApiDisabled,
    DatabaseBusy,
    MissingName,
    NameTooLong,
    NotAuthenticated,
    ScopeTooNarrow,
    UnknownApiKey,
    UnknownMember,
    UnknownWorkspace,
)
from core.model import new_id
from core.people.model import Member, Workspace
from core.ports import IdempotencyRepository, KeyStore, Store
from core.text import checked_name

NAME_LIMIT = 64
TOUCH_EVERY = timedelta(seconds=60)  # a busy client must not write on every request
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # base32's, lowercased: no 0/O or 1/l to mix up
_PREFIX_LENGTH = 8  # 40 bits: tells keys apart in lists, and finds the row
_SECRET_BYTES = 20  # 160 random bits, 32 characters of base32
_KEY = re.compile(r"avb_([a-z2-7]{8})_([a-z2-7]{32})")


def create_key(
    store: KeyStore,
    *,
    workspace_id: str,
    name: str,
    scope: Scope,
    member: Member | None,
    now: datetime,
) -> tuple[ApiKey, str]:
    """A new key acting with `member`'s rights (None: the operator's) within `scope`, and
    its text, which is stored nowhere: the caller shows it once."""
    checked = _key_name(name)
    if member is not None and member.workspace_id != workspace_id:
        raise UnknownMember(member.email)
    prefix = "".join(secrets.choice(_ALPHABET) for _ in range(_PREFIX_LENGTH))
    secret = base64.b32encode(secrets.token_bytes(_SECRET_BYTES)).decode("ascii").lower()
    text = f"avb_{prefix}_{secret}"
    key = ApiKey(
        id=new_id("key"),
        workspace_id=workspace_id,
        name=checked,
        prefix=prefix,
        secret_hash=_digest(text),
        scope=scope,
        member_id=None if member is None else member.id,
        created_at=now,
    )
    with store.transaction():
        store.api_keys.add(key)
    return key, text


def authenticate(store: KeyStore, presented: str, now: datetime) -> ApiKey:
    """The live key whose text `presented` is exactly; NotAuthenticated for anything else,
    never saying why (a guess learns nothing)."""
    found = _KEY.fullmatch(presented)
    key = None if found is None else store.api_keys.by_prefix(found[1])
    # the prefix is public (lists show it): only the hash comparison must not leak timing
    if key is None or key.revoked_at is not None:
        raise NotAuthenticated()
    if not hmac.compare_digest(key.secret_hash, _digest(presented)):
        raise NotAuthenticated()
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        # the last use is for the operator's list: a database busy with another writer
        # must not fail the request over it
        with suppress(DatabaseBusy):
            store.api_keys.touch(key.id, now)
            key = replace(key, last_used_at=now)
    return key


def list_keys(store: KeyStore, workspace_id: str) -> list[ApiKey]:
    """The workspace's live keys, by name."""
    return store.api_keys.all(workspace_id)


def revoke_key(store: KeyStore, workspace_id: str, name: str, now: datetime) -> ApiKey:
    """Revoke the live key of that name (any case); its name is free again."""
    with store.transaction():
        key = store.api_keys.by_name(workspace_id, name)
        if key is None:
            raise UnknownApiKey(name)
        store.api_keys.revoke(workspace_id, key.id, now)
    return replace(key, revoked_at=now)


def set_api(store: Store, workspace_id: str, enabled: bool) -> Workspace:
    """Turn the workspace's HTTP API on or off (off: every call with a key is refused)."""
    with store.transaction():
        workspace = store.workspaces.get(workspace_id)
        if workspace is None:
            raise UnknownWorkspace(workspace_id)
        store.workspaces.set_api_enabled(workspace_id, enabled)
    return replace(workspace, api_enabled=enabled)


def require_api_enabled(store: Store, workspace_id: str) -> Workspace:
    """The key's workspace, or ApiDisabled when its API is off (or it is gone)."""
    workspace = store.workspaces.get(workspace_id)
    if workspace is None or not workspace.api_enabled:
        raise ApiDisabled(workspace_id)
    return workspace


def require_scope(key: ApiKey, needed: Scope) -> None:
    if not key.scope.covers(needed):
        raise ScopeTooNarrow(key.name, key.scope.value, needed.value)


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """Hex SHA-256 of a request, so an Idempotency-Key sent again is known to be the same
    request. Each part is length-prefixed: no two different requests run together alike."""
    digest = hashlib.sha256()
    texts = (method.upper(), path, query)
    for part in (*(t.encode("utf-8", "surrogatepass") for t in texts), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key_name(name: str) -> str:
    checked = checked_name(name, "The key name")
    if not checked:
        raise MissingName("key")
    if len(checked) > NAME_LIMIT:
        raise NameTooLong(len(checked), NAME_LIMIT, what="The key name")
    return checked


ANSWER_MEMORY = timedelta(hours=24)  # how long an Idempotency-Key's answer is replayed


def forget_answers(answers: IdempotencyRepository, now: datetime) -> int:
    """Drop the answers stored for Idempotency-Keys longer ago than ANSWER_MEMORY."""
    return answers.forget(now - ANSWER_MEMORY)
