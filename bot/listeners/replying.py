"""Acknowledge at once, answer later: and the one place where a refusal becomes words.

Every command and button is registered as `ack=acknowledge, lazy=[work]` on an app with
`process_before_response=True`: the HTTP response is the bare acknowledgement (no thread
hand-off, no polling), and `work` runs on the listener threads afterwards, handing its
slow part to `reply_with`, which posts the message (or the refusal) to the response_url.
Nothing escapes into Bolt (in slack-bolt 1.30 a listener that raises within ~10 ms of
`ack()` in the default mode has its acknowledgement reset: Slack would see a 404).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_bolt import Ack, Respond
from slack_sdk.errors import SlackApiError

from bot.blocks.kit import Message
from bot.blocks.replies import build_error
from core.errors import AvailbotError

log = logging.getLogger(__name__)
T = TypeVar("T")
UNEXPECTED = (
    "Something went wrong on availbot's side and nothing was changed. "
    "Try again; if it keeps happening, tell whoever runs availbot (the logs say why)."
)


def acknowledge(ack: Ack) -> None:
    """The whole synchronous part of a command or button: an empty acknowledgement."""
    ack()


@dataclass(frozen=True)
class Refusal:
    """Why `work` was refused, in words; `error` is None when the failure was unexpected."""

    words: str
    error: AvailbotError | None = None


def settle(work: Callable[[], T]) -> T | Refusal:
    """Run `work`: its result, or the refusal in words (the unexpected ones logged)."""
    try:
        return work()
    except AvailbotError as exc:
        return Refusal(exc.message, exc)
    except Exception:  # the one catch-all: log it, tell the person, change nothing more
        log.exception("unexpected error while answering a Slack request")
        return Refusal(UNEXPECTED)


def reply_with(respond: Respond, work: Callable[[], tuple[Message, dict[str, Any]] | None]) -> None:
    """Run `work` (a message and respond options, or None when it has nothing to say, e.g.
    it opened a modal), answer ephemerally; refusals in words."""
    outcome = settle(work)
    if outcome is None:
        return
    options: dict[str, Any] = {"replace_original": False}
    if isinstance(outcome, Refusal):
        reply = build_error(outcome.words)
    else:
        reply, options = outcome
    try:
        respond(response_type="ephemeral", **options, **reply)
    except (SlackApiError, OSError) as exc:
        log.warning("could not answer through response_url: %s", exc)


def log_error(error: Exception, body: dict[str, Any]) -> None:
    """Bolt's error handler, for anything outside `reply_with` (e.g. events)."""
    what = body.get("command") or body.get("type")
    log.error("unexpected error handling %s", what, exc_info=error)
