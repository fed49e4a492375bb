"""The Web API edge: one configured client, users read into core profiles, typed errors.

Slack's `ok: false` answers become classes here, so callers catch a class, never compare
Slack's error strings:

    SlackUnavailable                 Slack answered with an error (or not at all)
    ├── NotInChannel                 not_in_channel: the bot is not a member of the channel
    ├── ChannelNotFound              channel_not_found: no such channel, or one it cannot see
    ├── ChannelArchived              is_archived
    ├── UserNotFound                 user_not_found, users_not_found
    ├── BlocksRefused                invalid_blocks, msg_blocks_too_long
    ├── RateLimited                  ratelimited, or HTTP 429 after the client's retries
    └── NotAuthorized                invalid_auth, not_authed, account_inactive, restricted_action
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.config import Settings
from core.errors import AvailbotError
from core.people.directory import SlackProfile

log = logging.getLogger(__name__)
PAGE_LIMIT = 200  # users.list's largest page
RATE_LIMIT_RETRIES = 3
SAFE_RETRIES = 2  # after a broken connection or HTTP 500/503, for calls safe to repeat
TIMEOUT_SECONDS = 10.0
# Calls that post something: Slack may have done it although its answer never arrived, so
# the client never re-sends them by itself (the caller checks first, or tells the person).
POSTING_METHODS = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.scheduleMessage",
        "chat.meMessage",
        "files.upload",
        "files.completeUploadExternal",
    }
)


class SlackUnavailable(AvailbotError):
    """Slack answered with an error (or not at all) for a call the app needed; `error` is
    Slack's own word for it. `ERRORS` are the words each subclass stands for."""

    ERRORS: tuple[str, ...] = ()

    def __init__(self, method: str, error: str, message: str = "") -> None:
        self.method = method
        self.error = error
        super().__init__(
            message
            or f"Slack refused `{method}` ({error}). Try again in a minute; if it persists, "
            "check the app's scopes and tokens (docs/slack-setup.md)."
        )


class NotInChannel(SlackUnavailable):
    ERRORS = ("not_in_channel",)

    def __init__(self, method: str, error: str) -> None:
        super().__init__(
            method, error, f"Slack refused `{method}` ({error}): availbot is not in the channel."
        )


class ChannelNotFound(SlackUnavailable):
    ERRORS = ("channel_not_found",)

    def __init__(self, method: str, error: str) -> None:
        super().__init__(
            method, error, f"Slack refused `{method}` ({error}): availbot cannot see the channel."
        )


class ChannelArchived(SlackUnavailable):
    ERRORS = ("is_archived",)


class UserNotFound(SlackUnavailable):
    ERRORS = ("user_not_found", "users_not_found")


class BlocksRefused(SlackUnavailable):
    """The message's blocks were refused; its text alone may still go through."""

    ERRORS = ("invalid_blocks", "msg_blocks_too_long")


class RateLimited(SlackUnavailable):
    ERRORS = ("ratelimited", "429")


class NotAuthorized(SlackUnavailable):
    ERRORS = ("invalid_auth", "not_authed", "account_inactive", "restricted_action")


_BY_ERROR = {
    error: kind
    for kind in (
        NotInChannel,
        ChannelNotFound,
        ChannelArchived,
        UserNotFound,
        BlocksRefused,
        RateLimited,
        NotAuthorized,
    )
    for error in kind.ERRORS
}


def slack_error(method: str, exc: SlackApiError) -> SlackUnavailable:
    """The class for Slack's answer to `method`: its `error` field, else the HTTP status."""
    error = str(exc.response.get("error") or exc.response.status_code)
    return _BY_ERROR.get(error, SlackUnavailable)(method, error)


