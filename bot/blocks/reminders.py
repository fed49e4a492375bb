"""Builders for what availbot tells one person on its own clock (docs/alerts.md): shift
reminders, "your next shift moved", and the reminder settings."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.clashes import clash_blocks, clash_words
from bot.blocks.kit import Block, Message, context, esc, message, section
from bot.blocks.records import record_words
from core.alerts.clashes import ClashNotice
from core.alerts.model import ReminderSetting
from core.alerts.quiet import QUIET_WORDS
from core.alerts.reminders import SETTINGS_EXAMPLE, ShiftBrief
from core.alerts.shift_watch import Move
from core.people.model import Actor
from core.records.model import RecordView
from core.time.spans import Span
from core.time.words import describe_span

SHOWN_RECORDS = 5


def build_clash_dm(notice: ClashNotice, tz: ZoneInfo, now: datetime) -> Message:
    """To a member whose record came from elsewhere (an import, a feed, the API, an admin):
    it takes them off their own on-call, with Find cover."""
    view, member = notice.view, notice.view.member
    words = record_words(view, Actor(member), tz, now)
    blocks = [
        section(f"availbot recorded {words}."),
        *clash_blocks(notice.clashes, member, True, tz),
    ]
    return message(clash_words(notice.clashes, True, member, tz), blocks)


def build_settings(setting: ReminderSetting, zone_name: str, *, changed: bool) -> Message:
    lead = "Saved. " if changed else ""
    if setting.enabled:
        state = (
            f"Shift reminders: *on*, at {setting.at:%H:%M} your time ({esc(zone_name)}) on the "
            "last working day before each of your shifts (Monday to Friday, less your "
            "calendars' holidays)."
        )
    else:
        state = "Shift reminders: *off*. You still hear when your time off opens a gap."
    text = (
        f"{lead}{state} No DM from {QUIET_WORDS} your time, except about a gap starting "
        "within 12 hours."
    )
    how = f"Change them with `/unavailable settings` and {SETTINGS_EXAMPLE}."
    return message(text, [section(text), context(how)])


def shift_words(brief: ShiftBrief, tz: ZoneInfo) -> str:
    stint = brief.stint
    later = " or later" if stint.runs_on else ""  # its end lies past what was read
    return f"*{esc(stint.rotation.name)}* {describe_span(Span(stint.start, stint.end), tz)}{later}"


def build_reminder(brief: ShiftBrief, tz: ZoneInfo) -> Message:
    """`You are on call for primary from … to …`, and what stands in its way."""
    text = f":bell: Reminder: you are on call for {shift_words(brief, tz)}."
    return message(text, [section(text), *_in_the_way(brief, tz)])


def build_moved(move: Move, brief: ShiftBrief | None, tz: ZoneInfo, was: str) -> Message:
    """Your current-or-next shift changed: what it is now (or that there is none), what it was
    (`was` as plain words, a rotation name among them)."""
    was = esc(was)
    if brief is None:
        text = (
            f":arrows_counterclockwise: Your on-call shift {was} is no longer yours; you have "
            "no shift in the next 35 days."
        )
        return message(text, [section(text)])
    text = (
        f":arrows_counterclockwise: Your next on-call shift changed: now {shift_words(brief, tz)} "
        f"(it was {was})."
    )
    return message(text, [section(text), *_in_the_way(brief, tz)])


def _in_the_way(brief: ShiftBrief, tz: ZoneInfo) -> list[Block]:
    lines = [_record_line(v, tz) for v in brief.records[:SHOWN_RECORDS]]
    lines += [f"• {d:%a %-d %b}: a day off ({esc(name)})" for d, name in brief.days_off[:7]]
    if not lines:
        return []
    blocks = [section("*In the way*\n" + "\n".join(lines))]
    return blocks + clash_blocks(brief.clashes, brief.member, True, tz)


def _record_line(view: RecordView, tz: ZoneInfo) -> str:
    """Your own record: its real type (the DM is yours alone, private types included)."""
    note = f" — {esc(view.record.name)}" if view.record.name else ""
    return f"• your *{esc(view.type.name)}* {describe_span(view.record.span, tz)}{note}"
