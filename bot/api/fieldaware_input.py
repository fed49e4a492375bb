"""FieldAware's requests read into typed values: refs, instants, sorting and record bodies."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import falcon

from core.errors import BadParameter, MalformedBody, NotFound, UnknownType
from core.ports import RecordSort
from core.records.unavailability import RecordChange
from core.time.bounds import check_instants
from core.time.spans import Span, local_midnight, resolve_local

INSTANT = "an ISO 8601 date and time such as 2019-04-14T10:00:00+01:00"
TYPE_REF = 'an object such as {"uuid": "…"} naming a type of GET /unavailability/types'
RECORD_BODY = (
    'a JSON object such as {"start": "2019-04-14T10:00:00+01:00", '
    '"end": "2019-04-14T12:00:00+01:00", "details": "Personal time off", '
    '"type": {"uuid": "…"}}'
)
REF_LIMIT = 320  # the longest email address; ids are far shorter
SORTS: dict[str, RecordSort] = {"start": "start", "uuid": "id"}
TRUTH = {"true": True, "1": True, "false": False, "0": False}


def ref(raw: str, missing: Callable[[str], NotFound]) -> str:
    """A path ref; one that no id, email or external id can be is simply not found (so a
    database is never asked about NUL characters or megabytes of text)."""
    if not raw or len(raw) > REF_LIMIT or not raw.isprintable():
        raise missing(raw[:REF_LIMIT])
    return raw


def instant(raw: object, name: str, tz: ZoneInfo, *, end: bool = False) -> datetime:
    """An ISO 8601 instant in UTC, whole seconds. Without an offset it is wall-clock time
    in `tz`; a date alone is that day's local midnight (as an end, the next day's: a date
    end is inclusive). An end at `hh:mm:59` is the end of that second, FieldAware's way of
    ending a day at 23:59:59."""
    if not isinstance(raw, str):
        raise BadParameter(name, json.dumps(raw), INSTANT)
    try:
        moment = _parsed(raw.strip(), tz, end)
        check_instants(moment, what=f"The {name!r}")
        return moment
    except (ValueError, OverflowError) as exc:
        raise BadParameter(name, raw, INSTANT) from exc


def _parsed(text: str, tz: ZoneInfo, end: bool) -> datetime:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(text).replace(microsecond=0)
    else:
        return local_midnight(day + timedelta(days=1) if end else day, tz)
    if end and moment.second == 59:
        moment += timedelta(seconds=1)
    if moment.tzinfo is None:
        return resolve_local(moment, tz)
    return moment.astimezone(UTC)


def window(req: falcon.Request, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    start, end = (_unplussed(req.get_param(name)) for name in ("start", "end"))
    return (
        instant(start, "start", tz) if start else None,
        instant(end, "end", tz, end=True) if end else None,
    )


def _unplussed(raw: str | None) -> str | None:
    """A query's `+` reads as a space: `…T10:00:00 01:00` was sent as `…+01:00` unencoded."""
    return _SPACED_OFFSET.sub(r"\1+\2", raw) if raw else raw


_SPACED_OFFSET = re.compile(r"([T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d(?::?\d\d)?)$")


def record_sort(req: falcon.Request) -> RecordSort:
    """`start` (then uuid) or `uuid`; a list (`start,uuid`) is sorted by its first."""
    raw = req.get_param("sortedBy") or "start"
    criteria = [c.strip() for c in raw.split(",")]
    if not all(c in SORTS for c in criteria):
        raise BadParameter("sortedBy", raw, "start or uuid")
    return SORTS[criteria[0]]


def type_filters(req: falcon.Request) -> tuple[bool, str | None]:
    """(archived, name contains) of the type listing; `sortedBy` can only be `name`."""
    sort = req.get_param("sortedBy")
    if sort not in (None, "", "name"):
        raise BadParameter("sortedBy", sort, "name")
    archived = (req.get_param("archived") or "false").lower()
    if archived not in TRUTH:
        raise BadParameter("archived", archived, "true or false")
    return TRUTH[archived], req.get_param("name") or None


@dataclass(frozen=True)
class NewRecord:
    start: datetime
    end: datetime
    type_id: str
    details: str | None
    tz: ZoneInfo

    @property
    def span(self) -> Span:
        """Whole days (`all_day`) when both ends are the member's local midnights."""
        return Span(
            self.start, self.end, midnight(self.start, self.tz) and midnight(self.end, self.tz)
        )


def midnight(moment: datetime, tz: ZoneInfo) -> bool:
    """FieldAware has no all-day records, only days from 00:00:00 to 23:59:59: such a
    record is one of whole days in the member's zone, as availbot's date ranges are."""
    return moment.astimezone(tz).time() == time()


def new_record(body: dict[str, Any], tz: ZoneInfo) -> NewRecord:
    """The body of a POST: `start`, `end` and `type.uuid` required, `details` optional."""
    for field in ("start", "end", "type"):
        if field not in body:
            raise MalformedBody(f"at {field!r}", "the field is missing", RECORD_BODY)
    return NewRecord(
        start=instant(body["start"], "start", tz),
        end=instant(body["end"], "end", tz, end=True),
        type_id=_type_id(body["type"]),
        details=_details(body.get("details")),
        tz=tz,
    )


def record_change(body: dict[str, Any], tz: ZoneInfo) -> RecordChange:
    """The body of a PUT: only the fields it gives change (`details` null or "" clears)."""
    details = _details(body.get("details"))
    start = instant(body["start"], "start", tz) if "start" in body else None
    end = instant(body["end"], "end", tz, end=True) if "end" in body else None
    return RecordChange(
        start=start,
        start_date_only=start is not None and midnight(start, tz),
        end=end,
        end_date_only=end is not None and midnight(end, tz),
        type_id=_type_id(body["type"]) if "type" in body else None,
        name=details,
        clear_name="details" in body and not details,
    )


def _type_id(value: object) -> str:
    if not isinstance(value, dict):
        raise BadParameter("type", json.dumps(value)[:80], TYPE_REF)
    uuid = value.get("uuid")
    if not isinstance(uuid, str):
        raise BadParameter("type.uuid", json.dumps(uuid)[:80], "a type's uuid, as a string")
    return ref(uuid, UnknownType)


def _details(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise BadParameter("details", json.dumps(value)[:80], "text, or null")
    return value or None
