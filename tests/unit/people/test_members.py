"""The member directory use cases."""

from __future__ import annotations

import pytest

from core.errors import (
    DuplicateEmail,
    DuplicateExternalId,
    InvalidEmail,
    InvalidMemberRow,
    NameTooLong,
    NotPermitted,
    UnacceptableText,
    UnknownMember,
    UnknownTimeZone,
)
from core.people.members import (
    NewMember,
    add_member,
    find_member,
    import_members,
    member_by_ref,
    read_member_rows,
)
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


class TestExternalIds:
    def test_a_member_may_have_one_and_it_is_unique(self, store: FakeStore) -> None:
        made = add_member(store, OPERATOR, WS, NewMember("x@example.com", "X", external_id=" E-1 "))
        assert made.external_id == "E-1"
        with pytest.raises(DuplicateExternalId, match=r"x@example\.com"):
            add_member(store, OPERATOR, WS, NewMember("y@example.com", "Y", external_id="E-1"))
        assert [m.email for m in store.members.all(WS)] == ["x@example.com"]

    def test_blank_is_none(self, store: FakeStore) -> None:
        made = add_member(store, OPERATOR, WS, NewMember("x@example.com", "X", external_id="  "))
        assert made.external_id is None

    @pytest.mark.parametrize(
        ("external_id", "error"),
        [
            ("E 1", UnacceptableText),
            ("E\u00a01", UnacceptableText),
            ("E\t1", UnacceptableText),
            ("E\u200b1", UnacceptableText),
            ("E" * 65, NameTooLong),
        ],
    )
    def test_1_to_64_printable_characters_without_spaces(
        self, store: FakeStore, external_id: str, error: type[Exception]
    ) -> None:
        with pytest.raises(error):
            add_member(
                store, OPERATOR, WS, NewMember("x@example.com", "X", external_id=external_id)
            )
        assert not store.members.all(WS)

    def test_import_sets_it_and_an_empty_cell_keeps_the_stored_one(
        self, store: FakeStore, bob: Member
    ) -> None:
        rows = read_member_rows(
            "email,name,external_id\nbob@example.com,Bob,E-7\nz@example.com,Z,\n"
        )
        added, updated = import_members(store, OPERATOR, WS, rows)
        assert [(m.email, m.external_id) for m in added] == [("z@example.com", None)]
        assert [m.external_id for m in updated] == ["E-7"]
        import_members(store, OPERATOR, WS, read_member_rows("email,name\nbob@example.com,B\n"))
        assert find_member(store, WS, bob.id).external_id == "E-7"

    def test_one_id_twice_in_a_file_names_the_line(self) -> None:
        text = (
            "email,name,external_id\na@example.com,A,E1\nb@example.com,B,E2\nc@example.com,C,E1\n"
        )
        with pytest.raises(InvalidMemberRow, match=r"Line 4: .*'E1'.*a@example\.com"):
            read_member_rows(text)

    def test_the_same_member_twice_in_a_file_may_repeat_it(self) -> None:
        text = "email,name,external_id\na@example.com,A,E1\nA@example.com,A2,E1\n"
        assert [r.external_id for r in read_member_rows(text)] == ["E1", "E1"]

    def test_an_id_another_member_holds_is_refused_on_import(
        self, store: FakeStore, bob: Member
    ) -> None:
        add_member(store, OPERATOR, WS, NewMember("x@example.com", "X", external_id="E1"))
        rows = read_member_rows("email,name,external_id\nbob@example.com,Bob,E1\n")
        with pytest.raises(DuplicateExternalId):
            import_members(store, OPERATOR, WS, rows)
        assert find_member(store, WS, bob.id).external_id is None


class TestMemberByRef:
    def test_by_id_email_in_any_case_or_external_id(self, store: FakeStore) -> None:
        made = add_member(store, OPERATOR, WS, NewMember("X@example.com", "X", external_id="E-42"))
        assert member_by_ref(store, WS, made.id) == made
        assert member_by_ref(store, WS, "x@EXAMPLE.com") == made
        assert member_by_ref(store, WS, "E-42") == made

    def test_an_external_id_that_looks_like_an_id_or_email_is_found_too(
        self, store: FakeStore
    ) -> None:
        one = add_member(store, OPERATOR, WS, NewMember("a@example.com", "A", external_id="mem_1"))
        two = add_member(store, OPERATOR, WS, NewMember("b@example.com", "B", external_id="b@hr"))
        assert member_by_ref(store, WS, "mem_1") == one
        assert member_by_ref(store, WS, "b@hr") == two

    @pytest.mark.parametrize(
        "ref", ["", "e-42", "ghost@example.com", "mem_ghost", "U123", "E-42\x00", "\u200bE-42"]
    )
    def test_anything_else_is_unknown(self, store: FakeStore, ref: str) -> None:
        add_member(store, OPERATOR, WS, NewMember("x@example.com", "X", external_id="E-42"))
        with pytest.raises(UnknownMember):
            member_by_ref(store, WS, ref)
