"""Slack payloads read into typed values: slash commands, actions, mentions, escaped text."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from bot import ids
from core.records.form import FormDates

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)>$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_ANGLED = re.compile(r"<([^<>]*)>")
_LINK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


@dataclass(frozen=True)
class SlashCommand:
    team_id: str
    user_id: str
    channel_id: str
    text: str  # unescaped; mentions kept as `<@U123>`
    trigger_id: str = ""


@dataclass(frozen=True)
class Action:
    team_id: str
    user_id: str
    action_id: str
    value: str
    trigger_id: str = ""


def slash_command(body: Mapping[str, Any]) -> SlashCommand:
    return SlashCommand(
        team_id=str(body.get("team_id") or ""),
        user_id=str(body.get("user_id") or ""),
        channel_id=str(body.get("channel_id") or ""),
        text=clean_text(str(body.get("text") or "")),
        trigger_id=str(body.get("trigger_id") or ""),
    )


def block_action(body: Mapping[str, Any]) -> Action:
    action = (body.get("actions") or [{}])[0]
    team = body.get("team") or {}
    return Action(
        team_id=str(team.get("id") or body.get("user", {}).get("team_id") or ""),
        user_id=str((body.get("user") or {}).get("id") or ""),
        action_id=str(action.get("action_id") or ""),
        value=str(action.get("value") or ""),
        trigger_id=str(body.get("trigger_id") or ""),
    )


def opens_modal(text: str) -> bool:
    """`/unavailable` alone, or `/unavailable add` alone, opens the Add modal."""
    return text.strip().lower() in ("", "add")


def clean_text(text: str) -> str:
    """Slack's escaped command text as typed: `<@U1|ann>` → `<@U1>`, `<mailto:a@b|a@b>` →
    `a@b`, `<#C1|general>` → `#general`, `<https://x/f.ics>` and `<https://x|x>` → the
    address whole, `<url|label>` → label; then `&lt;` `&gt;` `&amp;` (also inside an
    address: `?a=1&amp;b=2` is `?a=1&b=2`)."""
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
    if _LINK.match(target) and (not label or target.partition("://")[2] == label):
        return target  # a link Slack wrapped (`<https://x/feed.ics>`): the address whole
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


def clicked_view(body: Mapping[str, Any]) -> str | None:
    """The id of the modal a button sits in (its clicks have no response_url), else None."""
    container = body.get("container") or {}
    if container.get("type") != "view":
        return None
    return str(container.get("view_id") or (body.get("view") or {}).get("id") or "") or None


@dataclass(frozen=True)
class AddForm:
    """A submitted Add unavailability modal."""

    team_id: str
    user_id: str
    member_user_id: str | None  # the admins' member picker
    type_id: str | None
    dates: FormDates
    note: str
    metadata: str


def add_form(body: Mapping[str, Any]) -> AddForm:
    view = body.get("view") or {}
    values = (view.get("state") or {}).get("values") or {}

    def field(block: str, action: str) -> Mapping[str, Any]:
        return dict((values.get(block) or {}).get(action) or {})

    picked = field(ids.TYPE_BLOCK, ids.TYPE_INPUT).get("selected_option") or {}
    return AddForm(
        team_id=_team(body),
        user_id=str((body.get("user") or {}).get("id") or ""),
        member_user_id=field(ids.MEMBER_BLOCK, ids.MEMBER_INPUT).get("selected_user") or None,
        type_id=picked.get("value") or None,
        dates=FormDates(
            _date(field(ids.START_DATE_BLOCK, ids.START_DATE_INPUT).get("selected_date")),
            _time(field(ids.START_TIME_BLOCK, ids.START_TIME_INPUT).get("selected_time")),
            _date(field(ids.END_DATE_BLOCK, ids.END_DATE_INPUT).get("selected_date")),
            _time(field(ids.END_TIME_BLOCK, ids.END_TIME_INPUT).get("selected_time")),
        ),
        note=" ".join(str(field(ids.NOTE_BLOCK, ids.NOTE_INPUT).get("value") or "").split()),
        metadata=str(view.get("private_metadata") or ""),
    )


def suggestion(body: Mapping[str, Any]) -> tuple[str, str, str]:
    """An external select's options request: team, user and the text typed so far."""
    user = str((body.get("user") or {}).get("id") or "")
    return _team(body), user, str(body.get("value") or "").strip()


