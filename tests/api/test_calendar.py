"""Calendar feeds read as calendar clients read them: over HTTP from the live server, parsed
with icalendar and expanded with recurring-ical-events, fetched again after changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from bot.config import Settings
from core.access.keys import set_api
from core.calendar.links import TEAM, issue_link, of_rotation, personal, revoke_link
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability, remove_unavailability
from core.rotations.overrides import cover
from core.time.spans import Span, day_span, zone
from tests.api.conftest import NOW, SECRET, WS, Api, MovableClock, Reply, serving

MADRID, NEW_YORK = zone("Europe/Madrid"), zone("America/New_York")
# primary, weekly from Mon 2 Feb: Ann, Bob, Carol, Ann, Bob (2 Mar), Carol, Ann, Bob (23 Mar)…
BOBS_SHIFT = datetime(2026, 3, 2, 8, tzinfo=UTC)  # Mon 2 Mar 09:00 in Madrid


def token(api: Api, who: str) -> str:
    """The link's token: `team`, `rotation NAME`, or a member's email."""
    if who == "team":
        subject = TEAM
    elif who.startswith("rotation "):
        found = api.store.rotations.by_name(WS, who.removeprefix("rotation "))
        assert found is not None
        subject = of_rotation(found)
    else:
        subject = personal(api.members[who])
    return issue_link(api.store, WS, subject, secret=SECRET, now=NOW).token


def fetch(api: Api, who: str, headers: dict[str, str] | None = None) -> Reply:
    """`who`'s feed (see `token`), as a calendar server asks for it."""
    return get(api, token(api, who), headers)


def get(api: Api, secret: str, headers: dict[str, str] | None = None) -> Reply:
    return api.call("GET", f"/calendar/{secret}.ics", headers=headers)


def calendar_of(reply: Reply) -> icalendar.Calendar:
    assert reply.status == 200, reply.body
    assert reply.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(reply.body)


def events(reply: Reply, around: datetime = NOW) -> list[icalendar.Event]:
    """Every event of the window of a feed fetched at `around`, as a client expands it."""
    found = recurring_ical_events.of(calendar_of(reply)).between(
        around - timedelta(days=40), around + timedelta(days=220)
    )
    return list(found)


def by_uid(reply: Reply) -> dict[str, icalendar.Event]:
    """The window's events by UID, which names one event in the feed: a second VEVENT
    under it, left out of a dict, would be a duplicate in every client."""
    uids = [str(e["UID"]) for e in calendar_of(reply).walk("VEVENT")]
    assert len(set(uids)) == len(uids), sorted({u for u in uids if uids.count(u) > 1})
    return {str(e["UID"]): e for e in events(reply)}


def at(event: icalendar.Event, name: str = "DTSTART") -> Any:
    value: Any = event[name]
    return value.dt


def written(component: icalendar.Component, name: str) -> str:
    raw: Any = component[name].to_ical()
    return str(raw.decode("ascii"))


def off(api: Api, who: str, first: date, last: date, kind: str = "Time off") -> str:
    span = day_span(first, last, zone(api.members[who].tz or "UTC"))
    view = add_unavailability(
        api.store,
        OPERATOR,
        workspace_id=WS,
        member_id=api.members[who].id,
        span=span,
        type_name=kind,
        name="Skiing" if kind == "Time off" else "Surgery",
        now=NOW,
    )
    return view.record.id


