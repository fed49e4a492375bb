"""Who gets which calendar link, named as people name them: `EMAIL`, `rotation NAME`, `team`."""

from __future__ import annotations

from datetime import datetime

from core.calendar.links import (
    TEAM,
    Subject,
    issue_link,
    of_rotation,
    personal,
    require_rights,
    revoke_all_links,
    revoke_link,
    rotate_link,
)
from core.calendar.model import CalendarLink, IssuedLink
from core.errors import MissingArgument
from core.people.members import find_member
from core.people.model import Actor, Member
from core.people.permissions import require_admin
from core.ports import CalendarStore
from core.rotations.queries import find_rotation

SUBJECT_USAGE = "an email, `rotation NAME` or `team`"


def subject_named(store: CalendarStore, workspace_id: str, text: str) -> Subject:
    """`team`, `rotation NAME` (any case) or a member's email."""
    word, _, rest = text.strip().partition(" ")
    if not word:
        raise MissingArgument("which calendar link", SUBJECT_USAGE)
    if word.lower() == "team" and not rest.strip():
        return TEAM
    if word.lower() == "rotation":
        if not rest.strip():
            raise MissingArgument("the rotation's name", "`rotation NAME`")
        return of_rotation(find_rotation(store, workspace_id, rest.strip()))
    return personal(find_member(store, workspace_id, text.strip()))


def links_for(
    store: CalendarStore, actor: Actor, workspace_id: str, *, secret: str, now: datetime
) -> tuple[IssuedLink, ...]:
    """The actor's own link (the operator has none); for admins, then, every rotation's and
    the team's."""
    own = () if actor.member is None else (personal_link(store, actor, actor.member, secret, now),)
    if not actor.is_admin:
        return own
    return own + shared_links(store, actor, workspace_id, secret=secret, now=now)


def personal_link(
    store: CalendarStore, actor: Actor, member: Member, secret: str, now: datetime
) -> IssuedLink:
    subject = personal(member)
    require_rights(actor, subject)
    return issue_link(store, member.workspace_id, subject, secret=secret, now=now)


def shared_links(
    store: CalendarStore, actor: Actor, workspace_id: str, *, secret: str, now: datetime
) -> tuple[IssuedLink, ...]:
    """Every rotation's link, by name, then the team's (admins only)."""
    require_admin(actor, "have the rotation and team calendar links")
    subjects = [of_rotation(r) for r in store.rotations.all(workspace_id)] + [TEAM]
    return tuple(issue_link(store, workspace_id, s, secret=secret, now=now) for s in subjects)


def new_link(
    store: CalendarStore,
    actor: Actor,
    workspace_id: str,
    subject: Subject,
    *,
    secret: str,
    now: datetime,
) -> IssuedLink:
    """Rotate: a new link for the subject, the old one answering 404 from now on."""
    require_rights(actor, subject)
    return rotate_link(store, workspace_id, subject, secret=secret, now=now)


def end_link(
    store: CalendarStore, actor: Actor, workspace_id: str, subject: Subject, *, now: datetime
) -> CalendarLink:
    """Revoke the subject's link; asking for it again makes a new one."""
    require_rights(actor, subject)
    return revoke_link(store, workspace_id, subject, now=now)


def end_all_links(store: CalendarStore, actor: Actor, workspace_id: str, *, now: datetime) -> int:
    """Revoke every link of the workspace, members' too (admins only); how many."""
    require_admin(actor, "revoke every calendar link")
    return revoke_all_links(store, workspace_id, now=now)
