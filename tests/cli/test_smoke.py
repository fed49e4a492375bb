"""The installed console script and `python -m bot`, as real processes: what the in-process
tests cannot see (the entry point, exit statuses reaching the shell, a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "availbot"
EXPORT = (
    "E-mail,From,Until,Reason,Leave type\n"
    "bob@example.com,2026-11-08,2026-11-09,Conference,\n"
    "carol@example.com,2026-11-10T09:00,2026-11-10T13:00,,Training\n"
)

pytestmark = pytest.mark.slow


class Script:
    """Runs a command in `cwd` with this environment minus Slack's, availbot's and the
    database's variables, and DATABASE_URL pointing at a fresh file."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "AVAILBOT_", "DATABASE_URL"))
        }
        self.env["DATABASE_URL"] = f"sqlite:///{cwd / 'availbot.db'}"

    def __call__(self, *command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def availbot(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self(str(SCRIPT), *args)


@pytest.fixture
def script(tmp_path: Path) -> Script:
    if not SCRIPT.exists():
        pytest.fail(f"the console script is not installed at {SCRIPT}: pip install -e '.[test]'")
    return Script(tmp_path)


class TestConsoleScript:
    def test_help_lists_the_commands_and_exits_0(self, script: Script) -> None:
        done = script.availbot("--help")
        assert done.returncode == 0, done.stderr
        for name in ("demo", "import", "schedules", "serve"):
            assert name in done.stdout

    def test_a_usage_error_exits_2_with_the_usage_on_stderr(self, script: Script) -> None:
        done = script.availbot("list", "--page-size", "many")
        assert done.returncode == 2
        assert "usage: availbot list" in done.stderr
        assert done.stdout == ""

    def test_demo_prints_a_digest_with_a_gap_into_a_fresh_file(self, script: Script) -> None:
        done = script.availbot("demo")
        assert done.returncode == 0, done.stderr
        assert (script.cwd / "availbot-demo.db").exists()
        assert "Coverage gaps" in done.stdout
        assert "Take it: availbot cover primary" in done.stdout

    def test_import_commit_stores_the_records(self, script: Script) -> None:
        for email, name in (("bob@example.com", "Bob B"), ("carol@example.com", "Carol C")):
            assert script.availbot("members", "add", email, "--name", name).returncode == 0
        export = script.cwd / "export.csv"
        export.write_text(EXPORT, encoding="utf-8")
        done = script.availbot("import", str(export), "--commit", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["created"] == 2
        listed = script.availbot("list", "--json")
        assert json.loads(listed.stdout)["count"] == 2

    def test_a_refusal_exits_1(self, script: Script) -> None:
        done = script.availbot("add", "ghost@example.com", "2026-12-24")
        assert done.returncode == 1
        assert "ghost@example.com" in done.stderr


class TestPythonDashM:
    def test_python_dash_m_bot_is_the_same_command(self, script: Script) -> None:
        done = script(sys.executable, "-m", "bot", "types", "list", "--json")
        assert done.returncode == 0, done.stderr
        assert '"count": 5' in done.stdout
