"""HTTP mode: the WSGI app (Slack's requests and a health check) on a waitress server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from bot.ids import EVENTS_PATH, HEALTH_PATH

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
THREADS = 16


def wsgi_app(app: App, healthy: Callable[[], bool]) -> Wsgi:
    """`POST /slack/events` to Bolt (which checks signatures); `GET /healthz` answers 200 when
    the database answers, else 503; anything else 404."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") == "GET":
            ok = healthy()
            status = "200 OK" if ok else "503 Service Unavailable"
            body = b"ok\n" if ok else b"database unavailable\n"
            start_response(
                status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
            )
            return [body]
        return slack(environ, start_response)

    return application


class HttpServer:
    """A waitress server that can run in the foreground or in a thread and stop cleanly."""

    def __init__(self, application: Wsgi, *, host: str = "0.0.0.0", port: int = 3000) -> None:
        self._server: Any = create_server(
            application, host=host, port=port, threads=THREADS, ident="availbot"
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

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
            server.trigger.pull_trigger(lambda: [c.close() for c in list(server._map.values())])
            self._thread.join(timeout=10)
            self._thread = None
        else:
            server.close()
        server.task_dispatcher.shutdown()
