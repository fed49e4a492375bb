"""Command handler for `availbot effective EMAIL --from D --to D`: a member's effective days."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command
from bot.jsonshapes import instant
from core.effective import MAX_DAYS, EffectiveDay
from core.effective_query import effective_availability
from core.members import find_member
from core.spans import Interval
from core.timeparse import parse_date

Json = dict[str, Any]
DEFAULT_DAYS = 7


def effective(ctx: Context, args: argparse.Namespace) -> Output:
    member = find_member(ctx.store, ctx.ws, args.member)
    tz = ctx.zone_of(member)
    today = ctx.now.astimezone(tz).date()
    first = _date(ctx, args.start, tz) or today
    last = _date(ctx, args.end, tz) or first + timedelta(days=DEFAULT_DAYS - 1)
    days = effective_availability(
        ctx.store,
        ctx.actor,
        workspace_id=ctx.ws,
        member=member.id,
        first=first,
        last=last,
        fallback_zone=ctx.settings.timezone,
        now=ctx.now,
    )
    header = f"{member.name} <{member.email}>, {first:%a %-d %b} – {last:%a %-d %b %Y} ({tz.key}):"
    lines = [f"  {day_text(d, tz)}" for d in days] or [
        "  No day is defined: no availability pattern, shift, calendar or day type covers "
        "these days (see `availbot schedules show`)."
    ]
    return Output([day_json(d) for d in days], "\n".join([header, *lines]))


def _date(ctx: Context, text: str | None, tz: ZoneInfo) -> date | None:
    if not text:
        return None
    return parse_date(text, tz=tz, now=ctx.now, date_order=ctx.settings.date_order)


def day_json(day: EffectiveDay) -> Json:
    """SPEC 6: instants in UTC, the day in the member's zone."""
    return {
        "day": day.day.isoformat(),
        "type": day.source.value,
        "personId": day.person_id,
        "free": day.free,
        "intervals": [{"from": instant(s), "to": instant(e)} for s, e in day.intervals],
        "unavailable": [
            {"id": r.id, "type": r.type, "kind": r.kind.value,
             "from": instant(r.start), "to": instant(r.end)}
            for r in day.unavailable
        ],
        "onCall": [
            {"rotation": d.rotation, "from": instant(d.start), "to": instant(d.end)}
            for d in day.on_call
        ],
    }  # fmt: skip


def day_text(day: EffectiveDay, tz: ZoneInfo) -> str:
    """`Sat 2 May  AVAILABILITY_PATTERN  16:00–22:00  −18:00–20:00 Away  on call: …`."""
    label = f"{day.day:%a} {day.day.day} {day.day:%b}"
    if day.free:
        parts = [f"free ({day.source.value})"]
    else:
        hours = ", ".join(_clock(i, day.day, tz) for i in day.intervals) or "no hours left"
        parts = [day.source.value, hours]
    parts += [f"−{_clock((r.start, r.end), day.day, tz)} {r.type}" for r in day.unavailable]
    if day.on_call:
        duty = ", ".join(
            f"{d.rotation} {_clock((d.start, d.end), day.day, tz)}" for d in day.on_call
        )
        parts.append(f"on call: {duty}")
    return "  ".join([label, *parts])


def _clock(interval: Interval, day: date, tz: ZoneInfo) -> str:
    """Local hours on `day`: an end at the next midnight is 24:00, a later one says +1."""
    start, end = (moment.astimezone(tz) for moment in interval)
    return f"{start:%H:%M}–{_end(end, day)}"


def _end(end: datetime, day: date) -> str:
    after = (end.date() - day).days
    if after == 1 and (end.hour, end.minute) == (0, 0):
        return "24:00"
    return f"{end:%H:%M}" + (f"+{after}" if after > 0 else "")


def register(commands: Group) -> None:
    shown = command(
        commands,
        "effective",
        f"a member's available hours per day (at most {MAX_DAYS} days)",
        effective,
    )
    shown.add_argument("member", help="the member's email (or Slack id)")
    shown.add_argument("--from", dest="start", help="first day (inclusive, member's zone)")
    shown.add_argument("--to", dest="end", help="last day (inclusive, default: 7 days)")
