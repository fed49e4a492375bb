"""CSV import (docs/imports.md): read a file, plan what it would create (the preview), commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from core.errors import AvailbotError, NameTooLong, UnacceptableText
from core.imports.checks import Known, find_clashes
from core.imports.model import (
    ImportRecord,
    ImportStatus,
    ImportVerdict,
    PlannedRow,
    RowError,
    SyncSummary,
)
from core.imports.read import ALIASES, Header, RawRow, decode, read_rows
from core.imports.sync import SyncPlan, SyncWindow, plan_sync
from core.model import new_id
from core.people.model import Actor, Member
from core.people.permissions import require_admin
from core.ports import ImportStore
from core.records.model import UnavailabilityType
from core.text import note_problem
from core.time.bounds import check_instants
from core.time.phrases import parse_point
from core.time.spans import local_date, local_midnight, resolve_local, zone

EmailLookup = Callable[[str], Member | None]
"""Finds a member the directory does not know yet (Slack's users.lookupByEmail)."""

_FIXED_NOW = datetime(2000, 1, 1, tzinfo=UTC)  # dates must carry a year, so now is moot
_DAY = timedelta(days=1)


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
) -> ImportPlan:
    """Plan the file against the database and store the import (never its records).

    With `sync` (docs/imports.md#syncs) the file is the whole truth for that source in its
    window: the stored rows are all the file's rows, and the verdict counts the plan."""
    require_admin(actor, "import time off")
    header, raw_rows = read_rows(decode(data))
    planner = _Planner(store, workspace_id, zone(default_zone), lookup, file_name)
    rows, errors, invalid, duplicates, total = planner.plan(header, raw_rows, sync is not None)
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


class _Planner:
    """Turns raw rows into planned records, collecting every problem on the way."""

    def __init__(
        self,
        store: ImportStore,
        workspace_id: str,
        default_tz: ZoneInfo,
        lookup: EmailLookup | None,
        file_name: str,
    ) -> None:
        self.store = store
        self.ws = workspace_id
        self.default_tz = default_tz
        self.lookup = lookup
        self.label = default_label(file_name)
        self.by_email = {m.email.lower(): m for m in store.members.all(workspace_id)}
        self.members: dict[str, Member] = {m.id: m for m in self.by_email.values()}
        all_types = store.types.all(workspace_id)
        self.types = {t.name.lower(): t for t in all_types}
        self.types_by_id = {t.id: t for t in all_types}
        self.zones: dict[str | None, ZoneInfo] = {}

    def plan(
        self, header: Header, raw_rows: Iterable[RawRow], sync: bool = False
    ) -> tuple[list[PlannedRow], list[RowError], list[str], int, int]:
        if header.missing:
            return [], [_missing_columns(header)], [], 0, 0
        rows: list[PlannedRow] = []
        errors: list[RowError] = []
        unmatched: dict[str, None] = {}
        total = 0
        for raw in raw_rows:
            total += 1
            member = self._member(raw, unmatched, errors)
            if member is None:
                continue
            try:
                rows.append(self._row(raw, member))
            except _CellError as exc:
                errors.append(RowError(raw.line, exc.column, exc.message))
        known = [] if sync else self._known(rows)  # a sync plans against stored records itself
        rows, clash_errors, duplicates = find_clashes(rows, known)
        errors.extend(clash_errors)
        errors.sort(key=lambda e: (e.line or 0, e.column or ""))
        return rows, errors, list(unmatched), duplicates, total

    def _member(
        self, raw: RawRow, unmatched: dict[str, None], errors: list[RowError]
    ) -> Member | None:
        if not raw.email:
            errors.append(RowError(raw.line, "email", "The email is empty."))
            return None
        member = self.by_email.get(raw.email.lower())
        if member is None and self.lookup is not None and raw.email.lower() not in unmatched:
            member = self.lookup(raw.email)
            if member is not None:
                self.by_email[member.email.lower()] = member
                self.members[member.id] = member
        if member is None:
            unmatched[raw.email.lower()] = None
        return member

    def _row(self, raw: RawRow, member: Member) -> PlannedRow:
        tz = self.zones.get(member.tz) or self._zone(member.tz)
        start, start_date_only = _cell_point(raw.start, tz, "start", "start_time")
        if raw.end:
            end, end_date_only = _cell_point(raw.end, tz, "end", "end_time")
        else:
            end, end_date_only = one_day_later(start, start_date_only, tz), start_date_only
        if end <= start:
            raise _CellError(
                "end_time", f"The end {raw.end!r} is not after the start {raw.start!r}."
            )
        type_ = self._type(raw.type)
        if len(raw.name) > NameTooLong.LIMIT:
            raise _CellError("name", f"The name has {len(raw.name)} characters; at most 200.")
        bad = note_problem(raw.name)
        if bad is not None:
            refused = UnacceptableText("The name", raw.name[bad[0]], *bad)
            raise _CellError("name", refused.message)
        return PlannedRow(
            raw.line,
            new_id("avail"),
            member.id,
            type_.id,
            start,
            end,
            start_date_only and end_date_only,
            raw.name or self.label,
        )

    def _zone(self, name: str | None) -> ZoneInfo:
        self.zones[name] = zone(name) if name else self.default_tz
        return self.zones[name]

    def _type(self, name: str) -> UnavailabilityType:
        type_ = self.types.get((name or "Time off").lower())
        if type_ is None:
            known = ", ".join(sorted(t.name for t in self.types.values() if not t.archived))
            raise _CellError("type", f"No type {name!r}. Known types: {known}.")
        if type_.archived:
            raise _CellError("type", f"The type {type_.name!r} is archived; pick another.")
        return type_

    def _known(self, rows: list[PlannedRow]) -> list[Known]:
        if not rows:
            return []
        low = min(r.start for r in rows)
        high = max(r.end for r in rows)
        wanted = {r.member_id for r in rows}
        found = self.store.unavailability.in_window(self.ws, low, high)
        return [
            Known(r.id, r.member_id, r.type_id, r.start, r.end)
            for r in found
            if r.member_id in wanted
        ]


