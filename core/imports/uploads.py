"""CSV uploads in Slack (docs/imports.md): which files count, download checks, each taken once."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from core.errors import UnreadableFile
from core.imports.read import check_size
from core.people.model import Actor
from core.people.permissions import require_admin
from core.ports import UploadStore
from core.records.sources import sync_source

EVENT_MEMORY = timedelta(days=1)  # Slack redelivers within minutes; a day is plenty
CSV_TYPES = ("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel")
_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<!--")


def is_csv_upload(name: str, filetype: str) -> bool:
    """A file Slack calls `csv`, or whose name ends in `.csv`; anything else is ignored."""
    return filetype.lower() == "csv" or name.lower().endswith(".csv")


_SYNC_WORDS = re.compile(r"(?:^|\s)sync\s+(\S[^\n]*)", re.IGNORECASE)


def sync_source_in(text: str) -> str | None:
    """The source value an upload's message asks for (`sync BambooHR` → `sync:BambooHR`),
    or None for a plain import. The name is the rest of that line."""
    found = _SYNC_WORDS.search(text)
    return None if found is None else sync_source(found.group(1))


def first_delivery(store: UploadStore, workspace_id: str, event_id: str, now: datetime) -> bool:
    """Whether this event id is new (its retries are not); old receipts are forgotten."""
    if not event_id:
        return True
    store.uploads.forget_events(now - EVENT_MEMORY)
    return store.uploads.claim_event(workspace_id, event_id, now=now)


def forget_delivery(
    store: UploadStore, workspace_id: str, *, event_id: str = "", file_id: str = ""
) -> None:
    """Nothing came of this delivery (Slack failed it midway): give back its event receipt
    and file claim, so Slack's retry of the event, or another delivery of the file, is
    handled as if it were the first."""
    if event_id:
        store.uploads.release_event(workspace_id, event_id)
    if file_id:
        store.uploads.release_file(workspace_id, file_id)


def claim_upload(
    store: UploadStore, actor: Actor, *, workspace_id: str, file_id: str, now: datetime
) -> bool:
    """True for the one delivery that processes this file, False for every other one.

    The claim is taken before the admin check, so a member who is not an admin is told
    once (NotPermitted) however often Slack delivers their upload. It is given back
    (`forget_delivery`) only when Slack failed the delivery before anything came of it."""
    if not store.uploads.claim_file(workspace_id, file_id, now=now):
        return False
    require_admin(actor, "import time off from a CSV file")
    return True


def check_declared_size(size: int | None) -> None:
    """The size Slack reports, checked against the import limit before downloading."""
    if size is not None:
        check_size(size)


def check_download(content_type: str, data: bytes) -> bytes:
    """The downloaded bytes, refused unless they are the file: not a web page (Slack answers
    a bad token with its sign-in page, status 200), within the size limit."""
    check_size(len(data))
    media = content_type.split(";")[0].strip().lower()
    opening = data.lstrip()[:64].lower()
    if media == "text/html" or opening.startswith(_HTML_OPENINGS):
        raise UnreadableFile(
            "Slack answered with a web page (a sign-in page?) instead of the file; check that "
            "the app has the files:read scope and was reinstalled after adding it"
        )
    if media and media not in CSV_TYPES and media != "application/octet-stream":
        raise UnreadableFile(f"Slack sent it as {media!r}, not as CSV text")
    return data
