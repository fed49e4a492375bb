"""Which planned rows overlap stored records: a sweep per member, in Python."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate

from core.imports.model import PlannedRow
from core.records.model import Unavailability


class StoredOverlaps:
    """Stored records by member, sorted by start, with the latest end among the first k of
    them: a row's overlaps are found from the last record starting before its end back to
    where no earlier record ends after its start (a bisection and the hits, however many
    records a member has)."""

    def __init__(self, stored: Iterable[Unavailability]) -> None:
        grouped: dict[str, list[Unavailability]] = {}
        for record in stored:
            grouped.setdefault(record.member_id, []).append(record)
        self._members = {
            member: _Sorted(sorted(records, key=lambda r: (r.start, r.id)))
            for member, records in grouped.items()
        }

    def __bool__(self) -> bool:
        return bool(self._members)

    def names(self, member_id: str) -> bool:
        return member_id in self._members

    def pairs(self, rows: Iterable[PlannedRow]) -> list[tuple[PlannedRow, Unavailability]]:
        """Each row with each stored record of its member overlapping it: by row as given
        (line order), then by the record's start."""
        found: list[tuple[PlannedRow, Unavailability]] = []
        for row in rows:
            member = self._members.get(row.member_id)
            if member is not None:
                found += [(row, record) for record in member.overlapping(row)]
        return found


class _Sorted:
    def __init__(self, records: list[Unavailability]) -> None:
        self.records = records
        self.starts = [r.start for r in records]
        self.peaks = list(accumulate((r.end for r in records), max))

    def overlapping(self, row: PlannedRow) -> list[Unavailability]:
        at = bisect_left(self.starts, row.end)  # records[:at] start before the row ends
        hits: list[Unavailability] = []
        while at > 0 and self.peaks[at - 1] > row.start:
            at -= 1
            if self.records[at].end > row.start:
                hits.append(self.records[at])
        return hits[::-1]
