"""Workspaces and members on Peewee: the WorkspaceRepository and MemberRepository ports."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from core.errors import Conflict, DuplicateEmail
from core.model import Member, Page, Workspace
from storage.mapping import (
    MEMBER_COLUMNS,
    WORKSPACE_COLUMNS,
    fold,
    member_from_row,
    member_to_row,
    workspace_from_row,
    workspace_to_row,
)
from storage.queries import Query, chunked, fetch_page, first_row, rows_of
from storage.tables import Tables


class SqlWorkspaceRepository:
    def __init__(self, db: peewee.Database, tables: Tables) -> None:
        self._db = db
        self._row = tables.workspace
        self._columns = [getattr(self._row, c) for c in WORKSPACE_COLUMNS]

    def get(self, workspace_id: str) -> Workspace | None:
        found = first_row(self._row.select(*self._columns).where(self._row.id == workspace_id))
        return None if found is None else workspace_from_row(found)

    def list_all(self) -> list[Workspace]:
        rows = rows_of(self._row.select(*self._columns).order_by(self._row.id))
        return [workspace_from_row(row) for row in rows]

    def add(self, workspace: Workspace) -> None:
        try:
            with self._db.atomic():
                self._row.insert(workspace_to_row(workspace)).execute()
        except peewee.IntegrityError as exc:
            raise Conflict(f"Workspace {workspace.id!r} already exists.") from exc

    def set_timezone(self, workspace_id: str, timezone: str | None) -> None:
        self._row.update(timezone=timezone).where(self._row.id == workspace_id).execute()


class SqlMemberRepository:
    def __init__(self, db: peewee.Database, tables: Tables) -> None:
        self._db = db
        self._row = tables.member
        self._columns = [getattr(self._row, c) for c in MEMBER_COLUMNS]

    def _select(self, workspace_id: str) -> Query:
        return self._row.select(*self._columns).where(self._row.workspace_id == workspace_id)

    def _one(self, query: Query) -> Member | None:
        found = first_row(query)
        return None if found is None else member_from_row(found)

    def get(self, workspace_id: str, member_id: str) -> Member | None:
        return self._one(self._select(workspace_id).where(self._row.id == member_id))

    def by_email(self, workspace_id: str, email: str) -> Member | None:
        return self._one(self._select(workspace_id).where(self._row.email_key == fold(email)))

    def by_slack_id(self, workspace_id: str, slack_user_id: str) -> Member | None:
        return self._one(self._select(workspace_id).where(self._row.slack_user_id == slack_user_id))

    def many(self, workspace_id: str, member_ids: Iterable[str]) -> dict[str, Member]:
        found: dict[str, Member] = {}
        for chunk in chunked(sorted(set(member_ids))):
            rows = rows_of(self._select(workspace_id).where(self._row.id.in_(chunk)))
            found.update((m.id, m) for m in map(member_from_row, rows))
        return found

    def all(self, workspace_id: str) -> list[Member]:
        rows = rows_of(self._select(workspace_id).order_by(self._row.email_key, self._row.id))
        return [member_from_row(row) for row in rows]

    def add(self, member: Member) -> None:
        """Raises DuplicateEmail when the email (any case) is taken."""
        try:
            with self._db.atomic():
                self._row.insert(member_to_row(member)).execute()
        except peewee.IntegrityError as exc:
            raise self._conflict(member, exc) from exc

    def update(self, member: Member) -> None:
        """Raises DuplicateEmail when the new email (any case) belongs to another member."""
        values = member_to_row(member)
        del values["id"], values["workspace_id"]
        query = self._row.update(values).where(
            self._row.workspace_id == member.workspace_id, self._row.id == member.id
        )
        try:
            with self._db.atomic():
                query.execute()
        except peewee.IntegrityError as exc:
            raise self._conflict(member, exc) from exc

    def list(self, workspace_id: str, page: int, page_size: int) -> Page[Member]:
        """Sorted by email."""
        return fetch_page(
            self._select(workspace_id),
            (self._row.email_key, self._row.id),
            member_from_row,
            page=page,
            page_size=page_size,
            sorted_by=("email",),
        )

    def _conflict(self, member: Member, exc: peewee.IntegrityError) -> Exception:
        """Which rule the rejected write broke, found by looking (engine messages differ)."""
        other = self.by_email(member.workspace_id, member.email)
        if other is not None and other.id != member.id:
            return DuplicateEmail(member.email)
        if member.slack_user_id is not None:
            other = self.by_slack_id(member.workspace_id, member.slack_user_id)
            if other is not None and other.id != member.id:
                return Conflict(
                    f"Slack user {member.slack_user_id} is already linked to {other.email}."
                )
        exists = self._row.select(self._row.id).where(self._row.id == member.id).exists()
        if exists:
            return Conflict(f"A member with id {member.id!r} already exists.")
        return exc
