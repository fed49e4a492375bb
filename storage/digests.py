"""Digest subscriptions and claims on SQL: the DigestRepository port."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import peewee

from core.digest.due import Claim, ClaimStatus, Days, Subscription
from storage.database import execute_sql
from storage.mapping import from_epoch, to_epoch

_SUB = (
    "id, workspace_id, channel, at_minute, zone, days, rotations, everyone, lookahead, "
    "created_by, created_at, handoffs, mentions"
)
_CLAIM = "subscription_id, local_date, status, holder, lease_until, message_ts"


class SqlDigestRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def subscriptions(self, workspace_id: str | None = None) -> list[Subscription]:
        where, params = ("WHERE workspace_id = %s", (workspace_id,)) if workspace_id else ("", ())
        cursor = execute_sql(
            self._db, f"SELECT {_SUB} FROM digest_subscription {where} ORDER BY channel", params
        )
        return [_subscription(row) for row in cursor.fetchall()]

    def for_channel(self, workspace_id: str, channel: str) -> Subscription | None:
        cursor = execute_sql(
            self._db,
            f"SELECT {_SUB} FROM digest_subscription WHERE workspace_id = %s AND channel = %s",
            (workspace_id, channel),
        )
        row = cursor.fetchone()
        return None if row is None else _subscription(row)

    def save(self, subscription: Subscription) -> None:
        with self._db.atomic():
            self.remove(subscription.workspace_id, subscription.channel)
            execute_sql(
                self._db,
                f"INSERT INTO digest_subscription ({_SUB}) VALUES ({', '.join(['%s'] * 13)})",
                _subscription_values(subscription),
            )

    def remove(self, workspace_id: str, channel: str) -> bool:
        cursor = execute_sql(
            self._db,
            "DELETE FROM digest_subscription WHERE workspace_id = %s AND channel = %s",
            (workspace_id, channel),
        )
        return bool(cursor.rowcount)

    def claim(
        self,
        subscription_id: str,
        local_date: date,
        *,
        holder: str,
        now: datetime,
        lease: timedelta,
    ) -> Claim | None:
        """ON CONFLICT DO NOTHING takes a fresh claim; a conditional UPDATE retakes an
        expired lease. Both are single statements, so two takers cannot both win."""
        day, until = local_date.isoformat(), to_epoch(now + lease)
        fresh = execute_sql(
            self._db,
            f"INSERT INTO digest_claim ({_CLAIM}) VALUES (%s, %s, %s, %s, %s, NULL) "
            "ON CONFLICT (subscription_id, local_date) DO NOTHING",
            (subscription_id, day, ClaimStatus.CLAIMED.value, holder, until),
        )
        retaken = False
        if not fresh.rowcount:
            again = execute_sql(
                self._db,
                "UPDATE digest_claim SET holder = %s, lease_until = %s "
                "WHERE subscription_id = %s AND local_date = %s AND status = %s "
                "AND lease_until <= %s",
                (holder, until, subscription_id, day, ClaimStatus.CLAIMED.value, to_epoch(now)),
            )
            if not again.rowcount:
                return None
            retaken = True
        return Claim(
            subscription_id, local_date, ClaimStatus.CLAIMED, holder, from_epoch(until), retaken
        )

    def posted(
        self, subscription_id: str, local_date: date, *, holder: str, message_ts: str
    ) -> None:
        execute_sql(
            self._db,
            "UPDATE digest_claim SET status = %s, message_ts = %s "
            "WHERE subscription_id = %s AND local_date = %s AND holder = %s",
            (ClaimStatus.POSTED.value, message_ts, subscription_id, local_date.isoformat(), holder),
        )

    def release(self, subscription_id: str, local_date: date, *, holder: str) -> None:
        execute_sql(
            self._db,
            "DELETE FROM digest_claim WHERE subscription_id = %s AND local_date = %s "
            "AND holder = %s AND status = %s",
            (subscription_id, local_date.isoformat(), holder, ClaimStatus.CLAIMED.value),
        )

    def skip(self, subscription_id: str, local_date: date, *, now: datetime) -> bool:
        cursor = execute_sql(
            self._db,
            f"INSERT INTO digest_claim ({_CLAIM}) VALUES (%s, %s, %s, %s, %s, NULL) "
            "ON CONFLICT (subscription_id, local_date) DO NOTHING",
            (subscription_id, local_date.isoformat(), ClaimStatus.SKIPPED.value, "", to_epoch(now)),
        )
        return bool(cursor.rowcount)

    def claims(self, subscription_id: str) -> list[Claim]:
        cursor = execute_sql(
            self._db,
            f"SELECT {_CLAIM} FROM digest_claim WHERE subscription_id = %s ORDER BY local_date",
            (subscription_id,),
        )
        return [
            Claim(
                sub,
                date.fromisoformat(day),
                ClaimStatus(status),
                holder,
                from_epoch(until),
                message_ts=ts,
            )
            for sub, day, status, holder, until, ts in cursor.fetchall()
        ]


def _subscription(row: tuple[Any, ...]) -> Subscription:
    id_, ws, channel, minute, zone, days, rotations, everyone, lookahead, created_by = row[:10]
    created_at, handoffs, mentions = row[10:13]
    return Subscription(
        id=id_,
        workspace_id=ws,
        channel=channel,
        at=time(minute // 60, minute % 60),
        zone=zone,
        days=Days(days),
        rotations=tuple(r for r in rotations.split(",") if r),
        everyone=bool(everyone),
        lookahead=lookahead,
        created_by=created_by,
        created_at=None if created_at is None else from_epoch(created_at),
        handoffs=bool(handoffs),
        mentions=bool(mentions),
    )


def _subscription_values(s: Subscription) -> tuple[Any, ...]:
    return (
        s.id,
        s.workspace_id,
        s.channel,
        s.at.hour * 60 + s.at.minute,
        s.zone,
        s.days.value,
        ",".join(s.rotations),
        s.everyone,
        s.lookahead,
        s.created_by,
        None if s.created_at is None else to_epoch(s.created_at),
        s.handoffs,
        s.mentions,
    )
