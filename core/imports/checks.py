"""Duplicates and collisions of imported rows, among themselves and with stored records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

from core.imports.model import PlannedRow, RowError


@dataclass(frozen=True, slots=True)
class Known:
    """A stored record, as far as imports compare against it."""

    id: str
    member_id: str
    type_id: str
    start: datetime
    end: datetime


def find_clashes(
    rows: Iterable[PlannedRow], known: Iterable[Known]
) -> tuple[list[PlannedRow], list[RowError], int]:
    """The rows to create, the row errors, and how many rows were duplicates.

    A row identical (member, span, type) to a stored record or to an earlier row is a
    duplicate and skipped; a row that overlaps anything else is an error naming it."""
    stored = {(k.member_id, k.start, k.end, k.type_id) for k in known}
    seen: set[tuple[str, datetime, datetime, str]] = set()
    fresh: list[PlannedRow] = []
    duplicates = 0
    for row in rows:
        key = (row.member_id, row.start, row.end, row.type_id)
        if key in stored or key in seen:
            duplicates += 1
            continue
        seen.add(key)
        fresh.append(row)
    errors = _overlaps(fresh, known)
    if not errors:
        return fresh, errors, duplicates
    bad = {e.line for e in errors}
    return [r for r in fresh if r.line not in bad], errors, duplicates


def _overlaps(rows: list[PlannedRow], known: Iterable[Known]) -> list[RowError]:
    by_member: dict[str, list[PlannedRow | Known]] = defaultdict(list)
    for row in rows:
        by_member[row.member_id].append(row)
    for record in known:
        if record.member_id in by_member:
            by_member[record.member_id].append(record)
    errors: dict[int | None, RowError] = {}
    for spans in by_member.values():
        for error in _sweep(spans):
            errors.setdefault(error.line, error)
    return list(errors.values())


_by_start = attrgetter("start", "end")  # C-fast: 100,000 rows are sorted by it


def _sweep(spans: list[PlannedRow | Known]) -> list[RowError]:
    """Sorted by start, each span is checked against the one reaching furthest so far."""
    spans.sort(key=_by_start)
    errors: list[RowError] = []
    reach: PlannedRow | Known | None = None
    for span in spans:
        if reach is not None and span.start < reach.end:
            error = _clash(span, reach)
            if error is not None:
                errors.append(error)
        if reach is None or span.end > reach.end:
            reach = span
    return errors


def _clash(span: PlannedRow | Known, other: PlannedRow | Known) -> RowError | None:
    row, against = (span, other) if isinstance(span, PlannedRow) else (other, span)
    if not isinstance(row, PlannedRow):
        return None  # two stored records: not this import's business
    if isinstance(against, Known):
        what = f"stored record {against.id} ({_iso(against.start)} – {_iso(against.end)})"
    else:
        what = f"line {against.line} of this file"
    return RowError(row.line, "start_time", f"This row overlaps {what}.")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
