"""The ports core needs from the outside world; storage implements them, tests fake them.

The value types below are named for type checking only: ports sit beside every capability
(each use case takes the narrowest store it needs), so importing them at run time would tie
the lowest layers to the highest.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from core.access.model import ApiKey, StoredResponse
    from core.alerts.model import (
        CoverRequest,
        Cut,
        ReminderSetting,
        RequestStatus,
        ShiftSwap,
        SwapStatus,
        WatchedShift,
    )
    from core.alerts.outbox import OutboxClaim, OutboxEntry
    from core.alerts.plan import Alert
    from core.calendar.model import CalendarLink, EventVersion, FeedKind
    from core.digest.due import Claim, Subscription
    from core.effective.model import (
        AvailabilityPattern,
        Calendar,
        DayAssignment,
        DayType,
        Definitions,
        ShiftPattern,
    )
    from core.imports.feed_sources import Feed
    from core.imports.model import ImportRecord, PlannedRow
    from core.model import Page
    from core.people.model import Member, Workspace
    from core.records.model import Unavailability, UnavailabilityType
    from core.rotations.model import Override, Rotation

Clock = Callable[[], datetime]
RecordSort = Literal["start", "id"]


class WorkspaceRepository(Protocol):
    def get(self, workspace_id: str) -> Workspace | None: ...
    def list_all(self) -> list[Workspace]: ...
    def add(self, workspace: Workspace) -> None: ...
    def set_timezone(self, workspace_id: str, timezone: str | None) -> None: ...
    def set_api_enabled(self, workspace_id: str, enabled: bool) -> None: ...
    def adopt(self, old_id: str, new_id: str) -> bool:
        """Move workspace `old_id` and every row of it (every table with a `workspace_id`)
        to `new_id`; False when `old_id` no longer exists."""
        ...


class MemberRepository(Protocol):
    def get(self, workspace_id: str, member_id: str) -> Member | None: ...
    def by_email(self, workspace_id: str, email: str) -> Member | None:
        """Case-insensitive."""
        ...

    def by_slack_id(self, workspace_id: str, slack_user_id: str) -> Member | None: ...
    def by_external_id(self, workspace_id: str, external_id: str) -> Member | None:
        """Exact match (external ids are the HR system's, compared as given)."""
        ...

    def many(self, workspace_id: str, member_ids: Iterable[str]) -> dict[str, Member]: ...
    def all(self, workspace_id: str) -> list[Member]: ...
    def add(self, member: Member) -> None:
        """Raises DuplicateEmail when the email (any case) is taken, DuplicateExternalId
        when the external id is."""
        ...

    def update(self, member: Member) -> None:
        """Raises DuplicateExternalId when the external id belongs to another member."""
        ...

    def paged(self, workspace_id: str, page: int, page_size: int) -> Page[Member]:
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

    def paged(
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
    ) -> list[Unavailability]:
        """Records of the member with record.start < end and record.end > start."""
        ...

    def add(self, record: Unavailability) -> None: ...
    def add_many(self, records: Sequence[Unavailability]) -> None:
        """Bulk insert (imports); the caller has checked every rule."""
        ...

    def update(self, record: Unavailability) -> None: ...
    def remove(self, workspace_id: str, record_id: str) -> None: ...
    def paged(
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
    ) -> list[Unavailability]:
        """Every record overlapping [start, end), sorted by (member_id, start)."""
        ...

    def changed_since(self, workspace_id: str, since: datetime) -> list[Unavailability]:
        """Records added or changed (`updated_at`) at or after `since`, by id."""
        ...

    def of_source(
        self, workspace_id: str, source: str, start: datetime, end: datetime | None
    ) -> list[Unavailability]:
        """The records of one synced source (`sync:`/`feed:`, core.records.sources)
        overlapping [start, end) (`end` None: open), by id; ValueError for any other."""
        ...

    def of_types(
        self, workspace_id: str, type_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[Unavailability]:
        """Every record of one of the types overlapping [start, end), sorted by (member_id,
        start): the volunteers (wants_pager) of a window, whoever they are."""
        ...


class ImportRepository(Protocol):
    def add(self, record: ImportRecord, rows: Sequence[PlannedRow]) -> None: ...
    def get(self, workspace_id: str, import_id: str) -> ImportRecord | None: ...
    def lock(self, workspace_id: str, import_id: str) -> ImportRecord | None:
        """Inside a transaction: the import as stored now, held against other committers."""
        ...

    def rows(self, workspace_id: str, import_id: str) -> list[PlannedRow]:
        """The planned rows, in line order."""
        ...

    def rows_after(
        self, workspace_id: str, import_id: str, line: int, limit: int, *, created: bool = False
    ) -> list[PlannedRow]:
        """At most `limit` planned rows after `line`, in line order: a page. With `created`,
        only the rows whose record exists (what a commit created, read right after it)."""
        ...

    def row_counts(
        self, workspace_id: str, import_id: str, *, created: bool = False
    ) -> tuple[int, int]:
        """How many planned rows there are (`created`: as for rows_after), and for how many
        distinct members."""
        ...

    def member_ids(self, workspace_id: str, import_id: str) -> list[str]:
        """The distinct members the planned rows are for, sorted."""
        ...

    def collisions(
        self, workspace_id: str, import_id: str, rows: Sequence[PlannedRow] | None = None
    ) -> list[tuple[PlannedRow, Unavailability]]:
        """Each planned row with a stored record of its member overlapping it (identical
        ones included), by line, then by the record's start. `rows`: the planned rows when
        the caller holds them (the preview it just stored), not read again."""
        ...

    def commit_rows(
        self,
        workspace_id: str,
        import_id: str,
        *,
        source: str,
        created_by: str | None,
        now: datetime,
        skip: Collection[int] = (),
        rows: Sequence[PlannedRow] | None = None,
    ) -> int:
        """Insert every planned row but those on the lines in `skip` (found identical to a
        stored record by `collisions`, in the same transaction), under the row's planned id;
        returns how many were inserted. `rows`: as for `collisions`."""
        ...

    def finish(self, record: ImportRecord) -> None:
        """Store the new status, who committed or cancelled it, when, and how many were created."""
        ...

    def recent(self, workspace_id: str, limit: int) -> list[ImportRecord]:
        """The newest imports first."""
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


class ImportStore(Store, Protocol):
    """A store that also keeps CSV imports."""

    @property
    def imports(self) -> ImportRepository: ...


# --- iCal feeds as sources (docs/feeds.md) --------------------------------------------------


class FeedRepository(Protocol):
    def all(self, workspace_id: str) -> list[Feed]:
        """The workspace's feeds, by name."""
        ...

    def enabled(self) -> list[Feed]:
        """Every enabled feed of every workspace (the scheduler's list)."""
        ...

    def by_name(self, workspace_id: str, name: str) -> Feed | None:
        """The feed of that name, any case."""
        ...

    def add(self, feed: Feed) -> None:
        """Raises DuplicateFeedName when the workspace has a feed of that name (any case)."""
        ...

    def update(self, feed: Feed) -> None:
        """Its settings (enabled, type, interval, keywords); not its status."""
        ...

    def update_status(self, feed: Feed) -> None:
        """The last sync's time, status, why, counts, unmatched names and last good fetch."""
        ...

    def remove(self, workspace_id: str, feed_id: str) -> None:
        """The feed, its aliases and its claims."""
        ...

    def aliases(self, feed_id: str) -> dict[str, str]:
        """Name in the feed → member id."""
        ...

    def set_alias(self, feed_id: str, name: str, member_id: str) -> None:
        """Add or replace the alias for `name` (any case)."""
        ...

    def claim(
        self, feed_id: str, slot: datetime, *, holder: str, now: datetime, lease: timedelta
    ) -> bool:
        """Take the sync of (feed, slot), unless another holder has it (its lease running)
        or it is done. Single statements, so two instances can never both win."""
        ...

    def finish(self, feed_id: str, slot: datetime, *, holder: str) -> None: ...

    def release(self, feed_id: str, slot: datetime, *, holder: str) -> None: ...


class FeedStore(ImportStore, Protocol):
    """A store that also keeps calendar feeds."""

    @property
    def feeds(self) -> FeedRepository: ...


# --- on-call rotations and overrides (docs/rotations.md) -------------------------------------


class RotationRepository(Protocol):
    def all(self, workspace_id: str) -> list[Rotation]:
        """Every rotation with all its versions, sorted by name."""
        ...

    def by_name(self, workspace_id: str, name: str) -> Rotation | None:
        """Case-insensitive."""
        ...

    def get(self, workspace_id: str, rotation_id: str) -> Rotation | None: ...
    def add(self, rotation: Rotation) -> None:
        """Stores the rotation and its versions."""
        ...

    def update(self, rotation: Rotation) -> None:
        """Stores the rotation's name and replaces its stored versions with `versions`."""
        ...

    def remove(self, workspace_id: str, rotation_id: str) -> None:
        """Removes the rotation, its versions and its overrides."""
        ...

    def lock(self, workspace_id: str) -> None:
        """Inside a transaction: serialise writers of this workspace's schedules and overrides
        until it ends (a check-then-insert is then safe against other processes)."""
        ...


class OverrideRepository(Protocol):
    def get(self, workspace_id: str, override_id: str) -> Override | None: ...
    def add(self, override: Override) -> None: ...
    def remove(self, workspace_id: str, override_id: str) -> None: ...
    def in_window(
        self,
        workspace_id: str,
        start: datetime | None,
        end: datetime | None,
        rotation_id: str | None = None,
    ) -> list[Override]:
        """Overrides overlapping [start, end) (either bound optional), sorted by start."""
        ...


class ScheduleStore(Store, Protocol):
    """A store that also keeps on-call rotations and their overrides."""

    @property
    def rotations(self) -> RotationRepository: ...
    @property
    def overrides(self) -> OverrideRepository: ...


class DigestRepository(Protocol):
    def subscriptions(self, workspace_id: str | None = None) -> list[Subscription]:
        """Every subscription (of one workspace, or of all when None), by channel."""
        ...

    def for_channel(self, workspace_id: str, channel: str) -> Subscription | None: ...
    def save(self, subscription: Subscription) -> None:
        """Insert, or replace the channel's subscription."""
        ...

    def remove(self, workspace_id: str, channel: str) -> bool: ...
    def claim(
        self,
        subscription_id: str,
        local_date: date,
        *,
        holder: str,
        now: datetime,
        lease: timedelta,
    ) -> Claim | None:
        """Take the date's claim when nobody holds it: no row yet, or a `claimed` row whose
        lease has run out (then `retaken`). None when it is held, posted or skipped."""
        ...

    def posted(
        self, subscription_id: str, local_date: date, *, holder: str, message_ts: str
    ) -> None: ...
    def release(self, subscription_id: str, local_date: date, *, holder: str) -> None:
        """Give the claim back (the post surely failed), so the next tick retries."""
        ...

    def skip(self, subscription_id: str, local_date: date, *, now: datetime) -> bool:
        """Record a digest missed by more than 6 hours; True the first time."""
        ...

    def claims(self, subscription_id: str) -> list[Claim]: ...


class DigestStore(Store, Protocol):
    @property
    def digests(self) -> DigestRepository: ...


# --- effective availability: calendars, day types, patterns (docs/effective.md) ------------


class AvailabilityRepository(Protocol):
    def definitions(
        self, workspace_id: str, member_ids: Sequence[str] | None = None
    ) -> Definitions:
        """What the schedules file stored, in file order; with `member_ids`, only what
        concerns them (their assignments and patterns, the calendars listing them) and
        every day type."""
        ...

    def replace_calendars(self, workspace_id: str, calendars: Sequence[Calendar]) -> None: ...
    def replace_day_types(self, workspace_id: str, day_types: Sequence[DayType]) -> None: ...
    def replace_assignments(
        self, workspace_id: str, assignments: Sequence[DayAssignment]
    ) -> None: ...
    def replace_patterns(
        self, workspace_id: str, patterns: Sequence[AvailabilityPattern]
    ) -> None: ...
    def replace_shifts(self, workspace_id: str, shifts: Sequence[ShiftPattern]) -> None: ...


class AvailabilityStore(ScheduleStore, Protocol):
    """A store that also keeps the sources of available hours: the whole schedules file."""

    @property
    def availability(self) -> AvailabilityRepository: ...


# --- Slack deliveries: uploads and events taken once (docs/imports.md) ---------------------


class UploadRepository(Protocol):
    def claim_file(self, workspace_id: str, file_id: str, *, now: datetime) -> bool:
        """Insert the file's claim row; False when it is already there (another delivery,
        instance or run took it). One statement, so two claimers cannot both win."""
        ...

    def claim_event(self, workspace_id: str, event_id: str, *, now: datetime) -> bool:
        """The same for an Events API `event_id` (Slack's retries repeat it)."""
        ...

    def forget_events(self, before: datetime) -> int:
        """Drop event receipts older than `before` (Slack retries within minutes)."""
        ...

    def release_file(self, workspace_id: str, file_id: str) -> None:
        """Drop the file's claim: nothing came of it, so a later delivery may take it."""
        ...

    def release_event(self, workspace_id: str, event_id: str) -> None:
        """Drop the event's receipt: nothing came of it, so Slack's retry is handled."""
        ...


class UploadStore(Store, Protocol):
    @property
    def uploads(self) -> UploadRepository: ...


# --- sending exactly once: the outbox ledger (docs/alerts.md#exactly-once) -----------------


class OutboxRepository(Protocol):
    """One row per (kind, key): what availbot sends on its own clock, claimed before sending.
    `kind` names the sender (`gap_alert`, `handoff`, `turn`, …), `key` the message within it."""

    def claim(
        self,
        kind: str,
        key: str,
        *,
        workspace_id: str,
        holder: str,
        now: datetime,
        lease: timedelta,
    ) -> OutboxClaim | None:
        """Take (kind, key) for `holder` until now + lease: when there is no row yet, when
        it is `released` and its `retry_at` has come, or when it is `claimed` and its lease
        has run out (the row becomes `maybe_sent`). None when it is sent, or held by someone
        else, or not due for a retry. Single statements: two takers can never both win."""
        ...

    def renew(self, kind: str, key: str, *, holder: str, now: datetime, lease: timedelta) -> bool:
        """Extend `holder`'s claim to now + lease; False when it is no longer theirs (the
        lease ran out and someone else took it), and then nothing is changed."""
        ...

    def sent(
        self, kind: str, key: str, *, holder: str, channel: str, ts: str, now: datetime
    ) -> bool:
        """Record `holder`'s claim as sent, as the message `ts` in `channel`. Sent is final.
        False when the claim was not `holder`'s (then nothing is changed)."""
        ...

    def release(
        self,
        kind: str,
        key: str,
        *,
        holder: str,
        now: datetime,
        maybe_sent: bool = False,
        retry_at: datetime | None = None,
    ) -> bool:
        """Give `holder`'s claim back: claimable again from `retry_at` (default now);
        `maybe_sent` when the message may have gone out (sticky: later claims say so). False
        when the claim was not `holder`'s."""
        ...

    def get(self, kind: str, key: str) -> OutboxEntry | None: ...
    def forget(self, before: datetime) -> int:
        """Drop sent and released rows last changed before `before` (housekeeping): only
        for keys that can never come due again by then. How many."""
        ...


class OutboxStore(Store, Protocol):
    @property
    def outbox(self) -> OutboxRepository: ...


# --- coverage alerts in digest channels (docs/alerts.md#coverage-alerts) ------------------


class AlertRepository(Protocol):
    def live(self, workspace_id: str) -> list[Alert]:
        """The workspace's alerts that are not closed (open or closing), oldest first."""
        ...

    def live_workspaces(self) -> list[str]:
        """The workspaces that have an alert not closed."""
        ...

    def add(self, alert: Alert) -> None: ...
    def update(self, alert: Alert) -> None:
        """Store its shape, status, `said` and closure; never `shown` or `message_ts`, which
        only `showing` records (a slow holder's post must not be overwritten)."""
        ...

    def showing(
        self, alert_id: str, *, shown: str, now: datetime, message_ts: str | None = None
    ) -> None:
        """Record what its message says now (and, once posted, the message); a closing
        alert whose message says it is closed becomes closed."""
        ...

    def get(self, alert_id: str) -> Alert | None: ...


class AlertStore(ScheduleStore, DigestStore, OutboxStore, Protocol):
    """What the alert engine reads and writes: rotations, records, subscriptions, the
    outbox and the alerts."""

    @property
    def alerts(self) -> AlertRepository: ...


# --- personal alerts: cover requests, shift reminders (docs/alerts.md) --------------------


class CoverRequestRepository(Protocol):
    def add(self, request: CoverRequest) -> None: ...
    def get(self, workspace_id: str, request_id: str) -> CoverRequest | None: ...
    def open_overlapping(
        self, workspace_id: str, rotation_id: str, member_id: str, start: datetime, end: datetime
    ) -> list[CoverRequest]:
        """The member's open requests for the rotation overlapping [start, end)."""
        ...

    def set_message(self, workspace_id: str, request_id: str, message_ts: str) -> None: ...
    def filled_with(self, workspace_id: str, override_id: str) -> CoverRequest | None:
        """The filled request one of whose overrides is `override_id`, if any."""
        ...

    def remove(self, workspace_id: str, request_id: str) -> None:
        """A request whose message Slack surely did not post: it never existed for anyone."""
        ...

    def transition(
        self,
        workspace_id: str,
        request_id: str,
        *,
        expected: RequestStatus,
        to: RequestStatus,
        covered_by: str | None,
        override_ids: Sequence[str],
        now: datetime,
        cut: Cut | None = None,
    ) -> bool:
        """Move the request from `expected` to `to` (who covered, with which overrides, what
        that cut; when it closed, or no time when it opens again). One conditional
        statement: False when the request was no longer `expected`, so of two concurrent
        moves exactly one wins."""
        ...


class ShiftSwapRepository(Protocol):
    def add(self, swap: ShiftSwap) -> None: ...
    def get(self, workspace_id: str, swap_id: str) -> ShiftSwap | None: ...
    def answer(
        self,
        workspace_id: str,
        swap_id: str,
        *,
        to: SwapStatus,
        override_ids: Sequence[str],
        now: datetime,
    ) -> bool:
        """Close an open swap as `to` (with the overrides made): one conditional statement,
        False when it was no longer open, so of two answers at once exactly one wins."""
        ...


class ReminderRepository(Protocol):
    def settings(self, workspace_id: str) -> dict[str, ReminderSetting]:
        """The members who changed their reminder settings, by member id (others: defaults)."""
        ...

    def save_setting(self, workspace_id: str, setting: ReminderSetting, now: datetime) -> None:
        """Insert, or replace the member's setting."""
        ...

    def watched(self, workspace_id: str) -> dict[str, WatchedShift]:
        """Each member's watched shift, by member id."""
        ...

    def watch(self, workspace_id: str, shift: WatchedShift) -> bool:
        """Record `shift` (its `version` is the one replaced, 0 for none yet): one conditional
        statement, False when another instance changed it first."""
        ...


class PersonalStore(AvailabilityStore, DigestStore, OutboxStore, Protocol):
    """A store that also keeps cover requests and reminder settings."""

    @property
    def cover_requests(self) -> CoverRequestRepository: ...
    @property
    def swaps(self) -> ShiftSwapRepository: ...
    @property
    def reminders(self) -> ReminderRepository: ...


# --- calendar feeds served: secret links and what each event was (docs/calendar.md) ------


class CalendarRepository(Protocol):
    def live(self, workspace_id: str, kind: FeedKind, subject: str) -> CalendarLink | None:
        """The subject's unrevoked link, if it has one."""
        ...

    def add(self, link: CalendarLink) -> CalendarLink:
        """Store the link unless the subject has a live one already (made meanwhile by
        another process: one statement, so two can never both be live); the live one."""
        ...

    def by_hash(self, token_hash: str) -> CalendarLink | None:
        """The unrevoked link whose token hashes to `token_hash`, of any workspace."""
        ...

    def all_live(self, workspace_id: str) -> list[CalendarLink]: ...
    def revoke(self, link_id: str, now: datetime) -> None: ...
    def revoke_all(self, workspace_id: str, now: datetime) -> int:
        """Revoke every live link of the workspace; how many."""
        ...

    def touch(self, link_id: str, now: datetime) -> None:
        """Record a fetch at `now` (never moving the last one backwards)."""
        ...

    def served(self, link_id: str, content_hash: str, now: datetime) -> None:
        """Record that the feed now holds `content_hash`, changed at `now` (unless it
        already held it)."""
        ...

    def versions(
        self, workspace_id: str, kind: FeedKind, uids: Sequence[str]
    ) -> dict[str, EventVersion]:
        """What was last served under each of `uids` in feeds of that kind."""
        ...

    def save_versions(
        self, workspace_id: str, kind: FeedKind, versions: Sequence[EventVersion]
    ) -> None:
        """Insert or replace each version, unless its uid already has that fingerprint
        (another process served the same change first)."""
        ...

    def forget_versions(self, ended_before: datetime) -> int:
        """Drop the versions of events that ended before `ended_before`; how many."""
        ...


class CalendarStore(ScheduleStore, Protocol):
    """A store that also keeps calendar links and event versions."""

    @property
    def calendars(self) -> CalendarRepository: ...


class HomeStore(CalendarStore, FeedStore, DigestStore, Protocol):
    """What the App Home reads: records, rotations, imports, calendar feeds (followed and
    served) and digest subscriptions (AppStore builds on it, so the Slack app reaches them)."""


class AppStore(PersonalStore, HomeStore, UploadStore, AlertStore, Protocol):
    """Every repository the app's surfaces reach, the health check, and this thread's
    connection: renewed at the start of each unit of work, given back at the end."""

    def ping(self) -> bool:
        """True when the database answers a trivial query (on a renewed connection)."""
        ...

    def renew(self) -> None:
        """Start a unit of work on this thread: a connection the database dropped meanwhile
        is replaced. Never raises; a database that is down shows at the first query."""
        ...

    def hurried(self) -> AbstractContextManager[None]:
        """Work that must answer within Slack's 3 seconds: a database held by another writer
        raises DatabaseBusy soon instead of making the answer wait."""
        ...

    def close(self) -> None:
        """Close this thread's connection; the next use opens a new one."""
        ...

    @property
    def idempotency(self) -> IdempotencyRepository:
        """The API's remembered answers (docs/api.md), here so housekeeping can forget them."""
        ...


# --- the HTTP API: keys and idempotent writes (docs/api.md) --------------------------------


class ApiKeyRepository(Protocol):
    def add(self, key: ApiKey) -> None:
        """Raises DuplicateKeyName when the workspace has a live key of that name (any case)."""
        ...

    def by_prefix(self, prefix: str) -> ApiKey | None:
        """The live (unrevoked) key with that prefix, of any workspace."""
        ...

    def by_name(self, workspace_id: str, name: str) -> ApiKey | None:
        """The live key of that name, any case."""
        ...

    def all(self, workspace_id: str) -> list[ApiKey]:
        """The workspace's live keys, by name."""
        ...

    def revoke(self, workspace_id: str, key_id: str, now: datetime) -> None: ...
    def touch(self, key_id: str, now: datetime) -> None:
        """Record that the key was used at `now`."""
        ...


class IdempotencyRepository(Protocol):
    def begin(
        self, key_id: str, idempotency_key: str, fingerprint: str, now: datetime
    ) -> StoredResponse | None:
        """Inside a transaction: take (key_id, idempotency_key) for this request and return
        None, or return what is stored for it. One statement (an insert that does nothing on
        conflict), so of two concurrent requests exactly one takes it; the other waits for the
        first one's transaction and then reads its answer."""
        ...

    def finish(self, key_id: str, idempotency_key: str, status: int, body: str) -> None:
        """Store the answer of the request that took the key (same transaction)."""
        ...

    def forget(self, before: datetime) -> int:
        """Drop what was stored before `before`; how many."""
        ...

    def retake(
        self, key_id: str, idempotency_key: str, now: datetime, stale_before: datetime
    ) -> bool:
        """Take over a claim still unanswered since before `stale_before` (its holder died):
        one statement, so of two retakers exactly one gets True."""
        ...

    def release(self, key_id: str, idempotency_key: str) -> None:
        """Give an unanswered claim back (its request failed), so a retry runs again."""
        ...


class KeyStore(Store, Protocol):
    """A store that also keeps API keys (and the workspaces' API switch)."""

    @property
    def api_keys(self) -> ApiKeyRepository: ...


class ApiStore(AppStore, KeyStore, Protocol):
    """What the HTTP API reaches: the app's store, API keys and remembered answers."""
