"""One member's records, reached through the member (the API's `/user/{ref}/unavailability`).

Members reach only their own records (admins and the operator anyone's), reading included:
a listing names the types of the records, private ones too. A record of another member is
not found under this one, whoever asks, so a path never reaches a record by a wrong member.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.errors import UnknownUnavailability
from core.model import DEFAULT_PAGE_SIZE, Page
from core.people.members import stored_member
from core.people.model import Actor
from core.people.permissions import require_self_or_admin
from core.ports import RecordSort, Store
from core.records.model import RecordView
from core.records.unavailability import (
    RecordChange,
    get_unavailability,
    list_unavailability,
    remove_unavailability,
    update_unavailability,
)


def member_records(
    store: Store,
    actor: Actor,
    *,
    workspace_id: str,
    member_id: str,
    start: datetime | None = None,
    end: datetime | None = None,
    sort: RecordSort = "start",
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Page[RecordView]:
    """The member's records overlapping the window, sorted and paged."""
    member = stored_member(store, workspace_id, member_id)
    require_self_or_admin(actor, member, "read unavailability")
    return list_unavailability(
        store,
        workspace_id=workspace_id,
        member_id=member.id,
        start=start,
        end=end,
        sort=sort,
        page=page,
        page_size=page_size,
    )


def member_record(
    store: Store, actor: Actor, *, workspace_id: str, member_id: str, record_id: str
) -> RecordView:
    """The member's record `record_id`."""
    return _owned(store, actor, workspace_id, member_id, record_id, "read unavailability")


def change_member_record(
    store: Store,
    actor: Actor,
    *,
    workspace_id: str,
    member_id: str,
    record_id: str,
    change: RecordChange,
    now: datetime,
) -> RecordView:
    """A partial update of the member's record; it stays the member's."""
    _owned(store, actor, workspace_id, member_id, record_id, "change unavailability")
    kept = replace(change, member_id=None)
    return update_unavailability(
        store, actor, workspace_id=workspace_id, record_id=record_id, change=kept, now=now,
        via="api",
    )  # fmt: skip


def remove_member_record(
    store: Store, actor: Actor, *, workspace_id: str, member_id: str, record_id: str
) -> RecordView:
    _owned(store, actor, workspace_id, member_id, record_id, "remove unavailability")
    return remove_unavailability(store, actor, workspace_id=workspace_id, record_id=record_id)


def _owned(
    store: Store, actor: Actor, workspace_id: str, member_id: str, record_id: str, what: str
) -> RecordView:
    """Rights first, so a member learns nothing of another member's records."""
    member = stored_member(store, workspace_id, member_id)
    require_self_or_admin(actor, member, what)
    view = get_unavailability(store, workspace_id=workspace_id, record_id=record_id)
    if view.record.member_id != member.id:
        raise UnknownUnavailability(record_id)
    return view
