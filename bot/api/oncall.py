"""availbot's own on-call endpoints (docs/api.md#rotations-and-on-call): the rotations, one
rotation's resolved schedule over a window, and who is on call at an instant."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

import falcon

from bot.api.auth import caller_of
from bot.api.bodies import instant_param
from bot.api.caller import ApiApp, ApiServices
from bot.words.jsonshapes import instant, person_json, unavailable_json
from core.access.model import Scope
from core.errors import BadParameter
from core.people.model import Actor, Member
from core.records.model import Kind
from core.rotations.coverage import Segment
from core.rotations.model import Rotation
from core.rotations.queries import rotation_by_ref, rotation_roster
from core.rotations.schedule import (
    OnCallAt,
    RotationSchedule,
    on_call_everywhere,
    rotation_schedule,
    schedule_window,
)
from core.time.spans import zone

Json = dict[str, Any]
DEFAULT_WINDOW = timedelta(days=14)
MAX_DAYS = 93  # a quarter: what a client pages through, not a year computed per request
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOUND = "a date as YYYY-MM-DD or an ISO 8601 instant such as 2026-03-02T09:00:00Z"


class Rotations:
    """`GET /api/v1/rotations`: every rotation, by name, as the schedules file says now."""

    scopes: ClassVar[dict[str, Scope]] = {"GET": Scope.READ}

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        caller = caller_of(req)
        rotations, members = rotation_roster(caller.store, caller.ws)
        resp.media = {"rotations": [rotation_json(r, members) for r in rotations]}


class Shifts:
    """`GET /api/v1/rotations/{ref}/shifts?since=&until=`: scheduled, overrides, final, gaps."""

    scopes: ClassVar[dict[str, Scope]] = {"GET": Scope.READ}

    def on_get(self, req: falcon.Request, resp: falcon.Response, ref: str) -> None:
        caller = caller_of(req)
        since, until = bound_param(req, "since"), bound_param(req, "until")
        rotation = rotation_by_ref(caller.store, caller.ws, ref)
        start, end = schedule_window(
            since,
            until,
            tz=zone(rotation.timezone),
            now=caller.now,
            default=DEFAULT_WINDOW,
            max_days=MAX_DAYS,
        )
        found = rotation_schedule(caller.store, caller.ws, rotation, start, end)
        resp.media = schedule_json(found, caller.actor)


class OnCall:
    """`GET /api/v1/oncall?at=`: who is on call in each rotation at that instant."""

    scopes: ClassVar[dict[str, Scope]] = {"GET": Scope.READ}

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        caller = caller_of(req)
        at = instant_param(req.get_param("at"), "at") or caller.now
        found = on_call_everywhere(caller.store, caller.ws, at)
        resp.media = {"at": instant(at), "oncall": [held_json(h) for h in found]}


def bound_param(req: falcon.Request, name: str) -> date | None:
    """A date (a local day in the rotation's zone) or an instant (a datetime); None unsaid."""
    raw = req.get_param(name)
    if raw is None or raw == "" or not _DATE.fullmatch(raw):
        return instant_param(raw, name)
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise BadParameter(name, raw, _BOUND) from exc


def someone(member: Member | None) -> Json | None:
    return None if member is None else person_json(member)


def rotation_json(rotation: Rotation, members: dict[str, Member]) -> Json:
    """The schedules file's fields (docs/schedules.md), members in hand-off order."""
    defined = rotation.definition
    return {
        "id": rotation.id,
        "name": rotation.name,
        "timezone": defined.timezone,
        "shift": str(defined.shift),
        "handoff": str(defined.handoff),
        "start": defined.start.isoformat(),
        "members": [person_json(members[m]) for m in defined.member_ids if m in members],
    }


def schedule_json(found: RotationSchedule, viewer: Actor) -> Json:
    rotation, people = found.rotation, found.members
    return {
        "rotation": {"id": rotation.id, "name": rotation.name, "timezone": rotation.timezone},
        "since": instant(found.start),
        "until": instant(found.end),
        "computable": found.computable,
        "scheduled": [
            stretch_json(s.start, s.end, people.get(s.member_id)) for s in found.scheduled
        ],
        "overrides": [
            {"id": o.id, **stretch_json(o.start, o.end, people.get(o.member_id))}
            for o in found.overrides
        ],
        "final": [
            {
                **stretch_json(d.start, d.end, people.get(d.member_id)),
                "override": d.override_id is not None,
            }
            for d in found.final
        ],
        "gaps": [gap_json(g, viewer) for g in found.gaps],
    }


def stretch_json(start: datetime, end: datetime, member: Member | None) -> Json:
    return {"from": instant(start), "to": instant(end), "member": someone(member)}


def gap_json(gap: Segment, viewer: Actor) -> Json:
    """`why`: hard unavailability, else the member on call is inactive (docs/rotations.md)."""
    hard = any(v.type.kind is Kind.HARD for v in gap.unavailable)
    return {
        "from": instant(gap.start),
        "to": instant(gap.end),
        "member": person_json(gap.member),
        "override": gap.override_id is not None,
        "why": "unavailable" if hard else "inactive",
        "unavailable": [unavailable_json(v, viewer) for v in gap.unavailable],
        "suggestions": [person_json(m) for m in gap.suggestions],
    }


def held_json(held: OnCallAt) -> Json:
    duty = held.duty
    return {
        "rotation": {"id": held.rotation.id, "name": held.rotation.name},
        "member": someone(held.member),
        "from": None if duty is None else instant(duty.start),
        "to": None if duty is None else instant(duty.end),
        "override": duty is not None and duty.override_id is not None,
        "computable": held.computable,
    }


def register(app: ApiApp, services: ApiServices) -> None:
    """Adds this family's routes."""
    app.add_route("/api/v1/rotations", Rotations())
    app.add_route("/api/v1/rotations/{ref}/shifts", Shifts())
    app.add_route("/api/v1/oncall", OnCall())
