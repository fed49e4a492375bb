"""Acknowledge at once, answer later: and the one place where a refusal becomes words.

Every command, button and event is registered as `deferred(services, work)` on an app with
`process_before_response=True`: the listener acknowledges, hands `work` to the listener
threads and returns, so the HTTP response is the bare acknowledgement; `work` hands its
slow part to `reply_with`, which posts the message (or the refusal) to the response_url.
Nothing escapes into Bolt (in slack-bolt 1.30 a listener that raises within ~10 ms of
`ack()` in the default mode has its acknowledgement reset: Slack would see a 404).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_bolt import Ack, Respond
from slack_sdk.errors import SlackApiError

from bot.blocks.kit import Message
from bot.blocks.replies import build_error
from bot.services import Services
from bot.slack_api import ChannelNotFound, NotInChannel
from core.errors import (
    AmbiguousRotation,
    ArchivedType,
    AvailbotError,
    GapAlreadyCovered,
    NoCoverChannel,
    NoDigestHere,
    PostFailed,
    UnknownRotation,
    UnknownUnavailability,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
UNEXPECTED = (
    "Something went wrong on availbot's side and nothing was changed. "
    "Try again; if it keeps happening, tell whoever runs availbot (the logs say why)."
)


def deferred(services: Services, work: Callable[..., None]) -> Callable[..., None]:
    """A listener that acknowledges, then hands `work(body[, respond])` to the listener
    threads. Bolt's own lazy listeners deep-copy the whole request, Web API client included,
    for every call: about 3.5 ms of CPU that the next acknowledgement waits behind."""
    wants_respond = "respond" in inspect.signature(work).parameters

    def listener(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        args = (body, respond) if wants_respond else (body,)
        if services.executor is None:
            _logged(work, *args)
        else:
            services.executor.submit(_logged, work, *args)

    return listener


def _logged(work: Callable[..., None], *args: Any) -> None:
    """An executor swallows what a task raises: say it in the log instead."""
    try:
        work(*args)
    except Exception:
        log.exception("unexpected error in work after an acknowledgement")


# What to do next in Slack, for the refusals whose fix is a command: core says what and why,
# the Slack app says which of its commands (the CLI has its own, in bot/cli/__init__.py).
_HINTS: dict[type[AvailbotError], Callable[[Any], str]] = {
    UnknownUnavailability: lambda e: "`/unavailable list` shows the ids.",
    UnknownRotation: lambda e: (
        "An admin defines rotations with `/oncall new` or `availbot schedules apply FILE.toml`."
    ),
    ArchivedType: lambda e: f"An admin restores it with `/unavailable types restore {e.name}`.",
    GapAlreadyCovered: lambda e: (
        "" if e.over else f"`/oncall {e.rotation}` shows who is on call now."
    ),
    NoDigestHere: lambda e: "Set one up with `/unavailable digest at 09:00` first.",
    NoCoverChannel: lambda e: (
        "An admin sets one up in the team's channel with "
        f"`/unavailable digest at 09:00 rotations={e.rotation}`."
    ),
    AmbiguousRotation: lambda e: f"For example `/oncall cover me fri {e.names[0]}`.",
    NotInChannel: lambda e: "Invite me with `/invite @availbot`, then try again.",
    ChannelNotFound: lambda e: "Invite me with `/invite @availbot`, then try again.",
    PostFailed: lambda e: "Slack would not take the message; try again in a minute.",
}


def refusal_words(error: AvailbotError) -> str:
    """The refusal as the Slack app says it: core's message, then the app's hint if any."""
    hint = next((h(error) for kind, h in _HINTS.items() if isinstance(error, kind)), "")
    return f"{error.message} {hint}" if hint else error.message


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
        return Refusal(refusal_words(exc), exc)
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
