"""The member directory from Slack: connect the team's workspace (adopting T0LOCAL), sync."""

from __future__ import annotations

import logging

from bot.services import Services
from bot.slack_api import SlackUnavailable, list_profiles, team_id
from core.errors import Conflict, DatabaseUnavailable
from core.people.directory import SyncPlan, sync_members
from core.people.model import Workspace
from core.workspaces import connect_workspace

log = logging.getLogger(__name__)


def connect(services: Services) -> Workspace:
    """The Slack team's workspace (auth.test names the team)."""
    team = team_id(services.client)
    return connect_workspace(services.store, team, now=services.clock())


def sync_directory(services: Services) -> tuple[Workspace, SyncPlan]:
    """Every person in Slack into the directory: added, updated, linked or deactivated."""
    workspace = connect(services)
    profiles = list(list_profiles(services.client))
    plan = sync_members(services.store, workspace.id, profiles, services.settings.admins)
    log.info("directory sync of %s: %s", workspace.id, plan.summary)
    return workspace, plan


def sync_quietly(services: Services) -> None:
    """A scheduled sync: Slack or the database being unreachable is logged and tried again
    next time. So is a conflict (a member added meanwhile): another instance (a `serve`
    starting, a cron `availbot tick`) was syncing the same people at the same moment."""
    try:
        sync_directory(services)
    except (SlackUnavailable, DatabaseUnavailable, Conflict) as exc:
        log.warning("directory sync skipped: %s", exc.message)
    finally:
        services.store.close()  # this thread's connection; the next run opens its own
