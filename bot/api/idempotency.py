"""Idempotency-Key on POST and PUT: the first answer is stored with its write and replayed
(docs/api.md#idempotency)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import falcon

from bot.api.caller import Caller
from core.access.keys import fingerprint
from core.errors import BadParameter, IdempotencyKeyReused

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # JSON-serialisable
    replayed: bool = False


def once(
    caller: Caller, req: falcon.Request, content: bytes, write: Callable[[], Answer]
) -> Answer:
    """`write()` once per Idempotency-Key: its answer is stored in the same transaction as
    its write, so a crash leaves neither; an error answer is not stored (nothing was
    written). `content` is what identifies the request besides method, path and query."""
    key = req.get_header(HEADER)
    if key is None:
        return write()
    _check(key)
    store, key_id = caller.store, caller.key.id
    mark = fingerprint(req.method, req.path, req.query_string, content)
    try:
        with store.transaction():
            stored = store.idempotency.begin(key_id, key, mark, caller.now)
            if stored is not None:
                if stored.fingerprint != mark or stored.status is None or stored.body is None:
                    raise IdempotencyKeyReused(key)
                return Answer(stored.status, json.loads(stored.body), replayed=True)
            answer = write()
            if answer.status >= 400:
                raise _Unsaved(answer)  # rolls the claim back with whatever was begun
            store.idempotency.finish(key_id, key, answer.status, json.dumps(answer.body))
    except _Unsaved as unsaved:
        return unsaved.answer
    return answer


class _Unsaved(Exception):
    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


def respond(resp: falcon.Response, answer: Answer) -> None:
    resp.status = falcon.code_to_http_status(answer.status)
    resp.media = answer.body
    if answer.replayed:
        resp.set_header("Idempotent-Replayed", "true")


def _check(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        raise BadParameter(HEADER, key, f"1 to {MAX_KEY_LENGTH} printable ASCII characters")
