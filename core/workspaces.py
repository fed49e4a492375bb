"""Opening a workspace: the one to act in, a new one with its default types, and a Slack team
adopting the local workspace. Above records, because a workspace starts with its catalogue."""

from __future__ import annotations

from datetime import datetime

from core.errors import SeveralWorkspaces, UnknownWorkspace
from core.model import new_id
from core.people.model import LOCAL_WORKSPACE, Workspace
from core.ports import Store
from core.records.model import Kind, UnavailabilityType

DEFAULT_TYPES: tuple[tuple[str, Kind, bool, bool, str], ...] = (
    ("Time off", Kind.HARD, True, False, "Holidays and other planned leave"),
    ("Sick", Kind.HARD, True, True, "Sick leave (shown as Away to others)"),
    ("Training", Kind.HARD, False, False, "Courses and conferences"),
    ("Prefer not on call", Kind.SOFT, False, False, "Would rather not be on call"),
    ("Volunteer for on-call", Kind.WANTS_PAGER, False, False, "Happy to take on-call shifts"),
)


def create_workspace(store: Store, workspace_id: str, *, now: datetime) -> Workspace:
    """A new workspace with the default types of docs/records.md."""
    workspace = Workspace(id=workspace_id, timezone=None, created_at=now)
    with store.transaction():
        store.workspaces.add(workspace)
        for name, kind, paid, private, description in DEFAULT_TYPES:
            store.types.add(
                UnavailabilityType(
                    id=new_id("type"),
                    workspace_id=workspace_id,
                    name=name,
                    kind=kind,
                    description=description,
                    paid=paid,
                    private=private,
                )
            )
    return workspace


def resolve_workspace(store: Store, requested: str | None, *, now: datetime) -> Workspace:
    """The workspace to act in: the one asked for, else the only one, else a new `T0LOCAL`."""
    if requested:
        found = store.workspaces.get(requested)
        if found is None:
            raise UnknownWorkspace(requested)
        return found
    existing = store.workspaces.list_all()
    if len(existing) == 1:
        return existing[0]
    if existing:
        raise SeveralWorkspaces([w.id for w in existing])
    return create_workspace(store, LOCAL_WORKSPACE, now=now)


def workspace_zone(workspace: Workspace, fallback: str) -> str:
    """The workspace's zone: its schedules file's, else the configured default."""
    return workspace.timezone or fallback


def connect_workspace(store: Store, team_id: str, *, now: datetime) -> Workspace:
    """The Slack team's workspace. A database holding only the local workspace `T0LOCAL` is
    adopted by the team (every row moves over); otherwise a new workspace is created."""
    found = store.workspaces.get(team_id)
    if found is not None:
        return found
    with store.transaction():
        if [w.id for w in store.workspaces.list_all()] == [LOCAL_WORKSPACE]:
            store.workspaces.adopt(LOCAL_WORKSPACE, team_id)
    return store.workspaces.get(team_id) or create_workspace(store, team_id, now=now)
