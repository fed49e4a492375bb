"""Rotations, versions and overrides in storage, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from core.errors import Conflict, InvalidSchedule
from core.model import new_id
from core.people.model import OPERATOR, Member
from core.rotations.model import Override, Rotation, RotationVersion
from core.rotations.overrides import cover
from core.rotations.queries import coverage_report, rotation_window
from core.schedules.file import apply_schedules
from core.time.spans import Span
from storage.repositories import SqlStore
from tests.unit.fakes_rotations import definition, rotation

from .factories import NOW, OTHER_WS, WS, member, record, utype, workspace


@pytest.fixture
def people(store: SqlStore) -> list[Member]:
    workspace(store)
    return [member(store, f"{n}@example.com", name=n.title()) for n in ("ann", "ben", "cat")]


def primary(people: list[Member], name: str = "primary") -> Rotation:
    defined = definition(
        [p.id for p in people], shift="1d", handoff="09:00", start=date(2026, 3, 2)
    )
    return rotation(None, defined, name=name, created=NOW)


def override(rot: Rotation, who: Member, start: datetime, hours: int = 4) -> Override:
    end = start + timedelta(hours=hours)
    return Override(new_id("ovr"), WS, rot.id, who.id, start, end, None, NOW)


class TestRotationRoundTrip:
    def test_a_rotation_reads_back_with_its_versions(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        rot = primary(people)
        later = RotationVersion(NOW + timedelta(days=2), definition([people[0].id]), NOW)
        rot = replace(rot, versions=(*rot.versions, later))
        store.rotations.add(rot)
        assert store.rotations.get(WS, rot.id) == rot
        assert store.rotations.by_name(WS, "PRIMARY") == rot

    def test_names_are_unique_per_workspace_ignoring_case(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        store.rotations.add(primary(people))
        with pytest.raises(Conflict, match="Primary"):
            store.rotations.add(primary(people, "Primary"))
        workspace(store, OTHER_WS)
        store.rotations.add(replace(primary(people), workspace_id=OTHER_WS))
        assert [r.name for r in store.rotations.all(WS)] == ["primary"]

    def test_update_renames_and_replaces_the_versions(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        rot = primary(people)
        store.rotations.add(rot)
        version = RotationVersion(
            NOW, definition([people[2].id], shift="12h", handoff="21:30"), NOW
        )
        changed = replace(rot, name="Primary", versions=(version,))
        store.rotations.update(changed)
        assert store.rotations.all(WS) == [changed]

    def test_remove_takes_the_versions_and_overrides_with_it(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        rot, other = primary(people), primary(people, "secondary")
        store.rotations.add(rot)
        store.rotations.add(other)
        store.overrides.add(override(rot, people[0], NOW))
        kept = override(other, people[0], NOW)
        store.overrides.add(kept)
        store.rotations.remove(WS, rot.id)
        assert store.rotations.all(WS) == [other]
        assert store.overrides.in_window(WS, None, None) == [kept]


class TestOverrides:
    def test_window_queries_find_overlapping_overrides_by_start(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        rot = primary(people)
        store.rotations.add(rot)
        late, early = (
            override(rot, people[1], NOW + timedelta(hours=4)),
            override(rot, people[0], NOW),
        )
        store.overrides.add(late)
        store.overrides.add(early)
        assert store.overrides.in_window(WS, NOW, NOW + timedelta(hours=5), rot.id) == [early, late]
        assert store.overrides.in_window(WS, NOW + timedelta(hours=4), None) == [late]
        assert store.overrides.in_window(WS, None, NOW) == []
        assert store.overrides.get(WS, early.id) == early
        store.overrides.remove(WS, early.id)
        assert store.overrides.get(WS, early.id) is None

    def test_an_override_for_an_unknown_member_is_refused(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        rot = primary(people)
        store.rotations.add(rot)
        ghost = replace(people[0], id="mem_ghost")
        with pytest.raises(Conflict):
            store.overrides.add(override(rot, ghost, NOW))


FILE = """
timezone = "Europe/Berlin"
[[rotation]]
name = "primary"
shift = "1d"
handoff = "09:00"
start = 2026-03-02
members = ["ann@example.com", "ben@example.com", "cat@example.com"]
"""


class TestThroughTheStore:
    def test_apply_then_cover_then_report_a_gap_with_suggestions(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        ann, ben, cat = people
        apply_schedules(store, OPERATOR, workspace_id=WS, text=FILE, fallback_zone="UTC", now=NOW)
        off = record(store, ben, utype(store), datetime(2026, 3, 3, 9, tzinfo=UTC))
        rot = store.rotations.by_name(WS, "primary")
        assert rot is not None
        window = rotation_window(rot, date(2026, 3, 3), date(2026, 3, 4), now=NOW)
        gap = coverage_report(store, WS, {rot.id: window})[0].gaps[0]
        assert [v.record.id for v in gap.unavailable] == [off.id]
        assert [m.id for m in gap.suggestions] == [cat.id, ann.id]
        span = Span(gap.start, gap.end)
        cover(
            store,
            OPERATOR,
            workspace_id=WS,
            rotation_name="primary",
            span=span,
            member=cat,
            now=NOW,
        )
        assert coverage_report(store, WS, {rot.id: window})[0].gaps == ()

    def test_an_invalid_file_changes_nothing(self, store: SqlStore, people: list[Member]) -> None:
        apply_schedules(store, OPERATOR, workspace_id=WS, text=FILE, fallback_zone="UTC", now=NOW)
        before = store.rotations.all(WS)
        broken = FILE.replace("cat@", "nobody@").replace('"Europe/Berlin"', '"Asia/Tokyo"')
        with pytest.raises(InvalidSchedule, match=r"rotation\[0\]\.members\[2\]"):
            apply_schedules(
                store, OPERATOR, workspace_id=WS, text=broken, fallback_zone="UTC", now=NOW
            )
        assert store.rotations.all(WS) == before
        workspace = store.workspaces.get(WS)
        assert workspace is not None and workspace.timezone == "Europe/Berlin"
