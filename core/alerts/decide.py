"""What a workspace's alerts should be now (docs/alerts.md#coverage-alerts): its gaps, read
narrowly, against its stored alerts. Reads only; the engine (engine.py) acts on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.alerts.gaps import OpenGap, gap_coverage, open_gaps, read_gap_data, window_of
from core.alerts.plan import AlertPlan, plan_alerts
from core.digest.due import Subscription
from core.people.model import Member
from core.ports import AlertStore
from core.rotations.coverage import RotationCoverage


@dataclass(frozen=True)
class Decision:
    plan: AlertPlan
    subscriptions: dict[str, Subscription]
    members: dict[str, Member]


def decide_alerts(store: AlertStore, workspace_id: str, now: datetime) -> Decision:
    """The workspace's alerts as they should be now: its gaps against its stored alerts."""
    subscriptions = {s.id: s for s in store.digests.subscriptions(workspace_id)}
    alerts = store.alerts.live(workspace_id)
    gaps: list[OpenGap] = []
    report: dict[str, RotationCoverage] = {}
    members: dict[str, Member] = {}
    if subscriptions:
        windows = [window_of(s, now) for s in subscriptions.values()]
        low, high = min(w.anchor for w in windows), max(w.beyond for w in windows)
        data = read_gap_data(store, workspace_id, low, high)
        report = gap_coverage(data, list(subscriptions.values()), now)
        gaps = [g for s in subscriptions.values() for g in open_gaps(report, s, now)]
        members = dict(data.members)
    plan = plan_alerts(gaps, alerts, subscriptions, report, now=now)
    named = {i for live in plan.live for i in live.alert.closed_by} - set(members)
    members |= store.members.many(workspace_id, named) if named else {}
    return Decision(plan, subscriptions, members)
