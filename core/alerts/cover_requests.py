"""Asking for cover (Find cover, `cover me`): which of the member's on-call, in which channel,
suggesting whom; and a stored request as its message shows it (docs/alerts.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.alerts.model import CoverRequest, RequestStatus
from core.digest.due import Subscription
from core.errors import (
    AmbiguousRotation,
    CoverAlreadyRequested,
    NoCoverChannel,
    NotOnCall,
    UnknownCoverRequest,
    UnknownRotation,
)
from core.model import new_id
from core.people.model import Actor, Member
from core.people.permissions import require_self_or_admin
from core.ports import PersonalStore
from core.rotations.model import Rotation
from core.rotations.queries import cover_suggestions
from core.rotations.stints import Stint, read_stints
from core.time.spans import Span, zone
from core.time.words import describe_span


@dataclass(frozen=True)
class RequestView:
    """A cover request with what its message names: the rotation, whose on-call, the channel's
    zone, who could cover (while open) and who did."""

    request: CoverRequest
    rotation: Rotation
    member: Member
    zone: str
    suggestions: tuple[Member, ...] = ()
    covered_by: Member | None = None
    mentions: bool = True  # the channel's digest says whether people are mentioned


def cover_channel(subscriptions: Sequence[Subscription], rotation: Rotation) -> Subscription | None:
    """The channel whose digest covers the rotation: one naming it, else one showing every
    rotation; the first by channel among equals."""
    naming = [
        s for s in subscriptions if rotation.name.casefold() in {r.casefold() for r in s.rotations}
    ]
    every = [s for s in subscriptions if not s.rotations]
    found = naming or every
    return found[0] if found else None


def ask_cover(
    store: PersonalStore,
    actor: Actor,
    *,
    workspace_id: str,
    member: Member,
    span: Span,
    rotation: Rotation | None,
    now: datetime,
) -> RequestView:
    """A stored open request for the member's on-call in the span (from now on) of the
    rotation, or of the one rotation they are on call for then. The caller posts it and
    records the message (or removes the request if Slack surely did not post it)."""
    require_self_or_admin(actor, member, "ask for cover")
    start = max(span.start, now.replace(second=0, microsecond=0))
    held = _held(store, workspace_id, member, span, start, rotation)
    chosen = held[0].rotation
    begin, end = held[0].start, held[-1].end
    words = describe_span(Span(begin, end), zone(chosen.timezone))
    subscription = cover_channel(store.digests.subscriptions(workspace_id), chosen)
    if subscription is None:
        raise NoCoverChannel(chosen.name)
    request = CoverRequest(
        new_id("cov"),
        workspace_id,
        chosen.id,
        member.id,
        begin,
        end,
        subscription.channel,
        RequestStatus.OPEN,
        actor.member_id,
        now,
    )
    with store.transaction():
        store.rotations.lock(workspace_id)  # two clicks on Find cover ask once
        if store.cover_requests.open_overlapping(workspace_id, chosen.id, member.id, begin, end):
            raise CoverAlreadyRequested(chosen.name, words)
        store.cover_requests.add(request)
    found = cover_suggestions(store, workspace_id, chosen, member, begin, end)
    return RequestView(
        request, chosen, member, subscription.zone, found, mentions=subscription.mentions
    )


def _held(
    store: PersonalStore,
    workspace_id: str,
    member: Member,
    span: Span,
    start: datetime,
    rotation: Rotation | None,
) -> list[Stint]:
    """The member's stints in [start, span.end) of the one rotation asked about."""
    words = describe_span(span, zone(member.tz or (rotation.timezone if rotation else "UTC")))
    found = (
        [
            s
            for s in read_stints(store, workspace_id, start, span.end)
            if s.member_id == member.id and (rotation is None or s.rotation.id == rotation.id)
        ]
        if start < span.end
        else []
    )
    if not found:
        raise NotOnCall(member.name, rotation.name if rotation else None, words)
    names = sorted({s.rotation.name for s in found}, key=str.casefold)
    if len(names) > 1:
        raise AmbiguousRotation(member.name, names)
    return found


def view_request(
    store: PersonalStore, workspace_id: str, request_id: str, *, now: datetime
) -> RequestView:
    """The request as its message shows it now (suggestions only while it is open)."""
    request = store.cover_requests.get(workspace_id, request_id)
    if request is None:
        raise UnknownCoverRequest(request_id)
    return request_view(store, request, now=now)


def rotation_of(store: PersonalStore, request: CoverRequest) -> Rotation:
    rotation = store.rotations.get(request.workspace_id, request.rotation_id)
    if rotation is None:  # removed with its schedules file entry since
        raise UnknownRotation(request.rotation_id)
    return rotation


def request_view(store: PersonalStore, request: CoverRequest, *, now: datetime) -> RequestView:
    ws = request.workspace_id
    rotation = rotation_of(store, request)
    people = store.members.many(ws, {request.member_id, request.covered_by or request.member_id})
    member = people[request.member_id]
    subscription = store.digests.for_channel(ws, request.channel)
    shown_zone = subscription.zone if subscription else rotation.timezone
    mentions = subscription.mentions if subscription else True
    found: tuple[Member, ...] = ()
    if request.status is RequestStatus.OPEN and request.end > now:
        begin = max(request.start, now)
        found = cover_suggestions(store, ws, rotation, member, begin, request.end)
    covered = people.get(request.covered_by) if request.covered_by else None
    return RequestView(request, rotation, member, shown_zone, found, covered, mentions)
