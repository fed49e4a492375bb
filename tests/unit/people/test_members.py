"""The member directory use cases."""

from __future__ import annotations

import pytest

from core.errors import DuplicateEmail, InvalidEmail, NotPermitted, UnknownMember, UnknownTimeZone
from core.people.members import NewMember, add_member, find_member, import_members
from core.people.model import OPERATOR, Actor, Member
from tests.fakes import FakeStore
from tests.unit.conftest import WS


class TestAddMember:
    def test_email_is_unique_ignoring_case(self, store: FakeStore, bob: Member) -> None:
        with pytest.raises(DuplicateEmail):
            add_member(store, OPERATOR, WS, NewMember("BOB@example.com", "Other Bob"))
        assert len(store.members.all(WS)) == 1

    @pytest.mark.parametrize("email", ["bob", "bob@", "@x.com", "a b@x.com", ""])
    def test_refuses_malformed_email(self, store: FakeStore, email: str) -> None:
        with pytest.raises(InvalidEmail):
            add_member(store, OPERATOR, WS, NewMember(email, "X"))
        assert not store.members.all(WS)

    def test_refuses_unknown_zone(self, store: FakeStore) -> None:
        with pytest.raises(UnknownTimeZone, match="Mars/Olympus"):
            add_member(store, OPERATOR, WS, NewMember("x@example.com", "X", "Mars/Olympus"))

    def test_non_admin_may_not_add(self, store: FakeStore, as_bob: Actor) -> None:
        with pytest.raises(NotPermitted):
            add_member(store, as_bob, WS, NewMember("x@example.com", "X"))


class TestFindMember:
    def test_by_email_slack_id_or_id(self, store: FakeStore) -> None:
        made = add_member(store, OPERATOR, WS, NewMember("X@example.com", "X", slack_user_id="U1"))
        assert find_member(store, WS, "x@EXAMPLE.com") == made
        assert find_member(store, WS, "U1") == made
        assert find_member(store, WS, made.id) == made

    def test_unknown_is_named(self, store: FakeStore) -> None:
        with pytest.raises(UnknownMember, match=r"ghost@example.com"):
            find_member(store, WS, "ghost@example.com")


class TestImportMembers:
    def test_adds_new_and_updates_known(self, store: FakeStore, bob: Member) -> None:
        added, _ = import_members(
            store,
            OPERATOR,
            WS,
            [NewMember("bob@example.com", "Robert", admin=True), NewMember("z@example.com", "Z")],
        )
        assert [m.email for m in added] == ["z@example.com"]
        updated = store.members.get(WS, bob.id)
        assert updated is not None and updated.name == "Robert" and updated.admin

    def test_one_bad_row_changes_nothing(self, store: FakeStore) -> None:
        with pytest.raises(InvalidEmail):
            import_members(
                store, OPERATOR, WS, [NewMember("ok@example.com", "Ok"), NewMember("bad", "B")]
            )
        assert not store.members.all(WS)
