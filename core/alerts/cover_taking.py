"""Answering a cover request: the first to take it gets the override, the requester may
withdraw it, and the one who covered (or an admin) may undo it (docs/alerts.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.alerts.cover_requests import RequestView, request_view, rotation_of
from core.alerts.model import CoverRequest, Cut, RequestStatus
from core.errors import (
    CoverRequestClosed,
    OverrideFillsRequest,
    OwnCoverRequest,
    OwnCoverRequestsOnly,
    OwnOverridesOnly,
    TakerMissing,
    UnknownCoverRequest,
)
from core.model import new_id
from core.people.model import Actor, Member
from core.ports import PersonalStore
from core.rotations.model import Override, Rotation
from core.rotations.overrides import cover
from core.rotations.stints import Stint, read_stints
from core.time.spans import Span


def take_cover(
    store: PersonalStore, actor: Actor, *, workspace_id: str, request_id: str, now: datetime
) -> RequestView:
    """Put the actor on call for what is left (from now) of the requester's on-call in the
    request, and close it as filled by them; all in one transaction that holds the
    workspace's schedule lock, so of two takers at once exactly one gets it. Refused when
    the request is closed or over, is the actor's own, or the actor is out then."""
    taker = actor.member
    if taker is None:
        raise TakerMissing()
    with store.transaction(lock_members=[taker.id]):
        store.rotations.lock(workspace_id)
        request = _open(store, workspace_id, request_id, now)
        rotation = rotation_of(store, request)
        if request.member_id == taker.id:
            raise OwnCoverRequest(rotation.name)
        begin = max(request.start, now.replace(second=0, microsecond=0))
        held = [
            s
            for s in read_stints(store, workspace_id, begin, request.end)
            if s.rotation.id == rotation.id and s.member_id == request.member_id
        ]
        if not held:
            raise CoverRequestClosed(rotation.name, "nothing of it is left to cover")
        cuts = [_cut(store, request, stint) for stint in held if stint.by_override]
        made = [_take(store, actor, rotation, stint, now) for stint in held]
        filled = store.cover_requests.transition(
            workspace_id,
            request.id,
            expected=RequestStatus.OPEN,
            to=RequestStatus.FILLED,
            covered_by=taker.id,
            override_ids=[o.id for o in made],
            now=now,
            cut=Cut(
                tuple(o for c in cuts for o in c.was), tuple(i for c in cuts for i in c.pieces)
            ),
        )
        if not filled:  # pragma: no cover - the lock above makes the re-read exact
            raise CoverRequestClosed(rotation.name, "someone took it first")
    return _view(store, workspace_id, request.id, now)


def withdraw_cover(
    store: PersonalStore, actor: Actor, *, workspace_id: str, request_id: str, now: datetime
) -> RequestView:
    """Close an open request unfilled; the requester's (or an admin's) to do."""
    with store.transaction():
        store.rotations.lock(workspace_id)
        request = _open(store, workspace_id, request_id, now, over_too=True)
        member = _member(store, request.workspace_id, request.member_id)
        if not (actor.is_admin or actor.member_id == member.id):
            raise OwnCoverRequestsOnly(actor.label, member.email)
        store.cover_requests.transition(
            workspace_id,
            request.id,
            expected=RequestStatus.OPEN,
            to=RequestStatus.WITHDRAWN,
            covered_by=None,
            override_ids=(),
            now=now,
        )
    return _view(store, workspace_id, request.id, now)


def undo_cover(
    store: PersonalStore, actor: Actor, *, workspace_id: str, request_id: str, now: datetime
) -> RequestView:
    """Remove the overrides that filled the request, give the requester back their own
    overrides that filling it cut, and open it again: for the one who covered and for
    admins, while the request is not over."""
    with store.transaction():
        store.rotations.lock(workspace_id)
        request = _get(store, workspace_id, request_id)
        rotation = rotation_of(store, request)
        if request.status is not RequestStatus.FILLED or request.covered_by is None:
            raise CoverRequestClosed(rotation.name, _why_not_filled(request))
        if request.end <= now:
            raise CoverRequestClosed(rotation.name, "it is over")
        taker = _member(store, workspace_id, request.covered_by)
        if not (actor.is_admin or actor.member_id == taker.id):
            raise OwnOverridesOnly(actor.label, taker.email)
        for override_id in (*request.override_ids, *request.cut.pieces):
            store.overrides.remove(workspace_id, override_id)
        for override in request.cut.was:
            if override.id not in request.cut.pieces:  # a piece of an earlier cut is gone
                store.overrides.add(override)
        store.cover_requests.transition(
            workspace_id,
            request.id,
            expected=RequestStatus.FILLED,
            to=RequestStatus.OPEN,
            covered_by=None,
            override_ids=(),
            now=now,
        )
    return _view(store, workspace_id, request.id, now)


