"""Direct messages on availbot's clock, each claimed in the outbox first (core/alerts/outbox.py):
a member's DM channel is opened once per process, a message sent once ever."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackClientError

from bot.jobs.digest_poster import SlackDigestPoster
from bot.services import Services
from bot.slack_api import SlackUnavailable, open_dm
from core.alerts.outbox import OutboxState, Outcome, send_once
from core.people.model import Member

DM_EVENT = "availbot_dm"
log = logging.getLogger("availbot.alerts")


class DirectMessages:
    def __init__(self, services: Services, holder: str) -> None:
        self.services = services
        self.holder = holder
        self.poster = SlackDigestPoster(services.client, event_type=DM_EVENT)
        self._channels: dict[str, str] = {}

    def send(
        self,
        kind: str,
        key: str,
        member: Member,
        render: Callable[[], dict[str, Any]],
        *,
        now: datetime,
    ) -> bool:
        """Send (kind, key) to the member unless anyone ever has; True once it is sent, now or
        before. A key already sent costs one read: no Slack call, no claim."""
        store = self.services.store
        entry = store.outbox.get(kind, key)
        if entry is not None and entry.state is OutboxState.SENT:
            return True
        channel = self._channel(member)
        if channel is None:
            return False
        sending = send_once(
            store,
            self.poster,
            kind=kind,
            key=key,
            workspace_id=member.workspace_id,
            channel=channel,
            render=render,
            holder=self.holder,
            now=now,
        )
        return sending.outcome in (Outcome.SENT, Outcome.FOUND)

    def _channel(self, member: Member) -> str | None:
        user = member.slack_user_id
        if user is None:
            return None
        if user not in self._channels:
            try:
                self._channels[user] = open_dm(self.services.client, user)
            except (SlackUnavailable, SlackClientError, OSError) as exc:
                # nothing was claimed: the next tick tries again
                log.warning("could not open a DM with %s: %s", user, exc)
                return None
        return self._channels[user]
