"""Use cases for workspaces: creating one with its default types, finding the one to act in."""

from __future__ import annotations

from datetime import datetime

from core.errors import UnknownWorkspace, UsageError
from core.model import LOCAL_WORKSPACE, Kind, UnavailabilityType, Workspace, new_id
from core.ports import Store

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
            raise UnknownWorkspace(
                f"No workspace {requested!r} in this database. "
                "Leave out --workspace to use the only one."
            )
        return found
    existing = store.workspaces.list_all()
    if len(existing) == 1:
        return existing[0]
    if existing:
        names = ", ".join(w.id for w in existing)
        raise UsageError(
            f"This database holds several workspaces ({names}); pick one with --workspace."
        )
    return create_workspace(store, LOCAL_WORKSPACE, now=now)


def workspace_zone(workspace: Workspace, fallback: str) -> str:
    """The workspace's zone: its schedules file's, else the configured default."""
    return workspace.timezone or fallback
