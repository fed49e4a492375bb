"""Workspaces and members on Peewee: the WorkspaceRepository and MemberRepository ports."""

from __future__ import annotations

import re
from collections.abc import Iterable

import peewee

from core.errors import (
    DuplicateEmail,
    DuplicateExternalId,
    DuplicateId,
    DuplicateWorkspace,
    SlackUserAlreadyLinked,
)
from core.model import Page
from core.people.model import Member, Workspace
from storage.database import execute_sql, is_postgres
from storage.mapping import (
    MEMBER_COLUMNS,
    WORKSPACE_COLUMNS,
    fold,
    member_from_row,
    member_to_row,
    workspace_from_row,
    workspace_to_row,
)
from storage.queries import HotQueries, Query, chunked, fetch_page, rows_of
from storage.tables import Tables

_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # table names interpolated into SQL


class SqlWorkspaceRepository:
    def __init__(self, db: peewee.Database, tables: Tables) -> None:
        self._db = db
        self._row = tables.workspace
        self._columns = [getattr(self._row, c) for c in WORKSPACE_COLUMNS]

    def get(self, workspace_id: str) -> Workspace | None:
        cursor = execute_sql(
            self._db,
            f"SELECT {', '.join(WORKSPACE_COLUMNS)} FROM workspace WHERE id = %s",
            (workspace_id,),
        )
        found = cursor.fetchone()
        return None if found is None else workspace_from_row(found)

    def list_all(self) -> list[Workspace]:
        rows = rows_of(self._row.select(*self._columns).order_by(self._row.id))
        return [workspace_from_row(row) for row in rows]

    def add(self, workspace: Workspace) -> None:
        try:
            with self._db.atomic():
                self._row.insert(workspace_to_row(workspace)).execute()
        except peewee.IntegrityError as exc:
            raise DuplicateWorkspace(workspace.id) from exc

    def set_timezone(self, workspace_id: str, timezone: str | None) -> None:
        self._row.update(timezone=timezone).where(self._row.id == workspace_id).execute()

    def set_api_enabled(self, workspace_id: str, enabled: bool) -> None:
        self._row.update(api_enabled=enabled).where(self._row.id == workspace_id).execute()

    def adopt(self, old_id: str, new_id: str) -> bool:
        """Move the workspace and every row of it, in every table that has a `workspace_id`
        column (found by looking, so tables added later move too); False if it is gone."""
        with self._db.atomic():
            moved = self._row.update(id=new_id).where(self._row.id == old_id).execute()
            if not moved:
                return False
            for table in workspace_tables(self._db):
                execute_sql(
                    self._db,
                    f"UPDATE {table} SET workspace_id = %s WHERE workspace_id = %s",
                    (new_id, old_id),
                )
        return True


def workspace_tables(db: peewee.Database) -> list[str]:
    """The tables of this database (this schema, on PostgreSQL) with a workspace_id column."""
    if is_postgres(db):
        sql = (
            "SELECT table_name FROM information_schema.columns WHERE column_name = "
            "'workspace_id' AND table_schema = current_schema() ORDER BY table_name"
        )
        return [row[0] for row in execute_sql(db, sql).fetchall() if _SAFE.match(row[0])]
    tables = execute_sql(db, "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return sorted(
        name
        for (name,) in tables
        if _SAFE.match(name)
        and any(c[1] == "workspace_id" for c in execute_sql(db, f"PRAGMA table_info({name})"))
    )


class SqlMemberRepository:
    def __init__(self, db: peewee.Database, tables: Tables) -> None:
        self._db = db
        self._row = tables.member
        self._columns = [getattr(self._row, c) for c in MEMBER_COLUMNS]
        self._hot = HotQueries(db, "member", MEMBER_COLUMNS)

    def _select(self, workspace_id: str) -> Query:
        return self._row.select(*self._columns).where(self._row.workspace_id == workspace_id)

    def _by(self, workspace_id: str, key: str, value: str) -> Member | None:
        found = self._hot.one(workspace_id, key, value)
        return None if found is None else member_from_row(found)

    def get(self, workspace_id: str, member_id: str) -> Member | None:
        return self._by(workspace_id, "id", member_id)

    def by_email(self, workspace_id: str, email: str) -> Member | None:
        return self._by(workspace_id, "email_key", fold(email))

    def by_slack_id(self, workspace_id: str, slack_user_id: str) -> Member | None:
        return self._by(workspace_id, "slack_user_id", slack_user_id)

    def by_external_id(self, workspace_id: str, external_id: str) -> Member | None:
        return self._by(workspace_id, "external_id", external_id)

    def many(self, workspace_id: str, member_ids: Iterable[str]) -> dict[str, Member]:
        found: dict[str, Member] = {}
        for chunk in chunked(sorted(set(member_ids))):
            rows = rows_of(self._select(workspace_id).where(self._row.id.in_(chunk)))
            found.update((m.id, m) for m in map(member_from_row, rows))
        return found

    def all(self, workspace_id: str) -> list[Member]:
        return [member_from_row(row) for row in self._hot.all(workspace_id, "email_key, id")]

    def add(self, member: Member) -> None:
        """Raises DuplicateEmail when the email (any case) is taken, DuplicateExternalId
        when the external id is."""
        try:
            with self._db.atomic():
                self._row.insert(member_to_row(member)).execute()
        except peewee.IntegrityError as exc:
            raise self._conflict(member, exc) from exc

    def update(self, member: Member) -> None:
        """Raises DuplicateEmail (DuplicateExternalId) when the new email (any case) or
        external id belongs to another member."""
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

    def paged(self, workspace_id: str, page: int, page_size: int) -> Page[Member]:
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
        if member.external_id is not None:
            other = self.by_external_id(member.workspace_id, member.external_id)
            if other is not None and other.id != member.id:
                return DuplicateExternalId(member.external_id, other.email)
        if member.slack_user_id is not None:
            other = self.by_slack_id(member.workspace_id, member.slack_user_id)
            if other is not None and other.id != member.id:
                return SlackUserAlreadyLinked(member.slack_user_id, other.email)
        exists = self._row.select(self._row.id).where(self._row.id == member.id).exists()
        if exists:
            return DuplicateId("member", member.id)
        return exc
