"""What an export holds for availbot: rotations it can make, and what it cannot carry over."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from core.rotations.model import Handoff, RotationDefinition, ShiftLength


@dataclass(frozen=True)
class ImportedRotation:
    """A rotation availbot would create, its members named by email in hand-off order.

    `source` names where it came from in the export (`rotation 'Nights'`); `anchor` is the
    export's hand-off instant, in `timezone`, whose shift goes to `order[0]`; `emails` is
    the order availbot stores (the same people, turned so that its first shift of the start
    day goes to the same person as the export's)."""

    name: str
    source: str
    timezone: str
    shift: ShiftLength
    handoff: Handoff
    anchor: datetime
    order: tuple[str, ...]
    emails: tuple[str, ...]

    @property
    def start(self) -> date:
        return self.anchor.date()

    def definition(self, member_ids: tuple[str, ...]) -> RotationDefinition:
        return RotationDefinition(self.timezone, self.shift, self.handoff, self.start, member_ids)


@dataclass(frozen=True)
class Skipped:
    """A rotation (or layer) of the export that availbot does not create, and every reason."""

    source: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ScheduleExport:
    """An export read: `tool` is "opsgenie" or "pagerduty"."""

    tool: str
    schedule: str
    rotations: tuple[ImportedRotation, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = field(default=())
