"""The store's write transaction: all or nothing, nesting, IMMEDIATE on SQLite; ping."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from storage.repositories import SqlStore, open_store

from .factories import WS, member, utype, workspace


class Boom(Exception):
    pass


class TestTransaction:
    def test_exception_rolls_back_every_write_of_the_transaction(self, store: SqlStore) -> None:
        def write_then_fail() -> None:
            with store.transaction():
                workspace(store)
                member(store)
                raise Boom

        with pytest.raises(Boom):
            write_then_fail()
        assert store.workspaces.list_all() == []
        assert store.members.all(WS) == []

    def test_nested_transactions_join_the_outer_one(self, store: SqlStore) -> None:
        def nest_then_fail() -> None:
            with store.transaction():
                workspace(store)
                with store.transaction():
                    utype(store)
                raise Boom

        with pytest.raises(Boom):
            nest_then_fail()
        assert store.workspaces.list_all() == []
        assert store.types.all(WS) == []

    def test_inner_failure_caught_inside_keeps_the_outer_writes(self, store: SqlStore) -> None:
        def fail_inside() -> None:
            with store.transaction():
                utype(store)
                raise Boom

        with store.transaction():
            workspace(store)
            with pytest.raises(Boom):
                fail_inside()
        assert len(store.workspaces.list_all()) == 1
        assert store.types.all(WS) == []

    def test_commits_when_the_block_ends(self, store: SqlStore, database_url: str) -> None:
        with store.transaction():
            added = member(store)
        with open_store(database_url, migrate=False) as other:
            assert other.members.all(WS) == [added]

    def test_locking_members_that_do_not_exist_is_harmless(self, store: SqlStore) -> None:
        added = member(store)
        with store.transaction(lock_members=["mem_unknown", added.id, added.id]):
            workspace(store)
        assert len(store.workspaces.list_all()) == 1


class TestSqliteTransaction:
    @pytest.mark.parametrize("engine", ["sqlite"])
    def test_takes_the_write_lock_when_it_begins(self, store: SqlStore) -> None:
        """IMMEDIATE: a second writer cannot even begin while the first is open."""
        with closing(sqlite3.connect(store.db.database, timeout=0.05)) as other:
            with store.transaction():
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
                workspace(store)
            other.execute("BEGIN IMMEDIATE")
            assert other.execute("SELECT count(*) FROM workspace").fetchone() == (1,)
            other.execute("ROLLBACK")


class TestPing:
    def test_answers_true_while_the_database_is_reachable(self, store: SqlStore) -> None:
        assert store.ping() is True

    def test_reopens_after_close(self, store: SqlStore) -> None:
        store.close()
        assert store.ping() is True
