"""core's Store on Peewee: the repositories plus a write transaction serialised per member."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from types import TracebackType
from typing import TYPE_CHECKING

import peewee

from core.errors import AvailbotError
from core.ports import ApiStore, AppStore, FeedStore
from storage.access import SqlApiKeyRepository, SqlIdempotencyRepository
from storage.alerts import SqlAlertRepository
from storage.availability import SqlAvailabilityRepository
from storage.calendars import SqlCalendarRepository
from storage.catalogue import SqlTypeRepository
from storage.cover_requests import SqlCoverRequestRepository
from storage.database import Database, execute_sql, is_postgres, open_database
from storage.digests import SqlDigestRepository
from storage.feeds import SqlFeedRepository
from storage.imports import SqlImportRepository
from storage.members import SqlMemberRepository, SqlWorkspaceRepository
from storage.migrations import upgrade
from storage.outbox import SqlOutboxRepository
from storage.records import SqlUnavailabilityRepository
from storage.reminders import SqlReminderRepository
from storage.rotations import SqlOverrideRepository, SqlRotationRepository
from storage.swaps import SqlShiftSwapRepository
from storage.tables import bind_rotation_tables, bind_tables
from storage.uploads import SqlUploadRepository

log = logging.getLogger(__name__)

__all__ = [
    "SqlMemberRepository",
    "SqlStore",
    "SqlTypeRepository",
    "SqlUnavailabilityRepository",
    "SqlWorkspaceRepository",
    "open_store",
]


def open_store(url: str, *, migrate: bool = True) -> SqlStore:
    """Open the database at `url` (see `storage.database.open_database` for the forms,
    including `?search_path=SCHEMA` on PostgreSQL), connect, and apply pending migrations.

    Raises ConfigurationError for a malformed URL or a database that cannot be reached.
    """
    db = open_database(url)
    try:
        db.connect()
        if migrate:
            upgrade(db)
    except BaseException:
        db.close()
        raise
    return SqlStore(db)


class SqlStore:
    """The repositories of one database, and `transaction()` to serialise writers."""

    def __init__(self, db: Database) -> None:
        self._db = db
        tables = bind_tables(db)
        self._tables = tables
        self._workspaces = SqlWorkspaceRepository(db, tables)
        self._members = SqlMemberRepository(db, tables)
        self._types = SqlTypeRepository(db, tables)
        self._unavailability = SqlUnavailabilityRepository(db, tables)
        self._imports = SqlImportRepository(db)
        self._digests = SqlDigestRepository(db)
        self._rotations = SqlRotationRepository(db, bind_rotation_tables(db))
        self._overrides = SqlOverrideRepository(db, bind_rotation_tables(db))
        self._availability = SqlAvailabilityRepository(db)
        self._uploads = SqlUploadRepository(db)
        self._feeds = SqlFeedRepository(db)
        self._api_keys = SqlApiKeyRepository(db)
        self._idempotency = SqlIdempotencyRepository(db)
        self._calendars = SqlCalendarRepository(db)
        self._cover_requests = SqlCoverRequestRepository(db)
        self._swaps = SqlShiftSwapRepository(db)
        self._reminders = SqlReminderRepository(db)
        self._outbox = SqlOutboxRepository(db)
        self._alerts = SqlAlertRepository(db)

    @property
    def db(self) -> peewee.Database:
        """The Peewee database, for storage modules that later features add."""
        return self._db

    @property
    def workspaces(self) -> SqlWorkspaceRepository:
        return self._workspaces

    @property
    def members(self) -> SqlMemberRepository:
        return self._members

    @property
    def types(self) -> SqlTypeRepository:
        return self._types

    @property
    def unavailability(self) -> SqlUnavailabilityRepository:
        return self._unavailability

    @property
    def imports(self) -> SqlImportRepository:
        return self._imports

    @property
    def digests(self) -> SqlDigestRepository:
        return self._digests

    @property
    def rotations(self) -> SqlRotationRepository:
        return self._rotations

    @property
    def overrides(self) -> SqlOverrideRepository:
        return self._overrides

    @property
    def availability(self) -> SqlAvailabilityRepository:
        return self._availability

    @property
    def uploads(self) -> SqlUploadRepository:
        return self._uploads

    @property
    def feeds(self) -> SqlFeedRepository:
        return self._feeds

    @property
    def api_keys(self) -> SqlApiKeyRepository:
        return self._api_keys

    @property
    def idempotency(self) -> SqlIdempotencyRepository:
        return self._idempotency

    @property
    def calendars(self) -> SqlCalendarRepository:
        return self._calendars

    @property
    def cover_requests(self) -> SqlCoverRequestRepository:
        return self._cover_requests

    @property
    def swaps(self) -> SqlShiftSwapRepository:
        return self._swaps

    @property
    def reminders(self) -> SqlReminderRepository:
        return self._reminders

    @property
    def outbox(self) -> SqlOutboxRepository:
        return self._outbox

    @property
    def alerts(self) -> SqlAlertRepository:
        return self._alerts

    @contextmanager
    def transaction(self, lock_members: Sequence[str] = ()) -> Iterator[None]:
        """A write transaction; nested calls join the outer one (as a savepoint).

        SQLite: the outer transaction is BEGIN IMMEDIATE, so writers queue for the one
        write lock before they read. PostgreSQL: the listed members' rows are locked
        FOR UPDATE, in id order so that two transactions cannot deadlock on them.
        """
        if is_postgres(self._db):
            with self._db.atomic():
                self._lock_members(lock_members)
                yield
        else:
            with self._db.atomic("IMMEDIATE"):
                yield

    def _lock_members(self, member_ids: Sequence[str]) -> None:
        ids = sorted(set(member_ids))
        if not ids:
            return
        member = self._tables.member
        query = member.select(member.id).where(member.id.in_(ids)).order_by(member.id)
        list(query.for_update().tuples())

    def renew(self) -> None:
        """Start a unit of work on this thread (a request, a job run): a connection the
        server dropped meanwhile is closed, and the next query opens a new one. Never raises:
        if the database is down, the work's first query says so (DatabaseUnavailable)."""
        try:
            self._db.renew()
        except Exception:  # a check must not fail the work it precedes
            log.exception("could not check this thread's database connection")

    @contextmanager
    def hurried(self) -> Iterator[None]:
        """Work that must answer within Slack's 3 seconds (inside an acknowledgement): on
        SQLite, wait for another writer's lock at most 1.5 s, then raise DatabaseBusy."""
        with self._db.hurried():
            yield

    def ping(self) -> bool:
        """Whether the database answers on this thread's connection, renewed first the way
        every unit of work renews its own: so True means commands can reach it too."""
        self.renew()
        try:
            execute_sql(self._db, "SELECT 1").fetchone()
        except (peewee.PeeweeException, AvailbotError):
            with suppress(peewee.PeeweeException, AvailbotError):
                self._db.close()
            return False
        return True

    def close(self) -> None:
        """Close this thread's connection (other threads close their own)."""
        self._db.close()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


if TYPE_CHECKING:

    def _satisfies_the_port(store: SqlStore) -> AppStore:
        """mypy checks here that SqlStore implements every store port (AppStore extends
        them all)."""
        return store

    def _keeps_feeds(store: SqlStore) -> FeedStore:
        """mypy checks here that SqlStore implements the feeds port too."""
        return store

    def _serves_the_api(store: SqlStore) -> ApiStore:
        """mypy checks here that SqlStore implements the HTTP API's port: keys and answers."""
        return store