class _CellError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@lru_cache(maxsize=65536)
def _point(text: str, tz: ZoneInfo, role: str) -> tuple[datetime, bool]:
    """Dates repeat across a file; parse each distinct (text, zone, role) once."""
    return parse_point(
        text, tz=tz, now=_FIXED_NOW, role="end" if role == "end" else "start", require_year=True
    )


def cell_point(text: str, tz: ZoneInfo, role: str) -> tuple[datetime, bool]:
    """A `start` or `end` cell read with its year in `tz`, within bounds, and whether it was
    a date only; AvailbotError when it is not."""
    found = _point(text, tz, role)
    check_instants(found[0], what=f"The {role}")
    return found


def _cell_point(text: str, tz: ZoneInfo, role: str, column: str) -> tuple[datetime, bool]:
    if not text:
        raise _CellError(column, f"The {column} is empty.")
    try:
        return cell_point(text, tz, role)
    except AvailbotError as exc:
        raise _CellError(column, exc.message) from None


def default_label(file_name: str) -> str:
    """The name of a record whose row has none."""
    return f"Imported from {file_name}"


def one_day_later(start: datetime, date_only: bool, tz: ZoneInfo) -> datetime:
    """docs/time.md: a missing end is the whole local day, or the same wall-clock time a day on."""
    if date_only:
        return local_midnight(local_date(start, tz) + _DAY, tz)
    local = start.astimezone(tz).replace(tzinfo=None)
    return resolve_local(local + _DAY, tz)


def _missing_columns(header: Header) -> RowError:
    missing = ", ".join(header.missing)
    found = ", ".join(h for h in header.found if h) or "none"
    aliases = "; ".join(f"{c}: {', '.join(ALIASES[c])}" for c in header.missing)
    return RowError(
        None,
        None,
        f"The header lacks the required column {missing} (found: {found}). "
        f"Accepted names — {aliases}.",
    )
