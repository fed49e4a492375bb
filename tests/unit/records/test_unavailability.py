"""The rules of docs/records.md for unavailability records, against the fake store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import (
    ArchivedType,
    EndNotAfterStart,
    NameTooLong,
    NotPermitted,
    OverlappingUnavailability,
    UnknownMember,
    UnknownType,
    UnknownUnavailability,
    UsageError,
)
from core.people.model import OPERATOR, Actor, Member
from core.records.catalogue import set_archived
from core.records.model import RecordView, Unavailability
from core.records.unavailability import (
    RecordChange,
    add_unavailability,
    list_unavailability,
    remove_unavailability,
    shown_type_name,
    update_unavailability,
)
from core.time.spans import Span, day_span, zone
from tests.fakes import FakeStore
from tests.unit.conftest import NOW, WS

MADRID = zone("Europe/Madrid")


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def add(
    store: FakeStore,
    member: Member,
    span: Span,
    actor: Actor = OPERATOR,
    *,
    type_name: str | None = None,
    name: str | None = None,
) -> RecordView:
    return add_unavailability(
        store,
        actor,
        workspace_id=WS,
        member_id=member.id,
        span=span,
        type_name=type_name,
        name=name,
        now=NOW,
    )


def kept(store: FakeStore, record_id: str) -> Unavailability:
    """The stored record, which the test expects to be there."""
    found = store.unavailability.get(WS, record_id)
    assert found is not None
    return found


class TestAdd:
    def test_stores_a_record_with_the_default_type(self, store: FakeStore, bob: Member) -> None:
        from datetime import date

        view = add(store, bob, day_span(date(2026, 3, 10), date(2026, 3, 12), MADRID))
        stored = store.unavailability.get(WS, view.record.id)
        assert stored is not None
        assert view.type.name == "Time off"
        assert stored.start == datetime(2026, 3, 9, 23, tzinfo=UTC)
        assert stored.end == datetime(2026, 3, 12, 23, tzinfo=UTC)
        assert stored.all_day and stored.source == "cli"
        assert stored.id.startswith("avail_") and len(stored.id) >= 6 + 16

    def test_rejects_overlap_with_existing_record_and_names_it(
        self, store: FakeStore, bob: Member
    ) -> None:
        first = add(store, bob, Span(at(10), at(12)))
        with pytest.raises(OverlappingUnavailability) as caught:
            add(store, bob, Span(at(11), at(13)), type_name="Training")
        assert first.record.id in caught.value.message
        assert caught.value.collision.record_id == first.record.id
        assert len(store.unavailability.rows) == 1

    def test_overlap_is_told_in_the_acting_members_zone(
        self, store: FakeStore, bob: Member
    ) -> None:
        """Not in UTC: in the zone of whoever is refused (here an admin in Madrid adding for
        Bob, who has no zone), else the workspace's."""
        no_zone = replace(bob, tz=None)
        store.members.update(no_zone)
        admin = Actor(Member("mem_madrid", WS, "m@example.com", "M", "Europe/Madrid", admin=True))
        add(store, no_zone, Span(at(10, 5), at(11, 5)))
        with pytest.raises(OverlappingUnavailability) as caught:
            add(store, no_zone, Span(at(10, 6), at(10, 7)), admin)
        assert "Europe/Madrid" in caught.value.message and "UTC" not in caught.value.message
        assert "06:00" in caught.value.message  # 05:00 UTC is 06:00 in Madrid

    def test_overlap_is_refused_whatever_the_kinds(self, store: FakeStore, bob: Member) -> None:
        add(store, bob, Span(at(10), at(12)), type_name="Volunteer for on-call")
        with pytest.raises(OverlappingUnavailability):
            add(store, bob, Span(at(10, 5), at(10, 6)), type_name="Prefer not on call")

    def test_touching_records_are_not_overlapping(self, store: FakeStore, bob: Member) -> None:
        add(store, bob, Span(at(10), at(12)))
        add(store, bob, Span(at(12), at(13)))
        add(store, bob, Span(at(9), at(10)))
        assert len(store.unavailability.rows) == 3

    def test_other_members_may_overlap(self, store: FakeStore, bob: Member, carol: Member) -> None:
        add(store, bob, Span(at(10), at(12)))
        add(store, carol, Span(at(10), at(12)))
        assert len(store.unavailability.rows) == 2

    def test_refuses_archived_type(self, store: FakeStore, bob: Member) -> None:
        set_archived(store, OPERATOR, WS, "Training", True)
        with pytest.raises(ArchivedType, match="Training"):
            add(store, bob, Span(at(10), at(12)), type_name="training")
        assert not store.unavailability.rows

    def test_refuses_unknown_type_listing_known_ones(self, store: FakeStore, bob: Member) -> None:
        with pytest.raises(UnknownType, match="Sick"):
            add(store, bob, Span(at(10), at(12)), type_name="Vacation")

    def test_refuses_unknown_member(self, store: FakeStore) -> None:
        with pytest.raises(UnknownMember):
            add_unavailability(
                store,
                OPERATOR,
                workspace_id=WS,
                member_id="mem_x",
                span=Span(at(1), at(2)),
                now=NOW,
            )

    def test_refuses_end_at_or_before_start(self, store: FakeStore, bob: Member) -> None:
        with pytest.raises(EndNotAfterStart):
            add(store, bob, Span(at(12), at(12)))
        with pytest.raises(EndNotAfterStart):
            add(store, bob, Span(at(12), at(11)))
        assert not store.unavailability.rows

    def test_refuses_a_name_over_200_characters(self, store: FakeStore, bob: Member) -> None:
        add(store, bob, Span(at(1), at(2)), name="x" * 200)
        with pytest.raises(NameTooLong):
            add(store, bob, Span(at(3), at(4)), name="x" * 201)
        assert len(store.unavailability.rows) == 1

    def test_member_may_not_add_for_someone_else(
        self, store: FakeStore, as_bob: Actor, carol: Member
    ) -> None:
        with pytest.raises(NotPermitted, match=r"carol@example.com"):
            add(store, carol, Span(at(1), at(2)), actor=as_bob)
        assert not store.unavailability.rows

    def test_member_adds_for_themselves_and_admin_for_anyone(
        self, store: FakeStore, alice: Member, bob: Member, as_bob: Actor
    ) -> None:
        own = add(store, bob, Span(at(1), at(2)), actor=as_bob)
        other = add(store, bob, Span(at(3), at(4)), actor=Actor(alice))
        assert own.record.created_by == bob.id
        assert other.record.created_by == alice.id


