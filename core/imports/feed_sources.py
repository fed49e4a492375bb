"""iCal feeds as sources (docs/feeds.md): add with a preview, enable, sync, alias, remove.

A feed is stored per workspace under a name; its records are those of source `feed:NAME`.
A sync fetches the feed (the adapter's `fetch`, passed in: core does no I/O), reads the
window today → +FEED_DAYS days, and commits an authoritative sync of `feed:NAME` over it
(core/imports/sync.py). People the feed names that match no member are skipped and listed
in the feed's status; so are rows that overlap another of the same member's rows (one of
them is kept, `_one_per_member`): no member ever gets overlapping records from a feed. A
feed that cannot be fetched or read keeps its records, its status says why, and the
scheduler tries again at the next interval.

Exactly once across instances: the scheduler claims (feed, slot) with a lease before
syncing, a slot being the interval the tick falls in (`due_slot`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.errors import (
    ArchivedType,
    AvailbotError,
    BadFeedSetting,
    DatabaseUnavailable,
    DuplicateFeedName,
    UnknownFeed,
)
from core.imports.feeds import FeedReading, FeedRow, FeedSettings, read_feed, where
from core.imports.model import PlannedRow
from core.imports.sync import SyncPlan, SyncWindow, commit_sync, plan_sync
from core.model import new_id
from core.people.members import find_member
from core.people.model import Actor, Member
from core.people.permissions import require_admin
from core.ports import FeedStore
from core.records.catalogue import find_type
from core.records.model import DEFAULT_TYPE, UnavailabilityType
from core.records.sources import check_source_name
from core.time.bounds import EARLIEST, LATEST
from core.time.spans import local_midnight, zone

FEED_DAYS = 180
DEFAULT_EVERY = timedelta(minutes=60)
MIN_EVERY = timedelta(minutes=5)
MAX_EVERY = timedelta(days=7)
LEASE = timedelta(minutes=10)  # far longer than a fetch (20 s) and a sync may take

Fetch = Callable[[str], bytes]
"""The adapter that fetches a feed's URL: its body, or a FeedFailed."""


class FeedStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"


@dataclass(frozen=True)
class Feed:
    """A feed as stored. `url` holds the feed's secret: adapters show `where(url)` only.
    `keywords` maps summary keywords to type names, first match wins; `type_name` is the
    type of everything else. The `last_*` fields are the status of the last sync."""

    id: str
    workspace_id: str
    name: str
    url: str
    type_name: str = DEFAULT_TYPE
    every: timedelta = DEFAULT_EVERY
    keywords: tuple[tuple[str, str], ...] = ()
    enabled: bool = False
    created_at: datetime | None = None
    last_sync_at: datetime | None = None
    last_status: FeedStatus | None = None
    last_why: str | None = None
    created: int = 0
    changed: int = 0
    removed: int = 0
    unmatched: tuple[str, ...] = ()
    last_good_at: datetime | None = None

    @property
    def source(self) -> str:
        return feed_source(self.name)


@dataclass(frozen=True)
class FeedPreview:
    """What a sync of the feed would do now (nothing written), and whom it could not match."""

    feed: Feed
    plan: SyncPlan
    reading: FeedReading
    skipped: int = 0
    overlaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedSync:
    """One sync: the feed with its new status; the plan applied (None when it failed)."""

    feed: Feed
    plan: SyncPlan | None = None
    unmatched: tuple[str, ...] = field(default=())
    overlaps: tuple[str, ...] = ()
    gone: bool = False
    """The feed was removed (or, for a scheduled sync, disabled) while it synced: nothing
    was written."""
    error: Exception | None = None
    """An unexpected exception the sync failed with, for the adapter to log."""

    @property
    def ok(self) -> bool:
        return not self.gone and self.feed.last_status == FeedStatus.OK


def feed_source(name: str) -> str:
    return f"feed:{name}"


def parse_every(text: str) -> timedelta:
    """`60m`, `2h`, `1d` (or a bare number of minutes), between 5 minutes and 7 days."""
    cleaned = text.strip().lower()
    units = {"m": 1, "h": 60, "d": 1440}
    unit = cleaned[-1:] if cleaned[-1:] in units else "m"
    number = cleaned[:-1] if cleaned[-1:] in units else cleaned
    if not number.isdigit():
        raise BadFeedSetting("interval", text, "write it as minutes, hours or days: 60m, 2h, 1d")
    every = timedelta(minutes=int(number) * units[unit])
    if not MIN_EVERY <= every <= MAX_EVERY:
        raise BadFeedSetting("interval", text, "give between 5 minutes and 7 days")
    return every


