"""The sync planner (core/imports/sync.py): all five outcomes, the window, trimming, conflicts,
and a property: after each sync the source holds the export, and nobody overlaps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from core.imports.model import PlannedRow
from core.imports.sync import SyncPlan, SyncWindow, apply_plan, plan_rows, plan_sync
from core.records.model import Unavailability
from tests.fakes import FakeStore

WS, SRC, NOW = "T1", "sync:HR", datetime(2026, 1, 1, tzinfo=UTC)
DAY0 = datetime(2026, 3, 1, tzinfo=UTC)


def d(n: int) -> datetime:
    return DAY0 + timedelta(days=n)


def row(line: int, member: str, a: int, b: int, type_: str = "t1", name: str = "x") -> PlannedRow:
    return PlannedRow(line, f"avail_r{line}_{a}_{b}", member, type_, d(a), d(b), True, name)


def rec(
    id_: str, member: str, a: int, b: int, source: str = SRC, name: str = "x"
) -> Unavailability:
    return Unavailability(id_, WS, member, "t1", d(a), d(b), True, source, None, NOW, NOW, name)


def plan(
    rows: list[PlannedRow], stored: list[Unavailability], window: SyncWindow | None = None
) -> SyncPlan:
    return plan_rows(
        rows, stored, workspace_id=WS, source=SRC, window=window or SyncWindow(), now=NOW
    )


class TestOutcomes:
    def test_unchanged_changed_created_removed(self) -> None:
        stored = [rec("a", "m1", 0, 3), rec("b", "m1", 5, 8, name="old"), rec("c", "m2", 1, 2)]
        found = plan([row(1, "m1", 0, 3), row(2, "m1", 5, 8), row(3, "m3", 1, 2)], stored)
        assert [r.id for r in found.unchanged] == ["a"]
        assert [(c.before.id, c.after.name) for c in found.changed] == [("b", "x")]
        assert [r.member_id for r in found.created] == ["m3"]
        assert [r.id for r in found.removed] == ["c"]

    def test_shortened_leave_is_changed_in_place(self) -> None:
        found = plan([row(1, "m1", 0, 2)], [rec("a", "m1", 0, 5)])
        assert [(c.after.id, c.after.end) for c in found.changed] == [("a", d(2))]
        assert not found.created and not found.removed

    def test_hand_entered_is_removed_or_trimmed(self) -> None:
        hand = [rec("h1", "m1", 1, 2, source="cli"), rec("h2", "m1", 3, 9, source="slack")]
        found = plan([row(1, "m1", 0, 5)], hand)
        gone = {s.record.id: [(k.id, k.start, k.end) for k in s.kept] for s in found.superseded}
        assert gone == {"h1": [], "h2": [("h2", d(5), d(9))]}

    def test_a_row_inside_a_hand_record_splits_it(self) -> None:
        found = plan([row(1, "m1", 3, 4)], [rec("h", "m1", 0, 9, source="cli")])
        kept = found.superseded[0].kept
        assert [(k.start, k.end) for k in kept] == [(d(0), d(3)), (d(4), d(9))]
        assert kept[0].id == "h" and kept[1].id != "h"

    def test_another_source_fails_naming_both(self) -> None:
        found = plan([row(7, "m1", 0, 2)], [rec("f", "m1", 1, 3, source="feed:cal")])
        assert not found.ok
        assert found.errors[0].line == 7
        assert "feed:cal" in found.errors[0].message and SRC in found.errors[0].message


class TestWindow:
    def test_records_ending_before_the_window_are_untouched(self) -> None:
        stored = [rec("old", "m1", -9, -5), rec("edge", "m1", -2, 1)]
        found = plan([row(1, "m2", 0, 1)], stored)
        assert not found.removed
        assert [(c.after.id, c.after.end) for c in found.changed] == [("edge", d(0))]

    def test_rows_outside_an_explicit_window_are_errors(self) -> None:
        found = plan([row(3, "m1", 0, 1)], [], SyncWindow(d(5), d(9)))
        assert [e.line for e in found.errors] == [3]

    def test_an_empty_export_with_a_window_clears_it(self) -> None:
        found = plan([], [rec("a", "m1", 5, 6), rec("b", "m1", 20, 21)], SyncWindow(d(0), d(10)))
        assert [r.id for r in found.removed] == ["a"]

    def test_no_rows_and_no_window_touch_nothing(self) -> None:
        assert not plan([], [rec("a", "m1", 5, 6)]).touches

    def test_a_row_straddling_a_feed_window_keeps_the_others_past(self) -> None:
        # a feed's window starts today (Mar 20); Bob's leave runs Mar 1-25
        today = SyncWindow(d(19), d(19 + 180))
        stored = [
            rec("jane", "jane", 9, 12),  # Jane's past record: never touched
            rec("jane_now", "jane", 15, 22),  # not repeated: cut back to before today
            rec("bob_old", "bob", -9, -5),  # Bob's, before his row: never touched
            rec("bob_in", "bob", 5, 7),  # Bob's, under his row: in scope, becomes it
        ]
        found = plan([row(1, "bob", 0, 25)], stored, today)
        assert found.ok
        assert not found.removed and not found.created
        assert sorted((c.after.id, c.after.start, c.after.end) for c in found.changed) == [
            ("bob_in", d(0), d(25)),
            ("jane_now", d(15), d(19)),
        ]
        assert (found.start, found.end) == (today.start, today.end)

    def test_rows_straddling_an_explicit_window_keep_the_others_records(self) -> None:
        window = SyncWindow(d(10), d(20))
        stored = [
            rec("m2_before", "m2", 6, 8),  # ends before the window
            rec("m2_after", "m2", 21, 23),  # starts after it
            rec("m2_at", "m2", 20, 22),  # starts at its end
            rec("m1_under", "m1", 6, 8),  # under m1's straddling row
            rec("m3_under", "m3", 21, 23),  # under m3's straddling row
        ]
        found = plan([row(1, "m1", 5, 12), row(2, "m3", 18, 25)], stored, window)
        assert found.ok
        touched = {c.before.id for c in found.changed} | {r.id for r in found.removed}
        assert touched == {"m1_under", "m3_under"}
        assert not found.superseded


members = st.sampled_from(["m1", "m2", "m3"])
# rows and hand records may start before the window (day 0) and straddle it
spans = (
    st.tuples(st.integers(-5, 20), st.integers(1, 5))
    .map(lambda t: (t[0], t[0] + t[1]))
    .filter(lambda s: s[1] > 0)
)
# the source's records from earlier syncs that ended before the window
past_spans = st.tuples(st.integers(-10, -1), st.integers(1, 4)).map(
    lambda t: (t[0], min(t[0] + t[1], 0))
)


def disjoint(picked: list[tuple[str, tuple[int, int], str]]) -> list[PlannedRow]:
    rows: list[PlannedRow] = []
    for i, (member, (a, b), name) in enumerate(picked):
        if all(r.member_id != member or r.end <= d(a) or r.start >= d(b) for r in rows):
            rows.append(row(i + 2, member, a, b, name=name))
    return rows


exports = st.lists(
    st.lists(st.tuples(members, spans, st.sampled_from(["a", "b"])), max_size=6).map(disjoint),
    min_size=1,
    max_size=4,
)
hand = st.lists(st.tuples(members, spans), max_size=5)
past = st.lists(st.tuples(members, past_spans), max_size=5)


def clear_of(record: Unavailability, rows: list[PlannedRow]) -> bool:
    return all(
        r.member_id != record.member_id or r.end <= record.start or r.start >= record.end
        for r in rows
    )


@settings(max_examples=80, deadline=None)
@given(exports, hand, past)
def test_after_each_sync_the_source_holds_the_export(
    sequence: list[list[PlannedRow]],
    by_hand: list[tuple[str, tuple[int, int]]],
    earlier: list[tuple[str, tuple[int, int]]],
) -> None:
    store = FakeStore()
    for i, (member, (a, b)) in enumerate(by_hand):
        if not store.unavailability.overlapping(WS, member, d(a), d(b)):
            store.unavailability.add(rec(f"h{i}", member, a, b, source="cli"))
    for i, (member, (a, b)) in enumerate(earlier):
        if not store.unavailability.overlapping(WS, member, d(a), d(b)):
            store.unavailability.add(rec(f"p{i}", member, a, b))
    window = SyncWindow(d(0), None)
    for n, rows in enumerate(sequence):
        # each export's rows get new record ids, as every real import does (ids are built
        # from the line, so two exports could otherwise hand one id to two records)
        export = [r._replace(record_id=f"{r.record_id}_{n}") for r in rows]
        hand_before = [r for r in store.unavailability.rows.values() if r.source == "cli"]
        past_before = [
            r for r in store.unavailability.rows.values() if r.source == SRC and r.end <= d(0)
        ]
        found = plan_sync(store, WS, SRC, export, window, NOW)
        assert found.ok
        with store.transaction():
            apply_plan(store, WS, found)
        everything = list(store.unavailability.rows.values())
        mine = sorted(
            (r.member_id, r.start, r.end, r.name)
            for r in everything
            if r.source == SRC and r.end > d(0)
        )
        assert mine == sorted((r.member_id, r.start, r.end, r.name) for r in export)
        # hand records no row covers, and the source's records that ended before the
        # window and lie under none of their member's rows, are untouched
        for record in [*hand_before, *past_before]:
            if clear_of(record, export):
                assert store.unavailability.rows.get(record.id) == record
        for x in everything:
            for y in everything:
                if x.id < y.id and x.member_id == y.member_id:
                    assert x.end <= y.start or y.end <= x.start
        again = plan_sync(store, WS, SRC, export, window, NOW)
        assert not again.touches
