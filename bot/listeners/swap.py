"""`/oncall swap` and App Home's Swap: the modal offering your shift for a teammate's, the
teammate's Accept / Decline, and telling both people and the rotation's channel."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot import ids
from bot.blocks.kit import Message, fit, result_modal
from bot.blocks.swap import (
    build_swap_ask,
    build_swap_asked,
    build_swap_done,
    build_swap_line,
    build_swap_modal,
    read_shift_value,
    said,
)
from bot.listeners.home import publish_for
from bot.listeners.replying import Refusal, deferred, settle
from bot.listeners.requests import answering, tell
from bot.payloads import block_action
from bot.services import Services, Turn, turn_for
from bot.slack_api import SlackUnavailable, open_view, post_message
from core.alerts.shift_watch import refresh_watch
from core.alerts.swaps import SwapView, accept_swap, decline_swap, offer_swap, upcoming
from core.digest.rotation_channel import channel_covering
from core.errors import SwapRefused
from core.time.spans import zone

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    def submitted(ack: Ack, body: dict[str, Any]) -> None:
        outcome = settle(lambda: offer(services, body))
        if isinstance(outcome, Refusal):
            ack(response_action="errors", errors={ids.SWAP_THEIRS: fit(outcome.words, 300)})
        else:
            ack(response_action="update", view=result_modal(ids.SWAP_MODAL, "Swap asked", outcome))

    def home_button(body: dict[str, Any]) -> None:
        """App Home's Swap (no response_url: a refusal shows on the Home)."""
        action = block_action(body)
        opened = settle(lambda: open_swap_modal(
            services, action.team_id, action.user_id, action.trigger_id))  # fmt: skip
        if isinstance(opened, Refusal):
            publish_for(services, action.team_id, action.user_id, opened.words)

    app.view(ids.SWAP_MODAL)(submitted)
    app.action(ids.SWAP_ACTION)(deferred(services, home_button))
    app.action(ids.ACCEPT_SWAP_ACTION)(
        deferred(services, answering(services, accept, replaces=True))
    )
    app.action(ids.DECLINE_SWAP_ACTION)(
        deferred(services, answering(services, decline, replaces=True))
    )


def open_swap_modal(services: Services, team_id: str, user_id: str, trigger_id: str) -> None:
    """views.open with the two selects; refused in words when there is nothing to swap."""
    turn = turn_for(services, team_id, user_id)
    shifts = upcoming(turn.store, turn.ws, turn.now)
    mine = [s for s in shifts if s.member_id == turn.me.id]
    theirs = [s for s in shifts if s.member_id != turn.me.id]
    if not mine or not theirs:
        whose = "you have" if not mine else "your teammates have"
        raise SwapRefused(f"{whose} no upcoming shift to swap")
    names = {m.id: m.name for m in turn.store.members.all(turn.ws)}
    modal = build_swap_modal(mine, theirs, turn.zone_of(turn.me), lambda m: names.get(m, m))
    open_view(services.client, trigger_id, modal)


def offer(services: Services, body: dict[str, Any]) -> Message:
    values = ((body.get("view") or {}).get("state") or {}).get("values") or {}

    def picked(block: str) -> str:
        chosen = ((values.get(block) or {}).get(block) or {}).get("selected_option") or {}
        return str(chosen.get("value") or "")

    team = str((body.get("team") or {}).get("id") or "")
    turn = turn_for(services, team, str((body.get("user") or {}).get("id") or ""))
    mine, theirs = picked(ids.SWAP_MINE), picked(ids.SWAP_THEIRS)
    if not mine or not theirs:
        raise SwapRefused("pick both shifts")
    view = offer_swap(turn.store, turn.actor, workspace_id=turn.ws, mine=read_shift_value(mine),
                      theirs=read_shift_value(theirs), now=turn.now)  # fmt: skip
    tell(turn, view.teammate, build_swap_ask(view, turn.zone_of(view.teammate)))
    return said(build_swap_asked(view, turn.zone_of(turn.me)))


def accept(turn: Turn, swap_id: str) -> Message:
    view = accept_swap(turn.store, turn.actor, workspace_id=turn.ws, swap_id=swap_id, now=turn.now)
    for member in (view.requester, view.teammate):
        refresh_watch(turn.store, turn.ws, member.id, turn.now)  # told by the DMs here
    _tell_requester(turn, view)
    _post_line(turn, view)
    return said(build_swap_done(view, turn.zone_of(turn.me), for_requester=False))


def decline(turn: Turn, swap_id: str) -> Message:
    view = decline_swap(turn.store, turn.actor, workspace_id=turn.ws, swap_id=swap_id, now=turn.now)
    _tell_requester(turn, view)
    return said("Declined: you keep your shift, and they keep theirs.")


def _tell_requester(turn: Turn, view: SwapView) -> None:
    words = build_swap_done(view, turn.zone_of(view.requester), for_requester=True)
    tell(turn, view.requester, said(words))


def _post_line(turn: Turn, view: SwapView) -> None:
    """One line in each channel whose digest covers a swapped rotation (sent once, by the
    one who accepted); a channel Slack refuses misses the line, the swap stands."""
    channels = {channel_covering(turn.store, turn.ws, r.name) for r in (view.mine, view.theirs)}
    for channel in sorted(c for c in channels if c):
        subscription = turn.store.digests.for_channel(turn.ws, channel)
        tz = turn.zone_of(None) if subscription is None else zone(subscription.zone)
        try:
            post_message(turn.services.client, channel, build_swap_line(view, tz))
        except SlackUnavailable as exc:
            log.warning("could not tell %s of swap %s: %s", channel, view.swap.id, exc.error)
