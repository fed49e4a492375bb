"""The events of each feed from plain values: stints cut by overrides under stable keys,
whole shifts at the window's edges, gaps, and what each feed shows of time off."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar.events import gap_events, personal_events, stints, team_events
from core.calendar.feeds import feed_window
from core.calendar.model import CalendarEvent
from core.people.model import Member
from core.records.model import Kind, Unavailability, UnavailabilityType
from core.rotations.model import Override
from core.time.spans import merge, zone
from tests.unit.fakes_rotations import definition, rotation

MADRID = zone("Europe/Madrid")
ANN = Member("mem_ann", "T0LOCAL", "ann@example.com", "Ann", "Europe/Madrid")
BOB = Member("mem_bob", "T0LOCAL", "bob@example.com", "Bob", "America/New_York")
TYPES = {
    t.id: t
    for t in (
        UnavailabilityType("type_off", "T0LOCAL", "Time off", Kind.HARD),
        UnavailabilityType("type_sick", "T0LOCAL", "Sick", Kind.HARD, private=True),
        UnavailabilityType("type_soft", "T0LOCAL", "Prefer not on call", Kind.SOFT),
    )
}
# weekly, Mon 09:00 Madrid from 2 Feb 2026: Ann, Bob, Ann, Bob … (Ann's week: 2 Mar)
WEEKLY = rotation(
    None, definition((ANN.id, BOB.id), start=date(2026, 2, 2), timezone="Europe/Madrid")
)
MONDAY = datetime(2026, 3, 2, 8, tzinfo=UTC)
WEEK = timedelta(weeks=1)


def utc(day: int, hour: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def cover(start: datetime, end: datetime, who: Member = BOB, n: int = 1) -> Override:
    return Override(f"ovr_{n}", "T0LOCAL", WEEKLY.id, who.id, start, end, None, MONDAY)


def record(
    start: datetime, end: datetime, type_id: str = "type_off", who: Member = ANN, n: int = 1
) -> Unavailability:
    return Unavailability(
        f"avail_{n}", "T0LOCAL", who.id, type_id, start, end, False, "cli", None, MONDAY, MONDAY,
        name="Dentist",
    )  # fmt: skip


class TestStints:
    def test_an_override_inside_a_shift_cuts_it_and_the_first_piece_keeps_the_key(self) -> None:
        covered = cover(utc(4, 8), utc(5, 8))
        found = stints(WEEKLY, [covered], MONDAY, MONDAY + WEEK)
        key = f"shift-{WEEKLY.id}-20260302T080000Z"
        assert [(s.key, s.member_id, s.start, s.end, s.cover) for s in found] == [
            (key, ANN.id, MONDAY, utc(4, 8), False),
            ("override-ovr_1", BOB.id, utc(4, 8), utc(5, 8), True),
            (f"{key}-1", ANN.id, utc(5, 8), MONDAY + WEEK, False),
        ]

    def test_an_override_over_the_start_moves_the_shift_under_the_same_key(self) -> None:
        before = stints(WEEKLY, [], MONDAY, MONDAY + WEEK)
        after = stints(WEEKLY, [cover(MONDAY, utc(3, 8))], MONDAY, MONDAY + WEEK)
        ann = [s for s in after if s.member_id == ANN.id]
        assert [s.key for s in ann] == [before[0].key] and ann[0].start == utc(3, 8)

    def test_shifts_at_the_edges_of_the_window_are_whole(self) -> None:
        found = stints(WEEKLY, [], utc(4), utc(10))  # Wednesday to Tuesday
        assert [(s.start, s.end) for s in found] == [
            (MONDAY, MONDAY + WEEK),
            (MONDAY + WEEK, MONDAY + 2 * WEEK),
        ]

    def test_nothing_before_the_first_shift(self) -> None:
        assert stints(WEEKLY, [], utc(1, month=1), utc(2, 7, month=2)) == []

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 27 * 24), st.integers(1, 72)), max_size=6))
    def test_stints_never_overlap_cover_every_hour_and_have_distinct_keys(
        self, spans: list[tuple[int, int]]
    ) -> None:
        """Overrides (kept apart, as the store keeps them) over four weeks of shifts."""
        overrides: list[Override] = []
        end = MONDAY
        for n, (offset, hours) in enumerate(sorted(spans)):
            start = max(MONDAY + timedelta(hours=offset), end)
            end = start + timedelta(hours=hours)
            overrides.append(cover(start, end, n=n))
        window = (MONDAY, MONDAY + 4 * WEEK)
        found = stints(WEEKLY, overrides, *window)
        assert len({s.key for s in found}) == len(found)
        assert all(a.end <= b.start for a, b in pairwise(found))
        [(first, last)] = merge([(s.start, s.end) for s in found])
        assert first <= window[0] and last >= window[1]


class TestGaps:
    def test_overlapping_hard_records_make_one_gap_named_after_the_first(self) -> None:
        [stint] = stints(WEEKLY, [], MONDAY, MONDAY + timedelta(hours=1))
        records = [
            record(utc(3), utc(5), n=1),
            record(utc(4), utc(6), "type_sick", n=2),
            record(utc(7), utc(8), "type_soft", n=3),
        ]
        [gap] = gap_events(stint, ANN, TYPES, records)
        assert (gap.start, gap.end) == (utc(3), utc(6))
        assert gap.uid == f"rotation-gap-{stint.key}-avail_1@availbot"
        assert gap.summary == f"⚠ {WEEKLY.name}: nobody on call"
        assert gap.description == "Ann is on call but away (Away, Time off)."
        assert not gap.busy and gap.zone == "Europe/Madrid"

    def test_an_inactive_member_leaves_the_whole_stint_a_gap(self) -> None:
        [stint] = stints(WEEKLY, [], MONDAY, MONDAY + timedelta(hours=1))
        gone = Member(ANN.id, "T0LOCAL", ANN.email, ANN.name, ANN.tz, active=False)
        [gap] = gap_events(stint, gone, TYPES, [])
        assert (gap.start, gap.end, gap.uid) == (
            MONDAY, MONDAY + WEEK, f"rotation-gap-{stint.key}-inactive@availbot",
        )  # fmt: skip
        assert gap.description == "Ann is on call but no longer active."


class TestTimeOff:
    def test_personal_names_private_types_and_only_hard_ones_mark_busy(self) -> None:
        records = [record(utc(3), utc(4), "type_sick"), record(utc(5), utc(6), "type_soft", n=2)]
        found = personal_events(ANN, [], TYPES, records, "Europe/Madrid")
        assert [(e.summary, e.busy) for e in found] == [
            ("Sick: Dentist", True),
            ("Prefer not on call: Dentist", False),
        ]

    def test_team_shows_who_is_out_with_private_types_as_away_and_their_notes_left_out(
        self,
    ) -> None:
        gone = Member("mem_gone", "T0LOCAL", "gone@example.com", "Gone", None, active=False)
        records = [
            record(utc(3), utc(4), "type_sick"),
            record(utc(3), utc(4), "type_off", BOB, n=2),
            record(utc(3), utc(4), "type_soft", BOB, n=3),
            record(utc(3), utc(4), "type_off", gone, n=4),
        ]
        members = {m.id: m for m in (ANN, BOB, gone)}
        zones = {ANN.id: "Europe/Madrid", BOB.id: "America/New_York", gone.id: "UTC"}
        found = team_events(records, members, TYPES, zones)
        assert [(e.summary, e.description, e.zone) for e in found] == [
            ("Ann: Away", "", "Europe/Madrid"),
            ("Bob: Time off", "Dentist", "America/New_York"),
        ]


class TestFingerprint:
    def test_every_field_of_an_event_changes_its_fingerprint(self) -> None:
        event = CalendarEvent("u", "s", utc(3), utc(4), "UTC")
        others: dict[str, object] = {
            "uid": "v",
            "summary": "t",
            "start": utc(2),
            "end": utc(5),
            "zone": "Europe/Madrid",
            "all_day": True,
            "busy": True,
            "description": "d",
        }
        assert set(others) == {f.name for f in fields(CalendarEvent)}
        for name, value in others.items():
            changed = replace(event, **{name: value})  # type: ignore[arg-type]
            assert changed.fingerprint != event.fingerprint, name


class TestDays:
    def test_an_all_day_span_is_its_local_dates_with_the_day_after_the_last(self) -> None:
        # 28 Mar to 30 Mar in Madrid, across the spring change (a 23-hour day)
        start = datetime(2026, 3, 28, tzinfo=MADRID).astimezone(UTC)
        end = datetime(2026, 3, 31, tzinfo=MADRID).astimezone(UTC)
        event = CalendarEvent("u", "s", start, end, "Europe/Madrid", all_day=True)
        assert event.days == (date(2026, 3, 28), date(2026, 3, 31))

    def test_the_window_runs_from_15_days_back_to_the_end_of_the_180th_day_ahead(self) -> None:
        start, end = feed_window(datetime(2026, 3, 2, 23, 30, tzinfo=UTC), "Europe/Madrid")
        # 00:30 on 3 Mar in Madrid: today is the 3rd there
        assert start == datetime(2026, 2, 16, tzinfo=MADRID)
        assert end == datetime(2026, 8, 31, tzinfo=MADRID)
