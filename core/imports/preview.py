"""CSV import (docs/imports.md): plan what a file would create, and store it (the preview)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.collector import collector_paused
from core.imports.model import ImportRecord, ImportStatus, ImportVerdict, PlannedRow, SyncSummary
from core.imports.plan import EmailLookup, Planner, Progress
from core.imports.read import decode, read_batches
from core.imports.sync import SyncPlan, SyncWindow, plan_sync
from core.model import new_id
from core.people.model import Actor, Member
from core.people.permissions import require_admin
from core.ports import ImportStore
from core.records.model import UnavailabilityType
from core.time.spans import zone

__all__ = ["EmailLookup", "ImportPlan", "SyncRequest", "preview_import", "sync_summary"]


@dataclass(frozen=True)
class ImportPlan:
    """The preview: what a commit would create, what it skips, and what is wrong."""

    record: ImportRecord
    rows: list[PlannedRow]
    members: dict[str, Member] = field(repr=False)
    types: dict[str, UnavailabilityType] = field(repr=False)
    sync: SyncPlan | None = None

    @property
    def ok(self) -> bool:
        return self.record.verdict.ok


def preview_import(
    store: ImportStore,
    actor: Actor,
    *,
    workspace_id: str,
    data: bytes,
    file_name: str,
    default_zone: str,
    now: datetime,
    lookup: EmailLookup | None = None,
    sync: SyncRequest | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Plan the file against the database and store the import (never its records).

    With `sync` (docs/imports.md#syncs) the file is the whole truth for that source in its
    window: the stored rows are all the file's rows, and the verdict counts the plan.
    `progress` hears how far the reading got (core.imports.plan.Progress)."""
    require_admin(actor, "import time off")
    header, batches = read_batches(decode(data))
    planner = Planner(store, workspace_id, zone(default_zone), lookup, file_name)
    with collector_paused():  # 100,000 planned rows, all alive until answered
        rows, errors, invalid, duplicates, total = planner.plan(
            header, batches, sync is not None, progress
        )
    synced: SyncPlan | None = None
    summary: SyncSummary | None = None
    if sync is not None:
        synced = plan_sync(
            store, workspace_id, sync.source, rows, sync.window, now, actor.member_id
        )
        errors = sorted([*errors, *synced.errors], key=lambda e: (e.line or 0, e.column or ""))
        summary = sync_summary(sync, synced)
    verdict = ImportVerdict(tuple(invalid), tuple(errors), header.unknown)
    record = ImportRecord(
        id=new_id("imp"),
        workspace_id=workspace_id,
        file_name=file_name,
        created_by=actor.member_id,
        created_at=now,
        status=ImportStatus.PREVIEWED if verdict.ok else ImportStatus.FAILED,
        rows_total=total,
        to_create=(len(synced.created) if synced else len(rows)) if verdict.ok else 0,
        duplicates=duplicates,
        verdict=verdict,
        sync=summary,
    )
    with store.transaction():
        store.imports.add(record, rows if verdict.ok else [])
    return ImportPlan(
        record, rows if verdict.ok else [], planner.members, planner.types_by_id, synced
    )


@dataclass(frozen=True)
class SyncRequest:
    """`--source NAME [--window FROM..TO]`: `source` is the full value, `sync:NAME`."""

    source: str
    window: SyncWindow = field(default_factory=SyncWindow)


def sync_summary(request: SyncRequest, plan: SyncPlan) -> SyncSummary:
    return SyncSummary(
        request.source,
        request.window.start,
        request.window.end,
        created=len(plan.created),
        changed=len(plan.changed),
        removed=len(plan.removed),
        superseded=len(plan.superseded),
        unchanged=len(plan.unchanged),
    )
