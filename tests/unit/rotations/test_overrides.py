"""Overrides (docs/rotations.md): who may cover, overlaps refused, unavailable takers refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from core.errors import (
    NotPermitted,
    OverlappingOverride,
    TakerMissing,
    TakerUnavailable,
    UnknownOverride,
    UnknownRotation,
)
from core.people.model import OPERATOR, Actor, Member
from core.records.unavailability import add_unavailability
from core.rotations.model import Rotation
from core.rotations.overrides import OverrideView, cover, list_overrides, remove_override
from core.time.spans import Span
from core.workspaces import create_workspace
from tests.unit.conftest import NOW, WS
from tests.unit.fakes_rotations import FakeScheduleStore, definition, rotation

TUE = Span(datetime(2026, 3, 3, 8, tzinfo=UTC), datetime(2026, 3, 4, 8, tzinfo=UTC))


@pytest.fixture
def store() -> FakeScheduleStore:
    made = FakeScheduleStore()
    create_workspace(made, WS, now=NOW)
    return made


@pytest.fixture
def primary(store: FakeScheduleStore, alice: Member, bob: Member, carol: Member) -> Rotation:
    members = (alice.id, bob.id, carol.id)
    return rotation(store, definition(members, shift="1d", handoff="09:00", start=date(2026, 3, 2)))


def take(
    store: FakeScheduleStore, actor: Actor, span: Span = TUE, member: Member | None = None
) -> OverrideView:
    return cover(
        store, actor, workspace_id=WS, rotation_name="PRIMARY", span=span, member=member, now=NOW
    )


class TestCover:
    def test_a_member_covers_for_themselves_by_default(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, bob: Member
    ) -> None:
        view = take(store, as_bob)
        stored = store.overrides.get(WS, view.override.id)
        assert stored is not None and stored.id.startswith("ovr_")
        assert (stored.member_id, stored.rotation_id) == (bob.id, primary.id)
        assert (stored.start, stored.end, stored.created_by) == (TUE.start, TUE.end, bob.id)

    def test_an_admin_covers_for_anyone(
        self, store: FakeScheduleStore, primary: Rotation, alice: Member, carol: Member
    ) -> None:
        view = take(store, Actor(alice), member=carol)
        assert view.member == carol

    def test_the_operator_must_say_who_covers(
        self, store: FakeScheduleStore, primary: Rotation
    ) -> None:
        """The CLI adds how to say it (--member); see tests/cli/test_oncall.py."""
        with pytest.raises(TakerMissing, match="Say who covers"):
            take(store, OPERATOR)

    def test_a_member_may_not_cover_for_someone_else(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, carol: Member
    ) -> None:
        with pytest.raises(NotPermitted, match=r"carol@example\.com"):
            take(store, as_bob, member=carol)
        assert store.overrides.rows == {}

    def test_an_unknown_rotation_is_named_with_the_known_ones(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor
    ) -> None:
        with pytest.raises(UnknownRotation, match="primary"):
            cover(store, as_bob, workspace_id=WS, rotation_name="nope", span=TUE, now=NOW)

    def test_an_overlapping_override_is_refused_naming_the_existing_one(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, carol: Member
    ) -> None:
        first = take(store, as_bob)
        later = Span(TUE.end.replace(hour=6), TUE.end.replace(hour=10))
        with pytest.raises(OverlappingOverride, match=first.override.id):
            take(store, OPERATOR, later, member=carol)
        assert list(store.overrides.rows) == [first.override.id]

    def test_the_overlap_is_told_in_the_refused_members_zone(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, carol: Member
    ) -> None:
        take(store, as_bob)
        later = Span(TUE.end.replace(hour=6), TUE.end.replace(hour=10))
        with pytest.raises(OverlappingOverride) as refused:
            take(store, Actor(carol), later)
        assert "Tue 3 Mar 09:00 – Wed 4 Mar 09:00" in refused.value.message
        assert "Europe/Madrid" in refused.value.message and "UTC" not in refused.value.message

    def test_touching_overrides_are_fine(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, carol: Member
    ) -> None:
        take(store, as_bob)
        take(store, OPERATOR, Span(TUE.end, TUE.end.replace(hour=12)), member=carol)
        assert len(store.overrides.rows) == 2

    def test_a_hard_unavailable_taker_is_refused(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, bob: Member
    ) -> None:
        add_unavailability(store, OPERATOR, workspace_id=WS, member_id=bob.id, span=TUE, now=NOW)
        with pytest.raises(TakerUnavailable, match="Bob Builder"):
            take(store, as_bob)
        assert store.overrides.rows == {}

    def test_a_soft_unavailable_taker_may_still_cover(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, bob: Member
    ) -> None:
        add_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            member_id=bob.id,
            span=TUE,
            type_name="Prefer not on call",
            now=NOW,
        )
        assert take(store, as_bob).member == bob

    def test_an_inactive_taker_is_refused(
        self, store: FakeScheduleStore, primary: Rotation, carol: Member
    ) -> None:
        store.members.update(replace(carol, active=False))
        with pytest.raises(TakerUnavailable, match="inactive"):
            take(store, OPERATOR, member=store.members.get(WS, carol.id))


class TestListAndRemove:
    def test_lists_overrides_still_running_by_start(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, carol: Member
    ) -> None:
        later = take(store, OPERATOR, Span(TUE.end, TUE.end.replace(hour=12)), member=carol)
        first = take(store, as_bob)
        found = list_overrides(store, WS, rotation_name="primary", since=TUE.start)
        assert [v.override.id for v in found] == [first.override.id, later.override.id]
        assert list_overrides(store, WS, since=TUE.end.replace(hour=13)) == []

    def test_a_member_removes_their_own_but_not_anothers(
        self, store: FakeScheduleStore, primary: Rotation, as_bob: Actor, carol: Member
    ) -> None:
        theirs = take(store, OPERATOR, member=carol)
        with pytest.raises(NotPermitted):
            remove_override(store, as_bob, workspace_id=WS, override_id=theirs.override.id)
        mine = take(store, as_bob, Span(TUE.end, TUE.end.replace(hour=12)))
        remove_override(store, as_bob, workspace_id=WS, override_id=mine.override.id)
        assert list(store.overrides.rows) == [theirs.override.id]

    def test_removing_an_unknown_override_says_so(self, store: FakeScheduleStore) -> None:
        with pytest.raises(UnknownOverride, match="ovr_nope"):
            remove_override(store, OPERATOR, workspace_id=WS, override_id="ovr_nope")
