"""SQLite held by another writer: Slack still gets its answer within 3 seconds."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.bot.conftest import NOW
from tests.bot.slack_standin import TEAM_ID
from tests.faults.conftest import App, Clock, serving
from tests.faults.test_database_outages import answer, submit_modal

pytestmark = pytest.mark.slow

BUSY = "The database is busy: nothing was changed. Try again in a moment."
HOLD_THE_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    with serving(f"sqlite:///{tmp_path / 'availbot.db'}", Clock(NOW)) as running:
        yield running


@contextmanager
def _holding(tmp_path: Path) -> Iterator[None]:
    """Another process holds SQLite's write lock until the test ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(tmp_path / "availbot.db")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()


def stored(app: App) -> int:
    window = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    return len(app.store.unavailability.in_window(TEAM_ID, *window))


def test_a_modal_submitted_while_another_writer_holds_the_lock_is_told_busy_in_time(
    app: App, tmp_path: Path
) -> None:
    answer(app, "list")  # the workspace and Bob exist: the submission only has to write
    with _holding(tmp_path):
        seconds, body = submit_modal(app, "2026-03-10")
        assert seconds < 3.0
        assert body["response_action"] == "errors", body
        assert BUSY in str(body["errors"])
        assert stored(app) == 0
    seconds, body = submit_modal(app, "2026-03-10")  # the lock is gone: saved
    assert body["response_action"] == "update", body
    assert stored(app) == 1
