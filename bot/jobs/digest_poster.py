"""The way out to Slack for what availbot posts on its own clock (the digest, and everything the
outbox claims: core/alerts/outbox.py's Poster): post with metadata naming it, and find it again
after a crash."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack_api import (
    BlocksRefused,
    ChannelArchived,
    ChannelNotFound,
    NotAuthorized,
    NotInChannel,
    RateLimited,
    slack_error,
)
from core.errors import PostFailed

EVENT_TYPE = "availbot_digest"
HISTORY_PAGES = 50  # 10,000 messages since the slot; beyond that availbot says it is unsure
# Refusals after which Slack surely did not post: safe to retry on the next tick.
_NOT_POSTED = (
    NotInChannel,
    ChannelNotFound,
    ChannelArchived,
    BlocksRefused,
    RateLimited,
    NotAuthorized,
)
log = logging.getLogger("availbot.digest")


class SlackDigestPoster:
    """Posts carry `event_type` (the digest's by default; alerts and DMs name their own)."""

    def __init__(self, client: WebClient, event_type: str = EVENT_TYPE) -> None:
        self.client = client
        self.event_type = event_type

    def post(self, channel: str, message: dict[str, Any], *, key: str) -> str:
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=message["text"],
                blocks=message["blocks"],
                metadata={"event_type": self.event_type, "event_payload": {"key": key}},
                unfurl_links=False,
            )
        except SlackApiError as exc:
            refused = slack_error("chat.postMessage", exc)
            if isinstance(refused, BlocksRefused) and message.get("blocks"):
                log.error(
                    "Slack refused the digest's blocks (%s); posting its text alone", refused.error
                )
                return self.post(channel, {"text": message["text"], "blocks": None}, key=key)
            certain = isinstance(refused, _NOT_POSTED) or exc.response.status_code == 429
            # Chained, so a listener can tell the person why (e.g. invite the bot first).
            raise PostFailed(
                f"chat.postMessage: {refused.error}",
                certain=certain,
                retry_after=_retry_after(exc),
            ) from refused
        except (SlackClientError, OSError) as exc:
            raise PostFailed(f"chat.postMessage: {exc}", certain=False) from exc
        return str(response["ts"])

    def find(self, channel: str, *, key: str, since: datetime) -> str | None:
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            try:
                page = self.client.conversations_history(
                    channel=channel,
                    oldest=str(since.timestamp() - 60),
                    include_all_metadata=True,
                    limit=200,
                    cursor=cursor,
                )
            except (SlackClientError, OSError) as exc:
                # Unsure whether it was posted: better a late retry than a double post.
                raise PostFailed(f"conversations.history: {exc}", certain=False) from exc
            for item in page.get("messages") or []:
                metadata = item.get("metadata") or {}
                if metadata.get("event_payload", {}).get("key") == key:
                    return str(item["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return None
        # Not read to the end: "not found" would risk a second post; keep the claim instead.
        raise PostFailed("conversations.history: too many messages to check", certain=False)


def _retry_after(exc: SlackApiError) -> float | None:
    """The seconds Slack asked to wait before trying again (HTTP 429), if it said."""
    headers = {k.lower(): v for k, v in (exc.response.headers or {}).items()}
    value = headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
