"""The database goes away and comes back, through the real path: availbot on waitress,
signed HTTP, a Slack stand-in and a PostgreSQL cluster of our own that the tests stop,
start and cut off (tests/faults/conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.bot.conftest import ANN, BOB, NOW, text_of
from tests.bot.slack_standin import TEAM_ID, view_submission
from tests.faults.conftest import App, Clock, Cluster, serving

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

UNAVAILABLE = "The database is unavailable: nothing was changed. Try again in a minute."
UNEXPECTED = "Something went wrong"
HTTP_THREADS = 16
ROUNDS = 8  # more commands than listener threads, so every thread's connection is used


@pytest.fixture
def app(fault_url: str) -> Iterator[App]:
    with serving(fault_url, Clock(NOW)) as running:
        yield running


def answer(app: App, text: str, user: str = BOB) -> str:
    return text_of(app.slack.ask(text, user=user))


def submit_modal(app: App, start: str) -> tuple[float, dict[str, Any]]:
    """Submit the Add modal for one day: the seconds the ack took, and its JSON."""
    from bot import ids

    values = {ids.START_DATE_BLOCK: {ids.START_DATE_INPUT: {"selected_date": start}}}
    reply = app.slack.interact(view_submission(ids.ADD_MODAL, values, BOB))
    assert reply.status == 200, reply.body
    body: dict[str, Any] = json.loads(reply.body or b"{}")
    return reply.seconds, body


class TestBackendsTerminated:
    """A failover or an idle timeout ends every connection the app holds."""

    def test_every_command_answers_afterwards_without_a_restart(
        self, app: App, running: Cluster
    ) -> None:
        for _ in range(ROUNDS):
            assert UNEXPECTED not in answer(app, "list")
        assert running.terminate() > 0
        for _ in range(ROUNDS):
            said = answer(app, "list")
            assert UNEXPECTED not in said and UNAVAILABLE not in said
        assert app.healthz() == 200

    def test_the_modal_saves_afterwards(self, app: App, running: Cluster) -> None:
        """A modal is saved on the HTTP server's threads, which the health checks warm."""
        for _ in range(HTTP_THREADS):
            assert app.healthz() == 200
        assert running.terminate() > 0
        for day in range(10, 15):
            seconds, body = submit_modal(app, f"2026-03-{day}")
            assert body.get("response_action") == "update", body
            assert seconds < 3.0


class TestServerDown:
    def test_commands_say_the_database_is_unavailable_then_work_when_it_returns(
        self, app: App, running: Cluster
    ) -> None:
        answer(app, "list")
        running.stop()
        assert UNAVAILABLE in answer(app, "list")
        assert UNAVAILABLE in answer(app, "add fri")
        seconds, body = submit_modal(app, "2026-03-10")
        assert seconds < 3.0
        assert body["response_action"] == "errors"
        assert UNAVAILABLE in json.dumps(body["errors"])
        assert app.healthz() == 503
        running.start()
        assert app.healthz() == 200
        for _ in range(ROUNDS):
            said = answer(app, "list")
            assert UNEXPECTED not in said and UNAVAILABLE not in said
        said = answer(app, "add fri")
        assert UNEXPECTED not in said and UNAVAILABLE not in said
        assert app.store.unavailability.in_window(
            TEAM_ID, datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
        )

    def test_health_check_follows_the_server(self, app: App, running: Cluster) -> None:
        assert app.healthz() == 200
        running.stop()
        assert app.healthz() == 503
        running.start()
        assert app.healthz() == 200


class TestDigestDuringAnOutage:
    def test_a_digest_due_while_the_database_was_down_goes_out_once_when_it_returns(
        self, app: App, running: Cluster
    ) -> None:
        app.clock.now = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
        answer(app, "digest at 09:00 UTC weekdays", user=ANN)
        assert app.tick() == []  # not due yet; the scheduler thread holds a connection
        running.stop()
        app.clock.now = datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
        assert app.tick() is None  # it cannot read the subscriptions: skipped, said once
        running.start()
        app.clock.now = datetime(2026, 3, 2, 9, 5, tzinfo=UTC)
        assert app.tick() == ["posted"]
        app.clock.now = datetime(2026, 3, 2, 9, 6, tzinfo=UTC)
        assert app.tick() == ["held"]
        digests = [
            m
            for m in app.standin.messages
            if (m.get("metadata") or {})
            .get("event_payload", {})
            .get("key", "")
            .endswith(":2026-03-02")
        ]
        assert len(digests) == 1
