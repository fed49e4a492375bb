"""One rotation defined or changed from a form: the stored file with that entry, applied."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from core.errors import DuplicateRotationName, InvalidRotation, InvalidSchedule, UnknownRotation
from core.people.model import Actor
from core.people.permissions import require_admin
from core.ports import AvailabilityStore
from core.rotations.model import Rotation, RotationVersion
from core.rotations.shifts import shift_at, shift_end_after, shifts
from core.schedules.file import apply_document, show_schedules
from core.schedules.sections import Changes, Table

AHEAD = timedelta(days=35)  # how far "what changes for whom" looks past the change
_FIELD = re.compile(r"^rotation\[\d+\]\.(\w+)")


@dataclass(frozen=True)
class RotationForm:
    """A rotation as a form gives it: texts as the schedules file spells them."""

    name: str
    timezone: str
    shift: str  # e.g. "1w"
    handoff: str  # e.g. "mon 09:00" or "09:00"
    start: date | None
    member_ids: tuple[str, ...]  # in turn order


@dataclass(frozen=True)
class Swapped:
    """From `start`, `after` (a member id) is on call where `before` was (None: nobody)."""

    start: datetime
    before: str | None
    after: str


@dataclass(frozen=True)
class SavedRotation:
    rotation: Rotation
    created: bool
    changes: Changes
    effective_from: datetime | None  # when the new version rules (None: new, or no change)
    swapped: tuple[Swapped, ...]


def save_rotation(
    store: AvailabilityStore, actor: Actor, *, workspace_id: str, form: RotationForm,
    replacing: str | None, fallback_zone: str, now: datetime,
) -> SavedRotation:  # fmt: skip
    """Write the form as `schedules apply` would write the stored file with this one entry
    added (`replacing` None) or replaced: past on-call never changes, a change rules from the
    next hand-off. Raises InvalidRotation with each problem by field, changing nothing."""
    require_admin(actor, "define a rotation")
    with store.transaction():
        store.rotations.lock(workspace_id)  # the file read below is the one written back
        document = show_schedules(store, workspace_id)
        before = _before(store, workspace_id, form.name, replacing)
        form = _unrotated(form, before.rotation, now)
        entries = [e for e in document["rotation"] if str(e["name"]).casefold() != before.name]
        entries.append(_entry(store, workspace_id, form))
        document["rotation"] = entries
        try:
            changes = apply_document(
                store, workspace_id=workspace_id, document=document,
                fallback_zone=fallback_zone, now=now,
            )  # fmt: skip
        except InvalidSchedule as exc:
            raise InvalidRotation(_by_field(exc, len(entries) - 1)) from None
    saved = store.rotations.by_name(workspace_id, form.name)
    assert saved is not None  # just written, in this transaction
    return _saved(saved, before.versions, changes, now)


@dataclass(frozen=True)
class _Before:
    name: str  # the replaced rotation's folded name ("": none replaced)
    versions: tuple[RotationVersion, ...]
    rotation: Rotation | None


def _before(
    store: AvailabilityStore, workspace_id: str, name: str, replacing: str | None
) -> _Before:
    taken = store.rotations.by_name(workspace_id, name) if name else None
    if replacing is None:
        if taken is not None:
            raise InvalidRotation({"name": str(DuplicateRotationName(taken.name))})
        return _Before("", (), None)
    current = store.rotations.by_name(workspace_id, replacing)
    if current is None:
        raise UnknownRotation(replacing)
    if name.casefold() != current.name.casefold():
        raise InvalidRotation({"name": "a rotation keeps its name when edited"})
    return _Before(current.name.casefold(), tuple(current.versions), current)


def _unrotated(form: RotationForm, current: Rotation | None, now: datetime) -> RotationForm:
    """The stored order back when the form changes nothing but shows it as turn_order: saving
    an untouched form is no change (not a new version that says the same)."""
    if current is None or form.member_ids != turn_order(current, now):
        return form
    old = current.definition
    same = (form.shift, form.handoff, form.timezone, form.start) == (
        str(old.shift),
        str(old.handoff),
        old.timezone,
        old.start,
    )
    return replace(form, member_ids=old.member_ids) if same else form


def _entry(store: AvailabilityStore, workspace_id: str, form: RotationForm) -> Table:
    emails = {m.id: m.email for m in store.members.all(workspace_id)}
    entry: Table = {"name": form.name, "timezone": form.timezone, "shift": form.shift}
    entry["handoff"] = form.handoff
    if form.start is not None:
        entry["start"] = form.start
    entry["members"] = [emails.get(m, m) for m in form.member_ids]
    return entry


def _by_field(exc: InvalidSchedule, index: int) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in exc.problems:
        found = _FIELD.match(problem.path)
        mine = problem.path.startswith(f"rotation[{index}]")
        key = found.group(1) if found and mine else "name"
        fields.setdefault(key, problem.message)
    return fields


def _saved(
    rotation: Rotation, before: tuple[RotationVersion, ...], changes: Changes, now: datetime
) -> SavedRotation:
    if not before:
        return SavedRotation(rotation, True, changes, None, ())
    after = tuple(rotation.versions)
    if after == before:
        return SavedRotation(rotation, False, changes, None, ())
    since = after[-1].effective_from or now
    return SavedRotation(rotation, False, changes, since, swaps(before, after, since))


def swaps(
    before: Sequence[RotationVersion], after: Sequence[RotationVersion], since: datetime
) -> tuple[Swapped, ...]:
    """The shifts starting in the AHEAD after `since` whose member the change replaces."""
    old = shifts(before, since, since + AHEAD)
    found: list[Swapped] = []
    for shift in shifts(after, since, since + AHEAD):
        was = next((s.member_id for s in old if s.start <= shift.start < s.end), None)
        if was != shift.member_id:
            found.append(Swapped(shift.start, was, shift.member_id))
    return tuple(found)


def turn_order(rotation: Rotation, now: datetime) -> tuple[str, ...]:
    """The members as a changed version would take turns from the next hand-off: whoever has
    that shift first (a new version starts its list there), so an edit that only changes the
    hours keeps everyone's turn."""
    members = rotation.definition.member_ids
    handoff = shift_end_after(rotation.versions, now)
    due = shift_at(rotation.versions, handoff) if handoff is not None else None
    if due is None or due.member_id not in members:
        return tuple(members)
    first = members.index(due.member_id)
    return (*members[first:], *members[:first])
