"""The alert engine (docs/alerts.md#coverage-alerts): each minute, per workspace and under one
turn, decide from the database, then make each channel's alert messages say it: post the
new, edit the changed, close the gone. Every source of change is covered, because nothing
here hooks a write path: it compares what is with what was said."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Protocol

from core.alerts.decide import Decision, decide_alerts
from core.alerts.gaps import OpenGap
from core.alerts.outbox import (
    UNSURE_RETRY,
    OutboxState,
    Outcome,
    Poster,
    metadata_key,
    send_once,
)
from core.alerts.plan import Alert, AlertStatus, Live
from core.errors import PostFailed
from core.people.model import Member
from core.ports import AlertStore, Clock

KIND = "gap_alert"  # the outbox kind of an alert's post; its key is the alert's id
TURN = "alerts_turn"  # the outbox kind of a workspace's turn; its key is the workspace id
# Renewed before every Slack call, so it only has to outlast one (a time-out and a few
# Retry-After waits): a holder that dies holds up its workspace's alerts this long at most.
TURN_LEASE = timedelta(minutes=5)
log = logging.getLogger("availbot.alerts")


@dataclass(frozen=True)
class AlertView:
    """What one alert message shows: the gap while open, else why it closed (and who)."""

    alert: Alert
    gap: OpenGap | None
    zone: str
    mentions: bool
    closed_by: tuple[Member, ...] = ()


Render = Callable[[AlertView], dict[str, Any]]


class AlertSlack(Poster, Protocol):
    def update(self, channel: str, ts: str, message: dict[str, Any]) -> bool:
        """Edit a posted message; False when it can never be edited (deleted, channel gone).
        Raises PostFailed when it may work later."""
        ...


@dataclass
class AlertRun:
    """What one pass over a workspace did (`held`: another instance had the turn)."""

    workspace_id: str
    held: bool = False
    done: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.done[what] = self.done.get(what, 0) + 1


def run_alerts(
    store: AlertStore,
    slack: AlertSlack,
    render: Render,
    *,
    workspace_id: str,
    holder: str,
    clock: Clock,
    lease: timedelta = TURN_LEASE,
) -> AlertRun:
    """One pass: take the workspace's turn (or leave it to whoever has it), decide, store the
    decision, then bring every stale message up to date while the turn is still ours."""
    run = AlertRun(workspace_id)
    turn = store.outbox.claim(
        TURN, workspace_id, workspace_id=workspace_id, holder=holder, now=clock(), lease=lease
    )
    if turn is None:
        run.held = True
        return run
    try:
        decision = decide_alerts(store, workspace_id, clock())
        pass_ = _Pass(store, slack, render, decision, holder, clock, lease, run)
        if pass_.record():
            pass_.deliver_all()
    finally:
        store.outbox.release(TURN, workspace_id, holder=holder, now=clock())
    return run


@dataclass
class _Pass:
    store: AlertStore
    slack: AlertSlack
    render: Render
    decision: Decision
    holder: str
    clock: Clock
    lease: timedelta
    run: AlertRun

    def ours(self) -> bool:
        """Whether the turn is still ours (renewed if so): nothing is sent without it."""
        return self.store.outbox.renew(
            TURN, self.run.workspace_id, holder=self.holder, now=self.clock(), lease=self.lease
        )

    def record(self) -> bool:
        """Store the decision (new alerts first, so nobody decides them again), in one
        transaction with the turn's renewal: a holder that lost its turn writes nothing."""
        with self.store.transaction():
            if not self.ours():
                return False
            for live in self.decision.plan.new:
                self.store.alerts.add(live.alert)
            for live in self.decision.plan.changed:
                self.store.alerts.update(live.alert)
        return True

    def deliver_all(self) -> None:
        for live in self.decision.plan.live:
            if not live.stale:
                continue
            if not self.ours():
                return
            try:
                self.run.count(self.deliver(live))
            except PostFailed as failure:
                log.warning("alert %s in %s: %s", live.alert.id, live.alert.channel, failure)
                self.run.count("failed")

    def deliver(self, live: Live) -> str:
        alert = live.alert
        if alert.message_ts is not None:
            return self.update(live)
        if alert.status is AlertStatus.OPEN:
            return self.post(live)
        return self.close_unposted(live)

    def view(self, live: Live) -> AlertView:
        alert = live.alert
        sub = self.decision.subscriptions.get(alert.subscription_id)
        by = tuple(self.decision.members[i] for i in alert.closed_by if i in self.decision.members)
        zone, mentions = (sub.zone, sub.mentions) if sub else ("UTC", False)
        return AlertView(alert, live.gap, zone, mentions, by)

    def post(self, live: Live) -> str:
        alert = live.alert
        sending = send_once(
            self.store,
            self.slack,
            kind=KIND,
            key=alert.id,
            workspace_id=alert.workspace_id,
            channel=alert.channel,
            render=lambda: self.render(self.view(live)),
            holder=self.holder,
            now=self.clock(),
        )
        if sending.outcome is Outcome.SENT:
            self.store.alerts.showing(
                alert.id, shown=alert.said, message_ts=sending.ts, now=self.clock()
            )
            return "posted"
        if self.adopt(live):  # found in the channel, or sent by a holder that died after
            return self.update(self.posted(live))
        return "failed" if sending.outcome is Outcome.FAILED else "held"

    def adopt(self, live: Live) -> bool:
        """Whether the outbox has the alert as sent; then its message is recorded here."""
        entry = self.store.outbox.get(KIND, live.alert.id)
        if entry is None or entry.state is not OutboxState.SENT or not entry.ts:
            return False
        self.store.alerts.showing(live.alert.id, shown="", message_ts=entry.ts, now=self.clock())
        return True

    def posted(self, live: Live) -> Live:
        entry = self.store.outbox.get(KIND, live.alert.id)
        ts = entry.ts if entry else None
        return replace(live, alert=replace(live.alert, message_ts=ts, shown=""))

    def update(self, live: Live) -> str:
        alert = live.alert
        assert alert.message_ts is not None
        if not self.slack.update(alert.channel, alert.message_ts, self.render(self.view(live))):
            log.warning("alert %s in %s can no longer be edited", alert.id, alert.channel)
        self.store.alerts.showing(alert.id, shown=alert.said, now=self.clock())
        return "closed" if alert.status is AlertStatus.CLOSING else "updated"

    def close_unposted(self, live: Live) -> str:
        """Close an alert whose gap went before its message was known to be posted: look
        for the message if it may have gone out (then edit it), else close it unposted."""
        alert = live.alert
        if self.adopt(live):
            return self.update(self.posted(live))
        entry = self.store.outbox.get(KIND, alert.id)
        if entry is not None and (entry.maybe_sent or entry.state is OutboxState.CLAIMED):
            found = self.look(alert)
            if found is None:
                return "held"
            if found:
                return self.update(self.posted(live))
        self.store.alerts.showing(alert.id, shown=alert.said, now=self.clock())
        return "closed"

    def look(self, alert: Alert) -> bool | None:
        """Claim the alert's post and look for it in the channel: found (recorded as sent),
        not found (released, still maybe sent), or None when someone else holds it."""
        now = self.clock()
        claim = self.store.outbox.claim(
            KIND,
            alert.id,
            workspace_id=alert.workspace_id,
            holder=self.holder,
            now=now,
            lease=self.lease,
        )
        if claim is None:
            return None
        key = metadata_key(KIND, alert.id)
        try:
            ts = self.slack.find(alert.channel, key=key, since=claim.first_claimed)
        except PostFailed:
            self.store.outbox.release(
                KIND,
                alert.id,
                holder=self.holder,
                now=now,
                maybe_sent=True,
                retry_at=now + UNSURE_RETRY,
            )
            raise
        if ts is None:
            self.store.outbox.release(KIND, alert.id, holder=self.holder, now=now, maybe_sent=True)
            return False
        self.store.outbox.sent(
            KIND, alert.id, holder=self.holder, channel=alert.channel, ts=ts, now=now
        )
        return self.adopt(Live(alert, None))
