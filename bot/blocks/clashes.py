"""Builders for time off that hits its member's own shift: the warning with Find cover, in a
reply, the Add form's confirmation, a reminder or a DM (docs/alerts.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.blocks.kit import Block, button, context, esc, section
from bot.ids import FIND_COVER_ACTION
from core.alerts.clashes import Clash
from core.people.model import Member
from core.time.spans import Span
from core.time.words import describe_span

SHOWN_CLASHES = 5


@dataclass(frozen=True)
class ShiftRef:
    """What Find cover carries: whose on-call of which rotation, over which span."""

    rotation_id: str
    start: datetime
    end: datetime
    member_id: str


def shift_value(clash: Clash) -> str:
    start, end = int(clash.start.timestamp()), int(clash.end.timestamp())
    return f"{clash.rotation.id}|{start}|{end}|{clash.member_id}"


def read_shift_value(value: str) -> ShiftRef:
    """Find cover's value back; ValueError when it is not one of ours."""
    rotation_id, start, end, member_id = value.split("|")
    return ShiftRef(
        rotation_id,
        datetime.fromtimestamp(int(start), UTC),
        datetime.fromtimestamp(int(end), UTC),
        member_id,
    )


def clash_blocks(clashes: Sequence[Clash], member: Member, mine: bool, tz: ZoneInfo) -> list[Block]:
    """`You are on call for primary Fri 6 Mar 09:00 – …: this opens a gap.` with Find cover."""
    who = "You are" if mine else f"{esc(member.name)} is"
    blocks = [
        section(
            f":warning: {who} on call for *{esc(c.rotation.name)}* "
            f"{describe_span(Span(c.start, c.end), tz)}: this opens a gap.",
            button("Find cover", FIND_COVER_ACTION, shift_value(c), style="primary"),
        )
        for c in clashes[:SHOWN_CLASHES]
    ]
    if len(clashes) > SHOWN_CLASHES:
        blocks.append(context(f"…and {len(clashes) - SHOWN_CLASHES} more shifts: `/oncall`."))
    return blocks


def clash_words(clashes: Sequence[Clash], mine: bool, member: Member, tz: ZoneInfo) -> str:
    """The same in a message's fallback text."""
    who = "You are" if mine else f"{esc(member.name)} is"
    first = clashes[0]
    span = describe_span(Span(first.start, first.end), tz)
    more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
    return f"{who} on call for {esc(first.rotation.name)} {span}{more}: this opens a gap."
