"""The type catalogue: defaults of a new workspace, add, rename, archive, restore, listing."""

from __future__ import annotations

import pytest

from core.errors import DuplicateTypeName, InvalidKind, NotPermitted, UnknownType
from core.people.model import OPERATOR, Actor
from core.records.catalogue import add_type, list_types, parse_kind, rename_type, set_archived
from core.records.model import Kind
from tests.fakes import FakeStore
from tests.unit.conftest import WS


class TestDefaults:
    def test_new_workspace_has_the_five_default_types(self, store: FakeStore) -> None:
        types = {t.name: t for t in list_types(store, WS).items}
        assert set(types) == {
            "Time off",
            "Sick",
            "Training",
            "Prefer not on call",
            "Volunteer for on-call",
        }
        assert types["Time off"].kind is Kind.HARD and types["Time off"].paid
        assert types["Sick"].private and types["Sick"].paid
        assert types["Prefer not on call"].kind is Kind.SOFT
        assert types["Volunteer for on-call"].kind is Kind.WANTS_PAGER


class TestChanges:
    def test_admin_adds_a_type(self, store: FakeStore) -> None:
        add_type(store, OPERATOR, WS, "Parental leave", kind=Kind.HARD, paid=True)
        assert store.types.by_name(WS, "parental LEAVE") is not None

    def test_duplicate_name_in_any_case_is_refused(self, store: FakeStore) -> None:
        with pytest.raises(DuplicateTypeName):
            add_type(store, OPERATOR, WS, "time OFF")
        assert len(store.types.all(WS)) == 5

    def test_non_admin_may_not_add(self, store: FakeStore, as_bob: Actor) -> None:
        with pytest.raises(NotPermitted):
            add_type(store, as_bob, WS, "Nap")
        assert store.types.by_name(WS, "Nap") is None

    def test_rename_keeps_the_id(self, store: FakeStore) -> None:
        before = store.types.by_name(WS, "Training")
        assert before is not None
        renamed = rename_type(store, OPERATOR, WS, "training", "Courses")
        assert renamed.id == before.id and store.types.by_name(WS, "Courses") is not None
        assert store.types.by_name(WS, "Training") is None

    def test_rename_onto_existing_name_is_refused(self, store: FakeStore) -> None:
        with pytest.raises(DuplicateTypeName):
            rename_type(store, OPERATOR, WS, "Training", "Sick")
        assert store.types.by_name(WS, "Training") is not None

    def test_archive_hides_from_default_listing_and_restore_brings_back(
        self, store: FakeStore
    ) -> None:
        set_archived(store, OPERATOR, WS, "Training", True)
        assert "Training" not in [t.name for t in list_types(store, WS).items]
        assert [t.name for t in list_types(store, WS, archived=True).items] == ["Training"]
        set_archived(store, OPERATOR, WS, "Training", False)
        assert "Training" in [t.name for t in list_types(store, WS).items]

    def test_unknown_type_is_named(self, store: FakeStore) -> None:
        with pytest.raises(UnknownType, match="Nope"):
            set_archived(store, OPERATOR, WS, "Nope", True)


class TestListing:
    def test_filters_by_name_and_sorts_and_pages(self, store: FakeStore) -> None:
        page = list_types(store, WS, name_contains="o", page=0, page_size=2)
        assert page.count == 3
        assert [t.name for t in page.items] == ["Prefer not on call", "Time off"]

    @pytest.mark.parametrize("text", ["off\x00", "\u200bTime", "x" * 101, "Time\noff"])
    def test_text_no_name_can_hold_matches_nothing(self, store: FakeStore, text: str) -> None:
        page = list_types(store, WS, name_contains=text, page=1, page_size=2)
        assert (page.count, list(page.items), page.page, page.page_size) == (0, [], 1, 2)


class TestKinds:
    @pytest.mark.parametrize(
        ("word", "kind"),
        [("hard", Kind.HARD), ("SOFT", Kind.SOFT), ("wants-pager", Kind.WANTS_PAGER)],
    )
    def test_reads_kind_words(self, word: str, kind: Kind) -> None:
        assert parse_kind(word) is kind

    def test_refuses_unknown_kind(self) -> None:
        with pytest.raises(InvalidKind, match="maybe"):
            parse_kind("maybe")
