"""Calendar links and event versions on SQL: the CalendarRepository port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee

from core.calendar.model import CalendarLink, EventVersion, FeedKind
from storage.database import execute_many, execute_sql
from storage.mapping import from_epoch, to_epoch

_LINK = (
    "id, workspace_id, kind, subject, token_hash, created_at, last_fetched_at, revoked_at, "
    "content_hash, changed_at"
)
_VERSION = "uid, fingerprint, sequence, modified_at, ends_at, ical"
_CHUNK = 500  # uids per IN list: well under every engine's limit on parameters


class SqlCalendarRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def live(self, workspace_id: str, kind: FeedKind, subject: str) -> CalendarLink | None:
        found = self._select(
            "WHERE workspace_id = %s AND kind = %s AND subject = %s AND revoked_at IS NULL",
            (workspace_id, kind.value, subject),
        )
        return found[0] if found else None

    def add(self, link: CalendarLink) -> CalendarLink:
        # the partial unique index on live links refuses a second one: nothing is inserted
        execute_sql(
            self._db,
            f"INSERT INTO calendar_link ({_LINK}) VALUES ({', '.join(['%s'] * 10)}) "
            "ON CONFLICT DO NOTHING",
            _values(link),
        )
        live = self.live(link.workspace_id, link.kind, link.subject)
        assert live is not None, "a live link exists once the insert did or did not happen"
        return live

    def by_hash(self, token_hash: str) -> CalendarLink | None:
        found = self._select("WHERE token_hash = %s AND revoked_at IS NULL", (token_hash,))
        return found[0] if found else None

    def all_live(self, workspace_id: str) -> list[CalendarLink]:
        return self._select(
            "WHERE workspace_id = %s AND revoked_at IS NULL ORDER BY kind, subject",
            (workspace_id,),
        )

    def revoke(self, link_id: str, now: datetime) -> None:
        execute_sql(
            self._db,
            "UPDATE calendar_link SET revoked_at = %s WHERE id = %s AND revoked_at IS NULL",
            (to_epoch(now), link_id),
        )

    def revoke_all(self, workspace_id: str, now: datetime) -> int:
        cursor = execute_sql(
            self._db,
            "UPDATE calendar_link SET revoked_at = %s "
            "WHERE workspace_id = %s AND revoked_at IS NULL",
            (to_epoch(now), workspace_id),
        )
        return int(cursor.rowcount or 0)

    def touch(self, link_id: str, now: datetime) -> None:
        at = to_epoch(now)
        execute_sql(
            self._db,
            "UPDATE calendar_link SET last_fetched_at = %s "
            "WHERE id = %s AND (last_fetched_at IS NULL OR last_fetched_at < %s)",
            (at, link_id, at),
        )

    def served(self, link_id: str, content_hash: str, now: datetime) -> None:
        execute_sql(
            self._db,
            "UPDATE calendar_link SET content_hash = %s, changed_at = %s "
            "WHERE id = %s AND (content_hash IS NULL OR content_hash <> %s)",
            (content_hash, to_epoch(now), link_id, content_hash),
        )

    def versions(
        self, workspace_id: str, kind: FeedKind, uids: Sequence[str]
    ) -> dict[str, EventVersion]:
        found: dict[str, EventVersion] = {}
        unique = sorted(set(uids))
        for at in range(0, len(unique), _CHUNK):
            chunk = unique[at : at + _CHUNK]
            cursor = execute_sql(
                self._db,
                f"SELECT {_VERSION} FROM calendar_event WHERE workspace_id = %s AND feed = %s "
                f"AND uid IN ({', '.join(['%s'] * len(chunk))})",
                (workspace_id, kind.value, *chunk),
            )
            for row in cursor.fetchall():
                found[row[0]] = _version(row)
        return found

    def save_versions(
        self, workspace_id: str, kind: FeedKind, versions: Sequence[EventVersion]
    ) -> None:
        # a row that already holds the fingerprint keeps its sequence: of two processes
        # serving the same change, the second changes nothing
        rows = [
            (
                workspace_id,
                kind.value,
                v.uid,
                v.fingerprint,
                v.sequence,
                to_epoch(v.modified_at),
                to_epoch(v.ends_at),
                v.text,
            )
            for v in {v.uid: v for v in versions}.values()
        ]
        execute_many(
            self._db,
            f"INSERT INTO calendar_event (workspace_id, feed, {_VERSION}) VALUES %s "
            "ON CONFLICT (workspace_id, feed, uid) DO UPDATE SET "
            "fingerprint = excluded.fingerprint, sequence = excluded.sequence, "
            "modified_at = excluded.modified_at, ends_at = excluded.ends_at, ical = excluded.ical "
            "WHERE calendar_event.fingerprint <> excluded.fingerprint",
            rows,
        )

    def forget_versions(self, ended_before: datetime) -> int:
        cursor = execute_sql(
            self._db, "DELETE FROM calendar_event WHERE ends_at < %s", (to_epoch(ended_before),)
        )
        return int(cursor.rowcount or 0)

    def _select(self, where: str, params: tuple[Any, ...]) -> list[CalendarLink]:
        cursor = execute_sql(self._db, f"SELECT {_LINK} FROM calendar_link {where}", params)
        return [_link(row) for row in cursor.fetchall()]


def _epoch(value: datetime | None) -> int | None:
    return None if value is None else to_epoch(value)


def _moment(value: int | None) -> datetime | None:
    return None if value is None else from_epoch(value)


def _values(link: CalendarLink) -> tuple[Any, ...]:
    return (
        link.id,
        link.workspace_id,
        link.kind.value,
        link.subject,
        link.token_hash,
        to_epoch(link.created_at),
        _epoch(link.last_fetched_at),
        _epoch(link.revoked_at),
        link.content_hash,
        _epoch(link.changed_at),
    )


def _link(row: tuple[Any, ...]) -> CalendarLink:
    id_, workspace_id, kind, subject, token_hash, created_at = row[:6]
    last_fetched_at, revoked_at, content_hash, changed_at = row[6:]
    return CalendarLink(
        id=id_,
        workspace_id=workspace_id,
        kind=FeedKind(kind),
        subject=subject,
        token_hash=token_hash,
        created_at=from_epoch(created_at),
        last_fetched_at=_moment(last_fetched_at),
        revoked_at=_moment(revoked_at),
        content_hash=content_hash,
        changed_at=_moment(changed_at),
    )


def _version(row: tuple[Any, ...]) -> EventVersion:
    uid, fingerprint, sequence, modified_at, ends_at, text = row
    return EventVersion(
        uid, fingerprint, int(sequence), from_epoch(modified_at), from_epoch(ends_at), text
    )
