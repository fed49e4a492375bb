"""Versioned migrations: applied once, in order, recorded, safe for simultaneous starts."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import peewee
import pytest

from storage.database import execute_sql, open_database
from storage.migrations import MIGRATIONS, applied_versions, migration_name, upgrade
from storage.repositories import open_store

CORE_TABLES = {"workspace", "member", "unavailability_type", "unavailability"}


@pytest.fixture
def db(database_url: str) -> Iterator[peewee.Database]:
    opened = open_database(database_url)
    opened.connect()
    try:
        yield opened
    finally:
        opened.close()


class TestUpgrade:
    def test_fresh_database_gets_every_migration_in_order(self, db: peewee.Database) -> None:
        assert upgrade(db) == [migration_name(v) for v in range(1, len(MIGRATIONS) + 1)]
        assert migration_name(1) == "0001_create_core_tables"
        assert set(db.get_tables()) >= CORE_TABLES

    def test_each_applied_migration_is_recorded_with_name_and_time(
        self, db: peewee.Database
    ) -> None:
        upgrade(db)
        rows = execute_sql(db, "SELECT version, name, applied_at FROM schema_migrations")
        recorded = sorted(rows.fetchall())
        assert [(v, n) for v, n, _ in recorded] == [
            (i + 1, m.__name__) for i, m in enumerate(MIGRATIONS)
        ]
        assert all(applied_at > 1_700_000_000 for _, _, applied_at in recorded)

    def test_upgrading_twice_applies_nothing_the_second_time(self, db: peewee.Database) -> None:
        upgrade(db)
        assert upgrade(db) == []
        assert applied_versions(db) == list(range(1, len(MIGRATIONS) + 1))

    def test_open_store_without_migrate_leaves_the_database_empty(self, database_url: str) -> None:
        with open_store(database_url, migrate=False) as store:
            assert applied_versions(store.db) == []
            assert not CORE_TABLES & set(store.db.get_tables())


def _open_and_migrate(url: str, start: multiprocessing.synchronize.Event) -> None:
    start.wait(10)
    with open_store(url):
        pass


@pytest.mark.slow
class TestSimultaneousStarts:
    def test_processes_starting_together_apply_each_migration_once(self, database_url: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        start = ctx.Event()
        workers = [ctx.Process(target=_open_and_migrate, args=(database_url, start)) for _ in "abc"]
        for worker in workers:
            worker.start()
        start.set()
        for worker in workers:
            worker.join(60)
        assert [w.exitcode for w in workers] == [0, 0, 0]
        db = open_database(database_url)
        try:
            rows = execute_sql(db, "SELECT version FROM schema_migrations").fetchall()
            assert sorted(v for (v,) in rows) == list(range(1, len(MIGRATIONS) + 1))
        finally:
            db.close()
