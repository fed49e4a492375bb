"""Unavailability records in storage: round trips, overlap queries, listings, windows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import Conflict
from core.people.model import Member
from core.ports import RecordSort
from core.records.model import UnavailabilityType
from storage.database import execute_sql, is_postgres
from storage.records import SYNCED_SOURCE
from storage.repositories import SqlStore

from .factories import OTHER_WS, WS, at, member, record, utype, workspace

MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture
def neva(store: SqlStore) -> Member:
    workspace(store)
    return member(store, "neva@example.com")


@pytest.fixture
def bob(store: SqlStore) -> Member:
    return member(store, "bob@example.com")


@pytest.fixture
def time_off(store: SqlStore) -> UnavailabilityType:
    return utype(store, "Time off")


class TestRecordRoundTrip:
    def test_added_record_reads_back_unchanged(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        added = record(store, neva, time_off, at(10), at(13), name="Conference")
        assert store.unavailability.get(WS, added.id) == added

    def test_instants_given_in_another_zone_come_back_as_the_same_instant_in_utc(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        start = datetime(2026, 3, 29, 1, 30, tzinfo=MADRID)  # the night clocks go forward
        added = record(store, neva, time_off, start, start + timedelta(hours=2))
        got = store.unavailability.get(WS, added.id)
        assert got is not None
        assert (got.start, got.end) == (added.start, added.end)
        assert got.start.tzinfo is UTC and got.end.tzinfo is UTC
        assert got.start == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)

    def test_naive_instant_is_refused_and_nothing_is_stored(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        naive = datetime(2026, 3, 10, 9)  # noqa: DTZ001 - the bug under test
        with pytest.raises(ValueError, match="naive"):
            record(store, neva, time_off, naive, naive + timedelta(hours=1))
        assert store.unavailability.in_window(WS, at(1), at(31)) == []

    def test_update_changes_the_given_record_only(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        first = record(store, neva, time_off, at(10))
        second = record(store, neva, time_off, at(12))
        changed = replace(first, start=at(9), name="Moved", all_day=False, updated_at=at(5))
        store.unavailability.update(changed)
        assert store.unavailability.get(WS, first.id) == changed
        assert store.unavailability.get(WS, second.id) == second

    def test_remove_deletes_the_record_and_unknown_ids_are_ignored(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        added = record(store, neva, time_off, at(10))
        store.unavailability.remove(WS, "avail_unknown")
        store.unavailability.remove(OTHER_WS, added.id)
        assert store.unavailability.get(WS, added.id) == added
        store.unavailability.remove(WS, added.id)
        assert store.unavailability.get(WS, added.id) is None

    def test_record_for_an_unknown_member_is_a_conflict(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        with pytest.raises(Conflict):
            record(store, replace(neva, id="mem_unknown"), time_off, at(10))
        assert store.unavailability.in_window(WS, at(1), at(31)) == []


class TestOverlapping:
    def test_finds_the_members_records_overlapping_the_span_but_not_touching_ones(
        self, store: SqlStore, neva: Member, bob: Member, time_off: UnavailabilityType
    ) -> None:
        before = record(store, neva, time_off, at(9), at(10))  # ends where the span starts
        inside = record(store, neva, time_off, at(10, 6), at(10, 7))
        across = record(store, neva, time_off, at(10, 20), at(11, 3))
        record(store, neva, time_off, at(11), at(12))  # starts where the span ends
        record(store, bob, time_off, at(10), at(11))  # someone else
        found = store.unavailability.overlapping(WS, neva.id, at(10), at(11))
        assert found == [inside, across]
        assert before not in found

    def test_can_leave_out_the_record_being_changed(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        added = record(store, neva, time_off, at(10), at(11))
        assert store.unavailability.overlapping(WS, neva.id, at(10), at(11), added.id) == []


class TestRecordListing:
    def test_sorts_by_start_by_default_and_by_id_on_request(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        records = [record(store, neva, time_off, at(day)) for day in (20, 5, 12)]

        def listed(sort: RecordSort) -> list[str]:
            page = store.unavailability.paged(
                WS,
                member_id=neva.id,
                start=None,
                end=None,
                sort=sort,
                page=0,
                page_size=10,
            )
            assert page.sorted_by == (sort,)
            return [r.id for r in page.items]

        assert listed("start") == [r.id for r in sorted(records, key=lambda r: r.start)]
        assert listed("id") == sorted(r.id for r in records)

    def test_window_keeps_records_overlapping_it_either_bound_optional(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        early, mid, late = (record(store, neva, time_off, at(d)) for d in (5, 10, 20))

        def window(start: datetime | None, end: datetime | None) -> list[str]:
            page = store.unavailability.paged(
                WS, member_id=None, start=start, end=end, sort="start", page=0, page_size=10
            )
            return [r.id for r in page.items]

        assert window(at(6), at(10, 1)) == [mid.id]
        assert window(at(10, 12), None) == [mid.id, late.id]
        assert window(None, at(10)) == [early.id]
        assert window(None, None) == [early.id, mid.id, late.id]

    def test_pages_count_from_zero_and_count_is_the_total(
        self, store: SqlStore, neva: Member, bob: Member, time_off: UnavailabilityType
    ) -> None:
        mine = [record(store, neva, time_off, at(day)) for day in range(1, 8)]
        record(store, bob, time_off, at(1))
        page = store.unavailability.paged(
            WS, member_id=neva.id, start=None, end=None, sort="start", page=1, page_size=3
        )
        assert (page.count, page.page, page.page_size) == (7, 1, 3)
        assert list(page.items) == mine[3:6]


class TestInWindow:
    def test_returns_every_overlapping_record_sorted_by_member_then_start(
        self, store: SqlStore, neva: Member, bob: Member, time_off: UnavailabilityType
    ) -> None:
        n2 = record(store, neva, time_off, at(12))
        n1 = record(store, neva, time_off, at(10))
        b1 = record(store, bob, time_off, at(11))
        record(store, bob, time_off, at(25))
        found = store.unavailability.in_window(WS, at(10), at(15))
        by_member = sorted([n1, n2, b1], key=lambda r: (r.member_id, r.start))
        assert found == by_member

    def test_can_be_limited_to_some_members(
        self, store: SqlStore, neva: Member, bob: Member, time_off: UnavailabilityType
    ) -> None:
        mine = record(store, neva, time_off, at(10))
        record(store, bob, time_off, at(10))
        assert store.unavailability.in_window(WS, at(1), at(31), [neva.id]) == [mine]
        assert store.unavailability.in_window(WS, at(1), at(31), []) == []

    @pytest.mark.slow
    def test_reads_thousands_of_records_across_many_members(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        people = [member(store, f"p{i}@example.com") for i in range(600)]
        base = record(store, neva, time_off, at(1))
        rows = [
            replace(base, id=f"avail_{p.id}_{d}", member_id=p.id, start=at(d), end=at(d + 1))
            for p in people
            for d in (3, 7)
        ]
        with store.transaction():
            for row in rows:
                store.unavailability.add(row)
        found = store.unavailability.in_window(WS, at(2), at(10), [p.id for p in people])
        assert len(found) == 1200
        assert found == sorted(found, key=lambda r: (r.member_id, r.start))


class TestRecordScoping:
    def test_records_of_one_workspace_never_show_in_another(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        other = member(store, "neva@example.com", workspace_id=OTHER_WS)
        other_type = utype(store, "Time off", workspace_id=OTHER_WS)
        mine = record(store, neva, time_off, at(10))
        theirs = record(store, other, other_type, at(10))
        assert store.unavailability.get(WS, theirs.id) is None
        assert store.unavailability.in_window(WS, at(1), at(31)) == [mine]
        assert store.unavailability.overlapping(WS, other.id, at(1), at(31)) == []
        listed = store.unavailability.paged(
            OTHER_WS, member_id=None, start=None, end=None, sort="id", page=0, page_size=10
        )
        assert (listed.count, list(listed.items)) == (1, [theirs])


class TestBySource:
    """Only synced records are indexed by source (migration slim_record_indexes)."""

    def test_finds_a_synced_sources_records_in_the_window_only(
        self, store: SqlStore, neva: Member, time_off: UnavailabilityType
    ) -> None:
        synced = [
            replace(record(store, neva, time_off, at(day)), source="sync:HR") for day in (3, 9)
        ]
        for one in synced:
            store.unavailability.update(one)
        record(store, neva, time_off, at(5))  # by hand: not the source's
        by_id = sorted(synced, key=lambda r: r.id)
        assert store.unavailability.of_source(WS, "sync:HR", at(1), None) == by_id
        assert store.unavailability.of_source(WS, "sync:HR", at(4), at(8)) == []
        assert store.unavailability.of_source(WS, "feed:HR", at(1), None) == []

    def test_uses_the_index_of_synced_records(self, store: SqlStore) -> None:
        sql = (
            "SELECT id FROM unavailability WHERE workspace_id = %s AND source = %s "
            f"AND start_ts < %s AND {SYNCED_SOURCE}"
        )
        params = (WS, "sync:HR", 100)
        if is_postgres(store.db):
            with store.transaction():
                execute_sql(store.db, "SET LOCAL enable_seqscan = off")  # a tiny table else
                found = execute_sql(store.db, f"EXPLAIN {sql}", params).fetchall()
            plan = " ".join(str(r[0]) for r in found)
        else:
            found = execute_sql(store.db, f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            plan = " ".join(str(r[-1]) for r in found)
        assert "unavailability_synced" in plan, plan

    def test_a_source_entered_by_hand_is_never_looked_up_by_source(self, store: SqlStore) -> None:
        with pytest.raises(ValueError, match="synced"):
            store.unavailability.of_source(WS, "import:imp_1", at(1), None)
