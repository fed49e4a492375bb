"""The digest message (SPEC 7.5): a pure builder within Block Kit's limits, summarising."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from bot.blocks.kit import Block, Message, button, context, esc, header, message, section
from bot.digest_words import span, until, when
from core.digest import Away, Digest, Gap, RotationNow
from core.spans import zone

COVER_ACTION = "availbot.cover_gap"
SHOWN_GAPS = 10
SHOWN_ROTATIONS = 20
SECTION_ROOM = 2900  # below the 3,000-character section limit, with room for "and N more"


def gap_value(gap: Gap) -> str:
    """What an I'll-cover button carries: the rotation and the gap's span, in epoch seconds."""
    return f"{gap.rotation_id}|{int(gap.start.timestamp())}|{int(gap.end.timestamp())}"


def build_digest(digest: Digest) -> Message:
    tz = zone(digest.zone)
    blocks: list[Block] = [header(f"On call and out · {digest.local_date:%a %-d %b %Y}")]
    blocks += _rotations(digest.rotations, tz)
    blocks += _gaps(digest.gaps, tz)
    blocks.append(section("*Out today*\n" + _out_today(digest, tz)))
    later = [_later(a, tz) for a in digest.out_later]
    blocks.append(section("*Out later*\n" + (_listed(later) if later else "Nobody.")))
    blocks.append(context(f"Times in {digest.zone}. `/oncall` for details, `/unavailable` to add."))
    gaps = f"{len(digest.gaps)} coverage gap{'s' if len(digest.gaps) != 1 else ''}"
    fallback = f"availbot digest for {digest.local_date:%a %-d %b}: {gaps}"
    return message(fallback, blocks)


def _rotations(rotations: tuple[RotationNow, ...], tz: ZoneInfo) -> list[Block]:
    if not rotations:
        return [section("*On call*\nNo rotations yet: `availbot schedules apply FILE.toml`.")]
    lines = [_rotation_line(r, tz) for r in rotations[:SHOWN_ROTATIONS]]
    more = len(rotations) - SHOWN_ROTATIONS
    return [section("*On call*\n" + _listed(lines, extra=max(more, 0)))]


def _rotation_line(rotation: RotationNow, tz: ZoneInfo) -> str:
    if rotation.on_call is None:
        first = f" (first shift: {esc(rotation.next.name)})" if rotation.next else ""
        return f"• *{esc(rotation.name)}*: nobody on call yet{first}"
    until = f" until {when(rotation.until, tz)}" if rotation.until else ""
    then = f", then {esc(rotation.next.name)}" if rotation.next else ""
    line = f"• *{esc(rotation.name)}*: {esc(rotation.on_call.name)}{until}{then}"
    if rotation.out is not None:
        kind = "Away" if rotation.out.type.private else esc(rotation.out.type.name)
        line += f"\n    :red_circle: *{esc(rotation.on_call.name)} is out ({kind})*"
    return line


def _gaps(gaps: tuple[Gap, ...], tz: ZoneInfo) -> list[Block]:
    if not gaps:
        return [section("*Coverage gaps*\nNone in the look-ahead. :white_check_mark:")]
    blocks = [section(f"*Coverage gaps* ({len(gaps)})")]
    for gap in gaps[:SHOWN_GAPS]:
        who = ", ".join(esc(m.name) for m in gap.suggestions[:3]) or "nobody free"
        text = (
            f":warning: *{esc(gap.rotation)}* {when(gap.start, tz)} – {when(gap.end, tz)}\n"
            f"{esc(gap.reason)}. Could cover: {who}"
        )
        blocks.append(section(text, button("I'll cover", COVER_ACTION, gap_value(gap))))
    if len(gaps) > SHOWN_GAPS:
        blocks.append(context(f"and {len(gaps) - SHOWN_GAPS} more gaps: `/oncall` lists them."))
    return blocks


def _out_today(digest: Digest, tz: ZoneInfo) -> str:
    lines = [
        f"• {esc(type_name)}: " + ", ".join(_until(a, tz) for a in away)
        for type_name, away in digest.out_today.items()
    ]
    if digest.prefer_not:
        names = ", ".join(_until(a, tz) for a in digest.prefer_not)
        lines.append(f"• prefers not to be on call: {names}")
    if digest.volunteers:
        lines.append("• volunteers: " + ", ".join(esc(a.member.name) for a in digest.volunteers))
    return _listed(lines) if lines else "Nobody."


def _listed(lines: Iterable[str], extra: int = 0) -> str:
    """As many lines as fit in one section; the rest counted, never cut mid-word."""
    shown: list[str] = []
    size = 0
    pending = list(lines)
    for line in pending:
        if size + len(line) + 1 > SECTION_ROOM:
            break
        shown.append(line)
        size += len(line) + 1
    left = len(pending) - len(shown) + extra
    if left:
        shown.append(f"_and {left} more_")
    return "\n".join(shown)


def _later(away: Away, tz: ZoneInfo) -> str:
    return f"• {esc(away.member.name)} ({esc(away.type)}): {span(away, tz)}"


def _until(away: Away, tz: ZoneInfo) -> str:
    return f"{esc(away.member.name)} ({until(away, tz)})"
