"""Shift swaps (`/oncall swap`): the modal picking your shift and a teammate's, the DM asking
the teammate (Accept / Decline), and the words telling each side what happened."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import ids
from bot.blocks.kit import Message, button, esc, fit, message, section, who
from core.alerts.swaps import Shift, SwapView
from core.rotations.stints import Stint
from core.time.spans import Span
from core.time.words import describe_span

OPTIONS = 100  # a static select's limit
LABEL = 75  # an option's text limit
View = dict[str, Any]


def build_swap_modal(
    mine: Sequence[Stint], theirs: Sequence[Stint], tz: ZoneInfo, name_of: Callable[[str], str]
) -> View:
    """Two selects: one of your upcoming shifts, and a teammate's to take in exchange."""
    blocks = [
        _pick(ids.SWAP_MINE, "Your shift", [(s, describe_stint(s, tz)) for s in mine]),
        _pick(ids.SWAP_THEIRS, "For a teammate's shift",
              [(s, f"{name_of(s.member_id)}: {describe_stint(s, tz)}") for s in theirs]),
    ]  # fmt: skip
    return {
        "type": "modal",
        "callback_id": ids.SWAP_MODAL,
        "title": _plain("Swap shifts"),
        "submit": _plain("Ask"),
        "close": _plain("Cancel"),
        "blocks": blocks,
    }


def describe_stint(stint: Stint, tz: ZoneInfo) -> str:
    return f"{stint.rotation.name}, {describe_span(Span(stint.start, stint.end), tz)}"


def shift_value(stint: Stint) -> str:
    return f"{stint.rotation.id}|{int(stint.start.timestamp())}|{int(stint.end.timestamp())}"


def read_shift_value(value: str) -> Shift:
    rotation_id, start, end = value.rsplit("|", 2)
    return rotation_id, _instant(start), _instant(end)


def build_swap_ask(view: SwapView, tz: ZoneInfo) -> Message:
    """To the teammate: who offers which shift for which of theirs; Accept / Decline."""
    text = (
        f"{who(view.requester, mentions=True)} asks to swap shifts: they take your "
        f"{_shift(view, theirs=True, tz=tz)}, you take their {_shift(view, theirs=False, tz=tz)}."
    )
    value = view.swap.id
    actions = [button("Accept", ids.ACCEPT_SWAP_ACTION, value, style="primary"),
               button("Decline", ids.DECLINE_SWAP_ACTION, value)]  # fmt: skip
    return message(text, [section(fit(text)), {"type": "actions", "elements": actions}])


def build_swap_asked(view: SwapView, tz: ZoneInfo) -> str:
    return (
        f"Asked {who(view.teammate, mentions=True)} to take your "
        f"{_shift(view, theirs=False, tz=tz)} for their {_shift(view, theirs=True, tz=tz)}."
    )


def build_swap_done(view: SwapView, tz: ZoneInfo, *, for_requester: bool) -> str:
    """What each side is told once it is accepted (or declined)."""
    other = view.teammate if for_requester else view.requester
    mine, theirs = (False, True) if for_requester else (True, False)
    if view.swap.status.value == "declined":
        yours = _shift(view, theirs=mine, tz=tz)
        return f"{who(other, mentions=True)} declined the swap of your {yours}."
    return (
        f"Swapped: {who(other, mentions=True)} covers your {_shift(view, theirs=mine, tz=tz)}; "
        f"you cover their {_shift(view, theirs=theirs, tz=tz)}."
    )


def said(text: str) -> Message:
    """A sentence built here (names escaped already, bold and mentions kept)."""
    return message(text, [section(fit(text))])


def build_swap_line(view: SwapView, tz: ZoneInfo) -> Message:
    """The rotation's channel: who now covers which shift."""
    text = (
        f"Shift swap: {esc(view.teammate.name)} covers {esc(view.requester.name)}'s "
        f"{_shift(view, theirs=False, tz=tz)}, and {esc(view.requester.name)} covers "
        f"{esc(view.teammate.name)}'s {_shift(view, theirs=True, tz=tz)}."
    )
    return message(text, [section(fit(text))])


def _shift(view: SwapView, *, theirs: bool, tz: ZoneInfo) -> str:
    rotation, (_, start, end) = (
        (view.theirs, view.swap.theirs) if theirs else (view.mine, view.swap.mine)
    )
    return f"*{esc(rotation.name)}* {describe_span(Span(start, end), tz)}"


def _pick(block_id: str, label: str, shifts: list[tuple[Stint, str]]) -> View:
    options = [{"text": _plain(fit(text, LABEL)), "value": shift_value(s)}
               for s, text in shifts[:OPTIONS]]  # fmt: skip
    element = {"type": "static_select", "action_id": block_id, "options": options}
    return {"type": "input", "block_id": block_id, "label": _plain(label), "element": element}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _instant(epoch: str) -> datetime:
    return datetime.fromtimestamp(int(epoch), UTC)
