"""Cover requests in Slack: posting one in the rotation's channel, keeping its message true,
telling the requester, and the buttons on it (I'll cover → Confirm, Withdraw, Undo)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, Respond

from bot.blocks.cover import (
    build_request,
    build_requester_dm,
    build_take_confirmation,
    build_thanks,
)
from bot.blocks.kit import Message
from bot.blocks.replies import build_notice
from bot.ids import (
    CONFIRM_REQUEST_ACTION,
    TAKE_REQUEST_ACTION,
    UNDO_REQUEST_ACTION,
    WITHDRAW_REQUEST_ACTION,
)
from bot.jobs.digest_poster import SlackDigestPoster
from bot.listeners.replying import deferred, reply_with
from bot.payloads import block_action, clicked_message
from bot.services import Services, Turn, turn_for
from bot.slack_api import (
    SLACK_TROUBLE,
    SlackUnavailable,
    open_dm,
    post_message,
    update_message,
)
from core.alerts.cover_requests import RequestView, view_request
from core.alerts.cover_taking import take_cover, undo_cover, withdraw_cover
from core.alerts.shift_watch import refresh_watch
from core.errors import PostFailed
from core.people.model import Member

REQUEST_EVENT = "availbot_cover_request"
log = logging.getLogger(__name__)
Work = Callable[[Turn, str], Message]


def post_request(turn: Turn, view: RequestView) -> None:
    """Post the stored request in its channel and record the message. When Slack surely did
    not post it, the request is removed (it never existed for anyone) and the refusal
    raised; when unsure, the channel is looked at once for it."""
    poster = SlackDigestPoster(turn.services.client, event_type=REQUEST_EVENT)
    request = view.request
    key = f"cover_request:{request.id}"
    try:
        ts = poster.post(request.channel, build_request(view), key=key)
    except PostFailed as failure:
        found = None if failure.certain else _look(poster, request.channel, key, turn)
        if found is None:
            turn.store.cover_requests.remove(turn.ws, request.id)
            refused = failure.__cause__
            raise (refused if isinstance(refused, SlackUnavailable) else failure) from None
        ts = found
    turn.store.cover_requests.set_message(turn.ws, request.id, ts)


def _look(poster: SlackDigestPoster, channel: str, key: str, turn: Turn) -> str | None:
    try:
        return poster.find(channel, key=key, since=turn.now)
    except PostFailed:
        return None


def show_request(turn: Turn, view: RequestView) -> None:
    """Redraw the request's channel message as it stands (chat.update, safe to repeat); a
    message that cannot be edited stays stale, the request itself is what counts."""
    request = view.request
    if request.message_ts is None:
        return
    try:
        update_message(
            turn.services.client, request.channel, request.message_ts, build_request(view)
        )
    except SLACK_TROUBLE as exc:
        log.warning("could not redraw cover request %s: %s", request.id, exc)


def tell(turn: Turn, member: Member, message: Message) -> None:
    """A DM answering a click (not on availbot's clock: sent once, by the one who clicked)."""
    if not member.slack_user_id:
        return
    try:
        channel = open_dm(turn.services.client, member.slack_user_id)
        post_message(turn.services.client, channel, message)
    except SLACK_TROUBLE as exc:
        log.warning("could not tell %s: %s", member.id, exc)


def register(app: App, services: Services) -> None:
    # (button, work, whether its answer replaces the message clicked when that is ephemeral)
    for action_id, work, replaces in (
        (TAKE_REQUEST_ACTION, confirm_take, False),
        (CONFIRM_REQUEST_ACTION, take, True),
        (WITHDRAW_REQUEST_ACTION, withdraw, False),
        (UNDO_REQUEST_ACTION, undo, True),
    ):
        app.action(action_id)(deferred(services, answering(services, work, replaces=replaces)))


def answering(
    services: Services, work: Work, *, replaces: bool
) -> Callable[[dict[str, Any], Respond], None]:
    """A button listener: `work(turn, value)` answered privately, replacing the clicked
    message when it was a private one (a question, a thanks) and `replaces` says so; a
    channel message is never replaced through the response_url (it is redrawn instead)."""

    def listener(body: dict[str, Any], respond: Respond) -> None:
        action = block_action(body)
        options = {"replace_original": replaces and clicked_message(body) is None}

        def answer() -> tuple[Message, dict[str, Any]]:
            return work(turn_for(services, action.team_id, action.user_id), action.value), options

        reply_with(respond, answer)

    return listener


def confirm_take(turn: Turn, request_id: str) -> Message:
    """I'll cover on a request: first a question, only the clicker sees it."""
    view = view_request(turn.store, turn.ws, request_id, now=turn.now)
    return build_take_confirmation(view, turn.zone_of(turn.me))


def take(turn: Turn, request_id: str) -> Message:
    view = take_cover(
        turn.store, turn.actor, workspace_id=turn.ws, request_id=request_id, now=turn.now
    )
    show_request(turn, view)
    tell(turn, view.member, build_requester_dm(view))
    refresh_watch(turn.store, turn.ws, turn.me.id, turn.now)
    refresh_watch(turn.store, turn.ws, view.member.id, turn.now)  # told by the DM just sent
    return build_thanks(
        view.rotation.name,
        view.request.span,
        turn.zone_of(turn.me),
        UNDO_REQUEST_ACTION,
        request_id,
    )


def withdraw(turn: Turn, request_id: str) -> Message:
    view = withdraw_cover(
        turn.store, turn.actor, workspace_id=turn.ws, request_id=request_id, now=turn.now
    )
    show_request(turn, view)
    return build_notice(f"Withdrawn: nobody is asked to cover {view.rotation.name} any more.")


def undo(turn: Turn, request_id: str) -> Message:
    before = view_request(turn.store, turn.ws, request_id, now=turn.now)
    view = undo_cover(
        turn.store, turn.actor, workspace_id=turn.ws, request_id=request_id, now=turn.now
    )
    show_request(turn, view)
    tell(turn, view.member, build_requester_dm(view, undone=True))
    refresh_watch(turn.store, turn.ws, view.member.id, turn.now)
    refresh_watch(turn.store, turn.ws, turn.me.id, turn.now)
    taker = before.covered_by.name if before.covered_by else "nobody"
    words = f"Undone: {taker} no longer covers {view.rotation.name}; the request is open again."
    return build_notice(words)
