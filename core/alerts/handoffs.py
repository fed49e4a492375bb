"""Hand-offs announced in digest channels (`handoffs=on`, docs/alerts.md#hand-offs): when the
member on call for a rotation changes, "primary: @Chen takes over from @Ben", once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from itertools import pairwise
from typing import Any

from core.alerts.gaps import in_scope
from core.alerts.outbox import Poster, Sending, send_once
from core.digest.due import Subscription
from core.people.model import Member
from core.ports import AlertStore, ScheduleStore
from core.records.model import Kind
from core.rotations.coverage import Duty, on_call_if_computable
from core.rotations.model import Rotation

KIND = "handoff"  # the outbox kind; key: subscription, rotation and instant
# A hand-off is announced from its instant for this long: later than that (availbot down,
# Slack refusing) it would be news of the past, and is left out.
GRACE = timedelta(minutes=30)


@dataclass(frozen=True)
class Handoff:
    subscription_id: str
    channel: str
    zone: str
    mentions: bool
    rotation_id: str
    rotation: str
    at: datetime
    incoming: Member
    outgoing: Member | None  # None: the rotation's first shift
    out_as: str | None = None  # the incoming member is out then, as this (public) type

    @property
    def key(self) -> str:
        return f"{self.subscription_id}:{self.rotation_id}:{int(self.at.timestamp())}"


def due_handoffs(
    store: ScheduleStore, subscriptions: Sequence[Subscription], now: datetime
) -> list[Handoff]:
    """The hand-offs of the last GRACE, for the subscriptions that announce them (all of
    one workspace), after overrides: an override starting or ending is a hand-off too."""
    wanted = [s for s in subscriptions if s.handoffs]
    if not wanted:
        return []
    workspace_id = wanted[0].workspace_id
    start, end = now - GRACE - timedelta(minutes=1), now + timedelta(seconds=1)
    changes = _changes(store, workspace_id, start, end, now)
    ids = {m for _, _, before, after in changes for m in (before, after) if m}
    members = store.members.many(workspace_id, ids)
    outs = _out_as(store, workspace_id, changes)
    return [
        Handoff(
            sub.id,
            sub.channel,
            sub.zone,
            sub.mentions,
            rotation.id,
            rotation.name,
            at,
            members[after],
            members[before] if before else None,
            outs.get((after, at)),
        )
        for sub in wanted
        for rotation, at, before, after in changes
        if in_scope(sub, rotation) and (sub.created_at is None or at >= sub.created_at)
    ]


def _changes(
    store: ScheduleStore, workspace_id: str, start: datetime, end: datetime, now: datetime
) -> list[tuple[Rotation, datetime, str | None, str]]:
    """(rotation, instant, outgoing, incoming) for each change of hands in (now-GRACE, now]."""
    overrides = store.overrides.in_window(workspace_id, start, end)
    found = []
    for rotation in store.rotations.all(workspace_id):
        mine = [o for o in overrides if o.rotation_id == rotation.id]
        duties = on_call_if_computable(rotation.versions, mine, start, end) or []
        for at, before, after in _hands(duties, start):
            if now - GRACE < at <= now:
                found.append((rotation, at, before, after))
    return found


def _hands(duties: list[Duty], start: datetime) -> list[tuple[datetime, str | None, str]]:
    hands: list[tuple[datetime, str | None, str]] = []
    if duties and duties[0].start > start:
        hands.append((duties[0].start, None, duties[0].member_id))  # the first shift
    for before, after in pairwise(duties):
        if after.member_id != before.member_id:
            hands.append(
                (
                    after.start,
                    before.member_id if before.end == after.start else None,
                    after.member_id,
                )
            )
    return hands


def _out_as(
    store: ScheduleStore,
    workspace_id: str,
    changes: list[tuple[Rotation, datetime, str | None, str]],
) -> dict[tuple[str, datetime], str]:
    """For each incoming member at each hand-off, the public type of a hard record then."""
    if not changes:
        return {}
    low = min(at for _, at, _, _ in changes)
    high = max(at for _, at, _, _ in changes) + timedelta(seconds=1)
    incoming = sorted({after for _, _, _, after in changes})
    records = store.unavailability.in_window(workspace_id, low, high, incoming)
    types = {t.id: t for t in store.types.all(workspace_id)}
    outs: dict[tuple[str, datetime], str] = {}
    for _, at, _, after in changes:
        for r in records:
            kind = types[r.type_id]
            if r.member_id == after and r.start <= at < r.end and kind.kind is Kind.HARD:
                outs[(after, at)] = "Away" if kind.private else kind.name
    return outs


def announce_handoffs(
    store: AlertStore,
    poster: Poster,
    subscriptions: Sequence[Subscription],
    render: Callable[[Handoff], dict[str, Any]],
    *,
    holder: str,
    clock: Callable[[], datetime],
) -> list[Sending]:
    """Post each due hand-off once, across instances (the outbox's claim)."""
    sent: list[Sending] = []
    for handoff in due_handoffs(store, subscriptions, clock()):
        sent.append(
            send_once(
                store,
                poster,
                kind=KIND,
                key=handoff.key,
                workspace_id=subscriptions[0].workspace_id,
                channel=handoff.channel,
                render=partial(render, handoff),
                holder=holder,
                now=clock(),
            )
        )
    return sent
