"""Storage of shift swaps on both engines: stored and read back, answered exactly once."""

from __future__ import annotations

from core.alerts.model import ShiftSwap, SwapStatus
from core.model import new_id
from storage.repositories import SqlStore

from .factories import NOW, WS, at, member, workspace


def swap(store: SqlStore) -> ShiftSwap:
    workspace(store)
    ann, bob = member(store, "ann@example.com"), member(store, "bob@example.com")
    value = ShiftSwap(
        new_id("swp"),
        WS,
        ann.id,
        bob.id,
        ("rot_1", at(9, 8), at(16, 8)),
        ("rot_1", at(16, 8), at(23, 8)),
        SwapStatus.OPEN,
        NOW,
    )
    store.swaps.add(value)
    return value


class TestShiftSwaps:
    def test_a_swap_is_stored_and_read_back(self, store: SqlStore) -> None:
        stored = swap(store)
        assert store.swaps.get(WS, stored.id) == stored
        assert store.swaps.get(WS, "swp_none") is None

    def test_of_two_answers_exactly_one_wins(self, store: SqlStore) -> None:
        stored = swap(store)
        answer = store.swaps.answer
        accepted = answer(WS, stored.id, to=SwapStatus.ACCEPTED, override_ids=["o1", "o2"], now=NOW)
        declined = answer(WS, stored.id, to=SwapStatus.DECLINED, override_ids=[], now=NOW)
        again = answer(WS, stored.id, to=SwapStatus.ACCEPTED, override_ids=["o3"], now=NOW)
        assert (accepted, declined, again) == (True, False, False)
        found = store.swaps.get(WS, stored.id)
        assert found is not None
        assert (found.status, found.override_ids, found.closed_at) == (
            SwapStatus.ACCEPTED,
            ("o1", "o2"),
            NOW,
        )
