"""`availbot serve --host`/`HOST`: the address the HTTP server listens on, end to end."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.cli.commands import registrars
from bot.cli.parser import build_parser
from bot.config import Settings
from bot.main import Runtime, http_server, start
from storage.repositories import SqlStore
from tests.bot.conftest import NOW, SECRET
from tests.bot.slack_standin import BOT_TOKEN, SlackStandIn

OTHER_LOOPBACK = "127.0.0.2"  # on Linux all of 127/8 is this machine


def free_port(host: str) -> int:
    try:
        with socket.socket() as probe:
            probe.bind((host, 0))
            port: int = probe.getsockname()[1]
            return port
    except OSError:
        pytest.skip(f"cannot listen on {host} here")


def answers(host: str, port: int) -> int | None:
    """The status of GET /healthz at host:port, or None when nothing listens there."""
    connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


@contextmanager
def serving(
    tmp_path: Path, standin: SlackStandIn, *args: str, **env: str
) -> Iterator[subprocess.Popen[str]]:
    """`availbot serve ARGS` in a child process, stopped with Ctrl-C afterwards."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVAILBOT_"))}
    clean = {k: v for k, v in clean.items() if "proxy" not in k.lower() and k not in ("HOST",)}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "availbot"), "serve", *args],
        env={
            **clean,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": standin.url,
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def wait_until_answering(process: subprocess.Popen[str], host: str, port: int) -> None:
    deadline = time.monotonic() + 30
    while answers(host, port) != 200:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"nothing answered at {host}:{port}"
        time.sleep(0.1)


class TestHost:
    def test_the_parser_takes_host(self) -> None:
        args = build_parser(registrars()).parse_args(["serve", "--host", "127.0.0.1"])
        assert (args.host, args.port, args.socket) == ("127.0.0.1", None, False)
        assert build_parser(registrars()).parse_args(["serve"]).host is None

    @pytest.mark.parametrize("how", ["option", "environment"])
    def test_serve_listens_only_on_the_host_given(
        self, tmp_path: Path, standin: SlackStandIn, how: str
    ) -> None:
        port = free_port(OTHER_LOOPBACK)
        args = ["--port", str(port)]
        env = {"HOST": OTHER_LOOPBACK, "PORT": "1"} if how == "environment" else {}
        if how == "option":
            args += ["--host", OTHER_LOOPBACK]
        with serving(tmp_path, standin, *args, **env) as process:
            wait_until_answering(process, OTHER_LOOPBACK, port)
            assert answers("127.0.0.1", port) is None  # not every interface

    def test_serve_listens_on_every_interface_by_default(
        self, tmp_path: Path, standin: SlackStandIn
    ) -> None:
        port = free_port("0.0.0.0")
        with serving(tmp_path, standin, "--port", str(port)) as process:
            wait_until_answering(process, "127.0.0.1", port)
            if free_port(OTHER_LOOPBACK):
                assert answers(OTHER_LOOPBACK, port) == 200

    def test_a_malformed_host_is_refused_by_name(
        self, tmp_path: Path, standin: SlackStandIn
    ) -> None:
        with serving(tmp_path, standin, "--host", "http://example.com") as process:
            _, err = process.communicate(timeout=30)
        assert process.returncode == 2
        assert "--host='http://example.com'" in err and "127.0.0.1" in err


def status_of(port: int, method: str, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=b"{}" if method == "POST" else None)
        return connection.getresponse().status
    finally:
        connection.close()


class TestOnePortForEverything:
    """docs/api.md: the API shares the Slack endpoint's process and port, in both modes."""

    def test_http_mode_serves_slack_healthz_and_the_api_on_one_port(
        self, tmp_path: Path, standin: SlackStandIn
    ) -> None:
        port = free_port("127.0.0.1")
        with serving(tmp_path, standin, "--port", str(port), "--host", "127.0.0.1") as process:
            wait_until_answering(process, "127.0.0.1", port)
            assert status_of(port, "GET", "/api/openapi.json") == 200
            assert status_of(port, "GET", "/unavailability/types") == 401  # a key is needed
            assert status_of(port, "POST", "/slack/events") == 401  # unsigned

    def test_socket_mode_serves_healthz_and_the_api_but_not_slacks_endpoint(
        self, runtime: Runtime
    ) -> None:
        server = http_server(runtime, host="127.0.0.1", port=0, socket=True).start()
        try:
            assert status_of(server.port, "GET", "/healthz") == 200
            assert status_of(server.port, "GET", "/api/openapi.json") == 200
            assert status_of(server.port, "GET", "/unavailability/types") == 401
            assert status_of(server.port, "POST", "/slack/events") == 404  # Slack uses the socket
        finally:
            server.stop()


class TestStart:
    def test_the_holiday_calendars_load_at_start_not_in_the_first_answer(
        self, settings: Settings, store: SqlStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Their first lookup imports every country (0.1–0.2 s): too long inside an ack."""
        loaded: list[bool] = []
        monkeypatch.setattr("bot.main.load_holidays", lambda: loaded.append(True))
        running = start(settings, store, now=lambda: NOW)
        running.close()
        assert loaded == [True]
