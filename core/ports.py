"""The ports core needs from the outside world; storage implements them, tests fake them."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Literal, Protocol

from core.model import Member, Page, Unavailability, UnavailabilityType, Workspace

Clock = Callable[[], datetime]
RecordSort = Literal["start", "id"]


class WorkspaceRepository(Protocol):
    def get(self, workspace_id: str) -> Workspace | None: ...
    def list_all(self) -> list[Workspace]: ...
    def add(self, workspace: Workspace) -> None: ...
    def set_timezone(self, workspace_id: str, timezone: str | None) -> None: ...


class MemberRepository(Protocol):
    def get(self, workspace_id: str, member_id: str) -> Member | None: ...
    def by_email(self, workspace_id: str, email: str) -> Member | None:
        """Case-insensitive."""
        ...

    def by_slack_id(self, workspace_id: str, slack_user_id: str) -> Member | None: ...
    def many(self, workspace_id: str, member_ids: Iterable[str]) -> dict[str, Member]: ...
    def all(self, workspace_id: str) -> list[Member]: ...
    def add(self, member: Member) -> None:
        """Raises DuplicateEmail when the email (any case) is taken."""
        ...

    def update(self, member: Member) -> None: ...
    def list(self, workspace_id: str, page: int, page_size: int) -> Page[Member]:
        """Sorted by email."""
        ...


class TypeRepository(Protocol):
    def get(self, workspace_id: str, type_id: str) -> UnavailabilityType | None: ...
    def by_name(self, workspace_id: str, name: str) -> UnavailabilityType | None:
        """Case-insensitive."""
        ...

    def all(self, workspace_id: str) -> list[UnavailabilityType]: ...
    def add(self, type_: UnavailabilityType) -> None:
        """Raises DuplicateTypeName when the name (any case) is taken."""
        ...

    def update(self, type_: UnavailabilityType) -> None:
        """Raises DuplicateTypeName when a rename collides."""
        ...

    def list(
        self,
        workspace_id: str,
        *,
        archived: bool,
        name_contains: str | None,
        page: int,
        page_size: int,
    ) -> Page[UnavailabilityType]:
        """Sorted by name; `archived` False lists active types only, True archived only."""
        ...


class UnavailabilityRepository(Protocol):
    def get(self, workspace_id: str, record_id: str) -> Unavailability | None: ...
    def overlapping(
        self,
        workspace_id: str,
        member_id: str,
        start: datetime,
        end: datetime,
        exclude_id: str | None = None,
    ) -> builtins.list[Unavailability]:
        """Records of the member with record.start < end and record.end > start."""
        ...

    def add(self, record: Unavailability) -> None: ...
    def update(self, record: Unavailability) -> None: ...
    def remove(self, workspace_id: str, record_id: str) -> None: ...
    def list(
        self,
        workspace_id: str,
        *,
        member_id: str | None,
        start: datetime | None,
        end: datetime | None,
        sort: RecordSort,
        page: int,
        page_size: int,
    ) -> Page[Unavailability]:
        """Records overlapping [start, end) (either bound optional), sorted then paged."""
        ...

    def in_window(
        self,
        workspace_id: str,
        start: datetime,
        end: datetime,
        member_ids: Sequence[str] | None = None,
    ) -> builtins.list[Unavailability]:
        """Every record overlapping [start, end), sorted by (member_id, start)."""
        ...


class Store(Protocol):
    """The repositories plus a write transaction that serialises per member."""

    @property
    def workspaces(self) -> WorkspaceRepository: ...
    @property
    def members(self) -> MemberRepository: ...
    @property
    def types(self) -> TypeRepository: ...
    @property
    def unavailability(self) -> UnavailabilityRepository: ...

    def transaction(self, lock_members: Sequence[str] = ()) -> AbstractContextManager[None]:
        """A write transaction. Two transactions that lock a common member never interleave,
        so a check-then-insert inside one is safe against other processes. Nested calls
        join the outer transaction. Any exception rolls back everything."""
        ...
