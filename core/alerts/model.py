"""Frozen values of the personal alerts: cover requests and each member's reminder settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from core.rotations.model import Override
from core.time.spans import Span

DEFAULT_REMINDER_AT = time(16, 0)


class RequestStatus(StrEnum):
    OPEN = "open"
    FILLED = "filled"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Cut:
    """The requester's own overrides that taking a request cut back, as they were, and the
    pieces of them left outside it: Undo removes the pieces and puts the overrides back."""

    was: tuple[Override, ...] = ()
    pieces: tuple[str, ...] = ()


@dataclass(frozen=True)
class CoverRequest:
    """`member_id` asks someone to take their on-call of the rotation in [start, end); the
    request is posted in `channel` (the one whose digest covers the rotation)."""

    id: str
    workspace_id: str
    rotation_id: str
    member_id: str
    start: datetime
    end: datetime
    channel: str
    status: RequestStatus
    created_by: str | None
    created_at: datetime
    message_ts: str | None = None
    covered_by: str | None = None
    override_ids: tuple[str, ...] = ()  # the overrides that filled it
    closed_at: datetime | None = None
    cut: Cut = Cut()  # what filling it cut of the requester's overrides

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class ReminderSetting:
    """When a member hears about their next shift: at `at`, their time, on the last working
    day before it; `enabled` False turns shift reminders off (not alerts about gaps)."""

    member_id: str
    at: time = DEFAULT_REMINDER_AT
    enabled: bool = True


@dataclass(frozen=True)
class WatchedShift:
    """The stint a member's "your next shift moved" DMs compare with: the one they hold now or
    next (`rotation_id` None: none before `horizon`, the end of the window looked at).
    `version` counts the changes, so that only one instance records (and tells) each."""

    member_id: str
    rotation_id: str | None
    start: datetime | None
    end: datetime | None
    horizon: datetime
    version: int = 0


class SwapStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class ShiftSwap:
    """`requester_id` offers their on-call of `mine` for `teammate_id`'s on-call of `theirs`
    (each: rotation id, start, end); accepted, each covers the other's shift by an override."""

    id: str
    workspace_id: str
    requester_id: str
    teammate_id: str
    mine: tuple[str, datetime, datetime]
    theirs: tuple[str, datetime, datetime]
    status: SwapStatus
    created_at: datetime
    override_ids: tuple[str, ...] = ()
    closed_at: datetime | None = None
