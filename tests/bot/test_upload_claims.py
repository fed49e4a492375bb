"""Upload and event claims on SQLite and PostgreSQL: one winner, even racing, even reopened."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import NotPermitted
from core.imports.uploads import claim_upload, first_delivery, forget_delivery
from core.people.model import Actor, Member
from storage.repositories import SqlStore, open_store
from tests.integration import conftest as engines

# storage's fixtures, so these claims run on SQLite and on PostgreSQL
engine, database_url, store = engines.engine, engines.database_url, engines.store
sqlite_url, postgres_url = engines.sqlite_url, engines.postgres_url
postgres_server = engines.postgres_server

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
ADMIN = Actor(Member("mem_a", "T1", "a@example.com", "A", "UTC", admin=True))
MEMBER = Actor(Member("mem_b", "T1", "b@example.com", "B", "UTC"))


def claim(store: SqlStore, file_id: str, actor: Actor = ADMIN) -> bool:
    return claim_upload(store, actor, workspace_id="T1", file_id=file_id, now=NOW)


class TestClaims:
    def test_a_file_is_claimed_once_per_workspace_even_after_reopening(
        self, store: SqlStore, database_url: str
    ) -> None:
        assert claim(store, "F1") is True
        assert claim(store, "F1") is False
        with open_store(database_url) as reopened:  # a restart, or another instance
            assert claim(reopened, "F1") is False
            assert claim_upload(reopened, ADMIN, workspace_id="T2", file_id="F1", now=NOW)

    def test_a_members_upload_is_refused_once(self, store: SqlStore) -> None:
        with pytest.raises(NotPermitted, match="Only admins may import time off"):
            claim(store, "F1", MEMBER)
        assert claim(store, "F1", MEMBER) is False  # the retry is quietly dropped

    def test_racing_claimers_have_exactly_one_winner(
        self, store: SqlStore, database_url: str
    ) -> None:
        wins: list[bool] = []

        def take() -> None:
            with open_store(database_url, migrate=False) as own:
                wins.append(claim(own, "F9"))

        racers = [threading.Thread(target=take) for _ in range(6)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join()
        assert sorted(wins) == [False] * 5 + [True]

    def test_event_ids_are_new_once_and_forgotten_after_a_day(self, store: SqlStore) -> None:
        assert first_delivery(store, "T1", "Ev1", NOW) is True
        assert first_delivery(store, "T1", "Ev1", NOW + timedelta(minutes=5)) is False
        assert first_delivery(store, "T1", "Ev1", NOW + timedelta(days=2)) is True
        assert first_delivery(store, "T1", "", NOW) is True  # no id: nothing to compare

    def test_a_delivery_that_came_to_nothing_is_forgotten(self, store: SqlStore) -> None:
        assert first_delivery(store, "T1", "Ev1", NOW) and claim(store, "F1")
        forget_delivery(store, "T1", event_id="Ev1", file_id="F1")
        assert first_delivery(store, "T1", "Ev1", NOW) is True
        assert claim(store, "F1") is True
