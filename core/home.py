"""What a member's App Home shows (docs/slack.md), read in one place: records, shifts, admins'."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.calendar.model import IssuedLink
from core.calendar.sharing import links_for
from core.digest.due import Subscription
from core.imports.feed_sources import Feed, FeedStatus
from core.imports.model import ImportRecord
from core.people.model import Actor, Member
from core.ports import HomeStore
from core.records.model import RecordView
from core.records.unavailability import list_unavailability
from core.rotations.model import Rotation
from core.rotations.stints import member_stints

UPCOMING = timedelta(days=90)
SHIFTS_AHEAD = timedelta(days=35)
HOME_RECORDS = 20
HOME_SHIFTS = 5
HOME_IMPORTS = 5
HOME_FEEDS = 10


@dataclass(frozen=True)
class OnCallShift:
    rotation: Rotation
    start: datetime
    end: datetime


@dataclass(frozen=True)
class HomePage:
    member: Member
    records: Sequence[RecordView]
    record_count: int
    shifts: tuple[OnCallShift, ...]
    imports: tuple[ImportRecord, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    people: dict[str, Member] = field(default_factory=dict)  # who made the imports
    feeds: tuple[Feed, ...] = ()  # feeds that need an admin: failing, or with unmatched names
    feed_count: int = 0  # how many feeds need one (more than `feeds` shows)
    calendar: tuple[IssuedLink, ...] = ()  # the member's calendar feed links (docs/calendar.md)


def home_page(
    store: HomeStore,
    actor: Actor,
    *,
    workspace_id: str,
    now: datetime,
    calendar_secret: str | None = None,
) -> HomePage:
    """The member's next 90 days of records, next on-call shifts and (given the secret they
    are made with) calendar feed links, and for admins the last imports, the digest
    subscriptions and the calendar feeds that need them (failing, or naming people who
    match no member)."""
    member = actor.member
    if member is None:
        raise ValueError("the App Home belongs to a member")
    page = list_unavailability(
        store,
        workspace_id=workspace_id,
        member_id=member.id,
        start=now,
        end=now + UPCOMING,
        page_size=HOME_RECORDS,
    )
    shifts = next_shifts(store, workspace_id, member.id, now)
    calendar: tuple[IssuedLink, ...] = ()
    if calendar_secret is not None:
        calendar = links_for(store, actor, workspace_id, secret=calendar_secret, now=now)
    if not actor.is_admin:
        return HomePage(member, page.items, page.count, shifts, calendar=calendar)
    imports = tuple(store.imports.recent(workspace_id, HOME_IMPORTS))
    ids = {i.created_by for i in imports if i.created_by} | {
        i.committed_by for i in imports if i.committed_by
    }
    people = store.members.many(workspace_id, ids)
    subscriptions = tuple(store.digests.subscriptions(workspace_id))
    troubled = [f for f in store.feeds.all(workspace_id) if needs_admin(f)]
    return HomePage(
        member,
        page.items,
        page.count,
        shifts,
        imports,
        subscriptions,
        people,
        tuple(troubled[:HOME_FEEDS]),
        len(troubled),
        calendar,
    )


def needs_admin(feed: Feed) -> bool:
    """A feed whose last sync failed, or that names people availbot could not match."""
    return feed.last_status == FeedStatus.FAILED or bool(feed.unmatched)


def next_shifts(
    store: HomeStore, workspace_id: str, member_id: str, now: datetime, limit: int = HOME_SHIFTS
) -> tuple[OnCallShift, ...]:
    """The member's on-call shifts (after overrides) in the next 35 days, soonest first;
    back-to-back duties of one rotation read as one shift."""
    mine = member_stints(store, workspace_id, member_id, now, now + SHIFTS_AHEAD)
    return tuple(OnCallShift(s.rotation, s.start, s.end) for s in mine[:limit])