def make_client(settings: Settings, *, timeout: float = TIMEOUT_SECONDS) -> WebClient:
    """A WebClient sending every call to SLACK_API_URL. A 429 is retried after Retry-After
    (Slack did nothing); a broken connection or HTTP 500/503 only for calls that are safe to
    repeat, never for POSTING_METHODS (slack_sdk's default would post twice)."""
    backoff = BackoffRetryIntervalCalculator(backoff_factor=0.25, jitter=_UpToDouble())
    return WebClient(
        token=settings.slack_bot_token,
        base_url=_with_slash(settings.slack_api_url),
        timeout=timeout,  # type: ignore[arg-type]  # typed int, but urllib takes any float
        retry_handlers=[
            SafeToRepeat(ConnectionErrorRetryHandler(SAFE_RETRIES, backoff)),
            SafeToRepeat(ServerErrorRetryHandler(SAFE_RETRIES, backoff)),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


class _UpToDouble(Jitter):
    """A random pause between the backoff and twice it (slack_sdk adds up to a whole second)."""

    def recalculate(self, duration: float) -> float:
        return duration * (1 + random.random())


class SafeToRepeat(RetryHandler):
    """`inner`'s retries, for every call except the posting ones."""

    def __init__(self, inner: RetryHandler) -> None:
        super().__init__(inner.max_retry_count, inner.interval_calculator)
        self.inner = inner

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if method_of(request.url) in POSTING_METHODS:
            return False
        return self.inner.can_retry(state=state, request=request, response=response, error=error)

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        self.inner.prepare_for_next_attempt(
            state=state, request=request, response=response, error=error
        )


def method_of(url: str) -> str:
    """The Web API method a request URL calls: `…/api/chat.postMessage?x` → chat.postMessage."""
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]


# Slack's words for its own trouble: the same call may well work a little later.
_PASSING = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)


# What a step that follows a committed change may meet from Slack: a refusal, or no answer
# at all (time-out, dropped connection). Such steps are best-effort: the change stands.
SLACK_TROUBLE: tuple[type[Exception], ...] = (SlackUnavailable, SlackClientError, OSError)


def passing_trouble(method: str, exc: BaseException) -> SlackUnavailable | None:
    """`exc` as a SlackUnavailable when it may pass if `method` is tried again later: no
    answer (time-out, refused or dropped connection), HTTP 5xx, Slack's own errors. None
    for a refusal that will stand (a bad token) and for anything that is not about Slack."""
    cause = exc.__context__ if not isinstance(exc, SlackClientError | OSError) else exc
    if isinstance(cause, SlackApiError):
        failure = slack_error(method, cause)
        passing = cause.response.status_code >= 500 or failure.error in _PASSING
        return failure if passing else None
    if isinstance(cause, SlackClientError | OSError):
        return SlackUnavailable(method, f"no answer: {cause or type(cause).__name__}")
    return None


def standing_refusal(method: str, exc: BaseException) -> SlackUnavailable | None:
    """Slack's answer to `method` as its class, when `exc` (or what it wraps) is one."""
    cause = exc if isinstance(exc, SlackApiError) else exc.__context__
    return slack_error(method, cause) if isinstance(cause, SlackApiError) else None


def team_id(client: WebClient) -> str:
    """The team the bot token belongs to (auth.test)."""
    return str(_call(client, "auth.test")["team_id"])


def list_profiles(client: WebClient) -> Iterator[SlackProfile]:
    """Every user of the workspace, page by page (users.list, following next_cursor)."""
    cursor: str | None = None
    while True:
        page = _call(client, "users.list", limit=PAGE_LIMIT, cursor=cursor)
        for user in page.get("members") or []:
            yield profile_of(user)
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return


def user_profile(client: WebClient, user_id: str) -> SlackProfile | None:
    """One user (users.info), or None when Slack does not know them."""
    try:
        return profile_of(_call(client, "users.info", user=user_id)["user"])
    except UserNotFound:
        return None


def profile_by_email(client: WebClient, email: str) -> SlackProfile | None:
    """The user with this email (users.lookupByEmail), or None (`users_not_found`)."""
    try:
        return profile_of(_call(client, "users.lookupByEmail", email=email)["user"])
    except UserNotFound:
        return None


