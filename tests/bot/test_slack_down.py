"""Slack down or slow when availbot starts: auth.test is waited for, then one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.main import Patience, start
from bot.slack_api import NotAuthorized, SlackUnavailable
from storage.repositories import SqlStore
from tests.bot.conftest import NOW, SECRET
from tests.bot.slack_standin import BOT_TOKEN, SERVER_ERROR, Failure, SlackStandIn

CLIENT_TRIES = 3  # the client's own: one call and its two retries after HTTP 500


def patient(slept: list[float], *, timeout: float = 5.0) -> Patience:
    """Two pauses (1 s, 2 s), recorded instead of slept."""
    return Patience(pauses=(1, 2), sleep=slept.append, timeout=timeout)


class TestAuthTestAtStart:
    def test_the_default_wait_is_about_a_minute(self) -> None:
        assert 50 <= sum(Patience().pauses) <= 70

    def test_server_errors_are_waited_out(
        self, settings: Settings, store: SqlStore, standin: SlackStandIn
    ) -> None:
        standin.fail_next("auth.test", *[SERVER_ERROR] * (CLIENT_TRIES + 1))
        slept: list[float] = []
        running = start(settings, store, now=lambda: NOW, patience=patient(slept))
        running.close()
        assert slept == [1]
        assert store.members.by_email("T0TEAM", "bob@example.com") is not None

    def test_an_answer_slower_than_the_timeout_is_tried_again(
        self, settings: Settings, store: SqlStore, standin: SlackStandIn
    ) -> None:
        standin.fail_next("auth.test", Failure(hang=1.0))
        slept: list[float] = []
        running = start(settings, store, now=lambda: NOW, patience=patient(slept, timeout=0.3))
        running.close()
        assert slept == [1]

    def test_slack_down_for_the_whole_wait_ends_in_one_clear_error(
        self, settings: Settings, store: SqlStore, standin: SlackStandIn
    ) -> None:
        standin.fail_next("auth.test", *[SERVER_ERROR] * (3 * CLIENT_TRIES))
        slept: list[float] = []
        with pytest.raises(SlackUnavailable) as raised:
            start(settings, store, now=lambda: NOW, patience=patient(slept))
        assert slept == [1, 2]
        assert raised.value.message == (
            f"Slack did not answer `auth.test` at {standin.url} for 3 s (internal_error). "
            "Check SLACK_API_URL and the network, then start availbot again."
        )
        assert not standin.calls_to("users.list")

    def test_a_refused_token_is_not_waited_for(
        self, settings: Settings, store: SqlStore, standin: SlackStandIn
    ) -> None:
        standin.fail_next("auth.test", Failure(error="invalid_auth"))
        slept: list[float] = []
        with pytest.raises(NotAuthorized):
            start(settings, store, now=lambda: NOW, patience=patient(slept))
        assert slept == []

    def test_serve_exits_with_one_line_and_status_1(
        self, tmp_path: Path, standin: SlackStandIn
    ) -> None:
        standin.fail_next("auth.test", Failure(error="invalid_auth"))
        script = Path(sys.executable).parent / "availbot"
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVAILBOT_"))}
        clean = {k: v for k, v in clean.items() if "proxy" not in k.lower()}
        done = subprocess.run(
            [str(script), "serve", "--port", "0"],
            env={
                **clean,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": standin.url,
            },
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith("availbot: Slack refused `auth.test` (invalid_auth).")
