"""A local stand-in for Slack's Web API, response_url endpoints and file host, for tests.

It runs an HTTP server on 127.0.0.1 (port 0) in a thread, answers the methods availbot
calls, records every call, and can be told to fail the next calls of a method (`Failure`):
HTTP 500, 429 with Retry-After, an `ok: false` error such as `not_in_channel`, an answer
that takes longer than the client waits, or a call that is carried out (the message is
posted) and then left without an answer, its connection dropped.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TEAM_ID = "T0TEAM"
BOT_TOKEN = "xoxb-test-token"
BOT_USER = "UBOT"
# serve_forever checks for shutdown() once per poll; its default of half a second made every
# test that stops the stand-in wait that long.
POLL_SECONDS = 0.01


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]


@dataclass(frozen=True)
class Failure:
    """How the next call of a method goes wrong. `status` 500 or 429 (with `retry_after`)
    answers with that HTTP status; `error` answers `ok: false` with it; `hang` waits that
    many seconds first (past the client's timeout); `drop` carries the call out, then closes
    the connection without answering (Slack took it, the answer was lost)."""

    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    hang: float = 0.0
    drop: bool = False


SERVER_ERROR = Failure(status=500)
DROPPED = Failure(drop=True)


@dataclass
class SlackStandIn:
    """The fake Slack; `url` is the Web API base URL (pass it as SLACK_API_URL)."""

    users: list[dict[str, Any]] = field(default_factory=list)
    page_size: int = 2  # users.list pages are small here, to exercise cursors
    files: dict[str, bytes] = field(default_factory=dict)
    file_meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # files.info overrides
    sign_in_for: set[str] = field(default_factory=set)  # downloads answered with HTML
    calls: list[Call] = field(default_factory=list)
    posts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)  # chat.* as posted

    def __post_init__(self) -> None:
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(POLL_SECONDS,), daemon=True
        )

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> SlackStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/respond/{name}"

    # --- scripting and asserting -------------------------------------------------------

    def fail_next(self, method: str, *failures: Failure) -> None:
        with self._changed:
            self.failures.setdefault(method, []).extend(failures)

    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for_post(self, name: str, count: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        """The `count`-th message posted to response_url `name`, waiting for it to arrive."""
        with self._changed:
            arrived = self._changed.wait_for(
                lambda: len(self.posts.get(name, [])) >= count, timeout=timeout
            )
            assert arrived, f"nothing posted to response_url {name!r} within {timeout} s"
            return self.posts[name][count - 1]

    def wait_for_call(self, method: str, count: int = 1, timeout: float = 5.0) -> Call:
        """The `count`-th call of a Web API method, waiting for it to arrive."""
        with self._changed:
            arrived = self._changed.wait_for(
                lambda: len([c for c in self.calls if c.method == method]) >= count, timeout
            )
            assert arrived, f"no call {count} of {method} within {timeout} s"
            return [c for c in self.calls if c.method == method][count - 1]

    def record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def record_post(self, name: str, body: dict[str, Any]) -> None:
        with self._changed:
            self.posts.setdefault(name, []).append(body)
            self._changed.notify_all()

    def take_failure(self, method: str) -> Failure | None:
        with self._changed:
            queue = self.failures.get(method)
            return queue.pop(0) if queue else None

    # --- the Web API -------------------------------------------------------------------

    def answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        handler = _METHODS.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        return handler(self, params)

    def file_object(self, file_id: str) -> dict[str, Any]:
        """A file object as files.info and message events carry it (`file_meta` overrides)."""
        download = f"{self.base}/files/{file_id}"
        size = len(self.files[file_id])
        file = {"id": file_id, "name": f"{file_id}.csv", "filetype": "csv", "size": size}
        return {**file, "url_private_download": download, **self.file_meta.get(file_id, {})}

    def user(self, user_id: str) -> dict[str, Any] | None:
        return next((u for u in self.users if u["id"] == user_id), None)


def _auth_test(standin: SlackStandIn, params: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "team_id": TEAM_ID, "user_id": BOT_USER, "bot_id": "BBOT", "team": "T"}


def _users_list(standin: SlackStandIn, params: dict[str, Any]) -> dict[str, Any]:
    start = int(params.get("cursor") or 0)
    size = min(int(params.get("limit") or 200), standin.page_size)
    page = standin.users[start : start + size]
    following = start + size if start + size < len(standin.users) else ""
    return {"ok": True, "members": page, "response_metadata": {"next_cursor": str(following)}}


def _users_info(standin: SlackStandIn, params: dict[str, Any]) -> dict[str, Any]:
    found = standin.user(str(params.get("user")))
    return {"ok": True, "user": found} if found else {"ok": False, "error": "user_not_found"}


def _lookup_by_email(standin: SlackStandIn, params: dict[str, Any]) -> dict[str, Any]:
    email = str(params.get("email", "")).casefold()
    found = next(
        (u for u in standin.users if (u.get("profile") or {}).get("email", "").casefold() == email),
        None,
    )
    return {"ok": True, "user": found} if found else {"ok": False, "error": "users_not_found"}


def _message(standin: SlackStandIn, params: dict[str, Any]) -> dict[str, Any]:
    ts = f"{len(standin.calls)}.000100"
    with standin._changed:
        standin.messages.append({**params, "ts": ts})
    return {"ok": True, "channel": params.get("channel"), "ts": ts}


def _history(standin: SlackStandIn, params: dict[str, Any]) -> dict[str, Any]:
    """Channel messages posted through the stand-in, newest first, metadata included."""
    with standin._changed:
        posted = [m for m in standin.messages if m.get("channel") == params.get("channel")]
    return {"ok": True, "messages": posted[::-1], "response_metadata": {"next_cursor": ""}}


def _view(standin: SlackStandIn, params: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "view": {"id": f"V{len(standin.calls)}", **(params.get("view") or {})}}


def _files_info(standin: SlackStandIn, params: dict[str, Any]) -> dict[str, Any]:
    file_id = str(params.get("file"))
    if file_id not in standin.files:
        return {"ok": False, "error": "file_not_found"}
    return {"ok": True, "file": standin.file_object(file_id)}


_METHODS: dict[str, Callable[[SlackStandIn, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "users.list": _users_list,
    "users.info": _users_info,
    "users.lookupByEmail": _lookup_by_email,
    "chat.postMessage": _message,
    "chat.postEphemeral": _message,
    "chat.update": _message,
    "conversations.history": _history,
    "conversations.open": lambda standin, params: {
        "ok": True,
        "channel": {"id": f"D{params.get('users')}"},
    },
    "views.open": _view,
    "views.publish": _view,
    "views.update": _view,
    "files.info": _files_info,
    "reactions.add": lambda standin, params: {"ok": True},
}

SIGN_IN_PAGE = b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>"


def _handler(standin: SlackStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/respond/"):
                standin.record_post(self.path.removeprefix("/respond/"), json.loads(raw or b"{}"))
                return self._send(200, b"ok", "text/plain")
            method = self.path.removeprefix("/api/").split("?")[0]
            params = _params(raw, self.headers.get("Content-Type", ""))
            standin.record(Call(method, params, dict(self.headers.items())))
            failure = standin.take_failure(method) or Failure()
            if failure.hang:
                time.sleep(failure.hang)
            if failure.drop:
                standin.answer(method, params)  # done, but the answer never arrives
                self.close_connection = True
                return None
            if failure.status == 429:
                headers = {"Retry-After": str(failure.retry_after or 0)}
                return self._send(429, b'{"ok":false,"error":"ratelimited"}', headers=headers)
            if failure.status != 200:
                body = {"ok": False, "error": failure.error or "internal_error"}
                return self._send(failure.status, json.dumps(body).encode())
            if failure.error is not None:
                body = {"ok": False, "error": failure.error}
            else:
                body = standin.answer(method, params)
            self._send(200, json.dumps(body).encode())

        def do_GET(self) -> None:
            file_id = self.path.removeprefix("/files/")
            standin.record(Call(f"GET {self.path}", {}, dict(self.headers.items())))
            authorised = self.headers.get("Authorization") == f"Bearer {BOT_TOKEN}"
            if file_id in standin.files and authorised and file_id not in standin.sign_in_for:
                return self._send(200, standin.files[file_id], "text/csv")
            self._send(200, SIGN_IN_PAGE, "text/html")

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "application/json",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the caller went away (a killed process)

    return Handler


def _params(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        loaded = json.loads(raw)
        return loaded if isinstance(loaded, dict) else {}
    return dict(parse_qsl(raw.decode()))


def slack_user(
    user_id: str,
    email: str | None,
    name: str,
    *,
    tz: str = "Europe/Madrid",
    admin: bool = False,
    deleted: bool = False,
    bot: bool = False,
) -> dict[str, Any]:
    """A `users.list`/`users.info` user object as Slack shapes it."""
    profile: dict[str, Any] = {"display_name": name, "real_name": name.title()}
    if email:
        profile["email"] = email
    return {
        "id": user_id,
        "name": name.lower().replace(" ", "."),
        "real_name": name.title(),
        "tz": tz,
        "tz_offset": 3600,
        "deleted": deleted,
        "is_bot": bot,
        "is_admin": admin,
        "is_owner": False,
        "profile": profile,
    }


def main() -> None:
    """`python -m tests.bot.slack_standin [USERS]`: serve in the foreground (for bench/),
    printing the Web API base URL on the first line."""
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    users = [slack_user(f"U{i:04d}", f"user{i}@example.com", f"User {i}") for i in range(count)]
    standin = SlackStandIn(users=users, page_size=200)
    print(standin.url, flush=True)
    try:
        standin._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        standin._server.server_close()


if __name__ == "__main__":
    main()


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, Any]],
    user: str,
    metadata: str = "",
    view_id: str = "V1",
) -> dict[str, Any]:
    """The payload Slack sends when `user` submits a modal with these state values."""
    view = {
        "id": view_id,
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": metadata,
        "state": {"values": values},
    }
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID},
        "user": {"id": user, "team_id": TEAM_ID},
        "view": view,
    }
