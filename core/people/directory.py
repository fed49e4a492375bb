"""The member directory from Slack (docs/slack-setup.md): what to add, update and deactivate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from core.errors import (
    NoProfileEmail,
    UnknownTimeZone,
    UnlinkableSlackUser,
)
from core.model import new_id
from core.people.model import Member
from core.people.permissions import with_configured_admins
from core.ports import Store
from core.text import cleaned_name
from core.time.spans import zone

SLACKBOT = "USLACKBOT"


@dataclass(frozen=True)
class SlackProfile:
    """What Slack says about one user, already read out of its JSON."""

    user_id: str
    email: str | None
    name: str
    tz: str | None = None
    admin: bool = False
    deleted: bool = False
    bot: bool = False

    @property
    def is_person(self) -> bool:
        return not self.bot and self.user_id != SLACKBOT


@dataclass(frozen=True)
class SyncPlan:
    """The changes a sync makes; `skipped` names people without an email we could see."""

    add: tuple[Member, ...] = ()
    update: tuple[Member, ...] = ()
    deactivate: tuple[Member, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        words = (
            f"{len(self.add)} added, {len(self.update)} updated, {len(self.deactivate)} deactivated"
        )
        if self.skipped:
            words += f", {len(self.skipped)} skipped (no email visible: {', '.join(self.skipped)})"
        return words + "."


def plan_sync(
    workspace_id: str,
    profiles: Iterable[SlackProfile],
    members: Sequence[Member],
    admins: tuple[str, ...] = (),
) -> SyncPlan:
    """Compare Slack's users with the directory: people only (no bots, no Slackbot); a known
    user is found by Slack id, else by email (and linked); deleted known users go inactive."""
    by_slack = {m.slack_user_id: m for m in members if m.slack_user_id}
    by_email = {m.email.casefold(): m for m in members}
    add: list[Member] = []
    update: list[Member] = []
    deactivate: list[Member] = []
    skipped: list[str] = []
    for profile in profiles:
        if not profile.is_person:
            continue
        known = by_slack.get(profile.user_id) or _unlinked(by_email, profile)
        if profile.deleted:
            if known is not None and known.active:
                deactivate.append(replace(known, active=False, slack_user_id=profile.user_id))
            continue
        if known is None and not profile.email:
            skipped.append(profile.user_id)
            continue
        wanted = _wanted(workspace_id, profile, known, by_email, admins)
        if known is None:
            add.append(wanted)
            by_email[wanted.email.casefold()] = wanted
        elif wanted != known:
            update.append(wanted)
    return SyncPlan(tuple(add), tuple(update), tuple(deactivate), tuple(skipped))


def apply_sync(store: Store, plan: SyncPlan) -> None:
    """Store a plan in one transaction."""
    with store.transaction():
        for member in plan.add:
            store.members.add(member)
        for member in (*plan.update, *plan.deactivate):
            store.members.update(member)


def sync_members(
    store: Store, workspace_id: str, profiles: Iterable[SlackProfile], admins: tuple[str, ...]
) -> SyncPlan:
    """Plan against the directory as stored now, and apply."""
    plan = plan_sync(workspace_id, profiles, store.members.all(workspace_id), admins)
    apply_sync(store, plan)
    return plan


def member_for_profile(
    store: Store, workspace_id: str, profile: SlackProfile, admins: tuple[str, ...]
) -> Member:
    """The member for a Slack user met for the first time (looked up with `users.info`):
    linked by email when the directory has them, else added."""
    if not profile.is_person or profile.deleted:
        raise UnlinkableSlackUser(profile.user_id, "it is a bot or deactivated")
    if not profile.email and store.members.by_slack_id(workspace_id, profile.user_id) is None:
        raise NoProfileEmail(profile.user_id)
    plan = sync_members(store, workspace_id, [profile], admins)
    found = store.members.by_slack_id(workspace_id, profile.user_id)
    if found is None:  # pragma: no cover - the plan above added or linked them
        raise UnlinkableSlackUser(profile.user_id, f"it could not be added ({plan.summary})")
    return found


def _unlinked(by_email: dict[str, Member], profile: SlackProfile) -> Member | None:
    """A member with the profile's email that is not linked to another Slack user."""
    found = by_email.get((profile.email or "").casefold())
    if found is None or found.slack_user_id not in (None, profile.user_id):
        return None
    return found


def _wanted(
    workspace_id: str,
    profile: SlackProfile,
    known: Member | None,
    by_email: dict[str, Member],
    admins: tuple[str, ...],
) -> Member:
    """The member as Slack describes them (a known email is kept if another member has it)."""
    email = profile.email or (known.email if known else "")
    holder = by_email.get(email.casefold())
    if known is not None and holder is not None and holder.id != known.id:
        email = known.email
    name = cleaned_name(profile.name)
    base = known or Member(new_id("mem"), workspace_id, email, name, None)
    member = replace(
        base,
        email=email,
        name=name or base.name,
        tz=_zone_or(profile.tz, base.tz),
        slack_user_id=profile.user_id,
        admin=profile.admin,
        active=True,
    )
    return with_configured_admins(member, admins)


def _zone_or(name: str | None, fallback: str | None) -> str | None:
    if not name:
        return fallback
    try:
        zone(name)
    except UnknownTimeZone:
        return fallback
    return name
