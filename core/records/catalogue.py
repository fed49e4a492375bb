"""Use cases for the catalogue of unavailability types: list, add, rename, archive, restore."""

from __future__ import annotations

from dataclasses import replace

from core.errors import InvalidKind, MissingName, NameTooLong, UnknownType
from core.model import Page, new_id
from core.people.model import Actor
from core.people.permissions import require_admin
from core.ports import Store
from core.records.model import DEFAULT_TYPE, Kind, UnavailabilityType
from core.text import checked_name, checked_note, name_problem

_KIND_WORDS = {
    "hard": Kind.HARD,
    "hard_unavailable": Kind.HARD,
    "soft": Kind.SOFT,
    "soft_unavailable": Kind.SOFT,
    "wants_pager": Kind.WANTS_PAGER,
    "volunteer": Kind.WANTS_PAGER,
}
NAME_LIMIT = 100


def parse_kind(word: str) -> Kind:
    try:
        return _KIND_WORDS[word.strip().lower().replace("-", "_")]
    except KeyError:
        raise InvalidKind(word) from None


def list_types(
    store: Store,
    workspace_id: str,
    *,
    archived: bool = False,
    name_contains: str | None = None,
    page: int = 0,
    page_size: int = 50,
) -> Page[UnavailabilityType]:
    """Sorted by name. Text no type name can hold (too long, or with characters names may
    not have) matches nothing, and never reaches the database (PostgreSQL refuses NUL)."""
    if name_contains and (len(name_contains) > NAME_LIMIT or name_problem(name_contains)):
        return Page(0, [], page, page_size, ("name",))
    return store.types.paged(
        workspace_id, archived=archived, name_contains=name_contains, page=page, page_size=page_size
    )


def find_type(store: Store, workspace_id: str, name: str | None) -> UnavailabilityType:
    """The type by name (any case); `None` means the default type, `Time off`."""
    wanted = (name or DEFAULT_TYPE).strip()
    found = store.types.by_name(workspace_id, wanted)
    if found is None:
        known = sorted(t.name for t in store.types.all(workspace_id) if not t.archived)
        raise UnknownType(wanted, known)
    return found


def get_type(store: Store, workspace_id: str, type_id: str) -> UnavailabilityType:
    """The type by id (archived ones too), or UnknownType."""
    found = store.types.get(workspace_id, type_id)
    if found is None:
        raise UnknownType(type_id)
    return found


def add_type(
    store: Store,
    actor: Actor,
    workspace_id: str,
    name: str,
    *,
    kind: Kind = Kind.HARD,
    paid: bool = False,
    private: bool = False,
    description: str = "",
) -> UnavailabilityType:
    require_admin(actor, "add types")
    type_ = UnavailabilityType(
        id=new_id("type"),
        workspace_id=workspace_id,
        name=_checked_name(name),
        kind=kind,
        description=checked_note(description, "The description"),
        paid=paid,
        private=private,
    )
    with store.transaction():
        store.types.add(type_)
    return type_


def rename_type(
    store: Store, actor: Actor, workspace_id: str, old: str, new: str
) -> UnavailabilityType:
    require_admin(actor, "rename types")
    with store.transaction():
        renamed = replace(find_type(store, workspace_id, old), name=_checked_name(new))
        store.types.update(renamed)
    return renamed


def set_archived(
    store: Store, actor: Actor, workspace_id: str, name: str, archived: bool
) -> UnavailabilityType:
    """Archive (or restore) a type: never deleted, its records keep it."""
    require_admin(actor, "archive or restore types")
    with store.transaction():
        changed = replace(find_type(store, workspace_id, name), archived=archived)
        store.types.update(changed)
    return changed


def _checked_name(name: str) -> str:
    cleaned = " ".join(checked_name(name, "The type name").split())
    if not cleaned:
        raise MissingName("type")
    if len(cleaned) > NAME_LIMIT:
        raise NameTooLong(len(cleaned), NAME_LIMIT, what="The type name")
    return cleaned
