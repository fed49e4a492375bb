"""Use cases for the member directory: add, import rows, find by email, Slack or external id."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from core.errors import (
    AvailbotError,
    DuplicateExternalId,
    InvalidEmail,
    InvalidMemberRow,
    MissingColumns,
    MissingName,
    NameTooLong,
    UnacceptableText,
    UnknownMember,
)
from core.model import Page, new_id
from core.people.model import Actor, Member
from core.people.permissions import require_admin
from core.ports import Store
from core.text import checked_name, name_problem
from core.time.spans import zone

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
EXTERNAL_ID_LIMIT = 64


def normalise_email(email: str) -> str:
    cleaned = checked_name(email, "The email")
    if not _EMAIL.match(cleaned):
        raise InvalidEmail(email)
    return cleaned


@dataclass(frozen=True)
class NewMember:
    email: str
    name: str
    tz: str | None = None
    slack_user_id: str | None = None
    admin: bool = False
    external_id: str | None = None  # the HR system's id (employee number)


def add_member(store: Store, actor: Actor, workspace_id: str, new: NewMember) -> Member:
    """A new member; refuses a taken email, an unknown zone, or a non-admin actor."""
    require_admin(actor, "add members")
    member = _validated(workspace_id, new)
    with store.transaction():
        store.members.add(member)
    return member


def import_members(
    store: Store, actor: Actor, workspace_id: str, rows: Iterable[NewMember]
) -> tuple[list[Member], list[Member]]:
    """Adds new members and updates known ones (by email), all or nothing: (added, updated)."""
    require_admin(actor, "import members")
    added: list[Member] = []
    updated: list[Member] = []
    with store.transaction():
        for new in rows:
            member = _validated(workspace_id, new)
            known = store.members.by_email(workspace_id, member.email)
            if known is None:
                store.members.add(member)
                added.append(member)
            else:
                changed = replace(
                    known,
                    name=member.name,
                    tz=member.tz or known.tz,
                    slack_user_id=member.slack_user_id or known.slack_user_id,
                    admin=member.admin,
                    external_id=member.external_id or known.external_id,
                )
                store.members.update(changed)
                updated.append(changed)
    return added, updated


def find_member(store: Store, workspace_id: str, who: str) -> Member:
    """A member by email, Slack user id or member id."""
    who = who.strip()
    found = (
        store.members.by_email(workspace_id, who)
        if "@" in who
        else store.members.by_slack_id(workspace_id, who) or store.members.get(workspace_id, who)
    )
    if found is None:
        raise UnknownMember(who)
    return found


def stored_member(store: Store, workspace_id: str, member_id: str) -> Member:
    """The member of that id; UnknownMember when there is none."""
    member = store.members.get(workspace_id, member_id)
    if member is None:
        raise UnknownMember(member_id)
    return member


def member_by_ref(store: Store, workspace_id: str, ref: str) -> Member:
    """A member by member id (`mem_…`), email (any case) or external id, tried in that
    order: the HTTP API's `user_ref`, which an HR system fills with its own id."""
    ref = ref.strip()
    if name_problem(ref) is not None:  # no id holds it, and PostgreSQL cannot compare NUL
        raise UnknownMember(ref)
    found = store.members.get(workspace_id, ref) if ref.startswith("mem_") else None
    if found is None and "@" in ref:
        found = store.members.by_email(workspace_id, ref)
    if found is None and ref:
        found = store.members.by_external_id(workspace_id, ref)
    if found is None:
        raise UnknownMember(ref)
    return found


def list_members(store: Store, workspace_id: str, page: int, page_size: int) -> Page[Member]:
    return store.members.paged(workspace_id, page, page_size)


def _validated(workspace_id: str, new: NewMember) -> Member:
    name = checked_name(new.name, "The member name")
    if not name:
        raise MissingName("member", new.email)
    slack_user_id = checked_name(new.slack_user_id or "", "The Slack user id")
    if new.tz:
        zone(new.tz)
    external_id = checked_external_id(new.external_id or "")
    return Member(
        id=new_id("mem"),
        workspace_id=workspace_id,
        email=normalise_email(new.email),
        name=name,
        tz=new.tz or None,
        slack_user_id=slack_user_id or None,
        admin=new.admin,
        external_id=external_id,
    )


def checked_external_id(text: str) -> str | None:
    """`text` trimmed (None when empty), or a refusal: 1–64 printable characters, no spaces
    and none of `/ ? # %`, so that it can stand in a path (`/user/{ref}`: servers decode
    `%2F` before routing) and a CSV cell unquoted."""
    checked = checked_name(text, "The external id")
    if not checked:
        return None
    if len(checked) > EXTERNAL_ID_LIMIT:
        raise NameTooLong(len(checked), EXTERNAL_ID_LIMIT, what="The external id")
    space = next((i for i, char in enumerate(checked) if char.isspace()), None)
    if space is not None:
        raise UnacceptableText("The external id", checked[space], space, "a space")
    cut = next((i for i, char in enumerate(checked) if char in _NOT_IN_A_PATH), None)
    if cut is not None:
        raise UnacceptableText("The external id", checked[cut], cut, "a character paths reserve")
    return checked


_NOT_IN_A_PATH = frozenset("/?#%\\")


_TRUE = {"1", "true", "yes", "y", "x", "admin"}
MEMBER_COLUMNS = ("email", "name", "tz", "slack_id", "admin", "external_id")


def read_member_rows(text: str) -> list[NewMember]:
    """Rows of a members CSV (`email,name,tz,slack_id,admin[,external_id]`); errors carry
    line numbers, and so does an external id given twice in the file."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("email", "name") if c not in headers]
    if missing:
        raise MissingColumns(missing, headers, MEMBER_COLUMNS)
    rows: list[NewMember] = []
    external_ids: dict[str, str] = {}  # each external id given → the email it was given to
    previous = reader.line_num
    for record in reader:
        line, previous = previous + 1, reader.line_num
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in record.items()}
        if not any(cells.values()):
            continue
        try:
            rows.append(_row_member(cells, external_ids))
        except AvailbotError as exc:
            raise InvalidMemberRow(line, exc) from exc
    return rows


def _row_member(cells: dict[str, str], external_ids: dict[str, str]) -> NewMember:
    new = NewMember(
        email=normalise_email(cells.get("email", "")),
        name=cells.get("name", ""),
        tz=cells.get("tz") or None,
        slack_user_id=cells.get("slack_id") or None,
        admin=cells.get("admin", "").lower() in _TRUE,
        external_id=cells.get("external_id") or None,
    )
    external_id = _validated("T0CHECK", new).external_id
    if external_id is not None:
        holder = external_ids.setdefault(external_id, new.email)
        if holder.casefold() != new.email.casefold():
            raise DuplicateExternalId(external_id, holder)
    return new
