"""Your next shift moved (docs/alerts.md): each member's current-or-next stint, compared with
the one last recorded for them; a change someone else made is told once, by a DM."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.alerts.model import WatchedShift
from core.alerts.quiet import is_quiet
from core.people.model import Member
from core.ports import PersonalStore
from core.rotations.stints import Stint, read_stints

AHEAD = timedelta(days=35)  # the window a next shift is looked for in (as on the Home)
BEHIND = timedelta(days=35)  # and how far back a shift in progress is read, to show its start
# Stints are read this far ahead, so that one starting within AHEAD shows its real end (up to
# 35 days long); an end further than AHEAD from now is "far", and far ends count as equal.
READ_AHEAD = 2 * AHEAD
# A member with no shift ahead has the end of that window recorded, so a shift that merely
# comes into view as days pass is not news. Recording it again every day is enough.
HORIZON_REFRESH = timedelta(days=1)


def watch_window(now: datetime) -> tuple[datetime, datetime]:
    """The stints read to find next shifts, by the tick and by refresh_watch alike: read
    over a different window, one long shift would end elsewhere and look moved."""
    return now - BEHIND, now + READ_AHEAD


@dataclass(frozen=True)
class Move:
    """The member's current-or-next shift changed from `before` to `after` (None: no shift
    in the next 35 days any more)."""

    member: Member
    before: WatchedShift
    after: Stint | None
    record: WatchedShift  # what to record once the member has been told

    @property
    def key(self) -> str:
        """The change told: the version it replaces and the shift it tells of, so a DM
        found after a lost answer counts only for the shift it described."""
        return f"moved:{self.member.id}:{self.before.version}:{fingerprint(self.after)}"


def fingerprint(stint: Stint | None) -> str:
    """The shift a DM tells of, the same from tick to tick: an edge the window read clipped
    (it moves with the window) counts as open."""
    if stint is None:
        return "none"
    start = "-" if stint.runs_from else str(int(stint.start.timestamp()))
    end = "+" if stint.runs_on else str(int(stint.end.timestamp()))
    return f"{stint.rotation.id}:{start}:{end}"


def next_stints(stints: Sequence[Stint], now: datetime) -> dict[str, Stint]:
    """Each member's current-or-next stint starting within AHEAD (of stints soonest first)."""
    first: dict[str, Stint] = {}
    for stint in stints:
        if stint.end > now and stint.start < now + AHEAD:
            first.setdefault(stint.member_id, stint)
    return first


def watched_as(
    member_id: str, stint: Stint | None, horizon: datetime, version: int
) -> WatchedShift:
    if stint is None:
        return WatchedShift(member_id, None, None, None, horizon, version)
    return WatchedShift(member_id, stint.rotation.id, stint.start, stint.end, horizon, version)


def watch_changes(
    members: Sequence[Member],
    stints: Sequence[Stint],
    watched: Mapping[str, WatchedShift],
    *,
    zone_of: Mapping[str, ZoneInfo],
    now: datetime,
) -> tuple[list[WatchedShift], list[Move]]:
    """(what to record without telling anyone, the moves to tell). Silent: a member seen for
    the first time, a shift that ended, a shift that only came into view, a horizon to push
    on. A move waits while the member is in their quiet hours."""
    horizon = now + AHEAD
    firsts = next_stints(stints, now)
    silent: list[WatchedShift] = []
    moves: list[Move] = []
    for member in members:
        if not (member.active and member.slack_user_id):
            continue
        new = firsts.get(member.id)
        old = watched.get(member.id)
        record = watched_as(member.id, new, horizon, old.version if old else 0)
        if old is None or _unremarkable(old, new, now):
            if old is None or not _same(old, new, now) or old.horizon + HORIZON_REFRESH <= horizon:
                silent.append(record)
        elif not is_quiet(now, zone_of[member.id]):
            moves.append(Move(member, old, new, record))
    return silent, moves


def _same(old: WatchedShift, new: Stint | None, now: datetime) -> bool:
    """The same shift. Of one that has begun only the rotation and the end count: its start
    is in the past (and reads as the start of whatever window it was computed in)."""
    if new is None:
        return old.rotation_id is None
    begun = old.start is not None and old.start <= now and new.start <= now
    start_same = begun or old.start == new.start
    far = old.end is not None and min(old.end, new.end) >= now + AHEAD
    end_same = far or old.end == new.end
    return start_same and end_same and old.rotation_id == new.rotation.id


def _unremarkable(old: WatchedShift, new: Stint | None, now: datetime) -> bool:
    """No news: unchanged, the recorded shift is over, or nothing was recorded before the old
    horizon and the new shift starts after it."""
    if _same(old, new, now):
        return True
    if old.end is not None and old.end <= now:
        return True
    return old.rotation_id is None and new is not None and new.start >= old.horizon


def refresh_watch(store: PersonalStore, workspace_id: str, member_id: str, now: datetime) -> None:
    """Record the member's current-or-next shift as known without telling them: they changed
    it themselves (I'll cover, Undo, Remove) or were just told otherwise."""
    mine = [
        s for s in read_stints(store, workspace_id, *watch_window(now)) if s.member_id == member_id
    ]
    old = store.reminders.watched(workspace_id).get(member_id)
    record = watched_as(
        member_id, next_stints(mine, now).get(member_id), now + AHEAD, old.version if old else 0
    )
    store.reminders.watch(workspace_id, record)
