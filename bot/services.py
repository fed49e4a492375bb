"""What listeners work with: the services main wires up, and one turn (who, where, when)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.config import Settings
from bot.slack_api import profile_by_email, user_profile
from core.errors import UnknownSlackUser
from core.people.directory import member_for_profile
from core.people.members import find_member
from core.people.model import Actor, Member, Workspace
from core.people.permissions import with_configured_admins
from core.people.zones import member_zone
from core.ports import AppStore, Clock
from core.workspaces import connect_workspace


@dataclass(frozen=True)
class Services:
    store: AppStore
    settings: Settings
    client: WebClient
    clock: Clock
    executor: Executor | None = None  # the listener threads; None runs work inline
    sleep: Callable[[float], None] = time.sleep  # availbot's own pauses between retries


@dataclass(frozen=True)
class Turn:
    """One request: the workspace, the member acting (with their rights) and `now`."""

    services: Services
    workspace: Workspace
    actor: Actor
    now: datetime

    @property
    def store(self) -> AppStore:
        return self.services.store

    @property
    def ws(self) -> str:
        return self.workspace.id

    @property
    def me(self) -> Member:
        assert self.actor.member is not None
        return self.actor.member

    @property
    def date_order(self) -> str:
        return self.services.settings.date_order

    def zone_of(self, member: Member | None) -> ZoneInfo:
        """The member's zone, else the workspace's, else AVAILBOT_TIMEZONE."""
        return member_zone(member, self.workspace, self.services.settings.timezone)

    def member(self, slack_user_id: str) -> Member:
        """The member behind a Slack user id, looked up in Slack on first sight."""
        return member_of(self.services, self.ws, slack_user_id)

    def lookup_email(self, email: str) -> Member | None:
        """A member the directory lacks, found in Slack by email (users.lookupByEmail) and
        added; None when Slack has no such person (or only a bot or deactivated user)."""
        profile = profile_by_email(self.services.client, email)
        if profile is None or not profile.is_person or profile.deleted:
            return None
        return member_for_profile(self.store, self.ws, profile, _admins(self.services))

    def find(self, who: str) -> Member:
        """A member named by a mention's user id or an email."""
        return self.member(who) if "@" not in who else find_member(self.store, self.ws, who)


def turn_for(services: Services, team_id: str, user_id: str) -> Turn:
    now = services.clock()
    workspace = connect_workspace(services.store, team_id, now=now)
    member = member_of(services, workspace.id, user_id)
    return Turn(services, workspace, Actor(with_configured_admins(member, _admins(services))), now)


def member_of(services: Services, workspace_id: str, slack_user_id: str) -> Member:
    known = services.store.members.by_slack_id(workspace_id, slack_user_id)
    if known is not None:
        return known
    profile = user_profile(services.client, slack_user_id)
    if profile is None:
        raise UnknownSlackUser(slack_user_id)
    return member_for_profile(services.store, workspace_id, profile, _admins(services))


def _admins(services: Services) -> tuple[str, ...]:
    return services.settings.admins
