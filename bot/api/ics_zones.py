"""The VTIMEZONEs of a feed (docs/calendar.md#what-clients-read): written by `icalendar`
for the whole months the feed spans, and each read back as clients read it against the zone
itself, since icalendar's search steps over short switches (Morocco's hour off for
Ramadan); a zone whose VTIMEZONE does not read back right has its events written in UTC."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar
from icalendar import TimezoneDaylight, TimezoneStandard

from core.calendar.feeds import with_events
from core.calendar.model import CalendarEvent, Feed
from core.time.spans import zone

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu"})
_MARGIN = timedelta(days=2)  # VTIMEZONE rules reach past every event's local dates
_STEP = timedelta(hours=6)  # no zone switches twice within six hours
Onsets = list[tuple[datetime, timedelta]]  # local onset (RFC 5545's DTSTART), offset from it


def faithful(feed: Feed) -> Feed:
    """The feed, with the timed events of each zone whose VTIMEZONE would not read back
    right moved to UTC (the same instants, written as `…Z`)."""
    spans = zone_spans(feed)
    wrong = {name for name, span in spans.items() if timezone(name, *span) is None}
    if not any(_timed(e) and e.zone in wrong for e in feed.events):
        return feed
    moved = [replace(e, zone="UTC") if _timed(e) and e.zone in wrong else e for e in feed.events]
    return with_events(feed, moved)


def timezones(feed: Feed) -> list[icalendar.Timezone]:
    """A VTIMEZONE for each zone the feed's timed events use and for the feed's own zone (or
    UTC's, when that is its zone or does not read back right), so that even a feed without
    events holds the component RFC 5545 §3.6 asks for."""
    spans = zone_spans(feed)
    written = {name: timezone(name, *span) for name, span in spans.items()}
    if written.get(feed.zone) is None:
        written["UTC"] = timezone("UTC", *spans[feed.zone])
    return [found for _, found in sorted(written.items()) if found is not None]


def zone_spans(feed: Feed) -> dict[str, tuple[date, date]]:
    """The whole months each zone's VTIMEZONE covers: the feed's window and its events
    (whole shifts and records reach past it), so it changes about once a month."""
    low: dict[str, datetime] = {feed.zone: feed.start}
    high: dict[str, datetime] = {feed.zone: feed.end}
    for event in feed.events:
        if _timed(event):
            low[event.zone] = min(low.get(event.zone, feed.start), event.start)
            high[event.zone] = max(high.get(event.zone, feed.end), event.end)
    return {name: _months(low[name], high[name]) for name in low}


@lru_cache(maxsize=256)
def timezone(name: str, first: date, last: date) -> icalendar.Timezone | None:
    """The zone's VTIMEZONE from `first` to `last`, or None when icalendar cannot write
    one that reads back right over those days. Written from availbot's own zone (the
    bundled tzdata, as every time in the feed), never the host's by name: their rules
    differ where a country changed its clocks lately."""
    real = zone(name)
    written = icalendar.Timezone.from_tzinfo(real, name, first_date=first, last_date=last)
    start = datetime.combine(first + timedelta(days=1), datetime.min.time(), UTC)
    end = datetime.combine(last, datetime.min.time(), UTC)
    return written if reads_back(written, real, start, end) else None


def reads_back(written: icalendar.Timezone, real: ZoneInfo, start: datetime, end: datetime) -> bool:
    """Whether every instant from `start` to `end`, written as its local time in `real`, is
    itself again when read through `written` as RFC 5545 reads it (the latest onset at or
    before the local time gives the offset). Neither the zone's offset nor the VTIMEZONE's
    reading changes within a stretch between the probes, so one probe each is enough. The
    later pass of a repeated hour cannot be written as local time at all: left out."""
    onsets = _onsets(written)
    if onsets is None:
        return False
    starts = [local for local, _ in onsets]
    for probe in _probes(real, start, end, starts):
        local = probe.astimezone(real).replace(tzinfo=None, fold=0)
        if local.replace(tzinfo=real).astimezone(UTC) != probe:
            continue  # the repeated hour's later pass
        at = bisect_right(starts, local) - 1
        if at < 0 or (local - onsets[at][1]).replace(tzinfo=UTC) != probe:
            return False
    return True


def _onsets(written: icalendar.Timezone) -> Onsets | None:
    """Each observance's onsets and offset; None for rules icalendar never writes."""
    found: Onsets = []
    parts: list[TimezoneStandard | TimezoneDaylight] = [*written.standard, *written.daylight]
    for part in parts:
        first, offset = part.DTSTART, part.TZOFFSETTO
        if part.rrules or first is None or offset is None:
            return None
        starts = [first, *(when for when, _ in part.rdates if isinstance(when, datetime))]
        found += [(when.replace(tzinfo=None), offset) for when in starts]
    return sorted(found)


def _probes(
    real: ZoneInfo, start: datetime, end: datetime, onsets: Sequence[datetime]
) -> set[datetime]:
    """The first instant of every stretch over which neither the zone's offset nor the
    VTIMEZONE's observance changes, and of what follows a repeated hour."""
    found = {start}
    offsets = {_offset(real, start)}
    for switch, before, after in _switches(real, start, end):
        found |= {switch, switch + max(before - after, timedelta())}
        offsets |= {before, after}
    found |= {(onset - offset).replace(tzinfo=UTC) for onset in onsets for offset in offsets}
    return {probe for probe in found if start <= probe < end}


def _switches(
    real: ZoneInfo, start: datetime, end: datetime
) -> Iterable[tuple[datetime, timedelta, timedelta]]:
    """Each instant the zone's offset changes, with the offsets before and after it."""
    at, offset = start, _offset(real, start)
    while at < end:
        step = min(at + _STEP, end)
        if (then := _offset(real, step)) != offset:
            low, high = int(at.timestamp()), int(step.timestamp())
            while high - low > 1:  # to the second: offsets change on whole seconds
                middle = (low + high) // 2
                low, high = (middle, high) if _offset_at(real, middle) == offset else (low, middle)
            yield datetime.fromtimestamp(high, UTC), offset, then
            offset = then
        at = step


def _offset(real: ZoneInfo, moment: datetime) -> timedelta:
    return _offset_at(real, int(moment.timestamp()))


def _offset_at(real: ZoneInfo, seconds: int) -> timedelta:
    offset = datetime.fromtimestamp(seconds, real).utcoffset()
    assert offset is not None, "a ZoneInfo always has an offset"
    return offset


def _months(first: datetime, last: datetime) -> tuple[date, date]:
    low, high = (first - _MARGIN).date(), (last + _MARGIN).date()
    return low.replace(day=1), date(high.year + high.month // 12, high.month % 12 + 1, 1)


def _timed(event: CalendarEvent) -> bool:
    return not event.all_day and event.zone not in UTC_NAMES
