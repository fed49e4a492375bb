"""The rotation modal: `/oncall new` and Edit under `/oncall ROTATION` open it; saving applies
it as `schedules apply` would, inside the acknowledgement so that field errors travel in it
(`response_action: errors`) and the saved changes replace the form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond

from bot import ids
from bot.blocks.kit import Message, fit, result_modal
from bot.blocks.rotation_form import Filled, build_rotation_modal, build_rotation_saved
from bot.listeners.replying import Refusal, deferred, reply_with, settle
from bot.payloads import block_action
from bot.services import Services, Turn, turn_for
from bot.slack_api import open_view
from core.alerts.shift_watch import refresh_watch
from core.digest.rotation_channel import channel_covering, cover_in_channel
from core.errors import InvalidRotation, NoDigestHere
from core.people.permissions import require_admin
from core.rotations.queries import find_rotation
from core.schedules.rotation_form import RotationForm, save_rotation, turn_order

ERROR_TEXT = 300
_BLOCKS = {
    "name": ids.ROTATION_NAME,
    "members": ids.ROTATION_MEMBERS,
    "shift": ids.ROTATION_SHIFT_COUNT,
    "handoff": ids.ROTATION_WEEKDAY,
    "timezone": ids.ROTATION_ZONE,
    "start": ids.ROTATION_START,
}


def register(app: App, services: Services) -> None:
    def submitted(ack: Ack, body: dict[str, Any]) -> None:
        fields = rotation_fields(body)
        outcome = settle(lambda: save(services, fields))
        if isinstance(outcome, Refusal):
            ack(response_action="errors", errors=errors_for(outcome, fields.editing))
        else:
            ack(
                response_action="update",
                view=result_modal(ids.ROTATION_MODAL, "Rotation saved", outcome),
            )

    app.view(ids.ROTATION_MODAL)(submitted)

    def edit_button(body: dict[str, Any], respond: Respond) -> None:
        """Edit under `/oncall ROTATION`: opens the modal, or says why not (ephemerally)."""
        action = block_action(body)
        reply_with(respond, lambda: open_rotation_modal(
            services, action.team_id, action.user_id, action.trigger_id, action.value))  # fmt: skip

    app.action(ids.EDIT_ROTATION_ACTION)(deferred(services, edit_button))


@dataclass(frozen=True)
class RotationFields:
    """The modal's state values as submitted (texts as typed, users in pick order)."""

    team_id: str
    user_id: str
    editing: str  # the edited rotation's name ("": a new rotation)
    name: str
    user_ids: tuple[str, ...]
    shift: str
    handoff: str
    zone: str
    start: date | None
    channel: str


def rotation_fields(body: Mapping[str, Any]) -> RotationFields:
    view = body.get("view") or {}
    state = _State((view.get("state") or {}).get("values") or {})
    editing = str(view.get("private_metadata") or "")
    start = state.chosen(ids.ROTATION_START, "selected_date")
    handoff = (
        f"{state.picked(ids.ROTATION_WEEKDAY)} {state.chosen(ids.ROTATION_TIME, 'selected_time')}"
    )
    return RotationFields(
        team_id=str((body.get("team") or {}).get("id") or ""),
        user_id=str((body.get("user") or {}).get("id") or ""),
        editing=editing,
        name=editing or state.text(ids.ROTATION_NAME),
        user_ids=tuple(state.field(ids.ROTATION_MEMBERS).get("selected_users") or ()),
        shift=state.text(ids.ROTATION_SHIFT_COUNT) + (state.picked(ids.ROTATION_SHIFT_UNIT) or "w"),
        handoff=handoff.strip(),
        zone=state.text(ids.ROTATION_ZONE),
        start=date.fromisoformat(start) if start else None,
        channel=state.chosen(ids.ROTATION_CHANNEL, "selected_conversation"),
    )


