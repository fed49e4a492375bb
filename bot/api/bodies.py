"""Request bodies and parameters read into typed values, with the cap on their size."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import falcon

from core.errors import BadParameter, BodyTooLarge, MalformedBody

JSON_BODY_BYTES = 64 * 1024
UPLOAD_BODY_BYTES = 10 * 1024 * 1024 + 64 * 1024  # a 10 MiB CSV and its multipart framing
MAX_PAGE_SIZE = 200


def read_bytes(req: falcon.Request, limit: int) -> bytes:
    """The whole body, refused (413) over `limit` whether or not it declared its length."""
    if req.content_length is not None and req.content_length > limit:
        raise BodyTooLarge(limit)
    body: bytes = req.bounded_stream.read(limit + 1)
    if len(body) > limit:
        raise BodyTooLarge(limit)
    return body


def read_json(req: falcon.Request, expected: str) -> tuple[dict[str, Any], bytes]:
    """A JSON object body and its bytes; `expected` names what to send instead."""
    media_type = (req.content_type or "application/json").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise falcon.HTTPUnsupportedMediaType(
            description=f"Send the body as application/json, not {media_type}."
        )
    raw = read_bytes(req, JSON_BODY_BYTES)
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MalformedBody(f"at byte {exc.start + 1}", "it is not UTF-8", expected) from exc
    except json.JSONDecodeError as exc:
        where = f"at line {exc.lineno}, column {exc.colno}"
        raise MalformedBody(where, exc.msg, expected) from exc
    except RecursionError as exc:
        raise MalformedBody("anywhere", "it nests too deeply", expected) from exc
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise MalformedBody("in a number", str(exc).split(";")[0], expected) from exc
    if not isinstance(parsed, dict):
        raise MalformedBody("at its top level", "it is not a JSON object", expected)
    return parsed, raw


def int_param(req: falcon.Request, name: str, default: int, low: int, high: int) -> int:
    raw = req.get_param(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.lstrip("-").isdigit()) or len(raw) > 9:
        raise BadParameter(name, raw, f"a whole number from {low} to {high}")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, raw, f"a whole number from {low} to {high}")
    return value


def page_params(req: falcon.Request, default_size: int = 50) -> tuple[int, int]:
    """FieldAware's paging: `page` from 0, `pageSize` 1–200."""
    page = int_param(req, "page", 0, 0, 10**6)
    size = int_param(req, "pageSize", default_size, 1, MAX_PAGE_SIZE)
    return page, size


def date_param(req: falcon.Request, name: str, *, required: bool) -> date | None:
    raw = req.get_param(name)
    if raw is None or raw == "":
        if required:
            raise BadParameter(name, "", "a date as YYYY-MM-DD")
        return None
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise BadParameter(name, raw, "a date as YYYY-MM-DD") from exc


def instant_param(raw: str | None, name: str) -> datetime | None:
    """An ISO 8601 instant; one without an offset is UTC (say so in docs/api.md)."""
    if raw is None or raw == "":
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise BadParameter(name, raw, "an ISO 8601 instant such as 2026-03-02T09:00:00Z") from exc
