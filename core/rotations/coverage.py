"""Effective on-call (docs/rotations.md): on call after overrides, segments, gaps, suggestions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import pairwise

from core.people.model import Member
from core.records.model import Kind, RecordView, Unavailability, UnavailabilityType
from core.rotations.model import Override, Rotation, RotationVersion
from core.rotations.shifts import eras, shifts
from core.time.spans import subtract

LOAD_WINDOW = timedelta(days=30)  # on-call hours before a gap rank its cover suggestions
UNCOMPUTABLE = (
    "Its shifts cannot be computed: its dates reach outside those availbot handles "
    "(1970 to 2200). Fix the rotation in the schedules file and apply it again."
)
# What a rotation stored before the dates were checked at the door can raise.
CALENDAR_ERRORS = (OverflowError, ValueError)


@dataclass(frozen=True)
class Duty:
    """`member_id` is on call for [start, end), by an override or by the rotation itself."""

    start: datetime
    end: datetime
    member_id: str
    override_id: str | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch with one member on call and one set of their records touching it."""

    start: datetime
    end: datetime
    member: Member
    override_id: str | None
    unavailable: tuple[RecordView, ...]
    gap: bool
    soft: bool
    suggestions: tuple[Member, ...] = ()


@dataclass(frozen=True)
class RotationCoverage:
    """`computable` is False for a rotation whose shifts cannot be computed (UNCOMPUTABLE):
    it has no segments, and the other rotations of a report are unaffected."""

    rotation: Rotation
    start: datetime
    end: datetime
    segments: tuple[Segment, ...]
    computable: bool = True

    @property
    def gaps(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.gap)


@dataclass(frozen=True)
class CoverageData:
    """What the store holds for a window: overrides reach back LOAD_WINDOW further."""

    rotations: tuple[Rotation, ...]
    overrides: tuple[Override, ...]
    members: Mapping[str, Member]
    types: Mapping[str, UnavailabilityType]
    records: tuple[Unavailability, ...]
    start: datetime
    end: datetime


def leaves_gap(member: Member, kinds: Collection[Kind]) -> bool:
    """Whether the member on call leaves a coverage gap, with records of these kinds on:
    hard-unavailable, or no longer active."""
    return Kind.HARD in kinds or not member.active


def on_call(
    versions: Sequence[RotationVersion],
    overrides: Iterable[Override],
    start: datetime,
    end: datetime,
) -> list[Duty]:
    """Consecutive duties covering [start, end) where anyone is on call; overrides win."""
    covering = sorted(
        (max(o.start, start), min(o.end, end), o)
        for o in overrides
        if o.start < end and o.end > start
    )
    cuts = [(low, high) for low, high, _ in covering]
    duties = [Duty(low, high, o.member_id, o.id) for low, high, o in covering]
    for shift in shifts(versions, start, end):
        inside = [c for c in cuts if c[0] < shift.end and c[1] > shift.start]
        for low, high in subtract([(shift.start, shift.end)], inside):
            duties.append(Duty(low, high, shift.member_id))
    return sorted(duties, key=lambda d: d.start)


def on_call_if_computable(
    versions: Sequence[RotationVersion],
    overrides: Iterable[Override],
    start: datetime,
    end: datetime,
) -> list[Duty] | None:
    """`on_call`, or None for a rotation whose shifts cannot be computed (UNCOMPUTABLE), so
    that one such rotation never takes down a view of the others."""
    try:
        return on_call(versions, overrides, start, end)
    except CALENDAR_ERRORS:
        return None


def coverage(
    data: CoverageData, windows: Mapping[str, tuple[datetime, datetime]]
) -> list[RotationCoverage]:
    """Coverage of each rotation that `windows` names (by id), over its window."""
    found = _Coverage(data)
    return [found.of(r, *windows[r.id]) for r in data.rotations if r.id in windows]


def suggestions(
    data: CoverageData, rotation: Rotation, member: Member, start: datetime, end: datetime
) -> tuple[Member, ...]:
    """Who could take [start, end) of the rotation from `member`, by the rules of a gap's
    suggestions (docs/rotations.md#cover-suggestions), whether or not it is a gap."""
    asked = Segment(start, end, member, None, (), gap=True, soft=False)
    return _Coverage(data)._suggested(rotation, asked).suggestions


