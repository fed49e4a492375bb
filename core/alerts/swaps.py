"""Swapping shifts: a member offers one of their upcoming shifts for a teammate's; on accept
each covers the other's shift by an override, in one transaction (docs/rotations.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.alerts.model import ShiftSwap, SwapStatus
from core.errors import NotYourSwap, SwapRefused, TakerMissing, UnknownRotation
from core.model import new_id
from core.people.model import Actor, Member
from core.ports import PersonalStore
from core.rotations.model import Rotation
from core.rotations.overrides import cover
from core.rotations.stints import Stint, read_stints
from core.time.spans import Span

SWAP_AHEAD = timedelta(days=42)  # how far ahead upcoming shifts are offered
Shift = tuple[str, datetime, datetime]  # rotation id, start, end


@dataclass(frozen=True)
class SwapView:
    swap: ShiftSwap
    requester: Member
    teammate: Member
    mine: Rotation  # the requester's shift's rotation
    theirs: Rotation


def upcoming(store: PersonalStore, workspace_id: str, now: datetime) -> list[Stint]:
    """Every member's whole stints that have not started, none partly an override: the
    shifts one may offer or ask for."""
    horizon = now + SWAP_AHEAD
    return [
        s
        for s in read_stints(store, workspace_id, now, horizon)
        if s.start > now and s.end < horizon and not s.by_override
    ]


def offer_swap(
    store: PersonalStore,
    actor: Actor,
    *,
    workspace_id: str,
    mine: Shift,
    theirs: Shift,
    now: datetime,
) -> SwapView:
    """Store the actor's offer of `mine` for a teammate's `theirs`, both upcoming shifts."""
    me = actor.member
    if me is None:
        raise TakerMissing()
    mine_stint = _held(store, workspace_id, mine, now, "your shift")
    theirs_stint = _held(store, workspace_id, theirs, now, "their shift")
    if mine_stint.member_id != me.id:
        raise SwapRefused("the first shift is not yours")
    if theirs_stint.member_id == me.id:
        raise SwapRefused("both shifts are yours; pick a teammate's")
    swap = ShiftSwap(
        new_id("swp"), workspace_id, me.id, theirs_stint.member_id, mine, theirs,
        SwapStatus.OPEN, now,
    )  # fmt: skip
    store.swaps.add(swap)
    return swap_view(store, swap)


def accept_swap(
    store: PersonalStore, actor: Actor, *, workspace_id: str, swap_id: str, now: datetime
) -> SwapView:
    """Both shifts become overrides and the swap closes as accepted, in one transaction
    holding the rotations lock; refused when it was answered, a shift changed meanwhile,
    or either person is out during the shift they would take."""
    with store.transaction():
        store.rotations.lock(workspace_id)
        swap = _open(store, actor, workspace_id, swap_id)
        view = swap_view(store, swap)
        for shift, owner in ((swap.mine, swap.requester_id), (swap.theirs, swap.teammate_id)):
            if _held(store, workspace_id, shift, now, "a shift").member_id != owner:
                raise SwapRefused("a shift changed hands meanwhile")
        made = [
            _cover(store, view.teammate, view.mine, swap.mine, now),
            _cover(store, view.requester, view.theirs, swap.theirs, now),
        ]
        _close(store, swap, SwapStatus.ACCEPTED, made, now)
    return swap_view(store, _get(store, workspace_id, swap_id))


def decline_swap(
    store: PersonalStore, actor: Actor, *, workspace_id: str, swap_id: str, now: datetime
) -> SwapView:
    with store.transaction():
        swap = _open(store, actor, workspace_id, swap_id)
        _close(store, swap, SwapStatus.DECLINED, [], now)
    return swap_view(store, _get(store, workspace_id, swap_id))


def swap_view(store: PersonalStore, swap: ShiftSwap) -> SwapView:
    ws = swap.workspace_id
    people = store.members.many(ws, {swap.requester_id, swap.teammate_id})
    return SwapView(
        swap,
        people[swap.requester_id],
        people[swap.teammate_id],
        _rotation(store, ws, swap.mine[0]),
        _rotation(store, ws, swap.theirs[0]),
    )


def _held(store: PersonalStore, ws: str, shift: Shift, now: datetime, what: str) -> Stint:
    """The upcoming stint exactly `shift`, else the refusal saying it changed or started."""
    rotation_id, start, end = shift
    if start <= now:
        raise SwapRefused(f"{what} has started")
    found = [
        s
        for s in read_stints(store, ws, now, end + timedelta(minutes=1))
        if s.rotation.id == rotation_id and (s.start, s.end) == (start, end)
    ]
    if not found or found[0].by_override:
        raise SwapRefused(f"{what} changed meanwhile (an override or a new schedule)")
    return found[0]


def _cover(
    store: PersonalStore, taker: Member, rotation: Rotation, shift: Shift, now: datetime
) -> str:
    """Each takes the other's shift in their own name: both agreed to it."""
    made = cover(
        store,
        Actor(taker),
        workspace_id=rotation.workspace_id,
        rotation_name=rotation.name,
        span=Span(shift[1], shift[2]),
        member=taker,
        now=now,
    )
    return made.override.id


def _open(store: PersonalStore, actor: Actor, ws: str, swap_id: str) -> ShiftSwap:
    swap = _get(store, ws, swap_id)
    if actor.member_id != swap.teammate_id:
        teammate = store.members.get(ws, swap.teammate_id)
        raise NotYourSwap(actor.label, teammate.name if teammate else swap.teammate_id)
    if swap.status is not SwapStatus.OPEN:
        raise SwapRefused(f"it was {swap.status.value} already")
    return swap


def _close(
    store: PersonalStore, swap: ShiftSwap, to: SwapStatus, made: list[str], now: datetime
) -> None:
    if not store.swaps.answer(swap.workspace_id, swap.id, to=to, override_ids=made, now=now):
        answered = _get(store, swap.workspace_id, swap.id).status.value
        raise SwapRefused(f"it was {answered} already")


def _get(store: PersonalStore, ws: str, swap_id: str) -> ShiftSwap:
    swap = store.swaps.get(ws, swap_id)
    if swap is None:
        raise SwapRefused("no such swap")
    return swap


def _rotation(store: PersonalStore, ws: str, rotation_id: str) -> Rotation:
    rotation = store.rotations.get(ws, rotation_id)
    if rotation is None:
        raise UnknownRotation(rotation_id)
    return rotation
