"""Values every capability shares: opaque ids and pages of results."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def new_id(prefix: str) -> str:
    """An opaque, unguessable id (96 random bits) with a type prefix: `mem_…`, `avail_…`."""
    return f"{prefix}_{secrets.token_hex(12)}"


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    count: int
    items: Sequence[T]
    page: int = 0
    page_size: int = DEFAULT_PAGE_SIZE
    sorted_by: tuple[str, ...] = field(default=("start",))
