"""The effective availability use cases: the store's definitions, records and on-call duty."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.effective.days import EffectiveDay
from core.effective.model import Source
from core.effective.queries import effective_availability, team_availability
from core.errors import UnknownMember, WindowTooLong
from core.people.model import OPERATOR, Actor, Member
from core.records.unavailability import add_unavailability
from core.schedules.file import apply_schedules
from core.time.spans import day_span, zone
from core.workspaces import create_workspace
from tests.unit.conftest import WS
from tests.unit.fakes_rotations import FakeScheduleStore

NOW = datetime(2026, 1, 1, tzinfo=UTC)
FILE = """
timezone = "Europe/Madrid"

[[calendar]]
name = "Spain (Madrid)"
holidays = { country = "ES", subdivision = "MD" }
members = ["bob@example.com"]

[[availability_pattern]]
member = "bob@example.com"
rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
intervals = ["09:00-17:00"]

[[rotation]]
name = "primary"
shift = "1d"
handoff = "09:00"
start = 2026-01-05
members = ["bob@example.com", "carol@example.com"]
"""


@pytest.fixture
def store(alice: Member, bob: Member, carol: Member) -> FakeScheduleStore:
    made = FakeScheduleStore()
    create_workspace(made, WS, now=NOW)
    for member in (alice, bob, carol):
        made.members.add(member)
    apply_schedules(made, OPERATOR, workspace_id=WS, text=FILE, fallback_zone="UTC", now=NOW)
    return made


def days(
    store: FakeScheduleStore, first: date, last: date, viewer: Actor = OPERATOR
) -> list[EffectiveDay]:
    return effective_availability(
        store, viewer, workspace_id=WS, member="BOB@example.com", first=first, last=last
    )


class TestEffectiveAvailability:
    def test_a_public_holiday_is_a_free_calendar_day(self, store: FakeScheduleStore) -> None:
        found = days(store, date(2026, 1, 5), date(2026, 1, 7))
        assert [(d.day.day, d.source, d.free) for d in found] == [
            (5, Source.AVAILABILITY_PATTERN, False),
            (6, Source.CALENDAR, True),  # Epiphany, a holiday in Madrid
            (7, Source.AVAILABILITY_PATTERN, False),
        ]

    def test_on_call_duty_is_listed_by_rotation_name(self, store: FakeScheduleStore) -> None:
        monday = days(store, date(2026, 1, 5), date(2026, 1, 5))[0]
        assert [(d.rotation, d.start.hour, d.end.hour) for d in monday.on_call] == [
            ("primary", 8, 23)  # 09:00 to midnight in Madrid
        ]

    def test_private_time_off_reads_away_to_other_members(
        self, store: FakeScheduleStore, bob: Member, carol: Member
    ) -> None:
        span = day_span(date(2026, 1, 7), date(2026, 1, 7), zone("Europe/Madrid"))
        add_unavailability(
            store, OPERATOR, workspace_id=WS, member_id=bob.id, span=span,
            type_name="Sick", source="cli", now=NOW,
        )  # fmt: skip
        seen_by_carol = days(store, date(2026, 1, 7), date(2026, 1, 7), Actor(carol))[0]
        assert seen_by_carol.intervals == ()
        assert [r.type for r in seen_by_carol.unavailable] == ["Away"]
        seen_by_bob = days(store, date(2026, 1, 7), date(2026, 1, 7), Actor(bob))[0]
        assert [r.type for r in seen_by_bob.unavailable] == ["Sick"]

    def test_unknown_member_and_long_windows_are_refused(self, store: FakeScheduleStore) -> None:
        with pytest.raises(UnknownMember, match=r"nobody@example\.com"):
            effective_availability(
                store, OPERATOR, workspace_id=WS, member="nobody@example.com",
                first=date(2026, 1, 1), last=date(2026, 1, 2),
            )  # fmt: skip
        with pytest.raises(WindowTooLong, match="32 days"):
            days(store, date(2026, 1, 1), date(2026, 2, 1))

    def test_the_team_view_gives_each_member_their_own_days(
        self, store: FakeScheduleStore, alice: Member, bob: Member
    ) -> None:
        team = team_availability(
            store, OPERATOR, workspace_id=WS, first=date(2026, 1, 5), last=date(2026, 1, 9)
        )
        assert team[alice.id] == []
        assert team[bob.id] == days(store, date(2026, 1, 5), date(2026, 1, 9))
