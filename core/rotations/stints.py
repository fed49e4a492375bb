"""Each member's stints: their on-call time after overrides, back-to-back duties of a rotation
joined, so that a shift split by an override or a hand-off to themselves reads as one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from core.ports import ScheduleStore
from core.rotations.coverage import on_call_if_computable
from core.rotations.model import Override, Rotation


@dataclass(frozen=True)
class Stint:
    """`member_id` is on call for the rotation in [start, end), without a break."""

    rotation: Rotation
    start: datetime
    end: datetime
    member_id: str
    by_override: bool = False  # some of it is an override
    runs_on: bool = False  # it reaches the end of the window read: `end` is not its own end
    runs_from: bool = False  # it began before the window read: `start` is not its own start

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and self.end > start


def stints(
    rotations: Iterable[Rotation], overrides: Sequence[Override], start: datetime, end: datetime
) -> list[Stint]:
    """Every member's stints in [start, end) (clipped to it), by start then rotation name.
    A rotation whose shifts cannot be computed has none."""
    found: list[Stint] = []
    for rotation in rotations:
        mine = [o for o in overrides if o.rotation_id == rotation.id]
        joined: list[Stint] = []
        for duty in on_call_if_computable(rotation.versions, mine, start, end) or ():
            last = joined[-1] if joined else None
            override = duty.override_id is not None
            if last and last.member_id == duty.member_id and last.end == duty.start:
                joined[-1] = replace(
                    last,
                    end=duty.end,
                    by_override=last.by_override or override,
                    runs_on=duty.end >= end,
                )
            else:
                joined.append(
                    Stint(rotation, duty.start, duty.end, duty.member_id, override, duty.end >= end)
                )
        found += joined
    return sorted(found, key=lambda s: (s.start, s.rotation.name.casefold()))


def read_stints(
    store: ScheduleStore, workspace_id: str, start: datetime, end: datetime
) -> list[Stint]:
    """Every member's stints in [start, end), read in two queries."""
    overrides = store.overrides.in_window(workspace_id, start, end)
    return stints(store.rotations.all(workspace_id), overrides, start, end)


def member_stints(
    store: ScheduleStore, workspace_id: str, member_id: str, start: datetime, end: datetime
) -> list[Stint]:
    """The member's stints in [start, end), soonest first."""
    return [s for s in read_stints(store, workspace_id, start, end) if s.member_id == member_id]
