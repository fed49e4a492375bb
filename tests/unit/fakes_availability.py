"""A hand-written in-memory fake of the AvailabilityRepository port."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from core.effective.model import (
    AvailabilityPattern,
    Calendar,
    DayAssignment,
    DayType,
    Definitions,
    ShiftPattern,
)

if TYPE_CHECKING:
    from core.ports import AvailabilityRepository


class FakeAvailability:
    def __init__(self) -> None:
        self.rows: dict[str, Definitions] = {}

    def definitions(
        self, workspace_id: str, member_ids: Sequence[str] | None = None
    ) -> Definitions:
        found = self.rows.get(workspace_id, Definitions())
        if member_ids is None:
            return found
        wanted = set(member_ids)
        return Definitions(
            found.day_types,
            tuple(a for a in found.assignments if a.member_id in wanted),
            tuple(c for c in found.calendars if wanted.intersection(c.members)),
            tuple(s for s in found.shifts if s.member_id in wanted),
            tuple(p for p in found.patterns if p.member_id in wanted),
        )

    def replace_calendars(self, workspace_id: str, calendars: Sequence[Calendar]) -> None:
        self.rows[workspace_id] = replace(
            self.definitions(workspace_id), calendars=tuple(calendars)
        )

    def replace_day_types(self, workspace_id: str, day_types: Sequence[DayType]) -> None:
        self.rows[workspace_id] = replace(
            self.definitions(workspace_id), day_types={t.name: t for t in day_types}
        )

    def replace_assignments(self, workspace_id: str, assignments: Sequence[DayAssignment]) -> None:
        self.rows[workspace_id] = replace(
            self.definitions(workspace_id), assignments=tuple(assignments)
        )

    def replace_patterns(self, workspace_id: str, patterns: Sequence[AvailabilityPattern]) -> None:
        self.rows[workspace_id] = replace(self.definitions(workspace_id), patterns=tuple(patterns))

    def replace_shifts(self, workspace_id: str, shifts: Sequence[ShiftPattern]) -> None:
        self.rows[workspace_id] = replace(self.definitions(workspace_id), shifts=tuple(shifts))


if TYPE_CHECKING:
    # mypy checks here that the fake implements the port it stands in for.
    _availability: AvailabilityRepository = FakeAvailability()
