"""Frozen values of the domain: workspaces, members, types, unavailability, pages."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from core.errors import RowError

LOCAL_WORKSPACE = "T0LOCAL"
DEFAULT_TYPE = "Time off"
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def new_id(prefix: str) -> str:
    """An opaque, unguessable id (96 random bits) with a type prefix: `mem_…`, `avail_…`."""
    return f"{prefix}_{secrets.token_hex(12)}"


class Kind(StrEnum):
    """What a type means for on-call."""

    HARD = "hard_unavailable"
    SOFT = "soft_unavailable"
    WANTS_PAGER = "wants_pager"


@dataclass(frozen=True)
class Workspace:
    id: str
    timezone: str | None
    created_at: datetime


@dataclass(frozen=True)
class Member:
    id: str
    workspace_id: str
    email: str
    name: str
    tz: str | None
    slack_user_id: str | None = None
    admin: bool = False
    active: bool = True


@dataclass(frozen=True)
class UnavailabilityType:
    id: str
    workspace_id: str
    name: str
    kind: Kind
    description: str = ""
    paid: bool = False
    private: bool = False
    archived: bool = False


@dataclass(frozen=True)
class Span:
    """A half-open interval [start, end) of aware instants; `all_day` when whole local days."""

    start: datetime
    end: datetime
    all_day: bool = False


@dataclass(frozen=True)
class Unavailability:
    id: str
    workspace_id: str
    member_id: str
    type_id: str
    start: datetime
    end: datetime
    all_day: bool
    source: str
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    name: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.all_day)


@dataclass(frozen=True)
class RecordView:
    """A record with the member and type it names, as listings and replies show it."""

    record: Unavailability
    member: Member
    type: UnavailabilityType


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    count: int
    items: Sequence[T]
    page: int = 0
    page_size: int = DEFAULT_PAGE_SIZE
    sorted_by: tuple[str, ...] = field(default=("start",))


@dataclass(frozen=True)
class Actor:
    """Who acts: a member with that member's rights, or the operator (`member is None`)."""

    member: Member | None = None

    @property
    def is_admin(self) -> bool:
        return self.member is None or self.member.admin

    @property
    def label(self) -> str:
        return "operator" if self.member is None else self.member.email

    @property
    def member_id(self) -> str | None:
        return None if self.member is None else self.member.id


OPERATOR = Actor()


class ImportStatus(StrEnum):
    PREVIEWED = "previewed"
    FAILED = "failed"
    COMMITTED = "committed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A record an import would create, with the file line it came from and the id the
    record will have once saved (so a commit can only ever insert it once)."""

    line: int
    record_id: str
    member_id: str
    type_id: str
    start: datetime
    end: datetime
    all_day: bool
    name: str | None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.all_day)


@dataclass(frozen=True)
class ImportRecord:
    """One stored CSV import: who previewed it, its verdict, and whether it was saved."""

    id: str
    workspace_id: str
    file_name: str
    created_by: str | None
    created_at: datetime
    status: ImportStatus
    rows_total: int
    to_create: int
    duplicates: int
    verdict: ImportVerdict
    committed_by: str | None = None
    committed_at: datetime | None = None
    created: int = 0


@dataclass(frozen=True)
class ImportVerdict:
    """What a preview found wrong: unmatched emails, row errors, and unknown columns."""

    invalid: tuple[str, ...] = ()
    errors: tuple[RowError, ...] = ()
    unknown_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.invalid and not self.errors
