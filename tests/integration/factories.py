"""Small builders of domain values for the integration tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.model import new_id
from core.people.model import Member, Workspace
from core.records.model import Kind, Unavailability, UnavailabilityType
from core.workspaces import create_workspace
from storage.repositories import SqlStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WS = "T0LOCAL"
OTHER_WS = "T0OTHER"


def at(day: int, hour: int = 0) -> datetime:
    """An instant in March 2026, UTC."""
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def workspace(store: SqlStore, workspace_id: str = WS) -> Workspace:
    value = Workspace(id=workspace_id, timezone=None, created_at=NOW)
    store.workspaces.add(value)
    return value


def member(
    store: SqlStore,
    email: str = "neva@example.com",
    *,
    workspace_id: str = WS,
    name: str = "Neva Streich",
    slack_user_id: str | None = None,
) -> Member:
    value = Member(
        id=new_id("mem"),
        workspace_id=workspace_id,
        email=email,
        name=name,
        tz="Europe/Madrid",
        slack_user_id=slack_user_id,
    )
    store.members.add(value)
    return value


def utype(
    store: SqlStore,
    name: str = "Time off",
    *,
    workspace_id: str = WS,
    kind: Kind = Kind.HARD,
    archived: bool = False,
) -> UnavailabilityType:
    value = UnavailabilityType(
        id=new_id("type"), workspace_id=workspace_id, name=name, kind=kind, archived=archived
    )
    store.types.add(value)
    return value


def record(
    store: SqlStore,
    who: Member,
    type_: UnavailabilityType,
    start: datetime,
    end: datetime | None = None,
    *,
    name: str | None = None,
) -> Unavailability:
    value = Unavailability(
        id=new_id("avail"),
        workspace_id=who.workspace_id,
        member_id=who.id,
        type_id=type_.id,
        start=start,
        end=end or start + timedelta(days=1),
        all_day=end is None,
        source="cli",
        created_by=None,
        created_at=NOW,
        updated_at=NOW,
        name=name,
    )
    store.unavailability.add(value)
    return value


def import_team(store: SqlStore) -> SqlStore:
    """The workspace the import tests load files into: neva, and otto (Otto Mann)."""
    create_workspace(store, WS, now=NOW)
    member(store, "neva@example.com")
    member(store, "otto@example.com", name="Otto Mann")
    return store
