"""`availbot demo` and `availbot digest`: the loop a newcomer sees without Slack."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.cli.conftest import Availbot


class TestDemo:
    def test_demo_writes_a_fresh_file_and_prints_a_digest_with_a_gap(
        self, availbot: Availbot
    ) -> None:
        out = availbot.ok("demo").out
        assert (availbot.cwd / "availbot-demo.db").exists()
        assert "On call" in out
        assert "primary:" in out
        assert "Coverage gaps" in out
        assert "⚠ primary" in out
        assert "Take it: availbot cover primary" in out
        again = availbot.ok("demo").out  # a second run starts afresh, not on top
        assert again.count("⚠ primary") == out.count("⚠ primary")

    def test_the_printed_cover_command_closes_the_gap(self, availbot: Availbot) -> None:
        out = availbot.ok("demo").out
        gaps = out.count("⚠ primary")
        command = re.search(r"Take it: (availbot cover .+)", out)
        assert command is not None
        args = shlex.split(command.group(1))[1:]
        db = ["--db", "sqlite:///availbot-demo.db"]
        taken = availbot.ok(*db, *args, "--json").json
        assert taken["rotation"] == "primary"
        digest = availbot.ok(*db, "digest", "--channel", "C0ONCALL").out
        assert digest.count("⚠ primary") == gaps - 1


class TestDigestCommand:
    def test_print_renders_the_channels_digest_for_a_date(self, availbot: Availbot) -> None:
        availbot.ok("demo")
        db = ["--db", "sqlite:///availbot-demo.db"]
        result = availbot.ok(
            *db, "digest", "--channel", "C0ONCALL", "--date", "2027-01-04", "--json"
        )
        assert result.json["date"] == "2027-01-04"
        assert "Mon 4 Jan 2027" in result.json["text"]

    def test_post_without_slack_is_a_usage_error_naming_the_token(self, availbot: Availbot) -> None:
        availbot.ok("demo")
        result = availbot(
            "--db", "sqlite:///availbot-demo.db", "digest", "--channel", "C1", "--post"
        )
        assert result.status == 2
        assert "SLACK_BOT_TOKEN" in result.err

    def test_a_time_in_the_repeated_hour_names_its_abbreviation(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        """Sun 25 Oct 2037 in Madrid: 02:30 happens at CEST and again at CET."""
        schedules = tmp_path / "schedules.toml"
        schedules.write_text(FALL_BACK)
        team.ok("schedules", "apply", str(schedules))
        sunday = team.ok("digest", "--channel", "C1", "--date", "2037-10-25").out
        assert "primary: Carol C until Sun 25 Oct 02:30 CEST, then Bob B" in sunday
        monday = team.ok("digest", "--channel", "C1", "--date", "2037-10-26").out
        assert "primary: Bob B until Mon 26 Oct 02:30, then Carol C" in monday


FALL_BACK = """
timezone = "Europe/Madrid"

[[rotation]]
name = "primary"
shift = "1d"
handoff = "02:30"
start = 2037-10-23
members = ["bob@example.com", "carol@example.com"]
"""
