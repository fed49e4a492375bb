"""A preview's rows stored as pages (storage/import_pages.py): read by line across pages,
only the created ones after a commit, and moved from the old one-row-each table."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

import storage.import_pages
import storage.migrations
from core.imports.commit import commit_import
from core.imports.model import PlannedRow
from core.imports.preview import ImportPlan, preview_import
from core.model import new_id
from core.people.model import OPERATOR, Member
from core.records.model import Unavailability
from core.workspaces import create_workspace
from storage.database import execute_sql
from storage.migrations import MIGRATIONS, upgrade
from storage.repositories import SqlStore, open_store

from .factories import NOW, OTHER_WS, WS, at, import_team, member, record, utype

# Lines 2–9 are neva's days 1–8, lines 10–13 otto's days 1–4; pages of 3 rows.
CSV = "email,start\n" + "".join(
    f"{who}@example.com,2026-03-0{day}\n" for who, days in (("neva", 8), ("otto", 4))
    for day in range(1, days + 1)
)  # fmt: skip


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage.import_pages, "PAGE_ROWS", 3)


@pytest.fixture
def team(store: SqlStore) -> SqlStore:
    return import_team(store)


def preview(store: SqlStore, text: str = CSV) -> ImportPlan:
    plan = preview_import(
        store,
        OPERATOR,
        workspace_id=WS,
        data=text.encode(),
        file_name="hr.csv",
        default_zone="UTC",
        now=NOW,
    )
    assert plan.ok, plan.record.verdict
    return plan


def the(store: SqlStore, email: str) -> Member:
    found = store.members.by_email(WS, email)
    assert found is not None
    return found


def stored_copy(store: SqlStore, row: PlannedRow) -> Unavailability:
    """A record stored under another id, identical to what the row would create."""
    type_ = next(t for t in store.types.all(WS) if t.id == row.type_id)
    who = store.members.get(WS, row.member_id)
    assert who is not None
    return record(store, who, type_, row.start, row.end if not row.all_day else None)


@pytest.mark.usefixtures("small_pages")
class TestPages:
    def test_rows_read_by_line_across_pages_are_the_planned_rows(self, team: SqlStore) -> None:
        plan = preview(team)
        imports, id_ = team.imports, plan.record.id
        assert imports.rows(WS, id_) == plan.rows
        lines = [r.line for r in plan.rows]
        for line in [0, *lines]:
            for limit in (1, 2, 3, 4, 7, 20):
                after = [r for r in plan.rows if r.line > line][:limit]
                assert imports.rows_after(WS, id_, line, limit) == after, (line, limit)
        assert imports.row_counts(WS, id_) == (12, 2)
        assert imports.member_ids(WS, id_) == sorted({r.member_id for r in plan.rows})

    def test_another_workspace_reads_nothing(self, team: SqlStore) -> None:
        plan = preview(team)
        imports, id_ = team.imports, plan.record.id
        assert imports.rows(OTHER_WS, id_) == []
        assert imports.rows_after(OTHER_WS, id_, 0, 10) == []
        assert imports.row_counts(OTHER_WS, id_) == (0, 0)
        assert imports.member_ids(OTHER_WS, id_) == []
        assert imports.collisions(OTHER_WS, id_) == []

    def test_created_rows_are_those_whose_record_exists_after_the_commit(
        self, team: SqlStore
    ) -> None:
        plan = preview(team)
        skipped = {3, 6, 7, 11}  # already entered, identically
        for row in plan.rows:
            if row.line in skipped:
                stored_copy(team, row)
        done = commit_import(team, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
        created = [r for r in plan.rows if r.line not in skipped]
        assert done.created == len(created) == 8
        imports, id_ = team.imports, plan.record.id
        assert imports.row_counts(WS, id_, created=True) == (8, 2)
        assert imports.rows_after(WS, id_, 0, 100, created=True) == created
        for line, limit in ((2, 3), (3, 1), (8, 2), (11, 5), (13, 1)):
            after = [r for r in created if r.line > line][:limit]
            assert imports.rows_after(WS, id_, line, limit, created=True) == after

    def test_collisions_are_by_line_then_start_from_pages_or_the_rows_held(
        self, team: SqlStore
    ) -> None:
        plan = preview(team)
        neva, otto = the(team, "neva@example.com"), the(team, "otto@example.com")
        kind = utype(team, "Travel")
        late = record(team, neva, kind, at(3, 14), at(3, 16))
        early = record(team, neva, kind, at(3, 10), at(3, 12))
        spanning = record(team, neva, kind, at(5, 12), at(7, 12))
        long = record(team, otto, kind, at(1, 12), at(30))
        record(team, otto, kind, at(20), at(21))  # after every planned row
        found = team.imports.collisions(WS, plan.record.id)
        assert [(row.line, stored.id) for row, stored in found] == [
            (4, early.id),
            (4, late.id),
            (6, spanning.id),
            (7, spanning.id),
            (8, spanning.id),
            *[(line, long.id) for line in (10, 11, 12, 13)],
        ]
        assert [row for row, _ in found] == [
            r for r in plan.rows for _ in range({4: 2, 6: 1, 7: 1, 8: 1}.get(r.line, r.line > 9))
        ]
        assert team.imports.collisions(WS, plan.record.id, plan.rows) == found


class TestMovedFromRows:
    def test_a_preview_stored_row_by_row_before_the_upgrade_commits_by_id(
        self, database_url: str, small_pages: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(storage.migrations, "MIGRATIONS", MIGRATIONS[:16])
        with open_store(database_url) as store:
            create_workspace(store, WS, now=NOW)
            neva = member(store, "neva@example.com")
            rows = old_preview(store, "imp_old", neva, days=7)
            monkeypatch.setattr(storage.migrations, "MIGRATIONS", MIGRATIONS)
            assert upgrade(store.db) == ["0017_page_import_rows"]
            assert "csv_import_row" not in store.db.get_tables()
            assert store.imports.rows(WS, "imp_old") == rows
            done = commit_import(store, OPERATOR, workspace_id=WS, import_id="imp_old", now=NOW)
            assert done.created == 7
            saved = store.unavailability.in_window(WS, at(1), at(31))
            assert sorted(r.id for r in saved) == sorted(r.record_id for r in rows)
            assert {r.name for r in saved} == {'Off, "quoted"\tand tabbed'}


def old_preview(store: SqlStore, import_id: str, who: Member, *, days: int) -> list[PlannedRow]:
    """A preview as migration 16's layout stored it: the import, then a row per line."""
    verdict = json.dumps({"invalid": [], "errors": [], "unknown_columns": []})
    execute_sql(
        store.db,
        "INSERT INTO csv_import (id, workspace_id, file_name, created_by, created_at, status, "
        "rows_total, to_create, duplicates, verdict) VALUES (%s, %s, 'hr.csv', NULL, %s, "
        "'previewed', %s, %s, 0, %s)",
        (import_id, WS, 1_772_000_000, days, days, verdict),
    )
    type_id = store.types.all(WS)[0].id
    rows = [
        PlannedRow(
            2 * day,  # lines with gaps, as duplicates and errors leave them
            new_id("avail"),
            who.id,
            type_id,
            at(day),
            at(day) + timedelta(days=1),
            True,
            'Off, "quoted"\tand tabbed',
        )
        for day in range(1, days + 1)
    ]
    for row in rows:
        execute_sql(
            store.db,
            "INSERT INTO csv_import_row (import_id, line, record_id, member_id, type_id, "
            "start_ts, end_ts, all_day, name) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (import_id, row.line, row.record_id, row.member_id, row.type_id,
             int(row.start.timestamp()), int(row.end.timestamp()), True, row.name),
        )  # fmt: skip
    return rows
