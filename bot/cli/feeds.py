"""`availbot feeds`: iCal "who's out" feeds as sources (docs/feeds.md).

The feed's address holds its secret, so it is never printed whole: `where(url)` (scheme
and host) stands for it in every line and in `--json`.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command, group
from bot.feeds.fetch import feed_url, fetch_feed
from bot.words.feeds import more_changes
from core.counts import count
from core.imports.feed_sources import (
    DEFAULT_EVERY,
    Feed,
    FeedPreview,
    Fetch,
    add_feed,
    alias_feed,
    every_words,
    list_feeds,
    parse_every,
    parse_keywords,
    remove_feed,
    set_enabled,
    sync_now,
)
from core.imports.feeds import where
from core.records.model import Unavailability
from core.time.words import describe_span
from core.workspaces import workspace_zone

SHOWN = 10


def _fetch(ctx: Context) -> Fetch:
    allow = ctx.settings.feeds_allow_private
    return lambda url: fetch_feed(url, allow_private=allow)


def _zone(ctx: Context) -> str:
    return workspace_zone(ctx.workspace, ctx.settings.timezone)


def feeds_add(ctx: Context, args: argparse.Namespace) -> Output:
    preview = add_feed(
        ctx.store,
        ctx.actor,
        workspace_id=ctx.ws,
        name=args.name,
        url=feed_url(args.url),
        fetch=_fetch(ctx),
        now=ctx.now,
        default_zone=_zone(ctx),
        type_name=args.type,
        every=parse_every(args.every) if args.every else DEFAULT_EVERY,
        keywords=parse_keywords(args.map or []),
    )
    return Output(_preview_json(preview), _preview_text(ctx, preview))


def feeds_enable(ctx: Context, args: argparse.Namespace) -> Output:
    feed = set_enabled(ctx.store, ctx.actor, ctx.ws, args.name, True)
    text = (
        f"Enabled {feed.name}: it is synced every {every_words(feed.every)}, "
        f"first at the scheduler's next tick (or now with `availbot feeds sync {feed.name}`)."
    )
    return Output({"ok": True, "feed": feed_json(feed)}, text)


def feeds_disable(ctx: Context, args: argparse.Namespace) -> Output:
    feed = set_enabled(ctx.store, ctx.actor, ctx.ws, args.name, False)
    return Output(
        {"ok": True, "feed": feed_json(feed)},
        f"Disabled {feed.name}: no more syncs; its records stay as they are.",
    )


def feeds_remove(ctx: Context, args: argparse.Namespace) -> Output:
    feed, plan = remove_feed(
        ctx.store, ctx.actor, ctx.ws, args.name, now=ctx.now, default_zone=_zone(ctx)
    )
    gone = len(plan.removed) + len(plan.changed)
    return Output(
        {"ok": True, "name": feed.name, "removed": len(plan.removed), "cut": len(plan.changed)},
        f"Removed {feed.name} and {count(gone, 'record')} of {feed.source} from today on.",
    )


def feeds_list(ctx: Context, args: argparse.Namespace) -> Output:
    feeds = list_feeds(ctx.store, ctx.actor, ctx.ws)
    lines = [_feed_line(feed) for feed in feeds] or ["No calendar feeds yet."]
    return Output({"ok": True, "feeds": [feed_json(f) for f in feeds]}, "\n".join(lines))


def feeds_sync(ctx: Context, args: argparse.Namespace) -> Output:
    done = sync_now(
        ctx.store,
        ctx.actor,
        ctx.ws,
        args.name,
        fetch=_fetch(ctx),
        now=ctx.now,
        default_zone=_zone(ctx),
    )
    feed = done.feed
    if done.gone:
        return Output(
            {"ok": False, "feed": feed_json(feed)},
            f"{feed.name} was removed while it synced: nothing was written.",
            1,
        )
    if not done.ok:
        return Output(
            {"ok": False, "feed": feed_json(feed)},
            f"{feed.name} not synced: {feed.last_why} Its records stay as they were.",
            1,
        )
    lines = [f"Synced {feed.name}: {_counts(feed)}."]
    lines += [f"  unmatched: {name}" for name in feed.unmatched]
    lines += [f"  skipped: {words}" for words in done.overlaps]
    return Output({"ok": True, "feed": feed_json(feed)}, "\n".join(lines))


def feeds_alias(ctx: Context, args: argparse.Namespace) -> Output:
    feed, member_id = alias_feed(ctx.store, ctx.actor, ctx.ws, args.name, args.said, args.email)
    return Output(
        {"ok": True, "feed": feed.name, "name": args.said, "member_id": member_id},
        f"In {feed.name}, {args.said!r} now means {args.email}; it counts from the next sync.",
    )


# --- words ---


def feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "name": feed.name,
        "source": feed.source,
        "where": where(feed.url),
        "type": feed.type_name,
        "every": every_words(feed.every),
        "map": {keyword: type_name for keyword, type_name in feed.keywords},
        "enabled": feed.enabled,
        "last_sync_at": _iso(feed.last_sync_at),
        "status": None if feed.last_status is None else feed.last_status.value,
        "why": feed.last_why,
        "created": feed.created,
        "changed": feed.changed,
        "removed": feed.removed,
        "unmatched": list(feed.unmatched),
        "last_good_at": _iso(feed.last_good_at),
    }


def _iso(moment: Any) -> str | None:
    return None if moment is None else str(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _counts(feed: Feed) -> str:
    return (
        f"{feed.created} created, {feed.changed} changed, {feed.removed} removed, "
        f"{count(len(feed.unmatched), 'unmatched name')}"
    )


def _feed_line(feed: Feed) -> str:
    state = "enabled" if feed.enabled else "disabled"
    every = every_words(feed.every)
    head = f"{feed.name} ({where(feed.url)}, {feed.type_name}, every {every}, {state})"
    if feed.last_sync_at is None:
        return f"{head}: never synced"
    when = _iso(feed.last_sync_at)
    if feed.last_status is not None and feed.last_status.value == "failed":
        good = _iso(feed.last_good_at) or "never"
        return f"{head}: last sync {when} FAILED: {feed.last_why} (last good: {good})"
    line = f"{head}: last sync {when}: {_counts(feed)}"
    if feed.unmatched:
        line += "\n  unmatched: " + ", ".join(feed.unmatched)
    if feed.last_why:  # an OK sync's why: the rows it skipped as overlapping
        line += "\n  " + feed.last_why
    return line


def _preview_json(preview: FeedPreview) -> dict[str, Any]:
    plan = preview.plan
    return {
        "ok": True,
        "feed": feed_json(preview.feed),
        "preview": {
            "created": [_record_json(r) for r in plan.created],
            "changed": len(plan.changed),
            "removed": len(plan.removed),
            "superseded": len(plan.superseded),
            "unchanged": len(plan.unchanged),
            "unmatched": list(preview.reading.unmatched),
            "cancelled": preview.reading.cancelled,
            "skipped": preview.skipped,
            "overlaps": list(preview.overlaps),
            "errors": [e.message for e in plan.errors],
        },
    }


def _record_json(record: Unavailability) -> dict[str, Any]:
    return {
        "member_id": record.member_id,
        "type_id": record.type_id,
        "start": _iso(record.start),
        "end": _iso(record.end),
        "all_day": record.all_day,
        "name": record.name,
    }


def _preview_text(ctx: Context, preview: FeedPreview) -> str:
    feed, plan = preview.feed, preview.plan
    members = {m.id: m for m in ctx.store.members.all(ctx.ws)}
    lines = [
        f"Added {feed.name} ({where(feed.url)}), not enabled yet. A sync now would create "
        f"{count(len(plan.created), 'record')}{more_changes(plan)}:"
    ]
    for record in plan.created[:SHOWN]:
        member = members.get(record.member_id)
        span = describe_span(record.span, ctx.zone_of(member), now=ctx.now)
        lines.append(f"  {member.name if member else record.member_id}: {span}")
    if len(plan.created) > SHOWN:
        lines.append(f"  … and {len(plan.created) - SHOWN} more (--json lists them all).")
    lines += [f"  unmatched (skipped): {name}" for name in preview.reading.unmatched]
    lines += [f"  skipped: {words}" for words in preview.overlaps]
    lines += [f"  would fail: {e.message}" for e in plan.errors]
    if preview.reading.unmatched:
        lines.append(f'Match a name with: availbot feeds alias {feed.name} "Name In Feed" EMAIL')
    lines.append(f"Enable it with: availbot feeds enable {feed.name}")
    return "\n".join(lines)


def register(commands: Group) -> None:
    feeds = group(command(commands, "feeds", "iCal who's-out feeds as sources (admins)"))
    add = command(feeds, "add", "fetch a feed once, preview it, store it disabled", feeds_add)
    add.add_argument("name", help="the feed's name; its records are of source feed:NAME")
    add.add_argument("url", help="http, https or webcal address (kept secret)")
    add.add_argument("--type", help="the type of its records (default: Time off)")
    add.add_argument("--every", help="how often to sync it, e.g. 60m, 2h, 1d (default: 60m)")
    add.add_argument(
        "--map",
        action="append",
        metavar="KEYWORD=TYPE",
        help="a summary keyword's type, e.g. Sick=Sick (repeatable; the first found wins)",
    )
    command(feeds, "enable", "sync the feed every interval", feeds_enable).add_argument("name")
    command(feeds, "disable", "stop syncing the feed", feeds_disable).add_argument("name")
    command(
        feeds, "remove", "forget the feed and its records from today on", feeds_remove
    ).add_argument("name")
    command(feeds, "list", "the feeds with their last sync", feeds_list)
    command(feeds, "sync", "sync the feed now", feeds_sync).add_argument("name")
    alias = command(feeds, "alias", "match a name in the feed to a member", feeds_alias)
    alias.add_argument("name")
    alias.add_argument("said", metavar="NAME_IN_FEED")
    alias.add_argument("email")
