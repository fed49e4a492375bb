"""Builders for covering: cover requests in a channel and the DMs about them, and I'll cover's
confirmation with Undo (docs/alerts.md)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.blocks.kit import Block, Message, button, esc, message, section, who
from bot.ids import (
    CANCEL_COVER_ACTION,
    CONFIRM_COVER_ACTION,
    CONFIRM_REQUEST_ACTION,
    TAKE_REQUEST_ACTION,
    UNDO_REQUEST_ACTION,
    WITHDRAW_REQUEST_ACTION,
)
from core.alerts.cover_requests import RequestView
from core.alerts.model import RequestStatus
from core.time.spans import Span, zone
from core.time.words import describe_span

SHOWN_SUGGESTIONS = 5


def request_words(view: RequestView) -> str:
    tz = zone(view.zone)
    return f"*{esc(view.rotation.name)}* {describe_span(view.request.span, tz)}"


def build_request(view: RequestView) -> Message:
    """The cover request as the channel sees it: open (mentions, I'll cover, Withdraw),
    filled (who covers, with Undo for them and admins) or withdrawn (no buttons)."""
    request, asker = view.request, who(view.member, mentions=view.mentions)
    what = request_words(view)
    if request.status is RequestStatus.FILLED and view.covered_by is not None:
        taker = who(view.covered_by, mentions=view.mentions)
        text = f":white_check_mark: {taker} covers {asker}'s {what}."
        undo = button("Undo", UNDO_REQUEST_ACTION, request.id)
        return message(text, [section(text, undo)])
    if request.status is RequestStatus.WITHDRAWN:
        text = f"Withdrawn: {asker} no longer asks for cover of {what}."
        return message(text, [section(text)])
    shown = view.suggestions[:SHOWN_SUGGESTIONS]
    names = ", ".join(who(m, mentions=view.mentions) for m in shown)
    could = f"\nCould cover: {names}" if names else "\nNobody in the rotation is free then."
    text = f":sos: {asker} asks for cover of {what}.{could}"
    actions: Block = {
        "type": "actions",
        "elements": [
            button("I'll cover", TAKE_REQUEST_ACTION, request.id, style="primary"),
            button("Withdraw", WITHDRAW_REQUEST_ACTION, request.id),
        ],
    }
    return message(text, [section(text), actions])


def build_request_posted(view: RequestView) -> Message:
    text = f"Asked for cover of {request_words(view)} in <#{view.request.channel}>."
    return message(text, [section(text)])


def build_take_confirmation(view: RequestView, viewer_tz: ZoneInfo) -> Message:
    """I'll cover asks first: Confirm takes the request, Cancel drops the question."""
    span = describe_span(view.request.span, viewer_tz)
    text = (
        f"Cover *{esc(view.rotation.name)}* for {esc(view.member.name)}: {span}? "
        "You will be on call then."
    )
    return _confirm(text, CONFIRM_REQUEST_ACTION, view.request.id)


def build_gap_confirmation(rotation: str, span: Span, viewer_tz: ZoneInfo, value: str) -> Message:
    words = describe_span(span, viewer_tz)
    text = f"Cover the *{esc(rotation)}* gap, {words} (what is left of it from now)?"
    return _confirm(text, CONFIRM_COVER_ACTION, value)


def _confirm(text: str, action_id: str, value: str) -> Message:
    actions: Block = {
        "type": "actions",
        "elements": [
            button("Confirm", action_id, value, style="primary"),
            button("Cancel", CANCEL_COVER_ACTION, value),
        ],
    }
    return message(text, [section(text), actions])


def build_thanks(
    rotation: str, span: Span, viewer_tz: ZoneInfo, undo_action: str, value: str
) -> Message:
    """After a confirmed cover: what the clicker now holds, with Undo."""
    text = f"Thanks! You are on call for *{esc(rotation)}*: {describe_span(span, viewer_tz)}."
    return message(text, [section(text, button("Undo", undo_action, value))])


def build_requester_dm(view: RequestView, *, undone: bool = False) -> Message:
    """To the requester: who covers their on-call now, or that the cover was undone."""
    tz = zone(view.member.tz or view.zone)
    what = f"*{esc(view.rotation.name)}* {describe_span(view.request.span, tz)}"
    if undone:
        text = (
            f"The cover of your {what} was undone: your request is open again in "
            f"<#{view.request.channel}>."
        )
    else:
        covered = view.covered_by
        taker = who(covered, mentions=True) if covered else "Someone"
        text = f"{taker} covers your {what}."
    return message(text, [section(text)])
