"""Find cover (under a record that hits its member's shift, in a reply, the Add form's
confirmation or a DM), `/oncall cover me`, and Cancel on any I'll-cover question."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot.blocks.clashes import read_shift_value
from bot.blocks.cover import build_request_posted
from bot.blocks.kit import Message
from bot.blocks.replies import build_error, build_notice
from bot.ids import CANCEL_COVER_ACTION, FIND_COVER_ACTION
from bot.listeners.replying import Refusal, deferred, reply_with, settle
from bot.listeners.requests import post_request
from bot.payloads import block_action, clicked_view
from bot.services import Services, Turn, turn_for
from bot.slack_api import update_view
from core.alerts.cover_requests import ask_cover
from core.errors import UnknownMember, UnknownRotation
from core.people.model import Member
from core.rotations.model import Rotation
from core.time.spans import Span

VIEW_TITLE = "Find cover"


def register(app: App, services: Services) -> None:
    def find_cover(body: dict[str, Any], respond: Respond) -> None:
        action = block_action(body)

        def work() -> Message:
            turn = turn_for(services, action.team_id, action.user_id)
            ref = read_shift_value(action.value)
            member = turn.store.members.get(turn.ws, ref.member_id)
            rotation = turn.store.rotations.get(turn.ws, ref.rotation_id)
            if member is None:
                raise UnknownMember(ref.member_id)
            if rotation is None:
                raise UnknownRotation(ref.rotation_id)
            return ask_and_post(turn, member, Span(ref.start, ref.end), rotation)

        view_id = clicked_view(body)
        if view_id is None:
            reply_with(respond, lambda: (work(), {"replace_original": False}))
        else:  # a button in a modal has no response_url: the modal shows the answer
            answer_in_view(services, view_id, settle(work))

    app.action(FIND_COVER_ACTION)(deferred(services, find_cover))

    def cancel(body: dict[str, Any], respond: Respond) -> None:
        reply_with(respond, lambda: (build_notice("Nothing changed."), {"replace_original": True}))

    app.action(CANCEL_COVER_ACTION)(deferred(services, cancel))


def ask_and_post(turn: Turn, member: Member, span: Span, rotation: Rotation | None) -> Message:
    """A cover request for the member's on-call in the span, posted in the rotation's channel."""
    view = ask_cover(
        turn.store,
        turn.actor,
        workspace_id=turn.ws,
        member=member,
        span=span,
        rotation=rotation,
        now=turn.now,
    )
    post_request(turn, view)
    return build_request_posted(view)


def answer_in_view(services: Services, view_id: str, outcome: Message | Refusal) -> None:
    """Show a button's answer in the modal it sits in (views.update)."""
    if isinstance(outcome, Refusal):
        outcome = build_error(outcome.words)
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": VIEW_TITLE},
        "close": {"type": "plain_text", "text": "Done"},
        "blocks": outcome["blocks"],
    }
    settle(lambda: update_view(services.client, view_id, view))
