"""Calendar feeds, their aliases and their sync claims on SQL: the FeedRepository port."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import peewee

from core.errors import DuplicateFeedName
from core.imports.feed_people import folded
from core.imports.feed_sources import Feed, FeedStatus
from storage.database import execute_sql
from storage.mapping import fold, from_epoch, to_epoch

_FEED = (
    "id, workspace_id, name, url, type_name, every_seconds, keywords, enabled, created_at, "
    "last_sync_at, last_status, last_why, last_created, last_changed, last_removed, "
    "unmatched, last_good_at"
)
_CLAIMED, _DONE = "claimed", "done"


class SqlFeedRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def all(self, workspace_id: str) -> list[Feed]:
        return self._select("WHERE workspace_id = %s ORDER BY name_key", (workspace_id,))

    def enabled(self) -> list[Feed]:
        return self._select("WHERE enabled = %s ORDER BY workspace_id, name_key", (True,))

    def by_name(self, workspace_id: str, name: str) -> Feed | None:
        found = self._select(
            "WHERE workspace_id = %s AND name_key = %s", (workspace_id, fold(name.strip()))
        )
        return found[0] if found else None

    def add(self, feed: Feed) -> None:
        values = _values(feed)
        try:
            with self._db.atomic():
                execute_sql(
                    self._db,
                    f"INSERT INTO feed ({_FEED}, name_key) VALUES ({', '.join(['%s'] * 18)})",
                    (*values, fold(feed.name)),
                )
        except peewee.IntegrityError:
            raise DuplicateFeedName(feed.name) from None

    def update(self, feed: Feed) -> None:
        execute_sql(
            self._db,
            "UPDATE feed SET type_name = %s, every_seconds = %s, keywords = %s, enabled = %s "
            "WHERE workspace_id = %s AND id = %s",
            (
                feed.type_name,
                int(feed.every.total_seconds()),
                json.dumps([list(pair) for pair in feed.keywords]),
                feed.enabled,
                feed.workspace_id,
                feed.id,
            ),
        )

    def update_status(self, feed: Feed) -> None:
        execute_sql(
            self._db,
            "UPDATE feed SET last_sync_at = %s, last_status = %s, last_why = %s, "
            "last_created = %s, last_changed = %s, last_removed = %s, unmatched = %s, "
            "last_good_at = %s WHERE workspace_id = %s AND id = %s",
            (*_values(feed)[9:], feed.workspace_id, feed.id),
        )

    def remove(self, workspace_id: str, feed_id: str) -> None:
        with self._db.atomic():
            execute_sql(self._db, "DELETE FROM feed_alias WHERE feed_id = %s", (feed_id,))
            execute_sql(self._db, "DELETE FROM feed_claim WHERE feed_id = %s", (feed_id,))
            execute_sql(
                self._db,
                "DELETE FROM feed WHERE workspace_id = %s AND id = %s",
                (workspace_id, feed_id),
            )

    def aliases(self, feed_id: str) -> dict[str, str]:
        cursor = execute_sql(
            self._db,
            "SELECT name, member_id FROM feed_alias WHERE feed_id = %s ORDER BY name_key",
            (feed_id,),
        )
        return {name: member_id for name, member_id in cursor.fetchall()}

    def set_alias(self, feed_id: str, name: str, member_id: str) -> None:
        key = folded(name)
        with self._db.atomic():
            execute_sql(
                self._db,
                "DELETE FROM feed_alias WHERE feed_id = %s AND name_key = %s",
                (feed_id, key),
            )
            execute_sql(
                self._db,
                "INSERT INTO feed_alias (feed_id, name_key, name, member_id) "
                "VALUES (%s, %s, %s, %s)",
                (feed_id, key, name, member_id),
            )

    def claim(
        self, feed_id: str, slot: datetime, *, holder: str, now: datetime, lease: timedelta
    ) -> bool:
        """ON CONFLICT DO NOTHING takes a fresh claim; a conditional UPDATE retakes an
        expired lease. Both are single statements, so two takers cannot both win."""
        at, until = to_epoch(slot), to_epoch(now + lease)
        try:
            with self._db.atomic():
                fresh = execute_sql(
                    self._db,
                    "INSERT INTO feed_claim (feed_id, slot, status, holder, lease_until) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (feed_id, slot) DO NOTHING",
                    (feed_id, at, _CLAIMED, holder, until),
                )
        except peewee.IntegrityError:
            return False  # the feed was removed since it was listed: nothing to sync
        if fresh.rowcount:
            return True
        again = execute_sql(
            self._db,
            "UPDATE feed_claim SET holder = %s, lease_until = %s "
            "WHERE feed_id = %s AND slot = %s AND status = %s AND lease_until <= %s",
            (holder, until, feed_id, at, _CLAIMED, to_epoch(now)),
        )
        return bool(again.rowcount)

    def finish(self, feed_id: str, slot: datetime, *, holder: str) -> None:
        execute_sql(
            self._db,
            "UPDATE feed_claim SET status = %s WHERE feed_id = %s AND slot = %s AND holder = %s",
            (_DONE, feed_id, to_epoch(slot), holder),
        )
        # older slots are of no more use: keep the table to the last one per feed
        execute_sql(
            self._db,
            "DELETE FROM feed_claim WHERE feed_id = %s AND slot < %s",
            (feed_id, to_epoch(slot)),
        )

    def release(self, feed_id: str, slot: datetime, *, holder: str) -> None:
        execute_sql(
            self._db,
            "DELETE FROM feed_claim WHERE feed_id = %s AND slot = %s AND holder = %s "
            "AND status = %s",
            (feed_id, to_epoch(slot), holder, _CLAIMED),
        )

    def _select(self, where: str, params: tuple[Any, ...]) -> list[Feed]:
        cursor = execute_sql(self._db, f"SELECT {_FEED} FROM feed {where}", params)
        return [_feed(row) for row in cursor.fetchall()]


def _epoch(value: datetime | None) -> int | None:
    return None if value is None else to_epoch(value)


def _moment(value: int | None) -> datetime | None:
    return None if value is None else from_epoch(value)


def _values(f: Feed) -> tuple[Any, ...]:
    return (
        f.id,
        f.workspace_id,
        f.name,
        f.url,
        f.type_name,
        int(f.every.total_seconds()),
        json.dumps([list(pair) for pair in f.keywords]),
        f.enabled,
        _epoch(f.created_at),
        _epoch(f.last_sync_at),
        None if f.last_status is None else f.last_status.value,
        f.last_why,
        f.created,
        f.changed,
        f.removed,
        json.dumps(list(f.unmatched)),
        _epoch(f.last_good_at),
    )


def _feed(row: tuple[Any, ...]) -> Feed:
    (id_, ws, name, url, type_name, every, keywords, enabled, created_at) = row[:9]
    (sync_at, status, why, created, changed, removed, unmatched, good_at) = row[9:]
    return Feed(
        id=id_,
        workspace_id=ws,
        name=name,
        url=url,
        type_name=type_name,
        every=timedelta(seconds=every),
        keywords=tuple((str(k), str(t)) for k, t in json.loads(keywords)),
        enabled=bool(enabled),
        created_at=_moment(created_at),
        last_sync_at=_moment(sync_at),
        last_status=None if status is None else FeedStatus(status),
        last_why=why,
        created=created,
        changed=changed,
        removed=removed,
        unmatched=tuple(json.loads(unmatched)),
        last_good_at=_moment(good_at),
    )
