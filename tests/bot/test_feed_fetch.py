"""Fetching feeds from a real local HTTP server: shapes of HR feeds, limits, refusals."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from bot.config import Settings
from bot.feeds.fetch import FeedLimits, IPAddress, feed_url, fetch_feed, public
from core.errors import (
    ConfigurationError,
    FeedAddressRefused,
    FeedTooLarge,
    FeedUnreachable,
    NotACalendar,
)
from core.imports.feeds import FeedSettings, read_feed, where
from tests.feed_calendars import JANE, JOSE, KAI, MEMBERS, SAM, bamboohr, hibob, personio

TODAY = date(2026, 10, 20)
Route = tuple[int, dict[str, str], bytes]


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            if value != "unsaid":
                self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(ConnectionError):  # a client that stopped reading at its cap
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, Route]]]:
    routes: dict[str, Route] = {}
    handler = type("Handler", (_Handler,), {"routes": routes})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}", routes
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def ics(body: bytes) -> Route:
    return 200, {"Content-Type": "text/calendar; charset=utf-8"}, body


def read(data: bytes) -> list[str]:
    reading = read_feed(
        data,
        where="test",
        today=TODAY,
        days=14,
        members=MEMBERS,
        settings=FeedSettings(default_zone="Europe/Madrid"),
    )
    return [row.member_id for row in reading.rows]


class TestFeeds:
    @pytest.mark.parametrize(
        ("feed", "who"),
        [(bamboohr, [JANE.id]), (personio, [KAI.id, JOSE.id]), (hibob, [SAM.id])],
    )
    def test_hr_feeds_are_fetched_and_read(
        self, server: tuple[str, dict[str, Route]], feed: object, who: list[str]
    ) -> None:
        host, routes = server
        assert callable(feed)
        routes["/feed.ics"] = ics(feed(TODAY))
        data = fetch_feed(f"http://{host}/feed.ics", allow_private=True)
        assert read(data) == who

    def test_redirects_are_followed(self, server: tuple[str, dict[str, Route]]) -> None:
        host, routes = server
        routes["/old"] = (301, {"Location": "/new?key=s3cret"}, b"")
        routes["/new?key=s3cret"] = ics(hibob(TODAY))
        assert read(fetch_feed(f"http://{host}/old", allow_private=True)) == [SAM.id]

    def test_a_feed_turned_into_a_sign_in_page_is_refused(
        self, server: tuple[str, dict[str, Route]]
    ) -> None:
        host, routes = server
        routes["/feed"] = (200, {"Content-Type": "text/html"}, b"<html><body>Sign in</body></html>")
        data = fetch_feed(f"http://{host}/feed", allow_private=True)
        with pytest.raises(NotACalendar, match="HTML page"):
            read(data)


class TestLimits:
    def test_a_body_over_the_cap_is_refused(self, server: tuple[str, dict[str, Route]]) -> None:
        host, routes = server
        routes["/big"] = ics(b"BEGIN:VCALENDAR\r\n" + b"X" * 5000)
        limits = FeedLimits(max_bytes=1000)
        with pytest.raises(FeedTooLarge):
            fetch_feed(f"http://{host}/big", allow_private=True, limits=limits)

    def test_the_default_cap_is_five_mebibytes(self, server: tuple[str, dict[str, Route]]) -> None:
        host, routes = server
        routes["/huge"] = ics(b" " * (5 * 1024 * 1024 + 1))
        with pytest.raises(FeedTooLarge) as refused:
            fetch_feed(f"http://{host}/huge", allow_private=True)
        assert refused.value.limit == 5 * 1024 * 1024

    def test_a_body_without_a_length_is_capped_as_it_comes(
        self, server: tuple[str, dict[str, Route]]
    ) -> None:
        host, routes = server
        routes["/stream"] = (200, {"Content-Length": "unsaid"}, b"B" * 5000)
        with pytest.raises(FeedTooLarge):
            fetch_feed(
                f"http://{host}/stream", allow_private=True, limits=FeedLimits(max_bytes=1000)
            )
        routes["/small"] = (200, {"Content-Length": "unsaid"}, b"B" * 500)
        assert fetch_feed(f"http://{host}/small", allow_private=True) == b"B" * 500

    def test_a_slow_server_times_out(self, server: tuple[str, dict[str, Route]]) -> None:
        host, routes = server
        routes["/slow"] = ics(hibob(TODAY))
        with pytest.raises(FeedUnreachable, match=r"timed out|too long"):
            fetch_feed(f"http://{host}/slow", allow_private=True, limits=FeedLimits(timeout=0.5))

    def test_too_many_redirects(self, server: tuple[str, dict[str, Route]]) -> None:
        host, routes = server
        routes["/loop"] = (302, {"Location": "/loop"}, b"")
        with pytest.raises(FeedUnreachable, match=r"redirected more than 3 times"):
            fetch_feed(f"http://{host}/loop", allow_private=True)

    def test_http_errors_are_named(self, server: tuple[str, dict[str, Route]]) -> None:
        host, _ = server
        with pytest.raises(FeedUnreachable) as refused:
            fetch_feed(f"http://{host}/gone?key=s3cret", allow_private=True)
        assert refused.value.status == 404
        assert "s3cret" not in refused.value.message and host in refused.value.message

    def test_a_failed_request_never_names_the_secret_path(
        self, server: tuple[str, dict[str, Route]]
    ) -> None:
        """http.client quotes the request target in some errors; a feed's path is its key."""
        host, _ = server
        with pytest.raises(FeedUnreachable) as refused:
            fetch_feed(f"http://{host}/cal/tok3n x", allow_private=True)
        assert "tok3n" not in refused.value.message and host in refused.value.message


