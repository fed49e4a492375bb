"""What every command handler receives: the store, the workspace, who acts, and now."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Settings
from core.people.model import Actor, Member, Workspace
from core.people.zones import member_zone
from core.time.spans import local_midnight
from storage.repositories import SqlStore


@dataclass(frozen=True)
class Output:
    """A command's result: JSON for `--json` (bot.words.jsonstream may write it as it is
    made), text for people (made only when shown, when given as a function), the exit
    status."""

    json: Any
    text: str | Callable[[], str]
    status: int = 0

    def words(self) -> str:
        return self.text() if callable(self.text) else self.text


@dataclass(frozen=True)
class Context:
    store: SqlStore
    settings: Settings
    workspace: Workspace
    actor: Actor
    now: datetime

    @property
    def ws(self) -> str:
        return self.workspace.id

    def zone_of(self, member: Member | None) -> ZoneInfo:
        """The member's zone, else the workspace's, else the configured default."""
        return member_zone(member, self.workspace, self.settings.timezone)

    def window(
        self, first: date | None, last: date | None, tz: ZoneInfo
    ) -> tuple[datetime | None, datetime | None]:
        """Inclusive local dates as the half-open instants they cover."""
        start = local_midnight(first, tz) if first else None
        end = local_midnight(last + timedelta(days=1), tz) if last else None
        return start, end


Runner = Callable[[argparse.Namespace, Settings, datetime], Output]
"""A command that opens what it needs itself (db upgrade, demo, serve)."""
