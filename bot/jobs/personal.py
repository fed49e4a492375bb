"""The personal tick (docs/alerts.md), every minute: DM members whose time off from elsewhere
hits their own shift, remind them of their shifts, tell them when their next shift moved.
Everything it sends is claimed in the outbox first, so instances and `availbot tick` never
send twice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.reminders import build_clash_dm, build_moved, build_reminder
from bot.jobs.direct import DirectMessages
from bot.services import Services
from core.alerts.clashes import ClashNotice, clashes_to_tell
from core.alerts.quiet import may_send
from core.alerts.reminders import AHEAD, due_reminders, shift_brief
from core.alerts.shift_watch import BEHIND, READ_AHEAD, Move, watch_changes
from core.people.model import Member, Workspace
from core.rotations.stints import Stint, read_stints
from core.time.spans import Span, zone
from core.time.words import describe_span
from core.workspaces import workspace_zone

CLASH, REMINDER, MOVED = "record_clash", "shift_reminder", "shift_moved"  # outbox kinds
log = logging.getLogger("availbot.alerts")


@dataclass(frozen=True)
class Told:
    """How many DMs of each kind went out (or were found sent) in one tick."""

    clashes: int = 0
    reminders: int = 0
    moves: int = 0


def personal_tick(services: Services, holder: str) -> Told:
    """Every workspace's personal DMs due now; one failing workspace is logged, not fatal."""
    dms = DirectMessages(services, holder)
    total = Told()
    for workspace in services.store.workspaces.list_all():
        try:
            told = _workspace(services, dms, workspace)
        except Exception:  # its claims' leases run out and the next tick retries them
            log.exception("personal DMs of %s failed", workspace.id)
            continue
        total = Told(
            total.clashes + told.clashes,
            total.reminders + told.reminders,
            total.moves + told.moves,
        )
    return total


@dataclass(frozen=True)
class _Team:
    """One workspace's people who can get a DM, their zones, and their stints ahead."""

    members: dict[str, Member]
    zones: dict[str, ZoneInfo]
    stints: list[Stint]


def _workspace(services: Services, dms: DirectMessages, workspace: Workspace) -> Told:
    store, now = services.store, services.clock()
    fallback = workspace_zone(workspace, services.settings.timezone)
    people = [m for m in store.members.all(workspace.id) if m.active and m.slack_user_id]
    zones = {m.id: zone(m.tz or fallback) for m in people}
    window = (now - BEHIND, now + max(AHEAD, READ_AHEAD))
    team = _Team({m.id: m for m in people}, zones, read_stints(store, workspace.id, *window))
    return Told(
        _tell_clashes(services, dms, workspace.id, team, now),
        _remind(services, dms, workspace.id, team, now),
        _tell_moves(services, dms, workspace.id, team, now),
    )


def _tell_clashes(
    services: Services, dms: DirectMessages, workspace_id: str, team: _Team, now: datetime
) -> int:
    sent = 0
    for notice in clashes_to_tell(services.store, workspace_id, team.members, now):
        member = notice.view.member
        if not may_send(now, team.zones[member.id], gap_start=notice.gap_start):
            continue  # in the morning, unless the gap starts within 12 hours
        tz = team.zones[member.id]

        def render(notice: ClashNotice = notice, tz: ZoneInfo = tz) -> dict[str, Any]:
            return build_clash_dm(notice, tz, now)

        sent += dms.send(CLASH, notice.key, member, render, now=now)
    return sent


def _remind(
    services: Services, dms: DirectMessages, workspace_id: str, team: _Team, now: datetime
) -> int:
    store = services.store
    settings = store.reminders.settings(workspace_id)
    due = due_reminders(
        list(team.members.values()),
        team.stints,
        settings,
        _calendars(services, workspace_id, team),
        zone_of=team.zones,
        now=now,
    )
    sent = 0
    for reminder in due:
        tz = team.zones[reminder.member.id]

        def render(reminder: Any = reminder, tz: ZoneInfo = tz) -> dict[str, Any]:
            brief = shift_brief(store, reminder.member, reminder.stint, tz, now)
            return build_reminder(brief, tz)

        sent += dms.send(REMINDER, reminder.key, reminder.member, render, now=now)
    return sent


def _calendars(services: Services, workspace_id: str, team: _Team) -> Any:
    """The calendars of the members with a shift soon (for their working days)."""
    soon = sorted({s.member_id for s in team.stints if s.member_id in team.members})
    if not soon:
        return ()
    return services.store.availability.definitions(workspace_id, soon).calendars


def _tell_moves(
    services: Services, dms: DirectMessages, workspace_id: str, team: _Team, now: datetime
) -> int:
    store = services.store
    watched = store.reminders.watched(workspace_id)
    silent, moves = watch_changes(
        list(team.members.values()), team.stints, watched, zone_of=team.zones, now=now
    )
    for record in silent:
        store.reminders.watch(workspace_id, record)
    told = 0
    for move in moves:
        render = _moved_message(services, move, team.zones[move.member.id], now)
        if dms.send(MOVED, move.key, move.member, render, now=now):
            store.reminders.watch(workspace_id, move.record)
            told += 1
    return told


def _moved_message(
    services: Services, move: Move, tz: ZoneInfo, now: datetime
) -> Callable[[], Any]:
    def render() -> dict[str, Any]:
        store = services.store
        before = move.before
        rotation = store.rotations.get(move.member.workspace_id, before.rotation_id or "")
        if before.start is None or before.end is None:
            was = "none in the next 35 days"
        else:
            name = rotation.name if rotation else "a rotation since removed"
            was = f"{name} {describe_span(Span(before.start, before.end), tz)}"
        after = move.after
        brief = shift_brief(store, move.member, after, tz, now) if after else None
        return build_moved(move, brief, tz, was)

    return render
