"""Signatures, the health check and the acknowledgement deadline, over real HTTP."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from bot.http import HttpServer, wsgi_app
from bot.main import Runtime
from storage.database import open_database
from storage.repositories import SqlStore
from tests.bot.conftest import SECRET, SignedClient
from tests.bot.slack_standin import TEAM_ID, SlackStandIn


def command_body(standin: SlackStandIn, text: str) -> str:
    return urlencode(
        {
            "team_id": TEAM_ID,
            "user_id": "UBOB",
            "channel_id": "C1",
            "command": "/unavailable",
            "text": text,
            "response_url": standin.response_url("never"),
            "trigger_id": "1.2.3",
        }
    )


class TestSignatures:
    def test_a_bad_signature_gets_401_and_changes_nothing(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        reply = slack.send(command_body(standin, "add tomorrow"), secret="not-the-secret")
        assert reply.status == 401
        everything = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
        assert store.unavailability.in_window(TEAM_ID, *everything) == []
        assert "never" not in standin.posts

    def test_a_stale_timestamp_gets_401(self, slack: SignedClient, standin: SlackStandIn) -> None:
        stale = int(time.time()) - 10 * 60
        assert slack.send(command_body(standin, "add tomorrow"), timestamp=stale).status == 401

    def test_an_unsigned_request_gets_401(self, slack: SignedClient, standin: SlackStandIn) -> None:
        body = command_body(standin, "help")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        assert slack.request("POST", "/slack/events", body, headers).status == 401

    def test_commands_are_acknowledged_well_inside_three_seconds(self, slack: SignedClient) -> None:
        reply = slack.command("add tomorrow")
        assert reply.status == 200 and reply.body == b""
        assert reply.seconds < 1.0


class TestHealth:
    def test_healthz_answers_200_when_the_database_answers(self, slack: SignedClient) -> None:
        reply = slack.request("GET", "/healthz")
        assert (reply.status, reply.body) == (200, b"ok\n")

    def test_healthz_answers_503_when_the_database_does_not(
        self, runtime: Runtime, standin: SlackStandIn
    ) -> None:
        broken = SqlStore(open_database("sqlite:////nonexistent/dir/availbot.db"))
        application = wsgi_app(runtime.app, broken.ping, signing_secret=SECRET)
        http = HttpServer(application, host="127.0.0.1", port=0).start()
        try:
            client = SignedClient(http.port, standin)
            assert client.request("GET", "/healthz").status == 503
        finally:
            http.stop()

    def test_other_paths_are_not_found(self, slack: SignedClient) -> None:
        assert slack.request("GET", "/").status == 404
