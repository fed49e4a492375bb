"""Authoritative syncs (docs/imports.md#syncs): an export is the whole truth for its source.

Entry points, for CSV imports with `--source` and for feeds (rows already parsed and
matched to members, as `PlannedRow`s; `source` a full source value, `sync:NAME` or
`feed:NAME`, see core/records/sources.py):

    plan_sync(store, workspace_id, source, rows, window, now, created_by=None) -> SyncPlan
    commit_sync(store, workspace_id, source, rows, window, now, created_by=None) -> SyncPlan

`plan_sync` reads the stored records and plans; `commit_sync` plans again under the
members' locks and applies the plan in one transaction, raising `ImportCollides` (and
saving nothing) when a row overlaps a record of another synced source. `plan_rows` is the
pure planner both use.

**Scope.** The window runs from `window.start` (None: the first row's start) to
`window.end` (None: open-ended); a row wholly outside an explicit window is a row error.
A row that straddles an edge widens the scope of *its own member* only, to the row's
start (or end): that member's records the row overlaps are in scope. For every member,
records that end at or before their scope's start, or start at or after its end, are
never touched; so a feed's window starting today never touches anyone's past records
but those a still-running row of the same member overlaps.

**Matching, per member,** between the rows and the source's stored records in the
member's scope:

1. a record with the same start and end as a row is *unchanged* when type, label and
   all-day agree, else *changed* (type/label) in place;
2. each remaining row, in start order, takes the remaining record it overlaps most
   (earliest on a tie) and *changes* it in place to the row (same id);
3. rows left over are *created* (with the row's `record_id`);
4. records left over are *removed*, or, when they reach outside the member's scope, cut
   back to their part before it (else after it) and counted as changed.

Then every record of the member that is not synced (entered by hand: Slack, CLI, API or
a one-off import) and overlaps a row is *superseded*: removed when the rows cover it,
else trimmed to what they leave (the first piece keeps its id, further pieces are new
records). A row overlapping a record of another synced source is a row error naming both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from core.errors import AvailbotError, BadSyncWindow, DatabaseBusy, ImportCollides
from core.imports.model import PlannedRow, RowError
from core.model import new_id
from core.ports import Store
from core.records.model import Unavailability
from core.records.sources import is_synced
from core.time.bounds import check_instants
from core.time.phrases import parse_point

_ANY_NOW = datetime(2000, 1, 1, tzinfo=UTC)  # window dates carry their year
LOCK_ROUNDS = 5  # syncs racing to give records to new members, before giving up busy


@dataclass(frozen=True)
class SyncWindow:
    """[start, end) of a sync; None start: the first row's, None end: open-ended."""

    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class Change:
    """A record changed in place: as stored, and as it will be (same id)."""

    before: Unavailability
    after: Unavailability
    line: int | None


@dataclass(frozen=True)
class Supersession:
    """A hand-entered record a synced row covers: removed (`kept` empty) or trimmed."""

    record: Unavailability
    kept: tuple[Unavailability, ...]
    lines: tuple[int, ...]


@dataclass(frozen=True)
class SyncPlan:
    source: str
    start: datetime | None
    end: datetime | None
    created: list[Unavailability] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Unavailability] = field(default_factory=list)
    superseded: list[Supersession] = field(default_factory=list)
    unchanged: list[Unavailability] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def touches(self) -> bool:
        return bool(self.created or self.changed or self.removed or self.superseded)


def scope_of(
    rows: Sequence[PlannedRow], window: SyncWindow
) -> tuple[datetime, datetime | None] | None:
    """The span the sync owns for every member: the window, from the first row's start when
    it has none. None when there is nothing to own (no rows, no start)."""
    starts = [r.start for r in rows if _inside(r, window)]
    if window.start is None and not starts:
        return None
    start = window.start if window.start is not None else min(starts)
    return start, window.end


def member_scope(
    scope: tuple[datetime, datetime | None], rows: Sequence[PlannedRow]
) -> tuple[datetime, datetime | None]:
    """The span the sync owns for one member: `scope`, widened to that member's `rows`
    that straddle its edges (and to nobody else's)."""
    start, end = scope
    start = min([start, *(r.start for r in rows)])
    return start, None if end is None else max([end, *(r.end for r in rows)])


def reach_of(
    rows: Sequence[PlannedRow], window: SyncWindow
) -> tuple[datetime, datetime | None] | None:
    """The span to read the source's records in: every member's scope at once (a plan keeps
    to each member's own, see `member_scope`)."""
    scope = scope_of(rows, window)
    return None if scope is None else member_scope(scope, [r for r in rows if _inside(r, window)])


