"""Running read queries: rows as plain tuples (fast, no model instances) and counted pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias, TypeVar, cast

import peewee

from core.model import Page
from storage.database import execute_sql
from storage.mapping import Row

T = TypeVar("T")


Query: TypeAlias = "peewee.ModelSelect[Any]"  # generic in the stubs only


def rows_of(query: Query) -> list[Row]:
    """Every row of `query` as a tuple, in the order of its selected columns.

    Straight from the cursor: peewee's per-field conversion costs more than the query
    itself on thousands of rows, and mapping.py converts what needs converting."""
    cursor = query.model._meta.database.execute(query)
    return cast(list[Row], cursor.fetchall())


def first_row(query: Query) -> Row | None:
    return cast(Row | None, query.tuples().first())


def fetch_page(
    query: Query,
    order_by: tuple[Any, ...],
    convert: Callable[[Row], T],
    *,
    page: int,
    page_size: int,
    sorted_by: tuple[str, ...],
) -> Page[T]:
    """Page `page` (from 0) of `query`, with `count` the total across pages."""
    if page < 0 or page_size < 1:
        raise ValueError(f"page {page} of size {page_size}: page ≥ 0, size ≥ 1")
    count = query.count()
    rows = rows_of(query.order_by(*order_by).limit(page_size).offset(page * page_size))
    return Page(
        count=count,
        items=[convert(row) for row in rows],
        page=page,
        page_size=page_size,
        sorted_by=sorted_by,
    )


def chunked(values: list[str], size: int = 500) -> list[list[str]]:
    """Slices small enough for an IN (...) list on every engine."""
    return [values[i : i + size] for i in range(0, len(values), size)]


class HotQueries:
    """Raw SQL for the lookups every Slack request makes (peewee spends longer building a
    query than the database spends answering it); fixed columns of one table."""

    def __init__(self, db: peewee.Database, table: str, columns: Sequence[str]) -> None:
        self._db = db
        self._head = f"SELECT {', '.join(columns)} FROM {table} WHERE workspace_id = %s"

    def one(self, workspace_id: str, key: str, value: object) -> Row | None:
        cursor = execute_sql(self._db, f"{self._head} AND {key} = %s", (workspace_id, value))
        return cast(Row | None, cursor.fetchone())

    def all(self, workspace_id: str, order: str) -> list[Row]:
        cursor = execute_sql(self._db, f"{self._head} ORDER BY {order}", (workspace_id,))
        return cast(list[Row], cursor.fetchall())
