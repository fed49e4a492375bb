"""FieldAware's Unavailable Time API: types (read only) and one user's records (docs/api.md)."""

from __future__ import annotations

from typing import ClassVar

import falcon

from bot.api.auth import caller_of
from bot.api.bodies import page_params, read_json
from bot.api.caller import ApiApp, ApiServices, Caller, public_base
from bot.api.fieldaware_input import (
    RECORD_BODY,
    new_record,
    record_change,
    record_sort,
    ref,
    type_filters,
    window,
)
from bot.api.fieldaware_shapes import listing, record_item, record_json, type_item, type_json
from bot.api.idempotency import Answer, once, respond
from core.access.model import Scope
from core.errors import OwnRecordsOnly, UnknownMember, UnknownType, UnknownUnavailability
from core.people.members import member_by_ref
from core.people.model import Member
from core.records.catalogue import get_type, list_types
from core.records.member_records import (
    change_member_record,
    member_record,
    member_records,
    remove_member_record,
)
from core.records.unavailability import add_unavailability

SOURCE = "api"  # one of core/records/sources.py's HAND_SOURCES


def member_of(caller: Caller, user_ref: str) -> Member:
    """The `user_ref` of a path: a member id, an email or an external id. A member who is
    not an admin reaches only their own, and is told the same for anyone else whether or
    not they exist, so their key cannot list who is in the workspace."""
    actor = caller.actor
    try:
        member = member_by_ref(caller.store, caller.ws, ref(user_ref, UnknownMember))
    except UnknownMember:
        if actor.is_admin:
            raise
        member = None
    if not actor.is_admin and (member is None or member.id != actor.member_id):
        raise OwnRecordsOnly(actor.label, "reach the records", user_ref)
    assert member is not None
    return member


class TypeList:
    """`GET /unavailability/types`: active types (or archived ones), by name, paged."""

    scopes: ClassVar[dict[str, Scope]] = {"GET": Scope.READ}

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        caller = caller_of(req)
        archived, name = type_filters(req)
        page, size = page_params(req)
        found = list_types(
            caller.store,
            caller.ws,
            archived=archived,
            name_contains=name,
            page=page,
            page_size=size,
        )
        resp.media = listing(found, lambda t: type_item(t, public_base(caller.services, req)))


class TypeDetail:
    """`GET /unavailability/types/{uuid}`; types are read-only here (405 otherwise)."""

    scopes: ClassVar[dict[str, Scope]] = {"GET": Scope.READ}

    def on_get(self, req: falcon.Request, resp: falcon.Response, uuid: str) -> None:
        caller = caller_of(req)
        resp.media = type_json(get_type(caller.store, caller.ws, ref(uuid, UnknownType)))


class RecordList:
    """`GET /user/{user_ref}/unavailability` (a window, sorted, paged) and `POST` (create)."""

    scopes: ClassVar[dict[str, Scope]] = {"GET": Scope.READ, "POST": Scope.WRITE}

    def on_get(self, req: falcon.Request, resp: falcon.Response, user_ref: str) -> None:
        caller = caller_of(req)
        member = member_of(caller, user_ref)
        tz = caller.zone_of(member)
        start, end = window(req, tz)
        page, size = page_params(req)
        found = member_records(
            caller.store, caller.actor, workspace_id=caller.ws, member_id=member.id,
            start=start, end=end, sort=record_sort(req), page=page, page_size=size,
        )  # fmt: skip
        resp.media = listing(found, lambda v: record_item(v, tz, public_base(caller.services, req)))

    def on_post(self, req: falcon.Request, resp: falcon.Response, user_ref: str) -> None:
        caller = caller_of(req)
        member = member_of(caller, user_ref)
        tz = caller.zone_of(member)
        body, raw = read_json(req, RECORD_BODY)
        new = new_record(body, tz)

        def write() -> Answer:
            view = add_unavailability(
                caller.store, caller.actor, workspace_id=caller.ws, member_id=member.id,
                span=new.span, type_id=new.type_id, name=new.details,
                source=SOURCE, now=caller.now,
            )  # fmt: skip
            return Answer(201, record_item(view, tz, public_base(caller.services, req)))

        respond(resp, once(caller, req, raw, write))


class RecordDetail:
    """`GET`, `PUT` (partial) and `DELETE /user/{user_ref}/unavailability/{ref}`."""

    scopes: ClassVar[dict[str, Scope]] = {
        "GET": Scope.READ,
        "PUT": Scope.WRITE,
        "DELETE": Scope.WRITE,
    }

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, user_ref: str, record_ref: str
    ) -> None:
        caller = caller_of(req)
        member = member_of(caller, user_ref)
        view = member_record(
            caller.store, caller.actor, workspace_id=caller.ws, member_id=member.id,
            record_id=_record_ref(record_ref),
        )  # fmt: skip
        resp.media = record_json(view, caller.zone_of(member))

    def on_put(
        self, req: falcon.Request, resp: falcon.Response, user_ref: str, record_ref: str
    ) -> None:
        caller = caller_of(req)
        member = member_of(caller, user_ref)
        tz = caller.zone_of(member)
        body, raw = read_json(req, RECORD_BODY)
        change = record_change(body, tz)

        def write() -> Answer:
            view = change_member_record(
                caller.store, caller.actor, workspace_id=caller.ws, member_id=member.id,
                record_id=_record_ref(record_ref), change=change, now=caller.now,
            )  # fmt: skip
            return Answer(200, record_item(view, tz, public_base(caller.services, req)))

        respond(resp, once(caller, req, raw, write))

    def on_delete(
        self, req: falcon.Request, resp: falcon.Response, user_ref: str, record_ref: str
    ) -> None:
        caller = caller_of(req)
        member = member_of(caller, user_ref)
        remove_member_record(
            caller.store, caller.actor, workspace_id=caller.ws, member_id=member.id,
            record_id=_record_ref(record_ref),
        )  # fmt: skip
        resp.status = falcon.HTTP_204


def _record_ref(raw: str) -> str:
    return ref(raw, UnknownUnavailability)


def register(app: ApiApp, services: ApiServices) -> None:
    """Adds this family's routes."""
    app.add_route("/unavailability/types", TypeList())
    app.add_route("/unavailability/types/{uuid}", TypeDetail())
    app.add_route("/user/{user_ref}/unavailability", RecordList())
    app.add_route("/user/{user_ref}/unavailability/{record_ref}", RecordDetail())
