"""Who may do what: members act for themselves, admins (and the operator) for anyone."""

from __future__ import annotations

from dataclasses import replace

from core.errors import AdminOnly, OwnRecordsOnly
from core.people.model import Actor, Member


def require_admin(actor: Actor, what: str) -> None:
    if not actor.is_admin:
        raise AdminOnly(actor.label, what)


def require_self_or_admin(actor: Actor, member: Member, what: str) -> None:
    if actor.is_admin or actor.member_id == member.id:
        return
    raise OwnRecordsOnly(actor.label, what, member.email)


def with_configured_admins(member: Member, admins: tuple[str, ...]) -> Member:
    """The member, made an admin when `AVAILBOT_ADMINS` names their Slack id or email."""
    named = {a.lower() for a in admins}
    if member.admin or not named:
        return member
    if member.email.lower() in named or (member.slack_user_id or "").lower() in named:
        return replace(member, admin=True)
    return member
