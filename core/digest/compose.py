"""What a digest says (docs/digest.md): on call now and next, coverage gaps, who is out and when."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.digest.due import Subscription
from core.people.model import Member
from core.ports import ScheduleStore
from core.records.model import Kind, RecordView
from core.rotations.coverage import CoverageData, RotationCoverage, Segment, coverage
from core.rotations.queries import read_coverage_data
from core.time.bounds import check_days
from core.time.spans import local_midnight, zone

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class RotationNow:
    """A rotation at the digest's moment: who holds it until when, who is next."""

    name: str
    timezone: str
    on_call: Member | None
    until: datetime | None
    next: Member | None
    out: RecordView | None  # the on-call member's hard unavailability now: a red line
    computable: bool = True  # False: its shifts cannot be computed (coverage.UNCOMPUTABLE)


@dataclass(frozen=True)
class Gap:
    rotation: str
    rotation_id: str
    start: datetime
    end: datetime
    member: Member
    reason: str
    suggestions: tuple[Member, ...]
    out_as: str | None = None  # the public type name the member is out as, if out


@dataclass(frozen=True)
class Away:
    """A member out (or preferring not, or volunteering) with the type shown publicly."""

    member: Member
    type: str
    kind: Kind
    start: datetime
    end: datetime
    all_day: bool = False


@dataclass(frozen=True)
class Digest:
    subscription_id: str
    local_date: date
    zone: str
    rotations: tuple[RotationNow, ...]
    gaps: tuple[Gap, ...]
    out_today: dict[str, list[Away]]  # by shown type name
    prefer_not: tuple[Away, ...]
    volunteers: tuple[Away, ...]
    out_later: tuple[Away, ...]
    mentions: bool = True  # name members with Slack mentions (the subscription's `mentions`)


def compose_digest(
    store: ScheduleStore, subscription: Subscription, local_date: date, *, now: datetime
) -> Digest:
    """Everything the digest of `local_date` says, seen at `now` (the time it is posted)."""
    check_days(local_date, what="The digest's date")
    tz = zone(subscription.zone)
    day_start = local_midnight(local_date, tz)
    day_end = local_midnight(local_date + timedelta(days=1), tz)
    horizon = local_midnight(local_date + timedelta(days=subscription.lookahead), tz)
    moment = min(
        max(now.replace(second=0, microsecond=0), day_start), day_end - timedelta(minutes=1)
    )
    ws = subscription.workspace_id
    wanted = set(subscription.rotations)
    rotations = [r for r in store.rotations.all(ws) if not wanted or r.name.casefold() in wanted]
    # Coverage runs one longest shift past the horizon, so "until" and "next" are not cut
    # short; gaps and records are still those of the look-ahead.
    beyond = horizon + max((r.definition.shift.wall for r in rotations), default=_DAY) + _DAY
    data = read_coverage_data(store, ws, day_start, beyond)
    report = coverage(data, {r.id: (moment, beyond) for r in rotations})
    records = [a for a in _views(data, _scope(subscription, report)) if a.start < horizon]
    today = [a for a in records if a.start < day_end]
    return Digest(
        subscription_id=subscription.id,
        local_date=local_date,
        zone=subscription.zone,
        rotations=tuple(_now(c) for c in report),
        gaps=tuple(_gap(c, s) for c in report for s in c.gaps if s.start < horizon),
        out_today=_by_type([a for a in today if a.kind is Kind.HARD]),
        prefer_not=tuple(a for a in today if a.kind is Kind.SOFT),
        volunteers=tuple(a for a in today if a.kind is Kind.WANTS_PAGER),
        out_later=tuple(a for a in records if a.start >= day_end and a.kind is Kind.HARD),
        mentions=subscription.mentions,
    )


def _now(coverage: RotationCoverage) -> RotationNow:
    if not coverage.computable:
        rotation = coverage.rotation
        return RotationNow(rotation.name, rotation.timezone, None, None, None, None, False)
    segments = coverage.segments
    first = segments[0] if segments and segments[0].start <= coverage.start else None
    if first is None:
        upcoming = segments[0].member if segments else None
        return RotationNow(
            coverage.rotation.name, coverage.rotation.timezone, None, None, upcoming, None
        )
    until, following = _held_until(segments, first)
    hard = [v for v in first.unavailable if v.type.kind is Kind.HARD]
    return RotationNow(
        coverage.rotation.name,
        coverage.rotation.timezone,
        first.member,
        until,
        following,
        hard[0] if hard else None,
    )


def _held_until(segments: tuple[Segment, ...], first: Segment) -> tuple[datetime, Member | None]:
    """The end of the current holder's run of segments, and who holds the next one."""
    until = first.end
    for segment in segments[1:]:
        if segment.start != until or segment.member.id != first.member.id:
            return until, segment.member
        until = segment.end
    return until, None


def _gap(coverage: RotationCoverage, segment: Segment) -> Gap:
    hard = [v for v in segment.unavailable if v.type.kind is Kind.HARD]
    out_as = _public(hard[0]) if hard and segment.member.active else None
    reason = (
        "inactive"
        if not segment.member.active
        else (f"{segment.member.name} is out ({out_as})" if out_as else "out")
    )
    return Gap(
        coverage.rotation.name,
        coverage.rotation.id,
        segment.start,
        segment.end,
        segment.member,
        reason,
        segment.suggestions,
        out_as,
    )


def _scope(subscription: Subscription, report: list[RotationCoverage]) -> set[str] | None:
    """The members the digest speaks of: its rotations' members, or everyone (None)."""
    if subscription.everyone:
        return None
    return {m for c in report for v in c.rotation.versions for m in v.definition.member_ids}


def _views(data: CoverageData, scope: set[str] | None) -> list[Away]:
    """The records of the digest's members in [its day, its horizon), shown publicly."""
    members, types = data.members, data.types
    shown = [
        Away(
            members[r.member_id],
            _public(RecordView(r, members[r.member_id], types[r.type_id])),
            types[r.type_id].kind,
            r.start,
            r.end,
            r.all_day,
        )
        for r in data.records
        if scope is None or r.member_id in scope
    ]
    return sorted(shown, key=lambda a: (a.start, a.member.name.casefold()))


def _by_type(away: list[Away]) -> dict[str, list[Away]]:
    grouped: dict[str, list[Away]] = defaultdict(list)
    for item in away:
        grouped[item.type].append(item)
    return dict(sorted(grouped.items()))


def _public(view: RecordView) -> str:
    """A channel is everyone: private types read `Away`."""
    return "Away" if view.type.private else view.type.name
