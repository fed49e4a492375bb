"""The one-minute digest tick: core decides what is due, a claim makes it once."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable
from typing import Any

from bot.blocks.digest import build_digest
from bot.jobs.digest_poster import SlackDigestPoster
from bot.services import Services
from core.digest.compose import compose_digest
from core.digest.delivery import Delivery, deliver, skip_expired
from core.digest.due import Due, due_digests

log = logging.getLogger("availbot.digest")


def instance_name() -> str:
    """Who holds a claim: this host and process, plus a random part for restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def digest_tick(services: Services, holder: str) -> list[Delivery]:
    """Post every digest due now that nobody else is posting; record the ones missed."""
    store, now = services.store, services.clock()
    due, expired = due_digests(store.digests.subscriptions(), now)
    skip_expired(store, expired, now=now)
    poster = SlackDigestPoster(services.client)
    results = []
    for item in due:
        try:
            # each claim reads the clock afresh: earlier posts may have taken a while
            results.append(
                deliver(
                    store,
                    poster,
                    item,
                    holder=holder,
                    now=services.clock(),
                    render=_render(services, item),
                )
            )
        except Exception:  # one broken digest must not hold up the others; its claim's
            # lease runs out and the next tick looks for it in the channel before retrying
            log.exception("digest for %s on %s failed", item.subscription.channel, item.local_date)
            results.append(Delivery.FAILED)
    return results


def _render(services: Services, item: Due) -> Callable[[], dict[str, Any]]:
    def render() -> dict[str, Any]:
        digest = compose_digest(
            services.schedules, item.subscription, item.local_date, now=services.clock()
        )
        return build_digest(digest)

    return render
