"""Where a person reads times: their own zone, else the workspace's, else UTC."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.people.model import Actor, Member, Workspace
from core.ports import Store
from core.time.spans import zone


def actors_zone(store: Store, workspace_id: str, actor: Actor) -> ZoneInfo:
    """The zone a refusal or notice for `actor` is told in: the member's own zone, else the
    workspace's (its schedules file's), else UTC (an operator without a member)."""
    if actor.member is not None and actor.member.tz:
        return zone(actor.member.tz)
    workspace = store.workspaces.get(workspace_id)
    return zone(workspace.timezone if workspace and workspace.timezone else "UTC")


def member_zone(member: Member | None, workspace: Workspace, fallback: str) -> ZoneInfo:
    """The zone text about `member` is read and shown in: the member's own, else the
    workspace's (its schedules file's), else `fallback` (AVAILBOT_TIMEZONE)."""
    if member is not None and member.tz:
        return zone(member.tz)
    return zone(workspace.timezone or fallback)
