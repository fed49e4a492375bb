"""Use cases for effective availability (docs/effective.md): one member's days, or a whole
team's, read from the store in a few queries and computed in core.effective.days."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import UTC, date, datetime, time, timedelta

from core.collector import collector_paused
from core.effective.days import Duty, EffectiveDay, check_window, effective_days
from core.effective.model import Definitions
from core.people.members import find_member
from core.people.model import Actor, Member
from core.ports import AvailabilityStore
from core.records.model import RecordView
from core.rotations.coverage import on_call_if_computable
from core.time.spans import zone
from core.workspaces import workspace_zone

# Local days of any zone (UTC-12 to UTC+14) lie within these UTC days around the window.
_BEFORE, _AFTER = timedelta(days=1), timedelta(days=2)


def effective_availability(
    store: AvailabilityStore,
    viewer: Actor,
    *,
    workspace_id: str,
    member: str,
    first: date,
    last: date,
    fallback_zone: str = "UTC",
) -> list[EffectiveDay]:
    """The member's (email, Slack id or member id) defined days from `first` to `last`
    inclusive, in the member's zone: UnknownMember, or WindowTooLong over 31 days. The
    result does not depend on the clock."""
    found = find_member(store, workspace_id, member)
    check_window(first, last)
    team = team_availability(
        store,
        viewer,
        workspace_id=workspace_id,
        first=first,
        last=last,
        members=[found],
        fallback_zone=fallback_zone,
    )
    return team[found.id]


def team_availability(
    store: AvailabilityStore,
    viewer: Actor,
    *,
    workspace_id: str,
    first: date,
    last: date,
    members: Sequence[Member] | None = None,
    fallback_zone: str = "UTC",
) -> dict[str, list[EffectiveDay]]:
    """Each member's defined days (every member of the workspace when `members` is None),
    with five reads whatever the team's size."""
    check_window(first, last)
    # A team's days stay alive until this returns (see core.collector); one
    # member's, asked for by the CLI, the API or Slack many times at once, are too few.
    bulk = members is None or len(members) > 1
    with collector_paused() if bulk else nullcontext():
        return _team(store, viewer, workspace_id, first, last, members, fallback_zone)


def _team(
    store: AvailabilityStore,
    viewer: Actor,
    workspace_id: str,
    first: date,
    last: date,
    members: Sequence[Member] | None,
    fallback_zone: str,
) -> dict[str, list[EffectiveDay]]:
    people = store.members.all(workspace_id) if members is None else list(members)
    ids = None if members is None else [m.id for m in people]
    start = datetime.combine(first - _BEFORE, time(), UTC)
    end = datetime.combine(last + _AFTER, time(), UTC)
    shares = store.availability.definitions(workspace_id, ids).by_member()
    records = _records(store, workspace_id, people, ids, start, end)
    duties = _duties(store, workspace_id, start, end)
    workspace = store.workspaces.get(workspace_id)
    default = workspace_zone(workspace, fallback_zone) if workspace else fallback_zone
    return {
        m.id: effective_days(
            m.id,
            first,
            last,
            shares.get(m.id, _NOTHING),
            tz=zone(m.tz or default),
            records=records.get(m.id, ()),
            duties=duties.get(m.id, ()),
            viewer=viewer,
        )
        for m in people
    }


_NOTHING = Definitions()


def _records(
    store: AvailabilityStore,
    workspace_id: str,
    people: Sequence[Member],
    ids: Sequence[str] | None,
    start: datetime,
    end: datetime,
) -> dict[str, list[RecordView]]:
    by_id = {m.id: m for m in people}
    types = {t.id: t for t in store.types.all(workspace_id)}
    found: dict[str, list[RecordView]] = defaultdict(list)
    for record in store.unavailability.in_window(workspace_id, start, end, ids):
        if record.member_id in by_id:
            found[record.member_id].append(
                RecordView(record, by_id[record.member_id], types[record.type_id])
            )
    return found


def _duties(
    store: AvailabilityStore, workspace_id: str, start: datetime, end: datetime
) -> dict[str, list[Duty]]:
    """Who is on call for every rotation in [start, end), after overrides, by member."""
    overrides = store.overrides.in_window(workspace_id, start, end)
    found: dict[str, list[Duty]] = defaultdict(list)
    for rotation in store.rotations.all(workspace_id):
        own = [o for o in overrides if o.rotation_id == rotation.id]
        for duty in on_call_if_computable(rotation.versions, own, start, end) or ():
            mine = found[duty.member_id]
            if mine and mine[-1].rotation == rotation.name and mine[-1].end == duty.start:
                mine[-1] = Duty(rotation.name, mine[-1].start, duty.end)  # back-to-back shifts
            else:
                mine.append(Duty(rotation.name, duty.start, duty.end))
    return found
