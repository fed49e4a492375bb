"""Exactly once (docs/records.md): processes adding overlapping records at the same moment."""

from __future__ import annotations

from datetime import timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import pytest

from core.errors import OverlappingUnavailability
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.time.spans import Span
from core.workspaces import create_workspace
from storage.repositories import SqlStore, open_store
from tests.integration.racing import race

from .factories import NOW, WS, at, member

PROCESSES = 4
ROUNDS = 5


def round_span(round_: int, worker: int) -> Span:
    """Spans of one round all overlap each other; rounds are two days apart."""
    start = at(10 + 2 * round_) + timedelta(hours=worker)
    return Span(start, start + timedelta(days=1))


def _add_in_rounds(
    url: str, member_id: str, worker: int, barrier: Barrier, results: Queue[tuple[int, str]]
) -> None:
    with open_store(url, migrate=False) as store:
        for round_ in range(ROUNDS):
            barrier.wait(timeout=30)
            try:
                add_unavailability(
                    store,
                    OPERATOR,
                    workspace_id=WS,
                    member_id=member_id,
                    span=round_span(round_, worker),
                    now=NOW,
                )
                results.put((round_, "added"))
            except OverlappingUnavailability:
                results.put((round_, "refused"))
            except Exception as exc:
                results.put((round_, f"error: {exc!r}"))


@pytest.mark.slow
class TestSimultaneousAdds:
    def test_overlapping_adds_from_several_processes_leave_exactly_one_record(
        self, store: SqlStore, database_url: str
    ) -> None:
        create_workspace(store, WS, now=NOW)
        neva = member(store)
        seen, exits = race(
            _add_in_rounds, lambda i: (database_url, neva.id, i), PROCESSES, PROCESSES * ROUNDS
        )
        assert exits == [0] * PROCESSES
        outcomes: dict[int, list[str]] = {r: [] for r in range(ROUNDS)}
        for round_, outcome in seen:
            outcomes[round_].append(outcome)
        for round_, seen in outcomes.items():
            assert sorted(seen) == ["added"] + ["refused"] * (PROCESSES - 1), (round_, seen)
        stored = store.unavailability.in_window(WS, at(1), at(31))
        assert len(stored) == ROUNDS
        for round_ in range(ROUNDS):
            day = [r for r in stored if r.start.date() == round_span(round_, 0).start.date()]
            assert len(day) == 1, (round_, day)
