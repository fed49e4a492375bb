"""Taking a coverage gap (the digest's I'll-cover button): an override for the taker, if the
gap is still open and the taker is not hard-unavailable then."""

from __future__ import annotations

from datetime import datetime

from core.errors import GapAlreadyCovered, UnknownRotation
from core.people.model import Actor
from core.ports import ScheduleStore
from core.rotations.overrides import OverrideView, cover
from core.rotations.queries import coverage_report
from core.time.spans import Span


def take_gap(
    store: ScheduleStore,
    actor: Actor,
    *,
    workspace_id: str,
    rotation_id: str,
    start: datetime,
    end: datetime,
    now: datetime,
) -> OverrideView:
    """Cover the first part of [start, end) that is still a gap, from now at the earliest.
    GapAlreadyCovered when none is left; the override rules (overlap, unavailable taker)
    refuse the rest with their own reasons."""
    rotation = store.rotations.get(workspace_id, rotation_id)
    if rotation is None:
        raise UnknownRotation(rotation_id)
    begin = max(start, now.replace(second=0, microsecond=0))
    if begin >= end:
        raise GapAlreadyCovered(rotation.name, over=True)
    [report] = coverage_report(store, workspace_id, {rotation.id: (begin, end)})
    if not report.gaps:
        raise GapAlreadyCovered(rotation.name)
    gap = report.gaps[0]
    return cover(
        store,
        actor,
        workspace_id=workspace_id,
        rotation_name=rotation.name,
        span=Span(gap.start, gap.end),
        now=now,
    )
