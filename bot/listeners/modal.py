"""The Add unavailability modal: open it, offer types past 100, save a submission.

A submission is validated and written inside its acknowledgement: field errors must travel
in the ack itself (`response_action: errors`), the checks that matter (overlap with a
stored record) need the database anyway, and one insert in one transaction takes
milliseconds. The ack then swaps the form for the saved record in words.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.kit import fit
from bot.blocks.modal import (
    View,
    build_add_modal,
    build_added_view,
    error_field,
    type_options,
)
from bot.ids import ADD_MODAL, OPEN_ADD_ACTION, TYPE_INPUT
from bot.listeners.home import publish_for
from bot.listeners.replying import Refusal, deferred, settle
from bot.payloads import AddForm, add_form, block_action, suggestion
from bot.services import Services, turn_for
from bot.slack_api import open_view
from core.alerts.clashes import clashes
from core.records.form import form_span
from core.records.unavailability import add_unavailability

FROM_HOME = "home"  # private_metadata of a modal opened from the App Home
ERROR_TEXT = 300


def register(app: App, services: Services) -> None:
    def submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = add_form(body)
        answer_submission(ack, form, settle(lambda: save(services, form)))

    def refresh_home(body: dict[str, Any]) -> None:
        form = add_form(body)
        if form.metadata == FROM_HOME:
            publish_for(services, form.team_id, form.user_id)

    app.view(ADD_MODAL)(ack=submitted, lazy=[refresh_home])

    def options(ack: Ack, body: dict[str, Any]) -> None:
        found = settle(lambda: matching_types(services, body))
        ack(options=[] if isinstance(found, Refusal) else found)

    app.options(TYPE_INPUT)(options)

    def add_button(body: dict[str, Any]) -> None:
        """The Home's Add button (no response_url: a refusal shows on the Home)."""
        action = block_action(body)
        opened = settle(
            lambda: open_add_modal(
                services, action.team_id, action.user_id, action.trigger_id, FROM_HOME
            )
        )
        if isinstance(opened, Refusal):
            publish_for(services, action.team_id, action.user_id, opened.words)

    app.action(OPEN_ADD_ACTION)(deferred(services, add_button))


def answer_submission(ack: Ack, form: AddForm, outcome: View | Refusal) -> None:
    """Acknowledge a submitted form: the saved record in words, or the refusal on the field
    it concerns (Add and Edit alike)."""
    if isinstance(outcome, Refusal):
        field = error_field(outcome.error, admin=form.member_user_id is not None)
        ack(response_action="errors", errors={field: fit(outcome.words, ERROR_TEXT)})
    else:
        ack(response_action="update", view=outcome)


def matching_types(services: Services, body: dict[str, Any]) -> list[dict[str, Any]]:
    team, user, typed = suggestion(body)
    turn = turn_for(services, team, user)
    return type_options(turn.store.types.all(turn.ws), typed)


def open_add_modal(
    services: Services, team_id: str, user_id: str, trigger_id: str, metadata: str = ""
) -> None:
    """views.open with the interaction's trigger (valid for about 3 seconds)."""
    turn = turn_for(services, team_id, user_id)
    view = build_add_modal(
        turn.store.types.all(turn.ws),
        admin=turn.actor.is_admin,
        user_id=user_id,
        today=turn.now.astimezone(turn.zone_of(turn.me)).date(),
        metadata=metadata,
    )
    open_view(services.client, trigger_id, view)


def save(services: Services, form: AddForm) -> View:
    turn = turn_for(services, form.team_id, form.user_id)
    member = turn.member(form.member_user_id) if form.member_user_id else turn.me
    tz = turn.zone_of(member)
    type_ = turn.store.types.get(turn.ws, form.type_id) if form.type_id else None
    view = add_unavailability(
        turn.store,
        turn.actor,
        workspace_id=turn.ws,
        member_id=member.id,
        span=form_span(form.dates, tz),
        type_name=type_.name if type_ else form.type_id,
        name=form.note or None,
        source="slack",
        now=turn.now,
    )
    return build_added_view(view, turn.actor, tz, turn.now, clashes(turn.store, view, turn.now))
