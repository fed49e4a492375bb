"""The real path: availbot's WSGI app on waitress, talking to a local Slack stand-in.

Tests send signed requests over HTTP with real current timestamps, and read what the app
posted to the response_url from the stand-in. The app's clock is fixed (Mon 2 Mar 2026
10:00 UTC) so WHEN phrases resolve the same way every run.
"""

from __future__ import annotations

import http.client
import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.config import Settings
from bot.http import HttpServer
from bot.main import Runtime, http_server, start
from storage.repositories import SqlStore, open_store
from tests.bot.slack_standin import BOT_TOKEN, TEAM_ID, SlackStandIn, slack_user

SECRET = "test-signing-secret"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANN, BOB, CAROL = "UANN", "UBOB", "UCAROL"
_ENVIRONMENT = (
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "http_proxy",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
)


def people() -> list[dict[str, Any]]:
    """Slack's users: an admin, two members, a bot, Slackbot and a deactivated user."""
    return [
        slack_user(ANN, "ann@example.com", "Ann Admin", tz="UTC", admin=True),
        slack_user(BOB, "bob@example.com", "Bob", tz="Europe/Madrid"),
        slack_user("UBOTTY", None, "Deploy Bot", bot=True),
        slack_user("USLACKBOT", None, "Slackbot"),
        slack_user(CAROL, "carol@example.com", "Carol", tz="America/New_York"),
        slack_user("UGONE", "gone@example.com", "Gone", deleted=True),
    ]


@pytest.fixture(autouse=True)
def _no_oauth_no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """OAuth variables switch Bolt to OAuth; proxy variables would catch localhost calls."""
    for name in _ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    fake = SlackStandIn(users=people()).start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'availbot.db'}"


@pytest.fixture
def settings(standin: SlackStandIn, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=standin.url,
        admins=("carol@example.com",),
    )


@pytest.fixture
def store(database_url: str) -> Iterator[SqlStore]:
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()


@dataclass
class Reply:
    status: int
    body: bytes
    seconds: float


class SignedClient:
    """Sends Slack-shaped, signed requests to the running app and reads the answers."""

    def __init__(self, port: int, standin: SlackStandIn) -> None:
        self.port = port
        self.standin = standin
        self._names = itertools.count(1)

    def send(
        self,
        body: str,
        *,
        timestamp: int | None = None,
        secret: str = SECRET,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
        assert signature is not None  # None only without a timestamp
        sent = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
            **(headers or {}),
        }
        return self.request("POST", "/slack/events", body, sent)

    def interact(self, payload: dict[str, Any]) -> Reply:
        """An interactivity payload (view_submission, block_suggestion, block_actions)."""
        return self.send(urlencode({"payload": json.dumps(payload)}))

    def event(self, event: dict[str, Any], event_id: str, *, retry: int | None = None) -> Reply:
        """An Events API delivery (a redelivery when `retry` is its X-Slack-Retry-Num)."""
        envelope = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        headers = {"Content-Type": "application/json"}
        if retry is not None:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.send(json.dumps(envelope), headers=headers)

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body.encode(), headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return Reply(response.status, data, time.perf_counter() - started)
        finally:
            connection.close()

    def command(self, text: str, *, user: str = BOB, command: str = "/unavailable") -> Reply:
        """Send a slash command; the reply's `name` is where its response_url answer lands."""
        name = f"r{next(self._names)}"
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "example",
            "channel_id": "C1",
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": self.standin.response_url(name),
            "trigger_id": "1.2.3",
        }
        reply = self.send(urlencode(form))
        self.last = name
        return reply

    def ask(self, text: str, *, user: str = BOB, command: str = "/unavailable") -> dict[str, Any]:
        """Send a command; the message the person sees (posted to response_url)."""
        reply = self.command(text, user=user, command=command)
        assert reply.status == 200, reply.body
        return self.standin.wait_for_post(self.last)

    def click(self, action_id: str, value: str, *, user: str = BOB) -> dict[str, Any]:
        """Click a button; the message posted to that interaction's response_url."""
        name = f"a{next(self._names)}"
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A1",
            "container": {"type": "message", "is_ephemeral": True},
            "trigger_id": "1.2.3",
            "response_url": self.standin.response_url(name),
            "actions": [{"action_id": action_id, "value": value, "type": "button"}],
        }
        reply = self.send(urlencode({"payload": json.dumps(payload)}))
        assert reply.status == 200, reply.body
        return self.standin.wait_for_post(name)


@pytest.fixture
def runtime(settings: Settings, store: SqlStore) -> Iterator[Runtime]:
    # the tests tick by hand: a scheduled run at start, racing a test's steps (and taking a
    # Slack failure it injected), would make them depend on timing
    running = start(settings, store, now=lambda: NOW, first_run_now=False)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def server(runtime: Runtime) -> Iterator[HttpServer]:
    http = http_server(runtime, host="127.0.0.1", port=0).start()
    try:
        yield http
    finally:
        http.stop()


@pytest.fixture
def slack(server: HttpServer, standin: SlackStandIn) -> SignedClient:
    return SignedClient(server.port, standin)


def text_of(message: dict[str, Any]) -> str:
    """Everything a person reads in a message: fallback text and every block's text."""
    parts = [message.get("text", "")]
    for block in message.get("blocks", []):
        parts.append(json.dumps(block, ensure_ascii=False))
    return "\n".join(parts)


def click_in_channel_message(
    client: SignedClient, action_id: str, value: str, *, channel: str, ts: str, user: str
) -> dict[str, Any]:
    """Click a button on a channel message (which chat.update can edit); the ephemeral answer."""
    name = f"m{next(client._names)}"
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A1",
        "container": {"type": "message", "channel_id": channel, "message_ts": ts},
        "channel": {"id": channel},
        "message": {"ts": ts},
        "trigger_id": "1.2.3",
        "response_url": client.standin.response_url(name),
        "actions": [{"action_id": action_id, "value": value, "type": "button"}],
    }
    reply = client.send(urlencode({"payload": json.dumps(payload)}))
    assert reply.status == 200, reply.body
    return client.standin.wait_for_post(name)
