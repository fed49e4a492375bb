"""Slack payloads read into typed values: slash commands, actions, mentions, escaped text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)>$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_ANGLED = re.compile(r"<([^<>]*)>")
_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


@dataclass(frozen=True)
class SlashCommand:
    team_id: str
    user_id: str
    channel_id: str
    text: str  # unescaped; mentions kept as `<@U123>`


@dataclass(frozen=True)
class Action:
    team_id: str
    user_id: str
    action_id: str
    value: str


def slash_command(body: Mapping[str, Any]) -> SlashCommand:
    return SlashCommand(
        team_id=str(body.get("team_id") or ""),
        user_id=str(body.get("user_id") or ""),
        channel_id=str(body.get("channel_id") or ""),
        text=clean_text(str(body.get("text") or "")),
    )


def block_action(body: Mapping[str, Any]) -> Action:
    action = (body.get("actions") or [{}])[0]
    team = body.get("team") or {}
    return Action(
        team_id=str(team.get("id") or body.get("user", {}).get("team_id") or ""),
        user_id=str((body.get("user") or {}).get("id") or ""),
        action_id=str(action.get("action_id") or ""),
        value=str(action.get("value") or ""),
    )


def clean_text(text: str) -> str:
    """Slack's escaped command text as typed: `<@U1|ann>` → `<@U1>`, `<mailto:a@b|a@b>` →
    `a@b`, `<#C1|general>` → `#general`, `<url|label>` → label; then `&lt;` `&gt;` `&amp;`."""
    cleaned = _ANGLED.sub(_angled, text)
    for escaped, plain in _ESCAPES:
        cleaned = cleaned.replace(escaped, plain)
    return " ".join(cleaned.split())


def _angled(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return f"<{target}>"
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("!"):
        return f"@{label or target[1:]}"
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    return label or target


def mention(word: str) -> str | None:
    """The Slack user id a word mentions (`<@U123>`), else None."""
    found = _MENTION.match(word)
    return found.group(1) if found else None


def first_word(text: str) -> tuple[str, str]:
    """The first word (lower case) and the rest."""
    word, _, rest = text.strip().partition(" ")
    return word.lower(), rest.strip()


def person(word: str) -> str | None:
    """A Slack user id (from a mention) or an email address the word names, else None."""
    return mention(word) or (word if _EMAIL.match(word) else None)


def leading_person(text: str) -> tuple[str | None, str]:
    """A mention (or email) opening the text, and the rest."""
    word, _, rest = text.strip().partition(" ")
    found = person(word)
    return (found, rest.strip()) if found else (None, text.strip())


def trailing_person(text: str) -> tuple[str | None, str]:
    """A mention (or email) closing the text, and what comes before it."""
    rest, _, word = text.strip().rpartition(" ")
    found = person(word)
    return (found, rest.strip()) if found else (None, text.strip())


def split_type(text: str, type_names: Iterable[str]) -> tuple[str | None, str]:
    """The longest type name, or unique prefix of one, opening `text`; and the note after it.
    None when no type opens the text (the whole text is then the note)."""
    names = list(type_names)
    words = text.split()
    for count in range(len(words), 0, -1):
        head = " ".join(words[:count]).casefold()
        exact = [n for n in names if n.casefold() == head]
        prefixed = [n for n in names if n.casefold().startswith(head)]
        found = exact or (prefixed if len(prefixed) == 1 else [])
        if found:
            return found[0], " ".join(words[count:])
    return None, text.strip()


def split_on_word(text: str, word: str) -> list[tuple[str, str]]:
    """Every way to cut `text` around a standalone `word` (`OLD to NEW`), first cut first."""
    words = text.split()
    return [
        (" ".join(words[:i]), " ".join(words[i + 1 :]))
        for i, w in enumerate(words)
        if w.lower() == word and 0 < i < len(words) - 1
    ]


@dataclass(frozen=True)
class MessageRef:
    """The channel message a button sits in (None for ephemeral ones, which chat.update
    cannot edit)."""

    channel: str
    ts: str


def clicked_message(body: Mapping[str, Any]) -> MessageRef | None:
    container = body.get("container") or {}
    if container.get("is_ephemeral"):
        return None
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    return MessageRef(str(channel), str(ts)) if channel and ts else None
