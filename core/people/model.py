"""Frozen values of people: workspaces, members, and who acts (a member or the operator)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

LOCAL_WORKSPACE = "T0LOCAL"


@dataclass(frozen=True)
class Workspace:
    id: str
    timezone: str | None
    created_at: datetime
    api_enabled: bool = False  # the HTTP API's switch (docs/api.md), off until turned on


@dataclass(frozen=True)
class Member:
    id: str
    workspace_id: str
    email: str
    name: str
    tz: str | None
    slack_user_id: str | None = None
    admin: bool = False
    active: bool = True
    external_id: str | None = None  # the HR system's id (employee number), unique if set


@dataclass(frozen=True)
class Actor:
    """Who acts: a member with that member's rights, or the operator (`member is None`)."""

    member: Member | None = None

    @property
    def is_admin(self) -> bool:
        return self.member is None or self.member.admin

    @property
    def label(self) -> str:
        return "operator" if self.member is None else self.member.email

    @property
    def member_id(self) -> str | None:
        return None if self.member is None else self.member.id


OPERATOR = Actor()
