"""The App Home (docs/slack.md): upcoming unavailability with Edit and Remove, Add, on-call
shifts, calendar feed links, and for admins the last imports, the calendar feeds that need
them (failing, or naming people availbot could not match) and the digest subscriptions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.calendar import home_calendar
from bot.blocks.feeds import feed_home_line
from bot.blocks.kit import (
    Block,
    button,
    context,
    esc,
    header,
    section,
    within_section,
)
from bot.blocks.records import record_buttons, record_words
from bot.ids import HOME_EDIT_ACTION, HOME_REMOVE_ACTION, OPEN_ADD_ACTION, SWAP_ACTION
from core.counts import count
from core.digest.due import Subscription
from core.home import HomePage, OnCallShift
from core.imports.model import ImportRecord
from core.people.model import Actor, Member
from core.time.spans import Span, zone
from core.time.words import describe_span

ZoneOf = Callable[[Member | None], ZoneInfo]
HOME_BLOCKS = 100
NO_DIGEST = "No channel gets the digest yet (`/unavailable digest` in a channel)."


def build_home(
    page: HomePage,
    viewer: Actor,
    zone_of: ZoneOf,
    now: datetime,
    notice: str = "",
    *,
    calendar_base: str | None = None,
) -> dict[str, Any]:
    """`calendar_base` is AVAILBOT_PUBLIC_URL (None: calendar feeds are not set up)."""
    blocks: list[Block] = [section(f":information_source: {notice}")] if notice else []
    blocks += _records(page, viewer, zone_of, now)
    blocks += _shifts(page.shifts, now)
    blocks += home_calendar(page.calendar, calendar_base, viewer.is_admin)
    if viewer.is_admin:
        blocks += _imports(page) + _feeds(page) + _subscriptions(page.subscriptions)
    assert len(blocks) <= HOME_BLOCKS, "the Home lists are bounded by core.home"
    return {"type": "home", "blocks": blocks}


def _records(page: HomePage, viewer: Actor, zone_of: ZoneOf, now: datetime) -> list[Block]:
    blocks: list[Block] = [header("Your upcoming unavailability")]
    for view in page.records:
        blocks.append(section(record_words(view, viewer, zone_of(view.member), now)))
        blocks.append(record_buttons(view, HOME_EDIT_ACTION, HOME_REMOVE_ACTION))
    if not page.records:
        blocks.append(section("Nothing recorded for the next 90 days."))
    if page.record_count > len(page.records):
        more = page.record_count - len(page.records)
        blocks.append(context(f"…and {more} more. See them all with `/unavailable list`."))
    add = button("Add unavailability", OPEN_ADD_ACTION, "add", style="primary")
    blocks.append({"type": "actions", "elements": [add]})
    return blocks


def _shifts(shifts: tuple[OnCallShift, ...], now: datetime) -> list[Block]:
    lines = [
        f"• *{esc(s.rotation.name)}*: "
        f"{describe_span(Span(s.start, s.end), zone(s.rotation.timezone), now=now)}"
        for s in shifts
    ]
    if not lines:
        text = "You are not on call in the next 5 weeks."
        return [{"type": "divider"}, header("Your next on-call shifts"), section(text)]
    swap = button("Swap", SWAP_ACTION, "next")  # opens the swap modal (docs/rotations.md)
    return [{"type": "divider"}, header("Your next on-call shifts"), section(lines[0], swap),
            *([section("\n".join(lines[1:]))] if lines[1:] else [])]  # fmt: skip


def _imports(page: HomePage) -> list[Block]:
    lines = [_import_line(i, page.people) for i in page.imports]
    text = "\n".join(lines) if lines else "No imports yet. Drop a `.csv` file in a channel."
    return [{"type": "divider"}, header("Last imports"), section(text)]


def _feeds(page: HomePage) -> list[Block]:
    """Only when a feed needs an admin: its failure, or the names it could not match."""
    if not page.feeds:
        return []
    lines = [feed_home_line(f) for f in page.feeds]
    text, rest = within_section(lines, "")
    rest += page.feed_count - len(page.feeds)
    more = f"\n…and {rest} more; `/unavailable feeds` lists them all." if rest else ""
    hint = 'Match a name with `availbot feeds alias NAME "Name In Feed" EMAIL`.'
    return [
        header("Calendar feeds that need you"),
        section(text.lstrip("\n") + more),
        context(hint),
    ]


def _import_line(record: ImportRecord, people: dict[str, Member]) -> str:
    by = people.get(record.created_by or "")
    when = f"{record.created_at:%Y-%m-%d %H:%M} UTC"
    status = {
        "committed": f"saved {count(record.created, 'record')}",
        "cancelled": "cancelled",
        "failed": "failed",
        "previewed": f"previewed, {record.to_create} to create, not saved",
    }[record.status.value]
    who = esc(by.name) if by else "the operator"
    return (
        f"• *{esc(record.file_name)}* — {status} ({count(record.rows_total, 'row')}; {who}, {when})"
    )


def _subscriptions(subscriptions: tuple[Subscription, ...]) -> list[Block]:
    if not subscriptions:
        return [header("Digest subscriptions"), section(NO_DIGEST)]
    lines = [
        f"• <#{s.channel}> at {s.at:%H:%M} {s.zone}, {s.days.value}, rotations: "
        f"{esc(', '.join(s.rotations)) or 'all'}, look-ahead {count(s.lookahead, 'day')}"
        + (", everyone" if s.everyone else "")
        + (", hand-offs" if s.handoffs else "")
        + ("" if s.mentions else ", no mentions")
        for s in subscriptions
    ]
    text, rest = within_section(lines, count(len(lines), "channel"))
    more = f"\n…and {rest} more; `/unavailable digest` in a channel shows its own." if rest else ""
    return [header("Digest subscriptions"), section(text + more)]
