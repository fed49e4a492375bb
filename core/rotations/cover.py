"""Taking a coverage gap (the digest's I'll-cover button): an override for the taker, if the
gap is still open and the taker is not hard-unavailable then."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from core.errors import GapAlreadyCovered, UnknownRotation
from core.people.model import Actor
from core.ports import ScheduleStore
from core.rotations.coverage import Segment
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
    """Cover the first hole left in [start, end), from now at the earliest: its gap segments
    that follow each other without a break, joined as an alert joins them (gap_runs).
    GapAlreadyCovered when none is left; the override rules (overlap, unavailable taker)
    refuse the rest with their own reasons."""
    rotation = store.rotations.get(workspace_id, rotation_id)
    if rotation is None:
        raise UnknownRotation(rotation_id)
    begin = max(start, now.replace(second=0, microsecond=0))
    if begin >= end:
        raise GapAlreadyCovered(rotation.name, over=True)
    [report] = coverage_report(store, workspace_id, {rotation.id: (begin, end)})
    runs = gap_runs(report.segments)
    if not runs:
        raise GapAlreadyCovered(rotation.name)
    [first, *_] = runs
    return cover(
        store,
        actor,
        workspace_id=workspace_id,
        rotation_name=rotation.name,
        span=Span(first[0].start, first[-1].end),
        now=now,
    )


def gap_runs(segments: Iterable[Segment]) -> list[list[Segment]]:
    """Gap segments that follow each other without a break, joined: one hole each."""
    runs: list[list[Segment]] = []
    for segment in segments:
        if not segment.gap:
            continue
        if runs and runs[-1][-1].end == segment.start:
            runs[-1].append(segment)
        else:
            runs.append([segment])
    return runs
