"""The feeds tick: every minute, sync the enabled feeds whose interval has come round, each
once across instances (a claim per feed and slot, core/imports/feed_sources.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.config import Settings
from bot.feeds.fetch import fetch_feed
from core.imports.feed_sources import FeedSync, sync_due
from core.ports import FeedStore
from core.workspaces import workspace_zone

log = logging.getLogger("availbot.feeds")


def feeds_tick(
    store: FeedStore, settings: Settings, holder: str, clock: Callable[[], datetime]
) -> list[FeedSync]:
    """Sync the due feeds; a failing feed is logged once per try and keeps its records."""
    zones = {ws.id: workspace_zone(ws, settings.timezone) for ws in store.workspaces.list_all()}
    allow = settings.feeds_allow_private
    done = sync_due(
        store,
        fetch=lambda url: fetch_feed(url, allow_private=allow),
        holder=holder,
        now=clock(),
        zones=zones,
    )
    for result in done:
        if result.error is not None:
            log.error(
                "feed %s failed unexpectedly (the other feeds go on)",
                result.feed.name,
                exc_info=result.error,
            )
        elif not result.ok:
            log.warning("feed %s not synced: %s", result.feed.name, result.feed.last_why)
    return done
