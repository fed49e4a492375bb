"""The garbage collector is paused while a team's days are built, and left as it was found."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import date

import pytest

from core.effective.collector import collector_paused
from core.effective.queries import team_availability
from core.people.model import OPERATOR, Member
from tests.unit.conftest import WS
from tests.unit.fakes_rotations import FakeScheduleStore


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


def test_a_team_is_read_and_computed_with_the_collector_paused(
    alice: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FakeScheduleStore()
    store.members.add(alice)
    seen: list[bool] = []
    reads = store.members.all

    def members(workspace_id: str) -> list[Member]:
        seen.append(gc.isenabled())
        return reads(workspace_id)

    monkeypatch.setattr(store.members, "all", members)
    team = team_availability(
        store, OPERATOR, workspace_id=WS, first=date(2026, 1, 5), last=date(2026, 1, 9)
    )
    assert team == {alice.id: []}
    assert seen == [False]
    assert gc.isenabled()
