"""Rows ↔ core dataclasses: aware UTC datetimes at storage's door, epoch seconds inside."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from core.people.model import Member, Workspace
from core.records.model import Kind, Unavailability, UnavailabilityType

WORKSPACE_COLUMNS = ("id", "timezone", "created_at", "api_enabled")
MEMBER_COLUMNS = (
    "id",
    "workspace_id",
    "email",
    "name",
    "tz",
    "slack_user_id",
    "admin",
    "active",
    "external_id",
)
TYPE_COLUMNS = (
    "id",
    "workspace_id",
    "name",
    "kind",
    "description",
    "paid",
    "private",
    "archived",
)
RECORD_COLUMNS = (
    "id",
    "workspace_id",
    "member_id",
    "type_id",
    "start_ts",
    "end_ts",
    "all_day",
    "source",
    "created_by",
    "created_at",
    "updated_at",
    "name",
    "changed_by",
    "changed_via",
)

Row = Sequence[Any]


def fold(text: str) -> str:
    """The key under which emails and type names are compared: case ignored."""
    return text.casefold()


def to_epoch(instant: datetime) -> int:
    """Whole epoch seconds (sub-second parts are dropped). A naive datetime is a bug."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant.isoformat()} reached storage; pass aware")
    return math.floor(instant.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(int(seconds), UTC)


def workspace_from_row(row: Row) -> Workspace:
    id_, timezone, created_at, api_enabled = row
    return Workspace(
        id=id_,
        timezone=timezone,
        created_at=from_epoch(created_at),
        api_enabled=bool(api_enabled),
    )


def workspace_to_row(workspace: Workspace) -> dict[str, Any]:
    return {
        "id": workspace.id,
        "timezone": workspace.timezone,
        "created_at": to_epoch(workspace.created_at),
        "api_enabled": workspace.api_enabled,
    }


def member_from_row(row: Row) -> Member:
    id_, workspace_id, email, name, tz, slack_user_id, admin, active, external_id = row
    return Member(
        id=id_,
        workspace_id=workspace_id,
        email=email,
        name=name,
        tz=tz,
        slack_user_id=slack_user_id,
        admin=bool(admin),
        active=bool(active),
        external_id=external_id,
    )


def member_to_row(member: Member) -> dict[str, Any]:
    return {
        "id": member.id,
        "workspace_id": member.workspace_id,
        "email": member.email,
        "email_key": fold(member.email),
        "name": member.name,
        "tz": member.tz,
        "slack_user_id": member.slack_user_id,
        "admin": member.admin,
        "active": member.active,
        "external_id": member.external_id,
    }


def type_from_row(row: Row) -> UnavailabilityType:
    id_, workspace_id, name, kind, description, paid, private, archived = row
    return UnavailabilityType(
        id=id_,
        workspace_id=workspace_id,
        name=name,
        kind=Kind(kind),
        description=description,
        paid=bool(paid),
        private=bool(private),
        archived=bool(archived),
    )


def type_to_row(type_: UnavailabilityType) -> dict[str, Any]:
    return {
        "id": type_.id,
        "workspace_id": type_.workspace_id,
        "name": type_.name,
        "name_key": fold(type_.name),
        "kind": Kind(type_.kind).value,
        "description": type_.description,
        "paid": type_.paid,
        "private": type_.private,
        "archived": type_.archived,
    }


def record_from_row(row: Row) -> Unavailability:
    (id_, workspace_id, member_id, type_id, start, end, all_day, source, created_by) = row[:9]
    created_at, updated_at, name, changed_by, changed_via = row[9:]
    return Unavailability(
        id=id_,
        workspace_id=workspace_id,
        member_id=member_id,
        type_id=type_id,
        start=from_epoch(start),
        end=from_epoch(end),
        all_day=bool(all_day),
        source=source,
        created_by=created_by,
        created_at=from_epoch(created_at),
        updated_at=from_epoch(updated_at),
        name=name,
        changed_by=changed_by,
        changed_via=changed_via,
    )


def record_to_row(record: Unavailability) -> dict[str, Any]:
    return {
        "id": record.id,
        "workspace_id": record.workspace_id,
        "member_id": record.member_id,
        "type_id": record.type_id,
        "start_ts": to_epoch(record.start),
        "end_ts": to_epoch(record.end),
        "all_day": record.all_day,
        "source": record.source,
        "created_by": record.created_by,
        "created_at": to_epoch(record.created_at),
        "updated_at": to_epoch(record.updated_at),
        "name": record.name,
        "changed_by": record.changed_by,
        "changed_via": record.changed_via,
    }