def plan_rows(
    rows: Sequence[PlannedRow],
    stored: Iterable[Unavailability],
    *,
    workspace_id: str,
    source: str,
    window: SyncWindow,
    now: datetime,
    created_by: str | None = None,
) -> SyncPlan:
    """The pure planner (see the module docstring for the rules)."""
    errors = [_outside(r, window) for r in rows if not _inside(r, window)]
    rows = sorted((r for r in rows if _inside(r, window)), key=lambda r: (r.start, r.line))
    scope = scope_of(rows, window)
    if scope is None:
        return SyncPlan(source, window.start, window.end, errors=errors)
    plan = SyncPlan(source, *scope, errors=errors)
    by_member: dict[str, list[PlannedRow]] = defaultdict(list)
    for row in rows:
        by_member[row.member_id].append(row)
    records = {r.id: r for r in stored}.values()
    mine: dict[str, list[Unavailability]] = defaultdict(list)
    others: dict[str, list[Unavailability]] = defaultdict(list)
    for record in records:
        if record.source == source:
            start, end = member_scope(scope, by_member.get(record.member_id, []))
            if record.end > start and (end is None or record.start < end):
                mine[record.member_id].append(record)
        else:
            others[record.member_id].append(record)
    for member_id in sorted(set(mine) | set(by_member)):
        member_rows = by_member.get(member_id, [])
        owned = member_scope(scope, member_rows)
        _match(plan, member_rows, mine.get(member_id, []), owned, workspace_id, now, created_by)
        _others(plan, member_rows, others.get(member_id, []), now)
    return plan


def _match(
    plan: SyncPlan,
    rows: list[PlannedRow],
    records: list[Unavailability],
    owned: tuple[datetime, datetime | None],
    workspace_id: str,
    now: datetime,
    created_by: str | None,
) -> None:
    left = sorted(records, key=lambda r: (r.start, r.id))
    by_span = {(r.start, r.end): r for r in left}
    pending: list[PlannedRow] = []
    for row in rows:
        same = by_span.pop((row.start, row.end), None)
        if same is None:
            pending.append(row)
            continue
        left.remove(same)
        after = _as_row(same, row, now)
        if after == same:
            plan.unchanged.append(same)
        else:
            plan.changed.append(Change(same, after, row.line))
    for row in pending:
        overlapping = [r for r in left if r.start < row.end and r.end > row.start]
        if overlapping:
            best = max(overlapping, key=lambda r: (_overlap(r, row), -r.start.timestamp()))
            left.remove(best)
            plan.changed.append(Change(best, _as_row(best, row, now), row.line))
        else:
            plan.created.append(row.record(workspace_id, plan.source, now, created_by))
    for record in left:
        kept = _outside_scope(record, *owned, now)
        if kept is None:
            plan.removed.append(record)
        else:
            plan.changed.append(Change(record, kept, None))


def _others(
    plan: SyncPlan, rows: list[PlannedRow], records: list[Unavailability], now: datetime
) -> None:
    for record in sorted(records, key=lambda r: (r.start, r.id)):
        covering = [r for r in rows if r.start < record.end and r.end > record.start]
        if not covering:
            continue
        if is_synced(record.source):
            for row in covering:
                plan.errors.append(
                    RowError(
                        row.line,
                        "start_time",
                        f"This row of {plan.source} overlaps stored record {record.id} of "
                        f"{record.source} ({_iso(record.start)} – {_iso(record.end)}).",
                    )
                )
            continue
        pieces = _subtract(record.start, record.end, [(r.start, r.end) for r in covering])
        all_day = record.all_day and all(r.all_day for r in covering)
        kept = tuple(
            replace(
                record,
                id=record.id if i == 0 else new_id("avail"),
                start=s,
                end=e,
                all_day=all_day,
                updated_at=now,
                created_at=record.created_at if i == 0 else now,
            )
            for i, (s, e) in enumerate(pieces)
        )
        plan.superseded.append(Supersession(record, kept, tuple(r.line for r in covering)))


