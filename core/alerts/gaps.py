"""The coverage gaps a channel's alerts speak of (docs/alerts.md#coverage-alerts): each
rotation's holes within a subscription's look-ahead, read without reading the whole team."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.digest.due import Subscription
from core.people.model import Member
from core.ports import ScheduleStore
from core.records.model import Kind
from core.rotations.cover import gap_runs
from core.rotations.coverage import (
    LOAD_WINDOW,
    CoverageData,
    RotationCoverage,
    Segment,
    coverage,
)
from core.rotations.model import Rotation
from core.time.spans import local_midnight, zone

# Gaps are followed a week past the look-ahead, so most alerts say when a gap really ends.
PAST_HORIZON = timedelta(days=7)
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Absence:
    """Why the member on call leaves a hole: out as a type (publicly named), or inactive."""

    member: Member
    out_as: str | None  # None: inactive


@dataclass(frozen=True)
class OpenGap:
    """A stretch of one rotation with nobody able to take a page, as one channel sees it:
    consecutive gap segments joined, clipped to the channel's window."""

    subscription: Subscription
    rotation_id: str
    rotation: str
    start: datetime
    end: datetime
    why: tuple[Absence, ...]
    suggestions: tuple[Member, ...]
    open_ended: bool = False  # it runs on past `end`, the last instant looked at


@dataclass(frozen=True)
class Window:
    """What a subscription's alerts look at: from yesterday's local midnight (so a gap in
    progress keeps its start) to `beyond`; gaps must start before `horizon`."""

    anchor: datetime
    horizon: datetime
    beyond: datetime


def window_of(subscription: Subscription, now: datetime) -> Window:
    tz = zone(subscription.zone)
    today = now.astimezone(tz).date()
    horizon = local_midnight(today + timedelta(days=subscription.lookahead), tz)
    return Window(local_midnight(today - _DAY, tz), horizon, horizon + PAST_HORIZON)


def in_scope(subscription: Subscription, rotation: Rotation) -> bool:
    return not subscription.rotations or rotation.name.casefold() in subscription.rotations


def read_gap_data(
    store: ScheduleStore, workspace_id: str, start: datetime, end: datetime
) -> CoverageData:
    """What coverage of [start, end) needs to find gaps and suggest covers, reading only the
    people it concerns: the rotations' members (every version), those holding overrides,
    and volunteers (wants_pager records). So its cost follows the rotations, not the team."""
    rotations = tuple(store.rotations.all(workspace_id))
    overrides = tuple(store.overrides.in_window(workspace_id, start - LOAD_WINDOW, end))
    types = {t.id: t for t in store.types.all(workspace_id)}
    wanting = [t.id for t in types.values() if t.kind is Kind.WANTS_PAGER]
    people = {m for r in rotations for v in r.versions for m in v.definition.member_ids}
    people |= {o.member_id for o in overrides}
    records = store.unavailability.in_window(workspace_id, start, end, sorted(people))
    volunteers = store.unavailability.of_types(workspace_id, wanting, start, end)
    seen = {r.id for r in records}
    records += [r for r in volunteers if r.id not in seen]
    members = store.members.many(workspace_id, people | {r.member_id for r in volunteers})
    return CoverageData(
        rotations=rotations,
        overrides=overrides,
        members=members,
        types=types,
        records=tuple(records),
        start=start - LOAD_WINDOW,
        end=end,
    )


def gap_coverage(
    data: CoverageData, subscriptions: Sequence[Subscription], now: datetime
) -> dict[str, RotationCoverage]:
    """Coverage of every rotation some subscription shows, over the union of their windows."""
    windows: dict[str, tuple[datetime, datetime]] = {}
    for subscription in subscriptions:
        window = window_of(subscription, now)
        for rotation in data.rotations:
            if in_scope(subscription, rotation):
                low, high = windows.get(rotation.id, (window.anchor, window.beyond))
                windows[rotation.id] = (min(low, window.anchor), max(high, window.beyond))
    return {c.rotation.id: c for c in coverage(data, windows)}


def open_gaps(
    report: Mapping[str, RotationCoverage], subscription: Subscription, now: datetime
) -> list[OpenGap]:
    """The subscription's gaps now: starting before its horizon, not over yet."""
    window = window_of(subscription, now)
    found: list[OpenGap] = []
    for covered in sorted(report.values(), key=lambda c: c.rotation.name):
        if not covered.computable or not in_scope(subscription, covered.rotation):
            continue
        for run in gap_runs(covered.segments):
            start, end = max(run[0].start, window.anchor), min(run[-1].end, window.beyond)
            if start < window.horizon and end > now and start < end:
                found.append(_gap(subscription, covered.rotation, run, start, end, window))
    return found


def _gap(
    subscription: Subscription,
    rotation: Rotation,
    run: list[Segment],
    start: datetime,
    end: datetime,
    window: Window,
) -> OpenGap:
    why: list[Absence] = []
    for segment in run:
        for absence in _absences(segment):
            if absence not in why:
                why.append(absence)
    return OpenGap(
        subscription,
        rotation.id,
        rotation.name,
        start,
        end,
        tuple(why),
        run[0].suggestions,
        open_ended=run[-1].end >= window.beyond,
    )


def _absences(segment: Segment) -> list[Absence]:
    if not segment.member.active:
        return [Absence(segment.member, None)]
    hard = [v for v in segment.unavailable if v.type.kind is Kind.HARD]
    return [Absence(segment.member, "Away" if v.type.private else v.type.name) for v in hard]
