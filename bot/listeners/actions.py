"""Buttons: Undo on an added record, Remove on a listed one (each acknowledged first)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot.blocks.kit import Message
from bot.blocks.records import build_record_removed
from bot.ids import REMOVE_ACTION, UNDO_ACTION
from bot.listeners.replying import deferred, reply_with
from bot.payloads import block_action
from bot.services import Services, turn_for
from core.records.unavailability import remove_unavailability


def register(app: App, services: Services) -> None:
    def remove_record(body: dict[str, Any], respond: Respond) -> None:
        action = block_action(body)

        def work() -> tuple[Message, dict[str, Any]]:
            turn = turn_for(services, action.team_id, action.user_id)
            view = remove_unavailability(
                turn.store, turn.actor, workspace_id=turn.ws, record_id=action.value
            )
            undone = action.action_id == UNDO_ACTION
            tz = turn.zone_of(view.member)
            reply = build_record_removed(view, turn.actor, tz, turn.now, undone=undone)
            return reply, {"replace_original": undone}

        reply_with(respond, work)

    for action_id in (UNDO_ACTION, REMOVE_ACTION):
        app.action(action_id)(deferred(services, remove_record))
