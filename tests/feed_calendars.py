"""Who's-out calendars built with icalendar, shaped the way HR systems publish them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import icalendar

from core.people.model import Member
from core.time.spans import zone

JANE = Member("m_jane", "T0LOCAL", "jane.doe@example.com", "Jane Doe", "Europe/Madrid")
JOSE = Member("m_jose", "T0LOCAL", "jose@example.com", "jose perez", "Europe/Madrid")
KAI = Member("m_kai", "T0LOCAL", "kai@example.com", "Kai Tanaka", "Asia/Tokyo")
SAM = Member("m_sam", "T0LOCAL", "sam@example.com", "Sam Lee", None)
MEMBERS = (JANE, JOSE, KAI, SAM)


def event(
    uid: str, summary: str, start: date | datetime, end: date | datetime | None = None, **props: Any
) -> icalendar.Event:
    """A VEVENT; `props` are more properties by iCalendar name (underscores for dashes)."""
    found = icalendar.Event()
    found.add("uid", uid)
    found.add("dtstamp", datetime(2026, 11, 1, 8, 0, tzinfo=zone("UTC")))
    found.add("summary", summary)
    found.add("dtstart", start)
    if end is not None:
        found.add("dtend", end)
    for name, value in props.items():
        found.add(name.replace("_", "-"), value)
    return found


def calendar(*events: icalendar.Event, product: str = "-//BambooHR//Whos Out//EN") -> bytes:
    """A VCALENDAR of `events`, with the VTIMEZONEs their times use."""
    found = icalendar.Calendar()
    found.add("prodid", product)
    found.add("version", "2.0")
    found.add("x-wr-calname", "Who's Out")
    for item in events:
        found.add_component(item)
    found.add_missing_timezones()
    return bytes(found.to_ical())


def bamboohr(first: date) -> bytes:
    """BambooHR: all-day events, "Name (Type - N days)", DTEND the day after the last."""
    return calendar(
        event("bhr-1", "Jane Doe (Vacation - 3 days)", first, first + timedelta(days=3)),
        event("bhr-2", "Pat Unknown (Sick - 1 day)", first, first + timedelta(days=1)),
    )


def personio(first: date) -> bytes:
    """Personio: "Name - Type", the employee as ATTENDEE, a timed half day in Madrid."""
    madrid = zone("Europe/Madrid")
    start = datetime.combine(first, datetime.min.time(), madrid).replace(hour=9)
    return calendar(
        event(
            "per-1",
            "José Pérez - Vacation",
            first + timedelta(days=1),
            first + timedelta(days=2),
        ),
        event(
            "per-2",
            "Sick leave",
            start,
            start + timedelta(hours=4),
            attendee="mailto:KAI@example.com",
        ),
        product="-//Personio//Absences//EN",
    )


def hibob(first: date) -> bytes:
    """HiBob: "Type: Name", the email in the description."""
    return calendar(
        event(
            "bob-1",
            "Holiday: Sam",
            first,
            first + timedelta(days=2),
            description="Sam Lee (sam@example.com) is out",
        ),
        product="-//HiBob//Who's out//EN",
    )
