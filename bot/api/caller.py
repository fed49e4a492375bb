"""Who calls: the key, its workspace, the member it acts as (with their rights), and now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias
from zoneinfo import ZoneInfo

import falcon

from bot.config import Settings
from core.access.model import ApiKey
from core.people.model import Actor, Member, Workspace
from core.people.zones import member_zone
from core.ports import ApiStore, Clock

ApiApp: TypeAlias = "falcon.App[falcon.Request, falcon.Response]"


@dataclass(frozen=True)
class ApiServices:
    """What every resource works with: the store, the settings and the clock."""

    store: ApiStore
    settings: Settings
    clock: Clock


@dataclass(frozen=True)
class Caller:
    """One authenticated request."""

    services: ApiServices
    key: ApiKey
    workspace: Workspace
    actor: Actor
    now: datetime

    @property
    def store(self) -> ApiStore:
        return self.services.store

    @property
    def ws(self) -> str:
        return self.workspace.id

    def zone_of(self, member: Member | None) -> ZoneInfo:
        """The member's zone, else the workspace's, else AVAILBOT_TIMEZONE."""
        return member_zone(member, self.workspace, self.services.settings.timezone)

    @property
    def workspace_zone(self) -> ZoneInfo:
        return self.zone_of(None)


def public_base(services: ApiServices, req: falcon.Request) -> str:
    """The address links in answers start with: AVAILBOT_PUBLIC_URL when set (behind a
    reverse proxy the request's own scheme is the proxy's, `http`), else the request's."""
    return services.settings.public_url or req.prefix