class _Coverage:
    """Indexes over one CoverageData, shared by the rotations of one report."""

    def __init__(self, data: CoverageData) -> None:
        self.data = data
        self.records: dict[str, list[Unavailability]] = defaultdict(list)
        for record in sorted(data.records, key=lambda r: r.start):
            self.records[record.member_id].append(record)
        self.overrides: dict[str, list[Override]] = defaultdict(list)
        for override in data.overrides:
            self.overrides[override.rotation_id].append(override)
        self.wanting = {t.id for t in data.types.values() if t.kind is Kind.WANTS_PAGER}
        self.volunteering = _Covering([r for r in data.records if r.type_id in self.wanting])
        self._load: dict[str, list[Duty]] | None = None

    def of(self, rotation: Rotation, start: datetime, end: datetime) -> RotationCoverage:
        duties = on_call_if_computable(rotation.versions, self.overrides[rotation.id], start, end)
        if duties is None:
            return RotationCoverage(rotation, start, end, (), computable=False)
        pieces = [piece for duty in duties for piece in self._split(duty)]
        segments = tuple(self._suggested(rotation, s) if s.gap else s for s in _merged(pieces))
        return RotationCoverage(rotation, start, end, segments)

    def _split(self, duty: Duty) -> list[Segment]:
        """The duty cut where one of the member's records starts or ends."""
        member = self.data.members[duty.member_id]
        touching = [
            r
            for r in self.records.get(duty.member_id, ())
            if r.start < duty.end and r.end > duty.start
        ]
        cuts = sorted({duty.start, duty.end} | {t for r in touching for t in (r.start, r.end)})
        cuts = [t for t in cuts if duty.start <= t <= duty.end]
        pieces = []
        for low, high in pairwise(cuts):
            views = tuple(
                RecordView(r, member, self.data.types[r.type_id])
                for r in touching
                if r.start < high and r.end > low
            )
            kinds = {v.type.kind for v in views}
            gap = leaves_gap(member, kinds)
            soft = Kind.SOFT in kinds
            pieces.append(Segment(low, high, member, duty.override_id, views, gap, soft))
        return pieces

    def _suggested(self, rotation: Rotation, gap: Segment) -> Segment:
        """Volunteers covering the whole gap, then free rotation members; each by load, name."""
        volunteers = {
            r.member_id: m
            for r in self.volunteering.over(gap.start, gap.end)
            if (m := self.data.members[r.member_id]).active and m.id != gap.member.id
        }
        free = {
            m.id: m
            for m_id in _members_at(rotation, gap.start)
            if (m := self.data.members[m_id]).active
            and m.id != gap.member.id
            and m.id not in volunteers
            and not self._busy(m.id, gap.start, gap.end)
        }
        rank = self._rank(gap)
        ranked = sorted(volunteers.values(), key=rank) + sorted(free.values(), key=rank)
        return replace(gap, suggestions=tuple(ranked))

    def _busy(self, member_id: str, start: datetime, end: datetime) -> bool:
        """Whether the member has a hard or soft record in [start, end)."""
        return any(
            r.start < end and r.end > start and r.type_id not in self.wanting
            for r in self.records.get(member_id, ())
        )

    def _rank(self, gap: Segment) -> _Ranking:
        return _Ranking(self._duties(), gap.start - LOAD_WINDOW, gap.start)

    def _duties(self) -> dict[str, list[Duty]]:
        """Every member's duties in every rotation over the whole data window, computed once."""
        if self._load is None:
            self._load = defaultdict(list)
            for rotation in self.data.rotations:
                overrides = self.overrides[rotation.id]
                duties = on_call_if_computable(
                    rotation.versions, overrides, self.data.start, self.data.end
                )
                for duty in duties or ():  # an uncomputable one is reported on its own
                    self._load[duty.member_id].append(duty)
        return self._load


class _Covering:
    """Records by start, to find those covering a span without reading them all (a gap asks
    once; a team of 10,000 volunteers thousands of times): one that covers [start, end)
    starts at most its length before `end`, so no earlier than the longest length before."""

    def __init__(self, records: list[Unavailability]) -> None:
        self.records = sorted(records, key=lambda r: r.start)
        self.starts = [r.start for r in self.records]
        self.longest = max((r.end - r.start for r in records), default=timedelta(0))

    def over(self, start: datetime, end: datetime) -> list[Unavailability]:
        low = bisect_left(self.starts, end - self.longest)
        high = bisect_right(self.starts, start)
        return [r for r in self.records[low:high] if r.end >= end]


@dataclass(frozen=True)
class _Ranking:
    """Sort key: fewest on-call seconds in [start, end), then name."""

    duties: Mapping[str, list[Duty]]
    start: datetime
    end: datetime

    def __call__(self, member: Member) -> tuple[float, str, str]:
        busy = sum(
            (min(d.end, self.end) - max(d.start, self.start)).total_seconds()
            for d in self.duties.get(member.id, ())
            if d.start < self.end and d.end > self.start
        )
        return busy, member.name.casefold(), member.email.casefold()


def _members_at(rotation: Rotation, moment: datetime) -> tuple[str, ...]:
    """The member list of the version ruling at `moment` (the latest one before it)."""
    ruling = [e for e in eras(rotation.versions) if e.start <= moment]
    era = ruling[-1] if ruling else None
    return era.lattice.definition.member_ids if era else rotation.definition.member_ids


def _merged(pieces: list[Segment]) -> list[Segment]:
    """Adjacent pieces with the same member, override and records become one segment."""
    merged: list[Segment] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.end == piece.start
            and last.member.id == piece.member.id
            and last.override_id == piece.override_id
            and [v.record.id for v in last.unavailable] == [v.record.id for v in piece.unavailable]
        ):
            merged[-1] = replace(last, end=piece.end)
        else:
            merged.append(piece)
    return merged