@dataclass(frozen=True)
class _State:
    """A view's state values, where each block id is also its element's action id."""

    values: Mapping[str, Any]

    def field(self, block: str) -> Mapping[str, Any]:
        return dict((self.values.get(block) or {}).get(block) or {})

    def text(self, block: str) -> str:
        return " ".join(str(self.field(block).get("value") or "").split())

    def picked(self, block: str) -> str:
        return str((self.field(block).get("selected_option") or {}).get("value") or "")

    def chosen(self, block: str, key: str) -> str:
        return str(self.field(block).get(key) or "")


def errors_for(refusal: Refusal, editing: str) -> dict[str, str]:
    """Each problem on its field's block; the rest (e.g. not an admin) on Members."""
    if isinstance(refusal.error, NoDigestHere):
        return {ids.ROTATION_CHANNEL: fit(refusal.words, ERROR_TEXT)}
    if not isinstance(refusal.error, InvalidRotation):
        return {ids.ROTATION_MEMBERS: fit(refusal.words, ERROR_TEXT)}
    errors: dict[str, str] = {}
    for key, problem in refusal.error.fields.items():
        block = _BLOCKS.get(key, ids.ROTATION_MEMBERS)
        if block == ids.ROTATION_NAME and editing:
            block = ids.ROTATION_MEMBERS
        errors.setdefault(block, fit(problem, ERROR_TEXT))
    return errors


def save(services: Services, fields: RotationFields) -> Message:
    turn = turn_for(services, fields.team_id, fields.user_id)
    require_admin(turn.actor, "define a rotation")
    form = RotationForm(
        name=fields.name,
        timezone=fields.zone,
        shift=fields.shift,
        handoff=fields.handoff,
        start=fields.start,
        member_ids=tuple(turn.member(u).id for u in fields.user_ids),
    )
    with turn.store.transaction():  # no digest in the channel: the rotation is not saved either
        saved = save_rotation(
            turn.store, turn.actor, workspace_id=turn.ws, form=form,
            replacing=fields.editing or None, fallback_zone=turn.zone_of(turn.me).key,
            now=turn.now,
        )  # fmt: skip
        if fields.channel:
            cover_in_channel(turn.store, turn.actor, workspace_id=turn.ws,
                             channel=fields.channel, rotation_name=saved.rotation.name)  # fmt: skip
    # The admin made the change: no "your shift moved" DM for them; the personal tick tells
    # everyone else whose current-or-next shift it moved.
    refresh_watch(turn.store, turn.ws, turn.me.id, turn.now)
    names = {m.id: m.name for m in turn.store.members.all(turn.ws)}
    return build_rotation_saved(saved, lambda m: names.get(m or "", "nobody"))


def open_rotation_modal(
    services: Services, team_id: str, user_id: str, trigger_id: str, editing: str = ""
) -> None:
    """views.open with the interaction's trigger (valid for about 3 seconds)."""
    turn = turn_for(services, team_id, user_id)
    require_admin(turn.actor, "define a rotation")
    open_view(services.client, trigger_id, build_rotation_modal(_filled(turn, editing)))


def _filled(turn: Turn, editing: str) -> Filled:
    zone_name = turn.zone_of(turn.me).key
    today = turn.now.astimezone(turn.zone_of(turn.me)).date()
    if not editing:
        return Filled("", (), None, zone_name, today)
    channel = channel_covering(turn.store, turn.ws, editing)
    rotation = find_rotation(turn.store, turn.ws, editing)
    users = _slack_users(turn, rotation.name, turn_order(rotation, turn.now))
    return Filled(rotation.name, users, rotation.definition, zone_name, today, channel)


def _slack_users(turn: Turn, name: str, order: tuple[str, ...]) -> tuple[str, ...]:
    """The members' Slack users in turn order; refused when one has none, because the user
    select shows only Slack users and saving would drop the others."""
    members = turn.store.members.many(turn.ws, order)
    unseen = [members[m].name if m in members else m for m in order
              if m not in members or not members[m].slack_user_id]  # fmt: skip
    if unseen:
        why = f"{', '.join(unseen)}: no Slack account here, so the form cannot show them"
        raise InvalidRotation({"members": f"{why}; change {name} with the schedules file."})
    return tuple(str(members[m].slack_user_id) for m in order)
