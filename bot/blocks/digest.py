"""The digest message (docs/digest.md): a pure builder within Block Kit's limits, summarising."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from bot.blocks.kit import (
    Block,
    Message,
    button,
    context,
    esc,
    fit_lines,
    header,
    message,
    section,
    who,
)
from bot.ids import COVER_ACTION
from bot.words.digest import span, until, when
from core.counts import count
from core.digest.compose import Away, Digest, Gap, RotationNow
from core.people.model import Member
from core.rotations.coverage import UNCOMPUTABLE
from core.time.spans import zone

SHOWN_GAPS = 6
SHOWN_ROTATIONS = 20
# Each section stays under Slack's 3,000 characters, and together they stay well under the
# ~13,000 characters of blocks at which Slack starts refusing a message (docs/slack.md).
ROTATIONS_ROOM = 2000
TODAY_ROOM = 2000
LATER_ROOM = 1500


@dataclass(frozen=True)
class GapRef:
    """What an I'll-cover button carries: the digest it sits in, the rotation, the span."""

    subscription_id: str
    local_date: date
    rotation_id: str
    start: datetime
    end: datetime


def gap_value(digest: Digest, gap: Gap) -> str:
    start, end = int(gap.start.timestamp()), int(gap.end.timestamp())
    return f"{digest.subscription_id}|{digest.local_date}|{gap.rotation_id}|{start}|{end}"


def read_gap_value(value: str) -> GapRef:
    """The button's value back; ValueError when it is not one of ours."""
    subscription_id, day, rotation_id, start, end = value.split("|")
    return GapRef(
        subscription_id,
        date.fromisoformat(day),
        rotation_id,
        datetime.fromtimestamp(int(start), UTC),
        datetime.fromtimestamp(int(end), UTC),
    )


def build_digest(digest: Digest) -> Message:
    tz = zone(digest.zone)
    blocks: list[Block] = [header(f"On call and out · {digest.local_date:%a %-d %b %Y}")]
    blocks += _rotations(digest.rotations, tz, digest.mentions)
    blocks += _gaps(digest, tz)
    blocks.append(section("*Out today*\n" + _out_today(digest, tz)))
    later = fit_lines(
        (_later(a, tz, digest.mentions) for a in digest.out_later),
        LATER_ROOM,
        total=len(digest.out_later),
    )
    blocks.append(section("*Out later*\n" + (later or "Nobody.")))
    blocks.append(context(f"Times in {digest.zone}. `/oncall` for details, `/unavailable` to add."))
    gaps = count(len(digest.gaps), "coverage gap")
    fallback = f"availbot digest for {digest.local_date:%a %-d %b}: {gaps}"
    return message(fallback, blocks)


def _rotations(rotations: tuple[RotationNow, ...], tz: ZoneInfo, mentions: bool) -> list[Block]:
    if not rotations:
        return [
            section(
                "*On call*\nNo rotations yet: an admin adds them with `/oncall new` "
                "or `availbot schedules apply FILE.toml`."
            )
        ]
    lines = (_rotation_line(r, tz, mentions) for r in rotations[:SHOWN_ROTATIONS])
    return [section("*On call*\n" + fit_lines(lines, ROTATIONS_ROOM, total=len(rotations)))]


def _rotation_line(rotation: RotationNow, tz: ZoneInfo, mentions: bool) -> str:
    if not rotation.computable:
        return f"• *{esc(rotation.name)}*: :warning: {esc(UNCOMPUTABLE)}"
    if rotation.on_call is None:
        first = f" (first shift: {who(rotation.next, mentions=mentions)})" if rotation.next else ""
        return f"• *{esc(rotation.name)}*: nobody on call yet{first}"
    until = f" until {when(rotation.until, tz)}" if rotation.until else ""
    then = f", then {who(rotation.next, mentions=mentions)}" if rotation.next else ""
    holder = who(rotation.on_call, mentions=mentions)
    line = f"• *{esc(rotation.name)}*: {holder}{until}{then}"
    if rotation.out is not None:
        kind = "Away" if rotation.out.type.private else esc(rotation.out.type.name)
        line += f"\n    :red_circle: *{holder} is out ({kind})*"
    return line


def _gaps(digest: Digest, tz: ZoneInfo) -> list[Block]:
    gaps = digest.gaps
    if not gaps:
        return [section("*Coverage gaps*\nNone in the look-ahead. :white_check_mark:")]
    blocks = [section(f"*Coverage gaps* ({len(gaps)})")]
    for gap in gaps[:SHOWN_GAPS]:
        text = (
            f":warning: *{esc(gap.rotation)}* {when(gap.start, tz)} – {when(gap.end, tz)}\n"
            f"{gap_reason(gap, digest.mentions)}. Could cover: "
            f"{could_cover(gap.suggestions, digest.mentions)}"
        )
        blocks.append(section(text, button("I'll cover", COVER_ACTION, gap_value(digest, gap))))
    if len(gaps) > SHOWN_GAPS:
        blocks.append(
            context(f"and {count(len(gaps) - SHOWN_GAPS, 'more gap')}: `/oncall` lists them.")
        )
    return blocks


def gap_reason(gap: Gap, mentions: bool) -> str:
    """`@Bob is out (Time off)`, `inactive`: why a gap is one, naming the member on call."""
    if gap.out_as is None:
        return esc(gap.reason)
    return f"{who(gap.member, mentions=mentions)} is out ({esc(gap.out_as)})"


def could_cover(suggestions: tuple[Member, ...], mentions: bool) -> str:
    """The first three suggestions, mentioned so Slack asks them; or `nobody free`."""
    return ", ".join(who(m, mentions=mentions) for m in suggestions[:3]) or "nobody free"


def _out_today(digest: Digest, tz: ZoneInfo) -> str:
    until_of: Callable[[Away], str] = partial(_until, tz=tz, mentions=digest.mentions)
    named: Callable[[Away], str] = partial(_name, mentions=digest.mentions)
    groups: list[tuple[str, list[Away], Callable[[Away], str]]] = [
        (f"• {esc(type_name)}", away, until_of) for type_name, away in digest.out_today.items()
    ]
    groups.append(("• prefers not to be on call", list(digest.prefer_not), until_of))
    groups.append(("• volunteers", list(digest.volunteers), named))
    room = TODAY_ROOM // max(1, sum(1 for _, away, _ in groups if away))
    lines = [f"{label}: {_names(away, shown, room)}" for label, away, shown in groups if away]
    return "\n".join(lines) or "Nobody."


def _names(away: list[Away], shown: Callable[[Away], str], room: int) -> str:
    """As many names as fit in `room` characters, then how many more."""
    parts: list[str] = []
    size = 0
    for item in away:
        text = shown(item)
        if size + len(text) + 2 > room - 20:
            return ", ".join(parts) + f" _and {len(away) - len(parts)} more_"
        parts.append(text)
        size += len(text) + 2
    return ", ".join(parts)


def _later(away: Away, tz: ZoneInfo, mentions: bool) -> str:
    return f"• {who(away.member, mentions=mentions)} ({esc(away.type)}): {span(away, tz)}"


def _name(away: Away, mentions: bool) -> str:
    return who(away.member, mentions=mentions)


def _until(away: Away, tz: ZoneInfo, mentions: bool) -> str:
    return f"{who(away.member, mentions=mentions)} ({until(away, tz)})"
