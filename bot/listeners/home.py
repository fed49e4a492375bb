"""The App Home tab: published when opened, and again after a Remove or an Add from it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.blocks.home import build_home
from bot.blocks.kit import esc
from bot.blocks.records import record_words
from bot.ids import HOME_OPENED_EVENT, HOME_REMOVE_ACTION
from bot.listeners.replying import Refusal, deferred, settle
from bot.payloads import Action, block_action, home_opened
from bot.services import Services, turn_for
from bot.slack_api import publish_home
from core.home import home_page
from core.records.unavailability import remove_unavailability

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    def opened(body: dict[str, Any]) -> None:
        found = home_opened(body)
        if found is not None:
            publish_for(services, *found)

    app.event(HOME_OPENED_EVENT)(deferred(services, opened))

    def remove(body: dict[str, Any]) -> None:
        """Home buttons have no response_url: the outcome is a notice on the Home itself."""
        action = block_action(body)
        outcome = settle(lambda: removed(services, action))
        # the notice is mrkdwn: a refusal's plain words are escaped, a record's already are
        notice = esc(outcome.words) if isinstance(outcome, Refusal) else outcome
        publish_for(services, action.team_id, action.user_id, notice)

    app.action(HOME_REMOVE_ACTION)(deferred(services, remove))


def removed(services: Services, action: Action) -> str:
    turn = turn_for(services, action.team_id, action.user_id)
    view = remove_unavailability(
        turn.store, turn.actor, workspace_id=turn.ws, record_id=action.value
    )
    words = record_words(view, turn.actor, turn.zone_of(view.member), turn.now)
    return f"Removed {words}."


def publish_for(services: Services, team_id: str, user_id: str, notice: str = "") -> None:
    """views.publish the member's Home; a failure is logged (there is nobody to answer)."""

    def publish() -> None:
        turn = turn_for(services, team_id, user_id)
        settings = services.settings
        secret = settings.calendar_secret if settings.public_url else None
        page = home_page(
            services.store, turn.actor, workspace_id=turn.ws, now=turn.now, calendar_secret=secret
        )
        view = build_home(
            page, turn.actor, turn.zone_of, turn.now, notice, calendar_base=settings.public_url
        )
        publish_home(services.client, user_id, view)

    outcome = settle(publish)
    if isinstance(outcome, Refusal):
        log.warning("could not publish the Home of %s: %s", user_id, outcome.words)
