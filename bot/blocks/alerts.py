"""What availbot posts in digest channels on its own clock (docs/alerts.md): a coverage alert,
open with I'll cover or closed saying why, and a hand-off. Pure builders."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.blocks.kit import Block, Message, button, context, esc, message, section, who
from bot.ids import COVER_ACTION
from bot.words.digest import when
from core.alerts.engine import AlertView
from core.alerts.gaps import Absence, OpenGap
from core.alerts.handoffs import Handoff
from core.alerts.plan import SHOWN_SUGGESTIONS, Alert, Closure
from core.people.model import Member
from core.time.spans import zone

_CLOSED = {
    Closure.MERGED: "Now part of a longer gap, in a newer alert.",
    Closure.OUTSIDE: "No longer within this channel's look-ahead.",
    Closure.OVER: "This gap has passed.",
    Closure.UNFOLLOWED: "No longer followed here: the rotation, or this channel's digest, is gone.",
}


def build_gap_alert(view: AlertView) -> Message:
    tz = zone(view.zone)
    if view.gap is None:
        return _closed(view, tz)
    gap = view.gap
    head = f":rotating_light: *{esc(gap.rotation)}* has no cover {_span(gap, tz)}"
    why = f"{_why(gap.why, view.mentions)}. Could cover: {_covers(gap, view.mentions)}"
    blocks: list[Block] = [
        section(
            f"{head}\n{why}", button("I'll cover", COVER_ACTION, cover_value(view.alert, gap, tz))
        ),
        context(f"Times in {esc(view.zone)}. `/oncall {esc(gap.rotation)}` for the whole picture."),
    ]
    return message(f"{head}: {why}", blocks)


def cover_value(alert: Alert, gap: OpenGap, tz: ZoneInfo) -> str:
    """The digest's I'll-cover value (bot.blocks.digest.read_gap_value reads it), with the
    alert's id where the digest puts its subscription: the same button, the same flow."""
    day = gap.start.astimezone(tz).date()
    start, end = int(gap.start.timestamp()), int(gap.end.timestamp())
    return f"{alert.id}|{day}|{gap.rotation_id}|{start}|{end}"


def _span(gap: OpenGap, tz: ZoneInfo) -> str:
    end = when(gap.end, tz) + (" or later" if gap.open_ended else "")
    return f"from {when(gap.start, tz)} to {end}"


def _why(why: tuple[Absence, ...], mentions: bool) -> str:
    said = [
        f"{who(a.member, mentions=mentions)} is "
        + ("inactive" if a.out_as is None else f"out ({esc(a.out_as)})")
        for a in why
    ]
    return ", then ".join(said) or "Nobody can take a page"


def _covers(gap: OpenGap, mentions: bool) -> str:
    shown = gap.suggestions[:SHOWN_SUGGESTIONS]
    return ", ".join(who(m, mentions=mentions) for m in shown) or "nobody free"


def _closed(view: AlertView, tz: ZoneInfo) -> Message:
    alert = view.alert
    span = f"{when(alert.start, tz)} – {when(alert.end, tz)}"
    head = f":white_check_mark: ~{esc(alert.rotation_name)} {span}~"
    why = closed_words(alert.closed_why, view.closed_by, view.mentions)
    return message(f"{esc(alert.rotation_name)} {span}: {why}", [section(f"{head}\n{why}")])


def closed_words(why: Closure | None, by: tuple[Member, ...], mentions: bool) -> str:
    names = ", ".join(who(m, mentions=mentions) for m in by)
    if why is Closure.COVERED:
        return f"Covered by {names}."
    if why is Closure.RESOLVED or why is None:
        return f"No longer a gap: {names} on call then." if names else "No longer a gap."
    return _CLOSED[why]


def build_handoff(handoff: Handoff) -> Message:
    """`primary: @Chen takes over from @Ben` (with a warning if Chen is out then)."""
    mentions = handoff.mentions
    incoming = who(handoff.incoming, mentions=mentions)
    rotation = esc(handoff.rotation)
    if handoff.outgoing is None:
        said = f"*{rotation}*: {incoming} is on call from now"
    else:
        said = (
            f"*{rotation}*: {incoming} takes over from {who(handoff.outgoing, mentions=mentions)}"
        )
    if handoff.out_as is not None:
        said += f"\n:warning: {incoming} is out ({esc(handoff.out_as)}): a coverage gap"
    at = when(handoff.at, zone(handoff.zone))
    return message(said, [section(said), context(f"Hand-off at {at} ({esc(handoff.zone)}).")])
