"""`/unavailable feeds` through the real path: signed requests to the app, a local HTTP server
serving a BambooHR-shaped calendar, answers read from the Slack stand-in."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from bot.config import Settings
from bot.ids import ENABLE_FEED_ACTION
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, BOB, NOW, SignedClient, text_of
from tests.bot.slack_standin import TEAM_ID
from tests.bot.test_home import open_home
from tests.feed_calendars import calendar, event

FIRST = date(2026, 3, 10)
SECRET_PATH = "/feeds/whos-out.ics?key=s3cr3t"
Route = tuple[int, str, bytes]


def bamboohr_here() -> bytes:
    """BambooHR's shape ("Name (Type - N days)", all-day, DTEND exclusive) naming Ann, who is
    a member, and Pat, who is not."""
    return calendar(
        event("bhr-1", "Ann Admin (Vacation - 3 days)", FIRST, FIRST + timedelta(days=3)),
        event("bhr-2", "Pat Unknown (Sick - 1 day)", FIRST, FIRST + timedelta(days=1)),
    )


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}

    def do_GET(self) -> None:
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feeds_server() -> Iterator[tuple[str, dict[str, Route]]]:
    routes: dict[str, Route] = {}
    handler = type("Handler", (_Handler,), {"routes": routes})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", routes
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The feeds are served from 127.0.0.1: allowed only with AVAILBOT_FEEDS_ALLOW_PRIVATE."""
    return dataclasses.replace(settings, feeds_allow_private=True)


@pytest.fixture
def feed(feeds_server: tuple[str, dict[str, Route]]) -> str:
    base, routes = feeds_server
    routes[SECRET_PATH] = (200, "text/calendar; charset=utf-8", bamboohr_here())
    return base + SECRET_PATH


def _window() -> tuple[datetime, datetime]:
    return NOW - timedelta(days=1), NOW + timedelta(days=400)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


class TestFeedsInSlack:
    def test_add_previews_then_enable_syncs_and_the_list_says_so(
        self, slack: SignedClient, store: SqlStore, feed: str
    ) -> None:
        preview = slack.ask(f"feeds add BambooHR <{feed}> every=2h", user=ANN)
        shown = text_of(preview)
        assert "create 1 record" in shown and "Ann Admin" in shown
        assert "Pat Unknown" in shown and "not enabled yet" in shown
        assert "s3cr3t" not in shown and "whos-out" not in shown  # never the address whole
        assert preview.get("response_type") == "ephemeral"
        [enable] = buttons(preview)
        assert enable["action_id"] == ENABLE_FEED_ACTION and enable["value"] == "BambooHR"
        assert store.unavailability.in_window(TEAM_ID, *_window()) == []  # nothing stored yet

        done = slack.click(ENABLE_FEED_ACTION, "BambooHR", user=ANN)
        said = text_of(done)
        assert done.get("replace_original") is True
        assert "Enabled BambooHR" in said and "created 1" in said and "Pat Unknown" in said
        stored = store.unavailability.in_window(TEAM_ID, *_window())
        assert [r.source for r in stored] == ["feed:BambooHR"]

        listed = text_of(slack.ask("feeds", user=ANN))
        assert "BambooHR" in listed and "enabled" in listed and "every 2h" in listed
        assert "created 1, changed 0, removed 0" in listed and "Pat Unknown" in listed
        assert "s3cr3t" not in listed

    def test_members_who_are_not_admins_are_refused(
        self, slack: SignedClient, store: SqlStore, feed: str
    ) -> None:
        assert "admin" in text_of(slack.ask("feeds", user=BOB)).lower()
        refused = text_of(slack.ask(f"feeds add HR <{feed}>", user=BOB))
        assert "admin" in refused.lower() and "Enable" not in refused
        assert store.feeds.all(TEAM_ID) == []
        slack.ask(f"feeds add HR <{feed}>", user=ANN)
        clicked = text_of(slack.click(ENABLE_FEED_ACTION, "HR", user=BOB))
        assert "admin" in clicked.lower()
        assert [f.enabled for f in store.feeds.all(TEAM_ID)] == [False]

    def test_a_page_that_is_no_calendar_is_refused_and_nothing_is_stored(
        self, slack: SignedClient, store: SqlStore, feeds_server: tuple[str, dict[str, Route]]
    ) -> None:
        base, routes = feeds_server
        routes["/login"] = (200, "text/html", b"<!doctype html><html><body>Sign in</body></html>")
        refused = text_of(slack.ask(f"feeds add HR <{base}/login>", user=ANN))
        assert "did not return a calendar" in refused and "HTML" in refused
        assert "Enable" not in refused
        assert store.feeds.all(TEAM_ID) == []
        unreachable = text_of(slack.ask(f"feeds add HR <{base}/gone>", user=ANN))
        assert "HTTP 404" in unreachable

    def test_bad_arguments_say_how(self, slack: SignedClient, feed: str) -> None:
        assert "feeds add NAME URL" in text_of(slack.ask("feeds add HR", user=ANN))
        said = text_of(slack.ask(f"feeds add HR <{feed}> sometimes", user=ANN))
        assert "not a feed option" in said
        assert "not a feeds command" in text_of(slack.ask("feeds frobnicate", user=ANN))
        assert "No calendar feeds yet" in text_of(slack.ask("feeds list", user=ANN))

    def test_type_with_spaces_and_the_help(
        self, slack: SignedClient, store: SqlStore, feed: str
    ) -> None:
        slack.ask(f"feeds add HR <{feed}> type=Time off every=30m", user=ANN)
        [stored] = store.feeds.all(TEAM_ID)
        assert stored.type_name == "Time off" and stored.every == timedelta(minutes=30)
        assert "/unavailable feeds" in text_of(slack.ask("help", user=ANN))

    def test_the_app_home_shows_admins_the_unmatched_names(
        self, slack: SignedClient, feed: str
    ) -> None:
        slack.ask(f"feeds add BambooHR <{feed}>", user=ANN)
        slack.click(ENABLE_FEED_ACTION, "BambooHR", user=ANN)
        home = json.dumps(open_home(slack, ANN), ensure_ascii=False)
        assert "Calendar feeds that need you" in home and "Pat Unknown" in home
        assert "Pat Unknown" not in json.dumps(open_home(slack, BOB, count=2))
