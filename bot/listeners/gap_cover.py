"""The digest's I'll cover: it asks first (Confirm / Cancel, only the clicker sees it), takes
the gap on Confirm with Undo beside the thanks, and redraws the digest each time."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import App, Respond

from bot.blocks.cover import build_gap_confirmation, build_thanks
from bot.blocks.digest import build_digest, read_gap_value
from bot.blocks.kit import Message
from bot.blocks.replies import build_notice
from bot.ids import CONFIRM_COVER_ACTION, COVER_ACTION, UNDO_COVER_ACTION
from bot.jobs.alerts_tick import refresh_alerts
from bot.listeners.replying import deferred
from bot.listeners.requests import answering
from bot.payloads import MessageRef
from bot.services import Services, Turn
from bot.slack_api import SLACK_TROUBLE, update_message
from core.alerts.plan import ALERT_PREFIX
from core.alerts.shift_watch import refresh_watch
from core.digest.compose import compose_digest
from core.errors import GapAlreadyCovered, UnknownRotation
from core.rotations.cover import take_gap
from core.rotations.overrides import remove_override
from core.time.spans import Span
from core.time.words import describe_span

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    def ask(body: dict[str, Any], respond: Respond) -> None:
        """The digest message's own ref rides along in the question's buttons: the question
        is ephemeral, and a click on it does not say which message it answers."""
        container = body.get("container") or {}
        where = f"{container.get('channel_id') or ''}|{container.get('message_ts') or ''}"
        answering(services, lambda turn, value: confirm(turn, f"{value}|{where}"), replaces=False)(
            body, respond
        )

    app.action(COVER_ACTION)(deferred(services, ask))
    app.action(CONFIRM_COVER_ACTION)(deferred(services, answering(services, take, replaces=True)))
    app.action(UNDO_COVER_ACTION)(deferred(services, answering(services, undo, replaces=True)))


def confirm(turn: Turn, value: str) -> Message:
    gap = read_gap_value(value.rsplit("|", 2)[0])
    rotation = turn.store.rotations.get(turn.ws, gap.rotation_id)
    if rotation is None:
        raise UnknownRotation(gap.rotation_id)
    begin = max(gap.start, turn.now.replace(second=0, microsecond=0))
    if begin >= gap.end:
        raise GapAlreadyCovered(rotation.name, over=True)
    return build_gap_confirmation(rotation.name, Span(begin, gap.end), turn.zone_of(turn.me), value)


def take(turn: Turn, value: str) -> Message:
    gap_part, channel, ts = value.rsplit("|", 2)
    gap = read_gap_value(gap_part)
    taken = take_gap(
        turn.store,
        turn.actor,
        workspace_id=turn.ws,
        rotation_id=gap.rotation_id,
        start=gap.start,
        end=gap.end,
        now=turn.now,
    )
    where = MessageRef(channel, ts) if channel and ts else None
    redraw(turn, gap.subscription_id, gap.local_date, where)
    refresh_watch(turn.store, turn.ws, turn.me.id, turn.now)
    override = taken.override
    undo_value = f"{override.id}|{gap.subscription_id}|{gap.local_date}|{channel}|{ts}"
    span = Span(override.start, override.end)
    return build_thanks(
        taken.rotation.name, span, turn.zone_of(turn.me), UNDO_COVER_ACTION, undo_value
    )


def undo(turn: Turn, value: str) -> Message:
    override_id, subscription_id, day, channel, ts = value.split("|")
    removed = remove_override(turn.store, turn.actor, workspace_id=turn.ws, override_id=override_id)
    where = MessageRef(channel, ts) if channel and ts else None
    redraw(turn, subscription_id, date.fromisoformat(day), where)
    refresh_watch(turn.store, turn.ws, turn.me.id, turn.now)
    span = describe_span(Span(removed.override.start, removed.override.end), turn.zone_of(turn.me))
    who = (
        "you no longer cover"
        if removed.member.id == turn.me.id
        else f"{removed.member.name} no longer covers"
    )
    return build_notice(f"Undone: {who} {removed.rotation.name}, {span}.")


def redraw(turn: Turn, subscription_id: str, day: date, where: MessageRef | None) -> None:
    """Show the digest message as it is now, where Slack lets us edit it. A coverage alert's
    button carries the alert's id instead: the alert engine redraws it."""
    if subscription_id.startswith(ALERT_PREFIX):
        refresh_alerts(turn.services, turn.ws)
        return
    subscription = next(
        (s for s in turn.store.digests.subscriptions(turn.ws) if s.id == subscription_id), None
    )
    if subscription is None or where is None:
        return
    digest = build_digest(compose_digest(turn.store, subscription, day, now=turn.now))
    try:
        update_message(turn.services.client, where.channel, where.ts, digest)
    except SLACK_TROUBLE as exc:  # the override stands; only the old message stays stale
        log.warning("could not refresh the digest message: %s", exc)
