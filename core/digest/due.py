"""Digest subscriptions and which digests are due at `now` (docs/digest.md), free of any scheduler.

APScheduler only ticks once a minute; this module decides. For each subscription it looks
at the local dates of today and yesterday in the subscription's zone: a digest is due from
its local time (resolved with the DST rules: a time in a spring-forward gap moves on, an
ambiguous one takes its first occurrence, so each local date has exactly one instant) until
six hours later, and expired after that. Whether it was already posted is the claim's
business (a unique row per subscription and local date), not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from core.errors import InvalidDigestClock, LookaheadOutOfRange
from core.time.spans import resolve_local, zone

GRACE = timedelta(hours=6)
DEFAULT_LOOKAHEAD = 7
MAX_LOOKAHEAD = 31
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class Days(StrEnum):
    EVERY_DAY = "every day"
    WEEKDAYS = "weekdays"


@dataclass(frozen=True)
class Subscription:
    id: str
    workspace_id: str
    channel: str
    at: time
    zone: str
    days: Days = Days.EVERY_DAY
    rotations: tuple[str, ...] = ()  # empty: every rotation
    everyone: bool = False
    lookahead: int = DEFAULT_LOOKAHEAD
    created_by: str | None = None
    created_at: datetime | None = None  # slots before it are neither due nor missed
    handoffs: bool = False  # announce hand-offs in the channel (docs/alerts.md)
    mentions: bool = True  # name members with Slack mentions, so Slack notifies them

    def runs_on(self, day: date) -> bool:
        return self.days is Days.EVERY_DAY or day.weekday() < 5

    def instant(self, day: date) -> datetime:
        """When the digest of a local date is due: its local time, DST rules applied."""
        return resolve_local(datetime.combine(day, self.at), zone(self.zone))


@dataclass(frozen=True)
class Due:
    subscription: Subscription
    local_date: date
    scheduled: datetime


def due_digests(
    subscriptions: Iterable[Subscription], now: datetime
) -> tuple[list[Due], list[Due]]:
    """(due now: scheduled ≤ now < scheduled + 6 h, expired: missed by more than 6 h)."""
    due: list[Due] = []
    expired: list[Due] = []
    for subscription in subscriptions:
        today = now.astimezone(zone(subscription.zone)).date()
        for day in (today - timedelta(days=1), today):
            if not subscription.runs_on(day):
                continue
            scheduled = subscription.instant(day)
            if subscription.created_at is not None and scheduled < subscription.created_at:
                continue
            if scheduled <= now < scheduled + GRACE:
                due.append(Due(subscription, day, scheduled))
            elif scheduled + GRACE <= now:
                expired.append(Due(subscription, day, scheduled))
    return due, expired


def parse_clock(text: str) -> time:
    match = _CLOCK.match(text.strip())
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise InvalidDigestClock(text)
    return time(int(match.group(1)), int(match.group(2)))


def check_lookahead(days: int) -> int:
    if not 1 <= days <= MAX_LOOKAHEAD:
        raise LookaheadOutOfRange(str(days), MAX_LOOKAHEAD)
    return days


class ClaimStatus(StrEnum):
    CLAIMED = "claimed"
    POSTED = "posted"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Claim:
    """The one row per subscription and local date that makes a digest post once.

    `retaken` is true when an earlier holder's lease ran out before it finished: it may
    have posted, so the new holder looks for its message before posting again."""

    subscription_id: str
    local_date: date
    status: ClaimStatus
    holder: str
    lease_until: datetime
    retaken: bool = False
    message_ts: str | None = None
