"""Use cases for unavailability records: add, update, remove, list (rules: docs/records.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from core.errors import (
    ArchivedType,
    EndNotAfterStart,
    NameTooLong,
    OverlappingUnavailability,
    PageOutOfRange,
    UnknownUnavailability,
)
from core.model import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, new_id
from core.people.members import stored_member
from core.people.model import Actor
from core.people.permissions import require_self_or_admin
from core.people.zones import actors_zone
from core.ports import RecordSort, Store
from core.records.catalogue import find_type, get_type
from core.records.model import Collision, RecordView, Unavailability, UnavailabilityType
from core.text import checked_note
from core.time.bounds import check_instants
from core.time.spans import Span
from core.time.words import describe_span

AWAY = "Away"


@dataclass(frozen=True)
class RecordChange:
    """A partial update: only the fields that are not None change (`clear_name` empties it;
    `member_id` moves the record to another member, which only admins may do for others;
    the type is named by `type_name`, or by `type_id` where a client holds ids)."""

    member_id: str | None = None
    start: datetime | None = None
    start_date_only: bool = False
    end: datetime | None = None
    end_date_only: bool = False
    type_name: str | None = None
    type_id: str | None = None
    name: str | None = None
    clear_name: bool = False


def add_unavailability(
    store: Store,
    actor: Actor,
    *,
    workspace_id: str,
    member_id: str,
    span: Span,
    type_name: str | None = None,
    type_id: str | None = None,
    name: str | None = None,
    source: str = "cli",
    now: datetime,
) -> RecordView:
    """A new record for the member, refused when it overlaps one of theirs. The type is
    `type_id` when given, else the one named `type_name` (None: the default type)."""
    member = stored_member(store, workspace_id, member_id)
    require_self_or_admin(actor, member, "add unavailability")
    type_ = _usable_type(store, workspace_id, type_name, type_id)
    _check(span.start, span.end, name)
    record = Unavailability(
        id=new_id("avail"),
        workspace_id=workspace_id,
        member_id=member.id,
        type_id=type_.id,
        start=span.start,
        end=span.end,
        all_day=span.all_day,
        source=source,
        created_by=actor.member_id,
        created_at=now,
        updated_at=now,
        name=name or None,
    )
    with store.transaction(lock_members=[member.id]):
        _refuse_overlap(store, record, actor)
        store.unavailability.add(record)
    return RecordView(record, member, type_)


def update_unavailability(
    store: Store,
    actor: Actor,
    *,
    workspace_id: str,
    record_id: str,
    change: RecordChange,
    now: datetime,
    via: str = "cli",
) -> RecordView:
    """Changes only the given fields, then checks every rule again; `via` says where (a
    source word), for who-changed-it to be known. A record whose type was
    archived keeps it (naming it again is no change); moving to an archived type is refused.
    The change applies to the record as stored once its members are locked, so two partial
    updates of one record at once each keep the other's fields."""
    owner = stored_member(store, workspace_id, _record(store, workspace_id, record_id).member_id)
    require_self_or_admin(actor, owner, "change unavailability")
    member = owner
    if change.member_id is not None and change.member_id != owner.id:
        member = stored_member(store, workspace_id, change.member_id)
        require_self_or_admin(actor, member, "change unavailability")
    with store.transaction(lock_members=sorted({owner.id, member.id})):
        current = _record(store, workspace_id, record_id)
        if current.member_id != owner.id:  # moved meanwhile: its owner was not locked
            raise UnknownUnavailability(record_id)
        type_ = _changed_type(store, current, change)
        updated = replace(_applied(current, change, type_, now), member_id=member.id)
        if updated != replace(current, updated_at=updated.updated_at):  # not a no-op
            updated = replace(updated, changed_by=actor.member_id, changed_via=via)
        _check(updated.start, updated.end, updated.name)
        _refuse_overlap(store, updated, actor)
        store.unavailability.update(updated)
    return RecordView(updated, member, type_)


def _changed_type(
    store: Store, current: Unavailability, change: RecordChange
) -> UnavailabilityType:
    if change.type_name is None and change.type_id is None:
        return _stored_type(store, current)
    found = _named_type(store, current.workspace_id, change.type_name, change.type_id)
    if found.archived and found.id != current.type_id:
        raise ArchivedType(found.name)
    return found


