"""From an export's rotation (zone, first hand-off, turn length, people) to availbot's values."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from core.errors import UnknownTimeZone
from core.rotations.model import Handoff, ShiftLength
from core.schedules.imports.model import ImportedRotation
from core.time.spans import zone

_UNITS = (("w", timedelta(weeks=1)), ("d", timedelta(days=1)), ("h", timedelta(hours=1)))


def shift_length(seconds: int) -> ShiftLength | None:
    """A turn length in wall-clock seconds as availbot's `Nw`, `Nd` or `Nh`, or None."""
    for unit, size in _UNITS:
        count, rest = divmod(timedelta(seconds=seconds), size)
        if not rest and 1 <= count <= 9999:
            return ShiftLength(count, unit)
    return None


def unwrapped(document: Any, wrapper: str, listed: str, refusal: str) -> dict[str, Any]:
    """The schedule object: the API's body (`{wrapper: {...}}`) or the object itself; it
    must hold a list at `listed`, else ValueError(refusal)."""
    inner = document.get(wrapper) if isinstance(document, dict) else None
    found = inner if isinstance(inner, dict) else document
    if not isinstance(found, dict) or not isinstance(found.get(listed), list):
        raise ValueError(refusal)
    return found


def instant(value: object) -> datetime | None:
    """An ISO 8601 instant with its offset (`2017-02-06T05:00:00Z`), or None."""
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


def zone_problem(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return "the schedule has no time zone"
    try:
        zone(name)
    except UnknownTimeZone:
        return f"time zone {name!r} is not an IANA zone availbot knows"
    return None


def rotation(
    name: str,
    source: str,
    zone_name: str,
    anchor: datetime,
    shift: ShiftLength,
    people: tuple[str, ...],
) -> ImportedRotation | str:
    """The rotation, or why its first hand-off cannot be an availbot hand-off."""
    local = anchor.astimezone(zone(zone_name))
    if local.second or local.microsecond:
        return f"the hand-off {local:%H:%M:%S} is not on a whole minute"
    weekday = local.weekday() if shift.whole_weeks else None
    handoff = Handoff(time(local.hour, local.minute), weekday)
    return ImportedRotation(
        name, source, zone_name, shift, handoff, local, people, _turned(people, local, shift)
    )


def _turned(people: tuple[str, ...], local: datetime, shift: ShiftLength) -> tuple[str, ...]:
    """`people` turned so that availbot's shift at `local` goes to people[0].

    availbot's first shift is the earliest hand-off on the start day (docs/rotations.md):
    for hour shifts that can be before the export's, n shifts earlier."""
    if shift.unit != "h":
        return people
    midnight = local.replace(hour=0, minute=0, tzinfo=None)
    n = (local.replace(tzinfo=None) - midnight) // shift.wall
    size = len(people)
    return tuple(people[(i - n) % size] for i in range(size))