class TestWhatClientsRead:
    def test_every_feed_parses_with_its_versions_zones_and_refresh_hints(self, cal: Api) -> None:
        off(cal, "bob@example.com", date(2026, 3, 10), date(2026, 3, 12))
        for who in ("bob@example.com", "rotation primary", "rotation support", "team"):
            calendar = calendar_of(fetch(cal, who))
            assert written(calendar, "REFRESH-INTERVAL") == "PT1H"
            assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
            assert written(calendar, "X-PUBLISHED-TTL") == "PT1H"
            found = list(calendar.walk("VEVENT"))
            assert found, who
            for event in found:
                for name in ("UID", "DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "SUMMARY", "TRANSP"):
                    assert name in event, (who, name)
                assert event["X-MICROSOFT-CDO-BUSYSTATUS"] in ("FREE", "OOF")
        zones = {
            str(tz["TZID"]) for tz in calendar_of(fetch(cal, "bob@example.com")).walk("VTIMEZONE")
        }
        assert zones == {"Europe/Madrid", "America/New_York"}

    def test_hand_offs_stay_at_nine_local_across_daylight_saving_in_two_zones(
        self, cal: Api
    ) -> None:
        primary = [
            e for e in events(fetch(cal, "rotation primary")) if "nobody" not in str(e["SUMMARY"])
        ]
        support = events(fetch(cal, "rotation support"))
        assert {(at(e).astimezone(MADRID).hour, at(e).weekday()) for e in primary} == {(9, 0)}
        assert {at(e).astimezone(NEW_YORK).hour for e in support} == {9}
        starts = {at(e).astimezone(UTC) for e in primary + support}
        # Madrid springs forward on 29 Mar, New York on 8 Mar: the same 09:00, an hour apart
        assert datetime(2026, 3, 23, 8, tzinfo=UTC) in starts
        assert datetime(2026, 3, 30, 7, tzinfo=UTC) in starts
        assert datetime(2026, 3, 6, 14, tzinfo=UTC) in starts
        assert datetime(2026, 3, 9, 13, tzinfo=UTC) in starts
        assert str(primary[0]["DTSTART"].params["TZID"]) == "Europe/Madrid"

    def test_the_window_is_15_days_back_to_180_ahead_with_whole_shifts(self, cal: Api) -> None:
        support = events(fetch(cal, "rotation support"))
        first, last = min(at(e) for e in support), max(at(e) for e in support)
        assert first.date() == date(2026, 2, 14)  # the shift running at 15 Feb 00:00 Madrid
        assert last.date() == date(2026, 8, 29)

    def test_all_day_time_off_is_dates_with_an_exclusive_end_and_marks_the_person_out(
        self, cal: Api
    ) -> None:
        record = off(cal, "bob@example.com", date(2026, 3, 10), date(2026, 3, 12))
        mine = by_uid(fetch(cal, "bob@example.com"))[f"personal-record-{record}@availbot"]
        assert (at(mine), at(mine, "DTEND")) == (date(2026, 3, 10), date(2026, 3, 13))
        assert mine["DTSTART"].params["VALUE"] == "DATE"
        assert (mine["TRANSP"], mine["X-MICROSOFT-CDO-BUSYSTATUS"]) == ("OPAQUE", "OOF")
        assert mine["SUMMARY"] == "Time off: Skiing"

    def test_on_call_and_gaps_leave_people_free(self, cal: Api) -> None:
        off(cal, "bob@example.com", date(2026, 3, 4), date(2026, 3, 5))
        found = events(fetch(cal, "rotation primary"))
        gaps = [e for e in found if e["SUMMARY"] == "⚠ primary: nobody on call"]
        assert [(at(g), at(g, "DTEND")) for g in gaps] == [
            (datetime(2026, 3, 4, tzinfo=MADRID), datetime(2026, 3, 6, tzinfo=MADRID))
        ]
        assert gaps[0]["DESCRIPTION"] == "Bob is on call but away (Time off)."
        assert {(e["TRANSP"], e["X-MICROSOFT-CDO-BUSYSTATUS"]) for e in found} == {
            ("TRANSPARENT", "FREE")
        }

    def test_private_types_read_away_in_the_team_feed_and_by_name_in_ones_own(
        self, cal: Api
    ) -> None:
        record = off(cal, "bob@example.com", date(2026, 3, 10), date(2026, 3, 10), "Sick")
        team = by_uid(fetch(cal, "team"))[f"team-record-{record}@availbot"]
        assert team["SUMMARY"] == "Bob: Away" and "DESCRIPTION" not in team
        mine = by_uid(fetch(cal, "bob@example.com"))[f"personal-record-{record}@availbot"]
        assert mine["SUMMARY"] == "Sick: Surgery"

    def test_a_uid_names_one_event_in_one_kind_of_feed_and_stays_across_fetches(
        self, cal: Api
    ) -> None:
        """The same record or shift is another event in each kind of feed (`Sick: Surgery`
        in Bob's, `Bob: Away` in the team's): a client holding both must not merge them."""
        off(cal, "bob@example.com", date(2026, 3, 4), date(2026, 3, 5), "Sick")  # and a gap
        who = ("bob@example.com", "carol@example.com", "rotation primary", "rotation support")
        feeds = {w: set(by_uid(fetch(cal, w))) for w in (*who, "team")}
        for (one, uids), (other, others) in combinations(feeds.items(), 2):
            assert not uids & others, (one, other, sorted(uids & others)[:3])
        kinds = {w: {u.split("-")[0] for u in uids} for w, uids in feeds.items()}
        assert kinds == {
            "bob@example.com": {"personal"},
            "carol@example.com": {"personal"},
            "rotation primary": {"rotation"},
            "rotation support": {"rotation"},
            "team": {"team"},
        }
        assert {w: set(by_uid(fetch(cal, w))) for w in feeds} == feeds


class TestRefreshes:
    def test_an_override_moves_the_event_under_the_same_uid_with_a_new_sequence(
        self, cal: Api, clock: MovableClock
    ) -> None:
        uid = f"personal-shift-{cal.store.rotations.all(WS)[0].id}-20260302T080000Z@availbot"
        before = by_uid(fetch(cal, "bob@example.com"))
        clock.now = NOW + timedelta(hours=1)
        span = Span(BOBS_SHIFT, BOBS_SHIFT + timedelta(days=1))
        carol = cal.members["carol@example.com"]
        cover(
            cal.store, OPERATOR, workspace_id=WS, rotation_name="primary", span=span,
            member=carol, now=clock.now,
        )  # fmt: skip
        after = by_uid(fetch(cal, "bob@example.com"))
        assert set(after) == set(before)
        moved = after[uid]
        assert at(moved) == datetime(2026, 3, 3, 9, tzinfo=MADRID)
        assert at(moved, "DTEND") == at(before[uid], "DTEND")
        assert (moved["SEQUENCE"], before[uid]["SEQUENCE"]) == (1, 0)
        assert at(moved, "LAST-MODIFIED") == clock.now
        unchanged = next(u for u in after if u != uid)
        assert after[unchanged]["SEQUENCE"] == 0
        covers = [
            e for e in events(fetch(cal, "carol@example.com")) if "(cover)" in str(e["SUMMARY"])
        ]
        assert [(at(e), at(e, "DTEND")) for e in covers] == [(span.start, span.end)]

    def test_a_removed_record_is_gone_on_the_next_fetch(self, cal: Api) -> None:
        record = off(cal, "bob@example.com", date(2026, 3, 10), date(2026, 3, 12))
        team, mine = f"team-record-{record}@availbot", f"personal-record-{record}@availbot"
        assert team in by_uid(fetch(cal, "team"))
        assert mine in by_uid(fetch(cal, "bob@example.com"))
        remove_unavailability(cal.store, OPERATOR, workspace_id=WS, record_id=record)
        assert team not in by_uid(fetch(cal, "team"))
        assert mine not in by_uid(fetch(cal, "bob@example.com"))

    def test_an_unchanged_feed_is_304_by_etag_or_date_and_a_changed_one_is_not(
        self, cal: Api, clock: MovableClock
    ) -> None:
        first = fetch(cal, "team")
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        assert etag.startswith('W/"') and first.headers["Cache-Control"] == "private, no-cache"
        again = fetch(cal, "team", {"If-None-Match": etag})
        assert (again.status, again.body) == (304, b"")
        assert (again.headers["ETag"], again.headers["Last-Modified"]) == (etag, modified)
        assert fetch(cal, "team", {"If-Modified-Since": modified}).status == 304
        clock.now = NOW + timedelta(minutes=5)
        off(cal, "bob@example.com", date(2026, 3, 10), date(2026, 3, 12))
        changed = fetch(cal, "team", {"If-None-Match": etag})
        assert changed.status == 200 and changed.headers["ETag"] != etag
        assert fetch(cal, "team", {"If-Modified-Since": modified}).status == 200
        assert fetch(cal, "team", {"If-Modified-Since": "not a date"}).status == 200

    def test_a_date_in_the_future_is_ignored_so_a_change_is_never_hidden(
        self, cal: Api, clock: MovableClock
    ) -> None:
        future = {"If-Modified-Since": "Fri, 31 Dec 2100 00:00:00 GMT"}
        assert fetch(cal, "team", future).status == 200
        clock.now = NOW + timedelta(minutes=5)
        off(cal, "bob@example.com", date(2026, 3, 10), date(2026, 3, 12))
        assert fetch(cal, "team", future).status == 200
        now = {"If-Modified-Since": "Mon, 02 Mar 2026 10:05:00 GMT"}  # the change's own second
        assert fetch(cal, "team", now).status == 304

    def test_head_answers_the_same_headers_without_a_body(self, cal: Api) -> None:
        secret = token(cal, "team")
        whole = get(cal, secret)
        head = cal.call("HEAD", f"/calendar/{secret}.ics")
        assert (head.status, head.body) == (200, b"")
        for name in ("Content-Type", "ETag", "Last-Modified", "Cache-Control"):
            assert head.headers[name] == whole.headers[name], name
        assert head.headers["Content-Length"] == str(len(whole.body))
        tagged = {"If-None-Match": whole.headers["ETag"]}
        assert cal.call("HEAD", f"/calendar/{secret}.ics", headers=tagged).status == 304
        revoke_link(cal.store, WS, TEAM, now=NOW)
        assert cal.call("HEAD", f"/calendar/{secret}.ics").status == 404

    def test_each_fetch_is_recorded_as_the_links_last(self, cal: Api, clock: MovableClock) -> None:
        fetch(cal, "team")
        link = cal.store.calendars.live(WS, TEAM.kind, TEAM.id)
        assert link is not None and link.last_fetched_at == NOW


class TestLinks:
    def test_an_unknown_or_revoked_token_is_the_same_404_as_no_such_path(self, cal: Api) -> None:
        secret = token(cal, "team")
        revoke_link(cal.store, WS, TEAM, now=NOW)
        revoked = get(cal, secret)
        unknown = get(cal, "a" * 32)
        malformed = get(cal, "not-a-token")
        nowhere = cal.call("GET", "/no/such/path")
        assert {r.status for r in (revoked, unknown, malformed, nowhere)} == {404}
        assert revoked.body == unknown.body == malformed.body == nowhere.body

    def test_changing_the_secret_ends_every_link_at_once(
        self, cal: Api, clock: MovableClock
    ) -> None:
        """Before anyone asks for a link again (which would replace it), and with no secret
        set at all: the stored hash alone opens nothing."""
        links = [token(cal, who) for who in ("carol@example.com", "rotation primary", "team")]
        assert {get(cal, secret).status for secret in links} == {200}
        unknown = get(cal, "a" * 32)
        for setting in ("the operator changed the leaked secret 0123456789", None):
            with serving(cal.store, Settings(calendar_secret=setting), clock) as restarted:
                answers = {(r.status, r.body) for r in (get(restarted, t) for t in links)}
                assert answers == {(404, unknown.body)}, setting
                if setting is not None:
                    fresh = issue_link(cal.store, WS, TEAM, secret=setting, now=NOW).token
                    assert fresh not in links and get(restarted, fresh).status == 200

    def test_a_feed_needs_no_key_and_the_api_switch_does_not_apply(self, cal: Api) -> None:
        set_api(cal.store, WS, False)
        assert fetch(cal, "team").status == 200

    def test_an_unexpected_failure_is_a_500_whose_log_never_shows_the_token(
        self, cal: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        secret = token(cal, "team")

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("a bug")

        monkeypatch.setattr("bot.api.calendar.read_feed", broken)
        assert get(cal, secret).status == 500
        assert "GET /calendar/…" in caplog.text and secret not in caplog.text

    def test_an_inactive_members_feed_is_gone(self, cal: Api) -> None:
        secret = token(cal, "bob@example.com")
        bob = cal.members["bob@example.com"]
        cal.store.members.update(replace(bob, active=False))
        assert get(cal, secret).status == 404
