"""`availbot calendar`: the secret links of the calendar feeds (docs/calendar.md): print
them, rotate one, revoke one or all. Links are made on first ask; only a hash of each is
stored."""

from __future__ import annotations

import argparse

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command, group
from bot.words.calendar import (
    GOOGLE,
    HOLDS,
    OUTLOOK,
    feed_url,
    fetched_words,
    link_json,
    subject_words,
)
from bot.words.jsonshapes import instant
from core.calendar.model import IssuedLink
from core.calendar.sharing import (
    end_all_links,
    end_link,
    new_link,
    personal_link,
    shared_links,
    subject_named,
)
from core.errors import UnexpectedArgument
from core.people.members import find_member

HOWTO = f"{GOOGLE} {OUTLOOK}".replace("*", "")
SUBJECT = "EMAIL|rotation NAME|team"
USAGE = f"`availbot calendar revoke {SUBJECT}` or `availbot calendar revoke --all`"


def calendar_links(ctx: Context, args: argparse.Namespace) -> Output:
    base, secret = ctx.settings.calendar_links()
    if args.email:
        member = find_member(ctx.store, ctx.ws, args.email)
        issued: tuple[IssuedLink, ...] = (
            personal_link(ctx.store, ctx.actor, member, secret, ctx.now),
        )
    else:
        issued = shared_links(ctx.store, ctx.actor, ctx.ws, secret=secret, now=ctx.now)
    lines = [_line(i, base) for i in issued]
    return Output([link_json(i, base) for i in issued], "\n".join([*lines, HOWTO]))


def calendar_rotate(ctx: Context, args: argparse.Namespace) -> Output:
    base, secret = ctx.settings.calendar_links()
    subject = subject_named(ctx.store, ctx.ws, " ".join(args.subject))
    issued = new_link(ctx.store, ctx.actor, ctx.ws, subject, secret=secret, now=ctx.now)
    said = (
        f"New calendar link for {subject_words(issued)}; the old one answers 404 from now on:\n"
        f"{feed_url(base, issued.token)}"
    )
    return Output({"ok": True, **link_json(issued, base)}, said)


def calendar_revoke(ctx: Context, args: argparse.Namespace) -> Output:
    if args.all:
        return _revoke_all(ctx, args)
    subject = subject_named(ctx.store, ctx.ws, " ".join(args.subject))
    link = end_link(ctx.store, ctx.actor, ctx.ws, subject, now=ctx.now)
    words = subject_words(IssuedLink(link, "", subject.label))
    shown = {
        "ok": True,
        "feed": link.kind.value,
        "subject": subject.label,
        "revoked_at": instant(link.revoked_at or ctx.now),
    }
    return Output(
        shown,
        f"Revoked the calendar link for {words}: it answers 404 from now on "
        "(`availbot calendar links` makes a new one).",
    )


def _revoke_all(ctx: Context, args: argparse.Namespace) -> Output:
    if args.subject:
        raise UnexpectedArgument("Give a link or --all, not both", USAGE)
    count = end_all_links(ctx.store, ctx.actor, ctx.ws, now=ctx.now)
    said = (
        f"Revoked {count} calendar link{'' if count == 1 else 's'}: each answers 404 from now "
        "on (`availbot calendar links` makes new ones)."
    )
    return Output({"ok": True, "revoked": count}, said)


def _line(issued: IssuedLink, base: str) -> str:
    return (
        f"{subject_words(issued)}  {feed_url(base, issued.token)}  "
        f"({HOLDS[issued.link.kind]}; {fetched_words(issued.link)})"
    )


def register(commands: Group) -> None:
    calendar = group(command(commands, "calendar", "secret links to the calendar feeds"))
    links = command(
        calendar,
        "links",
        "a member's feed link, or (admins) every rotation's and the team's",
        calendar_links,
    )
    links.add_argument("email", nargs="?", help="the member whose feed link to print")
    rotate = command(
        calendar, "rotate", "a new link for a feed; the old one stops working", calendar_rotate
    )
    rotate.add_argument("subject", nargs="+", metavar=SUBJECT)
    revoke = command(
        calendar,
        "revoke",
        "stop a feed's link, or --all of them (asking for one again makes a new one)",
        calendar_revoke,
    )
    revoke.add_argument("subject", nargs="*", metavar=SUBJECT)
    revoke.add_argument(
        "--all", action="store_true", help="every link of the workspace, members' too (admins)"
    )
