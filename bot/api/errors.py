"""The one place API errors become status codes and JSON (docs/api.md#errors)."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import falcon

from core.errors import (
    ApiDisabled,
    AvailbotError,
    BodyTooLarge,
    Conflict,
    DatabaseUnavailable,
    IdempotencyKeyReused,
    ImportTooLarge,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    NotPermitted,
    PostFailed,
    RequestInProgress,
    UsageError,
)

log = logging.getLogger(__name__)
_SECRET = re.compile(r"^(/calendar/)[^/]*")  # a feed's path is its secret: never logged
RETRY_AFTER_SECONDS = 30

# Looked up along the error's class hierarchy, most specific first.
STATUS: dict[type[AvailbotError], int] = {
    NotFound: 404,
    InvalidInput: 400,
    BodyTooLarge: 413,
    ImportTooLarge: 413,  # a CSV over 10 MiB or 200,000 rows
    UsageError: 400,
    Conflict: 409,
    IdempotencyKeyReused: 422,
    NotPermitted: 403,
    NotAuthenticated: 401,
    PostFailed: 502,
    DatabaseUnavailable: 503,
}


# What the operator types, added here because core's messages name no adapter's commands.
HINTS: dict[type[AvailbotError], str] = {
    ApiDisabled: "An operator turns it on with `availbot api enable`.",
}


def status_of(error: AvailbotError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """Hotpot's clients read `ok` and `message`; availbot's command line `error`."""
    return {"ok": False, "message": message, "error": {"code": code, "message": message}, **extra}


def refused(req: falcon.Request, resp: falcon.Response, error: AvailbotError, _: Any) -> None:
    resp.status = falcon.code_to_http_status(status_of(error))
    hint = HINTS.get(type(error))
    resp.media = error_body(error.code, f"{error.message} {hint}" if hint else error.message)
    if isinstance(error, NotAuthenticated):
        resp.set_header("WWW-Authenticate", 'Bearer realm="availbot"')
    if isinstance(error, DatabaseUnavailable | RequestInProgress):
        resp.set_header("Retry-After", str(RETRY_AFTER_SECONDS))


def unexpected(req: falcon.Request, resp: falcon.Response, error: Exception, _: Any) -> None:
    """Never a traceback to the caller: logged here, answered in the one shape. (Falcon's
    own HTTPErrors have their own, more specific handler and go to the serializer.)"""
    log.exception("unexpected error answering %s %s", req.method, _SECRET.sub(r"\1…", req.path))
    resp.status = falcon.HTTP_500
    resp.media = error_body(
        "InternalError",
        "availbot hit an unexpected error and changed nothing it could not finish; the "
        "operator's log has the details. Try again, and report it if it persists.",
    )


def serialize_http_error(
    req: falcon.Request, resp: falcon.Response, error: falcon.HTTPError
) -> None:
    """Falcon's own errors (no such path, method, media type) in the same shape."""
    phrase = HTTPStatus(error.status_code).phrase
    code = phrase.replace(" ", "").replace("-", "")
    message = error.description or _SAID.get(error.status_code, phrase)
    resp.media = error_body(code, message)
    resp.content_type = falcon.MEDIA_JSON


_SAID = {
    404: "No such path. GET /api/openapi.json lists every endpoint.",
    405: "This path does not take that method; the Allow header lists the ones it takes.",
}
