"""Builders for the rotation modal (`/oncall new`, Edit) and the answer to saving it.

Members are a multi_users_select: Slack keeps `selected_users` in the order they were
picked, and `initial_users` fills them in the stored order, so the pick order is the turn
order (to move someone later, remove and pick them again). A text of @mentions would need
the mentions resolved by name, and numbered single selects would cap the team at the
modal's 100 blocks; the select gives real user ids, in order, in one field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import ids
from bot.blocks.kit import Message, esc, message, section
from core.rotations.model import RotationDefinition
from core.schedules.rotation_form import SavedRotation
from core.time.words import WEEKDAYS

View = dict[str, Any]
_UNITS = (("h", "hours"), ("d", "days"), ("w", "weeks"))
_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHOWN_SWAPS = 8


@dataclass(frozen=True)
class Filled:
    """What the modal starts with: a stored rotation (user ids in turn order), or defaults."""

    name: str
    user_ids: tuple[str, ...]
    definition: RotationDefinition | None
    zone_name: str
    today: date
    channel: str | None = None  # whose digest covers it now


def build_rotation_modal(filled: Filled) -> View:
    """Name (new only), members, shift length, hand-off weekday and time, zone, start, and
    the channel whose digest covers it."""
    old = filled.definition
    blocks = [] if old else [_input(ids.ROTATION_NAME, "Name", _text(ids.ROTATION_NAME, ""))]
    blocks += [_members(filled.user_ids), *_shift(old)]
    zone_text = _text(ids.ROTATION_ZONE, old.timezone if old else filled.zone_name)
    blocks.append(_input(ids.ROTATION_ZONE, "Time zone", zone_text, hint="e.g. Europe/Madrid"))
    start = (old.start if old else filled.today).isoformat()
    dates = {"type": "datepicker", "action_id": ids.ROTATION_START, "initial_date": start}
    blocks.append(_input(ids.ROTATION_START, "Start date", dates))
    blocks.append(_channel(filled.channel))
    return {
        "type": "modal",
        "callback_id": ids.ROTATION_MODAL,
        "title": _plain(f"Edit {filled.name}"[:24] if old else "New rotation"),
        "submit": _plain("Save"),
        "close": _plain("Cancel"),
        "private_metadata": filled.name if old else "",
        "blocks": blocks,
    }


def _members(user_ids: tuple[str, ...]) -> View:
    users: View = {"type": "multi_users_select", "action_id": ids.ROTATION_MEMBERS}
    if user_ids:
        users["initial_users"] = list(user_ids)
    hint = (
        "In turn order, the first taking the next hand-off; to move someone later, "
        "remove them and pick them again."
    )
    return _input(ids.ROTATION_MEMBERS, "Members", users, hint=hint)


def _shift(old: RotationDefinition | None) -> list[View]:
    """Shift length and unit, hand-off weekday (whole weeks only) and time."""
    count = _text(ids.ROTATION_SHIFT_COUNT, str(old.shift.count) if old else "1")
    unit = _select(ids.ROTATION_SHIFT_UNIT, _UNITS, old.shift.unit if old else "w")
    weekday = old.handoff.weekday if old else 0
    days = tuple(zip(_CODES, WEEKDAYS, strict=True))
    day = _select(ids.ROTATION_WEEKDAY, days, None if weekday is None else _CODES[weekday])
    daily = "Shifts of whole weeks only; leave empty to hand off daily."
    clock = old.handoff.clock.strftime("%H:%M") if old else "09:00"
    picker = {"type": "timepicker", "action_id": ids.ROTATION_TIME, "initial_time": clock}
    return [
        _input(ids.ROTATION_SHIFT_COUNT, "Shift length", count),
        _input(ids.ROTATION_SHIFT_UNIT, "Unit", unit),
        _input(ids.ROTATION_WEEKDAY, "Hand-off weekday", day, optional=True, hint=daily),
        _input(ids.ROTATION_TIME, "Hand-off time", picker),
    ]


def _channel(chosen: str | None) -> View:
    element: View = {
        "type": "conversations_select",
        "action_id": ids.ROTATION_CHANNEL,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if chosen:
        element["initial_conversation"] = chosen
    said = "Its digest and coverage alerts will cover this rotation."
    return _input(ids.ROTATION_CHANNEL, "Channel", element, optional=True, hint=said)


def build_rotation_saved(saved: SavedRotation, name_of: Callable[[str | None], str]) -> Message:
    """What saving changed, for whom: "from Mon 9 Mar 09:00 Chen takes Ben's place"."""
    rotation = saved.rotation
    tz = ZoneInfo(rotation.timezone)
    if saved.created:
        order = ", ".join(name_of(m) for m in rotation.definition.member_ids)
        text = f"Created *{esc(rotation.name)}*: {esc(order)} in turn."
        return message(text, [section(text)])
    if saved.effective_from is None:
        text = f"Nothing changed: *{esc(rotation.name)}* already reads so."
        return message(text, [section(text)])
    lines = [f"Saved *{esc(rotation.name)}*; it changes from the next hand-off, "
             f"{_when(saved.effective_from, tz)}. Past on-call stays as it was."]  # fmt: skip
    for swap in saved.swapped[:SHOWN_SWAPS]:
        taker, was = esc(name_of(swap.after)), esc(name_of(swap.before))
        place = f"takes {was}'s place" if swap.before else "is on call (nobody was)"
        lines.append(f"• from {_when(swap.start, tz)} {taker} {place}")
    if len(saved.swapped) > SHOWN_SWAPS:
        lines.append(f"…and {len(saved.swapped) - SHOWN_SWAPS} more shifts in the next 5 weeks.")
    if not saved.swapped:
        lines.append("Nobody's shifts change in the next 5 weeks.")
    text = "\n".join(lines)
    return message(text, [section(text)])


def _when(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%a %-d %b %H:%M}"


def _input(
    block_id: str, label: str, element: View, *, optional: bool = False, hint: str = ""
) -> View:
    block: View = {"type": "input", "block_id": block_id, "label": _plain(label),
                   "element": element, "optional": optional}  # fmt: skip
    if hint:
        block["hint"] = _plain(hint)
    return block


def _text(action_id: str, value: str) -> View:
    element: View = {"type": "plain_text_input", "action_id": action_id, "max_length": 80}
    if value:
        element["initial_value"] = value
    return element


def _select(action_id: str, options: tuple[tuple[str, str], ...], chosen: str | None) -> View:
    listed = [{"text": _plain(label), "value": value} for value, label in options]
    element: View = {"type": "static_select", "action_id": action_id, "options": listed}
    picked = [o for o in listed if o["value"] == chosen]
    if picked:
        element["initial_option"] = picked[0]
    return element


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
