"""The store on its own, against a cluster we cut off: what a dropped connection does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.errors import DatabaseUnavailable
from storage.database import execute_sql
from storage.repositories import SqlStore, open_store
from tests.faults.conftest import Cluster

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def store(fault_url: str) -> Iterator[SqlStore]:
    opened = open_store(fault_url)
    try:
        yield opened
    finally:
        opened.close()


def one(store: SqlStore) -> object:
    return execute_sql(store.db, "SELECT 1").fetchone()


def test_renew_replaces_a_connection_the_server_dropped(store: SqlStore, running: Cluster) -> None:
    assert one(store) == (1,)
    assert running.terminate() == 1
    store.renew()
    assert one(store) == (1,)


def test_a_broken_statement_is_unavailable_once_and_never_sent_again(
    store: SqlStore, running: Cluster
) -> None:
    assert one(store) == (1,)
    running.terminate()
    with pytest.raises(DatabaseUnavailable):
        one(store)  # sent on the dead connection: not retried, since it may have run
    assert one(store) == (1,)  # a new connection


def test_a_transaction_cut_off_midway_commits_nothing(store: SqlStore, running: Cluster) -> None:
    execute_sql(store.db, "CREATE TABLE t (x int)")

    def cut_off_midway() -> None:
        with store.transaction():
            execute_sql(store.db, "INSERT INTO t VALUES (1)")
            running.terminate()
            execute_sql(store.db, "INSERT INTO t VALUES (2)")

    with pytest.raises(DatabaseUnavailable):
        cut_off_midway()
    assert execute_sql(store.db, "SELECT count(*) FROM t").fetchone() == (0,)


def test_a_server_that_is_down_is_unavailable_until_it_returns(
    store: SqlStore, running: Cluster
) -> None:
    assert store.ping()
    running.stop()
    store.renew()
    with pytest.raises(DatabaseUnavailable):
        one(store)
    assert not store.ping()
    running.start()
    assert store.ping()
    assert one(store) == (1,)


def test_a_connection_lost_at_commit_says_the_outcome_is_unknown(
    store: SqlStore, running: Cluster
) -> None:
    """Only the server knows whether a COMMIT cut off in flight took effect: the words must
    not promise that nothing was changed."""
    execute_sql(store.db, "CREATE TABLE t (x int)")

    def cut_off_at_commit() -> None:
        with store.transaction():
            execute_sql(store.db, "INSERT INTO t VALUES (1)")
            running.terminate()

    with pytest.raises(DatabaseUnavailable) as lost:
        cut_off_at_commit()
    assert "may or may not have been saved" in lost.value.message
    assert "nothing was changed" not in lost.value.message
