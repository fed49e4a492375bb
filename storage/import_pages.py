"""A preview's planned rows as pages: one row of `csv_import_page` holds ~2,000 of them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import peewee

from core.imports.model import PlannedRow
from storage.database import copy_rows, execute_sql
from storage.mapping import from_epoch, to_epoch

# 100,000 rows are 50 pages: a preview writes 50 rows instead of 100,000 (0.3 s on SQLite,
# more than the raw floor's whole insert), and a listing's page of 2,000 reads one or two.
PAGE_ROWS = 2_000
PAGE_COLUMNS = (
    "import_id",
    "page",
    "first_line",
    "last_line",
    "rows_count",
    "start_ts",
    "end_ts",
    "members",
    "data",
)


@dataclass(frozen=True, slots=True)
class Page:
    """One page as read: its members (distinct, as `data` indexes them) and its columns.

    `data` is JSON, a list per column: `line`, `id`, `start`, `end` (epoch seconds) and
    `all_day` as they are; `member`, `type` and `name` as indexes into `members`, `types`
    and `names`, the few distinct values each page repeats. Plain JSON both ways (never
    pickle: the database is no place to trust code from)."""

    members: list[str]
    data: dict[str, list[Any]]

    @classmethod
    def read(cls, members: str, data: str) -> Page:
        return cls(json.loads(members), json.loads(data))

    @property
    def lines(self) -> list[int]:
        return self.data["line"]

    @property
    def member_ids(self) -> list[str]:
        return list(map(self.members.__getitem__, self.data["member"]))

    def rows(self) -> list[PlannedRow]:
        data = self.data
        when = {e: from_epoch(e) for e in {*data["start"], *data["end"]}}
        return list(
            map(
                PlannedRow,
                data["line"],
                data["id"],
                self.member_ids,
                map(data["types"].__getitem__, data["type"]),
                map(when.__getitem__, data["start"]),
                map(when.__getitem__, data["end"]),
                data["all_day"],
                map(data["names"].__getitem__, data["name"]),
            )
        )

    def columns(self) -> Columns:
        """The page's lines, and its records' columns (STAGED_COLUMNS) as they are stored."""
        data = self.data
        return data["line"], (
            data["id"],
            self.member_ids,
            map(data["types"].__getitem__, data["type"]),
            data["start"],
            data["end"],
            data["all_day"],
            map(data["names"].__getitem__, data["name"]),
        )


# A batch of rows to insert: their lines, and a column (iterable) per STAGED_COLUMNS.
Columns = tuple[list[int], tuple[Iterable[Any], ...]]
STAGED_COLUMNS = ("id", "member_id", "type_id", "start_ts", "end_ts", "all_day", "name")


def row_columns(rows: Sequence[PlannedRow]) -> Columns:
    """Planned rows as Page.columns gives them, each column taken in C."""
    starts, ends = list(map(_START, rows)), list(map(_END, rows))
    epoch = {m: to_epoch(m) for m in {*starts, *ends}}
    return list(map(_LINE, rows)), (
        map(_ID, rows),
        map(_MEMBER, rows),
        map(_TYPE, rows),
        map(epoch.__getitem__, starts),
        map(epoch.__getitem__, ends),
        map(_ALL_DAY, rows),
        map(_NAME, rows),
    )


_LINE, _ID, _MEMBER, _TYPE, _START, _END, _ALL_DAY, _NAME = map(itemgetter, range(8))


def page_values(import_id: str, rows: Sequence[PlannedRow]) -> Iterator[tuple[Any, ...]]:
    """The rows (in line order) as the page table holds them, a page made as it is written.
    Their instants are mostly the same few hundred days (one datetime object each, from
    the planner's cache): each is converted once."""
    epoch: dict[Any, int] = {}
    for number, at in enumerate(range(0, len(rows), PAGE_ROWS)):
        chunk = rows[at : at + PAGE_ROWS]
        for moment in {r.start for r in chunk} | {r.end for r in chunk}:
            if moment not in epoch:
                epoch[moment] = to_epoch(moment)
        yield _page(import_id, number, chunk, epoch)


def _page(
    import_id: str, number: int, rows: Sequence[PlannedRow], epoch: dict[Any, int]
) -> tuple[Any, ...]:
    members: dict[str, int] = {}
    types: dict[str, int] = {}
    names: dict[str | None, int] = {}
    starts = list(map(epoch.__getitem__, map(_START, rows)))  # columns taken in C
    ends = list(map(epoch.__getitem__, map(_END, rows)))
    data = {
        "line": list(map(_LINE, rows)),
        "id": list(map(_ID, rows)),
        "member": [members.setdefault(m, len(members)) for m in map(_MEMBER, rows)],
        "type": [types.setdefault(t, len(types)) for t in map(_TYPE, rows)],
        "start": starts,
        "end": ends,
        "all_day": list(map(_ALL_DAY, rows)),
        "name": [names.setdefault(n, len(names)) for n in map(_NAME, rows)],
        "types": list(types),
        "names": list(names),
    }
    return (
        import_id,
        number,
        rows[0].line,
        rows[-1].line,
        len(rows),
        min(starts),
        max(ends),
        _json(list(members)),
        _json(data),
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def move_import_rows(db: peewee.Database) -> None:
    """Migration 17: each import's rows of the old `csv_import_row` table into pages."""
    cursor = execute_sql(db, "SELECT DISTINCT import_id FROM csv_import_row ORDER BY import_id")
    for (import_id,) in cursor.fetchall():
        found = execute_sql(
            db,
            "SELECT line, record_id, member_id, type_id, start_ts, end_ts, all_day, name "
            "FROM csv_import_row WHERE import_id = %s ORDER BY line",
            (import_id,),
        )
        rows = [
            PlannedRow(
                line, id_, member, type_, from_epoch(start), from_epoch(end), bool(day), name
            )
            for line, id_, member, type_, start, end, day, name in found.fetchall()
        ]
        copy_rows(db, "csv_import_page", PAGE_COLUMNS, page_values(import_id, rows))
