"""Builders for `who`: who is out and who is on call in a window, or one member's window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.kit import LISTED, Block, Message, context, esc, message, section
from bot.words.effective import day_text
from core.counts import count
from core.effective.days import EffectiveDay
from core.people.model import Actor, Member
from core.records.model import RecordView
from core.records.unavailability import shown_type_name
from core.rotations.coverage import Segment
from core.rotations.model import Rotation
from core.time.spans import Span, zone
from core.time.words import describe_span

OnCall = tuple[Rotation, Segment]


def build_who(
    span: Span,
    tz: ZoneInfo,
    out: Sequence[RecordView],
    on_call: Sequence[OnCall],
    viewer: Actor,
    now: datetime,
) -> Message:
    when = describe_span(span, tz, now=now)
    blocks: list[Block] = [section(f"*Who is out and on call: {when}*")]
    blocks += _lines("Out", [_out_line(v, viewer, tz, now) for v in out], "nobody is out")
    blocks += _lines("On call", [_duty_line(r, s, now) for r, s in on_call], "no rotation")
    text = f"{when}: {len(out)} out, {len({s.member.id for _, s in on_call})} on call."
    return message(text, blocks)


def build_member_days(
    member: Member, span: Span, tz: ZoneInfo, days: Sequence[EffectiveDay], now: datetime
) -> Message:
    """One line per defined day: its source, hours left, what removed hours, on-call duty."""
    when = describe_span(span, tz, now=now)
    lines = [f"• {esc(day_text(d, tz))}" for d in days]
    empty = (
        "no day is defined: no availability pattern, shift, calendar or day type covers "
        "these days (`availbot schedules show`)"
    )
    blocks: list[Block] = [section(f"*{esc(member.name)}: {when}*")]
    blocks += _lines("Effective availability", lines, empty)
    if not member.active:
        blocks.append(context("This member is inactive (deactivated in Slack)."))
    return message(f"{esc(member.name)}, {when}: {count(len(days), 'defined day')}.", blocks)


def _lines(title: str, lines: list[str], empty: str) -> list[Block]:
    shown = lines[:LISTED] or [f"_{empty}_"]
    blocks = [section(f"*{title}*\n" + "\n".join(shown))]
    if len(lines) > LISTED:
        blocks.append(context(f"…and {len(lines) - LISTED} more. See `availbot list`."))
    return blocks


def _out_line(view: RecordView, viewer: Actor, fallback: ZoneInfo, now: datetime) -> str:
    tz = zone(view.member.tz) if view.member.tz else fallback
    span = describe_span(view.record.span, tz, now=now)
    soft = " (prefers not to be on call)" if view.type.kind.value == "soft_unavailable" else ""
    return f"• {esc(view.member.name)} — {esc(shown_type_name(view, viewer))}{soft}: {span}"


def _duty_line(rotation: Rotation, segment: Segment, now: datetime) -> str:
    span = describe_span(Span(segment.start, segment.end), zone(rotation.timezone), now=now)
    gap = " :red_circle: *coverage gap*" if segment.gap else ""
    return f"• *{esc(rotation.name)}*: {esc(segment.member.name)}, {span}{gap}"
