"""A feed for its link: the window, what it reads, its events, and the versions of each
(SEQUENCE and LAST-MODIFIED) and of the whole (ETag and Last-Modified)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.calendar.events import (
    Stint,
    personal_events,
    rotation_events,
    shift_bounds,
    stints,
    team_events,
)
from core.calendar.model import (
    CalendarEvent,
    CalendarLink,
    EventVersion,
    Feed,
    FeedKind,
    digest,
)
from core.errors import DatabaseBusy
from core.ports import CalendarStore
from core.records.model import Unavailability
from core.rotations.coverage import CALENDAR_ERRORS
from core.rotations.model import Rotation
from core.time.spans import local_midnight, zone
from core.workspaces import workspace_zone

DAYS_BACK = 15
DAYS_AHEAD = 180
FORGOTTEN_AFTER = timedelta(days=DAYS_BACK + 16)  # ended before every window: never served
Built = tuple[str, str, list[CalendarEvent]]  # title, the feed's own zone, events
Builder = Callable[[CalendarStore, CalendarLink, datetime, datetime, str], Built | None]


@dataclass(frozen=True)
class Writer:
    """How a feed's format writes one event. `edition` names what it writes: a new edition
    writes again (one SEQUENCE more) the events an earlier one wrote and stored."""

    edition: str
    write: Callable[[CalendarEvent, EventVersion], str]


def feed_window(now: datetime, zone_name: str) -> tuple[datetime, datetime]:
    """From the midnight 15 days before today to the end of the 180th day after it, in the
    workspace's zone: the same all day, so the feed changes only when its events do."""
    tz = zone(zone_name)
    today = now.astimezone(tz).date()
    start = local_midnight(today - timedelta(days=DAYS_BACK), tz)
    return start, local_midnight(today + timedelta(days=DAYS_AHEAD + 1), tz)


def read_feed(
    store: CalendarStore, link: CalendarLink, *, default_zone: str, now: datetime
) -> Feed | None:
    """The feed `link` opens, over its window; None when its member is gone or no longer
    active, or its rotation is gone (answered as any unknown link is)."""
    workspace = store.workspaces.get(link.workspace_id)
    if workspace is None:
        return None
    zone_name = workspace_zone(workspace, default_zone)
    start, end = feed_window(now, zone_name)
    built = _BUILDERS[link.kind](store, link, start, end, zone_name)
    if built is None:
        return None
    title, own_zone, found = built
    events = tuple(sorted(found, key=lambda e: (e.start, e.uid)))
    return Feed(link, title, own_zone, start, end, events, _content(title, own_zone, events))


def with_events(feed: Feed, events: Sequence[CalendarEvent]) -> Feed:
    """The feed with other events (in the same order), its content hash with them."""
    shown = tuple(events)
    return replace(feed, events=shown, content_hash=_content(feed.title, feed.zone, shown))


def _content(title: str, own_zone: str, events: Sequence[CalendarEvent]) -> str:
    return digest("\n".join([title, own_zone, *(e.fingerprint for e in events)]))


def written_events(store: CalendarStore, feed: Feed, now: datetime, writer: Writer) -> list[str]:
    """Each event as `writer` puts it under its version: as last served while it has not
    changed (the text stored then), else with one more SEQUENCE, modified `now`, written
    and stored for the next fetch. A busy database only delays storing it: the next fetch
    writes the same SEQUENCE again."""
    ws, kind = feed.link.workspace_id, feed.kind
    stored = store.calendars.versions(ws, kind, [e.uid for e in feed.events])
    texts: list[str] = []
    changed: list[EventVersion] = []
    for event in feed.events:
        old, fingerprint = stored.get(event.uid), digest(f"{writer.edition}\n{event.fingerprint}")
        if old is not None and old.fingerprint == fingerprint:
            texts.append(old.text)
            continue
        sequence = 0 if old is None else old.sequence + 1
        new = EventVersion(event.uid, fingerprint, sequence, now, event.end)
        new = replace(new, text=writer.write(event, new))
        texts.append(new.text)
        changed.append(new)
    if changed:
        with suppress(DatabaseBusy), store.transaction():
            store.calendars.save_versions(ws, kind, changed)
    return texts


