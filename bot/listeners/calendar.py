"""`/unavailable calendar [new [@member|rotation NAME|team]]`: the person's calendar feed
link (and for admins every rotation's and the team's), or a new one in place of it."""

from __future__ import annotations

from bot.blocks.calendar import build_calendar_links, build_new_link
from bot.blocks.kit import Message
from bot.payloads import first_word, leading_person
from bot.services import Turn
from core.calendar.links import personal
from core.calendar.sharing import links_for, new_link, subject_named
from core.errors import UnexpectedArgument

USAGE = "`/unavailable calendar` or `/unavailable calendar new`"


def answer(turn: Turn, text: str) -> Message:
    base, secret = turn.services.settings.calendar_links()
    word, rest = first_word(text)
    if not word:
        links = links_for(turn.store, turn.actor, turn.ws, secret=secret, now=turn.now)
        return build_calendar_links(links, base)
    if word != "new":
        raise UnexpectedArgument(f"`calendar {word}` is not a calendar command", USAGE)
    who, named = leading_person(rest)
    if who is not None and not named:
        subject = personal(turn.find(who))
    else:
        subject = subject_named(turn.store, turn.ws, rest) if rest else personal(turn.me)
    issued = new_link(turn.store, turn.actor, turn.ws, subject, secret=secret, now=turn.now)
    return build_new_link(issued, base)
