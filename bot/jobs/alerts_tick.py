"""The one-minute alerts tick (docs/alerts.md): coverage alerts and hand-offs in digest
channels. Core decides and claims; this is the way out to Slack."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.blocks.alerts import build_gap_alert, build_handoff
from bot.jobs.digest_poster import SlackDigestPoster
from bot.jobs.digest_tick import instance_name
from bot.services import Services
from core.alerts.engine import AlertRun, run_alerts
from core.alerts.handoffs import announce_handoffs
from core.alerts.outbox import Outcome
from core.errors import DatabaseUnavailable, PostFailed

ALERT_EVENT = "availbot_alert"
HANDOFF_EVENT = "availbot_handoff"
# chat.update refusals that will stand: the message can never be edited again.
_GONE = frozenset(
    {
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
    }
)
log = logging.getLogger("availbot.alerts")


class SlackAlertPoster(SlackDigestPoster):
    """Posts and finds like the digest's poster (metadata `availbot_alert`), and edits."""

    def update(self, channel: str, ts: str, message: dict[str, Any]) -> bool:
        try:
            self.client.chat_update(
                channel=channel, ts=ts, text=message["text"], blocks=message.get("blocks") or []
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error") or exc.response.status_code)
            if error in _GONE:
                return False
            raise PostFailed(f"chat.update: {error}", certain=True) from exc
        except (SlackClientError, OSError) as exc:
            raise PostFailed(f"chat.update: {exc}", certain=False) from exc
        return True


def alerts_tick(services: Services, holder: str) -> dict[str, int]:
    """One pass of the alert engine over every workspace with a digest (or an alert still
    open); what it did, counted. One workspace failing never holds up the others."""
    done: Counter[str] = Counter()
    for run in alert_passes(services, holder):
        done.update({"held": 1} if run.held else run.done)
    return dict(done)


def alert_passes(
    services: Services, holder: str, workspace_id: str | None = None
) -> list[AlertRun]:
    store = services.store
    if workspace_id is not None:
        workspaces = [workspace_id]
    else:
        subscribed = {s.workspace_id for s in store.digests.subscriptions()}
        workspaces = sorted(subscribed | set(store.alerts.live_workspaces()))
    poster = SlackAlertPoster(services.client, ALERT_EVENT)
    runs = []
    for ws in workspaces:
        try:
            runs.append(
                run_alerts(
                    store,
                    poster,
                    build_gap_alert,
                    workspace_id=ws,
                    holder=holder,
                    clock=services.clock,
                )
            )
        except DatabaseUnavailable:
            raise  # one warning for the whole job (bot.units.job), not one per workspace
        except Exception:  # the turn is given back; the next tick tries again
            log.exception("alerts for workspace %s failed", ws)
    return runs


def refresh_alerts(services: Services, workspace_id: str) -> None:
    """A pass over one workspace now (after I'll cover on an alert), unless one is running:
    then that pass, or the next tick, redraws the alert. Never fails the click: the cover
    is taken whatever happens here, and the next tick redraws the alert anyway."""
    try:
        alert_passes(services, instance_name(), workspace_id)
    except DatabaseUnavailable as exc:
        log.warning("alerts of %s not redrawn now: %s", workspace_id, exc.message)


def handoffs_tick(services: Services, holder: str) -> list[Outcome]:
    """Announce the hand-offs due now in the channels that asked (`handoffs=on`)."""
    by_workspace: dict[str, list[Any]] = {}
    for sub in services.store.digests.subscriptions():
        by_workspace.setdefault(sub.workspace_id, []).append(sub)
    poster = SlackDigestPoster(services.client, HANDOFF_EVENT)
    outcomes: list[Outcome] = []
    for subscriptions in by_workspace.values():
        try:
            sent = announce_handoffs(
                services.store,
                poster,
                subscriptions,
                build_handoff,
                holder=holder,
                clock=services.clock,
            )
        except DatabaseUnavailable:
            raise
        except Exception:
            log.exception("hand-offs for %s failed", subscriptions[0].workspace_id)
            continue
        outcomes += [s.outcome for s in sent]
    return outcomes
