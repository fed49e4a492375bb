"""Frozen values of imports: planned rows, row errors, the verdict, the stored import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from core.records.model import Unavailability
from core.time.spans import Span


class ImportStatus(StrEnum):
    PREVIEWED = "previewed"
    FAILED = "failed"
    COMMITTED = "committed"
    CANCELLED = "cancelled"


class PlannedRow(NamedTuple):
    """A record an import would create, with the file line it came from and the id the
    record will have once saved (so a commit can only ever insert it once). A NamedTuple:
    an import makes 100,000 of them, and a frozen dataclass's __init__ costs four times as
    much (one object.__setattr__ per field)."""

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

    def record(
        self, workspace_id: str, source: str, now: datetime, created_by: str | None
    ) -> Unavailability:
        """The record this row becomes once saved, under the id it was planned with."""
        return Unavailability(
            id=self.record_id,
            workspace_id=workspace_id,
            member_id=self.member_id,
            type_id=self.type_id,
            start=self.start,
            end=self.end,
            all_day=self.all_day,
            source=source,
            created_by=created_by,
            created_at=now,
            updated_at=now,
            name=self.name,
        )


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
    sync: SyncSummary | None = None

    @property
    def skipped(self) -> int:
        """Rows not created because a stored record is identical: those the preview found,
        and, once saved, those that became identical between the preview and the save
        (another import saving the same rows first)."""
        if self.status is not ImportStatus.COMMITTED:
            return self.duplicates
        return self.duplicates + max(self.to_create - self.created, 0)


@dataclass(frozen=True)
class SyncSummary:
    """An authoritative import (`--source NAME`): its source value, the window asked for
    (None: from the first row / open-ended), and what the preview, then the commit, counted."""

    source: str
    window_start: datetime | None = None
    window_end: datetime | None = None
    created: int = 0
    changed: int = 0
    removed: int = 0
    superseded: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportVerdict:
    """What a preview found wrong: unmatched emails, row errors, and unknown columns."""

    invalid: tuple[str, ...] = ()
    errors: tuple[RowError, ...] = ()
    unknown_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.invalid and not self.errors

    @property
    def header_missing(self) -> bool:
        """The header lacks a required column: the one error about the whole file."""
        return any(error.line is None for error in self.errors)


@dataclass(frozen=True)
class RowError:
    """A problem with one row of an import: its first physical line and the column."""

    line: int | None
    column: str | None
    message: str
