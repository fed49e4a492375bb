"""Planning an import's rows: raw rows → the records they would create, every problem kept."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import compress, islice, repeat
from operator import is_, is_not, itemgetter, not_
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from core.errors import AvailbotError, NameTooLong, UnacceptableText
from core.imports.checks import Known, find_clashes
from core.imports.model import PlannedRow, RowError
from core.imports.read import ALIASES, Header, RawBatch, RawRow
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
"""Told (rows read, rows planned) after each batch of rows (core.imports.read.BATCH_ROWS),
and once when all are read."""

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
Target = tuple[str, ZoneInfo]
"""A member's id and zone."""
CellsKey = tuple[ZoneInfo, str, str, str, str]
"""A row's zone and its cells as read: start, end, name, type."""
_MEMBER_ID, _ZONE = itemgetter(0), itemgetter(1)  # of a Target
_UNSEEN: Any = object()

_row = tuple.__new__  # a PlannedRow from one tuple: half the cost of its keyword __new__


class Planner:
    """Turns raw rows into planned records, collecting every problem on the way.

    Cells repeat across an HR export (the same dates, types and reasons for many people), so
    each distinct (start, end, name, type) is read and checked once per zone, its verdict
    (the values, or the CellError to raise again) kept for the rows that repeat it. Rows
    come a batch at a time as columns, and the common case (an email and cells seen before)
    is looked up a column at a time in C: 100,000 rows a file."""

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
        self.verdicts: dict[CellsKey, Cells | CellError] = {}
        self.spans: dict[tuple[str, str, ZoneInfo], Span | CellError] = {}
        self.ids = new_ids("avail")

    def plan(
        self,
        header: Header,
        batches: Iterable[RawBatch],
        sync: bool = False,
        progress: Progress | None = None,
    ) -> tuple[list[PlannedRow], list[RowError], list[str], int, int]:
        if header.missing:
            return [], [_missing_columns(header)], [], 0, 0
        rows: list[PlannedRow] = []
        errors: list[RowError] = []
        unmatched: dict[str, None] = {}
        total = 0
        for batch in batches:
            total += len(batch.lines)
            rows += self._planned(batch, unmatched, errors)
            if progress is not None:
                progress(total, len(rows))
        if progress is not None:
            progress(total, len(rows))
        known = [] if sync else self._known(rows)  # a sync plans against stored records itself
        rows, clash_errors, duplicates = find_clashes(rows, known)
        errors.extend(clash_errors)
        errors.sort(key=lambda e: (e.line or 0, e.column or ""))
        return rows, errors, list(unmatched), duplicates, total

    def _meet(self, batch: RawBatch, unmatched: dict[str, None], errors: list[RowError]) -> None:
        """The member of each email the batch names for the first time (None: none), in the
        order the file names them (Slack is asked in that order); an empty email is an
        error on each row that has one."""
        emails = batch.emails
        new = dict.fromkeys(emails).keys() - self.targets.keys()
        first = dict(zip(reversed(emails), range(len(emails) - 1, -1, -1), strict=True))
        for email in sorted(new, key=first.__getitem__):
            if email:
                self.targets[email] = self._target(email, unmatched)
            else:  # not kept: each such row is an error of its own
                at = compress(batch.lines, map(not_, emails))
                errors += (RowError(line, "email", "The email is empty.") for line in at)

    def _planned(
        self, batch: RawBatch, unmatched: dict[str, None], errors: list[RowError]
    ) -> Iterator[PlannedRow]:
        """The batch's rows that name a member and whose cells are sound, as planned rows;
        a row with a bad cell is an error. Each column is looked up and zipped in C."""
        members = list(map(self.targets.get, batch.emails, repeat(_UNSEEN)))
        if _UNSEEN in members:  # an email not seen before, or none at all
            self._meet(batch, unmatched, errors)
            members = list(map(self.targets.get, batch.emails))
        if None in members:  # no member, or no email at all
            keep = list(map(is_not, members, repeat(None)))
            batch, members = batch.kept(keep), _kept(members, keep)
        targets = cast(list[Target], members)
        keys = list(zip(map(_ZONE, targets), *batch[2:], strict=True))
        found = list(map(self.verdicts.get, keys))
        if None in found:  # cells not seen before in that zone
            for at in list(compress(range(len(found)), map(is_, found, repeat(None)))):
                found[at] = self.verdicts.get(keys[at]) or self._read(batch, at, keys[at])
        lines = batch.lines
        bad = list(map(isinstance, found, repeat(CellError)))
        if any(bad):
            for error, line in zip(compress(found, bad), compress(lines, bad), strict=True):
                assert isinstance(error, CellError)
                errors.append(RowError(line, error.column, error.message))
            keep = list(map(not_, bad))
            lines, targets, found = _kept(lines, keep), _kept(targets, keep), _kept(found, keep)
        ids = islice(self.ids, len(lines))
        planned = zip(lines, ids, map(_MEMBER_ID, targets), *zip(*found, strict=True), strict=True)
        return map(_row, repeat(PlannedRow), planned)

    def _target(self, email: str, unmatched: dict[str, None]) -> Target | None:
        """The member an email names and the zone its rows are read in (None: none)."""
        member = self._member(email, unmatched)
        if member is None:
            return None
        return member.id, zone(member.tz) if member.tz else self.default_tz

    def _member(self, email: str, unmatched: dict[str, None]) -> Member | None:
        key = email.lower()
        member = self.by_email.get(key)
        if member is None and self.lookup is not None and key not in unmatched:
            member = self.lookup(email)
            if member is not None:
                self.by_email[member.email.lower()] = member
                self.members[member.id] = member
        if member is None:
            unmatched[key] = None
        return member

    def _read(self, batch: RawBatch, at: int, key: CellsKey) -> Cells | CellError:
        """The verdict on cells not seen before in their zone, kept for the rows that
        repeat them."""
        raw = _row(RawRow, tuple(column[at] for column in batch))
        found = self.verdicts[key] = _verdict(lambda: self._cells(raw, key[0]))
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


def _kept(column: list[T], keep: list[bool]) -> list[T]:
    return list(compress(column, keep))


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
