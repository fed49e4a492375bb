"""Your next shift moved: what is told, what is only recorded, and when."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from core.alerts.model import WatchedShift
from core.alerts.shift_watch import AHEAD, Move, watch_changes, watched_as
from core.rotations.stints import Stint
from core.time.spans import zone
from tests.unit.alerts.people import member, stint

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
ANA = member("Ana", "Europe/Madrid")
NEXT = stint(ANA, datetime(2026, 3, 9, 8, 0, tzinfo=UTC), datetime(2026, 3, 16, 8, 0, tzinfo=UTC))
ZONES = {ANA.id: zone("Europe/Madrid")}


def shifted(days: int, length: int = 7) -> Stint:
    """Ana's next shift moved `days` later (and lasting `length` days)."""
    start = NEXT.start + timedelta(days=days)
    return Stint(NEXT.rotation, start, start + timedelta(days=length), ANA.id)


def changes(
    stints: list[Stint], old: WatchedShift | None, now: datetime = NOW
) -> tuple[list[WatchedShift], list[Move]]:
    watched = {ANA.id: old} if old else {}
    return watch_changes([ANA], stints, watched, zone_of=ZONES, now=now)


def known(shift: Stint | None, horizon: datetime = NOW + AHEAD) -> WatchedShift:
    return watched_as(ANA.id, shift, horizon, version=3)


class TestWatch:
    def test_a_member_seen_first_is_recorded_without_a_word(self) -> None:
        silent, moves = changes([NEXT], None)
        assert moves == []
        assert [(s.start, s.version) for s in silent] == [(NEXT.start, 0)]

    def test_the_same_shift_is_no_news(self) -> None:
        assert changes([NEXT], known(NEXT)) == ([], [])

    def test_a_shift_that_moved_is_told_once_by_its_version(self) -> None:
        later = Stint(
            NEXT.rotation, NEXT.start + timedelta(days=7), NEXT.end + timedelta(days=7), ANA.id
        )
        silent, [move] = changes([later], known(NEXT))
        assert silent == []
        shift = f"{NEXT.rotation.id}:{int(later.start.timestamp())}:{int(later.end.timestamp())}"
        assert move.after == later and move.key == f"moved:mem_ana:3:{shift}"
        assert move.record.start == later.start

    def test_a_move_to_another_shift_is_another_dm_though_it_replaces_the_same_version(
        self,
    ) -> None:
        _, [one] = changes([shifted(7)], known(NEXT))
        _, [two] = changes([shifted(14)], known(NEXT))
        _, [gone] = changes([], known(NEXT))
        assert len({one.key, two.key, gone.key}) == 3  # a DM found counts for its shift only

    def test_a_shift_clipped_by_the_window_read_keeps_its_key_as_the_window_moves(
        self,
    ) -> None:
        long = replace(shifted(7, length=90), runs_on=True)
        _, [now] = changes([long], known(NEXT))
        _, [later] = changes([replace(long, end=long.end + timedelta(minutes=1))], known(NEXT))
        assert now.key == later.key

    def test_a_shift_taken_away_is_told(self) -> None:
        _, [move] = changes([], known(NEXT))
        assert move.after is None

    def test_a_shift_that_ended_makes_way_for_the_next_silently(self) -> None:
        after = NEXT.end + timedelta(hours=1)
        following = Stint(
            NEXT.rotation, NEXT.end + timedelta(days=21), NEXT.end + timedelta(days=28), ANA.id
        )
        silent, moves = changes([following], known(NEXT), now=after)
        assert moves == [] and silent[0].start == following.start

    def test_a_shift_coming_into_view_as_days_pass_is_no_news(self) -> None:
        nothing = known(None, horizon=NEXT.start)
        silent, moves = changes([NEXT], nothing)
        assert moves == [] and silent[0].start == NEXT.start

    def test_a_shift_added_within_the_view_is_news(self) -> None:
        nothing = known(None, horizon=NEXT.start + timedelta(days=1))
        _, [move] = changes([NEXT], nothing)
        assert move.after == NEXT

    def test_a_shift_in_progress_keeps_its_identity_whatever_window_shows_its_start(self) -> None:
        during = NEXT.start + timedelta(days=1)
        clipped = Stint(NEXT.rotation, during, NEXT.end, ANA.id)
        assert changes([clipped], known(NEXT), now=during)[1] == []

    def test_a_move_waits_for_the_end_of_the_quiet_hours(self) -> None:
        night = datetime(2026, 3, 4, 22, 30, tzinfo=UTC)  # 23:30 in Madrid
        assert changes([], known(NEXT), now=night) == ([], [])
        assert len(changes([], known(NEXT), now=night + timedelta(hours=9))[1]) == 1

    def test_a_long_shift_read_to_the_windows_end_is_no_news_as_the_window_moves(self) -> None:
        """Stints are read to a window's end: a 60-day shift's end moves with the window."""
        long = shifted(0, length=60)
        clipped = Stint(long.rotation, long.start, NOW + timedelta(days=70), ANA.id)
        later = NOW + timedelta(minutes=1)
        clipped_later = Stint(long.rotation, long.start, later + timedelta(days=70), ANA.id)
        assert changes([clipped_later], known(clipped), now=later) == ([], [])
