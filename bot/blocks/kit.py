"""Block Kit pieces with Slack's limits built in: escaping, word-boundary fitting, sections."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from core.counts import count
from core.people.model import Member

Block = dict[str, Any]
Message = dict[str, Any]

SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
MESSAGE_BLOCKS = 50
MESSAGE_CHARS = 12_000  # the record blocks of a message as JSON (Slack refuses ~13,000)
LISTED = 20  # records or segments shown in one message; the rest are counted


JOINER = "\u200d"  # zero-width joiner: invisible, and no word boundary for mrkdwn markers
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "`": f"{JOINER}`{JOINER}"})
# A marker between two letters or digits formats nothing (`start_time`, `avail_1a2b`,
# `first_last@example.com` stay as typed, so ids and emails copy cleanly); any other is wrapped.
_MARKER = re.compile(r"(?<![^\W_])[*_~]|[*_~](?![^\W_])")


def esc(text: str) -> str:
    """Text people typed (names, notes, types, file names, rotations, refusals quoting them),
    safe in any mrkdwn field, the message `text` included: `&`, `<`, `>` escaped as Slack
    asks, so no mention or link; a backtick, and a `*`, `_` or `~` that is not inside a word,
    wrapped in zero-width joiners, so none opens or closes code, bold, italics or strike (a
    marker only counts at a word boundary). The one place user text is made safe
    (docs/slack.md)."""
    return _MARKER.sub(lambda m: f"{JOINER}{m[0]}{JOINER}", text.translate(_ENTITIES))


_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


def who(member: Member, *, mentions: bool) -> str:
    """A member as a message names them: a Slack mention (`<@U…>`, so Slack notifies them)
    when `mentions` is on and the member has a Slack id, else their name, escaped. A mention
    availbot means to make: the id comes from Slack, never from what people type."""
    user = member.slack_user_id
    if mentions and user and _SLACK_USER.match(user):
        return f"<@{user}>"
    return esc(member.name)


def code(text: str) -> str:
    """Typed text inside an inline code span (a command to copy): markers do nothing there,
    so only `&`, `<`, `>` are escaped and a backtick, which would end the span, becomes `ˋ`."""
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"`{safe.replace('`', 'ˋ')}`"


def fit(text: str, limit: int = SECTION_LIMIT) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis, never mid-word."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


def section(text: str, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": fit(text)}}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": fit(text)}]}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": fit(text, 150)}}


def button(
    text: str,
    action_id: str,
    value: str,
    *,
    style: str | None = None,
    confirm: Block | None = None,
) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": fit(text, BUTTON_TEXT_LIMIT)},
        "action_id": action_id,
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, yes: str) -> Block:
    return {
        "title": {"type": "plain_text", "text": fit(title, 100)},
        "text": {"type": "mrkdwn", "text": fit(text, 300)},
        "confirm": {"type": "plain_text", "text": fit(yes, 30)},
        "deny": {"type": "plain_text", "text": "Cancel"},
        "style": "danger",
    }


def message(text: str, blocks: list[Block]) -> Message:
    """A message: fallback `text` (the notification) and at most 50 blocks."""
    assert len(blocks) <= MESSAGE_BLOCKS, "builders summarise before reaching the limit"
    return {"text": fit(text), "blocks": blocks}


def result_modal(callback_id: str, title: str, said: Message) -> Block:
    """A submitted modal replaced by what came of it (`response_action: update`)."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": fit(title, 24)},
        "close": {"type": "plain_text", "text": "Done"},
        "blocks": said["blocks"],
    }


def more_line(shown: int, total: int, noun: str, cli: str) -> str | None:
    """`…and 12 more records: availbot list …` when a list was summarised (`cli` as typed;
    `noun` singular: `record`, `rotation`)."""
    if total <= shown:
        return None
    return f"…and {count(total - shown, 'more ' + noun)}. See them all with {code(cli)}."


def within_section(lines: Sequence[str], head: str, tail: str = "") -> tuple[str, int]:
    """A head and as many whole lines as fit in one section (leaving room for the tail and
    an `…and N more` line), and how many lines were left out."""
    shown = _fitting(lines, SECTION_LIMIT - len(head) - len(tail) - 120)
    return "\n".join([head, *shown]) + tail, len(lines) - len(shown)


def fit_lines(
    lines: Iterable[str],
    room: int = SECTION_LIMIT - 100,
    noun: str = "",
    *,
    total: int | None = None,
) -> str:
    """As many whole lines as fit in `room` characters, then `_and N more [noun]s_`: never a
    line cut.
    `lines` may be a generator, formatted only as far as they fit; `total` then counts them."""
    if total is None:
        lines = list(lines)
        total = len(lines)
    shown = _fitting(lines, room)
    if len(shown) < total:
        left = total - len(shown)
        shown.append(f"_and {count(left, 'more ' + noun) if noun else f'{left} more'}_")
    return "\n".join(shown)


def _fitting(lines: Iterable[str], room: int) -> list[str]:
    """The leading lines whose total length (with newlines) stays within `room`."""
    shown: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > room:
            break
        shown.append(line)
        size += len(line) + 1
    return shown
