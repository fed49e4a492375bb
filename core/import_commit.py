"""Committing a previewed import exactly once, or cancelling it (SPEC 4, 7.2)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from core.errors import ImportCollides, ImportNotCommittable, UnknownImport
from core.import_checks import Known, find_clashes
from core.model import Actor, ImportRecord, ImportStatus, PlannedRow, Unavailability, new_id
from core.permissions import require_admin
from core.ports import ImportStore


@dataclass(frozen=True)
class CommitOutcome:
    """The import after the commit, the records it created (none when already saved)."""

    record: ImportRecord
    created: list[Unavailability]
    already_saved: bool


def commit_import(
    store: ImportStore, actor: Actor, *, workspace_id: str, import_id: str, now: datetime
) -> CommitOutcome:
    """Create exactly the previewed records in one transaction, once however often asked.

    The import row is re-read under the transaction's lock, so two committers racing
    (double clicks, two admins, two processes) save it once; the rows are re-checked
    against the records stored now, and any collision fails the whole commit."""
    require_admin(actor, "save imports")
    found = store.imports.get(workspace_id, import_id)
    if found is None:
        raise UnknownImport(import_id)
    rows = store.imports.rows(workspace_id, import_id)
    with store.transaction(lock_members=sorted({r.member_id for r in rows})):
        current = store.imports.lock(workspace_id, import_id) or found
        if current.status is ImportStatus.COMMITTED:
            return CommitOutcome(current, [], already_saved=True)
        _require_previewed(current)
        records = _records(_recheck(store, workspace_id, rows), current, actor, now)
        store.unavailability.add_many(records)
        done = replace(
            current,
            status=ImportStatus.COMMITTED,
            committed_by=actor.member_id,
            committed_at=now,
            created=len(records),
        )
        store.imports.finish(done)
    return CommitOutcome(done, records, already_saved=False)


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
            raise ImportNotCommittable(
                f"Import {import_id} was already saved ({current.created} records); "
                "remove records one by one if they are wrong."
            )
        done = replace(
            current, status=ImportStatus.CANCELLED, committed_by=actor.member_id, committed_at=now
        )
        store.imports.finish(done)
    return done


def _require_previewed(record: ImportRecord) -> None:
    if record.status is ImportStatus.FAILED:
        raise ImportNotCommittable(
            f"Import {record.id} has errors and cannot be saved. Fix the file and upload it again."
        )
    if record.status is ImportStatus.CANCELLED:
        raise ImportNotCommittable(
            f"Import {record.id} was cancelled. Upload the file again to import it."
        )


def _recheck(store: ImportStore, workspace_id: str, rows: list[PlannedRow]) -> list[PlannedRow]:
    if not rows:
        return rows
    wanted = {r.member_id for r in rows}
    stored = store.unavailability.in_window(
        workspace_id, min(r.start for r in rows), max(r.end for r in rows)
    )
    known = [
        Known(r.id, r.member_id, r.type_id, r.start, r.end) for r in stored if r.member_id in wanted
    ]
    fresh, errors, _ = find_clashes(rows, known)
    if errors:
        raise ImportCollides(errors)
    return fresh


def _records(
    rows: list[PlannedRow], record: ImportRecord, actor: Actor, now: datetime
) -> list[Unavailability]:
    source = f"csv:{record.id}"
    return [
        Unavailability(
            id=new_id("avail"),
            workspace_id=record.workspace_id,
            member_id=row.member_id,
            type_id=row.type_id,
            start=row.start,
            end=row.end,
            all_day=row.all_day,
            source=source,
            created_by=actor.member_id,
            created_at=now,
            updated_at=now,
            name=row.name,
        )
        for row in rows
    ]
