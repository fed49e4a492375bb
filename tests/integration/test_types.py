"""The type catalogue in storage: lookups ignoring case, listing, renames, duplicates."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.errors import DuplicateTypeName
from core.records.model import Kind
from storage.repositories import SqlStore

from .factories import OTHER_WS, WS, utype


def names(store: SqlStore, *, archived: bool = False, contains: str | None = None) -> list[str]:
    page = store.types.paged(WS, archived=archived, name_contains=contains, page=0, page_size=50)
    return [t.name for t in page.items]


class TestTypeLookups:
    def test_added_type_reads_back_unchanged(self, store: SqlStore) -> None:
        added = utype(store, "Prefer not on call", kind=Kind.SOFT)
        full = replace(added, description="Would rather not", paid=True, private=True)
        store.types.update(full)
        got = store.types.get(WS, added.id)
        assert got == full
        assert got is not None and got.kind is Kind.SOFT

    def test_name_lookup_ignores_case(self, store: SqlStore) -> None:
        added = utype(store, "Time off")
        assert store.types.by_name(WS, "TIME OFF") == added
        assert store.types.by_name(WS, "time") is None

    def test_all_is_sorted_by_name_ignoring_case(self, store: SqlStore) -> None:
        for name in ["sick", "Training", "Away"]:
            utype(store, name)
        assert [t.name for t in store.types.all(WS)] == ["Away", "sick", "Training"]


class TestTypeListing:
    def test_lists_active_types_only_by_default_and_archived_ones_on_request(
        self, store: SqlStore
    ) -> None:
        utype(store, "Time off")
        utype(store, "Old leave", archived=True)
        assert names(store) == ["Time off"]
        assert names(store, archived=True) == ["Old leave"]

    def test_name_filter_is_a_case_insensitive_substring(self, store: SqlStore) -> None:
        for name in ["Time off", "Sick", "Prefer not on call", "Training"]:
            utype(store, name)
        assert names(store, contains="OFF") == ["Time off"]
        assert names(store, contains="n") == ["Prefer not on call", "Training"]

    def test_name_filter_takes_wildcards_literally(self, store: SqlStore) -> None:
        utype(store, "100% remote")
        utype(store, "1000 remote")
        utype(store, "on_call")
        utype(store, "oncall")
        assert names(store, contains="0%") == ["100% remote"]
        assert names(store, contains="_") == ["on_call"]

    def test_pages_count_from_zero_and_count_is_the_total(self, store: SqlStore) -> None:
        for name in ["a", "B", "c", "D", "e"]:
            utype(store, name)
        page = store.types.paged(WS, archived=False, name_contains=None, page=2, page_size=2)
        assert (page.count, page.page, page.sorted_by) == (5, 2, ("name",))
        assert [t.name for t in page.items] == ["e"]


class TestTypeDuplicates:
    def test_same_name_in_another_case_is_duplicate_type_name_and_nothing_changes(
        self, store: SqlStore
    ) -> None:
        first = utype(store, "Time off")
        with pytest.raises(DuplicateTypeName):
            utype(store, "TIME OFF")
        assert store.types.all(WS) == [first]

    def test_rename_onto_another_name_is_duplicate_type_name_and_nothing_changes(
        self, store: SqlStore
    ) -> None:
        a = utype(store, "Sick")
        b = utype(store, "Training")
        with pytest.raises(DuplicateTypeName):
            store.types.update(replace(b, name="sick"))
        assert store.types.all(WS) == [a, b]

    def test_rename_changing_only_case_is_allowed(self, store: SqlStore) -> None:
        added = utype(store, "time off")
        store.types.update(replace(added, name="Time Off"))
        assert store.types.by_name(WS, "TIME OFF") == replace(added, name="Time Off")


class TestTypeScoping:
    def test_same_name_in_two_workspaces_is_two_types(self, store: SqlStore) -> None:
        mine = utype(store, "Time off")
        theirs = utype(store, "time off", workspace_id=OTHER_WS)
        assert store.types.all(WS) == [mine]
        assert store.types.by_name(OTHER_WS, "Time off") == theirs
        assert store.types.get(WS, theirs.id) is None
        assert names(store) == ["Time off"]
