"""What importing a file comes to: a preview, or the records saved at once when asked and clean."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from core.errors import AvailbotError, UnknownImport
from core.imports.commit import CommitOutcome, commit_import
from core.imports.model import ImportStatus, PlannedRow
from core.imports.plan import Progress, cell_point, default_label, one_day_later
from core.imports.preview import ImportPlan, SyncRequest, preview_import
from core.imports.read import RawRow, decode, read_rows
from core.imports.view import ImportView, StoredRows, import_view
from core.people.model import Actor
from core.ports import ImportStore
from core.time.spans import zone


@dataclass(frozen=True, slots=True)
class UnmatchedRow:
    """A row whose email matches no member, its times read as far as they go (None: not)."""

    line: int
    email: str
    name: str
    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class Imported:
    """The import as people see it; after a save, `view.items` are the records this call
    created. `unmatched` lists the rows of a preview that failed on unmatched emails."""

    view: ImportView
    already_saved: bool = False
    unmatched: list[UnmatchedRow] = field(default_factory=list)


def import_file(
    store: ImportStore,
    actor: Actor,
    *,
    workspace_id: str,
    data: bytes,
    file_name: str,
    default_zone: str,
    now: datetime,
    commit: bool = False,
    sync: SyncRequest | None = None,
    progress: Progress | None = None,
) -> Imported:
    """`availbot import FILE [--commit]` and the API's upload: preview_import, then
    commit_import when `commit` is asked and the preview is clean."""
    plan = preview_import(
        store,
        actor,
        workspace_id=workspace_id,
        data=data,
        file_name=file_name,
        default_zone=default_zone,
        now=now,
        sync=sync,
        progress=progress,
    )
    if commit and plan.ok:
        return save_import(
            store, actor, workspace_id=workspace_id, import_id=plan.record.id, now=now, plan=plan
        )
    invalid = plan.record.verdict.invalid
    unmatched = unmatched_rows(data, invalid, file_name, zone(default_zone)) if invalid else []
    view = import_view(store, plan.record, plan.rows, plan.sync, known=plan.members)
    return Imported(view, unmatched=unmatched)


def save_import(
    store: ImportStore,
    actor: Actor,
    *,
    workspace_id: str,
    import_id: str,
    now: datetime,
    plan: ImportPlan | None = None,
) -> Imported:
    """commit_import, and the records it created to show. `plan`: the import's preview when
    the caller just made it: its rows and members are the stored ones, not read again."""
    outcome = commit_import(
        store,
        actor,
        workspace_id=workspace_id,
        import_id=import_id,
        now=now,
        rows=None if plan is None else plan.rows,
    )
    rows = created_rows(store, outcome, None if plan is None else plan.rows)
    known = None if plan is None else plan.members
    view = import_view(store, outcome.record, rows, outcome.sync, known=known)
    return Imported(view, already_saved=outcome.already_saved)


def created_rows(
    store: ImportStore, outcome: CommitOutcome, rows: Sequence[PlannedRow] | None = None
) -> Sequence[PlannedRow]:
    """The rows this commit saved (rows found identical to a stored record are skipped):
    `rows` when it saved them all, else read from the store a page at a time as shown."""
    if outcome.created == 0:
        return []
    if rows is not None and len(rows) == outcome.created:
        return rows
    ws, import_id = outcome.record.workspace_id, outcome.record.id
    stored = StoredRows(store, ws, import_id)
    if len(stored) == outcome.created:
        return stored
    return StoredRows(store, ws, import_id, created=True)


def stored_import(
    store: ImportStore,
    workspace_id: str,
    import_id: str,
    *,
    committed: bool,
    already_saved: bool = False,
) -> Imported:
    """A clean import as it was answered, again from the store: a preview's rows (as a
    preview, were it saved since: `committed` is what the answer said), or the records its
    commit created (none when it was `already_saved`), read as they are shown. Not a
    sync's: its plan is not stored."""
    record = store.imports.get(workspace_id, import_id)
    if record is None:
        raise UnknownImport(import_id)
    if not committed:
        record = replace(
            record,
            status=ImportStatus.PREVIEWED,
            committed_by=None,
            committed_at=None,
            created=0,
        )
        rows: Sequence[PlannedRow] = StoredRows(store, workspace_id, import_id)
    elif already_saved or record.created == 0:
        rows = []
    else:
        rows = StoredRows(store, workspace_id, import_id)
        if len(rows) != record.created:
            rows = StoredRows(store, workspace_id, import_id, created=True)
    return Imported(import_view(store, record, rows), already_saved=already_saved)


def unmatched_rows(
    data: bytes, invalid: Collection[str], file_name: str, tz: ZoneInfo
) -> list[UnmatchedRow]:
    """The rows whose email (any case) is one of `invalid`. They have no member, hence no
    zone of their own: their times are read in `tz`, the workspace's."""
    wanted = {email.lower() for email in invalid}
    _, raw_rows = read_rows(decode(data))
    label = default_label(file_name)
    return [_unmatched(raw, tz, label) for raw in raw_rows if raw.email.lower() in wanted]


def _unmatched(raw: RawRow, tz: ZoneInfo, label: str) -> UnmatchedRow:
    start = _read(raw.start, tz, "start")
    if raw.end:
        found = _read(raw.end, tz, "end")
        end = None if found is None else found[0]
    else:  # the whole day, as for any row without an end
        end = None if start is None else one_day_later(start[0], start[1], tz)
    return UnmatchedRow(
        raw.line, raw.email, raw.name or label, None if start is None else start[0], end
    )


def _read(text: str, tz: ZoneInfo, role: str) -> tuple[datetime, bool] | None:
    if not text:
        return None
    try:
        return cell_point(text, tz, role)
    except AvailbotError:
        return None
