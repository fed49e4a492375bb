"""Bad input through the real console script: dates off the calendar availbot handles,
files nested too deeply, and characters availbot does not store are each refused with
words (a key path, a row, a field), never a traceback."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from core.model import new_id
from core.rotations.coverage import UNCOMPUTABLE
from core.rotations.model import Handoff, Rotation, RotationDefinition, RotationVersion, ShiftLength
from storage.repositories import SqlStore, open_store
from tests.cli.conftest import Availbot

ROTATION = """
[[rotation]]
name = "{name}"
shift = "1w"
handoff = "mon 09:00"
start = {start}
members = ["alice@example.com", "bob@example.com"]
"""
PRIMARY = ROTATION.format(name="primary", start="2026-01-05")
OUT_OF_RANGE = "is outside the dates availbot handles: 1970-01-01 to 2200-12-31"


def write(tmp_path: Path, text: str, name: str = "schedules.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def refused(result_status: int, err: str) -> str:
    assert result_status == 1, err
    assert "Traceback" not in err
    return err


class TestDatesOutOfRange:
    @pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", '"2201-01-01"'])
    def test_a_rotation_starting_off_the_calendar_is_a_problem_at_its_key_path(
        self, team: Availbot, tmp_path: Path, start: str
    ) -> None:
        text = PRIMARY + ROTATION.format(name="far", start=start)
        result = team("schedules", "apply", write(tmp_path, text))
        err = refused(result.status, result.err)
        day = start.strip('"')
        assert f"rotation[1].start: {day} {OUT_OF_RANGE}" in err
        assert team.ok("schedules", "show", "--json").json["rotation"] == []
        assert "No rotations yet" in team.ok("oncall").out

    def test_changing_a_rotation_to_start_in_year_one_is_refused_and_keeps_it(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        team.ok("schedules", "apply", write(tmp_path, PRIMARY))
        changed = PRIMARY.replace("2026-01-05", "0001-01-01")
        err = refused(*_run(team, "schedules", "apply", write(tmp_path, changed, "b.toml")))
        assert f"rotation[0].start: 0001-01-01 {OUT_OF_RANGE}" in err
        assert "primary" in team.ok("oncall").out

    def test_every_date_of_the_file_is_checked(self, team: Availbot, tmp_path: Path) -> None:
        text = (
            '[[calendar]]\nname = "HQ"\nclosed = [2500-01-01]\n'
            'hours = { "0999-12-24" = ["09:00-13:00"] }\n'
            '[[shift_pattern]]\nmember = "bob@example.com"\ncycle = ["off"]\nstart = 9000-01-01\n'
        )
        err = refused(*_run(team, "schedules", "apply", write(tmp_path, text)))
        for path in (
            "calendar[0].closed[0]",
            "calendar[0].hours.0999-12-24",
            "shift_pattern[0].start",
        ):
            assert f"{path}: " in err
        assert err.count(OUT_OF_RANGE) == 3

    def test_a_csv_row_at_the_end_of_time_without_an_end_is_a_row_error(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        export = "email,start,end\nbob@example.com,9999-12-31T23:30,\nbob@example.com,2026-01-05,\n"
        result = team("import", write(tmp_path, export, "export.csv"), "--json")
        assert result.status == 1, result.err
        assert "Traceback" not in result.err
        errors = result.json["errors"]
        assert errors == [
            {
                "line": 2,
                "column": "start_time",
                "message": f"The start (9999-12-31 22:30 UTC) {OUT_OF_RANGE}.",
            }
        ]

    @pytest.mark.parametrize(
        ("argv", "said"),
        [
            (("add", "bob@example.com", "9999-12-30"), "The start (9999-12-29 23:00 UTC)"),
            (("add", "alice@example.com", "0001-01-01"), "The start (0001-01-01 00:00 UTC)"),
            (("oncall", "primary", "--from", "9999-12-30", "--to", "9999-12-31"), "The first day"),
            (("oncall", "primary", "--from", "0001-01-01"), "The first day (0001-01-01)"),
            (("effective", "bob@example.com", "--from", "9999-12-30", "--to", "9999-12-31"), ""),
            (("digest", "--channel", "C1", "--date", "9999-12-31"), "The digest's date"),
            (("cover", "primary", "9999-12-30", "--member", "bob@example.com"), "The start"),
        ],
    )
    def test_commands_refuse_dates_off_the_calendar(
        self, team: Availbot, tmp_path: Path, argv: tuple[str, ...], said: str
    ) -> None:
        team.ok("schedules", "apply", write(tmp_path, PRIMARY))
        err = refused(*_run(team, *argv))
        assert said in err
        assert OUT_OF_RANGE in err

    def test_the_edges_of_the_range_are_accepted(self, team: Availbot) -> None:
        team.ok("add", "bob@example.com", "1970-01-01")
        team.ok("add", "bob@example.com", "2200-12-31")
        assert team.ok("list", "--json").json["count"] == 2


class TestDeepFiles:
    @pytest.mark.parametrize(("open_", "close"), [("[", "]"), ("{b=", "}")])
    def test_a_file_nested_100000_levels_deep_is_unreadable_not_a_crash(
        self, team: Availbot, tmp_path: Path, open_: str, close: str
    ) -> None:
        text = "a = " + open_ * 100_000 + close * 100_000 + "\n"
        result = team("schedules", "apply", write(tmp_path, text), "--json")
        assert result.status == 1, result.err
        error = result.json["error"]
        assert error["code"] == "UnreadableSchedule"
        assert "nested too deeply" in error["message"]


class TestText:
    @pytest.mark.parametrize(
        ("name", "why"),
        [
            ("Parental\x07leave", "a control character (U+0007) at character 9"),
            ("\ufeffParental leave", "an invisible format character (U+FEFF) at character 1"),
            ("Parental\u200bleave", "an invisible format character (U+200B) at character 9"),
            ("Parental\u2028leave", "a line break (U+2028) at character 9"),
        ],
    )
    def test_type_names_refuse_control_and_format_characters(
        self, team: Availbot, name: str, why: str
    ) -> None:
        result = team("types", "add", name, "--json")
        assert result.status == 1, result.err
        assert result.json["error"]["code"] == "UnacceptableText"
        assert (
            result.json["error"]["message"]
            == f"The type name holds {why}; remove it and try again."
        )
        renamed = team("types", "rename", "Training", name, "--json")
        assert renamed.json["error"]["code"] == "UnacceptableText"

    def test_a_rotation_name_with_a_bom_is_a_problem_at_its_key_path(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        text = ROTATION.format(name="\ufeffprimary", start="2026-01-05")
        err = refused(*_run(team, "schedules", "apply", write(tmp_path, text)))
        assert (
            "rotation[0].name: holds an invisible format character (U+FEFF) at character 1" in err
        )

    def test_a_schedules_string_with_a_control_character_is_a_problem(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        text = (
            PRIMARY.replace('"1w"', '"1w\\u0000"')
            + '[[day_type]]\nname = "Early\\tshift"\nintervals = []\n'
        )
        err = refused(*_run(team, "schedules", "apply", write(tmp_path, text)))
        assert "rotation[0].shift: holds a control character (U+0000) at character 3" in err
        assert "day_type[0].name: holds a line break or tab (U+0009) at character 6" in err

    def test_member_names_and_emails_refuse_control_characters(self, team: Availbot) -> None:
        name = team("members", "add", "dan@example.com", "--name", "Dan\x1b[31m", "--json")
        assert name.json["error"]["message"].startswith("The member name holds a control character")
        email = team("members", "add", "dan\u200b@example.com", "--name", "Dan", "--json")
        assert email.json["error"]["code"] == "UnacceptableText"
        assert "Dan" not in team.ok("members", "list").out

    def test_a_utf16_csv_with_a_nul_in_a_name_is_a_row_error(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        path = tmp_path / "export.csv"
        path.write_text("email,start,name\nbob@example.com,2026-01-05,Con\x00ference\n", "utf-16")
        result = team("import", str(path), "--json")
        assert result.status == 1, result.err
        [error] = result.json["errors"]
        assert error["line"] == 2
        assert error["column"] == "name"
        assert "a control character (U+0000) at character 4" in error["message"]

    def test_notes_keep_tabs_newlines_and_emoji_with_joiners(self, team: Availbot) -> None:
        note = "Kubecon\tday 1\nthen 👩\u200d💻 hacking"
        added = team.ok("add", "bob@example.com", "2026-03-10", "--name", note, "--json").json
        assert added["name"] == note
        assert team.ok("list", "--json").json["items"][0]["name"] == note


def _run(team: Availbot, *argv: str) -> tuple[int, str]:
    result = team(*argv)
    return result.status, result.err


class TestUncomputableRotation:
    def test_oncall_and_the_digest_show_the_others_and_a_fixed_file_mends_it(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        team.ok("schedules", "apply", write(tmp_path, PRIMARY))
        with open_store(f"sqlite:///{team.db}") as store:
            plant_uncomputable_rotation(store, "T0LOCAL")
        shown = team.ok("oncall").out
        assert "primary: " in shown and "Alice" in shown
        assert "far: " in shown and UNCOMPUTABLE in shown
        far = team.ok("oncall", "far", "--json").json
        assert (far["computable"], far["segments"]) == (False, [])
        digest = team.ok("digest", "--channel", "C1").out
        assert f"far: {UNCOMPUTABLE}" in digest and "primary: " in digest
        today = datetime.now(UTC).date().isoformat()
        assert team.ok("effective", "alice@example.com", "--from", today, "--to", today)
        fixed = PRIMARY + ROTATION.format(name="far", start="2026-01-05")
        team.ok("schedules", "apply", write(tmp_path, fixed, "fixed.toml"))
        assert UNCOMPUTABLE not in team.ok("oncall").out


def plant_uncomputable_rotation(store: SqlStore, workspace_id: str) -> None:
    """A rotation starting on 9999-12-31, as a schedules file could store before its dates
    were checked: computing its first hand-off runs off the calendar."""
    ids = tuple(m.id for m in store.members.all(workspace_id))
    weekly = RotationDefinition(
        "UTC", ShiftLength(1, "w"), Handoff(time(9), 0), date(9999, 12, 31), ids
    )
    now = datetime.now(UTC)
    version = RotationVersion(None, weekly, now)
    store.rotations.add(Rotation(new_id("rot"), workspace_id, "far", (version,), now))
