"""The WSGI app (Slack's requests, a health check and the HTTP API) on a waitress server.

Slack's requests are checked here, before Bolt sees them: their size (at most
MAX_BODY_BYTES), their signature (a malformed, stale, missing or wrong one is a 401, logged
with the reason and never with the body), then their body is parsed by content type and by
the form's fields, and handed to Bolt already parsed (SlackRequest)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from waitress.server import create_server

from bot.ids import EVENTS_PATH, HEALTH_PATH

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
THREADS = 16
# Slack's commands, clicks, submissions and events are a few KiB (a modal's state or a
# message's blocks at most tens); uploads arrive as file ids. Anything longer is refused
# with 413 before it is read.
MAX_BODY_BYTES = 1024 * 1024
# waitress's own cap, above every endpoint's (the API's uploads take up to 10 MiB and
# answer 413 themselves, in JSON, from the declared length).
SERVER_BODY_BYTES = 16 * 1024 * 1024
MAX_SKEW_SECONDS = 5 * 60  # Slack's window for X-Slack-Request-Timestamp

log = logging.getLogger(__name__)


class Refused(Exception):
    """A request answered without Bolt: its status and the reason logged (never the body)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def read_body(environ: dict[str, Any]) -> bytes:
    """The body, reading at most MAX_BODY_BYTES (+1 to tell a longer one without a length)."""
    declared = environ.get("CONTENT_LENGTH") or ""
    if declared:
        if not declared.isascii() or not declared.isdigit():
            raise Refused(400, "malformed Content-Length")
        if int(declared) > MAX_BODY_BYTES:
            raise Refused(413, f"body of {int(declared)} bytes (at most {MAX_BODY_BYTES})")
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    limit = int(declared) if declared else MAX_BODY_BYTES + 1
    body: bytes = stream.read(limit)
    if len(body) > MAX_BODY_BYTES:
        raise Refused(413, f"body longer than {MAX_BODY_BYTES} bytes")
    return body


def check_signature(
    secret: str, body: bytes, timestamp: str | None, signature: str | None, now: float
) -> None:
    """Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}`, within five minutes."""
    if not timestamp or not signature:
        raise Refused(401, "missing signature")
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        raise Refused(401, "malformed timestamp")
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        raise Refused(401, "stale timestamp")
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Refused(401, "invalid signature")


def parse_body(raw: str, content_type: str | None) -> dict[str, Any]:
    """Slack's three bodies: JSON (events), a form whose one field `payload` holds JSON
    (interactivity), a form of fields (commands). Decided by content type and by the form's
    fields, never by whether the text `payload` occurs anywhere in it (Bolt's parse_body
    does that, and takes `/unavailable add fri payload migration` for a click)."""
    try:
        if content_type == "application/json" or raw.startswith("{"):
            parsed = json.loads(raw)
        else:
            form = dict(parse_qsl(raw, keep_blank_values=True))
            parsed = json.loads(form["payload"]) if "payload" in form else form
    except ValueError as exc:
        raise Refused(400, "malformed body") from exc
    if not isinstance(parsed, dict):
        raise Refused(400, "body is not an object")
    return parsed


class SlackRequest(BoltRequest):
    """A BoltRequest whose body was parsed by `parse_body`: the same body and context Socket
    Mode hands the listeners, with the raw body kept for Bolt's own signature check. Its
    copies (lazy listeners) keep the parsed body instead of parsing the raw one again."""

    def __init__(
        self,
        *,
        body: str,
        parsed: dict[str, Any],
        query: str | dict[str, Sequence[str]] | None = None,
        headers: dict[str, str | Sequence[str]] | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            body=parsed, query=query, headers=headers, context=context, mode="socket_mode"
        )
        self.raw_body = body
        self.mode = "http"

    def to_copyable(self) -> SlackRequest:
        return SlackRequest(
            body=self.raw_body,
            parsed=self.body,
            query=self.query,
            headers=dict(self.headers),
            context=self.context.to_copyable(),
        )


