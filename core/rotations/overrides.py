"""Use cases for overrides: cover a span of a rotation, list, remove (docs/rotations.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.errors import (
    EndNotAfterStart,
    OverlappingOverride,
    OwnCoverOnly,
    OwnOverridesOnly,
    TakerMissing,
    TakerUnavailable,
    UnknownOverride,
)
from core.model import new_id
from core.people.model import Actor, Member
from core.people.zones import actors_zone
from core.ports import ScheduleStore
from core.records.model import Kind
from core.rotations.model import Override, Rotation
from core.rotations.queries import find_rotation
from core.time.bounds import check_instants
from core.time.spans import Span
from core.time.words import describe_span


@dataclass(frozen=True)
class OverrideView:
    """An override with the rotation and member it names."""

    override: Override
    rotation: Rotation
    member: Member


def cover(
    store: ScheduleStore,
    actor: Actor,
    *,
    workspace_id: str,
    rotation_name: str,
    span: Span,
    member: Member | None = None,
    now: datetime,
) -> OverrideView:
    """An override putting `member` (default: the actor) on call for the span. Refused when
    it overlaps another override of the rotation or the taker is hard-unavailable."""
    rotation = find_rotation(store, workspace_id, rotation_name)
    taker = _taker(actor, member)
    check_instants(span.start, what="The start")
    check_instants(span.end, what="The end")
    if span.end <= span.start:
        raise EndNotAfterStart(span.start, span.end)
    override = Override(
        new_id("ovr"),
        workspace_id,
        rotation.id,
        taker.id,
        span.start,
        span.end,
        actor.member_id,
        now,
    )
    with store.transaction(lock_members=[taker.id]):
        store.rotations.lock(workspace_id)
        _refuse_overlap(store, override, actor)
        _refuse_unavailable(store, taker, override)
        store.overrides.add(override)
    return OverrideView(override, rotation, taker)


def list_overrides(
    store: ScheduleStore,
    workspace_id: str,
    *,
    rotation_name: str | None = None,
    since: datetime | None = None,
) -> list[OverrideView]:
    """Overrides ending after `since` (all when None), of one rotation or all, by start."""
    rotations = (
        [find_rotation(store, workspace_id, rotation_name)]
        if rotation_name
        else store.rotations.all(workspace_id)
    )
    by_id = {r.id: r for r in rotations}
    only = rotations[0].id if rotation_name else None
    found = store.overrides.in_window(workspace_id, since, None, only)
    members = store.members.many(workspace_id, {o.member_id for o in found})
    return [OverrideView(o, by_id[o.rotation_id], members[o.member_id]) for o in found]


def remove_override(
    store: ScheduleStore, actor: Actor, *, workspace_id: str, override_id: str
) -> OverrideView:
    """Removes the override; members may remove only their own."""
    found = store.overrides.get(workspace_id, override_id)
    if found is None:
        raise UnknownOverride(override_id)
    member = store.members.get(workspace_id, found.member_id)
    rotation = store.rotations.get(workspace_id, found.rotation_id)
    if member is None or rotation is None:  # pragma: no cover - foreign keys prevent it
        raise UnknownOverride(override_id)
    if not (actor.is_admin or actor.member_id == member.id):
        raise OwnOverridesOnly(actor.label, member.email)
    with store.transaction():
        store.overrides.remove(workspace_id, override_id)
    return OverrideView(found, rotation, member)


def _taker(actor: Actor, member: Member | None) -> Member:
    if member is None:
        if actor.member is None:
            raise TakerMissing()
        return actor.member
    if not (actor.is_admin or actor.member_id == member.id):
        raise OwnCoverOnly(actor.label, member.email)
    return member


def _refuse_overlap(store: ScheduleStore, override: Override, actor: Actor) -> None:
    clashes = store.overrides.in_window(
        override.workspace_id, override.start, override.end, override.rotation_id
    )
    if clashes:
        first = clashes[0]
        who = store.members.get(override.workspace_id, first.member_id)
        name = who.name if who else first.member_id
        words = describe_span(
            Span(first.start, first.end), actors_zone(store, override.workspace_id, actor)
        )
        raise OverlappingOverride(first.id, first.start, first.end, name, words)


def _refuse_unavailable(store: ScheduleStore, taker: Member, override: Override) -> None:
    if not taker.active:
        raise TakerUnavailable(taker.name, "they are inactive")
    records = store.unavailability.overlapping(
        override.workspace_id, taker.id, override.start, override.end
    )
    for record in records:
        type_ = store.types.get(override.workspace_id, record.type_id)
        if type_ is not None and type_.kind is Kind.HARD:
            raise TakerUnavailable(
                taker.name,
                f"record {record.id} ({record.start:%Y-%m-%d %H:%M} – "
                f"{record.end:%Y-%m-%d %H:%M} UTC) makes them unavailable",
            )
