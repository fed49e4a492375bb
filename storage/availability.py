"""Calendars, day types, assignments, patterns and shift cycles on SQL: the
AvailabilityRepository port. Each section is replaced whole, in file order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import peewee

from core.effective.model import (
    AvailabilityPattern,
    Calendar,
    DayAssignment,
    DayType,
    Definitions,
    Hours,
    LocalInterval,
    ShiftPattern,
)
from storage.database import execute_many, execute_sql
from storage.mapping import fold

CALENDAR = "availability_calendar"
DAY_TYPE = "availability_day_type"
ASSIGNMENT = "availability_day_assignment"
PATTERN = "availability_pattern"
SHIFT = "availability_shift"
_IN_LIMIT = 500  # more members than this are filtered after reading every row
COLUMNS = {
    CALENDAR: "name, name_key, country, subdivision, closed, hours, member_ids",
    DAY_TYPE: "name, name_key, intervals",
    ASSIGNMENT: "member_id, day_type, dates",
    PATTERN: "member_id, rrule, intervals, start_date",
    SHIFT: "member_id, cycle, start_date",
}


class SqlAvailabilityRepository:
    def __init__(self, db: peewee.Database) -> None:
        self._db = db

    def definitions(
        self, workspace_id: str, member_ids: Sequence[str] | None = None
    ) -> Definitions:
        """Member rows are filtered in SQL; calendars (few) after reading them."""
        wanted = None if member_ids is None else set(member_ids)
        calendars = [_calendar(row) for row in self._rows(CALENDAR, workspace_id)]
        return Definitions(
            day_types={t.name: t for t in map(_day_type, self._rows(DAY_TYPE, workspace_id))},
            assignments=tuple(map(_assignment, self._rows(ASSIGNMENT, workspace_id, wanted))),
            calendars=tuple(
                c for c in calendars if wanted is None or wanted.intersection(c.members)
            ),
            shifts=tuple(map(_shift, self._rows(SHIFT, workspace_id, wanted))),
            patterns=tuple(map(_pattern, self._rows(PATTERN, workspace_id, wanted))),
        )

    def _rows(
        self, table: str, workspace_id: str, member_ids: set[str] | None = None
    ) -> list[tuple[Any, ...]]:
        sql = f"SELECT {COLUMNS[table]} FROM {table} WHERE workspace_id = %s"
        params: list[object] = [workspace_id]
        filtered = member_ids is not None and len(member_ids) <= _IN_LIMIT
        if member_ids is not None and filtered:
            sql += f" AND member_id IN ({', '.join(['%s'] * len(member_ids))})"
            params += sorted(member_ids)
        rows = execute_sql(self._db, sql + " ORDER BY seq", params).fetchall()
        if member_ids is None or filtered:
            return [tuple(row) for row in rows]
        return [tuple(row) for row in rows if row[0] in member_ids]  # member_id comes first

    def replace_calendars(self, workspace_id: str, calendars: Sequence[Calendar]) -> None:
        self._replace(CALENDAR, workspace_id, [_calendar_row(c) for c in calendars])

    def replace_day_types(self, workspace_id: str, day_types: Sequence[DayType]) -> None:
        rows = [(t.name, fold(t.name), _hours_json(t.intervals)) for t in day_types]
        self._replace(DAY_TYPE, workspace_id, rows)

    def replace_assignments(self, workspace_id: str, assignments: Sequence[DayAssignment]) -> None:
        rows = [(a.member_id, a.day_type, _dates_json(a.dates)) for a in assignments]
        self._replace(ASSIGNMENT, workspace_id, rows)

    def replace_patterns(self, workspace_id: str, patterns: Sequence[AvailabilityPattern]) -> None:
        rows = [
            (p.member_id, p.rrule, _hours_json(p.intervals), p.start.isoformat()) for p in patterns
        ]
        self._replace(PATTERN, workspace_id, rows)

    def replace_shifts(self, workspace_id: str, shifts: Sequence[ShiftPattern]) -> None:
        rows = [
            (s.member_id, json.dumps([_hours_list(h) for h in s.cycle]), s.start.isoformat())
            for s in shifts
        ]
        self._replace(SHIFT, workspace_id, rows)

    def _replace(self, table: str, workspace_id: str, rows: list[tuple[Any, ...]]) -> None:
        with self._db.atomic():
            execute_sql(self._db, f"DELETE FROM {table} WHERE workspace_id = %s", (workspace_id,))
            execute_many(
                self._db,
                f"INSERT INTO {table} (workspace_id, seq, {COLUMNS[table]}) VALUES %s",
                [(workspace_id, seq, *row) for seq, row in enumerate(rows)],
            )


def _hours_list(hours: Hours | None) -> list[str] | None:
    return None if hours is None else [str(h) for h in hours]


def _hours_json(hours: Hours) -> str:
    return json.dumps(_hours_list(hours))


def _hours(texts: list[str]) -> Hours:
    return tuple(LocalInterval.parse(t) for t in texts)


# A team shares a few hours and cycles, written once per member: each distinct text is
# parsed once, into values the rows share (5,000 members made 7,000 LocalIntervals, and as
# many tuples, all alive while their days are computed).
@lru_cache(maxsize=1024)
def _hours_text(text: str) -> Hours:
    return _hours(json.loads(text))


@lru_cache(maxsize=1024)
def _cycle_text(text: str) -> tuple[Hours | None, ...]:
    return tuple(None if h is None else _hours(h) for h in json.loads(text))


def _dates_json(dates: Sequence[date]) -> str:
    return json.dumps([d.isoformat() for d in dates])


def _dates(text: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(d) for d in json.loads(text))


def _calendar_row(calendar: Calendar) -> tuple[Any, ...]:
    hours = {d.isoformat(): _hours_list(h) for d, h in calendar.hours.items()}
    return (
        calendar.name,
        fold(calendar.name),
        calendar.country,
        calendar.subdivision,
        _dates_json(calendar.closed),
        json.dumps(hours),
        json.dumps(list(calendar.members)),
    )


def _calendar(row: tuple[Any, ...]) -> Calendar:
    name, _, country, subdivision, closed, hours, member_ids = row
    special = {date.fromisoformat(d): _hours(h) for d, h in json.loads(hours).items()}
    return Calendar(
        name, tuple(json.loads(member_ids)), country, subdivision, _dates(closed), special
    )


def _day_type(row: tuple[Any, ...]) -> DayType:
    return DayType(row[0], _hours_text(row[2]))


def _assignment(row: tuple[Any, ...]) -> DayAssignment:
    return DayAssignment(row[0], row[1], _dates(row[2]))


def _pattern(row: tuple[Any, ...]) -> AvailabilityPattern:
    member_id, rule, intervals, start = row
    return AvailabilityPattern(member_id, rule, _hours_text(intervals), date.fromisoformat(start))


def _shift(row: tuple[Any, ...]) -> ShiftPattern:
    member_id, cycle, start = row
    return ShiftPattern(member_id, _cycle_text(cycle), date.fromisoformat(start))
