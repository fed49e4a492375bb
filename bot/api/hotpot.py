"""Hotpot's CSV bulk upload, `POST /api/availabilities/upload` (docs/api.md#hotpot)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import falcon

from bot.api.auth import caller_of
from bot.api.caller import ApiApp, ApiServices, Caller
from bot.api.forms import Form, read_form
from bot.api.hotpot_json import unreadable_json, upload_json
from bot.api.idempotency import Answer, once, respond
from core.access.keys import require_scope
from core.access.model import Scope
from core.errors import BadParameter, MalformedBody, UnreadableFile
from core.imports.model import ImportStatus
from core.imports.preview import SyncRequest
from core.imports.read import check_size
from core.imports.results import import_file, stored_import
from core.imports.sync import SyncWindow, parse_window
from core.imports.view import import_message
from core.records.sources import sync_source

UPLOAD_PATH = "/api/availabilities/upload"
FILE_FIELD = "file"
DEFAULT_FILE_NAME = "upload.csv"
EXPECTED = (
    "multipart/form-data with the CSV in a part named file, as curl -F file=@FILE.csv sends it"
)


@dataclass(frozen=True)
class Upload:
    """One upload as asked: the file, and what to do with it."""

    data: bytes
    file_name: str
    commit: bool
    source: str | None
    window: str | None

    def content(self) -> bytes:
        """What tells this upload apart for Idempotency-Key (besides method, path and query):
        the file's bytes and the fields, never the multipart boundary, new in every request."""
        fields = [self.file_name, self.commit, self.source, self.window]
        return json.dumps(fields).encode() + b"\n" + self.data


class AvailabilityUpload:
    """A preview by default; `commit=save` saves a clean one; `source=NAME` makes it an
    authoritative sync of that source (docs/imports.md#syncs), which needs an admin key."""

    scopes: ClassVar[dict[str, Scope]] = {"POST": Scope.IMPORT}

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        caller = caller_of(req)
        upload = _upload(req, read_form(req, FILE_FIELD, EXPECTED))
        if upload.source is not None:
            require_scope(caller.key, Scope.ADMIN)  # a sync removes records
        check_size(len(upload.data))
        sync = _sync(upload, caller.workspace_zone)
        answer = once(
            caller,
            req,
            upload.content(),
            lambda: _answer(caller, upload, sync),
            lambda kept: _rebuilt(caller, kept),
        )
        respond(resp, answer)


def _upload(req: falcon.Request, form: Form) -> Upload:
    if form.file is None:
        raise MalformedBody("as a multipart form", f"it has no part named {FILE_FIELD}", EXPECTED)
    return Upload(
        form.file,
        form.file_name or DEFAULT_FILE_NAME,
        _commit(_field(req, form, "commit")),
        _field(req, form, "source"),
        _field(req, form, "window"),
    )


def _field(req: falcon.Request, form: Form, name: str) -> str | None:
    """A field of the query string or of the form (Hotpot takes `commit=save` from either);
    sent in both, it must say the same."""
    query, sent = req.get_param(name), form.fields.get(name)
    if query is not None and sent is not None and query != sent:
        raise BadParameter(name, sent, f"the query string's value {query!r}, or only one of them")
    return sent if sent is not None else query


def _commit(value: str | None) -> bool:
    if value is None or not value.strip():
        return False
    if value.strip().lower() == "save":
        return True
    raise BadParameter("commit", value, "save, or nothing for a preview")


def _sync(upload: Upload, tz: ZoneInfo) -> SyncRequest | None:
    if upload.source is None:
        if upload.window is not None:
            raise BadParameter("window", upload.window, "a window only with source=NAME")
        return None
    window = parse_window(upload.window, tz) if upload.window else SyncWindow()
    return SyncRequest(sync_source(upload.source), window)


def _answer(caller: Caller, upload: Upload, sync: SyncRequest | None) -> Answer:
    try:
        result = import_file(
            caller.store,
            caller.actor,
            workspace_id=caller.ws,
            data=upload.data,
            file_name=upload.file_name,
            default_zone=caller.workspace_zone.key,
            now=caller.now,
            commit=upload.commit,
            sync=sync,
        )
    except UnreadableFile as exc:  # Hotpot's documented body for a file it cannot use
        return Answer(400, unreadable_json(exc.code, exc.message))
    summary = import_message(
        result.view, already_saved=result.already_saved, tz=caller.zone_of(caller.actor.member)
    )
    status, body = upload_json(result, summary)
    if result.view.sync is not None:  # its changes are not stored: it keeps its answer whole
        return Answer(status, body, kept={"body": body})
    record = result.view.record
    kept = {
        "import": record.id,
        "summary": summary,
        "committed": record.status is ImportStatus.COMMITTED,
        "saved": result.already_saved,
    }
    return Answer(status, body, kept=kept)


def _rebuilt(caller: Caller, kept: dict[str, Any]) -> Answer:
    """The answer an Idempotency-Key replays: kept whole (a sync), or made again from the
    stored import, its rows read as they are sent (docs/api.md#idempotency)."""
    if "body" in kept:
        return Answer(200, kept["body"])
    result = stored_import(
        caller.store,
        caller.ws,
        kept["import"],
        committed=kept["committed"],
        already_saved=kept["saved"],
    )
    return Answer(*upload_json(result, kept["summary"]))


def register(app: ApiApp, services: ApiServices) -> None:
    """Adds this family's routes."""
    app.add_route(UPLOAD_PATH, AvailabilityUpload())
