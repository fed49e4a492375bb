"""Idempotency-Key on POST and PUT: the first answer is stored with its write and replayed
(docs/api.md#idempotency). An answer too large to keep (an upload's 100,000 records) keeps
a compact form instead, from which the endpoint rebuilds it (`rebuild`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import falcon

from bot.api.caller import Caller
from bot.words.jsonstream import json_chunks, streams
from core.access.keys import fingerprint
from core.errors import AvailbotError, BadParameter, IdempotencyKeyReused, RequestInProgress

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


# Longer than any upload takes; a claim unanswered for longer was left by a process that died.
CLAIM_LEASE = timedelta(minutes=15)
STREAM_CHUNK = 64 * 1024  # characters sent at once of a body written as it is made


@dataclass(frozen=True)
class Answer:
    """A status and a body (JSON-serialisable, or holding bot.words.jsonstream.JsonItems,
    then sent as it is made); `kept`, what Idempotency-Key stores instead of the body."""

    status: int
    body: Any
    replayed: bool = False
    kept: Any = None


def once(
    caller: Caller,
    req: falcon.Request,
    content: bytes,
    write: Callable[[], Answer],
    rebuild: Callable[[Any], Answer] | None = None,
) -> Answer:
    """`write()` once per Idempotency-Key: its answer is stored in the same transaction as
    its write, so a crash leaves neither; an error answer is not stored (nothing was
    written). `content` is what identifies the request besides method, path and query.
    An endpoint whose answers keep a compact form (`Answer.kept`) replays `rebuild(kept)`
    and is a long one (see `_once_long`)."""
    key = req.get_header(HEADER)
    if key is None:
        return write()
    _check(key)
    store, key_id = caller.store, caller.key.id
    mark = fingerprint(req.method, req.path, req.query_string, content)
    if rebuild is not None:
        return _once_long(caller, key, mark, write, rebuild)
    try:
        with store.transaction():
            stored = store.idempotency.begin(key_id, key, mark, caller.now)
            if stored is not None:
                if stored.fingerprint != mark or stored.status is None or stored.body is None:
                    raise IdempotencyKeyReused(key)
                return _replay(stored.status, json.loads(stored.body), rebuild)
            answer = write()
            if answer.status >= 400:
                raise _Unsaved(answer)  # rolls the claim back with whatever was begun
            kept = answer.body if rebuild is None else answer.kept
            store.idempotency.finish(key_id, key, answer.status, json.dumps(kept))
    except _Unsaved as unsaved:
        return unsaved.answer
    return answer


def _once_long(
    caller: Caller,
    key: str,
    mark: str,
    write: Callable[[], Answer],
    rebuild: Callable[[Any], Answer],
) -> Answer:
    """An upload takes seconds: holding one transaction around it would hold SQLite's one
    write lock that long, and every other writer would wait. So the key is claimed in a
    short transaction, the upload runs in its own, and the answer is stored in a third. A
    second request meanwhile is told the first is still running (409, Retry-After); a claim
    left unanswered (its process died) is taken over after CLAIM_LEASE. What the upload
    wrote is safe to run again: its rows identical to stored records are skipped."""
    store, key_id, now = caller.store, caller.key.id, caller.now
    with store.transaction():
        stored = store.idempotency.begin(key_id, key, mark, now)
    if stored is not None:
        if stored.fingerprint != mark:
            raise IdempotencyKeyReused(key)
        if stored.status is not None and stored.body is not None:
            return _replay(stored.status, json.loads(stored.body), rebuild)
        if not store.idempotency.retake(key_id, key, now, now - CLAIM_LEASE):
            raise RequestInProgress(key)
    try:
        answer = write()
    except BaseException:
        with suppress(AvailbotError):  # else the claim is taken over after its lease
            store.idempotency.release(key_id, key)
        raise
    if answer.status >= 400:
        store.idempotency.release(key_id, key)
        return answer
    with store.transaction():
        store.idempotency.finish(key_id, key, answer.status, json.dumps(answer.kept))
    return answer


def _replay(status: int, kept: Any, rebuild: Callable[[Any], Answer] | None) -> Answer:
    if rebuild is None:
        return Answer(status, kept, replayed=True)
    return Answer(status, rebuild(kept).body, replayed=True)


class _Unsaved(Exception):
    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


def respond(resp: falcon.Response, answer: Answer) -> None:
    resp.status = falcon.code_to_http_status(answer.status)
    if streams(answer.body):
        resp.content_type = falcon.MEDIA_JSON
        resp.stream = _encoded(answer.body)
    else:
        resp.media = answer.body
    if answer.replayed:
        resp.set_header("Idempotent-Replayed", "true")


def _encoded(body: Any) -> Iterator[bytes]:
    """The body's JSON as it is made, in chunks of about STREAM_CHUNK characters."""
    pending: list[str] = []
    size = 0
    for chunk in json_chunks(body):
        pending.append(chunk)
        size += len(chunk)
        if size >= STREAM_CHUNK:
            yield "".join(pending).encode()
            pending, size = [], 0
    yield "".join(pending).encode()


def _check(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        raise BadParameter(HEADER, key, f"1 to {MAX_KEY_LENGTH} printable ASCII characters")
