"""A feed as iCalendar (RFC 5545, RFC 7986), written by `icalendar`: its events with their
versions, and a VTIMEZONE for every zone their times are given in (docs/calendar.md)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

import icalendar

from core.calendar.model import CalendarEvent, EventVersion, Feed
from core.time.spans import zone

PRODID = "-//availbot//calendar feeds//EN"
REFRESH = timedelta(hours=1)  # what clients are asked to wait between fetches
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu"})
_MARGIN = timedelta(days=2)  # VTIMEZONE rules reach past every event's local dates
EVENTS_CACHED = 20_000  # serialised events kept (about a kilobyte each, with their keys)


def render(feed: Feed, versions: Mapping[str, EventVersion]) -> bytes:
    """The VCALENDAR: each event's bytes come from `icalendar` (and are reused while it and
    its version stay the same); the calendar around them, zones included, too."""
    calendar = _calendar(feed)
    written: bytes = calendar.to_ical()
    head, _, tail = written.rpartition(b"END:VCALENDAR\r\n")
    events = b"".join(_event_bytes(e, versions[e.uid]) for e in feed.events)
    return head + events + b"END:VCALENDAR\r\n" + tail


def _calendar(feed: Feed) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", feed.title)
    calendar.add("x-wr-calname", feed.title)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))  # Outlook's
    timed = [e for e in feed.events if not e.all_day and e.zone not in _UTC_NAMES]
    for name in sorted({e.zone for e in timed}):
        first = min(e.start for e in timed if e.zone == name) - _MARGIN
        last = max(e.end for e in timed if e.zone == name) + _MARGIN
        calendar.add_component(_timezone(name, first.date(), last.date()))
    return calendar


@lru_cache(maxsize=256)
def _timezone(name: str, first: date, last: date) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid(name, first_date=first, last_date=last)


@lru_cache(maxsize=EVENTS_CACHED)
def _event_bytes(event: CalendarEvent, version: EventVersion) -> bytes:
    written: bytes = _event(event, version).to_ical()
    return written


def _event(event: CalendarEvent, version: EventVersion) -> icalendar.Event:
    """Time off marks its person away (OPAQUE, and Outlook's OOF); on-call and gaps leave
    whoever subscribes free (TRANSPARENT, FREE)."""
    found = icalendar.Event()
    found.add("uid", event.uid)
    found.add("dtstamp", version.modified_at)
    found.add("last-modified", version.modified_at)
    found.add("sequence", version.sequence)
    found.add("summary", event.summary)
    if event.all_day:
        first, after = event.days
        found.add("dtstart", first)  # a date: VALUE=DATE, and DTEND the day after the last
        found.add("dtend", after)
    else:
        where = _tz(event.zone)
        found.add("dtstart", event.start.astimezone(where))
        found.add("dtend", event.end.astimezone(where))
    if event.description:
        found.add("description", event.description)
    found.add("transp", "OPAQUE" if event.busy else "TRANSPARENT")
    found.add("x-microsoft-cdo-busystatus", "OOF" if event.busy else "FREE")
    return found


def _tz(name: str) -> tzinfo:
    """UTC is written as `…Z` (no VTIMEZONE needed); any other zone by its IANA name."""
    return UTC if name in _UTC_NAMES else zone(name)


def http_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