def home_opened(body: Mapping[str, Any]) -> tuple[str, str] | None:
    """Team and user of an `app_home_opened` event on the Home tab (not the Messages tab)."""
    event = body.get("event") or {}
    if event.get("tab", "home") != "home":
        return None
    return str(body.get("team_id") or ""), str(event.get("user") or "")


@dataclass(frozen=True)
class SlackFile:
    id: str
    name: str = ""
    filetype: str = ""
    size: int | None = None
    url: str | None = None  # url_private_download; None until files.info fills it in
    message_ts: str | None = None  # the upload's message, from files.info `shares`
    thread_ts: str | None = None


@dataclass(frozen=True)
class Upload:
    """Files shared by a `message` (subtype file_share) or a `file_shared` event; the
    message's ts (to react to) and the thread to answer in, when the event says them."""

    team_id: str
    event_id: str
    user_id: str
    channel_id: str
    message_ts: str | None
    thread_ts: str | None
    files: tuple[SlackFile, ...]
    text: str = ""  # the message's text (`sync NAME` asks for a sync); "" for file_shared


def upload(body: Mapping[str, Any]) -> Upload | None:
    """The upload an event announces, else None (ordinary messages, edits, bots)."""
    event = body.get("event") or {}
    team, event_id = str(body.get("team_id") or ""), str(body.get("event_id") or "")
    if event.get("type") == ids.FILE_SHARED_EVENT:
        file_id = str(event.get("file_id") or (event.get("file") or {}).get("id") or "")
        user, channel = str(event.get("user_id") or ""), str(event.get("channel_id") or "")
        return Upload(team, event_id, user, channel, None, None, (SlackFile(file_id),))
    if event.get("subtype") != "file_share" or event.get("bot_id"):
        return None
    channel, ts = str(event.get("channel") or ""), str(event.get("ts") or "") or None
    files = tuple(slack_file(f, channel) for f in event.get("files") or [] if f.get("id"))
    user = str(event.get("user") or "")
    text = str(event.get("text") or "")
    return Upload(team, event_id, user, channel, ts, event.get("thread_ts") or ts, files, text)


def slack_file(obj: Mapping[str, Any], channel: str = "") -> SlackFile:
    """A Slack file object (from an event or files.info); its message's ts in `channel`."""
    shares = obj.get("shares") or {}
    found = [
        s for kind in ("public", "private") for s in (shares.get(kind) or {}).get(channel) or []
    ]
    share = found[0] if found else {}
    message_ts = str(share.get("ts") or "") or None
    size = obj.get("size")
    return SlackFile(
        id=str(obj.get("id") or ""),
        name=str(obj.get("name") or obj.get("title") or ""),
        filetype=str(obj.get("filetype") or ""),
        size=size if isinstance(size, int) else None,
        url=obj.get("url_private_download") or obj.get("url_private") or None,
        message_ts=message_ts,
        thread_ts=str(share.get("thread_ts") or "") or message_ts,
    )


def _team(body: Mapping[str, Any]) -> str:
    return str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or "")


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _time(text: Any) -> time | None:
    try:
        return time.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def request_key(body: Mapping[str, Any]) -> str:
    """One request's identity: a digest of everything Slack sent. A replayed or retried
    request (the same signed body, with or without X-Slack-Retry-Num) has the same key; a
    new command never does (its trigger_id and response_url are new)."""
    canonical = json.dumps(body, sort_keys=True, default=str).encode()
    return hashlib.sha256(canonical).hexdigest()[:40]


def edit_metadata(record_id: str, *, home: bool) -> str:
    """The edit modal's `private_metadata`: the record changed, and whether the Home opened
    it (to publish it again once saved)."""
    return json.dumps({"record": record_id, "home": home})


def edit_target(metadata: str) -> tuple[str, bool]:
    """The record id and from-the-Home flag of an edit modal's metadata ('' when unreadable)."""
    try:
        found = json.loads(metadata)
    except ValueError:
        return "", False
    if not isinstance(found, dict):
        return "", False
    return str(found.get("record") or ""), bool(found.get("home"))
