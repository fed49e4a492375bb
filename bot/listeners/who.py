"""`/unavailable who [@member] [WHEN]`: who is out and on call, or one member's days."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks.kit import Message
from bot.blocks.who import build_member_days, build_who
from bot.payloads import leading_person
from bot.services import Turn
from core.effective.queries import effective_availability
from core.people.model import Member
from core.records.model import RecordView
from core.rotations.queries import coverage_report
from core.time.phrases import parse_when
from core.time.spans import Span, day_span


def answer(turn: Turn, text: str) -> Message:
    who_, text = leading_person(text)
    member = turn.find(who_) if who_ else None
    tz = turn.zone_of(member or turn.me)
    span = (
        parse_when(text, tz=tz, now=turn.now, date_order=turn.date_order)
        if text
        else day_span(turn.now.astimezone(tz).date(), turn.now.astimezone(tz).date(), tz)
    )
    if member is not None:
        return _member_days(turn, member, span)
    windows = {r.id: (span.start, span.end) for r in turn.store.rotations.all(turn.ws)}
    report = coverage_report(turn.store, turn.ws, windows)
    segments = [(c.rotation, s) for c in report for s in c.segments]
    out = _records(turn, span, None)
    return build_who(span, tz, out, segments, turn.actor, turn.now)


def _member_days(turn: Turn, member: Member, span: Span) -> Message:
    """docs/slack.md: with a member, effective availability per day (at most 31 days)."""
    tz = turn.zone_of(member)
    first = span.start.astimezone(tz).date()
    last = (span.end.astimezone(tz) - timedelta(seconds=1)).date()
    days = effective_availability(
        turn.services.store,
        turn.actor,
        workspace_id=turn.ws,
        member=member.id,
        first=first,
        last=last,
        fallback_zone=turn.services.settings.timezone,
    )
    return build_member_days(member, span, tz, days, turn.now)


def _records(turn: Turn, span: Span, member_id: str | None) -> list[RecordView]:
    found = turn.store.unavailability.in_window(
        turn.ws, span.start, span.end, [member_id] if member_id else None
    )
    members = turn.store.members.many(turn.ws, {r.member_id for r in found})
    types = {t.id: t for t in turn.store.types.all(turn.ws)}
    views = [RecordView(r, members[r.member_id], types[r.type_id]) for r in found]
    return sorted(views, key=lambda v: (v.record.start, v.member.name))
