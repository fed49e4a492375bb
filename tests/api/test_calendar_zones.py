"""Calendar feeds' times as a client that trusts only the feed reads them: each TZID
through the feed's own VTIMEZONE (as Outlook does), never through its name (icalendar
itself resolves a TZID by name, so a wrong VTIMEZONE would go unseen)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import icalendar
import pytest

from core.time.spans import zone
from tests.api.conftest import NOW, Api, MovableClock
from tests.api.test_calendar import at, calendar_of, events, fetch

AUTUMN = datetime(2026, 10, 1, 10, tzinfo=UTC)  # a window over both autumns and spring 2027


def read_through_the_feed(calendar: icalendar.Calendar, event: icalendar.Event, name: str) -> Any:
    """The property's instant, its local time read through the feed's VTIMEZONE of its
    TZID (a dated or UTC value as it is)."""
    prop: Any = event[name]
    tzid = prop.params.get("TZID")
    if tzid is None:
        return prop.dt
    [own] = [t for t in calendar.timezones if str(t["TZID"]) == str(tzid)]
    return prop.dt.replace(tzinfo=own.to_tz(lookup_tzid=False)).astimezone(UTC)


@pytest.mark.parametrize("moment", [NOW, AUTUMN], ids=["spring", "autumn"])
def test_hand_offs_read_nine_local_through_the_feeds_own_vtimezones(
    cal: Api, clock: MovableClock, moment: datetime
) -> None:
    clock.now = moment
    checked = 0
    for who in ("rotation primary", "rotation support", "bob@example.com"):
        reply = fetch(cal, who)
        calendar = calendar_of(reply)
        for event in events(reply, around=moment):
            for name in ("DTSTART", "DTEND"):
                instant, where = at(event, name), zone(str(event[name].params["TZID"]))
                assert instant.astimezone(where).time().isoformat() == "09:00:00", (who, event)
                assert read_through_the_feed(calendar, event, name) == instant, (who, event)
                checked += 1
    assert checked > 400  # daily support shifts over the window, twice over
