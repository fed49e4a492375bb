"""availbot's HTTP adapter over real HTTP: what it refuses (and how), what it logs, and that
Slack's bodies reach the listeners exactly as sent."""

from __future__ import annotations

import io
import logging
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_bolt import BoltRequest, BoltResponse

from bot.http import MAX_BODY_BYTES, HttpServer, wsgi_app
from bot.main import Runtime
from storage.repositories import SqlStore
from tests.bot.conftest import SECRET, SignedClient
from tests.bot.slack_standin import TEAM_ID, SlackStandIn

EVERYTHING = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


def raw_exchange(port: int, head: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send a request head and (part of) a body on a raw socket; the status and what came back.
    A declared body longer than what is sent shows whether the server waits to read it."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    status = int(received.split(b" ", 2)[1])
    return status, received


def post_head(length: int | None, headers: dict[str, str]) -> str:
    lines = ["POST /slack/events HTTP/1.1", "Host: 127.0.0.1"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return "\r\n".join(lines)


class TestRefusals:
    @pytest.mark.parametrize("stamp", ["soon", "", "1e9", " 12", "-", "9" * 400])
    def test_a_malformed_timestamp_gets_401_without_a_traceback(
        self,
        slack: SignedClient,
        standin: SlackStandIn,
        caplog: pytest.LogCaptureFixture,
        stamp: str,
    ) -> None:
        body = urlencode({"team_id": TEAM_ID, "command": "/unavailable", "text": "help"})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": "v0=" + "0" * 64,
        }
        with caplog.at_level(logging.DEBUG):
            reply = slack.request("POST", "/slack/events", body, headers)
        assert reply.status == 401
        assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]

    def test_a_large_unsigned_body_gets_413_before_it_is_read(self, server: HttpServer) -> None:
        declared = 20 * 1024 * 1024
        head = post_head(declared, {"Content-Type": "application/x-www-form-urlencoded"})
        status, _ = raw_exchange(server.port, head, b"payload=" + b"x" * 1000)
        assert status == 413

    def test_a_large_chunked_body_gets_413(self, server: HttpServer) -> None:
        chunk = b"x" * 65536
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)) + b"0\r\n\r\n"
        head = post_head(None, {"Transfer-Encoding": "chunked"})
        status, _ = raw_exchange(server.port, head, chunks)
        assert status == 413

    def test_a_signed_body_at_the_limit_is_not_refused_for_its_size(
        self, slack: SignedClient
    ) -> None:
        body = urlencode({"command": "/unavailable", "text": "help", "pad": ""})
        body += "x" * (MAX_BODY_BYTES - len(body))
        assert len(body) == MAX_BODY_BYTES
        assert slack.send(body).status not in (413, 500)

    @pytest.mark.parametrize("declared", [None, ""])
    def test_without_a_length_the_adapter_reads_no_more_than_the_limit(
        self, runtime: Runtime, declared: str | None
    ) -> None:
        """Under a WSGI server that passes a body without CONTENT_LENGTH (waitress refuses
        long ones itself), the adapter stops reading just past the limit."""

        class Endless(io.RawIOBase):
            served = 0

            def readable(self) -> bool:
                return True

            def readinto(self, buffer: Any) -> int:
                size = len(buffer)
                buffer[:size] = b"x" * size
                self.served += size
                return size

        stream = Endless()
        environ: dict[str, Any] = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/slack/events",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": stream,
        }
        if declared is not None:
            environ["CONTENT_LENGTH"] = declared
        statuses: list[str] = []
        application = wsgi_app(runtime.app, lambda: True, signing_secret=SECRET)
        application(environ, lambda status, headers: statuses.append(status))
        assert statuses == ["413 Request Entity Too Large"]
        assert stream.served <= MAX_BODY_BYTES + 1

    @pytest.mark.parametrize(
        "body",
        ["payload=%7Bnot+json", '{"broken": ', "payload=%5B1%5D", "\udcff"],
        ids=["form-payload", "json", "payload-not-object", "not-utf8"],
    )
    def test_a_malformed_unsigned_body_gets_401(self, slack: SignedClient, body: str) -> None:
        encoded = body.encode("utf-8", "surrogateescape")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _ = raw_exchange(slack.port, post_head(len(encoded), headers), encoded)
        assert status == 401

    @pytest.mark.parametrize(
        ("body", "content_type"),
        [
            ("payload=%7Bnot+json", "application/x-www-form-urlencoded"),
            ('{"broken": ', "application/x-www-form-urlencoded"),
            ("payload=%5B1%5D", "application/x-www-form-urlencoded"),
            ("[1, 2]", "application/json"),
            ("", "application/json"),
        ],
        ids=["form-payload", "json", "payload-not-object", "json-not-object", "empty-json"],
    )
    def test_a_malformed_signed_body_gets_400(
        self, slack: SignedClient, caplog: pytest.LogCaptureFixture, body: str, content_type: str
    ) -> None:
        with caplog.at_level(logging.DEBUG):
            reply = slack.send(body, headers={"Content-Type": content_type})
        assert reply.status == 400
        assert not [r for r in caplog.records if r.exc_info]


