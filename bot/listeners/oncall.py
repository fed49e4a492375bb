"""`/oncall`: every rotation now, one rotation's segments, or covering a span (an override)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_bolt import App, Respond

from bot.blocks.kit import Message
from bot.blocks.oncall import build_covered, build_oncall_overview, build_rotation
from bot.blocks.replies import build_help
from bot.ids import ONCALL_COMMAND
from bot.listeners.replying import deferred, reply_with
from bot.payloads import first_word, slash_command, trailing_person
from bot.services import Services, Turn, turn_for
from core.errors import MissingArgument, WindowTooLong
from core.rotations.model import Rotation
from core.rotations.overrides import cover
from core.rotations.queries import MAX_DAYS, coverage_report, find_rotation, rotation_window
from core.time.phrases import parse_when
from core.time.spans import zone

GAPS_AHEAD = timedelta(days=7)
NEXT_AHEAD = timedelta(days=35)  # how far to look for the next member on call


def register(app: App, services: Services) -> None:
    def oncall(body: dict[str, Any], respond: Respond) -> None:
        command = slash_command(body)

        def work() -> tuple[Message, dict[str, Any]]:
            turn = turn_for(services, command.team_id, command.user_id)
            return answer(turn, command.text), {}

        reply_with(respond, work)

    app.command(ONCALL_COMMAND)(deferred(services, oncall))


def answer(turn: Turn, text: str) -> Message:
    word, rest = first_word(text)
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
    return build_rotation(report, turn.actor, turn.now)


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
    return build_covered(view, turn.now)


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
