"""Coverage alerts on SQL: the AlertRepository port (table gap_alert)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import peewee

from core.alerts.plan import Alert, AlertStatus, Closure
from storage.database import execute_sql
from storage.mapping import from_epoch, to_epoch

_COLUMNS = (
    "id, workspace_id, subscription_id, channel, rotation_id, rotation_name, start_ts, end_ts, "
    "status, said, created_at, updated_at, shown, message_ts, closed_why, closed_by"
)
_LIVE = (AlertStatus.OPEN.value, AlertStatus.CLOSING.value)


class SqlAlertRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def live(self, workspace_id: str) -> list[Alert]:
        cursor = execute_sql(
            self._db,
            f"SELECT {_COLUMNS} FROM gap_alert WHERE workspace_id = %s AND status IN (%s, %s) "
            "ORDER BY created_at, id",
            (workspace_id, *_LIVE),
        )
        return [_alert(row) for row in cursor.fetchall()]

    def live_workspaces(self) -> list[str]:
        cursor = execute_sql(
            self._db,
            "SELECT DISTINCT workspace_id FROM gap_alert WHERE status IN (%s, %s) "
            "ORDER BY workspace_id",
            _LIVE,
        )
        return [row[0] for row in cursor.fetchall()]

    def add(self, alert: Alert) -> None:
        execute_sql(
            self._db,
            f"INSERT INTO gap_alert ({_COLUMNS}) VALUES ({', '.join(['%s'] * 16)})",
            _values(alert),
        )

    def update(self, alert: Alert) -> None:
        execute_sql(
            self._db,
            "UPDATE gap_alert SET start_ts = %s, end_ts = %s, status = %s, said = %s, "
            "closed_why = %s, closed_by = %s, updated_at = %s WHERE id = %s",
            (
                to_epoch(alert.start),
                to_epoch(alert.end),
                alert.status.value,
                alert.said,
                None if alert.closed_why is None else alert.closed_why.value,
                ",".join(alert.closed_by),
                to_epoch(alert.updated_at),
                alert.id,
            ),
        )

    def showing(
        self, alert_id: str, *, shown: str, now: datetime, message_ts: str | None = None
    ) -> None:
        execute_sql(
            self._db,
            "UPDATE gap_alert SET shown = %s, message_ts = COALESCE(%s, message_ts), "
            "status = CASE WHEN status = %s AND said = %s THEN %s ELSE status END, "
            "updated_at = %s WHERE id = %s",
            (
                shown,
                message_ts,
                AlertStatus.CLOSING.value,
                shown,
                AlertStatus.CLOSED.value,
                to_epoch(now),
                alert_id,
            ),
        )

    def get(self, alert_id: str) -> Alert | None:
        row = execute_sql(
            self._db, f"SELECT {_COLUMNS} FROM gap_alert WHERE id = %s", (alert_id,)
        ).fetchone()
        return None if row is None else _alert(row)


def _values(a: Alert) -> tuple[Any, ...]:
    return (
        a.id,
        a.workspace_id,
        a.subscription_id,
        a.channel,
        a.rotation_id,
        a.rotation_name,
        to_epoch(a.start),
        to_epoch(a.end),
        a.status.value,
        a.said,
        to_epoch(a.created_at),
        to_epoch(a.updated_at),
        a.shown,
        a.message_ts,
        None if a.closed_why is None else a.closed_why.value,
        ",".join(a.closed_by),
    )


def _alert(row: tuple[Any, ...]) -> Alert:
    id_, ws, sub, channel, rotation_id, rotation_name, start, end, status, said = row[:10]
    created, updated, shown, ts, why, by = row[10:]
    return Alert(
        id=id_,
        workspace_id=ws,
        subscription_id=sub,
        channel=channel,
        rotation_id=rotation_id,
        rotation_name=rotation_name,
        start=from_epoch(start),
        end=from_epoch(end),
        status=AlertStatus(status),
        said=said,
        created_at=from_epoch(created),
        updated_at=from_epoch(updated),
        shown=shown,
        message_ts=ts,
        closed_why=None if why is None else Closure(why),
        closed_by=tuple(i for i in (by or "").split(",") if i),
    )
