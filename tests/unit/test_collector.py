"""The garbage collector is paused while a team's days are built, and left as it was found."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence
from datetime import date

import pytest

from core.collector import collector_paused
from core.effective.model import Definitions
from core.effective.queries import effective_availability, team_availability
from core.people.model import OPERATOR, Member
from tests.unit.conftest import WS
from tests.unit.fakes_rotations import FakeScheduleStore

DAY = date(2026, 1, 5)


@pytest.fixture(autouse=True)
def collector_enabled() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


class TestPaused:
    def test_inside_it_is_paused_and_afterwards_it_runs_again(self) -> None:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled()

    def test_a_collector_disabled_before_stays_disabled(self) -> None:
        gc.disable()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()

    def test_it_runs_again_after_an_error_inside(self) -> None:
        with pytest.raises(ZeroDivisionError), collector_paused():
            1 / 0  # noqa: B018  # the error is the point
        assert gc.isenabled()

    def test_it_runs_again_only_when_the_last_of_two_threads_is_done(self) -> None:
        first_in, second_done = threading.Event(), threading.Event()
        seen: list[bool] = []

        def second() -> None:
            first_in.wait()
            with collector_paused():
                pass
            seen.append(gc.isenabled())  # the first thread is still inside
            second_done.set()

        other = threading.Thread(target=second)
        other.start()
        with collector_paused():
            first_in.set()
            second_done.wait()
        other.join()
        assert seen == [False]
        assert gc.isenabled()


def collector_seen(store: FakeScheduleStore, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector ran, each time the use case read the definitions."""
    seen: list[bool] = []
    reads = store.availability.definitions

    def definitions(workspace_id: str, member_ids: Sequence[str] | None = None) -> Definitions:
        seen.append(gc.isenabled())
        return reads(workspace_id, member_ids)

    monkeypatch.setattr(store.availability, "definitions", definitions)
    return seen


class TestTheUseCase:
    @pytest.fixture
    def store(self, alice: Member, bob: Member) -> FakeScheduleStore:
        made = FakeScheduleStore()
        for member in (alice, bob):
            made.members.add(member)
        return made

    def test_a_team_is_read_and_computed_with_the_collector_paused(
        self, store: FakeScheduleStore, alice: Member, bob: Member, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seen = collector_seen(store, monkeypatch)
        for members in (None, [alice, bob]):
            team = team_availability(
                store, OPERATOR, workspace_id=WS, first=DAY, last=DAY, members=members
            )
            assert team == {alice.id: [], bob.id: []}
        assert seen == [False, False]
        assert gc.isenabled()

    def test_one_member_is_too_few_to_pause_it_for(
        self, store: FakeScheduleStore, alice: Member, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seen = collector_seen(store, monkeypatch)
        found = effective_availability(
            store, OPERATOR, workspace_id=WS, member=alice.id, first=DAY, last=DAY
        )
        assert found == []
        assert seen == [True]
