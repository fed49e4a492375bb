"""Command handler for `availbot effective EMAIL --from D --to D`: a member's effective days."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command
from bot.words.effective import day_text
from bot.words.jsonshapes import instant
from core.effective.days import MAX_DAYS, EffectiveDay
from core.effective.queries import effective_availability
from core.people.members import find_member
from core.time.phrases import parse_date

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
    """docs/effective.md: instants in UTC, the day in the member's zone."""
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
