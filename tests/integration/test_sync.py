"""Authoritative syncs (docs/imports.md#syncs) against the real store, SQLite and PostgreSQL:
plans stored as planned, re-checked at commit time, applied exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import pytest

from core.errors import ImportCollides
from core.imports.commit import commit_import
from core.imports.model import ImportStatus, PlannedRow
from core.imports.preview import ImportPlan, SyncRequest, preview_import
from core.imports.sync import SyncPlan, SyncWindow, commit_sync, plan_sync
from core.model import new_id
from core.people.model import OPERATOR, Member
from core.records.model import Unavailability, UnavailabilityType
from core.workspaces import create_workspace
from storage.repositories import SqlStore, open_store
from tests.integration.racing import race

from .factories import NOW, WS, at, member, record

SOURCE = "sync:BambooHR"
EVERYTHING = (at(1) - timedelta(days=400), at(1) + timedelta(days=800))
PROCESSES = 3


class Team:
    def __init__(self, store: SqlStore) -> None:
        create_workspace(store, WS, now=NOW)
        self.store = store
        self.neva = member(store, "neva@example.com")
        self.otto = member(store, "otto@example.com", name="Otto Mann")
        self.ida = member(store, "ida@example.com", name="Ida Lo")
        kind = store.types.by_name(WS, "Time off")
        sick = store.types.by_name(WS, "Sick")
        assert kind is not None and sick is not None
        self.time_off: UnavailabilityType = kind
        self.sick: UnavailabilityType = sick
        self.line = 1

    def row(
        self,
        who: Member,
        start: datetime,
        end: datetime,
        name: str | None = None,
        *,
        sick: bool = False,
    ) -> PlannedRow:
        self.line += 1
        kind = self.sick if sick else self.time_off
        return PlannedRow(self.line, new_id("avail"), who.id, kind.id, start, end, False, name)

    def stored(self) -> dict[str, Unavailability]:
        return {r.id: r for r in self.store.unavailability.in_window(WS, *EVERYTHING)}

    def sync(self, rows: list[PlannedRow], window: SyncWindow | None = None) -> SyncPlan:
        return commit_sync(self.store, WS, SOURCE, rows, window or SyncWindow(), NOW)


@pytest.fixture
def team(store: SqlStore) -> Team:
    return Team(store)


def expected_after(before: dict[str, Unavailability], plan: SyncPlan) -> dict[str, Unavailability]:
    """The records a plan leaves, computed from the plan alone."""
    after = dict(before)
    for gone in plan.removed:
        del after[gone.id]
    for change in plan.changed:
        assert change.before.id == change.after.id
        after[change.after.id] = change.after
    for made in plan.created:
        after[made.id] = made
    for sup in plan.superseded:
        del after[sup.record.id]
        for kept in sup.kept:
            after[kept.id] = kept
    return after


class TestOutcomesStoredAsPlanned:
    def test_every_outcome_is_written_as_the_preview_planned_it(self, team: Team) -> None:
        first = team.sync(
            [
                team.row(team.neva, at(10), at(13), "Vacation"),
                team.row(team.otto, at(10), at(12), "Vacation"),
                team.row(team.ida, at(20), at(21), "Day off"),
            ]
        )
        assert len(first.created) == 3
        by_hand = record(team.store, team.otto, team.time_off, at(15), at(20), name="Trip")
        ids = {r.member_id: r.id for r in first.created}

        night_2 = [
            team.row(team.neva, at(10), at(12), "Vacation"),  # shortened
            team.row(team.ida, at(20), at(21), "Day off"),  # as before
            team.row(team.otto, at(17), at(18), "Sick", sick=True),  # inside Otto's trip
            team.row(team.neva, at(25), at(26), "New"),  # created
        ]  # Otto's vacation is gone from the export
        before = team.stored()
        plan = plan_sync(team.store, WS, SOURCE, night_2, SyncWindow(), NOW)
        assert team.stored() == before  # a plan writes nothing
        assert [c.before.id for c in plan.changed] == [ids[team.neva.id]]
        assert [r.id for r in plan.removed] == [ids[team.otto.id]]
        assert [r.id for r in plan.unchanged] == [ids[team.ida.id]]
        assert {(r.start, r.end) for r in plan.created} == {(at(17), at(18)), (at(25), at(26))}
        (sup,) = plan.superseded
        assert sup.record.id == by_hand.id
        assert [(k.start, k.end) for k in sup.kept] == [(at(15), at(17)), (at(18), at(20))]
        assert sup.kept[0].id == by_hand.id

        done = team.sync(night_2)
        assert (len(done.created), len(done.changed), len(done.removed)) == (2, 1, 1)
        # the commit plans again (new ids for the trimmed piece and the created rows are
        # the rows' own): what it stores is its plan, and that plan is the preview's
        assert team.stored() == expected_after(before, done)
        assert {r.id for r in done.created} == {r.id for r in plan.created}
        assert [c.after for c in done.changed] == [c.after for c in plan.changed]
        after = team.stored()
        assert after[ids[team.neva.id]].end == at(12)  # changed in place, same id
        assert after[by_hand.id].source == "cli"  # a trimmed hand record stays by hand

    def test_records_ending_before_the_window_are_never_touched(self, team: Team) -> None:
        old = team.sync([team.row(team.neva, at(2), at(3))]).created[0]
        window = SyncWindow(at(5), None)
        plan = team.sync([team.row(team.neva, at(10), at(11))], window)
        assert plan.removed == [] and team.stored()[old.id] == old

    def test_an_empty_export_with_a_window_removes_the_source_inside_it(self, team: Team) -> None:
        inside = team.sync([team.row(team.neva, at(10), at(11))]).created[0]
        plan = team.sync([], SyncWindow(at(5), at(20)))
        assert [r.id for r in plan.removed] == [inside.id]
        assert team.stored() == {}


class TestTheSameExportTwice:
    def test_changes_nothing_the_second_time(self, team: Team) -> None:
        export = [
            team.row(team.neva, at(10), at(12), "Vacation"),
            team.row(team.otto, at(11), at(12), "Sick", sick=True),
        ]
        record(team.store, team.neva, team.time_off, at(11), at(14), name="Trip")
        team.sync(export)
        once = team.stored()
        again = [team.row(team.neva, r.start, r.end, r.name) for r in export[:1]]
        again.append(team.row(team.otto, at(11), at(12), "Sick", sick=True))
        second = team.sync(again)
        assert not second.touches
        assert len(second.unchanged) == 2
        assert team.stored() == once


class TestCommitRechecks:
    def test_a_record_added_by_hand_after_the_preview_is_superseded(self, team: Team) -> None:
        rows = [team.row(team.neva, at(10), at(12))]
        preview = plan_sync(team.store, WS, SOURCE, rows, SyncWindow(), NOW)
        assert preview.superseded == []
        late = record(team.store, team.neva, team.time_off, at(11), at(13), name="Late")
        done = team.sync(rows)
        assert [s.record.id for s in done.superseded] == [late.id]
        kept = team.stored()[late.id]
        assert (kept.start, kept.end) == (at(12), at(13))

    def test_another_source_added_after_the_preview_refuses_and_saves_nothing(
        self, team: Team
    ) -> None:
        rows = [team.row(team.neva, at(10), at(12)), team.row(team.otto, at(10), at(12))]
        assert plan_sync(team.store, WS, SOURCE, rows, SyncWindow(), NOW).ok
        commit_sync(team.store, WS, "feed:Personio", [team.row(team.neva, at(11), at(12))],
                    SyncWindow(), NOW)  # fmt: skip
        before = team.stored()
        with pytest.raises(ImportCollides) as refused:
            team.sync(rows)
        assert "feed:Personio" in refused.value.message
        assert team.stored() == before


CSV_1 = (
    "email,start,end,type,name\n"
    "neva@example.com,2026-03-10T00:00Z,2026-03-12T00:00Z,Time off,Vacation\n"
    "otto@example.com,2026-03-10T00:00Z,2026-03-11T00:00Z,Sick,\n"
)
CSV_2 = (
    "email,start,end,type,name\n"
    "neva@example.com,2026-03-10T00:00Z,2026-03-11T00:00Z,Time off,Vacation\n"
)


def preview_sync(store: SqlStore, text: str) -> ImportPlan:
    return preview_import(
        store,
        OPERATOR,
        workspace_id=WS,
        data=text.encode(),
        file_name="bamboo.csv",
        default_zone="UTC",
        now=NOW,
        sync=SyncRequest(SOURCE),
    )


class TestCsvImportWithSource:
    def test_preview_commit_and_reimport_through_the_store(self, team: Team) -> None:
        first = preview_sync(team.store, CSV_1)
        assert first.record.status is ImportStatus.PREVIEWED
        assert first.record.sync is not None and first.record.sync.created == 2
        assert team.stored() == {}
        saved = commit_import(team.store, OPERATOR, workspace_id=WS, import_id=first.record.id,
                              now=NOW)  # fmt: skip
        assert saved.created == 2 and not saved.already_saved
        stored = team.stored()
        assert {r.source for r in stored.values()} == {SOURCE}
        neva_id = next(r.id for r in stored.values() if r.member_id == team.neva.id)

        second = preview_sync(team.store, CSV_2)
        assert second.record.sync is not None
        summary = second.record.sync
        assert (summary.changed, summary.removed, summary.created) == (1, 1, 0)
        commit_import(team.store, OPERATOR, workspace_id=WS, import_id=second.record.id, now=NOW)
        (left,) = team.stored().values()
        assert left.id == neva_id and left.end == at(11)
        stored_import = team.store.imports.get(WS, second.record.id)
        assert stored_import is not None and stored_import.status is ImportStatus.COMMITTED

        again = commit_import(team.store, OPERATOR, workspace_id=WS, import_id=second.record.id,
                              now=NOW)  # fmt: skip
        assert again.already_saved and again.created == 0
        third = preview_sync(team.store, CSV_2)
        assert third.record.sync is not None and third.record.sync.unchanged == 1
        assert third.record.to_create == 0


def _commit_once(url: str, import_id: str, barrier: Barrier, results: Queue[str]) -> None:
    with open_store(url, migrate=False) as store:
        barrier.wait(timeout=30)
        try:
            outcome = commit_import(store, OPERATOR, workspace_id=WS, import_id=import_id, now=NOW)
            results.put("already" if outcome.already_saved else f"saved {outcome.created}")
        except Exception as exc:
            results.put(f"error: {exc!r}")


@pytest.mark.slow
class TestExactlyOnce:
    def test_processes_committing_one_sync_import_apply_it_once(
        self, team: Team, database_url: str
    ) -> None:
        record(team.store, team.neva, team.time_off, at(11), at(13), name="By hand")
        plan = preview_sync(team.store, CSV_1)
        seen, exits = race(_commit_once, lambda _: (database_url, plan.record.id), PROCESSES)
        assert exits == [0] * PROCESSES
        assert sorted(seen) == ["already"] * (PROCESSES - 1) + ["saved 2"], seen
        stored = sorted(team.stored().values(), key=lambda r: (r.member_id, r.start))
        assert len([r for r in stored if r.source == SOURCE]) == 2
        (hand,) = [r for r in stored if r.source == "cli"]
        assert (hand.start, hand.end) == (at(12), at(13))  # trimmed once


def _sync_once(url: str, rows: list[PlannedRow], barrier: Barrier, results: Queue[str]) -> None:
    with open_store(url, migrate=False) as store:
        barrier.wait(timeout=30)
        try:
            plan = commit_sync(store, WS, SOURCE, rows, SyncWindow(), NOW)
            results.put(f"created {len(plan.created)}, unchanged {len(plan.unchanged)}")
        except Exception as exc:
            results.put(f"error: {exc!r}")


@pytest.mark.slow
def test_processes_syncing_one_export_at_once_create_it_once(team: Team, database_url: str) -> None:
    rows = [team.row(team.neva, at(10), at(12)), team.row(team.otto, at(10), at(11))]
    seen, _ = race(_sync_once, lambda _: (database_url, rows), PROCESSES)
    assert sorted(seen) == ["created 0, unchanged 2"] * (PROCESSES - 1) + [
        "created 2, unchanged 0"
    ], seen
    assert len(team.stored()) == 2