def parse_keywords(pairs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """`KEYWORD=TYPE` pairs, in the order given."""
    found: list[tuple[str, str]] = []
    for pair in pairs:
        keyword, sep, type_name = pair.partition("=")
        if not sep or not keyword.strip() or not type_name.strip():
            raise BadFeedSetting("keyword map", pair, "write it KEYWORD=TYPE, e.g. Sick=Sick")
        found.append((keyword.strip(), type_name.strip()))
    return tuple(found)


def every_words(every: timedelta) -> str:
    minutes = int(every.total_seconds() // 60)
    if minutes % 1440 == 0:
        return f"{minutes // 1440}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


# --- use cases ---


def add_feed(
    store: FeedStore,
    actor: Actor,
    *,
    workspace_id: str,
    name: str,
    url: str,
    fetch: Fetch,
    now: datetime,
    default_zone: str,
    type_name: str | None = None,
    every: timedelta = DEFAULT_EVERY,
    keywords: tuple[tuple[str, str], ...] = (),
) -> FeedPreview:
    """Fetch the feed once and store it disabled; the preview of its first sync.

    Nothing is stored when the feed cannot be fetched or read (FeedFailed)."""
    require_admin(actor, "add calendar feeds")
    name = check_source_name(name)
    if not url.strip():
        raise BadFeedSetting("address", url, "give the feed's http, https or webcal address")
    if store.feeds.by_name(workspace_id, name) is not None:
        raise DuplicateFeedName(name)
    type_ = _usable_type(store, workspace_id, type_name)
    for _, mapped in keywords:
        _usable_type(store, workspace_id, mapped)
    feed = Feed(
        id=new_id("feed"),
        workspace_id=workspace_id,
        name=name,
        url=url.strip(),
        type_name=type_.name,
        every=every,
        keywords=keywords,
        created_at=now,
    )
    preview = preview_feed(store, feed, fetch=fetch, now=now, default_zone=default_zone)
    store.feeds.add(feed)
    return replace(preview, feed=feed)


def preview_feed(
    store: FeedStore, feed: Feed, *, fetch: Fetch, now: datetime, default_zone: str
) -> FeedPreview:
    data = fetch(feed.url)
    read = _read(store, feed, data, now, default_zone)
    plan = plan_sync(store, feed.workspace_id, feed.source, read.rows, read.window, now)
    return FeedPreview(feed, plan, read.reading, read.skipped, read.overlaps)


def find_feed(store: FeedStore, workspace_id: str, name: str) -> Feed:
    found = store.feeds.by_name(workspace_id, name.strip())
    if found is None:
        raise UnknownFeed(name)
    return found


def list_feeds(store: FeedStore, actor: Actor, workspace_id: str) -> list[Feed]:
    require_admin(actor, "see calendar feeds")
    return store.feeds.all(workspace_id)


def set_enabled(
    store: FeedStore, actor: Actor, workspace_id: str, name: str, enabled: bool
) -> Feed:
    require_admin(actor, "enable or disable calendar feeds")
    feed = replace(find_feed(store, workspace_id, name), enabled=enabled)
    store.feeds.update(feed)
    return feed


def remove_feed(
    store: FeedStore,
    actor: Actor,
    workspace_id: str,
    name: str,
    *,
    now: datetime,
    default_zone: str = "UTC",
) -> tuple[Feed, SyncPlan]:
    """Forget the feed and its aliases, and remove its records from today on (the start of
    today in the workspace's zone, `default_zone`): records that ended before stay as
    history, one running across today is cut back to today's midnight (an all-day record
    stays all-day: it ends with yesterday)."""
    require_admin(actor, "remove calendar feeds")
    feed = find_feed(store, workspace_id, name)
    tz = zone(default_zone)
    today = local_midnight(now.astimezone(tz).date(), tz)
    zones = {m.id: m.tz for m in store.members.all(workspace_id)}
    with store.transaction():
        plan = commit_sync(store, workspace_id, feed.source, [], SyncWindow(today, None), now)
        for change in plan.changed:
            if change.before.all_day:  # the sync cut it to a timed record: whole days again
                member_tz = zones.get(change.before.member_id)
                cut = _midnight_from(today, zone(member_tz) if member_tz else tz)
                store.unavailability.update(replace(change.after, end=cut, all_day=True))
        store.feeds.remove(workspace_id, feed.id)
    return feed, plan


def _midnight_from(moment: datetime, tz: ZoneInfo) -> datetime:
    """The first local midnight of `tz` at or after `moment`."""
    day = moment.astimezone(tz).date()
    midnight = local_midnight(day, tz)
    return midnight if midnight >= moment else local_midnight(day + timedelta(days=1), tz)


def alias_feed(
    store: FeedStore, actor: Actor, workspace_id: str, name: str, name_in_feed: str, email: str
) -> tuple[Feed, str]:
    """From now on `name_in_feed` in this feed means the member with `email`."""
    require_admin(actor, "alias names in calendar feeds")
    feed = find_feed(store, workspace_id, name)
    said = " ".join(name_in_feed.split())
    if not said:
        raise BadFeedSetting("name in the feed", name_in_feed, "give the name as the feed has it")
    member = find_member(store, workspace_id, email)
    store.feeds.set_alias(feed.id, said, member.id)
    return feed, member.id


def sync_now(
    store: FeedStore,
    actor: Actor,
    workspace_id: str,
    name: str,
    *,
    fetch: Fetch,
    now: datetime,
    default_zone: str,
) -> FeedSync:
    require_admin(actor, "sync calendar feeds")
    feed = find_feed(store, workspace_id, name)
    return sync_feed(store, feed, fetch=fetch, now=now, default_zone=default_zone)


def sync_feed(
    store: FeedStore,
    feed: Feed,
    *,
    fetch: Fetch,
    now: datetime,
    default_zone: str,
    scheduled: bool = False,
) -> FeedSync:
    """Fetch, read and commit; the outcome recorded in the feed's status, never raised for
    a feed that fails (its records stay as they were).

    The fetch takes a while, so the commit first reads the feed again in its transaction:
    a feed removed meanwhile (or disabled, for a `scheduled` sync) writes nothing, else
    its records would belong to no feed (`FeedSync.gone`)."""
    try:
        data = fetch(feed.url)
        read = _read(store, feed, data, now, default_zone)
        with store.transaction():
            current = store.feeds.by_name(feed.workspace_id, feed.name)
            if current is None or current.id != feed.id or (scheduled and not current.enabled):
                return FeedSync(feed, gone=True)
            plan = commit_sync(store, feed.workspace_id, feed.source, read.rows, read.window, now)
    except DatabaseUnavailable:
        raise  # nothing to say about the feed: the job tries again at its next turn
    except AvailbotError as failure:  # FeedFailed, a collision with another source, a type gone
        failed = replace(
            feed, last_sync_at=now, last_status=FeedStatus.FAILED, last_why=failure.message
        )
        store.feeds.update_status(failed)
        return FeedSync(failed)
    done = replace(
        feed,
        last_sync_at=now,
        last_status=FeedStatus.OK,
        created=len(plan.created),
        changed=len(plan.changed) + len(plan.superseded),
        removed=len(plan.removed),
        unmatched=read.reading.unmatched,
        last_good_at=now,
        last_why=_skipped_words(read.overlaps),
    )
    store.feeds.update_status(done)
    return FeedSync(done, plan, read.reading.unmatched, read.overlaps)


def _skipped_words(overlaps: Sequence[str]) -> str | None:
    """What an OK sync left out, kept in the status's `why` (None: nothing)."""
    return "; ".join(f"skipped: {o}" for o in overlaps) or None


# --- the scheduler's side ---


def due_slot(feed: Feed, now: datetime) -> datetime | None:
    """The start of the interval `now` falls in, when an enabled feed has not synced since
    it began (a sync by hand counts); else None."""
    if not feed.enabled:
        return None
    seconds = int(feed.every.total_seconds())
    start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, UTC)
    if feed.last_sync_at is not None and feed.last_sync_at >= start:
        return None
    return start


def sync_due(
    store: FeedStore,
    *,
    fetch: Fetch,
    holder: str,
    now: datetime,
    zones: Mapping[str, str],
    lease: timedelta = LEASE,
) -> list[FeedSync]:
    """Sync every enabled feed that is due and that no other instance has claimed for this
    slot. `zones` gives each workspace's default zone (missing: UTC)."""
    done: list[FeedSync] = []
    for feed in store.feeds.enabled():
        slot = due_slot(feed, now)
        if slot is None:
            continue
        if not store.feeds.claim(feed.id, slot, holder=holder, now=now, lease=lease):
            continue  # another instance syncs it (or the feed was removed meanwhile)
        try:
            try:
                result = sync_feed(
                    store,
                    feed,
                    fetch=fetch,
                    now=now,
                    default_zone=zones.get(feed.workspace_id, "UTC"),
                    scheduled=True,
                )
            except DatabaseUnavailable:
                raise
            except Exception as exc:  # a bug, or a library's surprise: this feed fails alone
                result = _unexpected(store, feed, exc, now)
        except BaseException:
            store.feeds.release(feed.id, slot, holder=holder)
            raise
        store.feeds.finish(feed.id, slot, holder=holder)
        if not result.gone:
            done.append(result)
    return done


def _unexpected(store: FeedStore, feed: Feed, exc: Exception, now: datetime) -> FeedSync:
    """A FAILED status for an exception no use case expected: its kind only, since its text
    may hold the feed's address (the adapter logs it whole)."""
    why = f"{where(feed.url)} could not be read: an unexpected {type(exc).__name__}."
    failed = replace(feed, last_sync_at=now, last_status=FeedStatus.FAILED, last_why=why)
    store.feeds.update_status(failed)
    return FeedSync(failed, error=exc)


# --- reading ---


@dataclass(frozen=True)
class _Read:
    reading: FeedReading
    rows: list[PlannedRow]
    window: SyncWindow
    skipped: int
    overlaps: tuple[str, ...]


def _read(store: FeedStore, feed: Feed, data: bytes, now: datetime, default_zone: str) -> _Read:
    tz = zone(default_zone)
    today: date = now.astimezone(tz).date()
    members = store.members.all(feed.workspace_id)
    emails = {m.id: m.email for m in members}
    aliases = {
        said: emails[member_id]
        for said, member_id in store.feeds.aliases(feed.id).items()
        if member_id in emails
    }
    reading = read_feed(
        data,
        where=where(feed.url),
        today=today,
        days=FEED_DAYS,
        members=members,
        settings=FeedSettings(default_zone, aliases, dict(feed.keywords)),
    )
    types = {
        name: _usable_type(store, feed.workspace_id, name)
        for name in {feed.type_name, *(t for _, t in feed.keywords)}
    }
    rows: list[PlannedRow] = []
    skipped = 0
    kept, overlaps = _one_per_member(reading.rows, {m.id: m for m in members}, tz)
    for line, row in enumerate(kept, start=1):
        if row.start < EARLIEST or row.end > LATEST:
            skipped += 1  # beyond the dates availbot handles (core/time/bounds.py)
            continue
        type_ = types.get(row.type_name or feed.type_name) or types[feed.type_name]
        rows.append(
            PlannedRow(
                line=line,
                record_id=new_id("avail"),
                member_id=row.member_id,
                type_id=type_.id,
                start=row.start,
                end=row.end,
                all_day=row.all_day,
                name=row.label or None,
            )
        )
    window = SyncWindow(
        local_midnight(today, tz), local_midnight(today + timedelta(days=FEED_DAYS), tz)
    )
    return _Read(reading, rows, window, skipped, overlaps)


def _one_per_member(
    rows: Sequence[FeedRow], members: Mapping[str, Member], default: ZoneInfo
) -> tuple[list[FeedRow], tuple[str, ...]]:
    """The rows with no two of one member overlapping, and words for each row left out.

    Exact duplicates (member, span, kind of day, label, type: one leave published twice
    under two UIDs) are dropped silently. Of rows of one member that overlap, the one
    starting first is kept (the longest, when they start together; then the first by
    UID), and each later one overlapping it is left out and named. Deterministic, so the
    next sync of the same feed keeps the same rows."""
    order = sorted(rows, key=lambda r: (r.member_id, r.start, -(r.end - r.start), r.key))
    kept: list[FeedRow] = []
    seen: set[tuple[object, ...]] = set()
    last: dict[str, FeedRow] = {}
    overlaps: list[str] = []
    for row in order:
        same = (row.member_id, row.start, row.end, row.all_day, row.label, row.type_name)
        if same in seen:
            continue
        seen.add(same)
        before = last.get(row.member_id)
        if before is not None and row.start < before.end:
            overlaps.append(_overlap_words(row, before, members.get(row.member_id), default))
            continue
        last[row.member_id] = row
        kept.append(row)
    kept.sort(key=lambda r: (r.start, r.member_id, r.key))
    return kept, tuple(overlaps)


def _overlap_words(row: FeedRow, kept: FeedRow, member: Member | None, default: ZoneInfo) -> str:
    tz = zone(member.tz) if member is not None and member.tz else default

    def said(r: FeedRow) -> str:
        first = r.start.astimezone(tz).date().isoformat()
        return f"{(r.label or r.summary or 'time off')!r} from {first}"

    who = member.name if member is not None else row.member_id
    return f"{who}'s {said(row)} overlaps their {said(kept)}"


def _usable_type(store: FeedStore, workspace_id: str, name: str | None) -> UnavailabilityType:
    """A type new records may have: known and not archived (as for records and CSV rows);
    a type archived after the feed was added fails its syncs, saying so, until restored."""
    found = find_type(store, workspace_id, name)
    if found.archived:
        raise ArchivedType(found.name)
    return found
