"""Changing a record from Slack: `/unavailable edit ID` and the Edit buttons open the Add form
filled in; its submission updates the record in place.

As with Add, the submission is checked and saved inside its acknowledgement, so a refusal
shows on the form's field (`response_action: errors`); a record removed meanwhile replaces
the form with the refusal, there being nothing left to fix.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.blocks.kit import Message, esc
from bot.blocks.modal import (
    View,
    build_changed_view,
    build_edit_modal,
    build_not_changed_view,
)
from bot.ids import EDIT_ACTION, EDIT_MODAL, HOME_EDIT_ACTION
from bot.listeners.home import publish_for
from bot.listeners.modal import answer_submission
from bot.listeners.replying import Refusal, deferred, reply_with, settle
from bot.payloads import AddForm, add_form, block_action, edit_metadata, edit_target
from bot.services import Services, turn_for
from bot.slack_api import open_view
from core.alerts.clashes import clashes
from core.errors import UnknownUnavailability
from core.records.form import form_span
from core.records.sources import SLACK
from core.records.unavailability import (
    RecordChange,
    changeable_unavailability,
    get_unavailability,
    update_unavailability,
)


def register(app: App, services: Services) -> None:
    def submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = add_form(body)
        outcome = settle(lambda: save(services, form))
        if isinstance(outcome, Refusal) and isinstance(outcome.error, UnknownUnavailability):
            ack(response_action="update", view=build_not_changed_view(outcome.words))
        else:
            answer_submission(ack, form, outcome)

    def refresh_home(body: dict[str, Any]) -> None:
        form = add_form(body)
        if edit_target(form.metadata)[1]:
            publish_for(services, form.team_id, form.user_id)

    app.view(EDIT_MODAL)(ack=submitted, lazy=[refresh_home])

    def edit_button(body: dict[str, Any], respond: Respond) -> None:
        """Edit under a listed record: a refusal is answered through the response_url."""
        action = block_action(body)

        def work() -> tuple[Message, dict[str, Any]] | None:
            open_edit_modal(services, action.team_id, action.user_id, action.trigger_id,
                            action.value)  # fmt: skip
            return None

        reply_with(respond, work)

    app.action(EDIT_ACTION)(deferred(services, edit_button))

    def home_edit_button(body: dict[str, Any]) -> None:
        """Edit in the Home (no response_url): a refusal shows on the Home."""
        action = block_action(body)
        opened = settle(
            lambda: open_edit_modal(
                services, action.team_id, action.user_id, action.trigger_id, action.value,
                home=True,
            )
        )  # fmt: skip
        if isinstance(opened, Refusal):
            publish_for(services, action.team_id, action.user_id, esc(opened.words))

    app.action(HOME_EDIT_ACTION)(deferred(services, home_edit_button))


def open_edit_modal(
    services: Services,
    team_id: str,
    user_id: str,
    trigger_id: str,
    record_id: str,
    *,
    home: bool = False,
) -> None:
    """views.open with the record filled in, in its member's zone; refused (before opening)
    when the record is unknown or, for a member, someone else's."""
    turn = turn_for(services, team_id, user_id)
    view = changeable_unavailability(turn.store, turn.actor, workspace_id=turn.ws,
                                     record_id=record_id)  # fmt: skip
    modal = build_edit_modal(
        view,
        turn.store.types.all(turn.ws),
        admin=turn.actor.is_admin,
        tz=turn.zone_of(view.member),
        metadata=edit_metadata(view.record.id, home=home),
    )
    open_view(services.client, trigger_id, modal)


def save(services: Services, form: AddForm) -> View:
    """The whole form becomes the change: member (admins), type, span in the member's zone,
    note (empty clears it)."""
    record_id, _ = edit_target(form.metadata)
    turn = turn_for(services, form.team_id, form.user_id)
    before = get_unavailability(turn.store, workspace_id=turn.ws, record_id=record_id)
    member = turn.member(form.member_user_id) if form.member_user_id else before.member
    span = form_span(form.dates, turn.zone_of(member))
    type_ = turn.store.types.get(turn.ws, form.type_id) if form.type_id else None
    change = RecordChange(
        member_id=member.id,
        start=span.start,
        start_date_only=span.all_day,
        end=span.end,
        end_date_only=span.all_day,
        type_name=type_.name if type_ else form.type_id,
        name=form.note or None,
        clear_name=not form.note,
    )
    after = update_unavailability(
        turn.store, turn.actor, workspace_id=turn.ws, record_id=record_id, change=change,
        now=turn.now, via=SLACK,
    )  # fmt: skip
    found = clashes(turn.store, after, turn.now)
    return build_changed_view(before, after, turn.actor, turn.zone_of, turn.now, found)
