"""Which channel's digest (and so its coverage alerts) covers a rotation, and making one do."""

from __future__ import annotations

from dataclasses import replace

from core.errors import NoDigestHere
from core.people.model import Actor
from core.people.permissions import require_admin
from core.ports import DigestStore


def channel_covering(store: DigestStore, workspace_id: str, rotation_name: str) -> str | None:
    """The channel whose digest names the rotation, else one whose digest covers every
    rotation; None when no digest covers it."""
    folded = rotation_name.casefold()
    subscriptions = store.digests.subscriptions(workspace_id)
    named = [s.channel for s in subscriptions if folded in s.rotations]
    every = [s.channel for s in subscriptions if not s.rotations]
    return next(iter(named + every), None)


def cover_in_channel(
    store: DigestStore, actor: Actor, *, workspace_id: str, channel: str, rotation_name: str
) -> None:
    """Make the channel's digest cover the rotation (added to the rotations it lists; one
    that lists none covers every rotation already). Raises NoDigestHere without a digest."""
    require_admin(actor, "choose a digest's rotations")
    with store.transaction():
        found = store.digests.for_channel(workspace_id, channel)
        if found is None:
            raise NoDigestHere(channel)
        folded = rotation_name.casefold()
        if found.rotations and folded not in found.rotations:
            store.digests.save(replace(found, rotations=(*found.rotations, folded)))