class TestAddresses:
    def test_loopback_is_refused_without_the_flag(
        self, server: tuple[str, dict[str, Route]]
    ) -> None:
        host, routes = server
        routes["/feed"] = ics(hibob(TODAY))
        with pytest.raises(FeedAddressRefused, match=re.escape("127.0.0.1")):
            fetch_feed(f"http://{host}/feed", allow_private=False)

    @pytest.mark.parametrize(
        "target",
        [
            "http://127.0.0.2:{port}/feed",
            "http://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:{port}/feed",
            "ftp://example.com/x.ics",
        ],
    )
    def test_a_redirect_is_checked_again(
        self, server: tuple[str, dict[str, Route]], target: str
    ) -> None:
        host, routes = server
        port = host.rpartition(":")[2]
        routes["/feed"] = (302, {"Location": target.format(port=port)}, b"")
        only_this_server = ipaddress.ip_address("127.0.0.1")

        def permitted(address: IPAddress) -> bool:
            return address == only_this_server

        with pytest.raises(FeedAddressRefused):
            fetch_feed(f"http://{host}/feed", allow_private=False, permitted=permitted)

    def test_every_address_of_a_host_is_checked(self) -> None:
        def resolve(host: str, port: int) -> list[str]:
            return ["93.184.215.14", "192.168.1.10"]

        with pytest.raises(FeedAddressRefused, match=re.escape("192.168.1.10")):
            fetch_feed("https://calendar.example.com/x", allow_private=False, resolve=resolve)

    @pytest.mark.parametrize(
        ("address", "ok"),
        [
            ("93.184.215.14", True),
            ("127.0.0.1", False),
            ("10.1.2.3", False),
            ("172.16.0.1", False),
            ("192.168.0.1", False),
            ("169.254.169.254", False),
            ("100.64.0.1", False),
            ("0.0.0.0", False),
            ("224.0.0.1", False),
            ("::1", False),
            ("fe80::1", False),
            ("fd00::1", False),
            ("::ffff:127.0.0.1", False),
            ("2606:4700::1111", True),
        ],
    )
    def test_public_addresses(self, address: str, ok: bool) -> None:
        assert public(ipaddress.ip_address(address)) is ok

    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "gopher://x/",
            "http:///nohost",
            "javascript:alert(1)",
            "https://example.com:99999/",
        ],
    )
    def test_other_schemes_and_malformed_addresses_are_refused(self, url: str) -> None:
        with pytest.raises(FeedAddressRefused):
            fetch_feed(url, allow_private=True)


class TestWebcal:
    def test_webcal_is_https(self) -> None:
        assert (
            feed_url("webcal://hr.example.com/feed.ics?k=1")
            == "https://hr.example.com/feed.ics?k=1"
        )
        assert feed_url("WEBCALS://hr.example.com/x") == "https://hr.example.com/x"
        assert feed_url(" https://hr.example.com/x ") == "https://hr.example.com/x"
        assert where("https://user:pw@hr.example.com/x?key=1") == "https://hr.example.com"

    def test_webcal_speaks_tls_to_the_server(self, server: tuple[str, dict[str, Route]]) -> None:
        host, routes = server
        routes["/feed.ics"] = ics(hibob(TODAY))
        # the plain-HTTP test server cannot answer a TLS handshake: the fetch went out as https
        with pytest.raises(FeedUnreachable, match=re.escape("https://127.0.0.1")) as refused:
            fetch_feed(f"webcal://{host}/feed.ics", allow_private=True)
        assert "SSL" in refused.value.message or "ssl" in refused.value.message


class TestSetting:
    @pytest.mark.parametrize(
        ("raw", "on"), [("1", True), ("true", True), ("0", False), ("", False)]
    )
    def test_the_flag_is_read_only_by_settings(self, raw: str, on: bool) -> None:
        assert Settings.from_env({"AVAILBOT_FEEDS_ALLOW_PRIVATE": raw}).feeds_allow_private is on

    def test_another_value_of_the_flag_is_refused_by_name(self) -> None:
        with pytest.raises(ConfigurationError, match="AVAILBOT_FEEDS_ALLOW_PRIVATE"):
            Settings.from_env({"AVAILBOT_FEEDS_ALLOW_PRIVATE": "maybe"})