def _respond(
    start_response: Callable[..., Any], status: int, body: str, content_type: str
) -> Iterable[bytes]:
    response = WsgiHttpResponse(status=status, headers={"content-type": [content_type]}, body=body)
    start_response(response.status, response.get_headers())
    return response.get_body()


def wsgi_app(
    app: App | None,
    healthy: Callable[[], bool],
    *,
    signing_secret: str = "",
    api: Wsgi | None = None,
    clock: Callable[[], float] = time.time,
) -> Wsgi:
    """`POST /slack/events`, checked (size, signature, body) and handed to Bolt (unless
    `app` is None: Socket Mode takes Slack's requests over its socket); `GET /healthz`
    answers 200 when the database answers, else 503; anything else goes to the HTTP API
    (docs/api.md), or is a 404 without one."""
    if app is not None and not signing_secret.strip():
        raise ValueError("HTTP mode needs the signing secret (SLACK_SIGNING_SECRET)")

    def slack(environ: dict[str, Any], app: App) -> WsgiHttpResponse:
        body = read_body(environ)
        check_signature(
            signing_secret,
            body,
            environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            environ.get("HTTP_X_SLACK_SIGNATURE"),
            clock(),
        )
        try:
            raw = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Refused(400, "body is not UTF-8") from exc
        request = WsgiHttpRequest(environ)
        headers = request.get_headers()
        content_type = str(headers.get("content-type") or "").split(";")[0].strip().lower()
        parsed = parse_body(raw, content_type or None)
        answer = app.dispatch(
            SlackRequest(body=raw, parsed=parsed, query=request.query_string, headers=headers)
        )
        return WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method == "GET":
            ok = healthy()
            return _respond(
                start_response,
                200 if ok else 503,
                "ok\n" if ok else "database unavailable\n",
                "text/plain",
            )
        if path != EVENTS_PATH or app is None:
            if api is not None:
                return api(environ, start_response)
            return _respond(start_response, 404, "Not Found", "text/plain;charset=utf-8")
        if method != "POST":
            return _respond(start_response, 405, "Method Not Allowed", "text/plain;charset=utf-8")
        try:
            response = slack(environ, app)
        except Refused as refused:
            log.info("refused a request to %s: %s", EVENTS_PATH, refused.reason)
            return _respond(
                start_response,
                refused.status,
                json.dumps({"error": refused.reason}),
                "application/json;charset=utf-8",
            )
        start_response(response.status, response.get_headers())
        return response.get_body()

    return application


class HttpServer:
    """A waitress server that can run in the foreground or in a thread and stop cleanly.
    waitress itself refuses (413) a body over SERVER_BODY_BYTES before reading it."""

    def __init__(self, application: Wsgi, *, host: str = "0.0.0.0", port: int = 3000) -> None:
        self._server: Any = create_server(
            application,
            host=host,
            port=port,
            threads=THREADS,
            ident="availbot",
            max_request_body_size=SERVER_BODY_BYTES + 1,  # waitress refuses at >= this
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def host(self) -> str:
        return str(self._server.effective_host)

    def serve_forever(self) -> None:
        """Until interrupted (Ctrl-C or SIGTERM's KeyboardInterrupt)."""
        self._server.run()

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self._server.run, name="availbot-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every socket from inside the server's own loop, then join it."""
        server = self._server
        if self._thread is not None:
            try:
                server.trigger.pull_trigger(_close_all(server))
                self._thread.join(timeout=10)
            except OSError:
                # waitress closes its wake-up pipe along with the server when the listening
                # socket reports an error (Pylons/waitress#468), so the loop cannot be woken.
                # Empty its map (it ends within its one-second poll) and close the channels
                # once it has, never under a select() still watching them.
                log.warning("waitress's wake-up pipe was already closed; stopping its loop")
                channels = list(server._map.values())
                server._map.clear()
                self._thread.join(timeout=10)
                for channel in channels:
                    channel.close()
            self._thread = None
        else:
            server.close()
        server.task_dispatcher.shutdown()


def _close_all(server: Any) -> Callable[[], None]:
    def close() -> None:
        for channel in list(server._map.values()):
            channel.close()

    return close