class TestRefusedRequestsAreNotLogged:
    SECRET_WORDS = "sick-leave-for-chemotherapy"

    def body(self, standin: SlackStandIn) -> str:
        return urlencode(
            {
                "team_id": TEAM_ID,
                "user_id": "UBOB",
                "command": "/unavailable",
                "text": f"add fri {self.SECRET_WORDS}",
                "response_url": standin.response_url("never"),
            }
        )

    @pytest.mark.parametrize("why", ["invalid", "stale", "missing", "malformed"])
    def test_a_refused_body_never_reaches_the_logs(
        self,
        slack: SignedClient,
        standin: SlackStandIn,
        caplog: pytest.LogCaptureFixture,
        why: str,
    ) -> None:
        body = self.body(standin)
        with (
            caplog.at_level(logging.DEBUG),
            caplog.at_level(logging.DEBUG, logger="slack_bolt.RequestVerification"),
        ):
            if why == "invalid":
                reply = slack.send(body, secret="not-the-secret")
            elif why == "stale":
                reply = slack.send(body, timestamp=int(time.time()) - 10 * 60)
            elif why == "missing":
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                reply = slack.request("POST", "/slack/events", body, headers)
            else:
                headers = {"X-Slack-Request-Timestamp": "later"}
                reply = slack.send(body, headers=headers)
        assert reply.status == 401
        logged = [r.getMessage() for r in caplog.records]
        assert any("refused" in message for message in logged), logged
        for message in logged:
            assert self.SECRET_WORDS not in message
            assert "chemotherapy" not in message
        assert "never" not in standin.posts

    def test_bolts_own_check_does_not_log_the_body_either(
        self, runtime: Runtime, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Bolt checks the signature again behind the adapter; should that check ever refuse
        (the five minutes running out in between), it must not log the body either."""
        body = f"text={self.SECRET_WORDS}"
        request = BoltRequest(
            body=body,
            headers={
                "content-type": "application/x-www-form-urlencoded",
                "x-slack-request-timestamp": str(int(time.time()) - 3600),
                "x-slack-signature": "v0=" + "0" * 64,
            },
        )
        with caplog.at_level(logging.DEBUG, logger="slack_bolt.RequestVerification"):
            response = runtime.app.dispatch(request)
        assert response.status == 401
        assert caplog.records
        assert all("chemotherapy" not in r.getMessage() for r in caplog.records)


# --- bodies reach the listeners as sent ----------------------------------------------------


@pytest.fixture
def seen(runtime: Runtime) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The body each request hands Bolt's listeners, and the copy lazy listeners get."""
    bodies: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def record(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> Any:
        bodies.append((req.body, req.to_copyable().body))
        return next()

    runtime.app.middleware(record)
    return bodies


def socket_mode_body(form: dict[str, str]) -> dict[str, Any]:
    """What Socket Mode hands the listeners for the same command."""
    return BoltRequest(body=dict(form), mode="socket_mode").body


def command_form(standin: SlackStandIn, text: str, command: str = "/probe") -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "channel_id": "C1",
        "user_id": "UBOB",
        "command": command,
        "text": text,
        "response_url": standin.response_url("probe"),
        "trigger_id": "1.2.3",
    }


class TestCommandTextReachesTheListener:
    @pytest.mark.parametrize(
        "note", ["payload migration", "payload=1", "payload", "x&payload=%7B%7D", "{payload}"]
    )
    def test_a_command_mentioning_payload_is_answered(
        self, slack: SignedClient, store: SqlStore, note: str
    ) -> None:
        message = slack.ask(f"add fri {note}")
        assert "Something went wrong" not in message["text"]
        [record] = store.unavailability.in_window(TEAM_ID, *EVERYTHING)
        assert record.name == note

    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        text=st.one_of(
            st.text(),
            st.lists(
                st.sampled_from(["payload", "payload=", "=", "&", "%", "%7B", "{", "+", " ", "é"]),
            ).map("".join),
            st.builds(lambda a, b: f"{a}payload={b}", st.text(), st.text()),
        )
    )
    def test_the_text_that_arrives_is_the_text_sent(
        self,
        slack: SignedClient,
        standin: SlackStandIn,
        seen: list[tuple[dict[str, Any], dict[str, Any]]],
        text: str,
    ) -> None:
        text = text.encode("utf-8", "replace").decode("utf-8")  # what a Slack body can carry
        form = command_form(standin, text)
        before = len(seen)
        reply = slack.send(urlencode(form))
        assert reply.status in (200, 404), reply.body  # nobody listens for /probe
        [(body, copied)] = seen[before:]
        assert body["text"] == text
        assert body == copied == socket_mode_body(form)

    def test_a_button_click_arrives_as_its_payload(
        self, slack: SignedClient, seen: list[tuple[dict[str, Any], dict[str, Any]]]
    ) -> None:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": "UBOB"},
            "actions": [{"action_id": "nobody_listens", "value": "payload=a&b=%7B"}],
        }
        before = len(seen)
        slack.interact(payload)
        [(body, copied)] = seen[before:]
        assert body == copied == payload

    def test_an_event_arrives_as_sent(
        self, slack: SignedClient, seen: list[tuple[dict[str, Any], dict[str, Any]]]
    ) -> None:
        before = len(seen)
        slack.event({"type": "app_home_opened", "user": "UBOB", "tab": "about"}, "Ev1")
        [(body, _)] = seen[before:]
        assert body["event"]["tab"] == "about"


class TestStopping:
    def test_stop_ends_the_server_even_when_waitress_closed_its_wake_up_pipe(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """waitress closes its trigger with the server on a listening-socket error; stop()
        must still end the loop instead of failing with EBADF (a flaky teardown before)."""

        def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            start_response("200 OK", [("Content-Length", "2")])
            return [b"ok"]

        http = HttpServer(application, host="127.0.0.1", port=0).start()
        port = http.port
        assert raw_exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 200
        trigger = http._server.trigger
        trigger.pull_trigger(trigger.close)  # closed in the loop, as waitress does on an error
        deadline = time.monotonic() + 5
        while not trigger._closed and time.monotonic() < deadline:
            time.sleep(0.01)
        assert trigger._closed
        began = time.monotonic()
        http.stop()
        assert time.monotonic() - began < 5
        assert "wake-up pipe was already closed" in caplog.text
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
