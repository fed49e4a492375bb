"""Hand-written in-memory fakes of core's ports, for unit tests of the use cases."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from core.errors import DuplicateEmail, DuplicateExternalId, DuplicateTypeName
from core.imports.model import ImportRecord, PlannedRow
from core.model import Page
from core.people.model import Member, Workspace
from core.ports import RecordSort
from core.records.model import Unavailability, UnavailabilityType
from core.records.sources import is_synced

if TYPE_CHECKING:
    from core.ports import (
        ImportRepository,
        ImportStore,
        MemberRepository,
        Store,
        TypeRepository,
        UnavailabilityRepository,
        WorkspaceRepository,
    )


_Item = TypeVar("_Item")


def _paged(items: list[_Item], page: int, page_size: int, sort: tuple[str, ...]) -> Page[_Item]:
    return Page(len(items), items[page * page_size : (page + 1) * page_size], page, page_size, sort)


class FakeWorkspaces:
    def __init__(self) -> None:
        self.rows: dict[str, Workspace] = {}
        self.movers: list[Callable[[str, str], None]] = []

    def get(self, workspace_id: str) -> Workspace | None:
        return self.rows.get(workspace_id)

    def list_all(self) -> list[Workspace]:
        return sorted(self.rows.values(), key=lambda w: w.id)

    def add(self, workspace: Workspace) -> None:
        self.rows[workspace.id] = workspace

    def set_timezone(self, workspace_id: str, timezone: str | None) -> None:
        self.rows[workspace_id] = replace(self.rows[workspace_id], timezone=timezone)

    def set_api_enabled(self, workspace_id: str, enabled: bool) -> None:
        self.rows[workspace_id] = replace(self.rows[workspace_id], api_enabled=enabled)

    def adopt(self, old_id: str, new_id: str) -> bool:
        """Moves the workspace; the movers (FakeStore._move_rows) move every other row."""
        old = self.rows.pop(old_id, None)
        if old is None:
            return False
        self.rows[new_id] = replace(old, id=new_id)
        for move in self.movers:
            move(old_id, new_id)
        return True


class FakeMembers:
    def __init__(self) -> None:
        self.rows: dict[str, Member] = {}

    def get(self, workspace_id: str, member_id: str) -> Member | None:
        m = self.rows.get(member_id)
        return m if m and m.workspace_id == workspace_id else None

    def by_email(self, workspace_id: str, email: str) -> Member | None:
        return next(
            (m for m in self.all(workspace_id) if m.email.lower() == email.strip().lower()), None
        )

    def by_slack_id(self, workspace_id: str, slack_user_id: str) -> Member | None:
        return next((m for m in self.all(workspace_id) if m.slack_user_id == slack_user_id), None)

    def by_external_id(self, workspace_id: str, external_id: str) -> Member | None:
        return next((m for m in self.all(workspace_id) if m.external_id == external_id), None)

    def many(self, workspace_id: str, member_ids: Iterable[str]) -> dict[str, Member]:
        return {i: m for i in member_ids if (m := self.get(workspace_id, i))}

    def all(self, workspace_id: str) -> list[Member]:
        return sorted(
            (m for m in self.rows.values() if m.workspace_id == workspace_id),
            key=lambda m: m.email.lower(),
        )

    def add(self, member: Member) -> None:
        if self.by_email(member.workspace_id, member.email):
            raise DuplicateEmail(member.email)
        self._refuse_taken_external_id(member)
        self.rows[member.id] = member

    def update(self, member: Member) -> None:
        self._refuse_taken_external_id(member)
        self.rows[member.id] = member

    def _refuse_taken_external_id(self, member: Member) -> None:
        if member.external_id is None:
            return
        other = self.by_external_id(member.workspace_id, member.external_id)
        if other is not None and other.id != member.id:
            raise DuplicateExternalId(member.external_id, other.email)

    def paged(self, workspace_id: str, page: int, page_size: int) -> Page[Member]:
        return _paged(self.all(workspace_id), page, page_size, ("email",))


class FakeTypes:
    def __init__(self) -> None:
        self.rows: dict[str, UnavailabilityType] = {}

    def get(self, workspace_id: str, type_id: str) -> UnavailabilityType | None:
        t = self.rows.get(type_id)
        return t if t and t.workspace_id == workspace_id else None

    def by_name(self, workspace_id: str, name: str) -> UnavailabilityType | None:
        key = name.strip().lower()
        return next((t for t in self.all(workspace_id) if t.name.lower() == key), None)

    def all(self, workspace_id: str) -> list[UnavailabilityType]:
        return sorted(
            (t for t in self.rows.values() if t.workspace_id == workspace_id),
            key=lambda t: t.name.lower(),
        )

    def add(self, type_: UnavailabilityType) -> None:
        if self.by_name(type_.workspace_id, type_.name):
            raise DuplicateTypeName(type_.name)
        self.rows[type_.id] = type_

    def update(self, type_: UnavailabilityType) -> None:
        clash = self.by_name(type_.workspace_id, type_.name)
        if clash and clash.id != type_.id:
            raise DuplicateTypeName(type_.name)
        self.rows[type_.id] = type_

    def paged(
        self,
        workspace_id: str,
        *,
        archived: bool,
        name_contains: str | None,
        page: int,
        page_size: int,
    ) -> Page[UnavailabilityType]:
        found = [
            t
            for t in self.all(workspace_id)
            if t.archived == archived
            and (not name_contains or name_contains.lower() in t.name.lower())
        ]
        return _paged(found, page, page_size, ("name",))


class FakeUnavailability:
    def __init__(self) -> None:
        self.rows: dict[str, Unavailability] = {}

    def get(self, workspace_id: str, record_id: str) -> Unavailability | None:
        r = self.rows.get(record_id)
        return r if r and r.workspace_id == workspace_id else None

    def overlapping(
        self,
        workspace_id: str,
        member_id: str,
        start: datetime,
        end: datetime,
        exclude_id: str | None = None,
    ) -> list[Unavailability]:
        return [
            r
            for r in self.rows.values()
            if r.workspace_id == workspace_id
            and r.member_id == member_id
            and r.id != exclude_id
            and r.start < end
            and r.end > start
        ]

    def add(self, record: Unavailability) -> None:
        self.rows[record.id] = record

    def add_many(self, records: Sequence[Unavailability]) -> None:
        for record in records:
            self.rows[record.id] = record

    def update(self, record: Unavailability) -> None:
        self.rows[record.id] = record

    def remove(self, workspace_id: str, record_id: str) -> None:
        if self.get(workspace_id, record_id):
            del self.rows[record_id]

    def paged(
        self,
        workspace_id: str,
        *,
        member_id: str | None,
        start: datetime | None,
        end: datetime | None,
        sort: RecordSort,
        page: int,
        page_size: int,
    ) -> Page[Unavailability]:
        found = [
            r
            for r in self.rows.values()
            if r.workspace_id == workspace_id
            and (member_id is None or r.member_id == member_id)
            and (start is None or r.end > start)
            and (end is None or r.start < end)
        ]
        found.sort(key=(lambda r: (r.start, r.id)) if sort == "start" else (lambda r: r.id))
        return _paged(found, page, page_size, (sort,))

    def in_window(
        self,
        workspace_id: str,
        start: datetime,
        end: datetime,
        member_ids: Sequence[str] | None = None,
    ) -> list[Unavailability]:
        return sorted(
            (
                r
                for r in self.rows.values()
                if r.workspace_id == workspace_id
                and r.start < end
                and r.end > start
                and (member_ids is None or r.member_id in member_ids)
            ),
            key=lambda r: (r.member_id, r.start),
        )

    def changed_since(self, workspace_id: str, since: datetime) -> list[Unavailability]:
        found = (r for r in self.rows.values() if r.workspace_id == workspace_id)
        return sorted((r for r in found if r.updated_at >= since), key=lambda r: r.id)

    def of_types(
        self, workspace_id: str, type_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[Unavailability]:
        return [r for r in self.in_window(workspace_id, start, end) if r.type_id in type_ids]

    def of_source(
        self, workspace_id: str, source: str, start: datetime, end: datetime | None
    ) -> list[Unavailability]:
        if not is_synced(source):
            raise ValueError(f"only synced sources are looked up by source, not {source!r}")
        return sorted(
            (
                r
                for r in self.rows.values()
                if r.workspace_id == workspace_id
                and r.source == source
                and r.end > start
                and (end is None or r.start < end)
            ),
            key=lambda r: r.id,
        )


class FakeImports:
    def __init__(self, records: FakeUnavailability) -> None:
        self.records = records
        self.stored: dict[str, tuple[ImportRecord, list[PlannedRow]]] = {}

    def add(self, record: ImportRecord, rows: Sequence[PlannedRow]) -> None:
        self.stored[record.id] = (record, list(rows))

    def get(self, workspace_id: str, import_id: str) -> ImportRecord | None:
        found = self.stored.get(import_id)
        return found[0] if found and found[0].workspace_id == workspace_id else None

    def lock(self, workspace_id: str, import_id: str) -> ImportRecord | None:
        return self.get(workspace_id, import_id)

    def rows(self, workspace_id: str, import_id: str) -> list[PlannedRow]:
        return self._all(workspace_id, import_id)

    def _all(self, workspace_id: str, import_id: str) -> list[PlannedRow]:
        """What the database reads without the rows coming back (collisions, commit_rows)."""
        return list(self.stored[import_id][1]) if self.get(workspace_id, import_id) else []

    def _held(
        self, workspace_id: str, import_id: str, rows: Sequence[PlannedRow] | None
    ) -> list[PlannedRow]:
        """The rows the caller holds, which must be the stored ones (a port's promise)."""
        stored = self._all(workspace_id, import_id)
        assert rows is None or list(rows) == stored, "rows passed are not the stored rows"
        return stored

    def rows_after(
        self, workspace_id: str, import_id: str, line: int, limit: int, *, created: bool = False
    ) -> list[PlannedRow]:
        rows = [r for r in self._rows(workspace_id, import_id, created) if r.line > line]
        return rows[:limit]

    def row_counts(
        self, workspace_id: str, import_id: str, *, created: bool = False
    ) -> tuple[int, int]:
        rows = self._rows(workspace_id, import_id, created)
        return len(rows), len({r.member_id for r in rows})

    def _rows(self, workspace_id: str, import_id: str, created: bool) -> list[PlannedRow]:
        rows = self.rows(workspace_id, import_id)
        if not created:
            return rows
        return [r for r in rows if self.records.get(workspace_id, r.record_id) is not None]

    def member_ids(self, workspace_id: str, import_id: str) -> list[str]:
        return sorted({r.member_id for r in self.rows(workspace_id, import_id)})

    def collisions(
        self, workspace_id: str, import_id: str, rows: Sequence[PlannedRow] | None = None
    ) -> list[tuple[PlannedRow, Unavailability]]:
        return [
            (row, stored)
            for row in self._held(workspace_id, import_id, rows)
            for stored in self.records.overlapping(workspace_id, row.member_id, row.start, row.end)
        ]

    def commit_rows(
        self,
        workspace_id: str,
        import_id: str,
        *,
        source: str,
        created_by: str | None,
        now: datetime,
        skip: Collection[int] = (),
        rows: Sequence[PlannedRow] | None = None,
    ) -> int:
        created = 0
        for row in self._held(workspace_id, import_id, rows):
            if row.line not in skip:
                self.records.add(row.record(workspace_id, source, now, created_by))
                created += 1
        return created

    def finish(self, record: ImportRecord) -> None:
        self.stored[record.id] = (record, self.stored[record.id][1])

    def recent(self, workspace_id: str, limit: int) -> list[ImportRecord]:
        mine = [r for r, _ in self.stored.values() if r.workspace_id == workspace_id]
        return sorted(mine, key=lambda r: r.created_at, reverse=True)[:limit]


class FakeStore:
    """All repositories in memory; a transaction snapshots them and restores on error."""

    def __init__(self) -> None:
        self.workspaces = FakeWorkspaces()
        self.members = FakeMembers()
        self.types = FakeTypes()
        self.unavailability = FakeUnavailability()
        self.imports = FakeImports(self.unavailability)
        self.workspaces.movers.append(self._move_rows)
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self, lock_members: Sequence[str] = ()) -> Iterator[None]:
        with self._lock:
            saved = (
                copy.copy(self.workspaces.rows),
                copy.copy(self.members.rows),
                copy.copy(self.types.rows),
                copy.copy(self.unavailability.rows),
                copy.copy(self.imports.stored),
            )
            self._depth += 1
            try:
                yield
            except BaseException:
                (
                    self.workspaces.rows,
                    self.members.rows,
                    self.types.rows,
                    self.unavailability.rows,
                    self.imports.stored,
                ) = saved
                raise
            finally:
                self._depth -= 1

    def _move_rows(self, old_id: str, new_id: str) -> None:
        """Adoption: every row of workspace `old_id` now belongs to `new_id`."""
        self.members.rows = _moved(self.members.rows, old_id, new_id)
        self.types.rows = _moved(self.types.rows, old_id, new_id)
        self.unavailability.rows = _moved(self.unavailability.rows, old_id, new_id)


_Owned = TypeVar("_Owned", Member, UnavailabilityType, Unavailability)


def _moved(rows: dict[str, _Owned], old_id: str, new_id: str) -> dict[str, _Owned]:
    return {
        k: replace(v, workspace_id=new_id) if v.workspace_id == old_id else v
        for k, v in rows.items()
    }


if TYPE_CHECKING:
    # mypy checks here that each fake implements the port it stands in for.
    _workspaces: WorkspaceRepository = FakeWorkspaces()
    _members: MemberRepository = FakeMembers()
    _types: TypeRepository = FakeTypes()
    _records: UnavailabilityRepository = FakeUnavailability()
    _imports: ImportRepository = FakeImports(FakeUnavailability())
    _store: Store = FakeStore()
    _import_store: ImportStore = FakeStore()
