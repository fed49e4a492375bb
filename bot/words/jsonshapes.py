"""The JSON shapes (docs/records.md, docs/cli.md), shared by the command line and the Slack app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TypeVar

from core.model import Page
from core.people.model import Actor, Member
from core.records.model import RecordView, UnavailabilityType
from core.records.unavailability import shown_type_name

T = TypeVar("T")
Json = dict[str, Any]


@lru_cache(maxsize=65536)
def instant(moment: datetime) -> str:
    """UTC RFC 3339 with whole seconds and `Z`. Cached: an import's 200,000 instants are
    mostly the same few hundred days."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def listing(page: Page[T], item: Callable[[T], Json]) -> Json:
    return {
        "count": page.count,
        "items": [item(i) for i in page.items],
        "page": page.page,
        "pageSize": page.page_size,
        "sortedBy": list(page.sorted_by),
    }


def member_json(member: Member) -> Json:
    return {
        "id": member.id,
        "email": member.email,
        "name": member.name,
        "tz": member.tz,
        "slack_user_id": member.slack_user_id,
        "admin": member.admin,
        "active": member.active,
        "external_id": member.external_id,
    }


def person_json(member: Member) -> Json:
    """A member where a record, a segment or an override names one."""
    return {"id": member.id, "name": member.name, "email": member.email}


def unavailable_json(view: RecordView, viewer: Actor) -> Json:
    """A record beside on-call or available hours (a private type reads `Away`)."""
    return {
        "id": view.record.id,
        "type": shown_type_name(view, viewer),
        "kind": view.type.kind.value,
        "from": instant(view.record.start),
        "to": instant(view.record.end),
    }


def type_json(type_: UnavailabilityType) -> Json:
    return {
        "id": type_.id,
        "name": type_.name,
        "description": type_.description,
        "kind": type_.kind.value,
        "paid": type_.paid,
        "private": type_.private,
        "archived": type_.archived,
    }


def record_json(view: RecordView, viewer: Actor) -> Json:
    record, member = view.record, view.member
    return {
        "id": record.id,
        "member": {
            "id": member.id,
            "name": member.name,
            "email": member.email,
            "slack_user_id": member.slack_user_id,
        },
        "type": {"id": view.type.id, "name": shown_type_name(view, viewer), "kind": view.type.kind},
        "name": record.name,
        "start": instant(record.start),
        "end": instant(record.end),
        "all_day": record.all_day,
        "source": record.source,
        "created_at": instant(record.created_at),
        "updated_at": instant(record.updated_at),
    }


def error_json(code: str, message: str) -> Json:
    return {"ok": False, "error": {"code": code, "message": message}}