class TestUpdate:
    def change(
        self,
        store: FakeStore,
        record_id: str,
        actor: Actor = OPERATOR,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        end_date_only: bool = False,
        type_name: str | None = None,
        name: str | None = None,
    ) -> RecordView:
        change = RecordChange(
            start=start, end=end, end_date_only=end_date_only, type_name=type_name, name=name
        )
        return update_unavailability(
            store,
            actor,
            workspace_id=WS,
            record_id=record_id,
            change=change,
            now=NOW + timedelta(hours=1),
        )

    def test_changes_only_given_fields(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, Span(at(10), at(12), True), name="Ski")
        updated = self.change(store, made.record.id, end=at(14), end_date_only=True)
        stored = kept(store, made.record.id)
        assert stored == updated.record
        assert (stored.start, stored.end, stored.name, stored.all_day) == (
            at(10),
            at(14),
            "Ski",
            True,
        )
        assert stored.updated_at > stored.created_at

    def test_a_timed_end_makes_the_record_timed(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, Span(at(10), at(12), True))
        updated = self.change(store, made.record.id, end=at(12, 9))
        assert not updated.record.all_day

    def test_rechecks_overlap_ignoring_itself(self, store: FakeStore, bob: Member) -> None:
        first = add(store, bob, Span(at(10), at(12)))
        second = add(store, bob, Span(at(14), at(16)))
        self.change(store, first.record.id, end=at(13))
        with pytest.raises(OverlappingUnavailability):
            self.change(store, first.record.id, end=at(15))
        assert kept(store, first.record.id).end == at(13)
        assert kept(store, second.record.id).start == at(14)

    def test_refuses_reversed_span_after_partial_change(
        self, store: FakeStore, bob: Member
    ) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        with pytest.raises(EndNotAfterStart):
            self.change(store, made.record.id, start=at(13))
        assert kept(store, made.record.id).start == at(10)

    def test_refuses_change_to_archived_type(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        set_archived(store, OPERATOR, WS, "Training", True)
        with pytest.raises(ArchivedType):
            self.change(store, made.record.id, type_name="Training")

    def test_record_with_archived_type_may_change_other_fields(
        self, store: FakeStore, bob: Member
    ) -> None:
        made = add(store, bob, Span(at(10), at(12)), type_name="Training")
        set_archived(store, OPERATOR, WS, "Training", True)
        updated = self.change(store, made.record.id, name="Course", end=at(13))
        assert updated.type.name == "Training"
        assert kept(store, made.record.id).name == "Course"

    def test_member_may_not_change_someone_elses_record(
        self, store: FakeStore, carol: Member, as_bob: Actor
    ) -> None:
        made = add(store, carol, Span(at(10), at(12)))
        with pytest.raises(NotPermitted):
            self.change(store, made.record.id, actor=as_bob, end=at(20))
        assert kept(store, made.record.id).end == at(12)

    def test_unknown_record(self, store: FakeStore) -> None:
        with pytest.raises(UnknownUnavailability):
            self.change(store, "avail_nope", name="x")

    def test_naming_the_records_own_archived_type_is_no_change(
        self, store: FakeStore, bob: Member
    ) -> None:
        """The edit modal sends the type it shows: a record keeps its archived type."""
        made = add(store, bob, Span(at(10), at(12)), type_name="Training")
        set_archived(store, OPERATOR, WS, "Training", True)
        updated = self.change(store, made.record.id, type_name="Training", end=at(13))
        assert updated.type.name == "Training" and kept(store, made.record.id).end == at(13)

    def test_an_admin_moves_a_record_to_another_member(
        self, store: FakeStore, alice: Member, bob: Member, carol: Member
    ) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        change = RecordChange(member_id=carol.id)
        moved = update_unavailability(
            store, Actor(alice), workspace_id=WS, record_id=made.record.id, change=change, now=NOW
        )
        assert moved.member == carol and kept(store, made.record.id).member_id == carol.id

    def test_a_member_may_not_give_their_record_to_someone_else(
        self, store: FakeStore, bob: Member, carol: Member, as_bob: Actor
    ) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        with pytest.raises(NotPermitted):
            update_unavailability(
                store, as_bob, workspace_id=WS, record_id=made.record.id,
                change=RecordChange(member_id=carol.id), now=NOW,
            )  # fmt: skip
        assert kept(store, made.record.id).member_id == bob.id

    def test_a_move_is_refused_when_it_overlaps_the_new_members_record(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        add(store, carol, Span(at(11), at(13)))
        with pytest.raises(OverlappingUnavailability):
            update_unavailability(
                store, OPERATOR, workspace_id=WS, record_id=made.record.id,
                change=RecordChange(member_id=carol.id), now=NOW,
            )  # fmt: skip
        assert kept(store, made.record.id).member_id == bob.id


class TestTypesById:
    """Clients that hold type ids (the HTTP API) name types by id instead of by name."""

    def training_id(self, store: FakeStore) -> str:
        found = store.types.by_name(WS, "Training")
        assert found is not None
        return found.id

    def test_adds_with_the_type_of_that_id(self, store: FakeStore, bob: Member) -> None:
        made = add_unavailability(
            store, OPERATOR, workspace_id=WS, member_id=bob.id, span=Span(at(10), at(12)),
            type_id=self.training_id(store), now=NOW,
        )  # fmt: skip
        assert made.type.name == "Training"
        assert kept(store, made.record.id).type_id == self.training_id(store)

    def test_an_unknown_type_id_is_refused(self, store: FakeStore, bob: Member) -> None:
        with pytest.raises(UnknownType):
            add_unavailability(
                store, OPERATOR, workspace_id=WS, member_id=bob.id, span=Span(at(10), at(12)),
                type_id="type_nope", now=NOW,
            )  # fmt: skip
        assert not store.unavailability.rows

    def test_an_archived_type_id_is_refused_for_a_new_record(
        self, store: FakeStore, bob: Member
    ) -> None:
        set_archived(store, OPERATOR, WS, "Training", True)
        with pytest.raises(ArchivedType):
            add_unavailability(
                store, OPERATOR, workspace_id=WS, member_id=bob.id, span=Span(at(10), at(12)),
                type_id=self.training_id(store), now=NOW,
            )  # fmt: skip
        assert not store.unavailability.rows

    def change(self, store: FakeStore, record_id: str, change: RecordChange) -> RecordView:
        return update_unavailability(
            store, OPERATOR, workspace_id=WS, record_id=record_id, change=change, now=NOW
        )

    def test_changes_to_the_type_of_that_id(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        self.change(store, made.record.id, RecordChange(type_id=self.training_id(store)))
        assert kept(store, made.record.id).type_id == self.training_id(store)

    def test_refuses_a_change_to_an_archived_type_id(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        set_archived(store, OPERATOR, WS, "Training", True)
        with pytest.raises(ArchivedType):
            self.change(store, made.record.id, RecordChange(type_id=self.training_id(store)))
        assert kept(store, made.record.id).type_id == made.type.id

    def test_naming_its_own_archived_type_id_is_no_change(
        self, store: FakeStore, bob: Member
    ) -> None:
        made = add(store, bob, Span(at(10), at(12)), type_name="Training")
        set_archived(store, OPERATOR, WS, "Training", True)
        change = RecordChange(type_id=self.training_id(store), name="Course")
        updated = self.change(store, made.record.id, change)
        assert updated.type.archived and kept(store, made.record.id).name == "Course"


class TestRemove:
    def test_removes_own_record(self, store: FakeStore, bob: Member, as_bob: Actor) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        remove_unavailability(store, as_bob, workspace_id=WS, record_id=made.record.id)
        assert not store.unavailability.rows

    def test_member_may_not_remove_someone_elses(
        self, store: FakeStore, carol: Member, as_bob: Actor
    ) -> None:
        made = add(store, carol, Span(at(10), at(12)))
        with pytest.raises(NotPermitted):
            remove_unavailability(store, as_bob, workspace_id=WS, record_id=made.record.id)
        assert made.record.id in store.unavailability.rows

    def test_removing_twice_says_unknown(self, store: FakeStore, bob: Member) -> None:
        made = add(store, bob, Span(at(10), at(12)))
        remove_unavailability(store, OPERATOR, workspace_id=WS, record_id=made.record.id)
        with pytest.raises(UnknownUnavailability):
            remove_unavailability(store, OPERATOR, workspace_id=WS, record_id=made.record.id)


class TestList:
    def test_window_keeps_records_overlapping_it(self, store: FakeStore, bob: Member) -> None:
        add(store, bob, Span(at(1), at(3)))
        inside = add(store, bob, Span(at(5), at(6)))
        add(store, bob, Span(at(9), at(10)))
        page = list_unavailability(store, workspace_id=WS, member_id=bob.id, start=at(3), end=at(9))
        assert [v.record.id for v in page.items] == [inside.record.id]
        assert page.count == 1

    def test_sorted_by_start_and_paged_with_total_count(
        self, store: FakeStore, bob: Member, carol: Member
    ) -> None:
        for day in (7, 3, 5, 1):
            add(store, bob, Span(at(day), at(day + 1)))
        add(store, carol, Span(at(2), at(3)))
        page = list_unavailability(store, workspace_id=WS, member_id=bob.id, page=1, page_size=2)
        assert page.count == 4
        assert [v.record.start.day for v in page.items] == [5, 7]
        everyone = list_unavailability(store, workspace_id=WS)
        assert [v.record.start.day for v in everyone.items] == [1, 2, 3, 5, 7]

    def test_sort_by_id(self, store: FakeStore, bob: Member) -> None:
        for day in (7, 3, 5):
            add(store, bob, Span(at(day), at(day + 1)))
        page = list_unavailability(store, workspace_id=WS, sort="id")
        ids = [v.record.id for v in page.items]
        assert ids == sorted(ids)
        assert page.sorted_by == ("id",)

    @pytest.mark.parametrize(("page", "size"), [(-1, 10), (0, 0), (0, 201)])
    def test_bad_paging_is_a_usage_error(self, store: FakeStore, page: int, size: int) -> None:
        with pytest.raises(UsageError):
            list_unavailability(store, workspace_id=WS, page=page, page_size=size)

    def test_private_types_read_away_to_other_members(
        self, store: FakeStore, alice: Member, bob: Member, carol: Member
    ) -> None:
        view = add(store, bob, Span(at(1), at(2)), type_name="Sick")
        assert shown_type_name(view, Actor(carol)) == "Away"
        assert shown_type_name(view, Actor(bob)) == "Sick"
        assert shown_type_name(view, Actor(alice)) == "Sick"


hours = st.integers(min_value=0, max_value=24 * 20)


class TestOverlapProperty:
    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(hours, st.integers(min_value=-3, max_value=48)), max_size=12))
    def test_stored_records_of_a_member_never_overlap(self, spans: list[tuple[int, int]]) -> None:
        """Whatever is attempted, what is stored is pairwise disjoint, and a refusal
        happens exactly when the attempt overlaps something stored."""
        store = FakeStore()
        from core.people.members import NewMember, add_member
        from core.workspaces import create_workspace

        create_workspace(store, WS, now=NOW)
        bob = add_member(store, OPERATOR, WS, NewMember("b@example.com", "B"))
        base = datetime(2026, 1, 1, tzinfo=UTC)
        for offset, length in spans:
            span = Span(base + timedelta(hours=offset), base + timedelta(hours=offset + length))
            before = list(store.unavailability.rows.values())
            clash = any(r.start < span.end and span.start < r.end for r in before)
            try:
                add(store, bob, span)
                assert length > 0 and not clash
            except OverlappingUnavailability:
                assert length > 0 and clash
                assert list(store.unavailability.rows.values()) == before
            except EndNotAfterStart:
                assert length <= 0
        stored = sorted(store.unavailability.rows.values(), key=lambda r: r.start)
        assert all(a.end <= b.start for a, b in pairwise(stored))
