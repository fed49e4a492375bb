"""How the command line words its results for people."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.model import Page
from core.people.model import Actor, Member
from core.records.model import RecordView, UnavailabilityType
from core.records.sources import source_words
from core.records.unavailability import shown_type_name
from core.time.words import describe_span


def record_line(view: RecordView, viewer: Actor, tz: ZoneInfo, now: datetime) -> str:
    """`avail_…  Bob  Time off: Tue 10 Mar (1 day, Europe/Madrid) — note  (from BambooHR)`:
    where it came from for synced records only."""
    note = f" — {view.record.name}" if view.record.name else ""
    origin = source_words(view.record.source)
    where = f"  ({origin})" if origin else ""
    span = describe_span(view.record.span, tz, now=now)
    kind = shown_type_name(view, viewer)
    return f"{view.record.id}  {view.member.name}  {kind}: {span}{note}{where}"


def record_saved(verb: str, view: RecordView, viewer: Actor, tz: ZoneInfo, now: datetime) -> str:
    span = describe_span(view.record.span, tz, now=now)
    lines = [
        f"{verb} {shown_type_name(view, viewer)} for {view.member.name} "
        f"<{view.member.email}>: {span}.",
        f"id: {view.record.id}",
    ]
    if view.record.name:
        lines.insert(1, f"note: {view.record.name}")
    if view.record.end <= now:
        lines.append("This span is entirely in the past; it was recorded all the same.")
    return "\n".join(lines)


def page_footer(page: Page[Any], noun: str) -> str:
    if page.count == 0:
        return f"No {noun}."
    first = page.page * page.page_size + 1
    last = first + len(page.items) - 1
    if not page.items:
        return f"Page {page.page} is past the end: {page.count} {noun} in all."
    more = f" Next: --page {page.page + 1}." if last < page.count else ""
    return f"{first}–{last} of {page.count} {noun}.{more}"


def member_line(member: Member) -> str:
    flags = [f for f, on in (("admin", member.admin), ("inactive", not member.active)) if on]
    extra = f"  [{', '.join(flags)}]" if flags else ""
    slack = f"  {member.slack_user_id}" if member.slack_user_id else ""
    external = f"  external id {member.external_id}" if member.external_id else ""
    zone = member.tz or "(workspace zone)"
    return f"{member.email}  {member.name}  {zone}{slack}{external}{extra}"


def type_line(type_: UnavailabilityType) -> str:
    flags = [
        f
        for f, on in (
            ("paid", type_.paid),
            ("private", type_.private),
            ("archived", type_.archived),
        )
        if on
    ]
    extra = f" ({', '.join(flags)})" if flags else ""
    return f"{type_.name}: {type_.kind.value}{extra}"
