"""Every ```toml example in docs/ applies, through the real command line, to a fresh SQLite
store holding the members it names, and stores exactly the entries it shows."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from tests.docs.conftest import DOCS, fenced_blocks

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SECTIONS = (
    "calendar",
    "day_type",
    "day_assignment",
    "availability_pattern",
    "shift_pattern",
    "rotation",
)


def toml_examples() -> list[tuple[str, str]]:
    """(`file.md#n`, text) for every TOML example of the docs."""
    return [
        (f"{page.name}#{i}", body)
        for page in sorted(DOCS.glob("*.md"))
        for i, body in enumerate(fenced_blocks(page.read_text(encoding="utf-8"), "toml"), 1)
    ]


EXAMPLES = toml_examples()


class Cli:
    """`availbot …` run in this process against one SQLite file, its JSON answer read."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.environ = {"DATABASE_URL": f"sqlite:///{db}", "AVAILBOT_TIMEZONE": "UTC"}
        self.capsys = capsys

    def __call__(self, *argv: str) -> tuple[int, Any]:
        self.capsys.readouterr()
        status = main([*argv, "--json"], self.environ)
        captured = self.capsys.readouterr()
        return status, json.loads(captured.out) if captured.out.strip() else captured.err

    def ok(self, *argv: str) -> Any:
        status, answer = self(*argv)
        assert status == 0, answer
        return answer


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "docs.db", capsys)


def test_the_docs_have_toml_examples_to_check() -> None:
    names = {name.split("#")[0] for name, _ in EXAMPLES}
    assert {"schedules.md", "rotations.md"} <= names


@pytest.mark.parametrize(("name", "text"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_the_example_applies_and_stores_what_it_shows(
    name: str, text: str, cli: Cli, tmp_path: Path
) -> None:
    for email in sorted(set(_EMAIL.findall(text))):
        cli.ok("members", "add", email, "--name", email.split("@")[0].title())
    example = tomllib.loads(text)
    path = tmp_path / "example.toml"
    path.write_text(text, encoding="utf-8")

    applied = cli.ok("schedules", "apply", str(path))

    assert applied["ok"] is True
    assert applied["added"], f"{name} added nothing"
    stored = cli.ok("schedules", "show")
    assert stored.get("timezone") == example.get("timezone")
    for section in SECTIONS:
        assert len(stored[section]) == len(example.get(section, [])), section
    names = {e["name"] for e in stored["rotation"]}
    assert names == {e["name"] for e in example.get("rotation", [])}
    again = cli.ok("schedules", "apply", str(path))
    assert again == {"ok": True, "added": [], "changed": [], "removed": []}


def test_a_broken_example_would_fail(cli: Cli, tmp_path: Path) -> None:
    """The check above can fail: an example naming a member the store lacks is refused."""
    path = tmp_path / "broken.toml"
    path.write_text(
        '[[rotation]]\nname = "primary"\nshift = "1w"\nhandoff = "mon 09:00"\n'
        'start = 2026-01-05\nmembers = ["nobody@example.com"]\n',
        encoding="utf-8",
    )
    status, answer = cli("schedules", "apply", str(path))
    assert status == 1
    assert answer["error"]["code"] == "InvalidSchedule"
    assert "rotation[0].members[0]" in answer["error"]["message"]
