"""Exactly once with real processes on one PostgreSQL schema (docs/alerts.md#exactly-once):
`availbot tick` twice at once, a tick killed while Slack holds its post, a tick beside a
running `availbot serve`. Each must leave one alert message in the stand-in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.digest.due import Subscription
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.schedules.file import apply_schedules
from core.time.spans import Span
from core.workspaces import create_workspace
from storage.repositories import open_store
from tests.bot.conftest import SECRET
from tests.bot.slack_standin import BOT_TOKEN, TEAM_ID, Failure, SlackStandIn
from tests.bot.test_serve import free_port, wait_until_answering
from tests.integration.conftest import postgres_server, postgres_url  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday; Bob holds primary from 09:00 CET


def prepare(url: str, now: datetime) -> None:
    """Bob alone on `primary` (weekly from the Monday before `now`), out the day after `now`;
    channel C1 subscribed since a minute before `now` (so no digest is due: alerts only)."""
    with open_store(url) as store:
        create_workspace(store, TEAM_ID, now=now)
        bob = add_member(
            store, OPERATOR, TEAM_ID, NewMember("bob@example.com", "Bob", "UTC", "UBOB")
        )
        monday = now.date() - timedelta(days=now.weekday() + 7)
        text = (
            '[[rotation]]\nname = "primary"\ntimezone = "UTC"\nshift = "1w"\n'
            f'handoff = "mon 00:00"\nstart = "{monday}"\nmembers = ["bob@example.com"]\n'
        )
        apply_schedules(
            store, OPERATOR, workspace_id=TEAM_ID, text=text, fallback_zone="UTC", now=now
        )
        start = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)
        add_unavailability(store, OPERATOR, workspace_id=TEAM_ID, member_id=bob.id,
                           span=Span(start, start + timedelta(days=1)), now=now)  # fmt: skip
        store.digests.save(
            Subscription(
                "sub_1",
                TEAM_ID,
                "C1",
                datetime.min.time(),
                "UTC",
                created_at=now - timedelta(minutes=1),
            )
        )


def environment(url: str, standin: SlackStandIn) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVAILBOT_"))}
    clean = {k: v for k, v in clean.items() if "proxy" not in k.lower() and k != "HOST"}
    return clean | {
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.url,
    }


def availbot(url: str, standin: SlackStandIn, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "availbot"), *args],
        env=environment(url, standin),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def tick_at(url: str, standin: SlackStandIn, moment: datetime) -> subprocess.Popen[str]:
    return availbot(url, standin, "tick", "--at", moment.isoformat())


def alert_posts(standin: SlackStandIn) -> list[dict[str, Any]]:
    return [
        m
        for m in standin.messages
        if (m.get("metadata") or {}).get("event_type") == "availbot_alert"
    ]


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out


def wait_for(condition: Any, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def empty(postgres_url: str) -> str:  # noqa: F811  (the fixture imported above)
    return postgres_url


@pytest.fixture
def pg(empty: str) -> str:
    prepare(empty, NOW)
    return empty


class TestTwoTicks:
    def test_two_ticks_at_once_post_one_alert(self, pg: str, standin: SlackStandIn) -> None:
        standin.fail_next("chat.postMessage", Failure(hang=1.0))  # the first post takes a while
        both = [tick_at(pg, standin, NOW), tick_at(pg, standin, NOW)]
        said = [finished(p) for p in both]
        assert len(alert_posts(standin)) == 1
        assert sorted("alerts-tick: 1 posted" in s for s in said) == [False, True], said


class TestKilledMidSend:
    @pytest.mark.parametrize("slack_took_it", [True, False])
    def test_a_tick_killed_while_posting_leaves_one_message(
        self, pg: str, standin: SlackStandIn, slack_took_it: bool
    ) -> None:
        held = Failure(hang=2.0) if slack_took_it else Failure(hang=2.0, error="internal_error")
        standin.fail_next("chat.postMessage", held)
        first = tick_at(pg, standin, NOW)
        standin.wait_for_call("chat.postMessage", timeout=30)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)  # reaps it and closes its pipes
        time.sleep(2.5)  # the stand-in finishes (or refuses) the post the dead process sent
        assert len(alert_posts(standin)) == (1 if slack_took_it else 0)
        # before the leases run out, another instance leaves it alone
        assert "alerts-tick: 1 held" in finished(tick_at(pg, standin, NOW + timedelta(minutes=2)))
        later = finished(tick_at(pg, standin, NOW + timedelta(minutes=11)))
        assert ("1 updated" if slack_took_it else "1 posted") in later, later
        assert len(alert_posts(standin)) == 1
        assert len(standin.calls_to("conversations.history")) == 1  # looked before acting
        with open_store(pg, migrate=False) as store:
            [alert] = store.alerts.live(TEAM_ID)
            assert alert.message_ts == alert_posts(standin)[0]["ts"]


class TestTickBesideServe:
    def test_a_cron_tick_and_a_running_serve_post_one_alert(
        self, empty: str, standin: SlackStandIn
    ) -> None:
        now = datetime.now(UTC).replace(microsecond=0)
        prepare(empty, now)
        standin.fail_next("chat.postMessage", Failure(hang=1.0))
        port = free_port("127.0.0.1")
        serve = availbot(empty, standin, "serve", "--port", str(port), "--host", "127.0.0.1")
        tick = availbot(empty, standin, "tick")  # both sync the directory, both tick alerts
        try:
            wait_until_answering(serve, "127.0.0.1", port)  # its first alerts pass has run
            finished(tick)
            wait_for(lambda: len(alert_posts(standin)) >= 1)
            time.sleep(1.0)  # time for a second post, were there to be one
            assert len(alert_posts(standin)) == 1
        finally:
            for process, stop in ((tick, signal.SIGKILL), (serve, signal.SIGINT)):
                if process.poll() is None:
                    process.send_signal(stop)
                try:
                    process.communicate(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.communicate()
