"""Calendar links in Slack (docs/calendar.md): `/unavailable calendar` and the App Home's
section. Links are shown to the person they belong to only (ephemeral, or their Home)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.kit import Block, Message, context, esc, header, message, section, within_section
from bot.words.calendar import GOOGLE, HOLDS, OUTLOOK, SECRET_LINK, feed_url, fetched_words
from core.calendar.model import FeedKind, IssuedLink

NEW_LINK = "`/unavailable calendar new` replaces your link if it leaked"
NEW_SHARED = " (admins: `new rotation NAME`, `new team`)"
NOT_SET_UP = (
    "Calendar feeds are not set up: whoever runs availbot sets AVAILBOT_PUBLIC_URL and "
    "AVAILBOT_CALENDAR_SECRET (docs/calendar.md)."
)


def build_calendar_links(links: Sequence[IssuedLink], base: str) -> Message:
    """The person's own link, and for admins every rotation's and the team's."""
    blocks = link_blocks(links, base)
    admin = any(i.link.kind is not FeedKind.PERSONAL for i in links)
    blocks.append(context(f"{SECRET_LINK} {NEW_LINK}{NEW_SHARED if admin else ''}."))
    return message("Your calendar feed links.", blocks)


def build_new_link(issued: IssuedLink, base: str) -> Message:
    said = f"A new link for {_whose(issued)}; the old one stopped working."
    blocks = [section(f"{said}\n{_link(feed_url(base, issued.token))}")]
    blocks.append(context(f"Subscribe again with the new link. {GOOGLE} {OUTLOOK}"))
    return message(said, blocks)


def link_blocks(links: Sequence[IssuedLink], base: str) -> list[Block]:
    """The links in sections (rotations listed, as many as fit), then how to subscribe."""
    own = [i for i in links if i.link.kind is FeedKind.PERSONAL]
    rotations = [i for i in links if i.link.kind is FeedKind.ROTATION]
    team = [i for i in links if i.link.kind is FeedKind.TEAM]
    blocks = [section(_one("Your calendar feed", i, base)) for i in own]
    if rotations:
        head = f"*Rotation feeds* — {HOLDS[FeedKind.ROTATION]}"
        lines = [
            f"• *{esc(i.label)}*: {_link(feed_url(base, i.token))} _{fetched_words(i.link)}_"
            for i in rotations
        ]
        text, rest = within_section(lines, head)
        more = f"\n…and {rest} more: `availbot calendar links` prints them all." if rest else ""
        blocks.append(section(text + more))
    blocks += [section(_one("Team feed", i, base)) for i in team]
    blocks.append(context(f"{GOOGLE} {OUTLOOK}"))
    return blocks


def home_calendar(links: Sequence[IssuedLink], base: str | None, admin: bool) -> list[Block]:
    """The App Home's section: the links, or for admins why there are none."""
    if base is None:
        return [header("Calendar feeds"), context(esc(NOT_SET_UP))] if admin else []
    if not links:
        return []
    return [header("Calendar feeds"), *link_blocks(links, base), context(f"{NEW_LINK}.")]


def _one(title: str, issued: IssuedLink, base: str) -> str:
    return (
        f"*{title}* — {HOLDS[issued.link.kind]}\n{_link(feed_url(base, issued.token))}\n"
        f"_{fetched_words(issued.link)}_"
    )


def _whose(issued: IssuedLink) -> str:
    if issued.link.kind is FeedKind.PERSONAL:
        return f"the calendar feed of {issued.label}"
    if issued.link.kind is FeedKind.TEAM:
        return "the team's calendar feed"
    return f"the calendar feed of rotation {issued.label}"


def _link(url: str) -> str:
    """A link Slack shows as its address, to copy whole (no mrkdwn inside a link)."""
    safe = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<{safe}>"
