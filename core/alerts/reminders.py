"""Shift reminders (docs/alerts.md): a DM before each of a member's shifts, at their reminder
time on the last working day before it, saying what stands in the way; and the settings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.alerts.clashes import Clash
from core.alerts.model import DEFAULT_REMINDER_AT, ReminderSetting
from core.alerts.quiet import (
    QUIET_WORDS,
    DayOff,
    after_quiet,
    days_off,
    is_quiet,
    last_working_day,
    quiet_clock,
)
from core.digest.due import parse_clock
from core.effective.model import Calendar
from core.errors import QuietReminderTime, UnreadableReminderSettings
from core.people.model import Member
from core.ports import PersonalStore
from core.records.model import Kind, RecordView
from core.rotations.stints import Stint
from core.time.spans import resolve_local

GRACE = timedelta(hours=6)  # a reminder missed by more (availbot down) is not sent late
AHEAD = timedelta(days=16)  # stints starting this soon are looked at: LOOK_BACK days and more
SETTINGS_EXAMPLE = "`reminders at 17:30`, `reminders off` or `reminders on`"
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Reminder:
    member: Member
    stint: Stint
    due: datetime

    @property
    def key(self) -> str:
        """One reminder per member, rotation and local start day: a shift moved within its
        day is told by the "moved" DM, not reminded twice."""
        day = self.stint.start.astimezone(self.due.tzinfo).date()
        return f"reminder:{self.member.id}:{self.stint.rotation.id}:{day.isoformat()}"


def reminder_instant(start: datetime, tz: ZoneInfo, at: time, off: DayOff) -> datetime:
    """When the shift starting at `start` is announced: `at`, the member's time, on the last
    working day before the shift's local date; out of the quiet hours."""
    day = last_working_day(start.astimezone(tz).date(), off)
    return after_quiet(resolve_local(datetime.combine(day, at), tz), tz)


def due_reminders(
    members: Sequence[Member],
    stints: Sequence[Stint],
    settings: Mapping[str, ReminderSetting],
    calendars: Sequence[Calendar],
    *,
    zone_of: Mapping[str, ZoneInfo],
    now: datetime,
) -> list[Reminder]:
    """Reminders due now: from their instant for six hours, before the shift starts, never in
    the member's quiet hours. Only members who can get a DM (active, in Slack)."""
    by_member: dict[str, list[Stint]] = {}
    for stint in stints:
        if now < stint.start <= now + AHEAD:
            by_member.setdefault(stint.member_id, []).append(stint)
    found: list[Reminder] = []
    for member in members:
        setting = settings.get(member.id) or ReminderSetting(member.id)
        mine = by_member.get(member.id)
        if not (mine and setting.enabled and member.active and member.slack_user_id):
            continue
        tz = zone_of[member.id]
        if is_quiet(now, tz):
            continue
        off = days_off(calendars, member.id)
        for stint in mine:
            due = reminder_instant(stint.start, tz, setting.at, off).astimezone(tz)
            if due <= now < min(due + GRACE, stint.start):
                found.append(Reminder(member, stint, due))
    return found


@dataclass(frozen=True)
class ShiftBrief:
    """A shift as a DM tells it: the member's own records in it and the days off it spans
    (holidays and closures of their calendars), with the gaps their hard records open."""

    member: Member
    stint: Stint
    records: tuple[RecordView, ...]
    days_off: tuple[tuple[date, str], ...]
    clashes: tuple[Clash, ...]


def shift_brief(
    store: PersonalStore, member: Member, stint: Stint, tz: ZoneInfo, now: datetime
) -> ShiftBrief:
    ws = member.workspace_id
    found = store.unavailability.in_window(ws, stint.start, stint.end, [member.id])
    types = {t.id: t for t in store.types.all(ws)}
    views = tuple(RecordView(r, member, types[r.type_id]) for r in found)
    clashes = tuple(
        Clash(stint.rotation, member.id, max(r.start, stint.start, now), min(r.end, stint.end))
        for r in (v.record for v in views if v.type.kind is Kind.HARD)
        if min(r.end, stint.end) > max(r.start, stint.start, now)
    )
    calendars = store.availability.definitions(ws, [member.id]).calendars
    off = days_off(calendars, member.id)
    first, last = stint.start.astimezone(tz).date(), stint.end.astimezone(tz).date()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    holidays = tuple((d, name) for d in days if (name := off(d)) is not None)
    return ShiftBrief(member, stint, views, holidays, clashes)


def read_settings(text: str, current: ReminderSetting) -> ReminderSetting:
    """`reminders at 17:30`, `reminders off`, `reminders on` (the word `reminders` may be
    left out): the member's new setting. A time in the quiet hours is refused."""
    words = text.lower().split()
    if words and words[0] in ("reminders", "reminder"):
        words = words[1:]
    if words == ["off"]:
        return ReminderSetting(current.member_id, current.at, enabled=False)
    if words == ["on"]:
        return ReminderSetting(current.member_id, current.at, enabled=True)
    if words and words[0] == "at":
        words = words[1:]
    if len(words) == 1 and _CLOCK.match(words[0]):
        at = parse_clock(words[0])
        if quiet_clock(at):
            raise QuietReminderTime(words[0], QUIET_WORDS)
        return ReminderSetting(current.member_id, at, enabled=True)
    raise UnreadableReminderSettings(" ".join(words) or text, SETTINGS_EXAMPLE)


def member_setting(store: PersonalStore, member: Member) -> ReminderSetting:
    return store.reminders.settings(member.workspace_id).get(member.id) or ReminderSetting(
        member.id, DEFAULT_REMINDER_AT
    )
