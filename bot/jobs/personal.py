"""The personal tick (docs/alerts.md#the-personal-tick), every minute: DM members whose time
off from elsewhere hits their own shift, remind them of their shifts, tell them when their
next shift moved. Core decides (core/alerts/personal.py); everything sent is claimed in the
outbox first, so instances and `availbot tick` never send twice."""

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
from core.alerts.clashes import ClashNotice
from core.alerts.personal import personal_due
from core.alerts.reminders import Reminder, shift_brief
from core.alerts.shift_watch import Move
from core.people.model import Workspace
from core.time.spans import Span
from core.time.words import describe_span
from core.workspaces import workspace_zone

CLASH, REMINDER, MOVED = "record_clash", "shift_reminder", "shift_moved"  # outbox kinds
log = logging.getLogger("availbot.alerts")
Render = Callable[[], dict[str, Any]]


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


def _workspace(services: Services, dms: DirectMessages, workspace: Workspace) -> Told:
    store, now = services.store, services.clock()
    fallback = workspace_zone(workspace, services.settings.timezone)
    due = personal_due(store, workspace.id, fallback_zone=fallback, now=now)
    for record in due.silent:
        store.reminders.watch(workspace.id, record)
    clashes = sum(
        dms.send(CLASH, n.key, n.view.member, _clash(n, due.zones, now), now=now)
        for n in due.clashes
    )
    reminders = sum(
        dms.send(REMINDER, r.key, r.member, _reminder(services, r, due.zones, now), now=now)
        for r in due.reminders
    )
    moves = 0
    for move in due.moves:
        render = _moved(services, move, due.zones[move.member.id], now)
        if dms.send(MOVED, move.key, move.member, render, now=now):
            store.reminders.watch(workspace.id, move.record)  # told: the next change is news
            moves += 1
    return Told(clashes, reminders, moves)


def _clash(notice: ClashNotice, zones: dict[str, ZoneInfo], now: datetime) -> Render:
    return lambda: build_clash_dm(notice, zones[notice.view.member.id], now)


def _reminder(
    services: Services, reminder: Reminder, zones: dict[str, ZoneInfo], now: datetime
) -> Render:
    def render() -> dict[str, Any]:
        tz = zones[reminder.member.id]
        return build_reminder(
            shift_brief(services.store, reminder.member, reminder.stint, tz, now), tz
        )

    return render


def _moved(services: Services, move: Move, tz: ZoneInfo, now: datetime) -> Render:
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
