"""Where the fix is a command, the CLI's words name the CLI's command (core's never do)."""

from __future__ import annotations

from tests.cli.conftest import Availbot


class TestCliHints:
    def test_an_archived_type_says_how_to_restore_it(self, team: Availbot) -> None:
        team.ok("types", "archive", "Training")
        result = team("add", "bob@example.com", "2026-12-24", "--type", "training", "--json")
        message = result.json["error"]["message"]
        assert result.json["error"]["code"] == "ArchivedType"
        assert message.endswith("Restore it with `availbot types restore 'Training'`.")

    def test_an_unknown_member_says_how_to_add_one(self, team: Availbot) -> None:
        result = team("add", "zed@example.com", "2026-12-24")
        assert result.status == 1
        assert "Check the spelling." in result.err
        assert "`availbot members add EMAIL --name NAME`" in result.err

    def test_an_unknown_rotation_says_where_rotations_come_from(self, team: Availbot) -> None:
        result = team("oncall", "nope")
        assert result.status == 1
        assert "No rotation 'nope'. No rotation is defined." in result.err
        assert "`availbot schedules apply FILE.toml`" in result.err
