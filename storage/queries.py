"""Running read queries: rows as plain tuples (fast, no model instances) and counted pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar, cast

import peewee

from core.model import Page
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
