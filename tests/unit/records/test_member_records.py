"""Records reached through their member: rights first, another member's record not found."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.errors import OwnRecordsOnly, UnknownMember, UnknownUnavailability
from core.people.model import OPERATOR, Actor, Member
from core.records.member_records import (
    change_member_record,
    member_record,
    member_records,
    remove_member_record,
)
from core.records.model import RecordView
from core.records.unavailability import RecordChange, add_unavailability
from core.time.spans import Span
from tests.fakes import FakeStore
from tests.unit.conftest import NOW, WS


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def add(store: FakeStore, member: Member, day: int) -> RecordView:
    return add_unavailability(
        store, OPERATOR, workspace_id=WS, member_id=member.id, span=Span(at(day), at(day + 1)),
        source="api", now=NOW,
    )  # fmt: skip


class TestMemberRecords:
    def test_lists_only_the_members_records(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        mine = add(store, bob, 10)
        add(store, carol, 10)
        page = member_records(store, Actor(bob), workspace_id=WS, member_id=bob.id)
        assert [v.record.id for v in page.items] == [mine.record.id] and page.count == 1

    def test_a_member_may_not_list_another_members(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        add(store, carol, 10)
        with pytest.raises(OwnRecordsOnly):
            member_records(store, Actor(bob), workspace_id=WS, member_id=carol.id)

    def test_an_admin_lists_anyones(self, store: FakeStore, alice: Member, carol: Member) -> None:
        add(store, carol, 10)
        assert member_records(store, Actor(alice), workspace_id=WS, member_id=carol.id).count == 1

    def test_unknown_member(self, store: FakeStore) -> None:
        with pytest.raises(UnknownMember):
            member_records(store, OPERATOR, workspace_id=WS, member_id="mem_nope")


class TestMemberRecord:
    def test_reads_the_members_record(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, 10)
        found = member_record(
            store, Actor(bob), workspace_id=WS, member_id=bob.id, record_id=made.record.id
        )
        assert found == made

    def test_a_record_of_another_member_is_not_found_under_this_one(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        made = add(store, carol, 10)
        with pytest.raises(UnknownUnavailability):
            member_record(
                store, OPERATOR, workspace_id=WS, member_id=bob.id, record_id=made.record.id
            )

    def test_rights_come_before_the_record(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        """A member probing another member's path learns nothing of which records exist."""
        with pytest.raises(OwnRecordsOnly):
            member_record(store, Actor(bob), workspace_id=WS, member_id=carol.id, record_id="x")


class TestChangeAndRemove:
    def test_changes_the_members_record(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, 10)
        changed = change_member_record(
            store, Actor(bob), workspace_id=WS, member_id=bob.id, record_id=made.record.id,
            change=RecordChange(name="Dentist"), now=NOW,
        )  # fmt: skip
        assert changed.record.name == "Dentist"
        assert store.unavailability.rows[made.record.id].name == "Dentist"

    def test_never_moves_the_record_to_another_member(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        made = add(store, bob, 10)
        change_member_record(
            store, OPERATOR, workspace_id=WS, member_id=bob.id, record_id=made.record.id,
            change=RecordChange(member_id=carol.id, name="x"), now=NOW,
        )  # fmt: skip
        assert store.unavailability.rows[made.record.id].member_id == bob.id

    def test_a_record_of_another_member_is_neither_changed_nor_removed(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        made = add(store, carol, 10)
        with pytest.raises(UnknownUnavailability):
            change_member_record(
                store, OPERATOR, workspace_id=WS, member_id=bob.id, record_id=made.record.id,
                change=RecordChange(name="x"), now=NOW,
            )  # fmt: skip
        with pytest.raises(UnknownUnavailability):
            remove_member_record(
                store, OPERATOR, workspace_id=WS, member_id=bob.id, record_id=made.record.id
            )
        assert store.unavailability.rows[made.record.id].name is None

    def test_a_member_may_not_remove_another_members(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        made = add(store, carol, 10)
        with pytest.raises(OwnRecordsOnly):
            remove_member_record(
                store, Actor(bob), workspace_id=WS, member_id=carol.id, record_id=made.record.id
            )
        assert made.record.id in store.unavailability.rows

    def test_removes_the_members_record(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, 10)
        remove_member_record(
            store, Actor(bob), workspace_id=WS, member_id=bob.id, record_id=made.record.id
        )
        assert made.record.id not in store.unavailability.rows