def filled_by(store: PersonalStore, workspace_id: str, override_id: str) -> str | None:
    """The id of the filled request the override was made for, if any: removing it is an
    Undo of that request (docs/alerts.md)."""
    request = store.cover_requests.filled_with(workspace_id, override_id)
    return None if request is None else request.id


def refuse_if_filling(store: PersonalStore, workspace_id: str, override_id: str) -> None:
    """OverrideFillsRequest when the override filled a request: where the request's message
    cannot be redrawn, Undo on it is the way to remove the override."""
    request = store.cover_requests.filled_with(workspace_id, override_id)
    if request is not None:
        taker = store.members.get(workspace_id, request.covered_by or "")
        raise OverrideFillsRequest(
            rotation_of(store, request).name, taker.name if taker else "someone"
        )


def _take(
    store: PersonalStore, actor: Actor, rotation: Rotation, stint: Stint, now: datetime
) -> Override:
    """An override for the taker over the stint."""
    taken = cover(
        store,
        actor,
        workspace_id=rotation.workspace_id,
        rotation_name=rotation.name,
        span=Span(stint.start, stint.end),
        now=now,
    )
    return taken.override


def _cut(store: PersonalStore, request: CoverRequest, stint: Stint) -> Cut:
    """The requester's own overrides inside the stint (they had covered for someone), cut
    back to what lies outside it; what they were and the pieces left, for Undo."""
    ws = request.workspace_id
    was: list[Override] = []
    pieces: list[str] = []
    for override in store.overrides.in_window(ws, stint.start, stint.end, stint.rotation.id):
        if override.member_id != request.member_id:  # pragma: no cover - the stint is theirs
            continue
        store.overrides.remove(ws, override.id)
        was.append(override)
        for start, end in ((override.start, stint.start), (stint.end, override.end)):
            if start < end:
                piece = replace(override, id=new_id("ovr"), start=start, end=end)
                store.overrides.add(piece)
                pieces.append(piece.id)
    return Cut(tuple(was), tuple(pieces))


def _open(
    store: PersonalStore,
    workspace_id: str,
    request_id: str,
    now: datetime,
    *,
    over_too: bool = False,
) -> CoverRequest:
    """The request, refused unless it is open (and, to be taken, not over)."""
    request = _get(store, workspace_id, request_id)
    rotation = rotation_of(store, request)
    if request.status is not RequestStatus.OPEN:
        raise CoverRequestClosed(rotation.name, _why_closed(store, request))
    if not over_too and request.end <= now:
        raise CoverRequestClosed(rotation.name, "it is over")
    return request


def _why_closed(store: PersonalStore, request: CoverRequest) -> str:
    if request.status is RequestStatus.WITHDRAWN:
        return "it was withdrawn"
    taker = store.members.get(request.workspace_id, request.covered_by or "")
    return f"{taker.name} covers it" if taker else "it was filled"


def _why_not_filled(request: CoverRequest) -> str:
    if request.status is RequestStatus.WITHDRAWN:
        return "it was withdrawn"
    return "nobody covers it yet"


def _get(store: PersonalStore, workspace_id: str, request_id: str) -> CoverRequest:
    request = store.cover_requests.get(workspace_id, request_id)
    if request is None:
        raise UnknownCoverRequest(request_id)
    return request


def _member(store: PersonalStore, workspace_id: str, member_id: str) -> Member:
    member = store.members.get(workspace_id, member_id)
    if member is None:  # pragma: no cover - members are never deleted
        raise UnknownCoverRequest(member_id)
    return member


def _view(store: PersonalStore, workspace_id: str, request_id: str, now: datetime) -> RequestView:
    request = _get(store, workspace_id, request_id)
    return request_view(store, request, now=now)
