"""Cover requests on SQL: the CoverRequestRepository port."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee

from core.alerts.model import CoverRequest, Cut, RequestStatus
from core.rotations.model import Override
from storage.database import execute_sql
from storage.mapping import from_epoch, to_epoch

_COLUMNS = (
    "id, workspace_id, rotation_id, member_id, start_ts, end_ts, channel, message_ts, status, "
    "created_by, created_at, covered_by, override_ids, closed_at, cut"
)


class SqlCoverRequestRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def add(self, request: CoverRequest) -> None:
        execute_sql(
            self._db,
            f"INSERT INTO cover_request ({_COLUMNS}) VALUES ({', '.join(['%s'] * 15)})",
            _values(request),
        )

    def get(self, workspace_id: str, request_id: str) -> CoverRequest | None:
        cursor = execute_sql(
            self._db,
            f"SELECT {_COLUMNS} FROM cover_request WHERE workspace_id = %s AND id = %s",
            (workspace_id, request_id),
        )
        row = cursor.fetchone()
        return None if row is None else _request(row)

    def open_overlapping(
        self, workspace_id: str, rotation_id: str, member_id: str, start: datetime, end: datetime
    ) -> list[CoverRequest]:
        cursor = execute_sql(
            self._db,
            f"SELECT {_COLUMNS} FROM cover_request WHERE workspace_id = %s AND rotation_id = %s "
            "AND member_id = %s AND status = %s AND start_ts < %s AND end_ts > %s "
            "ORDER BY start_ts, id",
            (
                workspace_id,
                rotation_id,
                member_id,
                RequestStatus.OPEN.value,
                to_epoch(end),
                to_epoch(start),
            ),
        )
        return [_request(row) for row in cursor.fetchall()]

    def filled_with(self, workspace_id: str, override_id: str) -> CoverRequest | None:
        cursor = execute_sql(
            self._db,
            f"SELECT {_COLUMNS} FROM cover_request WHERE workspace_id = %s AND status = %s "
            "AND ',' || override_ids || ',' LIKE %s",
            (workspace_id, RequestStatus.FILLED.value, f"%,{override_id},%"),
        )
        row = cursor.fetchone()
        return None if row is None else _request(row)

    def set_message(self, workspace_id: str, request_id: str, message_ts: str) -> None:
        execute_sql(
            self._db,
            "UPDATE cover_request SET message_ts = %s WHERE workspace_id = %s AND id = %s",
            (message_ts, workspace_id, request_id),
        )

    def remove(self, workspace_id: str, request_id: str) -> None:
        execute_sql(
            self._db,
            "DELETE FROM cover_request WHERE workspace_id = %s AND id = %s",
            (workspace_id, request_id),
        )

    def transition(
        self,
        workspace_id: str,
        request_id: str,
        *,
        expected: RequestStatus,
        to: RequestStatus,
        covered_by: str | None,
        override_ids: Sequence[str],
        now: datetime,
        cut: Cut | None = None,
    ) -> bool:
        closed = None if to is RequestStatus.OPEN else to_epoch(now)
        cursor = execute_sql(
            self._db,
            "UPDATE cover_request SET status = %s, covered_by = %s, override_ids = %s, "
            "closed_at = %s, cut = %s WHERE workspace_id = %s AND id = %s AND status = %s",
            (
                to.value,
                covered_by,
                ",".join(override_ids),
                closed,
                _dump_cut(cut or Cut()),
                workspace_id,
                request_id,
                expected.value,
            ),
        )
        return bool(cursor.rowcount)


def _request(row: tuple[Any, ...]) -> CoverRequest:
    (id_, ws, rotation, member, start, end, channel, ts, status, by, at, covered, made, closed) = (
        row[:14]
    )
    return CoverRequest(
        id=id_,
        workspace_id=ws,
        rotation_id=rotation,
        member_id=member,
        start=from_epoch(start),
        end=from_epoch(end),
        channel=channel,
        status=RequestStatus(status),
        created_by=by,
        created_at=from_epoch(at),
        message_ts=ts,
        covered_by=covered,
        override_ids=tuple(i for i in made.split(",") if i),
        closed_at=None if closed is None else from_epoch(closed),
        cut=_load_cut(row[14]),
    )


def _values(r: CoverRequest) -> tuple[Any, ...]:
    return (
        r.id,
        r.workspace_id,
        r.rotation_id,
        r.member_id,
        to_epoch(r.start),
        to_epoch(r.end),
        r.channel,
        r.message_ts,
        r.status.value,
        r.created_by,
        to_epoch(r.created_at),
        r.covered_by,
        ",".join(r.override_ids),
        None if r.closed_at is None else to_epoch(r.closed_at),
        _dump_cut(r.cut),
    )


def _dump_cut(cut: Cut) -> str:
    was = [
        {
            "id": o.id,
            "workspace_id": o.workspace_id,
            "rotation_id": o.rotation_id,
            "member_id": o.member_id,
            "start": to_epoch(o.start),
            "end": to_epoch(o.end),
            "created_by": o.created_by,
            "created_at": to_epoch(o.created_at),
        }
        for o in cut.was
    ]
    return json.dumps({"was": was, "pieces": list(cut.pieces)}) if was or cut.pieces else ""


def _load_cut(text: str) -> Cut:
    if not text:
        return Cut()
    data = json.loads(text)
    was = tuple(
        Override(
            **{k: v for k, v in o.items() if k not in ("start", "end", "created_at")},
            start=from_epoch(o["start"]),
            end=from_epoch(o["end"]),
            created_at=from_epoch(o["created_at"]),
        )
        for o in data["was"]
    )
    return Cut(was, tuple(data["pieces"]))
