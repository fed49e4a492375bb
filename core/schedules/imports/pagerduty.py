"""PagerDuty's schedule (`GET /schedules/{id}`) as an availbot rotation: its first layer.

Layer users are references (`{id, type: user_reference, summary}`) without emails; the
emails come from user objects in the same document: the layer's users expanded, the
schedule's `users`, or a `users` list beside `schedule` (the body of `GET /users`)."""

from __future__ import annotations

from typing import Any

from core.schedules.imports.model import ImportedRotation, ScheduleExport, Skipped
from core.schedules.imports.shape import instant, rotation, shift_length, unwrapped, zone_problem

_NOT_ONE = "not a PagerDuty schedule with schedule_layers: export it with GET /schedules/{id}"


def read_pagerduty(document: Any) -> ScheduleExport:
    schedule = unwrapped(document, "schedule", "schedule_layers", _NOT_ONE)
    name = str(schedule.get("name") or schedule.get("summary") or "pagerduty")
    layers = [x for x in schedule.get("schedule_layers") or [] if isinstance(x, dict)]
    emails = _emails(document, schedule, layers)
    made: tuple[ImportedRotation, ...] = ()
    skipped = [
        Skipped(_source(layer, i), ("availbot imports the first layer only",))
        for i, layer in enumerate(layers)
        if i > 0
    ]
    if layers:
        found = _layer(layers[0], name, schedule.get("time_zone"), emails)
        if isinstance(found, ImportedRotation):
            made = (found,)
        else:
            skipped.insert(0, Skipped(_source(layers[0], 0), found))
    notes = () if layers else (f"schedule {name!r} has no layers",)
    return ScheduleExport("pagerduty", name, made, tuple(skipped), notes)


def _source(layer: dict[str, Any], index: int) -> str:
    return f"layer {str(layer.get('name') or index + 1)!r}"


def _emails(
    document: Any, schedule: dict[str, Any], layers: list[dict[str, Any]]
) -> dict[str, str]:
    """User id → email, from every full user object the document holds."""
    users: list[Any] = list(schedule.get("users") or [])
    if isinstance(document, dict) and document is not schedule:
        users += list(document.get("users") or [])
    for layer in layers:
        users += [u.get("user") for u in layer.get("users") or [] if isinstance(u, dict)]
    return {
        u["id"]: u["email"].strip()
        for u in users
        if isinstance(u, dict) and isinstance(u.get("id"), str) and isinstance(u.get("email"), str)
    }


def _layer(
    layer: dict[str, Any], name: str, zone_name: object, emails: dict[str, str]
) -> ImportedRotation | tuple[str, ...]:
    reasons = [r for r in (zone_problem(zone_name),) if r]
    if layer.get("restrictions"):
        kinds = sorted({str(r.get("type")) for r in layer["restrictions"] if isinstance(r, dict)})
        reasons.append(f"it is on call only part of the time (restrictions: {', '.join(kinds)})")
    if layer.get("end"):
        reasons.append(f"it ends at {layer['end']}; availbot rotations do not end")
    people = _people(layer.get("users"), emails, reasons)
    seconds = layer.get("rotation_turn_length_seconds")
    shift = shift_length(seconds) if isinstance(seconds, int) else None
    if shift is None:
        reasons.append(f"its turn length ({seconds!r} seconds) is not whole hours, days or weeks")
    anchor = instant(layer.get("rotation_virtual_start"))
    if anchor is None:
        reasons.append("its rotation_virtual_start is not a date and time")
    if reasons or anchor is None or shift is None or not isinstance(zone_name, str):
        return tuple(reasons)
    made = rotation(name, _source(layer, 0), zone_name, anchor, shift, people)
    return (made,) if isinstance(made, str) else made


def _people(value: object, emails: dict[str, str], reasons: list[str]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else []
    found: list[str] = []
    for i, item in enumerate(items):
        user = item.get("user") if isinstance(item, dict) else None
        user = user if isinstance(user, dict) else {}
        email = emails.get(str(user.get("id")))
        if email is None:
            who = f"{user.get('id')} ({user.get('summary')})" if user else f"entry {i + 1}"
            reasons.append(f"user {who} has no email in the export")
        else:
            found.append(email)
    if not items:
        reasons.append("it has no users")
    return tuple(found)
