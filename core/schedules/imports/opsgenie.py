"""Opsgenie's schedule (`GET /v2/schedules/{id}?expand=rotation`) as availbot rotations."""

from __future__ import annotations

from typing import Any

from core.rotations.model import ShiftLength
from core.schedules.imports.model import ImportedRotation, ScheduleExport, Skipped
from core.schedules.imports.shape import instant, rotation, shift_length, unwrapped, zone_problem

_SECONDS = {"hourly": 3600, "daily": 86400, "weekly": 604800}

_NOT_ONE = (
    "not an Opsgenie schedule with rotations: export it with GET /v2/schedules/{id}?expand=rotation"
)


def read_opsgenie(document: Any) -> ScheduleExport:
    """Each rotation of the schedule, in the schedule's zone; anything availbot cannot say
    the same way (a time restriction, a team in the order, an end date …) skips it."""
    schedule = unwrapped(document, "data", "rotations", _NOT_ONE)
    name = str(schedule.get("name") or "opsgenie")
    rotations = [r for r in schedule.get("rotations") or [] if isinstance(r, dict)]
    made: list[ImportedRotation] = []
    skipped: list[Skipped] = []
    for i, entry in enumerate(rotations):
        own = str(entry.get("name") or f"rotation {i + 1}")
        source = f"rotation {own!r}"
        full = name if len(rotations) == 1 else f"{name} / {own}"
        found = _rotation(entry, full, source, schedule.get("timezone"))
        if isinstance(found, ImportedRotation):
            made.append(found)
        else:
            skipped.append(Skipped(source, found))
    notes: tuple[str, ...] = () if rotations else (f"schedule {name!r} has no rotations",)
    if schedule.get("enabled") is False:
        notes += (f"schedule {name!r} is disabled in Opsgenie; its rotations are shown anyway",)
    return ScheduleExport("opsgenie", name, tuple(made), tuple(skipped), notes)


def _rotation(
    entry: dict[str, Any], name: str, source: str, zone_name: object
) -> ImportedRotation | tuple[str, ...]:
    reasons = [r for r in (zone_problem(zone_name), _restriction(entry)) if r]
    if entry.get("endDate"):
        reasons.append(f"it ends on {entry['endDate']}; availbot rotations do not end")
    people, problems = _participants(entry.get("participants"))
    reasons += problems
    shift = _length(entry)
    if isinstance(shift, str):
        reasons.append(shift)
    anchor = instant(entry.get("startDate"))
    if anchor is None:
        reasons.append(f"its startDate {entry.get('startDate')!r} is not a date and time")
    if reasons or anchor is None or isinstance(shift, str) or not isinstance(zone_name, str):
        return tuple(reasons)
    made = rotation(name, source, zone_name, anchor, shift, people)
    return (made,) if isinstance(made, str) else made


def _restriction(entry: dict[str, Any]) -> str | None:
    found = entry.get("timeRestriction")
    if not found:
        return None
    kind = found.get("type") if isinstance(found, dict) else None
    if kind == "weekday-and-time-of-day":
        return "it is on call only on some days (timeRestriction weekday-and-time-of-day)"
    return f"it is on call only part of the day (timeRestriction {kind or 'unknown'})"


def _participants(value: object) -> tuple[tuple[str, ...], list[str]]:
    """The participants' emails in order, and what is not a person with an email."""
    items = value if isinstance(value, list) else []
    emails: list[str] = []
    problems: list[str] = []
    for i, item in enumerate(items):
        part = item if isinstance(item, dict) else {}
        kind, email = part.get("type"), part.get("username")
        if kind == "user" and isinstance(email, str) and "@" in email:
            emails.append(email.strip())
            continue
        label = part.get("name") or part.get("username") or part.get("id") or ""
        what = f"{kind} {label}".strip() if kind != "none" else "nobody (type none)"
        problems.append(f"participant {i + 1} is {what}, not a user with an email")
    if not items:
        problems.append("it has no participants")
    return tuple(emails), problems


def _length(entry: dict[str, Any]) -> ShiftLength | str:
    kind, length = entry.get("type"), entry.get("length", 1)
    if kind not in _SECONDS or not isinstance(length, int) or length < 1:
        return f"its length ({length!r} {kind!r}) is not a number of hours, days or weeks"
    shift = shift_length(length * _SECONDS[kind])
    return shift or f"its length ({length} {kind}) is longer than availbot's shifts"
