"""Builders for unavailability replies: added (with Undo), changed, removed, listed (with Edit
and Remove)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.clashes import clash_blocks, clash_words
from bot.blocks.kit import (
    LISTED,
    MESSAGE_CHARS,
    Block,
    Message,
    button,
    confirm_dialog,
    context,
    esc,
    message,
    more_line,
    section,
)
from bot.ids import EDIT_ACTION, REMOVE_ACTION, UNDO_ACTION
from core.alerts.clashes import Clash
from core.counts import count
from core.people.model import Actor, Member
from core.records.model import RecordView
from core.records.sources import source_words
from core.records.unavailability import shown_type_name
from core.time.words import describe_span

ZoneOf = Callable[[RecordView], ZoneInfo]
PAST = "This span is entirely in the past; it was recorded all the same."


def record_words(
    view: RecordView, viewer: Actor, tz: ZoneInfo, now: datetime, *, bold: bool = True
) -> str:
    """`*Time off* for Bob B: Fri 6 Mar (1 day, Europe/Madrid) — note (from BambooHR)`
    (mrkdwn; without the bold markers for a message's fallback `text`). Where it came from
    is said for synced records only (core/records/sources.py)."""
    note = f" — {esc(view.record.name)}" if view.record.name else ""
    origin = source_words(view.record.source)
    where = f" ({esc(origin)})" if origin else ""
    span = describe_span(view.record.span, tz, now=now)
    kind = esc(shown_type_name(view, viewer))
    kind = f"*{kind}*" if bold else kind
    return f"{kind} for {esc(view.member.name)}: {span}{note}{where}"


def changed_words(
    before: RecordView,
    after: RecordView,
    viewer: Actor,
    zone_of: Callable[[Member], ZoneInfo],
    now: datetime,
) -> str:
    """`Changed the record of Bob: *Time off*, Mon 2 Mar – … → *Training*, Tue 3 Mar – …`:
    each side in its member's zone; the member and the note only where they changed."""
    moved = before.member.id != after.member.id
    renamed = (before.record.name or "") != (after.record.name or "")

    def side(view: RecordView) -> str:
        words = f"*{esc(shown_type_name(view, viewer))}*"
        words += f" for {esc(view.member.name)}" if moved else ""
        words += f", {describe_span(view.record.span, zone_of(view.member), now=now)}"
        if renamed:
            words += f" — {esc(view.record.name)}" if view.record.name else " — no note"
        return words

    old, new = side(before), side(after)
    if old == new:
        return f"Nothing changed: {record_words(after, viewer, zone_of(after.member), now)}."
    whose = "a record" if moved else f"the record of {esc(after.member.name)}"
    return f"Changed {whose}: {old} → {new}."


def build_record_added(
    view: RecordView,
    viewer: Actor,
    tz: ZoneInfo,
    now: datetime,
    clashes: Sequence[Clash] = (),
) -> Message:
    """The record in words with Undo; when it takes its member off their own on-call, says
    so at once, each gap with Find cover."""
    words = record_words(view, viewer, tz, now)
    undo = button("Undo", UNDO_ACTION, view.record.id)
    blocks: list[Block] = [
        section(f"Added {words}.", accessory=undo),
        context("Remove it later from `/unavailable list` or the Home tab."),
    ]
    if view.record.end <= now:
        blocks.append(context(PAST))
    text = f"Added {record_words(view, viewer, tz, now, bold=False)}."
    if clashes:
        mine = viewer.member_id == view.member.id
        blocks += clash_blocks(clashes, view.member, mine, tz)
        text += " " + clash_words(clashes, mine, view.member, tz)
    return message(text, blocks)


def build_record_removed(
    view: RecordView, viewer: Actor, tz: ZoneInfo, now: datetime, *, undone: bool = False
) -> Message:
    verb = "Undone: removed" if undone else "Removed"
    words = record_words(view, viewer, tz, now)
    plain = record_words(view, viewer, tz, now, bold=False)
    return message(f"{verb} {plain}.", [section(f"{verb} {words}.")])


def build_record_list(
    title: str,
    views: Sequence[RecordView],
    total: int,
    viewer: Actor,
    zone_of: ZoneOf,
    now: datetime,
    cli: str,
) -> Message:
    """Up to LISTED records, each with Edit and Remove (with confirm) where the viewer may."""
    if not views:
        return message(f"{esc(title)}: nothing recorded.", [section(f"*{esc(title)}*: nothing.")])
    blocks: list[Block] = [section(f"*{esc(title)}* ({total})")]
    budget = MESSAGE_CHARS
    shown = 0
    for view in views[:LISTED]:
        words = record_words(view, viewer, zone_of(view), now)
        allowed = viewer.is_admin or viewer.member_id == view.member.id
        # the buttons carry the id; the text shows the record in words
        pair = [section(words)] + ([record_buttons(view, EDIT_ACTION, REMOVE_ACTION)] * allowed)
        budget -= len(json.dumps(pair, ensure_ascii=False))
        if budget < 0:  # long notes: Slack refuses a message's blocks past ~13,000 characters
            break
        blocks += pair
        shown += 1
    more = more_line(shown, total, "record", cli)
    if more:
        blocks.append(context(more))
    return message(f"{esc(title)}: {count(total, 'record')}.", blocks)


def record_buttons(view: RecordView, edit: str, remove: str) -> Block:
    """Edit and Remove (with its confirm) under a record. The record is shown above them;
    repeating it in the dialog would cost the message ~200 characters per record."""
    dialog = confirm_dialog("Remove this record?", "It is deleted for good.", "Remove")
    return {
        "type": "actions",
        "elements": [
            button("Edit", edit, view.record.id),
            button("Remove", remove, view.record.id, style="danger", confirm=dialog),
        ],
    }