def remove_unavailability(
    store: Store, actor: Actor, *, workspace_id: str, record_id: str
) -> RecordView:
    current = _record(store, workspace_id, record_id)
    member = stored_member(store, workspace_id, current.member_id)
    require_self_or_admin(actor, member, "remove unavailability")
    type_ = _stored_type(store, current)
    with store.transaction(lock_members=[member.id]):
        store.unavailability.remove(workspace_id, record_id)
    return RecordView(current, member, type_)


def get_unavailability(store: Store, *, workspace_id: str, record_id: str) -> RecordView:
    record = _record(store, workspace_id, record_id)
    return RecordView(
        record, stored_member(store, workspace_id, record.member_id), _stored_type(store, record)
    )


def changeable_unavailability(
    store: Store, actor: Actor, *, workspace_id: str, record_id: str
) -> RecordView:
    """A record the actor may change (to fill in an edit form), refused as an update would
    be: unknown, or someone else's for a member."""
    view = get_unavailability(store, workspace_id=workspace_id, record_id=record_id)
    require_self_or_admin(actor, view.member, "change unavailability")
    return view


def list_unavailability(
    store: Store,
    *,
    workspace_id: str,
    member_id: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    sort: RecordSort = "start",
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Page[RecordView]:
    """Records overlapping the window, for one member or everyone, sorted and paged."""
    check_page(page, page_size)
    if start is not None and end is not None and end <= start:
        raise EndNotAfterStart(start, end)
    found = store.unavailability.paged(
        workspace_id,
        member_id=member_id,
        start=start,
        end=end,
        sort=sort,
        page=page,
        page_size=page_size,
    )
    members = store.members.many(workspace_id, {r.member_id for r in found.items})
    types = {t.id: t for t in store.types.all(workspace_id)}
    views = [RecordView(r, members[r.member_id], types[r.type_id]) for r in found.items]
    return Page(found.count, views, page, page_size, (sort,))


def check_page(page: int, page_size: int) -> None:
    if page < 0 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise PageOutOfRange(page, page_size, MAX_PAGE_SIZE)


def shown_type_name(view: RecordView, viewer: Actor) -> str:
    """Private types read `Away` to everyone but the member and admins."""
    if view.type.private and not (viewer.is_admin or viewer.member_id == view.member.id):
        return AWAY
    return view.type.name


def _applied(
    current: Unavailability, change: RecordChange, type_: UnavailabilityType, now: datetime
) -> Unavailability:
    start_all_day = change.start_date_only if change.start is not None else current.all_day
    end_all_day = change.end_date_only if change.end is not None else current.all_day
    name = None if change.clear_name else (change.name if change.name is not None else current.name)
    return replace(
        current,
        start=change.start or current.start,
        end=change.end or current.end,
        all_day=start_all_day and end_all_day,
        type_id=type_.id,
        name=name or None,
        updated_at=now,
    )


def _check(start: datetime, end: datetime, name: str | None) -> None:
    check_instants(start, what="The start")
    check_instants(end, what="The end")
    if end <= start:
        raise EndNotAfterStart(start, end)
    if name and len(name) > NameTooLong.LIMIT:
        raise NameTooLong(len(name))
    if name:
        checked_note(name)


def _refuse_overlap(store: Store, record: Unavailability, actor: Actor) -> None:
    clashes = store.unavailability.overlapping(
        record.workspace_id, record.member_id, record.start, record.end, exclude_id=record.id
    )
    if clashes:
        first = min(clashes, key=lambda r: r.start)
        words = describe_span(first.span, actors_zone(store, record.workspace_id, actor))
        raise OverlappingUnavailability(Collision(first.id, first.start, first.end), words)


def _usable_type(
    store: Store, workspace_id: str, name: str | None, type_id: str | None = None
) -> UnavailabilityType:
    type_ = _named_type(store, workspace_id, name, type_id)
    if type_.archived:
        raise ArchivedType(type_.name)
    return type_


def _named_type(
    store: Store, workspace_id: str, name: str | None, type_id: str | None
) -> UnavailabilityType:
    if type_id is not None:
        return get_type(store, workspace_id, type_id)
    return find_type(store, workspace_id, name)


def _stored_type(store: Store, record: Unavailability) -> UnavailabilityType:
    type_ = store.types.get(record.workspace_id, record.type_id)
    if type_ is None:  # pragma: no cover - foreign keys keep this from happening
        raise UnknownUnavailability(record.id)
    return type_


def _record(store: Store, workspace_id: str, record_id: str) -> Unavailability:
    record = store.unavailability.get(workspace_id, record_id)
    if record is None:
        raise UnknownUnavailability(record_id)
    return record
