"""What one workspace's people should be told now (docs/alerts.md#the-personal-tick): time
off from elsewhere that hits their shift, shift reminders, shifts that moved. Read in a few
queries, decided here; the bot sends each through the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from core.alerts.clashes import ClashNotice, clashes_to_tell
from core.alerts.model import WatchedShift
from core.alerts.quiet import may_send
from core.alerts.reminders import AHEAD, Reminder, due_reminders
from core.alerts.shift_watch import Move, watch_changes, watch_window
from core.effective.model import Calendar
from core.ports import PersonalStore
from core.rotations.stints import Stint, read_stints
from core.time.spans import zone


@dataclass(frozen=True)
class PersonalDue:
    """The DMs due now (clashes told in the quiet hours only for gaps within 12 hours), and
    the watched shifts to record without a word."""

    zones: dict[str, ZoneInfo] = field(default_factory=dict)
    clashes: list[ClashNotice] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    silent: list[WatchedShift] = field(default_factory=list)


def personal_due(
    store: PersonalStore, workspace_id: str, *, fallback_zone: str, now: datetime
) -> PersonalDue:
    """Everyone who can get a DM (active, in Slack), their stints from 35 days back to 70
    ahead computed once, and what each should hear."""
    people = [m for m in store.members.all(workspace_id) if m.active and m.slack_user_id]
    if not people:
        return PersonalDue()
    zones = {m.id: zone(m.tz or fallback_zone) for m in people}
    members = {m.id: m for m in people}
    stints = read_stints(store, workspace_id, *watch_window(now))
    clashes = [
        notice
        for notice in clashes_to_tell(store, workspace_id, members, now)
        if may_send(now, zones[notice.view.member.id], gap_start=notice.gap_start)
    ]
    reminders = due_reminders(
        people,
        stints,
        store.reminders.settings(workspace_id),
        _calendars(store, workspace_id, stints, now),
        zone_of=zones,
        now=now,
    )
    watched = store.reminders.watched(workspace_id)
    silent, moves = watch_changes(people, stints, watched, zone_of=zones, now=now)
    return PersonalDue(zones, clashes, reminders, moves, silent)


def _calendars(
    store: PersonalStore, workspace_id: str, stints: list[Stint], now: datetime
) -> tuple[Calendar, ...]:
    """The calendars of the members with a stint starting soon (for their working days)."""
    soon = sorted({s.member_id for s in stints if now < s.start <= now + AHEAD})
    if not soon:
        return ()
    return store.availability.definitions(workspace_id, soon).calendars
