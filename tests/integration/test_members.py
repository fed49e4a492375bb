"""Workspaces and members in storage: lookups, paging, duplicates, workspace scoping."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from core.errors import Conflict, DuplicateEmail
from core.people.model import Workspace
from storage.repositories import SqlStore

from .factories import OTHER_WS, WS, member, workspace


class TestWorkspaceRepository:
    def test_added_workspace_reads_back_with_aware_utc_creation_time(self, store: SqlStore) -> None:
        added = workspace(store)
        got = store.workspaces.get(WS)
        assert got == added
        assert got is not None and got.created_at.tzinfo is UTC

    def test_unknown_workspace_is_none(self, store: SqlStore) -> None:
        assert store.workspaces.get("T404") is None

    def test_list_all_is_sorted_by_id(self, store: SqlStore) -> None:
        workspace(store, "TB")
        workspace(store, "TA")
        assert [w.id for w in store.workspaces.list_all()] == ["TA", "TB"]

    def test_set_timezone_changes_only_that_workspace(self, store: SqlStore) -> None:
        workspace(store, "TA")
        workspace(store, "TB")
        store.workspaces.set_timezone("TA", "Europe/Madrid")
        assert [w.timezone for w in store.workspaces.list_all()] == ["Europe/Madrid", None]

    def test_adding_a_workspace_twice_is_a_conflict(self, store: SqlStore) -> None:
        workspace(store)
        with pytest.raises(Conflict):
            workspace(store)
        assert len(store.workspaces.list_all()) == 1

    def test_naive_creation_time_is_refused(self, store: SqlStore) -> None:
        naive = datetime(2026, 3, 2, 9, 0)  # noqa: DTZ001 - the bug under test
        with pytest.raises(ValueError, match="naive"):
            store.workspaces.add(Workspace(id=WS, timezone=None, created_at=naive))
        assert store.workspaces.list_all() == []


class TestMemberLookups:
    def test_added_member_reads_back_unchanged(self, store: SqlStore) -> None:
        added = member(store, "Neva@Example.com", slack_user_id="U012")
        assert store.members.get(WS, added.id) == added

    def test_email_lookup_ignores_case(self, store: SqlStore) -> None:
        added = member(store, "Neva@Example.com")
        assert store.members.by_email(WS, "nEVA@example.COM") == added

    def test_slack_id_lookup_finds_the_member(self, store: SqlStore) -> None:
        added = member(store, slack_user_id="U012")
        assert store.members.by_slack_id(WS, "U012") == added
        assert store.members.by_slack_id(WS, "U999") is None

    def test_many_returns_the_known_ones_by_id(self, store: SqlStore) -> None:
        a = member(store, "a@example.com")
        b = member(store, "b@example.com")
        assert store.members.many(WS, [a.id, b.id, "mem_unknown", a.id]) == {a.id: a, b.id: b}

    def test_update_changes_the_stored_member(self, store: SqlStore) -> None:
        added = member(store)
        changed = replace(added, name="Neva S.", admin=True, active=False, slack_user_id="U1")
        store.members.update(changed)
        assert store.members.get(WS, added.id) == changed


class TestMemberListing:
    def test_all_and_list_are_sorted_by_email_ignoring_case(self, store: SqlStore) -> None:
        for email in ["carol@example.com", "Bob@example.com", "alice@example.com"]:
            member(store, email)
        expected = ["alice@example.com", "Bob@example.com", "carol@example.com"]
        assert [m.email for m in store.members.all(WS)] == expected
        assert [m.email for m in store.members.paged(WS, 0, 10).items] == expected

    def test_pages_count_from_zero_and_count_is_the_total(self, store: SqlStore) -> None:
        for i in range(5):
            member(store, f"m{i}@example.com")
        page = store.members.paged(WS, 1, 2)
        assert (page.count, page.page, page.page_size, page.sorted_by) == (5, 1, 2, ("email",))
        assert [m.email for m in page.items] == ["m2@example.com", "m3@example.com"]
        assert store.members.paged(WS, 3, 2).items == []


class TestMemberDuplicates:
    def test_same_email_in_another_case_is_duplicate_email_and_nothing_changes(
        self, store: SqlStore
    ) -> None:
        first = member(store, "neva@example.com")
        with pytest.raises(DuplicateEmail):
            member(store, "NEVA@example.com", name="Other")
        assert store.members.all(WS) == [first]

    def test_renaming_an_email_onto_another_members_is_duplicate_email(
        self, store: SqlStore
    ) -> None:
        a = member(store, "a@example.com")
        b = member(store, "b@example.com")
        with pytest.raises(DuplicateEmail):
            store.members.update(replace(b, email="A@example.com"))
        assert store.members.all(WS) == [a, b]

    def test_duplicate_email_inside_a_transaction_leaves_it_usable(self, store: SqlStore) -> None:
        with store.transaction():
            member(store, "a@example.com")
            with pytest.raises(DuplicateEmail):
                member(store, "A@example.com")
            member(store, "b@example.com")
        assert [m.email for m in store.members.all(WS)] == ["a@example.com", "b@example.com"]

    def test_slack_id_taken_by_another_member_is_a_conflict(self, store: SqlStore) -> None:
        member(store, "a@example.com", slack_user_id="U1")
        with pytest.raises(Conflict, match="U1"):
            member(store, "b@example.com", slack_user_id="U1")
        assert len(store.members.all(WS)) == 1

    def test_members_without_slack_ids_do_not_collide(self, store: SqlStore) -> None:
        member(store, "a@example.com")
        member(store, "b@example.com")
        assert len(store.members.all(WS)) == 2


class TestMemberScoping:
    def test_rows_of_one_workspace_never_show_in_another(self, store: SqlStore) -> None:
        mine = member(store, "neva@example.com", slack_user_id="U1")
        theirs = member(store, "neva@example.com", workspace_id=OTHER_WS, slack_user_id="U1")
        assert store.members.all(WS) == [mine]
        assert store.members.all(OTHER_WS) == [theirs]
        assert store.members.get(WS, theirs.id) is None
        assert store.members.by_email(OTHER_WS, "NEVA@example.com") == theirs
        assert store.members.by_slack_id(WS, "U1") == mine
        assert store.members.many(WS, [mine.id, theirs.id]) == {mine.id: mine}
        assert store.members.paged(OTHER_WS, 0, 10).count == 1