def _subtract(
    start: datetime, end: datetime, cuts: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    pieces = [(start, end)]
    for cut_start, cut_end in cuts:
        nxt: list[tuple[datetime, datetime]] = []
        for s, e in pieces:
            if cut_end <= s or cut_start >= e:
                nxt.append((s, e))
                continue
            if s < cut_start:
                nxt.append((s, cut_start))
            if cut_end < e:
                nxt.append((cut_end, e))
        pieces = nxt
    return pieces


def _outside_scope(
    record: Unavailability, start: datetime | None, end: datetime | None, now: datetime
) -> Unavailability | None:
    """The part of a record outside the scope (before it, else after it), or None."""
    if start is not None and record.start < start:
        return replace(record, end=start, all_day=False, updated_at=now)
    if end is not None and record.end > end:
        return replace(record, start=end, all_day=False, updated_at=now)
    return None


def _as_row(record: Unavailability, row: PlannedRow, now: datetime) -> Unavailability:
    after = replace(
        record,
        start=row.start,
        end=row.end,
        all_day=row.all_day,
        type_id=row.type_id,
        name=row.name,
    )
    if after == record:
        return after
    # changed by the import, whoever touched it last: its member hears of a new clash
    return replace(after, updated_at=now, changed_by=None, changed_via=record.source)


def _inside(row: PlannedRow, window: SyncWindow) -> bool:
    after_start = window.start is None or row.end > window.start
    return after_start and (window.end is None or row.start < window.end)


def _outside(row: PlannedRow, window: SyncWindow) -> RowError:
    low = "…" if window.start is None else _iso(window.start)
    high = "…" if window.end is None else _iso(window.end)
    return RowError(row.line, "start_time", f"This row lies outside the window {low} – {high}.")


def _overlap(record: Unavailability, row: PlannedRow) -> float:
    return (min(record.end, row.end) - max(record.start, row.start)).total_seconds()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_window(text: str, tz: ZoneInfo) -> SyncWindow:
    """`FROM..TO` or `FROM..` (dates or datetimes with their year, in `tz`; a date TO is
    inclusive, as in the file's end_time)."""
    low, sep, high = text.partition("..")
    if not sep or not low.strip():
        raise BadSyncWindow(text, "write it FROM..TO or FROM.. (e.g. 2026-01-01..2026-12-31)")
    start = _window_point(text, low.strip(), tz, "start")
    end = _window_point(text, high.strip(), tz, "end") if high.strip() else None
    if end is not None and end <= start:
        raise BadSyncWindow(text, "its end is not after its start")
    return SyncWindow(start, end)


def _window_point(text: str, part: str, tz: ZoneInfo, role: str) -> datetime:
    try:
        moment, _ = parse_point(
            part, tz=tz, now=_ANY_NOW, role="end" if role == "end" else "start", require_year=True
        )
        check_instants(moment, what=f"The window's {role}")
    except AvailbotError as exc:
        raise BadSyncWindow(text, exc.message.rstrip(".")) from None
    return moment


# --- with a store ---


def stored_for(
    store: Store, workspace_id: str, source: str, rows: Sequence[PlannedRow], window: SyncWindow
) -> list[Unavailability]:
    """The records a plan needs: the source's within reach, and the rows' members' near rows."""
    scope = reach_of(rows, window)
    if scope is None:
        return []
    found = store.unavailability.of_source(workspace_id, source, *scope)
    if rows:
        low = min(r.start for r in rows)
        high = max(r.end for r in rows)
        members = sorted({r.member_id for r in rows})
        found += store.unavailability.in_window(workspace_id, low, high, members)
    return found


def plan_sync(
    store: Store,
    workspace_id: str,
    source: str,
    rows: Sequence[PlannedRow],
    window: SyncWindow,
    now: datetime,
    created_by: str | None = None,
) -> SyncPlan:
    """What a sync of `rows` would do to the records stored now (nothing is written)."""
    stored = stored_for(store, workspace_id, source, rows, window)
    return plan_rows(
        rows,
        stored,
        workspace_id=workspace_id,
        source=source,
        window=window,
        now=now,
        created_by=created_by,
    )


def commit_sync(
    store: Store,
    workspace_id: str,
    source: str,
    rows: Sequence[PlannedRow],
    window: SyncWindow,
    now: datetime,
    created_by: str | None = None,
) -> SyncPlan:
    """Plan again under the locks of every member involved and apply it, in one transaction.

    Raises ImportCollides (nothing saved) when a row now overlaps another synced source's
    record or lies outside the window."""
    with sync_transaction(store, workspace_id, source, rows, window):
        plan = plan_sync(store, workspace_id, source, rows, window, now, created_by)
        if not plan.ok:
            raise ImportCollides(plan.errors)
        apply_plan(store, workspace_id, plan)
    return plan


@contextmanager
def sync_transaction(
    store: Store, workspace_id: str, source: str, rows: Sequence[PlannedRow], window: SyncWindow
) -> Iterator[None]:
    """A transaction holding the locks of every member the sync may touch. A sync of the
    source committed after the members were first read may have given records to members not
    yet locked: then that transaction (which has changed nothing) ends, and a new one takes
    the locks of them all, before anything is planned."""
    wanted = set(sync_members(store, workspace_id, source, rows, window))
    for _ in range(LOCK_ROUNDS):
        # every lock of a transaction is taken at its start, in one sorted batch: taking
        # late members' locks while holding others would deadlock against another sync
        with store.transaction(lock_members=sorted(wanted)):
            late = set(sync_members(store, workspace_id, source, rows, window)) - wanted
            if not late:
                yield
                return
        wanted |= late
    raise DatabaseBusy()


def apply_plan(store: Store, workspace_id: str, plan: SyncPlan) -> None:
    """Write a plan (call inside a transaction): removals, changes in place, then inserts."""
    for record in plan.removed:
        store.unavailability.remove(workspace_id, record.id)
    added: list[Unavailability] = list(plan.created)
    for gone in plan.superseded:
        if not gone.kept:
            store.unavailability.remove(workspace_id, gone.record.id)
        else:
            store.unavailability.update(gone.kept[0])
            added.extend(gone.kept[1:])
    for change in plan.changed:
        store.unavailability.update(change.after)
    if added:
        store.unavailability.add_many(added)


def sync_members(
    store: Store, workspace_id: str, source: str, rows: Sequence[PlannedRow], window: SyncWindow
) -> list[str]:
    """The members a sync may touch: the rows' and those with records of the source within
    reach (a superset: a plan keeps to each member's own scope)."""
    members = {r.member_id for r in rows}
    scope = reach_of(rows, window)
    if scope is not None:
        members |= {
            r.member_id for r in store.unavailability.of_source(workspace_id, source, *scope)
        }
    return sorted(members)
