"""Posting a due digest exactly once: claim the date, look before re-posting, post, record."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from core.digest.due import Due
from core.errors import PostFailed
from core.ports import DigestStore

# Far longer than one post may take: the client times out after 10 s and retries a few
# times (Retry-After included), so a holder that is still alive never loses its claim.
LEASE = timedelta(minutes=10)
log = logging.getLogger("availbot.digest")


class DigestPoster(Protocol):
    def post(self, channel: str, message: dict[str, Any], *, key: str) -> str:
        """Post with `key` in the message metadata; the message ts. Raises PostFailed."""
        ...

    def find(self, channel: str, *, key: str, since: datetime) -> str | None:
        """The ts of a message carrying `key` posted since then, if any."""
        ...


class Delivery(StrEnum):
    POSTED = "posted"
    FOUND = "found"  # an earlier holder had posted it; recorded, not posted again
    HELD = "held"  # claimed elsewhere, or done already
    FAILED = "failed"


def digest_key(due: Due) -> str:
    return f"{due.subscription.id}:{due.local_date.isoformat()}"


def deliver(
    store: DigestStore,
    poster: DigestPoster,
    due: Due,
    *,
    holder: str,
    now: datetime,
    render: Callable[[], dict[str, Any]],
    lease: timedelta = LEASE,
) -> Delivery:
    """Post one due digest unless it is (being) posted by anyone else, ever."""
    sub, day = due.subscription, due.local_date
    claim = store.digests.claim(sub.id, day, holder=holder, now=now, lease=lease)
    if claim is None:
        return Delivery.HELD
    key = digest_key(due)
    try:
        if claim.retaken:
            found = poster.find(sub.channel, key=key, since=due.scheduled)
            if found is not None:
                store.digests.posted(sub.id, day, holder=holder, message_ts=found)
                return Delivery.FOUND
        ts = poster.post(sub.channel, render(), key=key)
    except PostFailed as failure:
        if failure.certain:
            store.digests.release(sub.id, day, holder=holder)
        log.warning("digest %s for %s not posted: %s", key, sub.channel, failure.message)
        return Delivery.FAILED
    store.digests.posted(sub.id, day, holder=holder, message_ts=ts)
    return Delivery.POSTED


def skip_expired(store: DigestStore, expired: list[Due], *, now: datetime) -> list[Due]:
    """Record digests missed by more than 6 hours (logged once each); the newly skipped."""
    skipped = [e for e in expired if store.digests.skip(e.subscription.id, e.local_date, now=now)]
    for item in skipped:
        log.warning(
            "digest %s for %s skipped: missed its %s slot by more than 6 hours",
            digest_key(item),
            item.subscription.channel,
            item.scheduled.isoformat(),
        )
    return skipped
