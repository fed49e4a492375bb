"""Calendar feeds' times as a client that trusts only the feed reads them: each TZID
through the feed's own VTIMEZONE (as Outlook does), never through its name (icalendar
itself resolves a TZID by name, so a wrong VTIMEZONE would go unseen)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import icalendar
import pytest

from bot.api.ics_zones import reads_back, timezone
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.time.spans import Span, zone
from tests.api.conftest import NOW, WS, Api, MovableClock
from tests.api.test_calendar import at, by_uid, calendar_of, events, fetch

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


def test_times_in_a_zone_whose_vtimezone_would_be_wrong_are_written_in_utc(cal: Api) -> None:
    """icalendar's VTIMEZONE for Morocco misses the hour its clocks go back for Ramadan
    (15 Feb to 22 Mar 2026): those zones' times are written as the same instants in UTC."""
    for n, name in enumerate(("Africa/Casablanca", "Africa/El_Aaiun")):
        email, local = f"m{n}@example.com", zone(name)
        member = add_member(cal.store, OPERATOR, WS, NewMember(email, f"M{n}", tz=name))
        cal.members[email] = member
        spans = {}
        for day in (date(2026, 3, 3), date(2026, 4, 14)):  # during Ramadan, and after it
            span = Span(
                datetime.combine(day, time(9), local), datetime.combine(day, time(17), local)
            )
            view = add_unavailability(
                cal.store, OPERATOR, workspace_id=WS, member_id=member.id, span=span,
                type_name="Time off", name="", now=NOW,
            )  # fmt: skip
            spans[view.record.id] = span
        for who, kind in ((email, "personal"), ("team", "team")):
            reply = fetch(cal, who)
            calendar, found = calendar_of(reply), by_uid(reply)
            assert name not in {str(t["TZID"]) for t in calendar.timezones}
            for record, span in spans.items():
                event = found[f"{kind}-record-{record}@availbot"]
                read = [read_through_the_feed(calendar, event, p) for p in ("DTSTART", "DTEND")]
                assert read == [span.start, span.end], (who, record)


def test_a_feed_without_events_holds_its_own_zones_vtimezone(cal: Api) -> None:
    """RFC 5545 §3.6: a calendar holds at least one component. The team feed before anyone
    is out has the workspace's zone; a member on no rotation and never away, theirs (or
    UTC's, when their zone's VTIMEZONE would be wrong)."""
    for email, name in (
        ("dora@example.com", "Asia/Tokyo"),
        ("sara@example.com", "Africa/Casablanca"),
    ):
        member = NewMember(email, email.split("@")[0].title(), tz=name)
        cal.members[email] = add_member(cal.store, OPERATOR, WS, member)
    for who, zones in (
        ("team", ["Europe/Madrid"]),
        ("dora@example.com", ["Asia/Tokyo"]),
        ("sara@example.com", ["UTC"]),
    ):
        calendar = calendar_of(fetch(cal, who))
        assert not calendar.walk("VEVENT") and calendar.subcomponents, who
        assert [str(t["TZID"]) for t in calendar.timezones] == zones, who


class TestReadingBack:
    """bot.api.ics_zones checks each VTIMEZONE as RFC 5545 reads it, at every instant."""

    START, END = datetime(2026, 2, 2, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC)

    def written(self, name: str, last: date = date(2027, 1, 1)) -> icalendar.Timezone:
        return icalendar.Timezone.from_tzinfo(zone(name), name, date(2026, 2, 1), last)

    def test_a_whole_vtimezone_reads_back_and_a_winter_only_one_does_not(self) -> None:
        madrid = zone("Europe/Madrid")
        assert reads_back(self.written("Europe/Madrid"), madrid, self.START, self.END)
        winter = self.written("Europe/Madrid", last=date(2026, 2, 5))
        assert not reads_back(winter, madrid, self.START, self.END)

    def test_an_onset_an_hour_late_on_the_night_clocks_go_back_does_not(self) -> None:
        late = self.written("Europe/Madrid")
        [autumn] = [p for p in late.standard if p.DTSTART and p.DTSTART.month == 10]
        assert autumn.DTSTART is not None and autumn.DTSTART.hour == 3
        autumn.DTSTART = autumn.DTSTART.replace(hour=4)
        assert not reads_back(late, zone("Europe/Madrid"), self.START, self.END)

    def test_the_hour_morocco_misses_does_not(self) -> None:
        for name in ("Africa/Casablanca", "Africa/El_Aaiun"):
            assert not reads_back(self.written(name), zone(name), self.START, self.END)
            assert timezone(name, date(2026, 2, 1), date(2026, 10, 1)) is None

    @pytest.mark.parametrize(
        "name",
        [
            "Europe/Madrid", "America/New_York", "America/Santiago", "Australia/Lord_Howe",
            "Pacific/Chatham", "Asia/Gaza", "Antarctica/Troll", "America/Havana",
            "Asia/Kathmandu", "Europe/Dublin", "UTC",
        ],
    )  # fmt: skip
    def test_zones_of_every_shape_read_back_in_both_halves_of_the_year(self, name: str) -> None:
        """Half hours, a two-hour switch, the southern hemisphere, negative DST (Dublin),
        none at all; Havana's rules differ between a host's tz files and the bundled ones."""
        for first, last in (
            (date(2026, 2, 1), date(2026, 10, 1)),
            (date(2026, 9, 1), date(2027, 5, 1)),
        ):
            assert timezone(name, first, last) is not None, (name, first)
