"""`availbot schedules import --from opsgenie|pagerduty FILE [--commit]`, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Availbot
from tests.cli.test_schedules import FILE

EXPORTS = Path(__file__).parents[1] / "unit" / "schedules" / "exports"
OPSGENIE = str(EXPORTS / "opsgenie_berlin.json")
PAGERDUTY = str(EXPORTS / "pagerduty_newyork.json")


@pytest.fixture
def applied(team: Availbot, tmp_path: Path) -> Availbot:
    """The team with the `primary` rotation of tests/cli/test_schedules.py applied."""
    path = tmp_path / "schedules.toml"
    path.write_text(FILE)
    team.ok("schedules", "apply", str(path))
    return team


def rotations(team: Availbot) -> dict[str, dict[str, object]]:
    return {r["name"]: r for r in team.ok("schedules", "show", "--json").json["rotation"]}


class TestPreview:
    def test_the_preview_shows_each_rotation_and_what_is_not_imported_and_saves_nothing(
        self, applied: Availbot
    ) -> None:
        out = applied.ok("schedules", "import", "--from", "opsgenie", OPSGENIE).out
        assert "Platform / Weekly (new; from rotation 'Weekly')" in out
        assert "zone Europe/Berlin, shift 1w, hand-off mon 09:00, start 2026-03-02" in out
        assert "members in order: alice@example.com, bob@example.com, carol@example.com" in out
        assert "rotation 'Office hours':\n    - it is on call only on some days" in out
        assert "rotation 'Backup':\n    - no member with email dave@example.com" in out
        assert "run again with --commit" in out
        assert list(rotations(applied)) == ["primary"]

    def test_json_names_the_rotations_and_the_skipped_with_their_reasons(
        self, team: Availbot
    ) -> None:
        shown = team.ok("schedules", "import", "--from", "pagerduty", PAGERDUTY, "--json").json
        (rotation,) = shown["rotations"]
        assert rotation["members"] == ["bob@example.com", "carol@example.com", "alice@example.com"]
        assert rotation["first"] == {"at": "2026-03-02T09:00:00-05:00", "email": "bob@example.com"}
        assert shown["skipped"] == [
            {"source": "layer 'Layer 1'", "reasons": ["availbot imports the first layer only"]}
        ]
        assert (shown["committed"], rotation["status"]) == (False, "new")

    @pytest.mark.parametrize(
        ("tool", "text", "says"),
        [
            ("opsgenie", "{", "not JSON (line 1"),
            ("pagerduty", '{"data": {"rotations": []}}', "GET /schedules/{id}"),
            ("pagerduty", b"\xff\xfe{", "codec can't decode"),
        ],
    )
    def test_a_file_that_is_no_export_is_refused(
        self, team: Availbot, tmp_path: Path, tool: str, text: str | bytes, says: str
    ) -> None:
        path = tmp_path / "export.json"
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        result = team("schedules", "import", "--from", tool, str(path), "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "UnreadableExport"
        assert says in result.json["error"]["message"]

    def test_a_missing_file_is_named(self, team: Availbot) -> None:
        result = team("schedules", "import", "--from", "opsgenie", "nowhere.json")
        assert result.status == 1
        assert "there is no file 'nowhere.json'" in result.err


class TestCommit:
    def test_commit_adds_the_rotations_and_keeps_the_workspaces_own(
        self, applied: Availbot, tmp_path: Path
    ) -> None:
        shown = applied.ok("schedules", "import", "--from", "opsgenie", OPSGENIE, "--commit").out
        assert (
            "Saved:\n  added rotation Platform / Weekly\n  added rotation Platform / Half days"
            in shown
        )
        stored = rotations(applied)
        assert set(stored) == {"primary", "Platform / Weekly", "Platform / Half days"}
        assert stored["Platform / Half days"]["members"] == ["carol@example.com", "bob@example.com"]
        again = applied.ok("schedules", "import", "--from", "opsgenie", OPSGENIE, "--commit")
        assert "(already stored as it is; from rotation 'Weekly')" in again.out
        assert "Nothing changed: already imported." in again.out
        file = tmp_path / "shown.toml"
        file.write_text(applied.ok("schedules", "show").out)
        assert "Nothing changed" in applied.ok("schedules", "apply", str(file)).out

    def test_the_imported_hand_off_stays_at_nine_in_new_york_across_daylight_saving(
        self, team: Availbot
    ) -> None:
        team.ok("schedules", "import", "--from", "pagerduty", PAGERDUTY, "--commit")
        shown = team.ok(
            "oncall", "Payments Primary", "--from", "2026-03-06", "--to", "2026-03-16", "--json"
        ).json
        handoffs = [(s["from"], s["member"]["email"]) for s in shown["segments"][1:]]
        assert handoffs == [
            ("2026-03-09T13:00:00Z", "carol@example.com"),
            ("2026-03-16T13:00:00Z", "alice@example.com"),
        ]

    def test_a_non_admin_may_preview_but_not_commit(self, team: Availbot) -> None:
        bob = ("--as", "bob@example.com")
        team.ok("schedules", "import", "--from", "pagerduty", PAGERDUTY, *bob)
        result = team("schedules", "import", "--from", "pagerduty", PAGERDUTY, "--commit", *bob)
        assert result.status == 1
        assert "admin" in result.err
        assert rotations(team) == {}
