"""Interval arithmetic on instants; local days in named zones with the DST rules of docs/time.md.

Local wall-clock times become instants here and nowhere else: an ambiguous time takes
its first occurrence, a time in a spring-forward gap moves to the first valid instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from core.errors import UnknownTimeZone

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Span:
    """A half-open interval [start, end) of aware instants; `all_day` when whole local days."""

    start: datetime
    end: datetime
    all_day: bool = False


# tzdata lists `Factory`, its placeholder for "local time unknown" (shown as -00): not a place.
_NOT_PLACES = frozenset({"Factory"})
_ZONES: dict[str, ZoneInfo] = {}


@cache
def zone_names() -> frozenset[str]:
    """Every zone name availbot accepts: the IANA names (aliases such as `US/Pacific`
    included) that the bundled tzdata package lists, whatever the host has installed."""
    listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(listed.split()) - _NOT_PLACES


class _Zone(ZoneInfo):
    """A zone read from the tzdata package; copies and pickles come back as the same object."""

    def __reduce__(self) -> tuple[Callable[[str], ZoneInfo], tuple[str]]:
        return zone, (self.key,)


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`, with the rules of the bundled tzdata package, or UnknownTimeZone.

    The one check of a zone name: a host's zoneinfo files (`localtime`, `posixrules`,
    `right/…`) are not zones, and its rules, older or newer, never mix with the package's.
    """
    found = _ZONES.get(name) if isinstance(name, str) else None
    if found is not None:
        return found
    if not isinstance(name, str) or name not in zone_names():
        raise UnknownTimeZone(name)
    with resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as data:
        return _ZONES.setdefault(name, _Zone.from_file(data, key=name))


def resolve_local(naive: datetime, tz: ZoneInfo) -> datetime:
    """The instant a local wall-clock time names, in UTC (first occurrence; gaps move on)."""
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    # In a gap: fold=0 and fold=1 straddle the transition; bisect to its exact second.
    low, high = sorted((first, naive.replace(tzinfo=tz, fold=1).astimezone(UTC)))
    after = high.astimezone(tz).utcoffset()
    while (high - low) > timedelta(seconds=1):
        mid = low + (high - low) / 2
        mid = mid.replace(microsecond=0)
        if mid.astimezone(tz).utcoffset() == after:
            high = mid
        else:
            low = mid
    return high


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of a local day (UTC)."""
    return resolve_local(datetime.combine(day, time()), tz)


def day_span(first: date, last: date, tz: ZoneInfo) -> Span:
    """Whole local days `first`..`last` inclusive: 23, 24 or 25 hours each."""
    return Span(local_midnight(first, tz), local_midnight(last + timedelta(days=1), tz), True)


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """The union as sorted, disjoint, non-touching intervals; empty ones dropped."""
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(intervals: Iterable[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """`intervals` minus `holes`, merged and sorted."""
    result: list[Interval] = []
    cut = merge(holes)
    for start, end in merge(intervals):
        cursor = start
        for hole_start, hole_end in cut:
            if hole_end <= cursor or hole_start >= end:
                continue
            if hole_start > cursor:
                result.append((cursor, hole_start))
            cursor = max(cursor, hole_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def clip(intervals: Iterable[Interval], window: Interval) -> list[Interval]:
    """The parts of `intervals` inside `window`."""
    low, high = window
    return [(max(s, low), min(e, high)) for s, e in merge(intervals) if s < high and e > low]
