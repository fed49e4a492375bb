"""The exactly-once sending ledger (docs/alerts.md#exactly-once): a claim per (kind, key).

Everything availbot sends on its own clock (coverage alerts, hand-offs, DMs, reminders) is
claimed here first. A claim is one row per (kind, key) taken by a single statement, so two
instances (or a `serve` and an `availbot tick`) can never both hold it:

    (none) ──claim──▶ claimed ──sent──▶ sent            (never claimable again)
                         │  ▲
                 release │  │ claim (after `retry_at`; or after the lease, if the
                         ▼  │        holder vanished)
                      released

A holder that may have sent (Slack's answer was lost, or its lease ran out) leaves the row
`maybe_sent`, and every later claimer looks for the message (by the key in its metadata)
before sending again: `send_once` does all of that. A claim also serves as a turn: taken,
worked under (`renew` says whether it is still ours), released.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from core.errors import PostFailed
from core.ports import OutboxStore

# Far longer than one send may take: the Slack client times out after 10 s and retries a
# 429 a few times after Retry-After, so a holder that is alive never loses its claim.
LEASE = timedelta(minutes=10)
# After an unclear failure nothing is sent at once: the next try, no sooner than this, first
# looks in the conversation for the message Slack may have taken.
UNSURE_RETRY = timedelta(minutes=1)
BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
# 2**6 minutes passes MAX_BACKOFF: the exponent stops there, so days of refusals never
# overflow a timedelta.
_MAX_DOUBLINGS = 7
log = logging.getLogger("availbot.outbox")


class OutboxState(StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    RELEASED = "released"


@dataclass(frozen=True)
class OutboxClaim:
    """A claim just taken. `maybe_sent`: an earlier holder may have sent it, so look for
    the message before sending. `first_claimed` is when anyone first claimed the key."""

    kind: str
    key: str
    holder: str
    lease_until: datetime
    maybe_sent: bool
    attempts: int
    first_claimed: datetime


@dataclass(frozen=True)
class OutboxEntry:
    """A row of the ledger as stored; `channel` and `ts` once sent."""

    kind: str
    key: str
    workspace_id: str
    state: OutboxState
    holder: str
    lease_until: datetime
    maybe_sent: bool
    attempts: int
    retry_at: datetime | None
    channel: str | None
    ts: str | None
    created_at: datetime
    updated_at: datetime


class Poster(Protocol):
    """The way out to Slack (bot/jobs/poster.py): post with the ledger's key in the
    message's metadata, and find such a message again."""

    def post(self, channel: str, message: dict[str, Any], *, key: str) -> str:
        """Post with `key` in the metadata; the message ts. Raises PostFailed."""
        ...

    def find(self, channel: str, *, key: str, since: datetime) -> str | None:
        """The ts of a message carrying `key` posted since then, if any. Raises PostFailed
        (not certain) when it cannot tell."""
        ...


class Outcome(StrEnum):
    SENT = "sent"
    FOUND = "found"  # an earlier holder had sent it: recorded, not sent again
    HELD = "held"  # sent already, or someone else is sending it, or not due for a retry
    FAILED = "failed"  # not sent this time; the next claim after `retry_at` tries again


@dataclass(frozen=True)
class Sending:
    outcome: Outcome
    channel: str | None = None
    ts: str | None = None


def metadata_key(kind: str, key: str) -> str:
    """What the message's metadata carries, unique across kinds."""
    return f"{kind}:{key}"


def send_once(
    store: OutboxStore,
    poster: Poster,
    *,
    kind: str,
    key: str,
    workspace_id: str,
    channel: str,
    render: Callable[[], dict[str, Any]],
    holder: str,
    now: datetime,
    lease: timedelta = LEASE,
) -> Sending:
    """Send the message of (kind, key) to `channel` unless it is sent, or being sent, by
    anyone else, ever. `channel` may be a DM's channel id; `render` runs only when sending."""
    claim = store.outbox.claim(
        kind, key, workspace_id=workspace_id, holder=holder, now=now, lease=lease
    )
    if claim is None:
        return Sending(Outcome.HELD)
    tag = metadata_key(kind, key)
    try:
        if claim.maybe_sent:
            found = poster.find(channel, key=tag, since=claim.first_claimed)
            if found is not None:
                store.outbox.sent(kind, key, holder=holder, channel=channel, ts=found, now=now)
                return Sending(Outcome.FOUND, channel, found)
        message = render()
        ts = poster.post(channel, message, key=tag)
    except PostFailed as failure:
        give_back(store, claim, failure, now=now)
        log.warning("%s not sent to %s: %s", tag, channel, failure.message)
        return Sending(Outcome.FAILED)
    store.outbox.sent(kind, key, holder=holder, channel=channel, ts=ts, now=now)
    return Sending(Outcome.SENT, channel, ts)


def give_back(
    store: OutboxStore, claim: OutboxClaim, failure: PostFailed, *, now: datetime
) -> None:
    """Release a claim after a failed send. Slack surely did not take it: claimable after
    its Retry-After, else at once the first time, then after 1, 2, 4 … minutes (at most an
    hour: a channel the bot is not in is not asked every minute). Else marked `maybe_sent`,
    for a look before the next try, no sooner than UNSURE_RETRY."""
    if not failure.certain:
        wait = UNSURE_RETRY
    elif failure.retry_after is not None:
        wait = timedelta(seconds=failure.retry_after)
    else:
        doublings = min(claim.attempts - 1, _MAX_DOUBLINGS)
        wait = min(BACKOFF * (2**doublings // 2), MAX_BACKOFF)
    store.outbox.release(
        claim.kind,
        claim.key,
        holder=claim.holder,
        now=now,
        maybe_sent=not failure.certain,
        retry_at=now + wait,
    )
