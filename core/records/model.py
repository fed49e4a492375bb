"""Frozen values of records: types and their kinds, unavailability records, collisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.people.model import Member
from core.time.spans import Span

DEFAULT_TYPE = "Time off"


class Kind(StrEnum):
    """What a type means for on-call."""

    HARD = "hard_unavailable"
    SOFT = "soft_unavailable"
    WANTS_PAGER = "wants_pager"


@dataclass(frozen=True)
class UnavailabilityType:
    id: str
    workspace_id: str
    name: str
    kind: Kind
    description: str = ""
    paid: bool = False
    private: bool = False
    archived: bool = False


@dataclass(frozen=True)
class Unavailability:
    id: str
    workspace_id: str
    member_id: str
    type_id: str
    start: datetime
    end: datetime
    all_day: bool
    source: str
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    name: str | None = None
    # who last changed it, and where (a source word, as `source`); None while as created
    changed_by: str | None = None
    changed_via: str | None = None

    @property
    def last_hand(self) -> tuple[str | None, str]:
        """(who, where) produced it as it stands: the last change, else its creation."""
        if self.changed_via is None:
            return self.created_by, self.source
        return self.changed_by, self.changed_via

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.all_day)


@dataclass(frozen=True)
class RecordView:
    """A record with the member and type it names, as listings and replies show it."""

    record: Unavailability
    member: Member
    type: UnavailabilityType


@dataclass(frozen=True)
class Collision:
    """The stored record a new span collides with."""

    record_id: str
    start: datetime
    end: datetime
