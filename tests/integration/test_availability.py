"""Calendars, day types, assignments and patterns in storage, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from core.effective.model import (
    AvailabilityPattern,
    Calendar,
    DayAssignment,
    DayType,
    LocalInterval,
    ShiftPattern,
)
from core.effective.queries import effective_availability
from core.model import OPERATOR, Member
from core.schedules.file import apply_schedules, show_schedules
from core.schedules.sections import Changes
from storage.repositories import SqlStore

from .factories import NOW, OTHER_WS, WS, member, workspace

FILE = """
[[calendar]]
name = "Spain (Madrid)"
holidays = { country = "ES", subdivision = "MD" }
closed = [2026-12-31]
hours = { "2026-12-24" = ["09:00-13:00"] }
members = ["ann@example.com"]

[[day_type]]
name = "Morning"
intervals = ["08:00-13:00"]

[[day_assignment]]
member = "ann@example.com"
day_type = "Morning"
dates = [2026-05-02]

[[availability_pattern]]
member = "ann@example.com"
rrule = "FREQ=WEEKLY;BYDAY=SA,SU"
intervals = ["16:00-22:00"]
start = 2026-01-01

[[shift_pattern]]
member = "ben@example.com"
cycle = ["08:00-20:00", "off", ["08:00-12:00", "14:00-18:00"]]
start = 2026-05-01
"""


@pytest.fixture
def people(store: SqlStore) -> list[Member]:
    workspace(store)
    return [member(store, f"{n}@example.com", name=n.title()) for n in ("ann", "ben")]


def hours(*texts: str) -> tuple[LocalInterval, ...]:
    return tuple(LocalInterval.parse(t) for t in texts)


def apply(store: SqlStore, text: str) -> Changes:
    return apply_schedules(
        store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW
    )


class TestRepository:
    def test_each_section_reads_back_in_order_and_per_workspace(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        ann, ben = (p.id for p in people)
        repo = store.availability
        calendar = Calendar(
            "Madrid", (ann,), "ES", "MD", (date(2026, 12, 31),), {date(2026, 12, 24): ()}
        )
        repo.replace_calendars(WS, [calendar])
        repo.replace_day_types(WS, [DayType("Off", ()), DayType("Morning", hours("08:00-13:00"))])
        repo.replace_assignments(WS, [DayAssignment(ben, "Off", (date(2026, 5, 2),))])
        pattern = AvailabilityPattern(ann, "FREQ=DAILY", hours("22:00-02:00"), date(2026, 1, 1))
        repo.replace_patterns(WS, [pattern])
        shift = ShiftPattern(ben, (hours("08:00-20:00"), None), date(2026, 5, 1))
        repo.replace_shifts(WS, [shift])
        stored = repo.definitions(WS)
        assert stored.calendars == (calendar,)
        assert list(stored.day_types) == ["Off", "Morning"]
        assert stored.patterns == (pattern,)
        assert stored.shifts == (shift,)
        workspace(store, OTHER_WS)
        assert repo.definitions(OTHER_WS).calendars == ()

    def test_definitions_of_some_members_leave_out_the_others(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        apply(store, FILE)
        ben = people[1]
        only_ben = store.availability.definitions(WS, [ben.id])
        assert (only_ben.calendars, only_ben.patterns, only_ben.assignments) == ((), (), ())
        assert only_ben.shifts[0].member_id == ben.id
        assert list(only_ben.day_types) == ["Morning"]


class TestApply:
    def test_show_gives_back_what_was_applied_and_reapplying_changes_nothing(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        assert len(apply(store, FILE).added) == 5
        shown = show_schedules(store, WS)
        assert shown["calendar"][0]["hours"] == {"2026-12-24": ["09:00-13:00"]}
        assert shown["shift_pattern"][0]["cycle"] == [
            "08:00-20:00",
            "off",
            ["08:00-12:00", "14:00-18:00"],
        ]
        assert apply(store, FILE) == Changes()

    def test_entries_left_out_of_the_file_are_removed(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        apply(store, FILE)
        changes = apply(store, FILE.split("[[day_assignment]]")[0])
        assert [f"{c.kind} {c.name}" for c in changes.removed] == [
            "day_assignment ann@example.com",
            "availability_pattern ann@example.com",
            "shift_pattern ben@example.com",
        ]
        stored = store.availability.definitions(WS)
        assert (stored.assignments, stored.patterns, stored.shifts) == ((), (), ())

    def test_a_failure_inside_the_apply_rolls_every_section_back(
        self, store: SqlStore, people: list[Member], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken(*_: object) -> None:
            raise RuntimeError("the disk is full")

        monkeypatch.setattr(store.availability, "replace_shifts", broken)
        with pytest.raises(RuntimeError):
            apply(store, FILE)
        stored = store.availability.definitions(WS)
        assert (stored.calendars, stored.day_types, stored.patterns) == ((), {}, ())

    def test_effective_days_come_from_the_stored_file(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        apply(store, FILE)
        found = effective_availability(
            store, OPERATOR, workspace_id=WS, member="ann@example.com",
            first=date(2026, 5, 1), last=date(2026, 5, 3),
        )  # fmt: skip
        assert [(d.day.day, d.source.value) for d in found] == [
            (1, "CALENDAR"),  # Labour Day
            (2, "DAY_TYPE"),
            (3, "AVAILABILITY_PATTERN"),
        ]
