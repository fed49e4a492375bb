"""Shift swaps on SQL: the ShiftSwapRepository port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee

from core.alerts.model import ShiftSwap, SwapStatus
from storage.database import execute_sql
from storage.mapping import from_epoch, to_epoch

_COLUMNS = (
    "id, workspace_id, requester_id, teammate_id, mine_rotation_id, mine_start_ts, mine_end_ts, "
    "theirs_rotation_id, theirs_start_ts, theirs_end_ts, status, created_at, override_ids, "
    "closed_at"
)


class SqlShiftSwapRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def add(self, swap: ShiftSwap) -> None:
        execute_sql(
            self._db,
            f"INSERT INTO shift_swap ({_COLUMNS}) VALUES ({', '.join(['%s'] * 14)})",
            _values(swap),
        )

    def get(self, workspace_id: str, swap_id: str) -> ShiftSwap | None:
        cursor = execute_sql(
            self._db,
            f"SELECT {_COLUMNS} FROM shift_swap WHERE workspace_id = %s AND id = %s",
            (workspace_id, swap_id),
        )
        row = cursor.fetchone()
        return None if row is None else _swap(row)

    def answer(
        self,
        workspace_id: str,
        swap_id: str,
        *,
        to: SwapStatus,
        override_ids: Sequence[str],
        now: datetime,
    ) -> bool:
        cursor = execute_sql(
            self._db,
            "UPDATE shift_swap SET status = %s, override_ids = %s, closed_at = %s "
            "WHERE workspace_id = %s AND id = %s AND status = %s",
            (
                to.value,
                ",".join(override_ids),
                to_epoch(now),
                workspace_id,
                swap_id,
                SwapStatus.OPEN.value,
            ),
        )
        return bool(cursor.rowcount)


def _swap(row: tuple[Any, ...]) -> ShiftSwap:
    (id_, ws, requester, teammate, m_rot, m_start, m_end, t_rot, t_start, t_end) = row[:10]
    status, created, made, closed = row[10:]
    return ShiftSwap(
        id=id_,
        workspace_id=ws,
        requester_id=requester,
        teammate_id=teammate,
        mine=(m_rot, from_epoch(m_start), from_epoch(m_end)),
        theirs=(t_rot, from_epoch(t_start), from_epoch(t_end)),
        status=SwapStatus(status),
        created_at=from_epoch(created),
        override_ids=tuple(i for i in made.split(",") if i),
        closed_at=None if closed is None else from_epoch(closed),
    )


def _values(s: ShiftSwap) -> tuple[Any, ...]:
    return (
        s.id,
        s.workspace_id,
        s.requester_id,
        s.teammate_id,
        s.mine[0],
        to_epoch(s.mine[1]),
        to_epoch(s.mine[2]),
        s.theirs[0],
        to_epoch(s.theirs[1]),
        to_epoch(s.theirs[2]),
        s.status.value,
        to_epoch(s.created_at),
        ",".join(s.override_ids),
        None if s.closed_at is None else to_epoch(s.closed_at),
    )
