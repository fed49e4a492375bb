"""API keys, remembered answers, external ids and the API switch on both engines; two
processes sending one Idempotency-Key at once: exactly one of them takes it."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import peewee
import pytest

from core.access.model import ApiKey, Scope, StoredResponse
from core.errors import DuplicateEmail, DuplicateExternalId, DuplicateKeyName
from storage.repositories import SqlStore, open_store
from tests.integration.racing import race

from .factories import NOW, OTHER_WS, WS, member, workspace


def _key(name: str = "hr-sync", **changes: object) -> ApiKey:
    key = ApiKey(
        id=f"key_{name.lower()}",
        workspace_id=WS,
        name=name,
        prefix=f"p{name.lower()[:7]:x<7}",
        secret_hash="ab" * 32,
        scope=Scope.IMPORT,
        member_id=None,
        created_at=NOW,
    )
    return replace(key, **changes)  # type: ignore[arg-type]


class TestApiKeys:
    def test_a_key_is_found_by_prefix_and_by_name_in_any_case(self, store: SqlStore) -> None:
        workspace(store)
        neva = member(store)
        key = _key(member_id=neva.id, scope=Scope.WRITE)
        store.api_keys.add(key)
        assert store.api_keys.by_prefix(key.prefix) == key
        assert store.api_keys.by_name(WS, "HR-SYNC") == key
        assert store.api_keys.by_name(OTHER_WS, "hr-sync") is None
        assert store.api_keys.by_prefix("pnothere") is None

    def test_all_lists_the_live_keys_of_the_workspace_by_name(self, store: SqlStore) -> None:
        workspace(store)
        workspace(store, OTHER_WS)
        b, a = _key("b-key"), _key("A-key")
        for key in (b, a, _key("other", workspace_id=OTHER_WS)):
            store.api_keys.add(key)
        store.api_keys.add(_key("gone"))
        store.api_keys.revoke(WS, "key_gone", NOW)
        assert store.api_keys.all(WS) == [a, b]

    def test_a_revoked_key_is_found_no_more(self, store: SqlStore) -> None:
        workspace(store)
        key = _key()
        store.api_keys.add(key)
        store.api_keys.revoke(OTHER_WS, key.id, NOW)  # another workspace's words do nothing
        assert store.api_keys.by_prefix(key.prefix) == key
        store.api_keys.revoke(WS, key.id, NOW)
        assert store.api_keys.by_prefix(key.prefix) is None
        assert store.api_keys.by_name(WS, key.name) is None
        assert store.api_keys.all(WS) == []

    def test_touch_records_the_latest_use_and_never_goes_back(self, store: SqlStore) -> None:
        workspace(store)
        key = _key()
        store.api_keys.add(key)
        later = NOW + timedelta(minutes=5)
        store.api_keys.touch(key.id, later)
        store.api_keys.touch(key.id, NOW + timedelta(minutes=1))
        assert store.api_keys.by_prefix(key.prefix) == replace(key, last_used_at=later)

    def test_a_live_name_in_any_case_is_refused_and_a_revoked_one_is_free(
        self, store: SqlStore
    ) -> None:
        workspace(store)
        workspace(store, OTHER_WS)
        first = _key("HR-Sync")
        store.api_keys.add(first)
        with pytest.raises(DuplicateKeyName):
            store.api_keys.add(_key("hr-sync", id="key_2", prefix="psecond1"))
        store.api_keys.add(_key("hr-sync", id="key_3", prefix="pthird11", workspace_id=OTHER_WS))
        store.api_keys.revoke(WS, first.id, NOW)
        again = _key("hr-sync", id="key_4", prefix="pfourth1")
        store.api_keys.add(again)
        assert store.api_keys.all(WS) == [again]

    def test_the_stored_row_keeps_the_folded_name_for_uniqueness(self, store: SqlStore) -> None:
        workspace(store)
        store.api_keys.add(_key("Straße"))
        with pytest.raises(DuplicateKeyName):
            store.api_keys.add(_key("STRASSE", id="key_2", prefix="psecond1"))

    def test_a_taken_prefix_is_no_duplicate_name(self, store: SqlStore) -> None:
        workspace(store)
        store.api_keys.add(_key("one", prefix="psame111"))
        with pytest.raises(peewee.IntegrityError):
            store.api_keys.add(_key("two", prefix="psame111"))


class TestIdempotency:
    def test_the_first_request_takes_the_key_and_later_ones_read_its_answer(
        self, store: SqlStore
    ) -> None:
        with store.transaction():
            assert store.idempotency.begin("key_1", "abc", "f1", NOW) is None
            store.idempotency.finish("key_1", "abc", 201, '{"ok": true}')
        again = store.idempotency.begin("key_1", "abc", "f2", NOW + timedelta(minutes=1))
        assert again == StoredResponse("key_1", "abc", "f1", 201, '{"ok": true}', NOW)

    def test_keys_are_per_api_key(self, store: SqlStore) -> None:
        assert store.idempotency.begin("key_1", "abc", "f1", NOW) is None
        assert store.idempotency.begin("key_2", "abc", "f1", NOW) is None

    def test_an_unfinished_request_reads_as_no_answer_yet(self, store: SqlStore) -> None:
        store.idempotency.begin("key_1", "abc", "f1", NOW)
        stored = store.idempotency.begin("key_1", "abc", "f1", NOW)
        assert stored is not None and (stored.status, stored.body) == (None, None)

    def test_a_rolled_back_request_leaves_the_key_free(self, store: SqlStore) -> None:
        def failing_write() -> None:
            with store.transaction():
                store.idempotency.begin("key_1", "abc", "f1", NOW)
                raise RuntimeError("the write failed")

        with pytest.raises(RuntimeError):
            failing_write()
        assert store.idempotency.begin("key_1", "abc", "f1", NOW) is None

    def test_forget_drops_what_is_older_than_the_bound(self, store: SqlStore) -> None:
        store.idempotency.begin("key_1", "old", "f", NOW - timedelta(hours=25))
        store.idempotency.begin("key_1", "new", "f", NOW - timedelta(hours=1))
        assert store.idempotency.forget(NOW - timedelta(hours=24)) == 1
        assert store.idempotency.begin("key_1", "old", "g", NOW) is None
        assert store.idempotency.begin("key_1", "new", "g", NOW) is not None


class TestExternalIds:
    def test_an_external_id_is_stored_and_found_exactly(self, store: SqlStore) -> None:
        workspace(store)
        neva = replace(member(store), external_id="E-0042")
        store.members.update(neva)
        assert store.members.by_external_id(WS, "E-0042") == neva
        assert store.members.by_external_id(WS, "e-0042") is None
        assert store.members.by_external_id(OTHER_WS, "E-0042") is None
        assert store.members.get(WS, neva.id) == neva
        assert store.members.all(WS) == [neva]

    def test_a_taken_external_id_is_refused_on_add_and_update(self, store: SqlStore) -> None:
        workspace(store)
        neva = replace(member(store), external_id="E1")
        store.members.update(neva)
        ann = member(store, "ann@example.com")
        with pytest.raises(DuplicateExternalId, match=r"neva@example\.com"):
            store.members.update(replace(ann, external_id="E1"))
        with pytest.raises(DuplicateExternalId):
            store.members.add(replace(ann, id="mem_new", email="new@example.com", external_id="E1"))
        assert store.members.get(WS, ann.id) == ann

    def test_a_taken_email_is_still_a_duplicate_email(self, store: SqlStore) -> None:
        workspace(store)
        neva = member(store)
        with pytest.raises(DuplicateEmail):
            store.members.add(replace(neva, id="mem_new", external_id="E9"))

    def test_many_members_have_no_external_id_and_workspaces_have_their_own(
        self, store: SqlStore
    ) -> None:
        workspace(store)
        workspace(store, OTHER_WS)
        member(store, "a@example.com")
        member(store, "b@example.com")
        here = member(store, "c@example.com")
        there = member(store, "c@example.com", workspace_id=OTHER_WS)
        store.members.update(replace(here, external_id="E1"))
        store.members.update(replace(there, external_id="E1"))
        assert [m.external_id for m in store.members.all(WS)] == [None, None, "E1"]


class TestApiSwitch:
    def test_the_api_is_off_until_enabled_per_workspace(self, store: SqlStore) -> None:
        workspace(store)
        workspace(store, OTHER_WS)
        assert [w.api_enabled for w in store.workspaces.list_all()] == [False, False]
        store.workspaces.set_api_enabled(WS, True)
        got = store.workspaces.get(WS)
        assert got is not None and got.api_enabled
        other = store.workspaces.get(OTHER_WS)
        assert other is not None and not other.api_enabled
        store.workspaces.set_api_enabled(WS, False)
        got = store.workspaces.get(WS)
        assert got is not None and not got.api_enabled


HELD = 0.5  # seconds the winner keeps its transaction open before answering


def _begin_once(url: str, barrier: Barrier, results: Queue[object]) -> None:
    with open_store(url, migrate=False) as store:
        barrier.wait(timeout=30)
        try:
            with store.transaction():
                stored = store.idempotency.begin("key_1", "same", "f", NOW)
                if stored is None:
                    time.sleep(HELD)  # the other one must wait for this transaction
                    store.idempotency.finish("key_1", "same", 201, "first answer")
            results.put("took" if stored is None else (stored.status, stored.body))
        except Exception as exc:
            results.put(f"error: {exc!r}")


@pytest.mark.slow
class TestRacingRequests:
    def test_of_two_processes_sending_one_key_exactly_one_takes_it(
        self, store: SqlStore, database_url: str
    ) -> None:
        seen, exits = race(_begin_once, lambda _: (database_url,), 2)
        assert exits == [0, 0]
        # the other waited for the first's transaction, so it reads the finished answer
        assert sorted(seen, key=str) == [(201, "first answer"), "took"]
