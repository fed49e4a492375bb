"""Secret links to calendar feeds (docs/calendar.md#links): issued on first ask, derived
again from the server's secret whenever shown, stored only as a hash, rotated and revoked.

A link's token is an HMAC of its random id under AVAILBOT_CALENDAR_SECRET, so the database
holds nothing that opens a feed: only SHA-256 of the token, to find the link it names. A
token opens its link only while it is the HMAC under the server's secret: changing the
secret ends every link at once, and asking for one then replaces it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.calendar.model import CalendarLink, FeedKind, IssuedLink
from core.errors import DatabaseBusy, OwnCalendarOnly, UnknownCalendarLink
from core.model import new_id
from core.people.model import Actor, Member
from core.people.permissions import require_admin
from core.ports import CalendarStore
from core.rotations.model import Rotation

TOUCH_EVERY = timedelta(seconds=60)  # a burst of refreshes must not write on every fetch
_TOKEN = re.compile(r"[a-z2-7]{32}")  # 160 bits of lowercase base32
_TOKEN_BYTES = 20


@dataclass(frozen=True)
class Subject:
    """What a link is for: `id` is the member's or rotation's (team: ""), `label` says it."""

    kind: FeedKind
    id: str
    label: str


TEAM = Subject(FeedKind.TEAM, "", "team")


def personal(member: Member) -> Subject:
    return Subject(FeedKind.PERSONAL, member.id, member.email)


def of_rotation(rotation: Rotation) -> Subject:
    return Subject(FeedKind.ROTATION, rotation.id, rotation.name)


def require_rights(actor: Actor, subject: Subject) -> None:
    """Members have their own personal link; admins (and the operator) every link."""
    if subject.kind is FeedKind.PERSONAL:
        if not (actor.is_admin or actor.member_id == subject.id):
            raise OwnCalendarOnly(actor.label, subject.label)
    else:
        require_admin(actor, f"have the {subject.kind.value} calendar links")


def issue_link(
    store: CalendarStore, workspace_id: str, subject: Subject, *, secret: str, now: datetime
) -> IssuedLink:
    """The subject's live link with its token, made on first ask."""
    live = store.calendars.live(workspace_id, subject.kind, subject.id)
    if live is not None:
        token = derive_token(secret, live.id)
        if hmac.compare_digest(token_hash(token), live.token_hash):
            return IssuedLink(live, token, subject.label)
        store.calendars.revoke(live.id, now)  # made under another secret: unshowable
    return _new_link(store, workspace_id, subject, secret=secret, now=now)


def rotate_link(
    store: CalendarStore, workspace_id: str, subject: Subject, *, secret: str, now: datetime
) -> IssuedLink:
    """A new link for the subject; its old one (if any) answers 404 from now on."""
    with store.transaction():
        live = store.calendars.live(workspace_id, subject.kind, subject.id)
        if live is not None:
            store.calendars.revoke(live.id, now)
        return _new_link(store, workspace_id, subject, secret=secret, now=now)


def revoke_link(
    store: CalendarStore, workspace_id: str, subject: Subject, *, now: datetime
) -> CalendarLink:
    """Revoke the subject's live link: it answers 404 from now on, as if it never existed.
    Asking for the subject's link again makes a new one."""
    with store.transaction():
        live = store.calendars.live(workspace_id, subject.kind, subject.id)
        if live is None:
            raise UnknownCalendarLink(_what(subject))
        store.calendars.revoke(live.id, now)
    return replace(live, revoked_at=now)


def revoke_all_links(store: CalendarStore, workspace_id: str, *, now: datetime) -> int:
    """Revoke every live link of the workspace at once; how many. Each answers 404 from now
    on, and asking for one again makes a new one."""
    with store.transaction():
        return store.calendars.revoke_all(workspace_id, now)


def open_link(
    store: CalendarStore, token: str, now: datetime, *, secret: str | None
) -> CalendarLink | None:
    """The live link `token` names, its fetch recorded (at most once a minute); None for
    anything else, which reads exactly like a token never issued: a revoked link, or one
    made under another secret (or with none set), whose token `secret` does not derive."""
    if secret is None or not _TOKEN.fullmatch(token):
        return None
    link = store.calendars.by_hash(token_hash(token))
    if link is None or not hmac.compare_digest(derive_token(secret, link.id), token):
        return None
    if link.last_fetched_at is None or now - link.last_fetched_at >= TOUCH_EVERY:
        with suppress(DatabaseBusy):  # the last fetch is for people to read: never fail on it
            store.calendars.touch(link.id, now)
    return link


def derive_token(secret: str, link_id: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"calendar link {link_id}".encode(), hashlib.sha256)
    return base64.b32encode(mac.digest()[:_TOKEN_BYTES]).decode("ascii").lower()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_link(
    store: CalendarStore, workspace_id: str, subject: Subject, *, secret: str, now: datetime
) -> IssuedLink:
    link_id = new_id("cal")
    token = derive_token(secret, link_id)
    made = CalendarLink(link_id, workspace_id, subject.kind, subject.id, token_hash(token), now)
    with store.transaction():
        live = store.calendars.add(made)
    if live.id != made.id:  # another process made the subject's link first: show that one
        return IssuedLink(live, derive_token(secret, live.id), subject.label)
    return IssuedLink(live, token, subject.label)


def _what(subject: Subject) -> str:
    if subject.kind is FeedKind.TEAM:
        return "the team"
    return f"{subject.kind.value} {subject.label}"
