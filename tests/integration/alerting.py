"""What the alert engine's tests share: a team with a rotation and a subscribed channel, and
a Slack that keeps every channel message (its posts, edits and metadata) in memory."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.blocks.alerts import build_gap_alert
from core.alerts.engine import AlertRun, run_alerts
from core.digest.due import Subscription
from core.errors import PostFailed
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR, Member
from core.schedules.file import apply_schedules
from core.workspaces import create_workspace
from storage.repositories import SqlStore

WS = "T0LOCAL"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # Monday; primary hands off at 09:00 Madrid
PEOPLE = (("ann", "UANN"), ("bob", "UBOB"), ("carol", "UCAROL"), ("dan", "UDAN"))


def schedule(members: tuple[str, ...] = ("ann", "bob", "carol"), shift: str = "1w") -> str:
    listed = ", ".join(f'"{m}@example.com"' for m in members)
    return f"""
timezone = "Europe/Madrid"
[[rotation]]
name = "primary"
shift = "{shift}"
handoff = "{"mon 09:00" if shift.endswith("w") else "09:00"}"
start = "2026-02-23"
members = [{listed}]
"""


def make_team(store: SqlStore, *, lookahead: int = 7, mentions: bool = True) -> dict[str, Member]:
    """Ann, Bob, Carol on `primary` (Ann this week from Mon 23 Feb, Bob from Mon 2 Mar …),
    Dan on no rotation; channel C1 subscribed (every rotation, 7 days ahead)."""
    create_workspace(store, WS, now=NOW)
    people = {
        name: add_member(
            store,
            OPERATOR,
            WS,
            NewMember(f"{name}@example.com", name.title(), "Europe/Madrid", slack_id),
        )
        for name, slack_id in PEOPLE
    }
    apply_schedules(store, OPERATOR, workspace_id=WS, text=schedule(), fallback_zone="UTC", now=NOW)
    store.digests.save(subscription(lookahead=lookahead, mentions=mentions))
    return people


def subscription(**changes: Any) -> Subscription:
    from datetime import time

    values: dict[str, Any] = {
        "id": "sub_1",
        "workspace_id": WS,
        "channel": "C1",
        "at": time(9),
        "zone": "Europe/Madrid",
        "created_at": NOW - timedelta(days=30),
    }
    return Subscription(**(values | changes))


@dataclass
class Message:
    channel: str
    key: str
    text: str
    blocks: list[dict[str, Any]]
    edits: int = 0

    @property
    def open(self) -> bool:
        """Whether it still offers I'll cover (an open gap)."""
        return any("accessory" in b for b in self.blocks)


@dataclass
class FakeSlack:
    """Channel messages by ts; `fail_posts` fails the next posts (a PostFailed, or "drop":
    posted, then the answer lost), `fail_updates` the next edits."""

    messages: dict[str, Message] = field(default_factory=dict)
    fail_posts: list[PostFailed | str] = field(default_factory=list)
    fail_updates: list[PostFailed] = field(default_factory=list)
    posts: int = 0
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def post(self, channel: str, message: dict[str, Any], *, key: str) -> str:
        failure = self.fail_posts.pop(0) if self.fail_posts else None
        if isinstance(failure, PostFailed):
            raise failure
        ts = f"{next(self._ts)}.000"
        self.posts += 1
        self.messages[ts] = Message(channel, key, message["text"], message.get("blocks") or [])
        if failure == "drop":
            raise PostFailed("chat.postMessage: connection dropped", certain=False)
        return ts

    def find(self, channel: str, *, key: str, since: datetime) -> str | None:
        return next((ts for ts, m in self.messages.items() if m.key == key), None)

    def update(self, channel: str, ts: str, message: dict[str, Any]) -> bool:
        if self.fail_updates:
            raise self.fail_updates.pop(0)
        if ts not in self.messages:
            return False
        old = self.messages[ts]
        self.messages[ts] = Message(
            channel, old.key, message["text"], message.get("blocks") or [], old.edits + 1
        )
        return True

    def open_messages(self) -> list[Message]:
        return [m for m in self.messages.values() if m.open]


def tick(store: SqlStore, slack: FakeSlack, now: datetime = NOW, holder: str = "a") -> AlertRun:
    return run_alerts(
        store, slack, build_gap_alert, workspace_id=WS, holder=holder, clock=lambda: now
    )
