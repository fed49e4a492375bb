"""Storage of the personal alerts on both engines: cover requests move between states once,
reminder settings, watched shifts recorded once per change, records changed lately."""

from __future__ import annotations

from datetime import time, timedelta

from core.alerts.model import CoverRequest, ReminderSetting, RequestStatus, WatchedShift
from core.model import new_id
from core.records.model import Unavailability
from storage.repositories import SqlStore

from .factories import NOW, WS, at, member, utype, workspace


def request(store: SqlStore) -> CoverRequest:
    workspace(store)
    who = member(store)
    value = CoverRequest(
        new_id("cov"), WS, "rot_1", who.id, at(6), at(9), "C1", RequestStatus.OPEN, who.id, NOW
    )
    store.cover_requests.add(value)
    return value


class TestCoverRequests:
    def test_a_request_is_stored_and_read_back(self, store: SqlStore) -> None:
        stored = request(store)
        store.cover_requests.set_message(WS, stored.id, "1.0001")
        found = store.cover_requests.get(WS, stored.id)
        assert found is not None
        assert found.span == stored.span and found.message_ts == "1.0001"
        assert store.cover_requests.get("T0OTHER", stored.id) is None

    def test_open_requests_overlapping_a_span(self, store: SqlStore) -> None:
        stored = request(store)
        found = store.cover_requests.open_overlapping
        assert found(WS, "rot_1", stored.member_id, at(8), at(10)) == [stored]
        assert found(WS, "rot_1", stored.member_id, at(9), at(10)) == []
        assert found(WS, "rot_2", stored.member_id, at(8), at(10)) == []

    def test_of_two_moves_from_open_exactly_one_wins(self, store: SqlStore) -> None:
        stored = request(store)
        move = store.cover_requests.transition
        filled = move(
            WS,
            stored.id,
            expected=RequestStatus.OPEN,
            to=RequestStatus.FILLED,
            covered_by="mem_x",
            override_ids=["ovr_1", "ovr_2"],
            now=NOW,
        )
        withdrawn = move(
            WS,
            stored.id,
            expected=RequestStatus.OPEN,
            to=RequestStatus.WITHDRAWN,
            covered_by=None,
            override_ids=(),
            now=NOW,
        )
        assert (filled, withdrawn) == (True, False)
        found = store.cover_requests.get(WS, stored.id)
        assert found is not None
        assert (found.status, found.covered_by, found.override_ids, found.closed_at) == (
            RequestStatus.FILLED,
            "mem_x",
            ("ovr_1", "ovr_2"),
            NOW,
        )

    def test_opening_again_clears_who_covered_and_when_it_closed(self, store: SqlStore) -> None:
        stored = request(store)
        for expected, to, who, made in (
            (RequestStatus.OPEN, RequestStatus.FILLED, "m", ["o"]),
            (RequestStatus.FILLED, RequestStatus.OPEN, None, []),
        ):
            assert store.cover_requests.transition(
                WS, stored.id, expected=expected, to=to, covered_by=who, override_ids=made, now=NOW
            )
        found = store.cover_requests.get(WS, stored.id)
        assert found is not None
        assert (found.status, found.covered_by, found.override_ids, found.closed_at) == (
            RequestStatus.OPEN,
            None,
            (),
            None,
        )

    def test_a_removed_request_is_gone(self, store: SqlStore) -> None:
        stored = request(store)
        store.cover_requests.remove(WS, stored.id)
        assert store.cover_requests.get(WS, stored.id) is None


class TestReminders:
    def test_settings_are_saved_and_replaced(self, store: SqlStore) -> None:
        workspace(store)
        who = member(store)
        assert store.reminders.settings(WS) == {}
        store.reminders.save_setting(WS, ReminderSetting(who.id, time(17, 30)), NOW)
        store.reminders.save_setting(WS, ReminderSetting(who.id, time(9, 5), False), NOW)
        assert store.reminders.settings(WS) == {who.id: ReminderSetting(who.id, time(9, 5), False)}

    def test_a_watched_shift_is_recorded_once_per_version(self, store: SqlStore) -> None:
        workspace(store)
        who = member(store)
        first = WatchedShift(who.id, "rot_1", at(9, 8), at(16, 8), NOW + timedelta(days=35))
        assert store.reminders.watch(WS, first)
        assert not store.reminders.watch(WS, first)  # someone recorded a first sight already
        seen = store.reminders.watched(WS)[who.id]
        assert (seen.start, seen.end, seen.version) == (first.start, first.end, 1)
        moved = WatchedShift(who.id, None, None, None, NOW + timedelta(days=36), version=1)
        assert store.reminders.watch(WS, moved)
        assert not store.reminders.watch(WS, moved)  # that change was recorded by another
        seen = store.reminders.watched(WS)[who.id]
        assert (seen.rotation_id, seen.start, seen.version) == (None, None, 2)


class TestRecordsChangedLately:
    def test_records_changed_since_an_instant(self, store: SqlStore) -> None:
        workspace(store)
        who = member(store)
        kind = utype(store)

        def record(updated_hours_ago: int) -> Unavailability:
            stamp = NOW - timedelta(hours=updated_hours_ago)
            value = Unavailability(
                new_id("avail"),
                WS,
                who.id,
                kind.id,
                at(10),
                at(11),
                True,
                "api",
                None,
                stamp,
                stamp,
            )
            store.unavailability.add(value)
            return value

        fresh, _old = record(1), record(30)
        found = store.unavailability.changed_since(WS, NOW - timedelta(days=1))
        assert [r.id for r in found] == [fresh.id]
