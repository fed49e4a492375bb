"""Planning an import's rows: raw rows → the records they would create, every problem kept."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from core.errors import AvailbotError, NameTooLong, UnacceptableText
from core.imports.checks import Known, find_clashes
from core.imports.model import PlannedRow, RowError
from core.imports.read import ALIASES, Header, RawRow
from core.model import new_ids
from core.people.model import Member
from core.ports import ImportStore
from core.records.model import UnavailabilityType
from core.text import note_problem
from core.time.bounds import check_instants
from core.time.phrases import parse_point
from core.time.spans import local_date, local_midnight, resolve_local, zone

T = TypeVar("T")
EmailLookup = Callable[[str], Member | None]
"""Finds a member the directory does not know yet (Slack's users.lookupByEmail)."""

Progress = Callable[[int, int], None]
"""Told (rows read, rows planned) every PROGRESS_EVERY rows and once when all are read."""

PROGRESS_EVERY = 5_000
_UNSEEN: Any = object()
_START, _END = itemgetter(4), itemgetter(5)  # a PlannedRow's start and end, C-fast
_FIXED_NOW = datetime(2000, 1, 1, tzinfo=UTC)  # dates must carry a year, so now is moot
_DAY = timedelta(days=1)


class CellError(Exception):
    """A row's cell that cannot become part of a record: its column and why."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


Span = tuple[datetime, datetime, bool]
Cells = tuple[str, datetime, datetime, bool, str]  # type id, start, end, all_day, name
Target = tuple[str, dict[tuple[str, ...], "Cells | CellError"], ZoneInfo]
"""A member's id, the verdicts on cells read in the member's zone, and that zone."""

_row = tuple.__new__  # a PlannedRow from one tuple: half the cost of its keyword __new__


class Planner:
    """Turns raw rows into planned records, collecting every problem on the way.

    Cells repeat across an HR export (the same dates, types and reasons for many people), so
    each distinct (start, end, name, type) is read and checked once per zone, its verdict
    (the values, or the CellError to raise again) kept for the rows that repeat it."""

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
        self.targets: dict[str, Target | None] = {}  # by the email as the file spells it
        self.by_zone: dict[ZoneInfo, dict[tuple[str, ...], Cells | CellError]] = {}
        self.spans: dict[tuple[str, str, ZoneInfo], Span | CellError] = {}
        self.ids = new_ids("avail")

    def plan(
        self,
        header: Header,
        raw_rows: Iterable[RawRow],
        sync: bool = False,
        progress: Progress | None = None,
    ) -> tuple[list[PlannedRow], list[RowError], list[str], int, int]:
        if header.missing:
            return [], [_missing_columns(header)], [], 0, 0
        rows: list[PlannedRow] = []
        errors: list[RowError] = []
        unmatched: dict[str, None] = {}
        total = 0
        targets, ids, append = self.targets, self.ids, rows.append
        for total, raw in enumerate(raw_rows, 1):
            if total % PROGRESS_EVERY == 0 and progress is not None:
                progress(total, len(rows))
            # the common case inline (an email and cells seen before): 100,000 rows a file
            target = targets.get(raw.email, _UNSEEN)
            if target is _UNSEEN:
                target = self._target(raw, unmatched, errors)
            if target is None:
                continue
            member_id, cells, tz = target
            found = cells.get(raw[2:]) or self._read(raw, tz, cells)  # (start, end, name, type)
            if isinstance(found, CellError):
                errors.append(RowError(raw.line, found.column, found.message))
                continue
            append(_row(PlannedRow, (raw.line, next(ids), member_id, *found)))
        if progress is not None:
            progress(total, len(rows))
        known = [] if sync else self._known(rows)  # a sync plans against stored records itself
        rows, clash_errors, duplicates = find_clashes(rows, known)
        errors.extend(clash_errors)
        errors.sort(key=lambda e: (e.line or 0, e.column or ""))
        return rows, errors, list(unmatched), duplicates, total

    def _target(
        self, raw: RawRow, unmatched: dict[str, None], errors: list[RowError]
    ) -> Target | None:
        """The member a row's email names (None: none), kept for the rows that repeat it."""
        member = self._member(raw, unmatched, errors)
        if not raw.email:
            return None  # not kept: each such row is an error of its own
        if member is None:
            target = None
        else:
            tz = zone(member.tz) if member.tz else self.default_tz
            target = (member.id, self.by_zone.setdefault(tz, {}), tz)
        self.targets[raw.email] = target
        return target

    def _member(
        self, raw: RawRow, unmatched: dict[str, None], errors: list[RowError]
    ) -> Member | None:
        if not raw.email:
            errors.append(RowError(raw.line, "email", "The email is empty."))
            return None
        email = raw.email.lower()
        member = self.by_email.get(email)
        if member is None and self.lookup is not None and email not in unmatched:
            member = self.lookup(raw.email)
            if member is not None:
                self.by_email[member.email.lower()] = member
                self.members[member.id] = member
        if member is None:
            unmatched[email] = None
        return member

    def _read(
        self, raw: RawRow, tz: ZoneInfo, cells: dict[tuple[str, ...], Cells | CellError]
    ) -> Cells | CellError:
        """The verdict on cells not seen before in `tz`, kept for the rows that repeat them."""
        found = cells[raw[2:]] = _verdict(lambda: self._cells(raw, tz))
        return found

    def _cells(self, raw: RawRow, tz: ZoneInfo) -> Cells:
        """What a row's cells come to in `tz`, or the CellError of its first bad cell."""
        key = (raw.start, raw.end, tz)
        span = self.spans.get(key)
        if span is None:
            span = self.spans[key] = _verdict(lambda: _span(raw, tz))
        if isinstance(span, CellError):
            raise CellError(span.column, span.message)
        type_ = self._type(raw.type)
        self._check_name(raw.name)
        return (type_.id, *span, raw.name or self.label)

    def _type(self, name: str) -> UnavailabilityType:
        type_ = self.types.get((name or "Time off").lower())
        if type_ is None:
            known = ", ".join(sorted(t.name for t in self.types.values() if not t.archived))
            raise CellError("type", f"No type {name!r}. Known types: {known}.")
        if type_.archived:
            raise CellError("type", f"The type {type_.name!r} is archived; pick another.")
        return type_

    def _check_name(self, name: str) -> None:
        if len(name) > NameTooLong.LIMIT:
            raise CellError("name", f"The name has {len(name)} characters; at most 200.")
        bad = note_problem(name)
        if bad is not None:
            raise CellError("name", UnacceptableText("The name", name[bad[0]], *bad).message)

    def _known(self, rows: list[PlannedRow]) -> list[Known]:
        if not rows:
            return []
        low = min(map(_START, rows))
        high = max(map(_END, rows))
        wanted = {r.member_id for r in rows}
        found = self.store.unavailability.in_window(self.ws, low, high)
        return [
            Known(r.id, r.member_id, r.type_id, r.start, r.end)
            for r in found
            if r.member_id in wanted
        ]


def _verdict(work: Callable[[], T]) -> T | CellError:
    try:
        return work()
    except CellError as exc:
        return exc.with_traceback(None)  # kept for the rows that repeat it: no frames with it


def _span(raw: RawRow, tz: ZoneInfo) -> Span:
    """The row's instants in `tz` and whether it covers whole days, or the CellError."""
    start, start_date_only = _cell_point(raw.start, tz, "start", "start_time")
    if raw.end:
        end, end_date_only = _cell_point(raw.end, tz, "end", "end_time")
    else:
        end, end_date_only = one_day_later(start, start_date_only, tz), start_date_only
    if end <= start:
        raise CellError("end_time", f"The end {raw.end!r} is not after the start {raw.start!r}.")
    return start, end, start_date_only and end_date_only


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
        raise CellError(column, f"The {column} is empty.")
    try:
        return cell_point(text, tz, role)
    except AvailbotError as exc:
        raise CellError(column, exc.message) from None


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
