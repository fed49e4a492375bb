"""Shifts of a rotation: hand-offs at local wall-clock time, versions, and who is due when.

A definition's hand-offs form a lattice on the wall clock: hand-off k is the first
hand-off's local time plus k shift lengths, resolved to an instant with the DST rules of
docs/time.md (so a 12-hour shift lasts 11 or 13 real hours across a change). A shift whose
hand-offs fall in the same spring-forward gap resolves to nothing: it does not exist and uses
nobody's turn, so the member order goes on from the next real hand-off. Version i rules from
its `effective_from` (or its first hand-off) until the next version rules; its shift
containing that instant goes to its first member.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from core.rotations.model import RotationDefinition, RotationVersion
from core.time.spans import resolve_local, zone


@dataclass(frozen=True)
class Shift:
    """The rotation's own member for [start, end), before overrides."""

    start: datetime
    end: datetime
    member_id: str


class Lattice:
    """The hand-off instants of one definition, indexed by shift number k (k may be < 0)."""

    def __init__(self, definition: RotationDefinition) -> None:
        self.definition = definition
        self.tz: ZoneInfo = zone(definition.timezone)
        self.step = definition.shift.wall
        self.first = _first_handoff(definition)

    def handoff(self, k: int) -> datetime:
        return _resolved(self.first + k * self.step, self.tz)

    def index_at(self, moment: datetime) -> int:
        """The k with handoff(k) <= moment < handoff(k + 1)."""
        local = moment.astimezone(self.tz).replace(tzinfo=None)
        k = (local - self.first) // self.step
        while self.handoff(k) > moment:
            k -= 1
        while self.handoff(k + 1) <= moment:
            k += 1
        return k

    @property
    def start(self) -> datetime:
        """The first shift's start: nobody is on call before it."""
        return self.handoff(0)

    def empties(self, low: int, high: int) -> int:
        """How many shifts k in [low, high) a clock change squeezes to nothing: those whose
        wall-clock start and end both fall in one gap (handoff(k) == handoff(k + 1))."""
        if high < low:
            return -self.empties(high, low)
        first_local, last_local = self.first + low * self.step, self.first + high * self.step
        years = range(max((first_local - _NEAR).year, 1), min((last_local + _NEAR).year, 9998) + 1)
        count = 0
        for year in years:
            for gap_start, gap_end in _gaps(self.tz, year):
                # gap_start <= first + k * step and first + (k + 1) * step <= gap_end
                earliest = -((self.first - gap_start) // self.step)
                latest = (gap_end - self.step - self.first) // self.step
                count += max(0, min(latest, high - 1) - max(earliest, low) + 1)
        return count


@lru_cache(maxsize=4096)
def _resolved(naive: datetime, tz: ZoneInfo) -> datetime:
    return resolve_local(naive, tz)


_PROBE = timedelta(hours=6)  # zones change their offset at most once in this long
_NEAR = timedelta(days=2)  # more than any UTC offset: local and UTC years overlap by less


@lru_cache(maxsize=1024)
def _gaps(tz: ZoneInfo, year: int) -> tuple[tuple[datetime, datetime], ...]:
    """The wall-clock stretches [from, to) that never happen in `tz` because its offset grows
    (spring forward) during UTC year `year`, as naive local times."""
    found: list[tuple[datetime, datetime]] = []
    moment, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    before = _offset(moment, tz)
    while moment < end:
        probe = min(moment + _PROBE, end)
        after = _offset(probe, tz)
        if after > before:
            low, high = moment, probe  # the change is at `high`, to the second
            while high - low > timedelta(seconds=1):
                middle = (low + (high - low) / 2).replace(microsecond=0)
                low, high = (low, middle) if _offset(middle, tz) == after else (middle, high)
            found.append(
                ((high + before).replace(tzinfo=None), (high + after).replace(tzinfo=None))
            )
        moment, before = probe, after
    return tuple(found)


def _offset(moment: datetime, tz: ZoneInfo) -> timedelta:
    return moment.astimezone(tz).utcoffset() or timedelta()


@lru_cache(maxsize=1024)
def lattice(definition: RotationDefinition) -> Lattice:
    return Lattice(definition)


def _first_handoff(definition: RotationDefinition) -> datetime:
    """The wall-clock time of the first hand-off at or after the start date's midnight."""
    handoff, start = definition.handoff, definition.start
    day = start
    if handoff.weekday is not None:
        day = start + timedelta(days=(handoff.weekday - start.weekday()) % 7)
    first = datetime.combine(day, handoff.clock)
    midnight = datetime.combine(start, time())
    while first - definition.shift.wall >= midnight:
        first -= definition.shift.wall
    return first


@dataclass(frozen=True)
class Era:
    """One version's reign: [start, end) and the shift number given to its first member."""

    lattice: Lattice
    start: datetime
    end: datetime | None
    first_k: int

    def turn(self, k: int) -> int:
        """How many shifts of this reign come before shift k; squeezed ones do not count."""
        return k - self.first_k - self.lattice.empties(self.first_k, k)

    def member(self, turn: int) -> str:
        members = self.lattice.definition.member_ids
        return members[turn % len(members)]


def eras(versions: Sequence[RotationVersion]) -> list[Era]:
    """The reigns of the versions, oldest first; versions that never rule are left out."""
    starts = [
        max(v.effective_from, lattice(v.definition).start)
        if v.effective_from is not None
        else lattice(v.definition).start
        for v in versions
    ]
    found: list[Era] = []
    for i, version in enumerate(versions):
        end = starts[i + 1] if i + 1 < len(versions) else None
        if end is not None and end <= starts[i]:
            continue
        grid = lattice(version.definition)
        found.append(Era(grid, starts[i], end, grid.index_at(starts[i])))
    return found


def shifts(versions: Sequence[RotationVersion], start: datetime, end: datetime) -> list[Shift]:
    """The rotation's own shifts overlapping [start, end), clipped to it, in order."""
    found: list[Shift] = []
    for era in eras(versions):
        low = max(start, era.start)
        high = end if era.end is None else min(end, era.end)
        if low >= high:
            continue
        grid = era.lattice
        k = grid.index_at(low)
        turn = era.turn(k)
        while (shift_start := grid.handoff(k)) < high:
            following = grid.handoff(k + 1)
            if following > shift_start:  # a squeezed shift does not exist and takes no turn
                found.append(Shift(max(shift_start, low), min(following, high), era.member(turn)))
                turn += 1
            k += 1
    return found


def shift_start_at(versions: Sequence[RotationVersion], moment: datetime) -> datetime | None:
    """The start of the shift running at `moment` (its hand-off, or its version's first
    instant); None before the first shift."""
    for era in eras(versions):
        if moment < era.start or (era.end is not None and moment >= era.end):
            continue
        grid = era.lattice
        return max(grid.handoff(grid.index_at(moment)), era.start)
    return None


def shift_end_after(versions: Sequence[RotationVersion], moment: datetime) -> datetime | None:
    """The end of the shift running at `moment` (the next hand-off); None before the first."""
    for era in eras(versions):
        if moment < era.start or (era.end is not None and moment >= era.end):
            continue
        grid = era.lattice
        handoff = grid.handoff(grid.index_at(moment) + 1)
        return handoff if era.end is None else min(handoff, era.end)
    return None


def shift_at(versions: Sequence[RotationVersion], moment: datetime) -> Shift | None:
    """The whole shift running at `moment` (from its hand-off to the next, within its
    version's reign), before overrides; None before the rotation's first shift."""
    for era in eras(versions):
        if moment < era.start or (era.end is not None and moment >= era.end):
            continue
        grid = era.lattice
        k = grid.index_at(moment)
        end = grid.handoff(k + 1)
        return Shift(
            max(grid.handoff(k), era.start),
            end if era.end is None else min(end, era.end),
            era.member(era.turn(k)),
        )
    return None


def revised(
    versions: Sequence[RotationVersion], new: RotationDefinition, *, now: datetime
) -> tuple[RotationVersion, ...]:
    """The versions after the file says `new` at `now` (docs/rotations.md: a change rules from
    the next hand-off; shifts already started keep their member; the past never changes).

    Versions not yet ruling at `now` are replaced. Before the first shift, `new` replaces
    everything. When `new` starts later than the next hand-off, the old definition runs on
    until `new`'s first shift, so nobody is left without a shift in between.
    """
    if versions and versions[-1].definition == new:
        return tuple(versions)
    kept = tuple(v for v in versions if v.effective_from is None or v.effective_from <= now)
    if kept and kept[-1].definition == new:
        return kept
    try:
        handoff = shift_end_after(kept, now) if kept else None
    except (OverflowError, ValueError):
        handoff = None  # versions stored before dates were checked: `new` starts afresh
    if handoff is None:
        return (RotationVersion(None, new, now),)
    return (*kept, RotationVersion(max(handoff, lattice(new).start), new, now))
