"""`/unavailable feeds …` (admins): list the calendar feeds; `add` one (fetched once, previewed,
stored disabled) with an Enable button that enables it and runs its first sync.

Both run in the deferred work (after the acknowledgement): a fetch may take seconds.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot.blocks.feeds import build_feed_enabled, build_feed_list, build_feed_preview
from bot.blocks.kit import Message
from bot.feeds.fetch import feed_url, fetch_feed
from bot.ids import ENABLE_FEED_ACTION
from bot.listeners.replying import deferred, reply_with
from bot.payloads import block_action, first_word
from bot.services import Services, Turn, turn_for
from core.errors import MissingArgument, UnexpectedArgument
from core.imports.feed_sources import (
    DEFAULT_EVERY,
    Fetch,
    add_feed,
    list_feeds,
    parse_every,
    parse_keywords,
    set_enabled,
    sync_now,
)
from core.people.permissions import require_admin

ADD_USAGE = "`/unavailable feeds add NAME URL [type=TYPE] [every=60m] [map=KEYWORD=TYPE]`"
_OPTIONS = ("type", "every", "map")


def answer(turn: Turn, text: str) -> Message:
    word, rest = first_word(text)
    if not word or word == "list":
        return build_feed_list(list_feeds(turn.store, turn.actor, turn.ws), turn.now)
    if word == "add":
        return _add(turn, rest)
    raise UnexpectedArgument(
        f"`feeds {word}` is not a feeds command",
        f"`/unavailable feeds` or {ADD_USAGE} (the rest with `availbot feeds` in a shell)",
    )


def _add(turn: Turn, text: str) -> Message:
    """`feeds add NAME URL [type=TYPE] [every=60m] [map=KEYWORD=TYPE]…`."""
    require_admin(turn.actor, "add calendar feeds")  # before fetching anything
    words = text.split()
    if len(words) < 2:
        raise MissingArgument("the feed's name and address", ADD_USAGE)
    name, url = words[0], words[1]
    options = _options(words[2:])
    preview = add_feed(
        turn.store,
        turn.actor,
        workspace_id=turn.ws,
        name=name,
        url=feed_url(url),
        fetch=_fetch(turn),
        now=turn.now,
        default_zone=turn.zone_of(None).key,
        type_name=options.get("type", [None])[-1],
        every=parse_every(options["every"][-1]) if "every" in options else DEFAULT_EVERY,
        keywords=parse_keywords(options.get("map", [])),
    )
    ids = {r.member_id for r in preview.plan.created}
    people = turn.store.members.many(turn.ws, ids)
    return build_feed_preview(preview, people, turn.zone_of, turn.now)


def _options(words: list[str]) -> dict[str, list[str]]:
    """`key=value` options; a value runs on over the words up to the next option (type
    names have spaces: `type=Time off`)."""
    found: dict[str, list[str]] = {}
    key: str | None = None
    for word in words:
        said, sep, value = word.partition("=")
        if sep and said.lower() in _OPTIONS:
            key = said.lower()
            found.setdefault(key, []).append(value)
        elif key is None:
            raise UnexpectedArgument(f"{word!r} is not a feed option", ADD_USAGE)
        else:
            found[key][-1] += f" {word}"
    return {key: [v.strip() for v in values] for key, values in found.items()}


def _fetch(turn: Turn) -> Fetch:
    allow = turn.services.settings.feeds_allow_private
    return lambda url: fetch_feed(url, allow_private=allow)


def register(app: App, services: Services) -> None:
    def enable(body: dict[str, Any], respond: Respond) -> None:
        reply_with(respond, lambda: _enable(services, body))

    app.action(ENABLE_FEED_ACTION)(deferred(services, enable))


def _enable(services: Services, body: dict[str, Any]) -> tuple[Message, dict[str, Any]]:
    """Enable (admins, checked at the click) and sync now; the preview becomes the outcome."""
    action = block_action(body)
    turn = turn_for(services, action.team_id, action.user_id)
    feed = set_enabled(turn.store, turn.actor, turn.ws, action.value, True)
    done = sync_now(
        turn.store,
        turn.actor,
        turn.ws,
        feed.name,
        fetch=_fetch(turn),
        now=turn.now,
        default_zone=turn.zone_of(None).key,
    )
    return build_feed_enabled(done), {"replace_original": True}
