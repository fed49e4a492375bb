"""`availbot feeds`: who's-out calendars served by a local HTTP server, through the command
line in process (issue 14): add with a preview, enable, sync as the feed changes, a feed
that turns into an HTML page, unmatched names and aliases, and the scheduler's tick."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from bot.config import Settings
from bot.jobs.feed_sync import feeds_tick
from core.time.spans import zone
from storage.repositories import open_store
from tests.cli.conftest import Availbot
from tests.feed_calendars import calendar, event

SECRET = "/feeds/whos-out.ics?key=s3cr3t-t0ken"
ALLOW = {"AVAILBOT_FEEDS_ALLOW_PRIVATE": "1"}


@dataclass
class Served:
    """What the local server answers at SECRET: a content type and a body."""

    body: bytes = b""
    content_type: str = "text/calendar; charset=utf-8"
    hits: list[str] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    served: ClassVar[Served]

    def do_GET(self) -> None:
        self.served.hits.append(self.path)
        if self.path != SECRET:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", self.served.content_type)
        self.send_header("Content-Length", str(len(self.served.body)))
        self.end_headers()
        with contextlib.suppress(ConnectionError):
            self.wfile.write(self.served.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served() -> Iterator[tuple[str, Served]]:
    state = Served()
    handler = type("Handler", (_Handler,), {"served": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SECRET}", state
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def hr(team: Availbot) -> Availbot:
    """The team, with Jane (Madrid) whom the feeds name, and feeds from 127.0.0.1 allowed."""
    team.env.update(ALLOW)
    team.ok("members", "add", "jane.doe@example.com", "--name", "Jane Doe", "--tz", "Europe/Madrid")
    return team


TODAY = datetime.now(UTC).date()
FIRST = TODAY + timedelta(days=10)


def whos_out(*extra: Any, jane_days: int = 3) -> bytes:
    return calendar(
        event("bhr-1", "Jane Doe (Vacation)", FIRST, FIRST + timedelta(days=jane_days)),
        event("bhr-2", "Pat Unknown (Sick)", FIRST, FIRST + timedelta(days=1)),
        *extra,
    )


def feed_records(cli: Availbot) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = cli.ok("list", "--json").json["items"]
    return sorted(
        (r for r in items if r["source"].startswith("feed:")),
        key=lambda r: (r["member"]["email"], r["start"]),
    )


def madrid(day: date) -> str:
    start = datetime.combine(day, datetime.min.time(), zone("Europe/Madrid"))
    return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_clock_change() -> datetime:
    """Local midnight starting the day of the next change of clocks in one of three zones
    (Madrid, Santiago, Sydney change in different months, so one is always within the
    feed's window)."""
    for days in range(0, 170):
        for name in ("Europe/Madrid", "America/Santiago", "Australia/Sydney"):
            day = datetime.combine(TODAY + timedelta(days=days), datetime.min.time(), zone(name))
            if day.utcoffset() != (day + timedelta(days=1)).utcoffset():
                return day
    raise AssertionError("no change of clocks within 170 days")


class TestFeedStory:
    def test_add_previews_without_storing_records(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        state.body = whos_out()
        added = hr.ok("feeds", "add", "BambooHR", url)
        assert "not enabled yet" in added.out
        assert "create 1 record" in added.out
        assert "Jane Doe" in added.out
        assert "unmatched (skipped): Pat Unknown" in added.out
        assert "s3cr3t" not in added.out and "127.0.0.1" in added.out
        assert feed_records(hr) == []
        listed = hr.ok("feeds", "list", "--json").json["feeds"]
        assert [(f["name"], f["enabled"], f["status"]) for f in listed] == [
            ("BambooHR", False, None)
        ]
        assert "s3cr3t" not in hr.ok("feeds", "list", "--json").out
        again = hr("feeds", "add", "bamboohr", url)
        assert again.status == 1 and "already exists" in again.err

    def test_the_feed_is_followed_as_it_changes(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        madrid_tz = zone("Europe/Madrid")
        dst_start = next_clock_change() - timedelta(hours=4)  # 20:00 the evening before
        dst = event(
            "dst-1", "Jane Doe - Night shift swap", dst_start, dst_start + timedelta(hours=36)
        )
        weekly_start = datetime.combine(FIRST + timedelta(days=14), datetime.min.time(), madrid_tz)
        weekly = event(
            "wk-1",
            "Jane Doe - Course",
            weekly_start.replace(hour=9),
            weekly_start.replace(hour=11),
            rrule={"FREQ": "WEEKLY", "COUNT": 3},
        )
        moved = event(
            "wk-1",
            "Jane Doe - Course",
            weekly_start.replace(hour=14) + timedelta(days=7),
            weekly_start.replace(hour=16) + timedelta(days=7),
            recurrence_id=weekly_start.replace(hour=9) + timedelta(days=7),
        )
        state.body = whos_out(dst, weekly, moved)
        hr.ok("feeds", "add", "BambooHR", url, "--every", "2h")
        hr.ok("feeds", "enable", "BambooHR")
        synced = hr.ok("feeds", "sync", "BambooHR")
        assert "Synced BambooHR: 5 created" in synced.out
        first = feed_records(hr)
        assert {r["source"] for r in first} == {"feed:BambooHR"}
        vacation = next(r for r in first if r["name"] == "Vacation")
        assert (vacation["start"], vacation["all_day"]) == (madrid(FIRST), True)
        assert vacation["end"] == madrid(FIRST + timedelta(days=3))
        night = next(r for r in first if r["name"] == "Night shift swap")
        assert night["start"] == dst_start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert night["end"] == (dst_start + timedelta(hours=36)).astimezone(UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        courses = sorted(r["start"] for r in first if r["name"] == "Course")
        assert courses[1] == (weekly_start.replace(hour=14) + timedelta(days=7)).astimezone(
            UTC
        ).strftime("%Y-%m-%dT%H:%M:%SZ")

        # Jane shortens her vacation, the course is cancelled, the night swap goes as is
        cancelled = event(
            "dst-1",
            "Jane Doe - Night shift swap",
            dst_start,
            dst_start + timedelta(hours=36),
            status="CANCELLED",
        )
        state.body = whos_out(cancelled, jane_days=1)
        again = hr.ok("feeds", "sync", "BambooHR", "--json").json["feed"]
        assert (again["created"], again["changed"], again["removed"]) == (0, 1, 4)
        after = feed_records(hr)
        assert [(r["id"], r["end"]) for r in after] == [
            (vacation["id"], madrid(FIRST + timedelta(days=1)))
        ]
        # the same feed again changes nothing
        same = hr.ok("feeds", "sync", "BambooHR", "--json").json["feed"]
        assert (same["created"], same["changed"], same["removed"]) == (0, 0, 0)

    def test_a_feed_turned_html_keeps_its_records_and_says_why(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        state.body = whos_out()
        hr.ok("feeds", "add", "BambooHR", url)
        hr.ok("feeds", "enable", "BambooHR")
        hr.ok("feeds", "sync", "BambooHR")
        before = feed_records(hr)
        state.body = b"<!DOCTYPE html><html><body>Sign in</body></html>"
        state.content_type = "text/html"
        refused = hr("feeds", "sync", "BambooHR")
        assert refused.status == 1
        assert "an HTML page" in refused.out and "records stay" in refused.out
        assert feed_records(hr) == before
        listed = hr.ok("feeds", "list")
        assert "FAILED" in listed.out and "an HTML page" in listed.out
        feed = hr.ok("feeds", "list", "--json").json["feeds"][0]
        assert feed["status"] == "failed" and feed["last_good_at"] is not None

    def test_unmatched_names_are_listed_until_an_alias_matches_them(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        state.body = whos_out()
        hr.ok("feeds", "add", "BambooHR", url, "--map", "Sick=Sick")
        hr.ok("feeds", "enable", "BambooHR")
        hr.ok("feeds", "sync", "BambooHR")
        listed = hr.ok("feeds", "list")
        assert "unmatched: Pat Unknown" in listed.out
        hr.ok("feeds", "alias", "BambooHR", "Pat Unknown", "bob@example.com")
        hr.ok("feeds", "sync", "BambooHR")
        feed = hr.ok("feeds", "list", "--json").json["feeds"][0]
        assert feed["unmatched"] == []
        bob = [r for r in feed_records(hr) if r["member"]["email"] == "bob@example.com"]
        assert [r["type"]["name"] for r in bob] == ["Sick"]

    def test_remove_takes_its_records_from_today_on(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        state.body = whos_out()
        hr.ok("feeds", "add", "BambooHR", url)
        hr.ok("feeds", "sync", "BambooHR")  # a sync by hand works on a disabled feed too
        assert len(feed_records(hr)) == 1
        removed = hr.ok("feeds", "remove", "BambooHR")
        assert "1 record" in removed.out
        assert feed_records(hr) == []
        assert hr.ok("feeds", "list", "--json").json["feeds"] == []

    def test_remove_cuts_a_leave_across_today_at_the_workspace_midnight_whole_days(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        hr.env["AVAILBOT_TIMEZONE"] = "Europe/Madrid"
        today = datetime.now(zone("Europe/Madrid")).date()
        leave = event(
            "bhr-9", "Jane Doe (Vacation)", today - timedelta(days=2), today + timedelta(3)
        )
        state.body = calendar(leave)
        hr.ok("feeds", "add", "BambooHR", url)
        hr.ok("feeds", "sync", "BambooHR")
        [before] = feed_records(hr)
        assert (before["start"], before["all_day"]) == (madrid(today - timedelta(days=2)), True)
        removed = hr.ok("feeds", "remove", "BambooHR", "--json").json
        assert (removed["removed"], removed["cut"]) == (0, 1)
        [after] = feed_records(hr)
        assert (after["id"], after["start"]) == (before["id"], before["start"])
        assert (after["end"], after["all_day"]) == (madrid(today), True)

    def test_overlapping_and_duplicated_leave_of_one_member_is_kept_once(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        sick = event("bhr-3", "Jane Doe (Sick)", FIRST + timedelta(days=1), FIRST + timedelta(2))
        twice = event("bhr-4", "Jane Doe (Vacation)", FIRST, FIRST + timedelta(days=3))
        state.body = whos_out(sick, twice)
        added = hr.ok("feeds", "add", "BambooHR", url)
        assert "create 1 record" in added.out
        assert "skipped: Jane Doe's 'Sick' from" in added.out
        assert "overlaps their 'Vacation' from" in added.out
        assert hr.ok("feeds", "list", "--json").json["feeds"][0]["status"] is None
        synced = hr.ok("feeds", "sync", "BambooHR")
        assert "Synced BambooHR: 1 created" in synced.out and "skipped: Jane Doe's" in synced.out
        [vacation] = feed_records(hr)
        assert (vacation["name"], vacation["start"]) == ("Vacation", madrid(FIRST))
        assert vacation["end"] == madrid(FIRST + timedelta(days=3))
        listed = hr.ok("feeds", "list")
        assert "skipped: Jane Doe's 'Sick'" in listed.out and "FAILED" not in listed.out
        again = hr.ok("feeds", "sync", "BambooHR", "--json").json["feed"]
        assert (again["created"], again["changed"], again["removed"]) == (0, 0, 0)
        assert again["status"] == "ok" and feed_records(hr) == [vacation]

    def test_only_admins_manage_feeds(self, hr: Availbot, served: tuple[str, Served]) -> None:
        url, state = served
        state.body = whos_out()
        refused = hr("feeds", "add", "BambooHR", url, "--as", "bob@example.com")
        assert refused.status == 1 and state.hits == []
        assert hr("feeds", "list", "--as", "bob@example.com").status == 1

    def test_bad_settings_are_refused_before_fetching(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        assert "between 5 minutes" in hr("feeds", "add", "X", url, "--every", "1m").err
        assert "KEYWORD=TYPE" in hr("feeds", "add", "X", url, "--map", "Sick").err
        assert "No unavailability type" in hr("feeds", "add", "X", url, "--type", "Nope").err
        hr.ok("types", "archive", "Training")
        assert "archived" in hr("feeds", "add", "X", url, "--type", "Training").err
        assert "archived" in hr("feeds", "add", "X", url, "--map", "Course=Training").err
        assert state.hits == []

    def test_a_type_archived_after_adding_fails_the_sync_and_says_so(
        self, hr: Availbot, served: tuple[str, Served]
    ) -> None:
        url, state = served
        state.body = whos_out()
        hr.ok("feeds", "add", "BambooHR", url, "--type", "Training")
        hr.ok("types", "archive", "Training")
        refused = hr("feeds", "sync", "BambooHR")
        assert refused.status == 1 and "archived" in refused.out
        assert feed_records(hr) == []
        feed = hr.ok("feeds", "list", "--json").json["feeds"][0]
        assert feed["status"] == "failed" and "archived" in feed["why"]


def test_the_scheduler_tick_syncs_due_feeds_once(hr: Availbot, served: tuple[str, Served]) -> None:
    url, state = served
    state.body = whos_out()
    hr.ok("feeds", "add", "BambooHR", url)
    hr.ok("feeds", "add", "Other", url)
    hr.ok("feeds", "enable", "BambooHR")
    fetched = len(state.hits)
    settings = Settings.from_env({**hr.env})
    now = datetime.now(UTC).replace(microsecond=0)
    with open_store(hr.env["DATABASE_URL"]) as store:
        done = feeds_tick(store, settings, "instance-a", lambda: now)
        assert [d.feed.name for d in done] == ["BambooHR"]  # Other is not enabled
        assert feeds_tick(store, settings, "instance-b", lambda: now) == []
    assert len(state.hits) == fetched + 1
    assert [r["source"] for r in feed_records(hr)] == ["feed:BambooHR"]


def test_webcal_is_read_as_https_and_a_feed_that_cannot_be_read_is_not_stored(
    hr: Availbot, served: tuple[str, Served]
) -> None:
    url, _ = served
    webcal = url.replace("http://", "webcal://")
    refused = hr("feeds", "add", "BambooHR", webcal)
    # the local server speaks plain http: the https handshake it was sent fails
    assert refused.status == 1
    assert "https://127.0.0.1" in refused.err and "s3cr3t" not in refused.err
    assert hr.ok("feeds", "list", "--json").json["feeds"] == []
