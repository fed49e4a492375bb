"""The personal DMs with real processes on one PostgreSQL database and the Slack stand-in:
three `availbot tick` at the same instant send each DM once, and a tick killed while Slack
was taking its DM is finished by a later one without a second DM."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from multiprocessing.synchronize import Barrier
from pathlib import Path
from queue import Queue
from typing import Any

import pytest

from bot.cli import main
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.time.spans import day_span, zone
from storage.repositories import open_store
from tests.bot import cover_team
from tests.bot.cover_team import make_team
from tests.bot.slack_standin import BOT_TOKEN, TEAM_ID, Failure, SlackStandIn
from tests.integration import conftest as engines
from tests.integration.racing import race

standin = cover_team.standin  # Slack's users and Dan


pytestmark = [pytest.mark.slow, pytest.mark.postgres]
postgres_server, postgres_url = engines.postgres_server, engines.postgres_url
MONDAY, FRIDAY = "2026-03-02T10:00Z", "2026-03-06T21:00Z"  # Fri 16:00 in New York


@pytest.fixture
def env(request: pytest.FixtureRequest, standin: SlackStandIn) -> dict[str, str]:
    """The team on PostgreSQL, its people synced from the stand-in: Carol (New York) holds
    primary from Mon 9 Mar, and an import on Friday gave her Tuesday off."""
    url = str(request.getfixturevalue("postgres_url"))
    variables = {
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": standin.url,
        "AVAILBOT_ADMINS": "carol@example.com",
    }
    assert availbot(variables, "members", "sync")[0] == 0
    with open_store(url) as store:
        make_team(store)
        carol = store.members.by_slack_id(TEAM_ID, "UCAROL")
        assert carol is not None
        tuesday = datetime(2026, 3, 10, tzinfo=UTC).date()
        add_unavailability(
            store,
            OPERATOR,
            workspace_id=TEAM_ID,
            member_id=carol.id,
            span=day_span(tuesday, tuesday, zone("America/New_York")),
            source="import:imp_1",
            now=datetime(2026, 3, 6, 20, 0, tzinfo=UTC),
        )
    return variables


def availbot(env: Mapping[str, str], *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(list(args), dict(env))
    return status, out.getvalue()


def _tick(env: dict[str, str], at: str, barrier: Barrier, results: Queue[Any]) -> None:
    barrier.wait()
    status, out = availbot(env, "tick", "--at", at, "--json")
    results.put((status, json.loads(out)["jobs"]["personal-tick"] if status == 0 else out))


def dms(standin: SlackStandIn, user: str) -> list[str]:
    return [m["text"] for m in standin.messages if m.get("channel") == f"D{user}"]


class TestProcesses:
    def test_three_ticks_at_the_same_instant_send_each_dm_once(
        self, env: dict[str, str], standin: SlackStandIn
    ) -> None:
        answers, codes = race(_tick, lambda i: (env, FRIDAY), 3)
        assert codes == [0, 0, 0], answers
        assert [m for m in dms(standin, "UCAROL") if "Reminder" in m] == [
            ":bell: Reminder: you are on call for *primary* Mon 9 Mar 04:00 – "
            "Mon 16 Mar 04:00 (EDT, America/New_York)."
        ]
        assert len([m for m in dms(standin, "UCAROL") if "opens a gap" in m]) == 1

    def test_a_tick_killed_while_slack_takes_a_dm_is_finished_without_a_second(
        self, env: dict[str, str], standin: SlackStandIn, tmp_path: Path
    ) -> None:
        with open_store(env["DATABASE_URL"]) as store:  # no channel: the DMs post first
            store.digests.remove(TEAM_ID, "C1")
        availbot(env, "tick", "--at", MONDAY)  # first sight of everyone's shifts
        posts = len(standin.calls_to("chat.postMessage"))
        taken = len(standin.messages)
        standin.fail_next("chat.postMessage", Failure(hang=2.0))  # Slack is slow to answer
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "tick", "--at", FRIDAY],
            env={"PATH": os.environ.get("PATH", ""), **env},
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            standin.wait_for_call("chat.postMessage", count=posts + 1, timeout=60)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        wait_until(lambda: len(standin.messages) > taken)  # Slack took it all the same
        status, out = availbot(env, "tick", "--at", "2026-03-06T21:12Z", "--json")  # lease over
        assert status == 0, out
        assert len([m for m in dms(standin, "UCAROL") if "Reminder" in m]) == 1
        keys = Counter(
            m["metadata"]["event_payload"]["key"]
            for m in standin.messages
            if str(m.get("channel", "")).startswith("D") and m.get("metadata")
        )
        assert keys and set(keys.values()) == {1}, keys
        looked = [c.params["channel"] for c in standin.calls_to("conversations.history")]
        assert "DUCAROL" in looked  # the DM in doubt was looked for, found, not sent again


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the stand-in never finished the post"
        time.sleep(0.05)
