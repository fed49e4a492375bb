"""`/unavailable digest …` (admins, in the channel to subscribe); its I'll cover is in gap_cover."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.blocks.digest import build_digest
from bot.blocks.kit import Message
from bot.blocks.replies import build_notice
from bot.jobs.digest_poster import SlackDigestPoster
from bot.payloads import first_word
from bot.services import Turn
from bot.slack_api import SlackUnavailable
from bot.words.digest import subscription_words
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
from core.time.spans import zone
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
