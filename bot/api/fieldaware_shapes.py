"""FieldAware's JSON: Unavailable Time Types and Unavailable Times, their links and listings.

The only place FieldAware's field names live. Instants are UTC with `+00:00`, and an end
at midnight is shown as the second before (`23:59:59`), the way FieldAware ends its days;
reading an end at `hh:mm:59` as the end of that second (fieldaware_input.instant) makes a
record sent back as it was read keep its span.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from core.model import Page
from core.records.model import RecordView, UnavailabilityType

T = TypeVar("T")
Json = dict[str, Any]
SORTED_BY = {"start": ["start", "uuid"], "id": ["uuid"], "name": ["name"]}
ONE_SECOND = timedelta(seconds=1)


def instant(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def shown_end(end: datetime, tz: ZoneInfo) -> datetime:
    """The last second of a record that ends at midnight, in UTC or the member's zone (at
    a whole UTC minute: the zone's offset of 1970-72 Monrovia, -0:44:30, would shift it)."""
    at_midnight = any(end.astimezone(z).time() == time() for z in (UTC, tz))
    return end - ONE_SECOND if at_midnight and end.second == 0 else end


def link(url: str) -> Json:
    return {"rel": "detail", "url": url}


def type_url(prefix: str, type_: UnavailabilityType) -> str:
    return f"{prefix}/unavailability/types/{type_.id}"


def record_url(prefix: str, view: RecordView) -> str:
    return f"{prefix}/user/{view.member.id}/unavailability/{view.record.id}"


def type_json(type_: UnavailabilityType) -> Json:
    return {
        "uuid": type_.id,
        "name": type_.name,
        "description": type_.description,
        "archived": type_.archived,
        "paid": type_.paid,
    }


def type_item(type_: UnavailabilityType, prefix: str) -> Json:
    return {**type_json(type_), "link": link(type_url(prefix, type_))}


def record_json(view: RecordView, tz: ZoneInfo) -> Json:
    """`details` is the record's note ("" when it has none); `tz` is the member's zone."""
    record = view.record
    return {
        "uuid": record.id,
        "start": instant(record.start),
        "end": instant(shown_end(record.end, tz)),
        "details": record.name or "",
        "type": {"uuid": record.type_id},
    }


def record_item(view: RecordView, tz: ZoneInfo, prefix: str) -> Json:
    return {**record_json(view, tz), "link": link(record_url(prefix, view))}


def listing(page: Page[T], item: Callable[[T], Json]) -> Json:
    return {
        "count": page.count,
        "items": [item(i) for i in page.items],
        "page": page.page,
        "pageSize": page.page_size,
        "sortedBy": [c for s in page.sorted_by for c in SORTED_BY[s]],
    }
