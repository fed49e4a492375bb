"""`/unavailable digest …` (admins, in the channel to subscribe) and the digest's cover button."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from slack_bolt import App, Respond
from slack_sdk.errors import SlackApiError

from bot.blocks.digest import build_digest, read_gap_value
from bot.blocks.kit import Message
from bot.blocks.replies import build_notice
from bot.ids import COVER_ACTION
from bot.jobs.alerts_tick import refresh_alerts
from bot.jobs.digest_poster import SlackDigestPoster
from bot.listeners.replying import deferred, reply_with
from bot.payloads import MessageRef, block_action, clicked_message, first_word
from bot.services import Services, Turn, turn_for
from bot.slack_api import SlackUnavailable
from bot.words.digest import subscription_words
from core.alerts.plan import ALERT_PREFIX
from core.digest.compose import compose_digest
from core.digest.subscriptions import (
    read_subscription,
    save_subscription,
    subscribe,
    unsubscribe,
)
from core.errors import NoDigestHere, PostFailed
from core.imports.uploads import first_delivery, forget_delivery
from core.people.permissions import require_admin
from core.rotations.cover import take_gap
from core.time.spans import Span, zone
from core.time.words import describe_span
from core.workspaces import workspace_zone

log = logging.getLogger(__name__)


def answer(turn: Turn, text: str, channel: str, *, request: str = "") -> Message | None:
    """`digest` shows, `digest at …` subscribes, `digest off` stops, `digest now` posts.
    The two that post in the channel run once per `request` (bot.payloads.request_key): a
    replayed or retried request is acknowledged and does nothing (None)."""
    word, _ = first_word(text)
    if not text:
        current = turn.services.store.digests.for_channel(turn.ws, channel)
        if current is None:
            return build_notice(
                "No digest is posted here. Subscribe this channel with "
                "`/unavailable digest at 09:00` (add a zone, `weekdays`, `rotations=…`, "
                "`everyone`, `lookahead=N`, `handoffs=on` or `mentions=off` as you like)."
            )
        return build_notice(f"This channel gets the digest {subscription_words(current)}.")
    if word == "off":
        gone = unsubscribe(turn.services.store, turn.actor, workspace_id=turn.ws, channel=channel)
        return build_notice("Digest turned off here." if gone else "No digest was posted here.")
    if word == "now":
        return _once(turn, request, lambda: _post_now(turn, channel))
    return _once(turn, request, lambda: _subscribe(turn, text, channel))


def _once(turn: Turn, request: str, work: Callable[[], Message]) -> Message | None:
    """`work` for the first delivery of this request only. The claim is the Events API's
    (an event receipt, forgotten after a day); it is given back when `work` is refused, so
    a request that did nothing uses nothing up (unless Slack may have posted after all)."""
    key = f"command:{request}"
    if request and not first_delivery(turn.store, turn.ws, key, turn.now):
        log.info("replayed command %s ignored", key)
        return None
    try:
        return work()
    except Exception as exc:
        maybe_posted = isinstance(exc, PostFailed) and not exc.certain
        if request and not maybe_posted:
            forget_delivery(turn.store, turn.ws, event_id=key)
        raise


def _subscribe(turn: Turn, text: str, channel: str) -> Message:
    store = turn.services.store
    subscription = subscribe(
        store,
        turn.actor,
        workspace_id=turn.ws,
        channel=channel,
        words=read_subscription(text),
        default_zone=workspace_zone(turn.workspace, turn.services.settings.timezone),
        now=turn.now,
        previous=store.digests.for_channel(turn.ws, channel),
    )
    said = f"From now on this channel gets the availbot digest {subscription_words(subscription)}."
    _post(turn, channel, build_notice(said), key=f"subscribed:{subscription.id}")
    save_subscription(store, subscription)
    return build_notice(said)


def _post_now(turn: Turn, channel: str) -> Message:
    """A digest posted here now, besides the scheduled one (which it does not replace)."""
    require_admin(turn.actor, "post the digest on demand")
    store = turn.services.store
    subscription = store.digests.for_channel(turn.ws, channel)
    if subscription is None:
        raise NoDigestHere(channel)
    day = turn.now.astimezone(zone(subscription.zone)).date()
    digest = compose_digest(turn.store, subscription, day, now=turn.now)
    _post(turn, channel, build_digest(digest), key=f"now:{subscription.id}:{turn.now.isoformat()}")
    return build_notice("Posted today's digest here.")


def _post(turn: Turn, channel: str, message: Message, *, key: str) -> str:
    try:
        return SlackDigestPoster(turn.services.client).post(channel, message, key=key)
    except PostFailed as failure:
        refused = failure.__cause__  # the poster chains Slack's refusal, when there was one
        if failure.certain and isinstance(refused, SlackUnavailable):
            raise refused from None  # words for the refusal; nothing was posted
        raise  # Slack may have posted: the request's claim must stay taken


def register(app: App, services: Services) -> None:
    def cover_gap(body: dict[str, Any], respond: Respond) -> None:
        action = block_action(body)
        where = clicked_message(body)

        def work() -> tuple[Message, dict[str, Any]]:
            turn = turn_for(services, action.team_id, action.user_id)
            gap = read_gap_value(action.value)
            taken = take_gap(
                turn.store,
                turn.actor,
                workspace_id=turn.ws,
                rotation_id=gap.rotation_id,
                start=gap.start,
                end=gap.end,
                now=turn.now,
            )
            _refresh(turn, gap.subscription_id, gap.local_date, where)
            tz = turn.zone_of(taken.member)
            span = describe_span(Span(taken.override.start, taken.override.end), tz)
            return build_notice(f"Thanks! You are on call for {taken.rotation.name}: {span}."), {
                "replace_original": False
            }

        reply_with(respond, work)

    app.action(COVER_ACTION)(deferred(services, cover_gap))


def _refresh(turn: Turn, subscription_id: str, day: date, where: MessageRef | None) -> None:
    """Show the digest message as it is now (the gap gone), where Slack lets us edit it. A
    coverage alert's button carries the alert's id instead: the alert engine redraws it."""
    if subscription_id.startswith(ALERT_PREFIX):
        refresh_alerts(turn.services, turn.ws)
        return
    store = turn.services.store
    subscription = next(
        (s for s in store.digests.subscriptions(turn.ws) if s.id == subscription_id), None
    )
    if subscription is None or where is None:
        return
    message = build_digest(compose_digest(turn.store, subscription, day, now=turn.now))
    try:
        turn.services.client.chat_update(channel=where.channel, ts=where.ts, **message)
    except SlackApiError as exc:  # the override stands; only the old message stays stale
        log.warning("could not refresh the digest message: %s", exc.response.get("error"))
