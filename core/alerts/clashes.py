"""Your time off hits your shift: the member's own on-call (after overrides) that a record
takes away, from now on, so the reply or a DM can say so at once, with Find cover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.ports import ScheduleStore
from core.records.model import Kind, RecordView
from core.rotations.model import Rotation
from core.rotations.stints import read_stints

# How far ahead a record is compared with shifts: rotations are computed for a year at most
# in one go (the `oncall` window), and a longer leave is about this year's shifts first.
HORIZON = timedelta(days=366)


@dataclass(frozen=True)
class Clash:
    """The member is on call for the rotation in [start, end) and the record makes them out:
    the gap it opens."""

    rotation: Rotation
    member_id: str
    start: datetime
    end: datetime


def clashes(store: ScheduleStore, view: RecordView, now: datetime) -> list[Clash]:
    """The gaps a hard record opens in its member's own upcoming on-call, soonest first.
    Soft and wants-pager records open none; the past is not looked at."""
    if view.type.kind is not Kind.HARD:
        return []
    record = view.record
    start, end = max(record.start, now), min(record.end, now + HORIZON)
    if end <= start:
        return []
    found = read_stints(store, record.workspace_id, start, end)
    return [
        Clash(s.rotation, s.member_id, s.start, s.end)
        for s in found
        if s.member_id == record.member_id
    ]
