"""Builders for `/oncall`: the overview of every rotation, one rotation's segments, a cover."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.blocks.kit import (
    LISTED,
    Block,
    Message,
    button,
    confirm_dialog,
    context,
    esc,
    fit_lines,
    message,
    more_line,
    section,
)
from bot.ids import EDIT_ROTATION_ACTION, REMOVE_OVERRIDE_ACTION
from core.counts import count
from core.people.model import Actor
from core.records.unavailability import shown_type_name
from core.rotations.coverage import UNCOMPUTABLE, RotationCoverage, Segment
from core.rotations.overrides import OverrideView
from core.time.spans import Span, zone
from core.time.words import describe_span

OVERVIEW_ROTATIONS = 15  # each takes up to 2 blocks
OVERVIEW_ROOM = 10_000  # characters for all rotations: Slack refuses messages near 13,000
ROTATION_ROOM = 2_000  # one rotation's share of the overview
SHOWN_OVERRIDES = 10  # each a block, with its Remove button


def build_oncall_overview(
    reports: Sequence[RotationCoverage], viewer: Actor, now: datetime, *, gaps_until: datetime
) -> Message:
    if not reports:
        text = (
            "No rotations yet. An admin defines them with `/oncall new` "
            "or `availbot schedules apply FILE.toml`."
        )
        return message(text, [section(text)])
    blocks: list[Block] = []
    size = shown = 0
    for report in reports[:OVERVIEW_ROTATIONS]:
        part = [section(fit_lines([_now_and_next(report, now)], ROTATION_ROOM // 2))]
        gaps = [s for s in report.gaps if s.start < gaps_until]
        lines = [_segment_line(report, s, viewer, now) for s in gaps[:5]]
        if gaps:
            head = f"*Gaps in the next 7 days* ({len(gaps)})"
            part.append(section(fit_lines([head, *lines], ROTATION_ROOM // 2, "gap")))
        size += sum(len(b["text"]["text"]) for b in part)
        if size > OVERVIEW_ROOM:
            break
        blocks += part
        shown += 1
    more = more_line(shown, len(reports), "rotation", "availbot oncall")
    if more:
        blocks.append(context(more))
    gap_count = sum(1 for r in reports for s in r.gaps if s.start < gaps_until)
    rotations, gap_words = count(len(reports), "rotation"), count(gap_count, "coverage gap")
    return message(f"{rotations}, {gap_words} in 7 days.", blocks)


def build_rotation(
    report: RotationCoverage,
    viewer: Actor,
    now: datetime,
    overrides: Sequence[OverrideView] = (),
) -> Message:
    """The rotation's segments, then its overrides that are not over yet, each with Remove
    for the member who holds it and for admins."""
    tz = zone(report.rotation.timezone)
    window = describe_span(Span(report.start, report.end, all_day=True), tz, now=now)
    name = esc(report.rotation.name)
    shown = report.segments[:LISTED]
    lines = [_segment_line(report, s, viewer, now) for s in shown]
    if not report.computable:
        lines = [f":warning: {esc(UNCOMPUTABLE)}"]
    elif not lines:
        lines = ["_Nobody is on call in this window (the rotation has not started)._"]
    text = fit_lines([f"*{name}* — {window}", *lines], noun="segment")
    blocks = [section(text)]
    more = more_line(
        len(shown),
        len(report.segments),
        "segment",
        f"availbot oncall {report.rotation.name} --from D --to D",
    )
    if more:
        blocks.append(context(more))
    gaps = len(report.gaps)
    blocks.append(context(f"{count(gaps, 'coverage gap')}." if gaps else "No gaps."))
    blocks += _overrides(report, overrides, viewer, now)
    if viewer.is_admin:
        edit = button("Edit", EDIT_ROTATION_ACTION, report.rotation.name)
        blocks.append({"type": "actions", "elements": [edit]})
    segments = count(len(report.segments), "segment")
    return message(f"{name}: {segments}, {count(gaps, 'gap')}.", blocks)


def _overrides(
    report: RotationCoverage, overrides: Sequence[OverrideView], viewer: Actor, now: datetime
) -> list[Block]:
    if not overrides:
        return []
    tz = zone(report.rotation.timezone)
    blocks = [section(f"*Overrides ahead* ({len(overrides)})")]
    for view in overrides[:SHOWN_OVERRIDES]:
        span = describe_span(Span(view.override.start, view.override.end), tz, now=now)
        words = f"• {esc(view.member.name)} covers {span}"
        allowed = viewer.is_admin or viewer.member_id == view.member.id
        dialog = confirm_dialog("Remove this override?", "The rotation takes it back.", "Remove")
        remove = button("Remove", REMOVE_OVERRIDE_ACTION, view.override.id, confirm=dialog)
        blocks.append(section(words, remove if allowed else None))
    more = more_line(
        min(len(overrides), SHOWN_OVERRIDES),
        len(overrides),
        "override",
        f"availbot overrides {report.rotation.name}",
    )
    if more:
        blocks.append(context(more))
    return blocks


def build_covered(view: OverrideView, now: datetime) -> Message:
    tz = zone(view.rotation.timezone)
    span = describe_span(Span(view.override.start, view.override.end), tz, now=now)
    words = f"{esc(view.member.name)} covers {esc(view.rotation.name)}: {span}."
    blocks = [section(words), context(f"override `{view.override.id}`")]
    return message(words, blocks)


def _now_and_next(report: RotationCoverage, now: datetime) -> str:
    tz = zone(report.rotation.timezone)
    stints = _stints(report.segments)
    current = next((s for s in stints if s.start <= now < s.end), None)
    name = f"*{esc(report.rotation.name)}*"
    if not report.computable:
        return f"{name}: :warning: {esc(UNCOMPUTABLE)}"
    if current is None:
        return f"{name}: nobody is on call now."
    until = describe_span(Span(current.start, current.end), tz, now=now).split(" – ")[-1]
    line = f"{name}: *{esc(current.member.name)}* until {until}"
    following = next((s for s in stints if s.start >= current.end), None)
    if following is not None:
        line += f"; next: {esc(following.member.name)}"
    if any(s.gap for s in report.segments if s.start <= now < s.end):
        line += "\n:red_circle: the member on call is out"
    return line


def _stints(segments: Sequence[Segment]) -> list[Segment]:
    """Consecutive segments of one member joined (a shift split by records is one stint)."""
    joined: list[Segment] = []
    for segment in segments:
        last = joined[-1] if joined else None
        if last and last.member.id == segment.member.id and last.end == segment.start:
            joined[-1] = replace(last, end=segment.end, unavailable=(), gap=last.gap or segment.gap)
        else:
            joined.append(segment)
    return joined


def _segment_line(report: RotationCoverage, segment: Segment, viewer: Actor, now: datetime) -> str:
    tz = zone(report.rotation.timezone)
    span = describe_span(Span(segment.start, segment.end), tz, now=now)
    line = f"• {span}: {esc(segment.member.name)}" + (" (override)" if segment.override_id else "")
    why = ", ".join(esc(shown_type_name(v, viewer)) for v in segment.unavailable)
    if segment.gap:
        cover_by = ", ".join(esc(m.name) for m in segment.suggestions[:3]) or "nobody free"
        return f"{line} :red_circle: *gap* ({why or 'inactive'}); could cover: {cover_by}"
    if segment.soft:
        return f"{line} :warning: prefers not to be on call ({why})"
    return line
