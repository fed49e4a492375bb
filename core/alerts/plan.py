"""Deciding coverage alerts (docs/alerts.md#coverage-alerts): a channel's current gaps matched
against its alerts, into alerts to post, to change and to close. Pure: no store, no Slack."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from core.alerts.gaps import OpenGap, in_scope
from core.digest.due import Subscription
from core.model import new_id
from core.rotations.coverage import RotationCoverage

SHOWN_SUGGESTIONS = 3  # suggested covers an alert names
ALERT_PREFIX = "alr_"  # of alert ids, which alerts' I'll-cover buttons carry


class AlertStatus(StrEnum):
    OPEN = "open"  # a current gap; its message shows it with I'll cover
    CLOSING = "closing"  # no longer a gap; its message is still to say so
    CLOSED = "closed"  # its message says so (or it was never posted); never reopened


class Closure(StrEnum):
    COVERED = "covered"  # an override holds it now (`closed_by`: who)
    RESOLVED = "resolved"  # nobody is out then any more (`closed_by`: who is on call)
    MERGED = "merged"  # now part of a longer gap, alerted in another message
    OUTSIDE = "outside"  # still a gap, but no longer within the look-ahead
    OVER = "over"  # it has passed
    UNFOLLOWED = "unfollowed"  # the rotation, or the channel's digest, is gone


@dataclass(frozen=True)
class Alert:
    """One gap's message in one channel. `said` is what the message should say (a
    fingerprint), `shown` what it says (None: not posted yet)."""

    id: str
    workspace_id: str
    subscription_id: str
    channel: str
    rotation_id: str
    rotation_name: str
    start: datetime
    end: datetime
    status: AlertStatus
    said: str
    created_at: datetime
    updated_at: datetime
    shown: str | None = None
    message_ts: str | None = None
    closed_why: Closure | None = None
    closed_by: tuple[str, ...] = ()  # member ids


@dataclass(frozen=True)
class Live:
    """An alert as it should be now, with its gap while open."""

    alert: Alert
    gap: OpenGap | None

    @property
    def stale(self) -> bool:
        """Its message (if any) does not say what it should."""
        return self.alert.shown != self.alert.said


@dataclass(frozen=True)
class AlertPlan:
    new: list[Live]  # alerts to store (and post)
    changed: list[Live]  # alerts whose shape, words or status changed
    live: list[Live]  # every alert not closed, as it should be now

    @property
    def to_store(self) -> list[Live]:
        return self.new + self.changed


def plan_alerts(
    gaps: Sequence[OpenGap],
    alerts: Sequence[Alert],
    subscriptions: Mapping[str, Subscription],
    report: Mapping[str, RotationCoverage],
    *,
    now: datetime,
) -> AlertPlan:
    """Each gap keeps the alert it overlaps (the oldest posted one if several); a gap with
    none gets a new alert; an open alert no gap kept closes, saying why."""
    pairs, unmatched = match(gaps, [a for a in alerts if a.status is AlertStatus.OPEN])
    plan = AlertPlan([], [], [])
    for gap, alert in pairs:
        said = open_said(gap, now)
        if alert is None:
            fresh = _new_alert(gap, said, now)
            plan.new.append(Live(fresh, gap))
            plan.live.append(Live(fresh, gap))
            continue
        if said != alert.said:
            alert = replace(alert, start=gap.start, end=gap.end, said=said, updated_at=now)
            plan.changed.append(Live(alert, gap))
        plan.live.append(Live(alert, gap))
    for alert in unmatched:
        why, by = closure_of(alert, subscriptions.get(alert.subscription_id), report, gaps, now)
        closing = replace(
            alert,
            status=AlertStatus.CLOSING,
            closed_why=why,
            closed_by=by,
            said=closed_said(why, by),
            updated_at=now,
        )
        plan.changed.append(Live(closing, None))
        plan.live.append(Live(closing, None))
    plan.live.extend(Live(a, None) for a in alerts if a.status is AlertStatus.CLOSING)
    return plan


def match(
    gaps: Sequence[OpenGap], alerts: Sequence[Alert]
) -> tuple[list[tuple[OpenGap, Alert | None]], list[Alert]]:
    """Pair each gap (by start) with an untaken alert of its channel and rotation that
    overlaps it: posted ones first, then the oldest. Alerts left over are unmatched."""
    pool = sorted(alerts, key=lambda a: (a.message_ts is None, a.created_at, a.id))
    taken: set[str] = set()
    pairs: list[tuple[OpenGap, Alert | None]] = []
    for gap in sorted(gaps, key=lambda g: (g.subscription.id, g.rotation_id, g.start)):
        mate = next((a for a in pool if a.id not in taken and _same_hole(a, gap)), None)
        if mate is not None:
            taken.add(mate.id)
        pairs.append((gap, mate))
    return pairs, [a for a in alerts if a.id not in taken]


def _same_hole(alert: Alert, gap: OpenGap) -> bool:
    return (
        alert.subscription_id == gap.subscription.id
        and alert.rotation_id == gap.rotation_id
        and alert.start < gap.end
        and gap.start < alert.end
    )


def closure_of(
    alert: Alert,
    subscription: Subscription | None,
    report: Mapping[str, RotationCoverage],
    gaps: Sequence[OpenGap],
    now: datetime,
) -> tuple[Closure, tuple[str, ...]]:
    """Why an alert no gap kept is closed, and whom that names."""
    covered = report.get(alert.rotation_id)
    if subscription is None or covered is None or not in_scope(subscription, covered.rotation):
        return Closure.UNFOLLOWED, ()
    if alert.end <= now:
        return Closure.OVER, ()
    if any(_same_hole(alert, g) for g in gaps):
        return Closure.MERGED, ()
    low = max(alert.start, now)
    now_there = [s for s in covered.segments if s.start < alert.end and s.end > low]
    if any(s.gap for s in now_there):
        return Closure.OUTSIDE, ()
    overriding = _ids(s.member.id for s in now_there if s.override_id is not None)
    if overriding:
        return Closure.COVERED, overriding
    return Closure.RESOLVED, _ids(s.member.id for s in now_there)


def open_said(gap: OpenGap, now: datetime) -> str:
    """A fingerprint of what an open alert says. A start already past reads the same
    wherever it lies (a gap in progress is not redrawn as the clock moves), and so does
    everything a reader cannot tell apart."""
    sub = gap.subscription
    parts: list[object] = [
        "open",
        sub.zone,
        sub.mentions,
        gap.rotation,
        gap.start.isoformat() if gap.start > now else "begun",
        gap.end.isoformat(),
        gap.open_ended,
        [(a.member.id, a.member.name, a.member.slack_user_id, a.out_as) for a in gap.why],
        [(m.id, m.name, m.slack_user_id) for m in gap.suggestions[:SHOWN_SUGGESTIONS]],
    ]
    return "open:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def closed_said(why: Closure, by: tuple[str, ...]) -> str:
    return f"closed:{why.value}:{','.join(by)}"


def _new_alert(gap: OpenGap, said: str, now: datetime) -> Alert:
    sub = gap.subscription
    return Alert(
        id=new_id(ALERT_PREFIX.rstrip("_")),
        workspace_id=sub.workspace_id,
        subscription_id=sub.id,
        channel=sub.channel,
        rotation_id=gap.rotation_id,
        rotation_name=gap.rotation,
        start=gap.start,
        end=gap.end,
        status=AlertStatus.OPEN,
        said=said,
        created_at=now,
        updated_at=now,
    )


def _ids(ids: Iterable[str]) -> tuple[str, ...]:
    """Distinct, in order of appearance."""
    return tuple(dict.fromkeys(ids))
