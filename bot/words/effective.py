"""A member's effective day in words: one line, hours in the member's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.effective.days import EffectiveDay
from core.time.spans import Interval
from core.time.words import occurrence


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
    """Local hours on `day`: an end at the next midnight is 24:00, a later one says +1; a
    time in an hour that happens twice names which (`02:30 CEST`)."""
    start, end = (moment.astimezone(tz) for moment in interval)
    return f"{_hour(start)}–{_end(end, day)}"


def _end(end: datetime, day: date) -> str:
    after = (end.date() - day).days
    if after == 1 and (end.hour, end.minute) == (0, 0):
        return "24:00"
    return _hour(end, f"+{after}" if after > 0 else "")


def _hour(local: datetime, days_later: str = "") -> str:
    which = occurrence(local)
    return f"{local:%H:%M}{days_later} {which}" if which else f"{local:%H:%M}{days_later}"
