"""An import as people see it: the stored import, its rows, and the names they refer to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import islice
from operator import attrgetter
from typing import overload
from zoneinfo import ZoneInfo

from core.counts import count
from core.imports.model import ImportRecord, PlannedRow, SyncSummary
from core.imports.sync import SyncPlan
from core.people.model import Member
from core.ports import ImportStore
from core.records.model import UnavailabilityType
from core.records.sources import source_name

UTC_ZONE = ZoneInfo("UTC")
_member_id = attrgetter("member_id")  # C-fast over 100,000 rows
PAGE_ROWS = 2_000


class StoredRows(Sequence[PlannedRow]):
    """An import's stored rows, read a page at a time: a summary that shows ten reads ten,
    and a listing of 100,000 holds one page of them at once. `created`: only the rows
    whose record exists (a commit's, right after it)."""

    def __init__(
        self, store: ImportStore, workspace_id: str, import_id: str, *, created: bool = False
    ) -> None:
        self._store, self._ws, self._id, self._created = store, workspace_id, import_id, created
        self._count, self.people = store.imports.row_counts(
            workspace_id, import_id, created=created
        )

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[PlannedRow]:
        line = 0
        while True:
            page = self._page(line, PAGE_ROWS)
            yield from page
            if len(page) < PAGE_ROWS:
                return
            line = page[-1].line

    @overload
    def __getitem__(self, index: int) -> PlannedRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[PlannedRow]: ...
    def __getitem__(self, index: int | slice) -> PlannedRow | list[PlannedRow]:
        if isinstance(index, int):
            return self[index : index + 1 or None][0] if index >= 0 else list(self)[index]
        start, stop, step = index.indices(self._count)
        if start == 0 and step == 1:
            return self._page(0, stop)  # the first rows: what summaries show
        return list(islice(self, start, stop, step))

    def member_ids(self) -> list[str]:
        """Whom the import's rows name (read from the store, not from the rows)."""
        return self._store.imports.member_ids(self._ws, self._id)

    def _page(self, line: int, limit: int) -> list[PlannedRow]:
        if limit <= 0:
            return []
        return self._store.imports.rows_after(
            self._ws, self._id, line, limit, created=self._created
        )


@dataclass(frozen=True)
class ImportView:
    record: ImportRecord
    items: Sequence[PlannedRow]
    members: dict[str, Member]
    types: dict[str, UnavailabilityType]
    committer: Member | None = None
    sync: SyncPlan | None = None

    @property
    def people(self) -> int:
        if isinstance(self.items, StoredRows):
            return self.items.people
        return len(set(map(_member_id, self.items)))


def import_view(
    store: ImportStore,
    record: ImportRecord,
    items: Sequence[PlannedRow],
    sync: SyncPlan | None = None,
    *,
    known: Mapping[str, Member] | None = None,
) -> ImportView:
    """Look up the members and types the items name (in `known` first: the members a
    preview just read); stored rows are not read through to learn whom they name (a view
    shows ten of 100,000): the store says whom. For a sync, `items`
    are the rows it creates (from `sync`, the plan previewed or applied, when given)."""
    if sync is not None:
        created = {r.id for r in sync.created}
        items = [i for i in items if i.record_id in created]
    if isinstance(items, StoredRows):  # not read through to learn whom they name
        members = store.members.many(record.workspace_id, items.member_ids())
    else:
        members = _named(store, record.workspace_id, items, sync, known)
    types = {t.id: t for t in store.types.all(record.workspace_id)}
    committer = (
        store.members.get(record.workspace_id, record.committed_by) if record.committed_by else None
    )
    return ImportView(record, items, members, types, committer, sync)


def _named(
    store: ImportStore,
    workspace_id: str,
    items: Sequence[PlannedRow],
    sync: SyncPlan | None,
    known: Mapping[str, Member] | None,
) -> dict[str, Member]:
    """The members rows in memory (and a sync's changes) name: `known` first, else read."""
    wanted = set(map(_member_id, items)) | (_sync_members(sync) if sync else set())
    members = {m: known[m] for m in wanted if m in known} if known else {}
    if len(members) < len(wanted):
        members |= store.members.many(workspace_id, wanted - members.keys())
    return members


def _sync_members(plan: SyncPlan) -> set[str]:
    records = [*plan.removed, *(c.before for c in plan.changed)]
    records += [s.record for s in plan.superseded]
    return {r.member_id for r in records}


def sync_counts(view: ImportView) -> SyncSummary | None:
    """The counts of a sync: of the plan shown, else as the import stored them."""
    summary = view.record.sync
    if summary is None or view.sync is None:
        return summary
    plan = view.sync
    return replace(
        summary,
        created=len(plan.created),
        changed=len(plan.changed),
        removed=len(plan.removed),
        superseded=len(plan.superseded),
        unchanged=len(plan.unchanged),
    )


def sync_words(summary: SyncSummary) -> str:
    """`1 created, 2 changed, 0 removed, 1 superseded, 3 unchanged`."""
    return (
        f"{summary.created} created, {summary.changed} changed, {summary.removed} removed, "
        f"{summary.superseded} superseded, {summary.unchanged} unchanged"
    )


def import_message(
    view: ImportView, *, already_saved: bool = False, tz: ZoneInfo = UTC_ZONE
) -> str:
    """The one-sentence verdict (docs/imports.md); times in `tz`, the reader's zone."""
    record, verdict = view.record, view.record.verdict
    skipped = f" {count(record.duplicates, 'duplicate')} skipped." if record.duplicates else ""
    if already_saved:
        by = view.committer.name if view.committer else "the operator"
        when = f" at {_moment(record.committed_at, tz)}" if record.committed_at else ""
        return f"Already saved by {by}{when}: nothing new was created."
    summary = sync_counts(view)
    name = None if summary is None else source_name(summary.source) or summary.source
    if record.status.value == "committed" and summary is not None:
        return f"Synced {name}: {sync_words(summary)}.{skipped}"
    if record.status.value == "committed":
        return f"Saved {count(record.created, 'record')}.{skipped}"
    if record.status.value == "cancelled":
        return "Cancelled: nothing was saved."
    if not verdict.ok:
        parts = []
        if verdict.invalid:
            matches = "matches" if len(verdict.invalid) == 1 else "match"
            parts.append(f"{count(len(verdict.invalid), 'email')} {matches} no member")
        if verdict.errors:
            parts.append(count(len(verdict.errors), "row error"))
        return f"Import failed: {' and '.join(parts)}. Nothing was saved."
    if summary is not None:
        return f"Preview of a sync of {name}: {sync_words(summary)}. Commit to apply it.{skipped}"
    records = count(record.to_create, "record")
    return f"Preview: {records} would be created. Commit to save them.{skipped}"


def _moment(moment: datetime, tz: ZoneInfo) -> str:
    """`2026-03-02 05:00 America/New_York`: the zone named, as the reader's own."""
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M} {tz.key}"
