"""The workforce tool's effective availability (docs/api.md#effective-availability): a
person's available hours per day, answered in the tool's own shape and words."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

import falcon

from bot.api.auth import caller_of
from bot.api.bodies import date_param
from bot.api.caller import ApiApp, ApiServices, Caller
from bot.api.errors import error_body, refused
from core.access.model import Scope
from core.effective.days import EffectiveDay
from core.effective.queries import effective_availability
from core.errors import AvailbotError, BadParameter, UnknownMember, WindowTooLong
from core.people.members import member_by_ref
from core.people.model import Member

Json = dict[str, Any]
PATH = "/api/v1/businesses/{businessId}/people/{employeeId}/effectiveDisponibilities"
# The tool's documented words for its two refusals ("Considerations" on its page).
PERSON_NOT_FOUND = "Person not found for business"
TOO_MANY_DAYS = "The maximum days to calculate must be 31 days"
EXTRAS = ("unavailable", "onCall")  # availbot's, on request: `include=unavailable,onCall`


class InTheToolsWords(Exception):
    """A refusal the tool documents in its own words: answered with the refusal's status and
    code, and the tool's message."""

    def __init__(self, error: AvailbotError, message: str) -> None:
        super().__init__(message)
        self.error = error
        self.message = message


def answer_in_the_tools_words(
    req: falcon.Request, resp: falcon.Response, wrapped: InTheToolsWords, params: Any
) -> None:
    refused(req, resp, wrapped.error, params)
    resp.media = error_body(wrapped.error.code, wrapped.message)


@contextmanager
def the_tools_words() -> Iterator[None]:
    """An unknown person (or business) and a window over 31 days, as the tool words them."""
    try:
        yield
    except UnknownMember as exc:
        raise InTheToolsWords(exc, PERSON_NOT_FOUND) from exc
    except WindowTooLong as exc:
        raise InTheToolsWords(exc, TOO_MANY_DAYS) from exc


class EffectiveDisponibilities:
    """`GET …/businesses/{businessId}/people/{employeeId}/effectiveDisponibilities?from=&to=`."""

    scopes: ClassVar[dict[str, Scope]] = {"GET": Scope.READ}

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, businessId: str, employeeId: str
    ) -> None:
        """The path's names are the tool's (and the OpenAPI document's)."""
        caller = caller_of(req)
        first = date_param(req, "from", required=True)
        last = date_param(req, "to", required=True)
        extras = included(req)
        assert first is not None and last is not None  # required: BadParameter otherwise
        with the_tools_words():
            person = the_person(caller, businessId, employeeId)
            days = effective_availability(
                caller.store,
                caller.actor,
                workspace_id=caller.ws,
                member=person.id,
                first=first,
                last=last,
                fallback_zone=caller.services.settings.timezone,
            )
        resp.media = [disponibility_json(d, person, extras) for d in days]


def the_person(caller: Caller, business_id: str, employee_id: str) -> Member:
    """The business is the key's workspace; any other is answered as an unknown person, so
    that a guess learns nothing of other workspaces."""
    if business_id != caller.ws:
        raise UnknownMember(employee_id)
    return member_by_ref(caller.store, caller.ws, employee_id)


def included(req: falcon.Request) -> frozenset[str]:
    """`include=unavailable,onCall` (either, both, comma-separated or repeated)."""
    said = [w.strip() for v in req.get_param_as_list("include") or () for w in v.split(",")]
    unknown = [w for w in said if w and w not in EXTRAS]
    if unknown:
        raise BadParameter("include", unknown[0], f"a comma-separated list of {', '.join(EXTRAS)}")
    return frozenset(w for w in said if w)


def moment(value: datetime) -> str:
    """The tool's instants: UTC with milliseconds and `Z` (2025-05-02T08:00:00.000Z)."""
    utc = value.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def disponibility_json(day: EffectiveDay, person: Member, extras: frozenset[str]) -> Json:
    """The tool's day; `personId` is the person's external id when they have one."""
    shown: Json = {
        "day": day.day.isoformat(),
        "type": day.source.value,
        "personId": person.external_id or person.id,
        "free": day.free,
        "intervals": [{"from": moment(s), "to": moment(e)} for s, e in day.intervals],
    }
    if "unavailable" in extras:
        shown["unavailable"] = [
            {"id": r.id, "type": r.type, "kind": r.kind.value,
             "from": moment(r.start), "to": moment(r.end)}
            for r in day.unavailable
        ]  # fmt: skip
    if "onCall" in extras:
        shown["onCall"] = [
            {"rotation": d.rotation, "from": moment(d.start), "to": moment(d.end)}
            for d in day.on_call
        ]
    return shown


def register(app: ApiApp, services: ApiServices) -> None:
    """Adds this family's routes."""
    app.add_route(PATH, EffectiveDisponibilities())
    app.add_error_handler(InTheToolsWords, answer_in_the_tools_words)
