"""`availbot import` as an operator runs it on an HR export."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Availbot

EXPORT = (
    "E-mail,From,Until,Reason,Leave type,Cost centre\n"
    "bob@example.com,2026-11-08,2026-11-09,Conference,,42\n"
    "carol@example.com,2026-11-10T09:00,2026-11-10T13:00,,Training,42\n"
)


def write(tmp_path: Path, text: str, name: str = "export.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestImportCommand:
    def test_preview_then_commit_by_id(self, team: Availbot, tmp_path: Path) -> None:
        preview = team.ok("import", write(tmp_path, EXPORT), "--json").json
        assert preview["ok"] is True
        assert preview["committed"] is False
        assert (preview["created"], preview["duplicates"]) == (2, 0)
        assert preview["message"].startswith("Preview: 2 records would be created")
        assert preview["unknown_columns"] == ["Cost centre"]
        first = preview["availabilities"][0]
        assert first == {
            "name": "Conference",
            "start": "2026-11-07T23:00:00Z",
            "end": "2026-11-09T23:00:00Z",
            "all_day": True,
            "type": "Time off",
            "member": first["member"],
        }
        assert first["member"]["email"] == "bob@example.com"
        assert team.ok("list", "--json").json["count"] == 0

        saved = team.ok("import", "--commit-id", preview["import_id"], "--json").json
        assert saved["committed"] is True
        assert saved["created"] == 2
        assert all(a["id"].startswith("avail_") for a in saved["availabilities"])
        assert team.ok("list", "--json").json["count"] == 2

        again = team.ok("import", "--commit-id", preview["import_id"], "--json").json
        assert (again["ok"], again["created"]) == (True, 0)
        assert "Already saved" in again["message"]
        assert team.ok("list", "--json").json["count"] == 2

    def test_the_same_export_tomorrow_is_all_duplicates(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        team.ok("import", write(tmp_path, EXPORT), "--commit")
        again = team.ok("import", write(tmp_path, EXPORT), "--commit", "--json").json
        assert (again["created"], again["duplicates"]) == (0, 2)
        assert team.ok("list", "--json").json["count"] == 2

    def test_human_summary_restates_rows_and_how_to_save(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        out = team.ok("import", write(tmp_path, EXPORT)).out
        assert "2 records for 2 people" in out
        assert "Bob B: Time off, Sun 8 Nov – Mon 9 Nov (2 days, Europe/Madrid)" in out
        assert "availbot import --commit-id imp_" in out

    def test_a_bad_file_lists_every_problem_exits_1_and_saves_nothing(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        bad = EXPORT + "ghost@example.com,2026-11-08,,,,\nbob@example.com,nov 8,,,,\n"
        result = team("import", write(tmp_path, bad), "--commit", "--json")
        assert result.status == 1
        assert result.json["ok"] is False
        assert result.json["invalid"] == ["ghost@example.com"]
        assert result.json["errors"][0]["line"] == 5
        assert result.json["errors"][0]["column"] == "start_time"
        assert team.ok("list", "--json").json["count"] == 0

    def test_a_non_admin_may_not_import(self, team: Availbot, tmp_path: Path) -> None:
        result = team("import", write(tmp_path, EXPORT), "--as", "bob@example.com", "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "NotPermitted"

    def test_a_missing_file_is_a_usage_error(self, team: Availbot, tmp_path: Path) -> None:
        result = team("import", str(tmp_path / "nope.csv"))
        assert result.status == 2
        assert "nope.csv" in result.err