def last_modified(store: CalendarStore, feed: Feed, tag: str, now: datetime) -> datetime:
    """When the feed last changed: the first time it was served as `tag` (its content, as
    the caller's format writes it) names it."""
    link = feed.link
    if link.content_hash == tag and link.changed_at is not None:
        return link.changed_at
    with suppress(DatabaseBusy), store.transaction():
        store.calendars.served(link.id, tag, now)
    return now


def forget_versions(store: CalendarStore, now: datetime) -> int:
    """Drop the versions of events no feed's window reaches any longer; how many."""
    return store.calendars.forget_versions(now - FORGOTTEN_AFTER)


def _personal(
    store: CalendarStore, link: CalendarLink, start: datetime, end: datetime, zone_name: str
) -> Built | None:
    ws = link.workspace_id
    member = store.members.get(ws, link.subject)
    if member is None or not member.active:
        return None
    found = _stints(store, ws, store.rotations.all(ws), start, end, only_for=member.id)
    records = store.unavailability.in_window(ws, start, end, [member.id])
    types = {t.id: t for t in store.types.all(ws)}
    own_zone = member.tz or zone_name
    events = personal_events(member, found, types, records, own_zone)
    return f"availbot: {member.name}", own_zone, events


def _rotation(
    store: CalendarStore, link: CalendarLink, start: datetime, end: datetime, zone_name: str
) -> Built | None:
    ws = link.workspace_id
    rotation = store.rotations.get(ws, link.subject)
    if rotation is None:
        return None
    found = _stints(store, ws, [rotation], start, end)
    ids = sorted({s.member_id for s in found})
    members = store.members.many(ws, ids)
    records: dict[str, list[Unavailability]] = defaultdict(list)
    if found:
        low, high = min(s.start for s in found), max(s.end for s in found)
        for record in store.unavailability.in_window(ws, low, high, ids):
            records[record.member_id].append(record)
    types = {t.id: t for t in store.types.all(ws)}
    events = rotation_events(found, members, types, records)
    return f"availbot: {rotation.name} on call", rotation.timezone, events


def _team(
    store: CalendarStore, link: CalendarLink, start: datetime, end: datetime, zone_name: str
) -> Built | None:
    ws = link.workspace_id
    records = store.unavailability.in_window(ws, start, end)
    members = {m.id: m for m in store.members.all(ws)}
    types = {t.id: t for t in store.types.all(ws)}
    zones = {m.id: m.tz or zone_name for m in members.values()}
    return "availbot: who is out", zone_name, team_events(records, members, types, zones)


def _stints(
    store: CalendarStore,
    workspace_id: str,
    rotations: Sequence[Rotation],
    start: datetime,
    end: datetime,
    only_for: str | None = None,
) -> list[Stint]:
    """The stints of every rotation that can be computed (coverage.UNCOMPUTABLE: none), with
    the overrides of the whole shifts around the window read once; `only_for` a member,
    only the rotations that member takes part in (by a version or an override)."""
    bounds = {}
    for rotation in rotations:
        with suppress(*CALENDAR_ERRORS):
            bounds[rotation.id] = shift_bounds(rotation, start, end)
    if not bounds:
        return []
    low, high = min(b[0] for b in bounds.values()), max(b[1] for b in bounds.values())
    only = rotations[0].id if len(rotations) == 1 else None
    overrides = store.overrides.in_window(workspace_id, low, high, only)
    if only_for is not None:
        covering = {o.rotation_id for o in overrides if o.member_id == only_for}
        rotations = [r for r in rotations if r.id in covering or _member_of(r, only_for)]
    found: list[Stint] = []
    for rotation in rotations:
        if rotation.id in bounds:
            with suppress(*CALENDAR_ERRORS):
                found += stints(rotation, overrides, start, end)
    return found


def _member_of(rotation: Rotation, member_id: str) -> bool:
    return any(member_id in v.definition.member_ids for v in rotation.versions)


_BUILDERS: dict[FeedKind, Builder] = {
    FeedKind.PERSONAL: _personal,
    FeedKind.ROTATION: _rotation,
    FeedKind.TEAM: _team,
}
