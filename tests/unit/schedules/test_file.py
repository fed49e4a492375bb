"""The schedules file (docs/schedules.md), rotations: idempotent, transactional, the whole truth."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.errors import InvalidSchedule, NotPermitted, UnreadableSchedule
from core.people.model import OPERATOR, Actor, Member
from core.rotations.model import Override
from core.schedules.file import apply_schedules, show_schedules
from core.schedules.sections import Changes
from core.workspaces import create_workspace
from tests.unit.conftest import WS
from tests.unit.fakes_rotations import FakeScheduleStore

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)  # a Wednesday

PRIMARY = """
timezone = "Europe/Madrid"

[[rotation]]
name = "primary"
timezone = "Europe/Berlin"
shift = "1w"
handoff = "mon 09:00"
start = 2026-01-05
members = ["alice@example.com", "bob@example.com", "carol@example.com"]
"""

SECONDARY = """
[[rotation]]
name = "secondary"
shift = "1d"
handoff = "09:00"
start = "2026-03-01"
members = ["BOB@example.com"]
"""


@pytest.fixture
def store() -> FakeScheduleStore:
    made = FakeScheduleStore()
    create_workspace(made, WS, now=NOW)
    return made


@pytest.fixture
def team(alice: Member, bob: Member, carol: Member) -> list[Member]:
    return [alice, bob, carol]


def apply(
    store: FakeScheduleStore, text: str, now: datetime = NOW, actor: Actor = OPERATOR
) -> Changes:
    return apply_schedules(store, actor, workspace_id=WS, text=text, fallback_zone="UTC", now=now)


def names(changes: Changes) -> tuple[list[str], ...]:
    """The rotations added, changed and removed."""
    return tuple(
        [c.name for c in part if c.kind == "rotation"]
        for part in (changes.added, changes.changed, changes.removed)
    )


def workspace_zone(store: FakeScheduleStore) -> str | None:
    workspace = store.workspaces.get(WS)
    assert workspace is not None
    return workspace.timezone


class TestApply:
    def test_adds_the_files_rotations_and_sets_the_workspace_zone(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        changes = apply(store, PRIMARY + SECONDARY)
        assert names(changes) == (["primary", "secondary"], [], [])
        stored = {r.name: r for r in store.rotations.all(WS)}
        assert stored["primary"].definition.member_ids == tuple(m.id for m in team)
        assert stored["primary"].id.startswith("rot_")
        assert stored["secondary"].timezone == "Europe/Madrid"  # the file's default zone
        assert workspace_zone(store) == "Europe/Madrid"

    def test_applying_the_same_file_again_changes_nothing(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, PRIMARY)
        before = store.rotations.all(WS)
        assert apply(store, PRIMARY, NOW + timedelta(days=3)) == Changes()
        assert store.rotations.all(WS) == before

    def test_a_changed_rotation_gets_a_version_ruling_from_the_next_handoff(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, PRIMARY, datetime(2026, 1, 1, tzinfo=UTC))
        changed = PRIMARY.replace('"alice@example.com", ', "")
        changes = apply(store, changed)
        assert names(changes) == ([], ["primary"], [])
        assert changes.changed[0].effective_from == datetime(2026, 3, 9, 8, tzinfo=UTC)
        primary = store.rotations.by_name(WS, "primary")
        assert primary is not None
        versions = primary.versions
        assert [len(v.definition.member_ids) for v in versions] == [3, 2]

    def test_a_rotation_missing_from_the_file_is_removed_with_its_overrides(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, PRIMARY + SECONDARY)
        secondary = store.rotations.by_name(WS, "secondary")
        assert secondary is not None
        store.overrides.add(
            Override(
                "ovr_1", WS, secondary.id, team[0].id, NOW, NOW + timedelta(hours=1), None, NOW
            )
        )
        changes = apply(store, PRIMARY)
        assert names(changes) == ([], [], ["secondary"])
        assert [r.name for r in store.rotations.all(WS)] == ["primary"]
        assert store.overrides.rows == {}

    def test_only_admins_apply(self, store: FakeScheduleStore, team: list[Member]) -> None:
        with pytest.raises(NotPermitted):
            apply(store, PRIMARY, actor=Actor(team[1]))
        assert store.rotations.all(WS) == []

    def test_show_gives_back_what_the_file_said(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, PRIMARY)
        shown = show_schedules(store, WS)
        assert shown["timezone"] == "Europe/Madrid"
        assert shown["rotation"] == [
            {
                "name": "primary",
                "timezone": "Europe/Berlin",
                "shift": "1w",
                "handoff": "mon 09:00",
                "start": date(2026, 1, 5),
                "members": ["alice@example.com", "bob@example.com", "carol@example.com"],
            }
        ]


BAD = """
timezone = "Mars/Base"
colour = "red"

[[rotation]]
name = "primary"
shift = "1 fortnight"
handoff = "mon 09:00"
start = 2026-01-05
members = ["alice@example.com"]

[[rotation]]
name = "PRIMARY"
shift = "1d"
handoff = "mon 09:00"
start = "soon"
members = ["bob@example.com", "nobody@example.com", 7]
pager = true
"""


class TestInvalidFiles:
    def test_every_problem_is_listed_with_its_key_path_and_nothing_changes(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        apply(store, SECONDARY)
        before = store.rotations.all(WS)
        with pytest.raises(InvalidSchedule) as caught:
            apply(store, BAD)
        paths = [p.path for p in caught.value.problems]
        assert paths == [
            "timezone",
            "rotation[1].pager",
            "rotation[0].shift",
            "rotation[1].handoff",
            "rotation[1].start",
            "rotation[1].members[1]",
            "rotation[1].members[2]",
            "rotation[1].name",
            "colour",
        ]
        assert "no member with email 'nobody@example.com'" in caught.value.message
        assert store.rotations.all(WS) == before
        assert workspace_zone(store) is None

    def test_malformed_toml_is_refused_with_line_and_column(
        self, store: FakeScheduleStore, team: list[Member]
    ) -> None:
        with pytest.raises(UnreadableSchedule, match="line 3, column") as caught:
            apply(store, '[[rotation]]\nname = "x"\nshift = \n')
        assert caught.value.line == 3

    def test_a_rotation_that_is_not_an_array_of_tables_is_refused(
        self, store: FakeScheduleStore
    ) -> None:
        with pytest.raises(InvalidSchedule, match=r"rotation: expected an array of tables"):
            apply(store, 'rotation = "primary"\n')

    def test_missing_fields_are_each_named(self, store: FakeScheduleStore) -> None:
        with pytest.raises(InvalidSchedule) as caught:
            apply(store, "[[rotation]]\n")
        paths = [p.path for p in caught.value.problems]
        assert paths == [
            f"rotation[0].{k}" for k in ("name", "shift", "handoff", "start", "members")
        ]
