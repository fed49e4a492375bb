"""`/oncall`: every rotation now, one rotation's segments, or covering a span (an override)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_bolt import App, Respond

from bot.blocks.kit import Message
from bot.blocks.oncall import build_covered, build_oncall_overview, build_rotation
from bot.blocks.replies import build_help, build_notice
from bot.ids import ONCALL_COMMAND, REMOVE_OVERRIDE_ACTION
from bot.listeners.cover import ask_and_post
from bot.listeners.replying import deferred, reply_with
from bot.listeners.requests import answering
from bot.listeners.requests import undo as undo_request
from bot.listeners.rotation_form import open_rotation_modal
from bot.listeners.swap import open_swap_modal
from bot.payloads import first_word, slash_command, trailing_person
from bot.services import Services, Turn, turn_for
from core.alerts.cover_taking import filled_by
from core.alerts.shift_watch import refresh_watch
from core.errors import MissingArgument, UnexpectedArgument, WindowTooLong
from core.rotations.model import Rotation
from core.rotations.overrides import cover, list_overrides, remove_override
from core.rotations.queries import MAX_DAYS, coverage_report, find_rotation, rotation_window
from core.time.phrases import parse_when, parse_when_prefix
from core.time.spans import Span, zone
from core.time.words import describe_span

GAPS_AHEAD = timedelta(days=7)
NEXT_AHEAD = timedelta(days=35)  # how far to look for the next member on call


def register(app: App, services: Services) -> None:
    def oncall(body: dict[str, Any], respond: Respond) -> None:
        command = slash_command(body)
        if first_word(command.text)[0] == "new":  # opens the modal: the trigger expires in ~3 s
            reply_with(respond, lambda: open_rotation_modal(
                services, command.team_id, command.user_id, command.trigger_id))  # fmt: skip
            return
        if first_word(command.text)[0] == "swap":
            reply_with(respond, lambda: open_swap_modal(
                services, command.team_id, command.user_id, command.trigger_id))  # fmt: skip
            return

        def work() -> tuple[Message, dict[str, Any]]:
            turn = turn_for(services, command.team_id, command.user_id)
            return answer(turn, command.text), {}

        reply_with(respond, work)

    app.command(ONCALL_COMMAND)(deferred(services, oncall))
    app.action(REMOVE_OVERRIDE_ACTION)(
        deferred(services, answering(services, remove_one, replaces=False))
    )


def remove_one(turn: Turn, override_id: str) -> Message:
    """Remove under an override in `/oncall ROTATION` (its member's, or an admin's); one
    that filled a cover request is that request's Undo (it opens again, redrawn)."""
    request_id = filled_by(turn.store, turn.ws, override_id)
    if request_id is not None:
        return undo_request(turn, request_id)
    view = remove_override(turn.store, turn.actor, workspace_id=turn.ws, override_id=override_id)
    refresh_watch(turn.store, turn.ws, turn.me.id, turn.now)
    span = describe_span(Span(view.override.start, view.override.end), zone(view.rotation.timezone))
    return build_notice(
        f"Removed: {view.member.name} no longer covers {view.rotation.name}, {span}."
    )


def answer(turn: Turn, text: str) -> Message:
    word, rest = first_word(text)
    if word == "cover" and first_word(rest)[0] == "me":
        return cover_me(turn, first_word(rest)[1])
    if word == "cover":
        return cover_span(turn, rest)
    if word == "help":
        return build_help()
    if not word:
        return overview(turn)
    return one_rotation(turn, text)


def overview(turn: Turn) -> Message:
    """Every rotation: on call now and until when, who is next, gaps of the next 7 days."""
    windows = {r.id: (turn.now, turn.now + NEXT_AHEAD) for r in turn.store.rotations.all(turn.ws)}
    report = coverage_report(turn.store, turn.ws, windows)
    return build_oncall_overview(report, turn.actor, turn.now, gaps_until=turn.now + GAPS_AHEAD)


def one_rotation(turn: Turn, text: str) -> Message:
    """`/oncall ROTATION [WHEN]`: its segments, 14 days from today by default."""
    rotation, when = _rotation_and_rest(turn, text)
    if when:
        span = parse_when(
            when, tz=zone(rotation.timezone), now=turn.now, date_order=turn.date_order
        )
        days = round((span.end - span.start).total_seconds() / 86400)
        if days > MAX_DAYS:
            raise WindowTooLong(days, MAX_DAYS)
        window = (span.start, span.end)
    else:
        window = rotation_window(rotation, None, None, now=turn.now)
    report = coverage_report(turn.store, turn.ws, {rotation.id: window})[0]
    ahead = list_overrides(turn.store, turn.ws, rotation_name=rotation.name, since=turn.now)
    return build_rotation(report, turn.actor, turn.now, ahead)


def cover_span(turn: Turn, text: str) -> Message:
    """`/oncall cover ROTATION WHEN [@member]` (WHEN in the rotation's zone)."""
    who, text = trailing_person(text)
    member = turn.find(who) if who else None
    rotation, when = _rotation_and_rest(turn, text)
    if not when:
        raise MissingArgument(
            f"when to cover {rotation.name}", f"`/oncall cover {rotation.name} sat 09:00 for 24h`"
        )
    tz = zone(rotation.timezone)
    span = parse_when(when, tz=tz, now=turn.now, date_order=turn.date_order)
    view = cover(
        turn.store,
        turn.actor,
        workspace_id=turn.ws,
        rotation_name=rotation.name,
        span=span,
        member=member,
        now=turn.now,
    )
    refresh_watch(turn.store, turn.ws, turn.me.id, turn.now)  # no "your shift moved" for this
    return build_covered(view, turn.now)


def cover_me(turn: Turn, text: str) -> Message:
    """`/oncall cover me WHEN [ROTATION]` (WHEN in my zone): ask for cover in the channel
    whose digest covers the rotation (by default the one rotation I am on call for then)."""
    if not text:
        raise MissingArgument(
            "when", "`/oncall cover me fri` or `/oncall cover me next week primary`"
        )
    span, after = parse_when_prefix(
        text, tz=turn.zone_of(turn.me), now=turn.now, date_order=turn.date_order
    )
    rotation, extra = _rotation_and_rest(turn, after) if after else (None, "")
    if extra:
        raise UnexpectedArgument(
            f"I don't know {extra!r} after the rotation", "`/oncall cover me WHEN [ROTATION]`"
        )
    return ask_and_post(turn, turn.me, span, rotation)


def _rotation_and_rest(turn: Turn, text: str) -> tuple[Rotation, str]:
    """The longest run of leading words naming a rotation, and the words after it."""
    words = text.split()
    for count in range(len(words), 0, -1):
        found = turn.store.rotations.by_name(turn.ws, " ".join(words[:count]))
        if found is not None:
            return found, " ".join(words[count:])
    if not words:
        raise MissingArgument("which rotation", "e.g. `/oncall primary` (`/oncall` lists them)")
    return find_rotation(turn.store, turn.ws, words[0]), " ".join(words[1:])
