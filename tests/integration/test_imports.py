"""CSV imports stored on SQLite and PostgreSQL: previews kept, commits saved exactly once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

import peewee
import pytest

import storage.import_inserts
from core.errors import ImportCollides
from core.imports.commit import cancel_import, commit_import
from core.imports.model import ImportRecord, ImportStatus
from core.imports.preview import ImportPlan, preview_import
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.time.spans import Span, day_span, zone
from storage.database import copy_rows, is_postgres
from storage.repositories import SqlStore, open_store
from tests.integration.racing import race

from .factories import NOW, WS, at, import_team

CSV = (
    "Email;Start date;End date;Reason;Leave type;Team\n"
    "neva@example.com;2026-03-10;2026-03-12;Conference;;Eng\n"
    "otto@example.com;2026-03-10T09:00;2026-03-10T13:00;Dentist;Sick;Eng\n"
    "neva@example.com;2026-03-10;2026-03-12;Conference;;Eng\n"
)


def preview(store: SqlStore, text: str = CSV) -> ImportPlan:
    return preview_import(
        store,
        OPERATOR,
        workspace_id=WS,
        data=text.encode("utf-8"),
        file_name="hr.csv",
        default_zone="UTC",
        now=NOW,
    )


def stored_import(store: SqlStore, import_id: str) -> ImportRecord:
    found = store.imports.get(WS, import_id)
    assert found is not None
    return found


@pytest.fixture
def team(store: SqlStore) -> SqlStore:
    return import_team(store)


class TestStoredImports:
    def test_preview_is_stored_with_its_rows_and_verdict_but_no_records(
        self, team: SqlStore
    ) -> None:
        plan = preview(team)
        stored = stored_import(team, plan.record.id)
        assert stored == plan.record
        assert stored.status is ImportStatus.PREVIEWED
        assert (stored.rows_total, stored.to_create, stored.duplicates) == (3, 2, 1)
        assert stored.verdict.unknown_columns == ("Team",)
        assert team.imports.rows(WS, plan.record.id) == plan.rows
        assert team.unavailability.in_window(WS, at(1), at(31)) == []

    def test_names_with_tabs_quotes_backslashes_and_line_breaks_are_stored_as_read(
        self, team: SqlStore
    ) -> None:
        """PostgreSQL stores preview rows with COPY: every character COPY escapes survives."""
        names = ["a\tb", 'say "hi"', "back\\slash \\N", "two\nlines", "é ü 🎉", "x,y;z"]
        text = "email,start,name\n" + "".join(
            f'neva@example.com,2026-03-{10 + i},"{n.replace(chr(34), chr(34) * 2)}"\n'
            for i, n in enumerate(names)
        )
        plan = preview(team, text)
        assert plan.ok, plan.record.verdict.errors
        assert [r.name for r in team.imports.rows(WS, plan.record.id)] == names
        assert team.imports.rows(WS, plan.record.id) == plan.rows

    def test_a_failed_preview_keeps_its_errors(self, team: SqlStore) -> None:
        plan = preview(team, "email,start\nghost@example.com,2026-03-10\nneva@example.com,soon\n")
        stored = stored_import(team, plan.record.id)
        assert stored.status is ImportStatus.FAILED
        assert stored.verdict.invalid == ("ghost@example.com",)
        assert [(e.line, e.column) for e in stored.verdict.errors] == [(3, "start_time")]

    def test_commit_writes_every_row_once_and_records_who_and_when(self, team: SqlStore) -> None:
        plan = preview(team)
        first = commit_import(team, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
        second = commit_import(team, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
        stored = team.unavailability.in_window(WS, at(1), at(31))
        assert first.created == 2
        assert second.already_saved
        assert sorted(r.name or "" for r in stored) == ["Conference", "Dentist"]
        assert {r.source for r in stored} == {f"import:{plan.record.id}"}
        saved = stored_import(team, plan.record.id)
        assert (saved.status, saved.created, saved.committed_at) == (
            ImportStatus.COMMITTED,
            2,
            NOW,
        )
        assert team.imports.recent(WS, 5)[0].id == plan.record.id

    def test_a_collision_at_commit_time_writes_nothing(self, team: SqlStore) -> None:
        plan = preview(team)
        otto = team.members.by_email(WS, "otto@example.com")
        assert otto is not None
        add_unavailability(
            team,
            OPERATOR,
            workspace_id=WS,
            member_id=otto.id,
            span=Span(at(10, 11), at(10, 14)),  # the row is 08:00–12:00 UTC
            now=NOW,
        )
        with pytest.raises(ImportCollides):
            commit_import(team, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
        assert len(team.unavailability.in_window(WS, at(1), at(31))) == 1
        assert stored_import(team, plan.record.id).status is ImportStatus.PREVIEWED

    @pytest.mark.parametrize("same", [(), (2,), (2, 3, 6), (5, 9), (2, 3, 4, 5, 6, 7, 8, 9)])
    def test_rows_identical_to_stored_records_are_skipped_and_the_rest_saved_once(
        self, team: SqlStore, same: tuple[int, ...]
    ) -> None:
        """Lines 2–9 are days 1–8; the lines in `same` were already entered, identically."""
        text = "email,start\n" + "".join(f"neva@example.com,2026-03-0{d}\n" for d in range(1, 9))
        plan = preview(team, text)
        neva = team.members.by_email(WS, "neva@example.com")
        assert neva is not None
        for line in same:
            day = date(2026, 3, line - 1)
            span = day_span(day, day, zone(neva.tz or "UTC"))  # as the row reads
            add_unavailability(
                team, OPERATOR, workspace_id=WS, member_id=neva.id, span=span, now=NOW
            )
        done = commit_import(team, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
        stored = team.unavailability.in_window(WS, at(1), at(31))
        assert done.created == 8 - len(same)
        assert len(stored) == 8  # each day once
        imported = [r for r in stored if r.source == f"import:{plan.record.id}"]
        assert {r.id for r in imported} == {r.record_id for r in plan.rows if r.line not in same}

    def test_the_commit_never_reads_the_table_it_writes(
        self, team: SqlStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On PostgreSQL an INSERT … SELECT that also read `unavailability` (NOT EXISTS)
        rescanned the rows inserted so far for every row once the table had been analysed
        small: minutes for 100,000 rows. The records go in as values (COPY on PostgreSQL;
        on SQLite executemany into a temporary table, then INSERT … SELECT from it)."""
        plan = preview(team)
        ran: list[str] = []
        copied: list[tuple[str, int]] = []
        execute = type(team.db).execute_sql

        def recorded(db: object, sql: str, params: object = None) -> object:
            ran.append(" ".join(sql.split()))
            return execute(db, sql, params)  # type: ignore[arg-type, no-untyped-call]

        def copy(
            db: peewee.Database, table: str, columns: Sequence[str], rows: Iterable[Any]
        ) -> None:
            values = list(rows)
            copied.append((table, len(values)))
            copy_rows(db, table, columns, values)

        monkeypatch.setattr(type(team.db), "execute_sql", recorded)
        monkeypatch.setattr(storage.import_inserts, "copy_rows", copy)
        commit_import(team, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
        staged = "unavailability" if is_postgres(team.db) else "temp.csv_import_stage"
        assert copied == [(staged, 2)]
        inserts = [sql for sql in ran if sql.startswith("INSERT INTO unavailability")]
        assert not [sql for sql in inserts if "FROM unavailability" in sql]
        assert len(team.unavailability.in_window(WS, at(1), at(31))) == 2

    def test_cancel_is_stored(self, team: SqlStore) -> None:
        plan = preview(team)
        cancel_import(team, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
        assert stored_import(team, plan.record.id).status is ImportStatus.CANCELLED


PROCESSES = 3


def _commit(url: str, import_id: str, barrier: Barrier, results: Queue[str]) -> None:
    with open_store(url, migrate=False) as store:
        barrier.wait(timeout=30)
        try:
            outcome = commit_import(store, OPERATOR, workspace_id=WS, import_id=import_id, now=NOW)
            results.put("already" if outcome.already_saved else f"created {outcome.created}")
        except Exception as exc:
            results.put(f"error: {exc!r}")


@pytest.mark.slow
class TestRacingCommits:
    def test_commits_racing_from_several_processes_save_the_import_once(
        self, team: SqlStore, database_url: str
    ) -> None:
        plan = preview(team)
        seen, _ = race(_commit, lambda _: (database_url, plan.record.id), PROCESSES)
        assert sorted(seen) == ["already"] * (PROCESSES - 1) + ["created 2"]
        assert len(team.unavailability.in_window(WS, at(1), at(31))) == 2
