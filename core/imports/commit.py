"""Committing a previewed import exactly once, or cancelling it (docs/imports.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from core.errors import ImportCollides, ImportNotCommittable, UnknownImport
from core.imports.model import ImportRecord, ImportStatus, PlannedRow, RowError, SyncSummary
from core.imports.preview import SyncRequest, sync_summary
from core.imports.sync import SyncPlan, SyncWindow, apply_plan, plan_sync, sync_transaction
from core.people.model import Actor
from core.people.permissions import require_admin
from core.ports import ImportStore
from core.records.model import Unavailability
from core.records.sources import import_source


@dataclass(frozen=True)
class CommitOutcome:
    """The import after the commit, and how many records this call created."""

    record: ImportRecord
    created: int
    already_saved: bool
    sync: SyncPlan | None = None


def commit_import(
    store: ImportStore,
    actor: Actor,
    *,
    workspace_id: str,
    import_id: str,
    now: datetime,
    rows: Sequence[PlannedRow] | None = None,
) -> CommitOutcome:
    """Create exactly the previewed records in one transaction, once however often asked.

    The import is re-read under the transaction's lock, so committers racing (double
    clicks, two admins, two processes) save it once; the rows are re-checked against the
    records stored now: identical ones are skipped, overlapping ones fail the whole commit.
    `rows`: the import's rows when the caller holds them (the preview it just stored: a
    stored import's rows never change), else read from the store."""
    require_admin(actor, "save imports")
    found = store.imports.get(workspace_id, import_id)
    if found is None:
        raise UnknownImport(import_id)
    if found.sync is not None:
        return _commit_sync(store, actor, found, found.sync, now, rows)
    members = (
        store.imports.member_ids(workspace_id, import_id)
        if rows is None
        else {r.member_id for r in rows}
    )
    with store.transaction(lock_members=sorted(members)):
        current = store.imports.lock(workspace_id, import_id) or found
        if current.status is ImportStatus.COMMITTED:
            return CommitOutcome(current, 0, already_saved=True)
        _require_previewed(current)
        pairs = store.imports.collisions(workspace_id, import_id, rows)
        errors = _collisions(pairs)
        if errors:
            raise ImportCollides(errors)
        created = store.imports.commit_rows(
            workspace_id,
            import_id,
            source=import_source(import_id),
            created_by=actor.member_id,
            now=now,
            skip={row.line for row, _ in pairs},  # left: those identical to a stored record
            rows=rows,
        )
        done = replace(
            current,
            status=ImportStatus.COMMITTED,
            committed_by=actor.member_id,
            committed_at=now,
            created=created,
        )
        store.imports.finish(done)
    return CommitOutcome(done, created, already_saved=False)


def _commit_sync(
    store: ImportStore,
    actor: Actor,
    found: ImportRecord,
    sync: SyncSummary,
    now: datetime,
    rows: Sequence[PlannedRow] | None,
) -> CommitOutcome:
    """An authoritative import: planned again against the records stored now, under the
    locks of its members and of the source's, then applied in the same transaction."""
    ws = found.workspace_id
    if rows is None:
        rows = store.imports.rows(ws, found.id)
    window = SyncWindow(sync.window_start, sync.window_end)
    with sync_transaction(store, ws, sync.source, rows, window):
        current = store.imports.lock(ws, found.id) or found
        if current.status is ImportStatus.COMMITTED:
            return CommitOutcome(current, 0, already_saved=True)
        _require_previewed(current)
        plan = plan_sync(store, ws, sync.source, rows, window, now, actor.member_id)
        if not plan.ok:
            raise ImportCollides(plan.errors)
        apply_plan(store, ws, plan)
        request = SyncRequest(sync.source, window)
        done = replace(
            current,
            status=ImportStatus.COMMITTED,
            committed_by=actor.member_id,
            committed_at=now,
            created=len(plan.created),
            sync=sync_summary(request, plan),
        )
        store.imports.finish(done)
    return CommitOutcome(done, len(plan.created), already_saved=False, sync=plan)


def cancel_import(
    store: ImportStore, actor: Actor, *, workspace_id: str, import_id: str, now: datetime
) -> ImportRecord:
    """Mark a preview cancelled; a saved import stays saved."""
    require_admin(actor, "cancel imports")
    with store.transaction():
        current = store.imports.lock(workspace_id, import_id)
        if current is None:
            raise UnknownImport(import_id)
        if current.status is ImportStatus.CANCELLED:
            return current
        if current.status is ImportStatus.COMMITTED:
            raise ImportNotCommittable(import_id, current.status, current.created)
        done = replace(
            current, status=ImportStatus.CANCELLED, committed_by=actor.member_id, committed_at=now
        )
        store.imports.finish(done)
    return done


def _require_previewed(record: ImportRecord) -> None:
    if record.status in (ImportStatus.FAILED, ImportStatus.CANCELLED):
        raise ImportNotCommittable(record.id, record.status)


def _collisions(pairs: list[tuple[PlannedRow, Unavailability]]) -> list[RowError]:
    """Stored records that now overlap a planned row; identical ones are duplicates."""
    errors: dict[int, RowError] = {}
    for row, stored in pairs:
        same = (row.start, row.end, row.type_id) == (stored.start, stored.end, stored.type_id)
        if not same and row.line not in errors:
            errors[row.line] = RowError(
                row.line,
                "start_time",
                f"This row now overlaps stored record {stored.id} "
                f"({stored.start:%Y-%m-%dT%H:%M:%SZ} – {stored.end:%Y-%m-%dT%H:%M:%SZ}).",
            )
    return list(errors.values())
