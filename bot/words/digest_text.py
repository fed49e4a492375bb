"""A digest as plain text, for `availbot digest --print` and `availbot demo`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.words.digest import cover_command, span, until, when
from core.digest.compose import Away, Digest, Gap, RotationNow
from core.rotations.coverage import UNCOMPUTABLE
from core.time.spans import zone


def digest_text(digest: Digest) -> str:
    tz = zone(digest.zone)
    sections = [
        (f"availbot · {digest.local_date:%a %-d %b %Y} ({digest.zone})", []),
        ("On call", [_rotation(r, tz) for r in digest.rotations] or ["no rotations"]),
        ("Coverage gaps", [_gap(g, tz) for g in digest.gaps] or ["none"]),
        ("Out today", _today(digest, tz) or ["nobody"]),
        ("Out later", [_later(a, tz) for a in digest.out_later] or ["nobody"]),
    ]
    return "\n".join(
        "\n".join([title, *(f"  {line}" for line in lines)]) for title, lines in sections
    )


def _rotation(rotation: RotationNow, tz: ZoneInfo) -> str:
    if not rotation.computable:
        return f"{rotation.name}: {UNCOMPUTABLE}"
    if rotation.on_call is None:
        first = f"; the first shift goes to {rotation.next.name}" if rotation.next else ""
        return f"{rotation.name}: nobody on call yet{first}"
    red = f" (🔴 out: {_public_type(rotation)})" if rotation.out else ""
    until = f" until {when(rotation.until, tz)}" if rotation.until else ""
    then = f", then {rotation.next.name}" if rotation.next else ""
    return f"{rotation.name}: {rotation.on_call.name}{red}{until}{then}"


def _public_type(rotation: RotationNow) -> str:
    assert rotation.out is not None
    return "Away" if rotation.out.type.private else rotation.out.type.name


def _gap(gap: Gap, tz: ZoneInfo) -> str:
    who = ", ".join(m.name for m in gap.suggestions[:3]) or "nobody free"
    return (
        f"⚠ {gap.rotation} {when(gap.start, tz)} – {when(gap.end, tz)}: {gap.reason}. "
        f"Could cover: {who}.\n    Take it: {cover_command(gap, tz.key)}"
    )


def _today(digest: Digest, tz: ZoneInfo) -> list[str]:
    lines = [
        f"{type_name}: " + ", ".join(_until(a, tz) for a in away)
        for type_name, away in digest.out_today.items()
    ]
    if digest.prefer_not:
        names = ", ".join(_until(a, tz) for a in digest.prefer_not)
        lines.append(f"prefers not to be on call: {names}")
    if digest.volunteers:
        lines.append(
            "volunteers for on-call: " + ", ".join(a.member.name for a in digest.volunteers)
        )
    return lines


def _later(away: Away, tz: ZoneInfo) -> str:
    return f"{away.member.name} ({away.type}): {span(away, tz)}"


def _until(away: Away, tz: ZoneInfo) -> str:
    return f"{away.member.name} ({until(away, tz)})"
