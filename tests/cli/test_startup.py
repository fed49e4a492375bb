"""What a command loads, in a fresh interpreter: its own command module, its use cases and
the repositories it touches, not every command's (bot/cli/commands.py, SqlStore's lazy
repositories). Checked on sys.modules, not on timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.cli.commands import COMMANDS
from tests.cli.conftest import Availbot

RUN_AND_LIST_MODULES = """
import contextlib, io, json, sys
from bot.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""

# Loaded by other commands only: the Slack app, the HTTP API, the scheduler, and the core and
# storage modules of alerts, rotations, feeds and calendars.
ELSEWHERE = (
    "slack_bolt",
    "slack_sdk",
    "falcon",
    "apscheduler",
    "icalendar",
    "bot.api",
    "bot.listeners",
    "bot.blocks",
    "bot.jobs",
    "core.alerts",
    "core.rotations",
    "core.digest",
    "core.calendar",
    "core.imports.feed_sources",
    "storage.alerts",
    "storage.rotations",
    "storage.feeds",
    "storage.calendars",
    "storage.digests",
    "storage.outbox",
)


def loaded(availbot: Availbot, *argv: str) -> set[str]:
    """The modules loaded by `availbot ARGV` run in a new interpreter, which must succeed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVAILBOT_"))}
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *argv],
        cwd=availbot.cwd,
        env={**env, **availbot.env},
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["status"] == 0, done.stderr
    return set(result["modules"])


def other_commands(*own: str) -> set[str]:
    return {f"bot.cli.{module}" for module in COMMANDS.values()} - {f"bot.cli.{m}" for m in own}


def among(modules: set[str], packages: tuple[str, ...] | set[str]) -> list[str]:
    """The modules that are one of `packages` or inside one."""
    return sorted(m for m in modules if any(m == p or m.startswith(f"{p}.") for p in packages))


class TestWhatACommandLoads:
    def test_an_import_loads_the_import_and_records_repositories_only(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        csv = tmp_path / "off.csv"
        csv.write_text("email,start,end\nbob@example.com,2026-11-08,2026-11-09\n")
        modules = loaded(team, "import", str(csv), "--commit", "--quiet")
        assert {"bot.cli.imports", "core.imports.commit", "storage.imports"} <= modules
        assert among(modules, ELSEWHERE) == []
        assert among(modules, other_commands("imports")) == []
        assert team.ok("list", "--json").json["count"] == 1  # it did import

    def test_an_import_help_loads_no_other_command(self, availbot: Availbot) -> None:
        modules = loaded(availbot, "--db", "sqlite:///x.db", "import", "--help")
        assert "bot.cli.imports" in modules
        assert among(modules, other_commands("imports")) == []

    def test_listing_records_loads_nothing_of_imports(self, team: Availbot) -> None:
        modules = loaded(team, "list")
        assert {"bot.cli.records", "storage.records"} <= modules
        assert among(modules, (*ELSEWHERE, "core.imports", "storage.imports")) == []
        assert among(modules, other_commands("records")) == []
