"""`availbot effective` and the availability sections of `schedules apply`, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Availbot

FILE = """
timezone = "Europe/Madrid"

[[calendar]]
name = "Spain (Madrid)"
holidays = { country = "ES", subdivision = "MD" }
hours = { "2026-12-24" = ["09:00-13:00"] }
members = ["bob@example.com"]

[[day_type]]
name = "Morning"
intervals = ["08:00-13:00"]

[[day_assignment]]
member = "bob@example.com"
day_type = "Morning"
dates = [2026-01-09]

[[availability_pattern]]
member = "bob@example.com"
rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
intervals = ["09:00-17:00"]

[[shift_pattern]]
member = "carol@example.com"
cycle = ["08:00-20:00", "off"]
start = 2026-01-01

[[rotation]]
name = "primary"
shift = "1w"
handoff = "mon 09:00"
start = 2026-01-05
members = ["bob@example.com", "carol@example.com"]
"""


@pytest.fixture
def schedules(tmp_path: Path) -> Path:
    path = tmp_path / "schedules.toml"
    path.write_text(FILE)
    return path


class TestEffective:
    def test_days_in_the_json_shape_with_holiday_time_off_and_on_call(
        self, team: Availbot, schedules: Path
    ) -> None:
        team.ok("schedules", "apply", str(schedules))
        team.ok("add", "bob@example.com", "2026-01-07", "--type", "Sick")
        days = team.ok(
            "effective", "bob@example.com", "--from", "2026-01-05", "--to", "2026-01-09",
            "--as", "carol@example.com", "--json",
        ).json  # fmt: skip
        assert [(d["day"], d["type"], d["free"]) for d in days] == [
            ("2026-01-05", "AVAILABILITY_PATTERN", False),
            ("2026-01-06", "CALENDAR", True),  # Epiphany in Madrid
            ("2026-01-07", "AVAILABILITY_PATTERN", False),
            ("2026-01-08", "AVAILABILITY_PATTERN", False),
            ("2026-01-09", "DAY_TYPE", False),
        ]
        monday, _, sick, _, friday = days
        assert set(monday) == {
            "day", "type", "personId", "free", "intervals", "unavailable", "onCall",
        }  # fmt: skip
        assert monday["personId"].startswith("mem_")
        assert monday["intervals"] == [
            {"from": "2026-01-05T08:00:00Z", "to": "2026-01-05T16:00:00Z"}
        ]
        assert monday["onCall"] == [
            {"rotation": "primary", "from": "2026-01-05T08:00:00Z", "to": "2026-01-05T23:00:00Z"}
        ]
        assert sick["intervals"] == []
        assert [(u["type"], u["kind"]) for u in sick["unavailable"]] == [
            ("Away", "hard_unavailable")
        ]
        assert friday["intervals"] == [
            {"from": "2026-01-09T07:00:00Z", "to": "2026-01-09T12:00:00Z"}
        ]
        text = team.ok("effective", "bob@example.com", "--from", "2026-01-06", "--to", "2026-01-07")
        assert "Tue 6 Jan  free (CALENDAR)  on call: primary 00:00–24:00" in text.out
        assert "Wed 7 Jan  AVAILABILITY_PATTERN  no hours left  −00:00–24:00 Sick" in text.out

    def test_a_time_in_the_repeated_hour_names_its_abbreviation(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        """Sun 25 Oct 2037 in Madrid: 02:30 happens at CEST and again at CET."""
        schedules = tmp_path / "schedules.toml"
        schedules.write_text(FALL_BACK)
        team.ok("schedules", "apply", str(schedules))
        team.ok("add", "bob@example.com", "2037-10-25T02:15+01:00 to 10:00")  # the 2nd 02:15
        text = team.ok("effective", "bob@example.com", "--from", "2037-10-25", "--to", "2037-10-26")
        assert (
            "Sun 25 Oct  AVAILABILITY_PATTERN  10:00–17:00  −02:15 CET–10:00 Time off"
            "  on call: primary 00:00–02:30 CEST"
        ) in text.out
        assert "Mon 26 Oct  AVAILABILITY_PATTERN  09:00–17:00  on call: primary 02:30–24:00" in (
            text.out
        )

    def test_refusals_name_the_limit_the_member_and_every_key_path(
        self, team: Availbot, schedules: Path, tmp_path: Path
    ) -> None:
        team.ok("schedules", "apply", str(schedules))
        shown = tmp_path / "shown.toml"
        shown.write_text(team.ok("schedules", "show").out)
        assert "Nothing changed" in team.ok("schedules", "apply", str(shown)).out
        long = team(
            "effective", "bob@example.com", "--from", "2026-01-01", "--to", "2026-02-01", "--json"
        )
        assert (long.status, long.json["error"]["code"]) == (1, "WindowTooLong")
        assert "31 days" in long.json["error"]["message"]
        unknown = team("effective", "nobody@example.com", "--json")
        assert (unknown.status, unknown.json["error"]["code"]) == (1, "UnknownMember")
        bad = tmp_path / "bad.toml"
        bad.write_text(FILE.replace('"MD"', '"ZZ"').replace('"Morning"\ndates', '"Evening"\ndates'))
        refused = team("schedules", "apply", str(bad), "--json")
        assert refused.status == 1
        for path in ("calendar[0].holidays.subdivision", "day_assignment[0].day_type"):
            assert path in refused.json["error"]["message"]
        after = team.ok("schedules", "show", "--json").json
        assert after["calendar"][0]["holidays"]["subdivision"] == "MD"


FALL_BACK = """
timezone = "Europe/Madrid"

[[availability_pattern]]
member = "bob@example.com"
rrule = "FREQ=DAILY"
intervals = ["09:00-17:00"]

[[rotation]]
name = "primary"
shift = "1d"
handoff = "02:30"
start = 2037-10-23
members = ["carol@example.com", "bob@example.com"]
"""
