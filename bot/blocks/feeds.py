"""Builders for `/unavailable feeds` (admins): a new feed's preview with Enable, what Enable
did, and the feeds with their last sync. A feed's address is never shown whole (its path
holds the secret): only `where(url)`, its scheme and host."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.kit import (
    LISTED,
    MESSAGE_CHARS,
    Block,
    Message,
    button,
    code,
    context,
    esc,
    fit_lines,
    message,
    more_line,
    section,
)
from bot.ids import ENABLE_FEED_ACTION
from bot.words.feeds import more_changes
from core.counts import count
from core.imports.feed_sources import Feed, FeedPreview, FeedStatus, FeedSync, every_words
from core.imports.feeds import where
from core.people.model import Member
from core.records.model import Unavailability
from core.time.words import describe_span

ZoneOf = Callable[[Member | None], ZoneInfo]
PREVIEW_ROWS = 10
NAMES_ROOM = 400  # the unmatched names of one feed in a list (the rest are counted)
WHY_ROOM = 300  # why a feed's last sync failed, in a list


def build_feed_preview(
    preview: FeedPreview, people: Mapping[str, Member], zone_of: ZoneOf, now: datetime
) -> Message:
    """What a first sync would do (nothing is stored as records yet), whom the feed names
    that match no member, and the Enable button."""
    feed, plan = preview.feed, preview.plan
    name = esc(feed.name)
    would = f"A sync now would create {count(len(plan.created), 'record')}{more_changes(plan)}"
    head = (
        f"*Added the calendar feed {name}* ({_settings(feed)}), not enabled yet. {would}."
        if plan.created or plan.touches
        else f"*Added the calendar feed {name}* ({_settings(feed)}), not enabled yet. "
        "A sync now would create nothing: no time off in the next 180 days."
    )
    blocks: list[Block] = [section(head)]
    lines = [_created_line(r, people, zone_of, now) for r in plan.created]
    if lines:
        blocks.append(section(fit_lines(lines[:PREVIEW_ROWS], noun="record", total=len(lines))))
    if preview.reading.unmatched:
        blocks.append(section(_unmatched(preview.reading.unmatched, "Not matched, skipped: ")))
        blocks.append(context(f"Match a name with {_alias_hint(feed)} (a shell command)."))
    if plan.errors:
        errors = fit_lines((f"• {esc(e.message)}" for e in plan.errors), total=len(plan.errors))
        blocks.append(section(f":warning: *A sync now would fail:*\n{errors}"))
    enable = button("Enable", ENABLE_FEED_ACTION, feed.name, style="primary")
    blocks.append({"type": "actions", "elements": [enable]})
    blocks.append(
        context(
            "Nothing is stored as records until you click *Enable*: it syncs the feed now, "
            f"then every {every_words(feed.every)}."
        )
    )
    fallback = f"Calendar feed {name} added, not enabled yet: {would}."
    if not (plan.created or plan.touches):
        fallback = f"Calendar feed {name} added, not enabled yet: nothing to create."
    return message(fallback, blocks)


def build_feed_enabled(done: FeedSync) -> Message:
    """Enable's answer (it replaces the preview): the first sync's counts, or why it failed."""
    feed = done.feed
    name = esc(feed.name)
    every = every_words(feed.every)
    if not done.ok:
        why = esc(feed.last_why or "")
        text = (
            f"Enabled {name}, but its first sync failed: {why} availbot tries again every "
            f"{every}; its records stay as they were."
        )
        return message(text, [section(f":warning: {text}")])
    text = f"Enabled {name}: the first sync {_counts(feed)}. It is synced every {every}."
    blocks: list[Block] = [section(f":white_check_mark: {text}")]
    if feed.unmatched:
        blocks.append(section(_unmatched(feed.unmatched, "Not matched, skipped: ")))
        blocks.append(context(f"Match a name with {_alias_hint(feed)} (a shell command)."))
    return message(text, blocks)


def build_feed_list(feeds: Sequence[Feed], now: datetime) -> Message:
    """Each feed: enabled or not, type, interval, host, and its last sync: when, the counts
    and the unmatched names, or why it failed. At most LISTED feeds, and as many as fit in
    MESSAGE_CHARS; the rest counted."""
    if not feeds:
        text = (
            "No calendar feeds yet. Add one with "
            "`/unavailable feeds add NAME URL [type=TYPE] [every=60m]`."
        )
        return message(text, [section(text)])
    blocks: list[Block] = [section(f"*Calendar feeds* ({len(feeds)})")]
    size = len(json.dumps(blocks, ensure_ascii=False))
    for feed in feeds[:LISTED]:
        block = section(_feed_words(feed))
        size += len(json.dumps(block, ensure_ascii=False)) + 2
        if size > MESSAGE_CHARS - 300:  # room for the `…and N more` line
            break
        blocks.append(block)
    shown = len(blocks) - 1
    more = more_line(shown, len(feeds), "feed", "availbot feeds list")
    if more:
        blocks.append(context(more))
    names = ", ".join(esc(f.name) for f in feeds[:shown])
    return message(f"Calendar feeds: {names}.", blocks)


def feed_home_line(feed: Feed) -> str:
    """One feed that needs an admin, for the App Home: why it fails, or whom it names that
    availbot could not match."""
    name = f"*{esc(feed.name)}*"
    if feed.last_status == FeedStatus.FAILED:
        return f"• {name}: :warning: last sync failed: {esc(fit_why(feed.last_why))}"
    names = _names(feed.unmatched, room=300)
    return f"• {name}: not matched: {names}"


def fit_why(why: str | None) -> str:
    text = why or "no reason given"
    return text if len(text) <= WHY_ROOM else text[: WHY_ROOM - 1].rstrip() + "…"


# --- words ---


def _settings(feed: Feed) -> str:
    return f"{esc(where(feed.url))}, type {esc(feed.type_name)}, every {every_words(feed.every)}"


def _feed_words(feed: Feed) -> str:
    state = "enabled" if feed.enabled else "not enabled"
    head = f"*{esc(feed.name)}* — {state} · {_settings(feed)}"
    if feed.last_sync_at is None:
        return f"{head}\nNever synced."
    when = _when(feed.last_sync_at)
    if feed.last_status == FeedStatus.FAILED:
        good = _when(feed.last_good_at) if feed.last_good_at else "never"
        why = esc(fit_why(feed.last_why))
        return f"{head}\n:warning: Last sync {when} *failed*: {why} (last good sync: {good})"
    line = f"{head}\nLast sync {when}: {_counts(feed)}."
    if feed.unmatched:
        line += "\n" + _unmatched(feed.unmatched, "Not matched: ", room=NAMES_ROOM)
    return line


def _counts(feed: Feed) -> str:
    return (
        f"created {feed.created}, changed {feed.changed}, removed {feed.removed}, "
        f"{count(len(feed.unmatched), 'unmatched name')}"
    )


def _when(moment: datetime | None) -> str:
    return "never" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def _unmatched(names: Sequence[str], lead: str, room: int = 2500) -> str:
    return lead + _names(names, room)


def _names(names: Sequence[str], room: int) -> str:
    """The names, escaped, comma-separated, as many whole ones as fit in `room`."""
    shown: list[str] = []
    size = 0
    for said in names:
        safe = esc(said)
        if size + len(safe) + 2 > room:
            break
        shown.append(safe)
        size += len(safe) + 2
    left = len(names) - len(shown)
    return ", ".join(shown) + (f" _and {left} more_" if left else "")


def _alias_hint(feed: Feed) -> str:
    return code(f'availbot feeds alias {feed.name} "Name In Feed" EMAIL')


def _created_line(
    record: Unavailability, people: Mapping[str, Member], zone_of: ZoneOf, now: datetime
) -> str:
    member = people.get(record.member_id)
    who = esc(member.name) if member else esc(record.member_id)
    span = describe_span(record.span, zone_of(member), now=now)
    label = f" — {esc(record.name)}" if record.name else ""
    return f"• {who}: {span}{label}"
