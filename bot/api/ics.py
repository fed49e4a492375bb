"""A feed as iCalendar (RFC 5545, RFC 7986), written by `icalendar`: its events with their
versions, and the VTIMEZONEs of bot.api.ics_zones (docs/calendar.md).

Each event is written once per version (`event_text`) and kept with it in the database
(core.calendar.feeds.written_events); a feed is the calendar around those texts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo

import icalendar
from icalendar import vDDDTypes, vInt, vText

from bot.api.ics_zones import UTC_NAMES, timezones
from core.calendar.feeds import Writer
from core.calendar.model import CalendarEvent, EventVersion, Feed
from core.time.spans import zone

PRODID = "-//availbot//calendar feeds//EN"
REFRESH = timedelta(hours=1)  # what clients are asked to wait between fetches
_BUSY = (vText("OPAQUE"), vText("OOF"))
_FREE = (vText("TRANSPARENT"), vText("FREE"))


def render(feed: Feed, events: Sequence[str]) -> bytes:
    """The VCALENDAR of the feed, its zones included, around its events as `event_text`
    wrote them."""
    written: bytes = _calendar(feed).to_ical()
    head, _, tail = written.rpartition(b"END:VCALENDAR\r\n")
    return head + "".join(events).encode("utf-8") + b"END:VCALENDAR\r\n" + tail


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
    for found in timezones(feed):
        calendar.add_component(found)
    return calendar


def event_text(event: CalendarEvent, version: EventVersion) -> str:
    """One VEVENT, as `icalendar` writes it (CRLF line ends, folded)."""
    written: bytes = _event(event, version).to_ical()
    return written.decode("utf-8")


# Change the edition with anything that changes what `_event` writes: stored events of the
# earlier edition are then written again (one SEQUENCE more), not served as they were.
# Edition 2: uids name the feed's kind. Edition 3: times in zones whose VTIMEZONE would
# not read back right are in UTC.
EVENTS = Writer("icalendar, edition 3", event_text)


def _event(event: CalendarEvent, version: EventVersion) -> icalendar.Event:
    """Time off marks its person away (OPAQUE, and Outlook's OOF); on-call and gaps leave
    whoever subscribes free (TRANSPARENT, FREE). Properties are given as icalendar's own
    types, which it then need not guess (a third of the time an event takes to write)."""
    found = icalendar.Event()
    found["UID"] = vText(event.uid)
    found["DTSTAMP"] = found["LAST-MODIFIED"] = vDDDTypes(version.modified_at)
    found["SEQUENCE"] = vInt(version.sequence)
    found["SUMMARY"] = vText(event.summary)
    if event.all_day:
        first, after = event.days  # dates: VALUE=DATE, and DTEND the day after the last
        found["DTSTART"], found["DTEND"] = vDDDTypes(first), vDDDTypes(after)
    else:
        where = _tz(event.zone)
        found["DTSTART"] = vDDDTypes(event.start.astimezone(where))
        found["DTEND"] = vDDDTypes(event.end.astimezone(where))
    if event.description:
        found["DESCRIPTION"] = vText(event.description)
    found["TRANSP"], found["X-MICROSOFT-CDO-BUSYSTATUS"] = _BUSY if event.busy else _FREE
    return found


def _tz(name: str) -> tzinfo:
    """UTC is written as `…Z` (no VTIMEZONE needed); any other zone by its IANA name."""
    return UTC if name in UTC_NAMES else zone(name)


def http_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
