"""core's Store on Peewee: the repositories plus a write transaction serialised per member.

Each repository is built, and its module imported, on first use: a command loads only the
storage (and core) modules of the repositories it touches."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

import peewee

from core.errors import AvailbotError
from storage.database import Database, execute_sql, is_postgres, open_database
from storage.migrations import upgrade
from storage.tables import bind_rotation_tables, bind_tables

if TYPE_CHECKING:
    from core.ports import ApiStore, AppStore, FeedStore
    from storage.access import SqlApiKeyRepository, SqlIdempotencyRepository
    from storage.alerts import SqlAlertRepository
    from storage.availability import SqlAvailabilityRepository
    from storage.calendars import SqlCalendarRepository
    from storage.catalogue import SqlTypeRepository
    from storage.cover_requests import SqlCoverRequestRepository
    from storage.digests import SqlDigestRepository
    from storage.feeds import SqlFeedRepository
    from storage.imports import SqlImportRepository
    from storage.members import SqlMemberRepository, SqlWorkspaceRepository
    from storage.outbox import SqlOutboxRepository
    from storage.records import SqlUnavailabilityRepository
    from storage.reminders import SqlReminderRepository
    from storage.rotations import SqlOverrideRepository, SqlRotationRepository
    from storage.swaps import SqlShiftSwapRepository
    from storage.uploads import SqlUploadRepository

log = logging.getLogger(__name__)


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
        self._tables = bind_tables(db)

    @property
    def db(self) -> peewee.Database:
        """The Peewee database, for storage modules that later features add."""
        return self._db

    # Built on first use (see the module's docstring). Two threads may both build one the
    # first time (cached_property takes no lock from Python 3.12 on): harmless, as
    # repositories hold nothing but the database and their column lists.

    @cached_property
    def workspaces(self) -> SqlWorkspaceRepository:
        from storage.members import SqlWorkspaceRepository

        return SqlWorkspaceRepository(self._db, self._tables)

    @cached_property
    def members(self) -> SqlMemberRepository:
        from storage.members import SqlMemberRepository

        return SqlMemberRepository(self._db, self._tables)

    @cached_property
    def types(self) -> SqlTypeRepository:
        from storage.catalogue import SqlTypeRepository

        return SqlTypeRepository(self._db, self._tables)

    @cached_property
    def unavailability(self) -> SqlUnavailabilityRepository:
        from storage.records import SqlUnavailabilityRepository

        return SqlUnavailabilityRepository(self._db, self._tables)

    @cached_property
    def imports(self) -> SqlImportRepository:
        from storage.imports import SqlImportRepository

        return SqlImportRepository(self._db)

    @cached_property
    def digests(self) -> SqlDigestRepository:
        from storage.digests import SqlDigestRepository

        return SqlDigestRepository(self._db)

    @cached_property
    def rotations(self) -> SqlRotationRepository:
        from storage.rotations import SqlRotationRepository

        return SqlRotationRepository(self._db, bind_rotation_tables(self._db))

    @cached_property
    def overrides(self) -> SqlOverrideRepository:
        from storage.rotations import SqlOverrideRepository

        return SqlOverrideRepository(self._db, bind_rotation_tables(self._db))

    @cached_property
    def availability(self) -> SqlAvailabilityRepository:
        from storage.availability import SqlAvailabilityRepository

        return SqlAvailabilityRepository(self._db)

    @cached_property
    def uploads(self) -> SqlUploadRepository:
        from storage.uploads import SqlUploadRepository

        return SqlUploadRepository(self._db)

    @cached_property
    def feeds(self) -> SqlFeedRepository:
        from storage.feeds import SqlFeedRepository

        return SqlFeedRepository(self._db)

    @cached_property
    def api_keys(self) -> SqlApiKeyRepository:
        from storage.access import SqlApiKeyRepository

        return SqlApiKeyRepository(self._db)

    @cached_property
    def idempotency(self) -> SqlIdempotencyRepository:
        from storage.access import SqlIdempotencyRepository

        return SqlIdempotencyRepository(self._db)

    @cached_property
    def calendars(self) -> SqlCalendarRepository:
        from storage.calendars import SqlCalendarRepository

        return SqlCalendarRepository(self._db)

    @cached_property
    def cover_requests(self) -> SqlCoverRequestRepository:
        from storage.cover_requests import SqlCoverRequestRepository

        return SqlCoverRequestRepository(self._db)

    @cached_property
    def swaps(self) -> SqlShiftSwapRepository:
        from storage.swaps import SqlShiftSwapRepository

        return SqlShiftSwapRepository(self._db)

    @cached_property
    def reminders(self) -> SqlReminderRepository:
        from storage.reminders import SqlReminderRepository

        return SqlReminderRepository(self._db)

    @cached_property
    def outbox(self) -> SqlOutboxRepository:
        from storage.outbox import SqlOutboxRepository

        return SqlOutboxRepository(self._db)

    @cached_property
    def alerts(self) -> SqlAlertRepository:
        from storage.alerts import SqlAlertRepository

        return SqlAlertRepository(self._db)

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
