"""Run the command line in this process (`bot.cli.main`) against a fresh SQLite file.

The console script itself is exercised by the subprocess smoke tests in test_smoke.py; here
each call is `main(argv, env)` with stdout and stderr captured, so a test costs milliseconds
instead of a Python start-up per command.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main


@dataclass(frozen=True)
class Result:
    status: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


class Availbot:
    """`availbot ARGS` run in `cwd` with `env` as its whole environment (nothing of this
    process's own SLACK_*, AVAILBOT_* or DATABASE_URL leaks in)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.db = cwd / "availbot.db"
        self.env = {"DATABASE_URL": f"sqlite:///{self.db}"}

    def __call__(self, *args: str, env: Mapping[str, str] | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with (
            contextlib.chdir(self.cwd),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            status = main(list(args), {**self.env, **(env or {})})
        return Result(status, out.getvalue(), err.getvalue())

    def ok(self, *args: str, env: Mapping[str, str] | None = None) -> Result:
        result = self(*args, env=env)
        assert result.status == 0, result.err or result.out
        return result


@pytest.fixture
def availbot(tmp_path: Path) -> Availbot:
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
