"""`availbot import FILE --source NAME`: the nightly HR export as the whole truth (issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.conftest import Availbot
from tests.cli.test_import import write

NIGHT_1 = (
    "email,start,end,type,name\n"
    "bob@example.com,2026-11-02,2026-11-06,Time off,Vacation\n"
    "carol@example.com,2026-11-09,2026-11-13,Time off,Vacation\n"
)
NIGHT_2 = (  # Bob shortened his leave, Carol cancelled hers, Alice booked some
    "email,start,end,type,name\n"
    "bob@example.com,2026-11-02,2026-11-04,Time off,Vacation\n"
    "alice@example.com,2026-11-16,2026-11-17,Time off,Long weekend\n"
)


def records(team: Availbot) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = team.ok("list", "--json").json["items"]
    return sorted(items, key=lambda r: (r["member"]["email"], r["start"]))


def sync(team: Availbot, path: str, *extra: str) -> dict[str, Any]:
    found: dict[str, Any] = team.ok(
        "import", path, "--source", "BambooHR", "--commit", "--json", *extra
    ).json
    return found


class TestSyncStory:
    def test_reimport_follows_the_hr_system(self, team: Availbot, tmp_path: Path) -> None:
        first = sync(team, write(tmp_path, NIGHT_1))
        assert first["sync"]["created"] == 2
        assert first["message"].startswith("Synced BambooHR: 2 created")
        before = records(team)
        assert [r["source"] for r in before] == ["sync:BambooHR", "sync:BambooHR"]
        bob_id = before[0]["id"]

        preview = team.ok("import", write(tmp_path, NIGHT_2), "--source", "BambooHR", "--json").json
        assert preview["ok"] is True
        assert preview["message"].startswith("Preview of a sync of BambooHR")
        counts = {k: preview["sync"][k] for k in ("created", "changed", "removed", "unchanged")}
        assert counts == {"created": 1, "changed": 1, "removed": 1, "unchanged": 0}
        assert preview["sync"]["changes"][0]["before"]["id"] == bob_id
        assert len(records(team)) == 2  # a preview saves nothing

        saved = team.ok("import", "--commit-id", preview["import_id"], "--json").json
        assert saved["committed"] is True
        after = records(team)
        assert [r["member"]["email"] for r in after] == ["alice@example.com", "bob@example.com"]
        assert after[1]["id"] == bob_id  # changed in place
        assert after[1]["end"] == "2026-11-04T23:00:00Z"

        again = sync(team, write(tmp_path, NIGHT_2))
        assert again["sync"]["unchanged"] == 2
        assert (again["sync"]["created"], again["sync"]["changed"]) == (0, 0)
        assert records(team) == after

    def test_a_synced_row_supersedes_leave_entered_by_hand(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        team.ok("add", "bob@example.com", "2026-11-01", "to", "2026-11-03", "--name", "Trip")
        result = sync(team, write(tmp_path, NIGHT_1))
        gone = result["sync"]["supersessions"][0]
        assert gone["record"]["name"] == "Trip"
        assert [k["end"] for k in gone["kept"]] == ["2026-11-01T23:00:00Z"]
        kinds = [(r["name"], r["source"]) for r in records(team)]
        assert ("Trip", "cli") in kinds and ("Vacation", "sync:BambooHR") in kinds

    def test_another_source_overlapping_fails_naming_both(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        sync(team, write(tmp_path, NIGHT_1))
        other = team("import", write(tmp_path, NIGHT_1), "--source", "Personio", "--json")
        assert other.status == 1
        message = other.json["errors"][0]["message"]
        assert "sync:Personio" in message and "sync:BambooHR" in message

    def test_window_bounds_what_the_sync_owns(self, team: Availbot, tmp_path: Path) -> None:
        sync(team, write(tmp_path, NIGHT_1))
        empty = write(tmp_path, "email,start\n", "empty.csv")
        cleared = sync(team, empty, "--window", "2026-11-08..2026-11-30")
        assert cleared["sync"]["removed"] == 1
        assert [r["member"]["email"] for r in records(team)] == ["bob@example.com"]
        outside = team(
            "import",
            write(tmp_path, NIGHT_1),
            "--source",
            "BambooHR",
            "--window",
            "2026-11-08..2026-11-30",
            "--json",
        )
        assert outside.status == 1
        assert "outside the window" in outside.json["errors"][0]["message"]

    def test_a_row_straddling_the_window_keeps_the_others_earlier_records(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        sync(team, write(tmp_path, NIGHT_1))
        bob_before, carol_before = records(team)
        alice = (  # Alice's leave started before the window
            "email,start,end,type,name\n"
            "alice@example.com,2026-11-01,2026-11-14,Time off,Sabbatical\n"
        )
        found = sync(
            team, write(tmp_path, alice, "alice.csv"), "--window", "2026-11-12..2026-11-30"
        )
        counts = {k: found["sync"][k] for k in ("created", "changed", "removed")}
        assert counts == {"created": 1, "changed": 1, "removed": 0}
        alice_after, bob_after, carol_after = records(team)
        assert bob_after == bob_before  # ended before the window: untouched
        assert carol_after["id"] == carol_before["id"]  # straddled it: cut back to before it
        assert (carol_after["start"], carol_after["end"]) == (
            carol_before["start"],
            "2026-11-12T00:00:00Z",
        )
        assert (alice_after["start"], alice_after["source"]) == (
            "2026-11-01T00:00:00Z",
            "sync:BambooHR",
        )

    def test_without_source_the_import_is_as_before(self, team: Availbot, tmp_path: Path) -> None:
        plain = team.ok("import", write(tmp_path, NIGHT_1), "--commit", "--json").json
        assert "sync" not in plain
        assert {r["source"] for r in records(team)} == {f"import:{plain['import_id']}"}
        bad = team("import", write(tmp_path, NIGHT_1), "--window", "2026-11-01..")
        assert bad.status != 0


class TestListSaysWhereFrom:
    def test_list_text_names_the_source_of_synced_records_only(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        team.ok("add", "alice@example.com", "2026-11-20", "--name", "Dentist")
        sync(team, write(tmp_path, NIGHT_1))
        lines = team.ok("list").out.splitlines()
        synced = [line for line in lines if "Vacation" in line]
        assert len(synced) == 2
        assert all(line.endswith("  (from BambooHR)") for line in synced)
        (hand,) = [line for line in lines if "Dentist" in line]
        assert "from" not in hand
