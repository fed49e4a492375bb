"""Values for the personal alerts' unit tests: members in several zones, a rotation, stints."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.people.model import Member
from core.rotations.model import (
    Handoff,
    Rotation,
    RotationDefinition,
    RotationVersion,
    ShiftLength,
)
from core.rotations.stints import Stint

CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def member(name: str, tz: str, *, slack: bool = True, active: bool = True) -> Member:
    key = name.lower()
    return Member(
        f"mem_{key}",
        "T1",
        f"{key}@example.com",
        name,
        tz,
        slack_user_id=f"U{name.upper()}" if slack else None,
        active=active,
    )


def rotation(zone: str = "Europe/Berlin", name: str = "primary") -> Rotation:
    definition = RotationDefinition(
        zone, ShiftLength.parse("1w"), Handoff.parse("mon 09:00"), date(2026, 1, 5), ()
    )
    return Rotation(
        f"rot_{name}", "T1", name, (RotationVersion(None, definition, CREATED),), CREATED
    )


def stint(who: Member, start: datetime, end: datetime, of: Rotation | None = None) -> Stint:
    return Stint(of or rotation(), start, end, who.id)
