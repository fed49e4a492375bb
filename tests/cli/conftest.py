"""Run the real `availbot` console script against a fresh SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(sys.executable).parent / "availbot"


@dataclass
class Result:
    status: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


class Availbot:
    def __init__(self, tmp_path: Path) -> None:
        self.cwd = tmp_path
        self.db = tmp_path / "availbot.db"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "AVAILBOT_", "DATABASE_URL"))
        }
        self.env["DATABASE_URL"] = f"sqlite:///{self.db}"

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        done = subprocess.run(
            [str(SCRIPT), *args],
            cwd=self.cwd,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def ok(self, *args: str, **kw: Any) -> Result:
        result = self(*args, **kw)
        assert result.status == 0, result.err or result.out
        return result


@pytest.fixture
def availbot(tmp_path: Path) -> Availbot:
    if not SCRIPT.exists():
        pytest.fail(f"the console script is not installed at {SCRIPT}: pip install -e '.[test]'")
    return Availbot(tmp_path)


@pytest.fixture
def team(availbot: Availbot) -> Availbot:
    """A workspace with an admin (Alice, UTC) and two members in Madrid and New York."""
    availbot.ok("members", "add", "alice@example.com", "--name", "Alice Admin", "--admin")
    availbot.ok("members", "add", "bob@example.com", "--name", "Bob B", "--tz", "Europe/Madrid")
    availbot.ok(
        "members", "add", "carol@example.com", "--name", "Carol C", "--tz", "America/New_York"
    )
    return availbot
