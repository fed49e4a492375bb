"""`availbot schedules apply/show` through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Availbot

FILE = """
timezone = "Europe/Madrid"

[[rotation]]
name = "primary"
timezone = "Europe/Berlin"
shift = "1w"
handoff = "mon 09:00"
start = 2030-01-07
members = ["alice@example.com", "bob@example.com", "carol@example.com"]
"""


@pytest.fixture
def schedules(tmp_path: Path) -> Path:
    path = tmp_path / "schedules.toml"
    path.write_text(FILE)
    return path


class TestApply:
    def test_apply_is_idempotent_and_show_prints_a_file_that_applies_to_no_change(
        self, team: Availbot, schedules: Path, tmp_path: Path
    ) -> None:
        first = team.ok("schedules", "apply", str(schedules), "--json").json
        assert first["ok"] is True
        assert {"kind": "rotation", "name": "primary"} in first["added"]
        again = team.ok("schedules", "apply", str(schedules), "--json").json
        assert again == {"ok": True, "added": [], "changed": [], "removed": []}
        shown = tmp_path / "shown.toml"
        shown.write_text(team.ok("schedules", "show").out)
        assert "Nothing changed" in team.ok("schedules", "apply", str(shown)).out

    def test_an_invalid_file_lists_every_key_path_and_changes_nothing(
        self, team: Availbot, schedules: Path, tmp_path: Path
    ) -> None:
        team.ok("schedules", "apply", str(schedules))
        bad = tmp_path / "bad.toml"
        bad.write_text(
            FILE.replace('"carol@', '"nobody@').replace('"1w"', '"1 fortnight"')
            + '\n[[rotation]]\nname = "primary"\n'
        )
        result = team("schedules", "apply", str(bad), "--json")
        assert result.status == 1
        error = result.json["error"]
        assert error["code"] == "InvalidSchedule"
        for path in ("rotation[0].shift", "rotation[0].members[2]", "rotation[1].name"):
            assert path in error["message"]
        assert "nobody@example.com" in error["message"]
        assert team.ok("schedules", "show", "--json").json["rotation"][0]["shift"] == "1w"

    @pytest.mark.parametrize("name", ["localtime", "posix/Europe/Berlin"])
    def test_a_host_file_that_is_no_iana_zone_is_refused(
        self, team: Availbot, tmp_path: Path, name: str
    ) -> None:
        bad = tmp_path / "bad.toml"
        bad.write_text(FILE.replace('"Europe/Berlin"', f'"{name}"'))
        result = team("schedules", "apply", str(bad), "--json")
        assert result.status == 1
        assert "rotation[0].timezone" in result.json["error"]["message"]
        assert team.ok("schedules", "show", "--json").json["rotation"] == []

    def test_malformed_toml_names_line_and_column(self, team: Availbot, tmp_path: Path) -> None:
        bad = tmp_path / "bad.toml"
        bad.write_text('[[rotation]]\nname = "primary\n')
        result = team("schedules", "apply", str(bad))
        assert result.status == 1
        assert "line 2, column" in result.err

    def test_a_non_admin_may_not_apply(self, team: Availbot, schedules: Path) -> None:
        result = team("schedules", "apply", str(schedules), "--as", "bob@example.com")
        assert result.status == 1
        assert "admin" in result.err
        assert team.ok("schedules", "show", "--json").json["rotation"] == []
