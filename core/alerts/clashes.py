"""Your time off hits your shift: the member's own on-call (after overrides) that a record
takes away, from now on, so the reply or a DM can say so at once, with Find cover."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.people.model import Member
from core.ports import ScheduleStore
from core.records.model import Kind, RecordView
from core.records.sources import SLACK
from core.rotations.model import Rotation
from core.rotations.stints import Stint, read_stints

# How far ahead a record is compared with shifts: rotations are computed for a year at most
# in one go (the `oncall` window), and a longer leave is about this year's shifts first.
HORIZON = timedelta(days=366)


@dataclass(frozen=True)
class Clash:
    """The member is on call for the rotation in [start, end) and the record makes them out:
    the gap it opens."""

    rotation: Rotation
    member_id: str
    start: datetime
    end: datetime


# Records changed this long ago are still looked at, so one that arrived in the member's quiet
# hours (a nightly import) is told in the morning.
SCAN_BACK = timedelta(days=1)


@dataclass(frozen=True)
class ClashNotice:
    """A record the member did not enter themselves in Slack, and the gaps it opens."""

    view: RecordView
    clashes: tuple[Clash, ...]

    @property
    def key(self) -> str:
        return self.view.record.id

    @property
    def gap_start(self) -> datetime:
        return self.clashes[0].start


def clashes(store: ScheduleStore, view: RecordView, now: datetime) -> list[Clash]:
    """The gaps a hard record opens in its member's own upcoming on-call, soonest first.
    Soft and wants-pager records open none; the past is not looked at."""
    if view.type.kind is not Kind.HARD:
        return []
    record = view.record
    start, end = max(record.start, now), min(record.end, now + HORIZON)
    if end <= start:
        return []
    found = read_stints(store, record.workspace_id, start, end)
    return [
        Clash(s.rotation, s.member_id, s.start, s.end)
        for s in found
        if s.member_id == record.member_id
    ]


def clashes_to_tell(
    store: ScheduleStore, workspace_id: str, members: Mapping[str, Member], now: datetime
) -> list[ClashNotice]:
    """Records added or changed in the last day by anyone but their member in Slack (a CSV
    import, a feed, the API, the command line, an admin) that take `members` off their own
    upcoming on-call. On-call is computed once for all of them."""
    types = {t.id: t for t in store.types.all(workspace_id)}
    found = [
        RecordView(r, members[r.member_id], types[r.type_id])
        for r in store.unavailability.changed_since(workspace_id, now - SCAN_BACK)
        if r.member_id in members
        and types[r.type_id].kind is Kind.HARD
        and r.end > now
        and r.last_hand != (r.member_id, SLACK)
    ]
    if not found:
        return []
    end = min(max(v.record.end for v in found), now + HORIZON)
    by_member: dict[str, list[Stint]] = {}
    for stint in read_stints(store, workspace_id, now, end):
        by_member.setdefault(stint.member_id, []).append(stint)
    notices = []
    for view in found:
        record = view.record
        hit = tuple(
            Clash(s.rotation, s.member_id, max(s.start, record.start), min(s.end, record.end))
            for s in by_member.get(record.member_id, ())
            if s.overlaps(record.start, record.end)
        )
        if hit:
            notices.append(ClashNotice(view, hit))
    return notices
