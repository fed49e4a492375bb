"""Members' reminder settings and watched shifts on SQL: the ReminderRepository port."""

from __future__ import annotations

from datetime import datetime, time

import peewee

from core.alerts.model import ReminderSetting, WatchedShift
from storage.database import execute_sql
from storage.mapping import from_epoch, to_epoch

_WATCH = "member_id, rotation_id, start_ts, end_ts, horizon_ts, version"


class SqlReminderRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def settings(self, workspace_id: str) -> dict[str, ReminderSetting]:
        cursor = execute_sql(
            self._db,
            "SELECT member_id, at_minute, enabled FROM reminder_setting WHERE workspace_id = %s",
            (workspace_id,),
        )
        return {
            member: ReminderSetting(member, time(minute // 60, minute % 60), bool(enabled))
            for member, minute, enabled in cursor.fetchall()
        }

    def save_setting(self, workspace_id: str, setting: ReminderSetting, now: datetime) -> None:
        minute = setting.at.hour * 60 + setting.at.minute
        execute_sql(
            self._db,
            "INSERT INTO reminder_setting (workspace_id, member_id, at_minute, enabled, "
            "updated_at) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (workspace_id, member_id) "
            "DO UPDATE SET at_minute = excluded.at_minute, enabled = excluded.enabled, "
            "updated_at = excluded.updated_at",
            (workspace_id, setting.member_id, minute, setting.enabled, to_epoch(now)),
        )

    def watched(self, workspace_id: str) -> dict[str, WatchedShift]:
        cursor = execute_sql(
            self._db,
            f"SELECT {_WATCH} FROM shift_watch WHERE workspace_id = %s",
            (workspace_id,),
        )
        return {row[0]: _watched(row) for row in cursor.fetchall()}

    def watch(self, workspace_id: str, shift: WatchedShift) -> bool:
        """The first record is an insert that does nothing on conflict; later ones update
        only the version they read, so two instances never both record one change."""
        values = (
            shift.rotation_id,
            None if shift.start is None else to_epoch(shift.start),
            None if shift.end is None else to_epoch(shift.end),
            to_epoch(shift.horizon),
        )
        if shift.version == 0:
            cursor = execute_sql(
                self._db,
                f"INSERT INTO shift_watch (workspace_id, {_WATCH}) VALUES (%s, %s, %s, %s, %s, "
                "%s, 1) ON CONFLICT (workspace_id, member_id) DO NOTHING",
                (workspace_id, shift.member_id, *values),
            )
        else:
            cursor = execute_sql(
                self._db,
                "UPDATE shift_watch SET rotation_id = %s, start_ts = %s, end_ts = %s, "
                "horizon_ts = %s, version = version + 1 "
                "WHERE workspace_id = %s AND member_id = %s AND version = %s",
                (*values, workspace_id, shift.member_id, shift.version),
            )
        return bool(cursor.rowcount)


def _watched(row: tuple[object, ...]) -> WatchedShift:
    member, rotation, start, end, horizon, version = row
    return WatchedShift(
        member_id=str(member),
        rotation_id=None if rotation is None else str(rotation),
        start=None if start is None else from_epoch(int(str(start))),
        end=None if end is None else from_epoch(int(str(end))),
        horizon=from_epoch(int(str(horizon))),
        version=int(str(version)),
    )
