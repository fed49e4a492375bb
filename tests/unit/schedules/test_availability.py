"""The schedules file's availability sections (docs/schedules.md): key paths, the whole truth."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.effective.model import LocalInterval
from core.errors import InvalidSchedule
from core.people.model import OPERATOR, Member
from core.schedules.file import apply_schedules, show_schedules
from core.schedules.member_availability import PATTERN_EPOCH
from core.schedules.sections import Changes
from core.workspaces import create_workspace
from tests.unit.conftest import WS
from tests.unit.fakes_rotations import FakeScheduleStore

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)

FILE = """
[[calendar]]
name = "Spain (Madrid)"
holidays = { country = "ES", subdivision = "MD" }
closed = ["2026-12-31"]
hours = { "2026-12-24" = ["09:00-13:00"] }
members = ["alice@example.com", "bob@example.com"]

[[day_type]]
name = "Morning"
intervals = ["08:00-13:00"]

[[day_type]]
name = "Off"
intervals = []

[[day_assignment]]
member = "bob@example.com"
day_type = "morning"
dates = [2026-05-02]

[[availability_pattern]]
member = "bob@example.com"
rrule = "FREQ=WEEKLY;BYDAY=SA,SU"
intervals = ["16:00-22:00"]

[[shift_pattern]]
member = "carol@example.com"
cycle = ["08:00-20:00", "08:00-20:00", "off", "off"]
start = 2026-05-01
"""


@pytest.fixture
def store() -> FakeScheduleStore:
    made = FakeScheduleStore()
    create_workspace(made, WS, now=NOW)
    return made


@pytest.fixture
def team(alice: Member, bob: Member, carol: Member) -> list[Member]:
    return [alice, bob, carol]


def apply(store: FakeScheduleStore, text: str) -> Changes:
    return apply_schedules(
        store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW
    )


def summary(changes: Changes) -> dict[str, list[str]]:
    return {
        verb: [f"{c.kind} {c.name}" for c in part]
        for verb, part in (
            ("added", changes.added),
            ("changed", changes.changed),
            ("removed", changes.removed),
        )
    }


def problems(store: FakeScheduleStore, text: str) -> list[str]:
    with pytest.raises(InvalidSchedule) as caught:
        apply(store, text)
    return [str(p) for p in caught.value.problems]


class TestApply:
    def test_stores_every_section_and_sums_it_up_by_name_and_member(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        changes = apply(store, FILE)
        assert summary(changes)["added"] == [
            "calendar Spain (Madrid)",
            "day_type Morning",
            "day_type Off",
            "day_assignment bob@example.com",
            "availability_pattern bob@example.com",
            "shift_pattern carol@example.com",
        ]
        stored = store.availability.definitions(WS)
        assert stored.calendars[0].members == (team[0].id, team[1].id)
        assert stored.calendars[0].hours == {
            date(2026, 12, 24): (LocalInterval.parse("09:00-13:00"),)
        }
        assert stored.assignments[0].day_type == "Morning"  # the day type's own spelling
        assert stored.patterns[0].start == PATTERN_EPOCH
        assert stored.shifts[0].cycle[2] is None

    def test_applying_the_same_file_again_changes_nothing(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, FILE)
        assert apply(store, FILE) == Changes()

    def test_show_says_each_section_in_the_files_words(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, FILE)
        shown = show_schedules(store, WS)
        assert shown["calendar"][0]["holidays"] == {"country": "ES", "subdivision": "MD"}
        assert shown["shift_pattern"][0]["cycle"] == ["08:00-20:00", "08:00-20:00", "off", "off"]
        assert "start" not in shown["availability_pattern"][0]
        assert shown["day_assignment"][0] == {
            "member": "bob@example.com",
            "day_type": "Morning",
            "dates": [date(2026, 5, 2)],
        }

    def test_the_file_is_the_whole_truth(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, FILE)
        smaller = FILE.split("[[availability_pattern]]")[0].replace('"Off"', '"Day off"')
        changes = summary(apply(store, smaller))
        assert changes["added"] == ["day_type Day off"]
        assert changes["removed"] == [
            "day_type Off",
            "availability_pattern bob@example.com",
            "shift_pattern carol@example.com",
        ]
        assert store.availability.definitions(WS).patterns == ()

    def test_a_changed_entry_is_reported_as_changed(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, FILE)
        changed = FILE.replace('["16:00-22:00"]', '["17:00-22:00"]')
        assert summary(apply(store, changed))["changed"] == ["availability_pattern bob@example.com"]


class TestProblems:
    def test_every_problem_is_reported_at_its_key_path_and_nothing_changes(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, FILE)
        bad = (
            FILE.replace('country = "ES"', 'country = "XX"')
            .replace('"2026-12-31"', '"2026-12-32"')
            .replace('"morning"', '"Evening"')
            .replace("FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=WEEKLY;BYDAY=XX")
            .replace('"off", "off"', '"off", "25:00-26:00"')
            + '\n[[day_type]]\nname = "MORNING"\nintervals = ["8-13"]\n'
        )
        found = problems(store, bad)
        paths = [p.split(":")[0] for p in found]
        assert paths == [
            "calendar[0].holidays.country",
            "calendar[0].closed[0]",
            "day_type[2].name",
            "day_type[2].intervals[0]",
            "day_assignment[0].day_type",
            "availability_pattern[0].rrule",
            "shift_pattern[0].cycle[3]",
        ]
        assert "no day type named 'Evening'; defined: Morning, Off" in found[4]
        assert store.availability.definitions(WS).calendars[0].country == "ES"

    def test_an_unknown_subdivision_names_the_known_ones(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        found = problems(store, FILE.replace('subdivision = "MD"', 'subdivision = "ZZ"'))
        assert found[0].startswith("calendar[0].holidays.subdivision: ")
        assert "MD" in found[0]

    @pytest.mark.parametrize(
        ("rule", "why"),
        [
            ("DTSTART:20260101T000000\\nRRULE:FREQ=DAILY", "not DTSTART"),
            ("BYDAY=MO", "FREQ is missing"),
            ("FREQ=HOURLY", "FREQ must be one of"),
            ("FREQ=DAILY;BYHOUR=9", "leave BYHOUR"),
            ("FREQ=WEEKLY;UNTIL=20261231T000000Z", "without Z"),
            ("FREQ=WEEKLY;FOO=1", "not an RFC 5545 RRULE"),
        ],
    )
    def test_rules_that_cannot_name_days_are_refused(
        self, store: FakeScheduleStore, team: list[Member], rule: str, why: str
    ) -> None:
        found = problems(store, FILE.replace("FREQ=WEEKLY;BYDAY=SA,SU", rule))
        assert found[0].startswith("availability_pattern[0].rrule: ")
        assert why in found[0]

    def test_missing_keys_unknown_keys_and_unknown_members_are_all_reported(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        text = (
            '[[shift_pattern]]\nmember = "nobody@example.com"\ncycle = []\ncolour = "red"\n'
            '[[day_assignment]]\nday_type = "X"\ndates = []\n'
        )
        assert sorted(problems(store, text)) == [
            "day_assignment[0].dates: expected at least one date",
            "day_assignment[0].day_type: no day type named 'X'; add a [[day_type]]",
            "day_assignment[0].member: missing; it is required (a member's email)",
            "shift_pattern[0].colour: unknown key; known keys: member, cycle, start",
            "shift_pattern[0].cycle: expected at least one day",
            "shift_pattern[0].member: no member with email 'nobody@example.com'",
            "shift_pattern[0].start: missing; it is required (the cycle's first day)",
        ]
