"""`availbot tick [--at INSTANT]`: every timed job once, as the scheduler runs them, and never
twice what a slot or a claim already did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.commands import registrars
from bot.cli.parser import build_parser
from bot.jobs.tick import JOBS, slot_of
from tests.bot.slack_standin import BOT_TOKEN, SlackStandIn
from tests.cli.conftest import Availbot


@pytest.fixture
def demo(tmp_path: Path, standin: SlackStandIn) -> Availbot:
    """The demo team, with Slack at the stand-in; the demo channel subscribed at 09:00 UTC."""
    availbot = Availbot(tmp_path)
    assert availbot("demo").status == 0
    availbot.env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'availbot-demo.db'}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": standin.url,
    }
    return availbot


class TestTick:
    def test_at_an_instant_each_job_runs_once_and_a_second_tick_repeats_nothing(
        self, demo: Availbot, standin: SlackStandIn
    ) -> None:
        first = demo.ok("tick", "--at", "2026-03-02T10:00Z", "--json").json
        assert first["at"] == "2026-03-02T10:00:00Z"
        assert list(first["jobs"]) == [job.id for job in JOBS]
        assert first["jobs"]["directory-sync"] == {"synced": 1}
        assert len(standin.calls_to("users.list")) >= 1
        again = demo.ok("tick", "--at", "2026-03-02T10:01Z", "--json").json
        assert again["jobs"]["directory-sync"] is None  # that slot has run
        assert again["jobs"]["housekeeping"] is None
        calls = len(standin.calls_to("users.list"))
        later = demo.ok("tick", "--at", "2026-03-02T12:00Z", "--json").json
        assert later["jobs"]["directory-sync"] == {"synced": 1}
        assert len(standin.calls_to("users.list")) > calls

    def test_text_says_what_each_job_did(self, demo: Availbot) -> None:
        out = demo.ok("tick", "--at", "2026-03-02T10:00+01:00").out
        assert "directory-sync: 1 synced" in out
        out = demo.ok("tick", "--at", "2026-03-02T09:30Z").out
        assert "housekeeping: not due (run this slot already)" in out

    def test_an_instant_without_its_offset_is_a_usage_error(self, demo: Availbot) -> None:
        refused = demo("tick", "--at", "2026-03-02T10:00")
        assert refused.status == 2
        assert "not an instant with its offset" in refused.err

    def test_without_slack_it_says_what_to_set(self, tmp_path: Path) -> None:
        refused = Availbot(tmp_path)("tick")
        assert refused.status == 2
        assert "SLACK_BOT_TOKEN" in refused.err

    def test_the_parser_reads_instants_in_utc(self) -> None:
        args = build_parser(registrars()).parse_args(["tick", "--at", "2026-03-02T11:00+01:00"])
        assert args.at == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class TestSlots:
    @pytest.mark.parametrize(
        ("now", "every", "slot"),
        [
            ("2026-03-02T05:59:59Z", 6, "2026-03-02T00:00:00+00:00"),
            ("2026-03-02T06:00:00Z", 6, "2026-03-02T06:00:00+00:00"),
            ("2026-03-02T10:30:00+01:00", 1, "2026-03-02T09:00:00+00:00"),
        ],
    )
    def test_slots_are_counted_from_the_epoch_in_utc(self, now: str, every: int, slot: str) -> None:
        at = datetime.fromisoformat(now.replace("Z", "+00:00"))
        assert slot_of(at, timedelta(hours=every)).isoformat() == slot
