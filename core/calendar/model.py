"""Frozen values of calendar feeds: which feed, its secret link as stored, its events."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from core.time.spans import zone


class FeedKind(StrEnum):
    """Whose events a feed holds."""

    PERSONAL = "personal"  # one member's shifts and time off
    ROTATION = "rotation"  # one rotation's final shifts and its coverage gaps
    TEAM = "team"  # everyone's time off


@dataclass(frozen=True)
class CalendarLink:
    """A feed's link as stored: never its token, only a hash of it. `subject` is the member's
    id (personal), the rotation's id (rotation) or "" (team). `content_hash` and `changed_at`
    are what the feed held when last served and since when (its Last-Modified)."""

    id: str
    workspace_id: str
    kind: FeedKind
    subject: str
    token_hash: str
    created_at: datetime
    last_fetched_at: datetime | None = None
    revoked_at: datetime | None = None
    content_hash: str | None = None
    changed_at: datetime | None = None


@dataclass(frozen=True)
class IssuedLink:
    """A live link and its token (derived again from the server's secret, never stored);
    `label` names its subject: the member's email, the rotation's name, or "team"."""

    link: CalendarLink
    token: str
    label: str


@dataclass(frozen=True)
class CalendarEvent:
    """One event as a feed shows it. Times are instants (UTC); `zone` is where they are
    shown. An all-day event covers the local dates of `start` up to, not including, that of
    `end`. `busy` events mark their person away (time off); the others leave them free."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    zone: str
    all_day: bool = False
    busy: bool = False
    description: str = ""

    @property
    def days(self) -> tuple[date, date]:
        """The first day and the day after the last (DTEND is exclusive), in `zone`."""
        tz = zone(self.zone)
        first = self.start.astimezone(tz).date()
        after = (self.end - timedelta(seconds=1)).astimezone(tz).date() + timedelta(days=1)
        return first, max(after, first + timedelta(days=1))

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything the event shows changes: every field is in it (as plain
        values, which is three times quicker than the dataclass's own repr)."""
        shown = (
            self.uid,
            self.summary,
            int(self.start.timestamp()),
            int(self.end.timestamp()),
            self.zone,
            self.all_day,
            self.busy,
            self.description,
        )
        return digest(repr(shown))


@dataclass(frozen=True)
class EventVersion:
    """What availbot last served under a uid: its fingerprint, how often it changed
    (SEQUENCE), since when (LAST-MODIFIED), and the event as written then (`text`, opaque
    here: the iCalendar the HTTP API wrote), so an unchanged event is never written again;
    `ends_at` lets old ones be forgotten."""

    uid: str
    fingerprint: str
    sequence: int
    modified_at: datetime
    ends_at: datetime
    text: str = ""


@dataclass(frozen=True)
class Feed:
    """A feed as served: its link, title, own zone (the member's, the rotation's or the
    workspace's), window and events, and `content_hash`, which changes whenever any event,
    the title or the zone does (the ETag)."""

    link: CalendarLink
    title: str
    zone: str
    start: datetime
    end: datetime
    events: tuple[CalendarEvent, ...]
    content_hash: str

    @property
    def kind(self) -> FeedKind:
        return self.link.kind


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