def file_info(client: WebClient, file_id: str) -> Mapping[str, Any]:
    """A file object (files.info): name, filetype, size, url_private_download, shares."""
    return dict(_call(client, "files.info", file=file_id)["file"])


def message_text(client: WebClient, channel: str, ts: str, thread_ts: str | None = None) -> str:
    """The text of the message at `ts` (a thread reply when `thread_ts` differs), or "" when
    Slack will not say: a `file_shared` event carries no text, and an upload's words (such as
    `sync NAME`) are in its message."""
    window = {"channel": channel, "oldest": ts, "latest": ts, "inclusive": True, "limit": 1}
    try:
        if thread_ts and thread_ts != ts:
            page = _call(client, "conversations.replies", ts=thread_ts, **window)
        else:
            page = _call(client, "conversations.history", **window)
    except SlackUnavailable as exc:
        log.info("could not read message %s/%s: %s", channel, ts, exc.error)
        return ""
    found = [m for m in page.get("messages") or [] if m.get("ts") == ts]
    return str(found[0].get("text") or "") if found else ""


def react(client: WebClient, channel: str, ts: str, name: str) -> None:
    """Add a reaction to a message; a reaction that cannot be added is only logged."""
    try:
        _call(client, "reactions.add", channel=channel, timestamp=ts, name=name)
    except SlackUnavailable as exc:
        log.info("could not react to %s/%s: %s", channel, ts, exc.error)


def post_message(
    client: WebClient, channel: str, message: Mapping[str, Any], thread_ts: str | None = None
) -> str:
    """Post a message (in a thread when `thread_ts`); its ts."""
    return str(
        _call(client, "chat.postMessage", channel=channel, thread_ts=thread_ts, **message)["ts"]
    )


def update_message(client: WebClient, channel: str, ts: str, message: Mapping[str, Any]) -> None:
    _call(client, "chat.update", channel=channel, ts=ts, **message)


def post_ephemeral(client: WebClient, channel: str, user: str, message: Mapping[str, Any]) -> None:
    _call(client, "chat.postEphemeral", channel=channel, user=user, **message)


def open_dm(client: WebClient, user_id: str) -> str:
    """The channel id of the bot's direct message with a user (conversations.open, scope
    `im:write`); the same channel every time, so a message's metadata can be looked for."""
    return str(_call(client, "conversations.open", users=user_id)["channel"]["id"])


def update_view(client: WebClient, view_id: str, view: Mapping[str, Any]) -> None:
    _call(client, "views.update", view_id=view_id, view=view)


def open_view(client: WebClient, trigger_id: str, view: Mapping[str, Any]) -> None:
    _call(client, "views.open", trigger_id=trigger_id, view=view)


def publish_home(client: WebClient, user_id: str, view: Mapping[str, Any]) -> None:
    _call(client, "views.publish", user_id=user_id, view=view)


def profile_of(user: Mapping[str, Any]) -> SlackProfile:
    """A Slack user object as a core profile: display name, else real name, else handle."""
    profile = user.get("profile") or {}
    name = (
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user.get("name")
        or str(user["id"])
    )
    return SlackProfile(
        user_id=str(user["id"]),
        email=profile.get("email") or None,
        name=str(name).strip(),
        tz=user.get("tz") or None,
        admin=bool(user.get("is_admin") or user.get("is_owner")),
        deleted=bool(user.get("deleted")),
        bot=bool(user.get("is_bot") or user.get("is_app_user")),
    )


def _call(client: WebClient, method: str, **params: Any) -> Any:
    """One Web API call; Slack's `ok: false` becomes a SlackUnavailable (sub)class."""
    try:
        call = getattr(client, method.replace(".", "_"))
        response = call(**{k: v for k, v in params.items() if v is not None})
    except SlackApiError as exc:
        failure = slack_error(method, exc)
        log.warning("Slack %s failed: %s", method, failure.error)
        raise failure from exc
    return response.data


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
