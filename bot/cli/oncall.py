"""Command handlers for on-call: oncall (segments, gaps, suggestions), cover, overrides."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, cast
from zoneinfo import ZoneInfo

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command
from bot.words.jsonshapes import instant, person_json, unavailable_json
from core.alerts.cover_taking import refuse_if_filling
from core.counts import count
from core.errors import MissingArgument, UnexpectedArgument
from core.people.members import find_member
from core.people.model import Actor
from core.ports import PersonalStore, ScheduleStore
from core.records.unavailability import shown_type_name
from core.rotations.coverage import UNCOMPUTABLE, RotationCoverage, Segment
from core.rotations.model import Rotation
from core.rotations.overrides import OverrideView, cover, list_overrides, remove_override
from core.rotations.queries import coverage_report, find_rotation, rotation_window
from core.time.phrases import parse_date, parse_when
from core.time.spans import Span, zone
from core.time.words import describe_span

Json = dict[str, Any]


def schedule_store(ctx: Context) -> ScheduleStore:
    """The store as one that keeps rotations (SqlStore is one; see storage.rotations)."""
    return cast(ScheduleStore, ctx.store)


def oncall(ctx: Context, args: argparse.Namespace) -> Output:
    store = schedule_store(ctx)
    rotations = (
        [find_rotation(store, ctx.ws, args.rotation)]
        if args.rotation
        else store.rotations.all(ctx.ws)
    )
    windows = {r.id: _window(ctx, r, args) for r in rotations}
    report = coverage_report(store, ctx.ws, windows)
    if args.rotation:
        return Output(rotation_json(report[0], ctx.actor), rotation_text(report[0], ctx))
    text = "\n\n".join(rotation_text(c, ctx) for c in report) or (
        "No rotations yet. Define them in a schedules file: `availbot schedules apply FILE.toml`."
    )
    return Output({"rotations": [rotation_json(c, ctx.actor) for c in report]}, text)


def _window(ctx: Context, rotation: Rotation, args: argparse.Namespace) -> tuple[Any, Any]:
    tz = zone(rotation.timezone)
    first, last = (_date(ctx, text, tz) for text in (args.start, args.end))
    return rotation_window(rotation, first, last, now=ctx.now)


def _date(ctx: Context, text: str | None, tz: ZoneInfo) -> date | None:
    if not text:
        return None
    return parse_date(text, tz=tz, now=ctx.now, date_order=ctx.settings.date_order)


def rotation_json(report: RotationCoverage, viewer: Actor) -> Json:
    return {
        "rotation": report.rotation.name,
        "timezone": report.rotation.timezone,
        "computable": report.computable,
        "segments": [_segment_json(s, viewer) for s in report.segments],
    }


def _segment_json(segment: Segment, viewer: Actor) -> Json:
    return {
        "from": instant(segment.start),
        "to": instant(segment.end),
        "member": person_json(segment.member),
        "override": segment.override_id is not None,
        "unavailable": [unavailable_json(v, viewer) for v in segment.unavailable],
        "gap": segment.gap,
        "warning": "soft_unavailable" if segment.soft and not segment.gap else None,
        "suggestions": [person_json(m) for m in segment.suggestions],
    }


def rotation_text(report: RotationCoverage, ctx: Context) -> str:
    tz = zone(report.rotation.timezone)
    window = describe_span(Span(report.start, report.end, all_day=True), tz, now=ctx.now)
    lines = [f"{report.rotation.name}: {window}"]
    lines += [f"  {_segment_text(s, tz, ctx)}" for s in report.segments]
    if not report.computable:
        lines.append(f"  {UNCOMPUTABLE}")
    elif not report.segments:
        lines.append("  Nobody is on call in this window (the rotation has not started).")
    gaps = len(report.gaps)
    lines.append(f"  {count(gaps, 'coverage gap')}." if gaps else "  No gaps.")
    return "\n".join(lines)


def _segment_text(segment: Segment, tz: ZoneInfo, ctx: Context) -> str:
    span = describe_span(Span(segment.start, segment.end), tz, now=ctx.now)
    who = f"{segment.member.name} <{segment.member.email}>"
    line = f"{span}  {who}" + (" (override)" if segment.override_id else "")
    why = ", ".join(shown_type_name(v, ctx.actor) for v in segment.unavailable)
    if segment.gap:
        reason = why or "inactive"
        cover_by = ", ".join(m.name for m in segment.suggestions) or "nobody free"
        return f"{line}  ** GAP: {reason} ** cover: {cover_by}"
    if segment.soft:
        return f"{line}  warning: prefers not to be on call ({why})"
    return line


def cover_command(ctx: Context, args: argparse.Namespace) -> Output:
    store = schedule_store(ctx)
    rotation = find_rotation(store, ctx.ws, args.rotation)
    member = find_member(store, ctx.ws, args.member) if args.member else None
    tz = zone(rotation.timezone)
    text = " ".join(args.when)
    span = parse_when(text, tz=tz, now=ctx.now, date_order=ctx.settings.date_order)
    view = cover(
        store,
        ctx.actor,
        workspace_id=ctx.ws,
        rotation_name=rotation.name,
        span=span,
        member=member,
        now=ctx.now,
    )
    words = f"{view.member.name} <{view.member.email}> covers {view.rotation.name}: "
    words += describe_span(Span(view.override.start, view.override.end), tz, now=ctx.now)
    return Output(override_json(view), f"{words}.\nid: {view.override.id}")


def override_json(view: OverrideView) -> Json:
    return {
        "id": view.override.id,
        "rotation": view.rotation.name,
        "member": person_json(view.member),
        "from": instant(view.override.start),
        "to": instant(view.override.end),
    }


def override_line(view: OverrideView, ctx: Context) -> str:
    tz = zone(view.rotation.timezone)
    span = describe_span(Span(view.override.start, view.override.end), tz, now=ctx.now)
    return f"{view.override.id}  {view.rotation.name}  {view.member.name}: {span}"


def overrides(ctx: Context, args: argparse.Namespace) -> Output:
    store = schedule_store(ctx)
    words: list[str] = args.words
    if words and words[0] == "remove":
        if len(words) != 2:
            raise MissingArgument("which override to remove", "`availbot overrides remove ID`")
        refuse_if_filling(
            cast(PersonalStore, ctx.store), ctx.ws, words[1]
        )  # its message would stay "covers"
        view = remove_override(store, ctx.actor, workspace_id=ctx.ws, override_id=words[1])
        return Output({"ok": True, "id": view.override.id}, "Removed " + override_line(view, ctx))
    if len(words) > 1:
        raise UnexpectedArgument("Give at most one rotation", "`availbot overrides [ROTATION]`")
    since = None if args.all else ctx.now
    found = list_overrides(store, ctx.ws, rotation_name=words[0] if words else None, since=since)
    lines = [override_line(v, ctx) for v in found] or [
        "No overrides" + ("." if args.all else " now or later (--all shows past ones too).")
    ]
    return Output(
        {"count": len(found), "items": [override_json(v) for v in found]}, "\n".join(lines)
    )


def register(commands: Group) -> None:
    show = command(commands, "oncall", "who is on call: segments, gaps, cover suggestions", oncall)
    show.add_argument("rotation", nargs="?")
    show.add_argument("--from", dest="start", help="first day (inclusive, rotation's zone)")
    show.add_argument("--to", dest="end", help="last day (inclusive, rotation's zone)")
    take = command(
        commands, "cover", "put a member on call for a span (an override)", cover_command
    )
    take.add_argument("rotation")
    take.add_argument("when", nargs="+", help="WHEN, e.g. `tomorrow 09:00-18:00`")
    take.add_argument("--member", help="who covers (default: the --as member)")
    listed = command(commands, "overrides", "list overrides, or `overrides remove ID`", overrides)
    listed.add_argument("words", nargs="*", metavar="ROTATION | remove ID")
    listed.add_argument("--all", action="store_true", help="include overrides that have ended")
