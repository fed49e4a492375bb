"""Who may do what: members act for themselves, admins (and the operator) for anyone."""

from __future__ import annotations

from core.errors import NotPermitted
from core.model import Actor, Member


def require_admin(actor: Actor, what: str) -> None:
    if not actor.is_admin:
        raise NotPermitted(f"Only admins may {what}; {actor.label} is not an admin.")


def require_self_or_admin(actor: Actor, member: Member, what: str) -> None:
    if actor.is_admin or actor.member_id == member.id:
        return
    raise NotPermitted(
        f"{actor.label} may not {what} for {member.email}: members act only on their own "
        "records. Ask an admin, or leave out the other member."
    )
