"""Versioned schema changes, recorded in `schema_migrations` and applied once, in order.

To change the schema, append a function `def name(db: peewee.Database) -> None` to
MIGRATIONS: its version is its position (1-based), its name the function's name. Never
edit or reorder one that has shipped. Each runs in its own transaction under a lock
(PostgreSQL: an advisory transaction lock; SQLite: BEGIN IMMEDIATE), so processes that
start together apply each migration exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import peewee

from storage.database import execute_sql, is_postgres

Migration = Callable[[peewee.Database], None]

_LOCK_KEY = 0x61766169  # "avai": the advisory lock all availbot migrators share


def create_core_tables(db: peewee.Database) -> None:
    """Workspaces, members, unavailability types and records."""
    _run(
        db,
        """CREATE TABLE workspace (
            id TEXT PRIMARY KEY,
            timezone TEXT,
            created_at BIGINT NOT NULL)""",
        """CREATE TABLE member (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            email TEXT NOT NULL,
            email_key TEXT NOT NULL,
            name TEXT NOT NULL,
            tz TEXT,
            slack_user_id TEXT,
            admin BOOLEAN NOT NULL DEFAULT FALSE,
            active BOOLEAN NOT NULL DEFAULT TRUE)""",
        "CREATE UNIQUE INDEX member_email_key ON member (workspace_id, email_key)",
        """CREATE UNIQUE INDEX member_slack_user_id ON member (workspace_id, slack_user_id)
            WHERE slack_user_id IS NOT NULL""",
        """CREATE TABLE unavailability_type (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            paid BOOLEAN NOT NULL DEFAULT FALSE,
            private BOOLEAN NOT NULL DEFAULT FALSE,
            archived BOOLEAN NOT NULL DEFAULT FALSE)""",
        """CREATE UNIQUE INDEX unavailability_type_name_key
            ON unavailability_type (workspace_id, name_key)""",
        """CREATE TABLE unavailability (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            member_id TEXT NOT NULL REFERENCES member (id),
            type_id TEXT NOT NULL REFERENCES unavailability_type (id),
            start_ts BIGINT NOT NULL,
            end_ts BIGINT NOT NULL,
            all_day BOOLEAN NOT NULL DEFAULT FALSE,
            name TEXT,
            source TEXT NOT NULL,
            created_by TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL)""",
        """CREATE INDEX unavailability_member_start
            ON unavailability (workspace_id, member_id, start_ts)""",
        "CREATE INDEX unavailability_start ON unavailability (workspace_id, start_ts)",
        "CREATE INDEX unavailability_type_id ON unavailability (type_id)",
    )


def create_import_tables(db: peewee.Database) -> None:
    """CSV imports (docs/imports.md): the preview's verdict and the rows a commit would create."""
    _run(
        db,
        """CREATE TABLE csv_import (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            file_name TEXT NOT NULL,
            created_by TEXT,
            created_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            rows_total INTEGER NOT NULL,
            to_create INTEGER NOT NULL,
            duplicates INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            committed_by TEXT,
            committed_at BIGINT,
            created INTEGER NOT NULL DEFAULT 0)""",
        "CREATE INDEX csv_import_recent ON csv_import (workspace_id, created_at)",
        """CREATE TABLE csv_import_row (
            import_id TEXT NOT NULL REFERENCES csv_import (id),
            line INTEGER NOT NULL,
            record_id TEXT NOT NULL,
            member_id TEXT NOT NULL,
            type_id TEXT NOT NULL,
            start_ts BIGINT NOT NULL,
            end_ts BIGINT NOT NULL,
            all_day BOOLEAN NOT NULL,
            name TEXT,
            PRIMARY KEY (import_id, line))""",
    )


def create_rotation_tables(db: peewee.Database) -> None:
    """On-call rotations (docs/rotations.md): names, versions of their definitions, overrides."""
    _run(
        db,
        """CREATE TABLE rotation (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            created_at BIGINT NOT NULL)""",
        "CREATE UNIQUE INDEX rotation_name_key ON rotation (workspace_id, name_key)",
        """CREATE TABLE rotation_version (
            rotation_id TEXT NOT NULL REFERENCES rotation (id),
            seq INTEGER NOT NULL,
            workspace_id TEXT NOT NULL,
            effective_from BIGINT,
            timezone TEXT NOT NULL,
            shift TEXT NOT NULL,
            handoff TEXT NOT NULL,
            start_date TEXT NOT NULL,
            member_ids TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (rotation_id, seq))""",
        """CREATE TABLE rotation_override (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            rotation_id TEXT NOT NULL REFERENCES rotation (id),
            member_id TEXT NOT NULL REFERENCES member (id),
            start_ts BIGINT NOT NULL,
            end_ts BIGINT NOT NULL,
            created_by TEXT,
            created_at BIGINT NOT NULL)""",
        """CREATE INDEX rotation_override_start
            ON rotation_override (workspace_id, rotation_id, start_ts)""",
        "CREATE INDEX rotation_override_window ON rotation_override (workspace_id, start_ts)",
    )


def create_digest_tables(db: peewee.Database) -> None:
    """Digest subscriptions, and the claim that posts each digest once per local date."""
    _run(
        db,
        """CREATE TABLE digest_subscription (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            at_minute INTEGER NOT NULL,
            zone TEXT NOT NULL,
            days TEXT NOT NULL,
            rotations TEXT NOT NULL,
            everyone BOOLEAN NOT NULL,
            lookahead INTEGER NOT NULL,
            created_by TEXT,
            created_at BIGINT)""",
        """CREATE UNIQUE INDEX digest_subscription_channel
            ON digest_subscription (workspace_id, channel)""",
        """CREATE TABLE digest_claim (
            subscription_id TEXT NOT NULL,
            local_date TEXT NOT NULL,
            status TEXT NOT NULL,
            holder TEXT NOT NULL,
            lease_until BIGINT NOT NULL,
            message_ts TEXT,
            PRIMARY KEY (subscription_id, local_date))""",
    )


def create_availability_tables(db: peewee.Database) -> None:
    """Sources of available hours (docs/effective.md): calendars, day types, assignments,
    patterns and shift cycles, each in file order (`seq`); lists and hours are JSON text."""
    _run(
        db,
        """CREATE TABLE availability_calendar (
            workspace_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            country TEXT,
            subdivision TEXT,
            closed TEXT NOT NULL,
            hours TEXT NOT NULL,
            member_ids TEXT NOT NULL,
            PRIMARY KEY (workspace_id, seq))""",
        """CREATE UNIQUE INDEX availability_calendar_name_key
            ON availability_calendar (workspace_id, name_key)""",
        """CREATE TABLE availability_day_type (
            workspace_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            intervals TEXT NOT NULL,
            PRIMARY KEY (workspace_id, seq))""",
        """CREATE UNIQUE INDEX availability_day_type_name_key
            ON availability_day_type (workspace_id, name_key)""",
        """CREATE TABLE availability_day_assignment (
            workspace_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            member_id TEXT NOT NULL REFERENCES member (id),
            day_type TEXT NOT NULL,
            dates TEXT NOT NULL,
            PRIMARY KEY (workspace_id, seq))""",
        """CREATE INDEX availability_day_assignment_member
            ON availability_day_assignment (workspace_id, member_id)""",
        """CREATE TABLE availability_pattern (
            workspace_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            member_id TEXT NOT NULL REFERENCES member (id),
            rrule TEXT NOT NULL,
            intervals TEXT NOT NULL,
            start_date TEXT NOT NULL,
            PRIMARY KEY (workspace_id, seq))""",
        """CREATE INDEX availability_pattern_member
            ON availability_pattern (workspace_id, member_id)""",
        """CREATE TABLE availability_shift (
            workspace_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            member_id TEXT NOT NULL REFERENCES member (id),
            cycle TEXT NOT NULL,
            start_date TEXT NOT NULL,
            PRIMARY KEY (workspace_id, seq))""",
        "CREATE INDEX availability_shift_member ON availability_shift (workspace_id, member_id)",
    )


def create_upload_tables(db: peewee.Database) -> None:
    """Slack deliveries already taken (docs/imports.md): each uploaded file and each event id
    is claimed by one row, inserted before the work, so no instance processes it twice."""
    _run(
        db,
        """CREATE TABLE upload_claim (
            workspace_id TEXT NOT NULL,
            file_id TEXT NOT NULL,
            claimed_at BIGINT NOT NULL,
            PRIMARY KEY (workspace_id, file_id))""",
        """CREATE TABLE event_receipt (
            workspace_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            PRIMARY KEY (workspace_id, event_id))""",
        "CREATE INDEX event_receipt_received ON event_receipt (received_at)",
    )


def add_record_sources(db: peewee.Database) -> None:
    """Sources (docs/records.md#sources): one-off imports are `import:IMP` (were `csv:IMP`),
    syncs are found by source, and an import remembers the sync it is (JSON, or NULL)."""
    _run(
        db,
        "UPDATE unavailability SET source = 'import:' || substr(source, 5) "
        "WHERE substr(source, 1, 4) = 'csv:'",
        "CREATE INDEX unavailability_source ON unavailability (workspace_id, source, start_ts)",
        "ALTER TABLE csv_import ADD COLUMN sync TEXT",
    )


def create_feed_tables(db: peewee.Database) -> None:
    """iCal feeds as sources (docs/feeds.md): the feeds with their last sync's status, the
    names aliased to members per feed, and the claims that make each scheduled sync once."""
    _run(
        db,
        """CREATE TABLE feed (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            url TEXT NOT NULL,
            type_name TEXT NOT NULL,
            every_seconds INTEGER NOT NULL,
            keywords TEXT NOT NULL DEFAULT '[]',
            enabled BOOLEAN NOT NULL DEFAULT FALSE,
            created_at BIGINT,
            last_sync_at BIGINT,
            last_status TEXT,
            last_why TEXT,
            last_created INTEGER NOT NULL DEFAULT 0,
            last_changed INTEGER NOT NULL DEFAULT 0,
            last_removed INTEGER NOT NULL DEFAULT 0,
            unmatched TEXT NOT NULL DEFAULT '[]',
            last_good_at BIGINT)""",
        "CREATE UNIQUE INDEX feed_name_key ON feed (workspace_id, name_key)",
        """CREATE TABLE feed_alias (
            feed_id TEXT NOT NULL REFERENCES feed (id),
            name_key TEXT NOT NULL,
            name TEXT NOT NULL,
            member_id TEXT NOT NULL REFERENCES member (id),
            PRIMARY KEY (feed_id, name_key))""",
        """CREATE TABLE feed_claim (
            feed_id TEXT NOT NULL REFERENCES feed (id),
            slot BIGINT NOT NULL,
            status TEXT NOT NULL,
            holder TEXT NOT NULL,
            lease_until BIGINT NOT NULL,
            PRIMARY KEY (feed_id, slot))""",
    )


def create_api_tables(db: peewee.Database) -> None:
    """The HTTP API (docs/api.md): each workspace's switch, members' external ids, API keys
    (a prefix and a hash, never the secret) and the answers remembered per Idempotency-Key."""
    _run(
        db,
        "ALTER TABLE workspace ADD COLUMN api_enabled BOOLEAN NOT NULL DEFAULT FALSE",
        "ALTER TABLE member ADD COLUMN external_id TEXT",
        """CREATE UNIQUE INDEX member_external_id ON member (workspace_id, external_id)
            WHERE external_id IS NOT NULL""",
        """CREATE TABLE api_key (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            prefix TEXT NOT NULL UNIQUE,
            secret_hash TEXT NOT NULL,
            scope TEXT NOT NULL,
            member_id TEXT REFERENCES member (id),
            created_at BIGINT NOT NULL,
            last_used_at BIGINT,
            revoked_at BIGINT)""",
        # a revoked key gives its name back: only live keys' names are unique
        """CREATE UNIQUE INDEX api_key_name_key ON api_key (workspace_id, name_key)
            WHERE revoked_at IS NULL""",
        """CREATE TABLE api_request (
            key_id TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status INTEGER,
            body TEXT,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (key_id, idempotency_key))""",
        "CREATE INDEX api_request_created ON api_request (created_at)",
    )


def create_calendar_tables(db: peewee.Database) -> None:
    """Calendar feeds served (docs/calendar.md): each feed's secret link, stored as a hash of
    its token (one live link per member, rotation or team), and the version of every event
    last served, so SEQUENCE and LAST-MODIFIED change only when an event does (with the
    event as written then: an unchanged event is not written again)."""
    _run(
        db,
        """CREATE TABLE calendar_link (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            last_fetched_at BIGINT,
            revoked_at BIGINT,
            content_hash TEXT,
            changed_at BIGINT)""",
        "CREATE UNIQUE INDEX calendar_link_token ON calendar_link (token_hash)",
        """CREATE UNIQUE INDEX calendar_link_live ON calendar_link (workspace_id, kind, subject)
            WHERE revoked_at IS NULL""",
        """CREATE TABLE calendar_event (
            workspace_id TEXT NOT NULL,
            feed TEXT NOT NULL,
            uid TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            modified_at BIGINT NOT NULL,
            ends_at BIGINT NOT NULL,
            ical TEXT NOT NULL,
            PRIMARY KEY (workspace_id, feed, uid))""",
        "CREATE INDEX calendar_event_ends ON calendar_event (ends_at)",
    )


def create_alert_tables(db: peewee.Database) -> None:
    """Telling people when coverage breaks (docs/alerts.md): the outbox, the ledger that
    claims everything sent on availbot's own clock once per (kind, key); the coverage alerts
    posted in digest channels; and the digest's hand-offs and mentions switches."""
    _run(
        db,
        """CREATE TABLE outbox (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            state TEXT NOT NULL,
            holder TEXT NOT NULL,
            lease_until BIGINT NOT NULL,
            maybe_sent BOOLEAN NOT NULL DEFAULT FALSE,
            attempts INTEGER NOT NULL DEFAULT 1,
            retry_at BIGINT,
            channel TEXT,
            ts TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (kind, key))""",
        "CREATE INDEX outbox_updated ON outbox (updated_at)",
        """CREATE TABLE gap_alert (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            subscription_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            rotation_id TEXT NOT NULL,
            rotation_name TEXT NOT NULL,
            start_ts BIGINT NOT NULL,
            end_ts BIGINT NOT NULL,
            status TEXT NOT NULL,
            said TEXT NOT NULL,
            shown TEXT,
            closed_why TEXT,
            closed_by TEXT,
            message_ts TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL)""",
        "CREATE INDEX gap_alert_status ON gap_alert (workspace_id, status)",
        "ALTER TABLE digest_subscription ADD COLUMN handoffs BOOLEAN NOT NULL DEFAULT FALSE",
        "ALTER TABLE digest_subscription ADD COLUMN mentions BOOLEAN NOT NULL DEFAULT TRUE",
    )


def create_personal_alert_tables(db: peewee.Database) -> None:
    """Personal alerts (docs/alerts.md): cover requests, each member's reminder settings,
    the shift each member last heard about, and an index to find records changed lately."""
    _run(
        db,
        # no foreign key to rotation: a rotation removed from the schedules file keeps its
        # requests' history (they read as closed)
        """CREATE TABLE cover_request (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            rotation_id TEXT NOT NULL,
            member_id TEXT NOT NULL REFERENCES member (id),
            start_ts BIGINT NOT NULL,
            end_ts BIGINT NOT NULL,
            channel TEXT NOT NULL,
            message_ts TEXT,
            status TEXT NOT NULL,
            created_by TEXT,
            created_at BIGINT NOT NULL,
            covered_by TEXT,
            override_ids TEXT NOT NULL DEFAULT '',
            closed_at BIGINT)""",
        """CREATE INDEX cover_request_open
            ON cover_request (workspace_id, rotation_id, member_id, status)""",
        """CREATE TABLE reminder_setting (
            workspace_id TEXT NOT NULL,
            member_id TEXT NOT NULL REFERENCES member (id),
            at_minute INTEGER NOT NULL,
            enabled BOOLEAN NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (workspace_id, member_id))""",
        """CREATE TABLE shift_watch (
            workspace_id TEXT NOT NULL,
            member_id TEXT NOT NULL REFERENCES member (id),
            rotation_id TEXT,
            start_ts BIGINT,
            end_ts BIGINT,
            horizon_ts BIGINT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (workspace_id, member_id))""",
        "CREATE INDEX unavailability_updated ON unavailability (workspace_id, updated_at)",
    )


def add_cover_request_cuts(db: peewee.Database) -> None:
    """What filling a cover request cut of the requester's own overrides, for Undo to put
    back (docs/alerts.md)."""
    _run(db, "ALTER TABLE cover_request ADD COLUMN cut TEXT NOT NULL DEFAULT ''")


def add_record_changed_by(db: peewee.Database) -> None:
    """Who last changed a record and where, so its member is told of a clash another hand
    made (docs/alerts.md)."""
    _run(
        db,
        "ALTER TABLE unavailability ADD COLUMN changed_by TEXT",
        "ALTER TABLE unavailability ADD COLUMN changed_via TEXT",
    )


def slim_record_indexes(db: peewee.Database) -> None:
    """Fewer indexes for each record to keep up (a 100,000-row import wrote six per record):
    `unavailability_type_id` served no query (types are archived, never deleted, so their
    foreign key never looks records up by type), and only synced sources are ever looked up
    by source, so only their records are indexed by it (storage/records.py: of_source)."""
    _run(
        db,
        "DROP INDEX unavailability_type_id",
        "DROP INDEX unavailability_source",
        # of_source repeats this WHERE word for word: both engines then use the index
        "CREATE INDEX unavailability_synced ON unavailability (workspace_id, source, start_ts) "
        "WHERE substr(source, 1, 5) IN ('sync:', 'feed:')",
    )


def create_swap_tables(db: peewee.Database) -> None:
    """Shift swaps (docs/rotations.md): one member's shift offered for a teammate's."""
    _run(
        db,
        """CREATE TABLE shift_swap (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            requester_id TEXT NOT NULL REFERENCES member (id),
            teammate_id TEXT NOT NULL REFERENCES member (id),
            mine_rotation_id TEXT NOT NULL,
            mine_start_ts BIGINT NOT NULL,
            mine_end_ts BIGINT NOT NULL,
            theirs_rotation_id TEXT NOT NULL,
            theirs_start_ts BIGINT NOT NULL,
            theirs_end_ts BIGINT NOT NULL,
            status TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            override_ids TEXT NOT NULL DEFAULT '',
            closed_at BIGINT)""",
    )


def page_import_rows(db: peewee.Database) -> None:
    """A preview's planned rows as pages of ~2,000 (storage/import_pages.py), not a row
    each: storing 100,000 of them cost more than the raw floor's whole insert. Previews
    stored before are moved into pages, so they still commit. It writes them with today's
    page encoder: a later change to the page format must re-encode stored pages in a
    migration of its own, never change what this one writes."""
    _run(
        db,
        """CREATE TABLE csv_import_page (
            import_id TEXT NOT NULL REFERENCES csv_import (id),
            page INTEGER NOT NULL,
            first_line INTEGER NOT NULL,
            last_line INTEGER NOT NULL,
            rows_count INTEGER NOT NULL,
            start_ts BIGINT NOT NULL,
            end_ts BIGINT NOT NULL,
            members TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (import_id, page))""",
    )
    if is_postgres(db):
        # uncompressed: pglz made writing a 100,000-row preview's 10 MB of pages 0.65 s
        # instead of 0.24 s (lz4 is not in every server build)
        _run(
            db,
            "ALTER TABLE csv_import_page ALTER COLUMN members SET STORAGE EXTERNAL",
            "ALTER TABLE csv_import_page ALTER COLUMN data SET STORAGE EXTERNAL",
        )
    # imported here: every command loads this module at start, only an upgrade needs that one
    from storage.import_pages import move_import_rows

    move_import_rows(db)
    _run(db, "DROP TABLE csv_import_row")


MIGRATIONS: list[Migration] = [
    create_core_tables,
    create_import_tables,
    create_rotation_tables,
    create_digest_tables,
    create_availability_tables,
    create_upload_tables,
    add_record_sources,
    create_feed_tables,
    create_api_tables,
    create_calendar_tables,
    create_alert_tables,
    create_personal_alert_tables,
    add_cover_request_cuts,
    add_record_changed_by,
    slim_record_indexes,
    create_swap_tables,
    page_import_rows,
]


def migration_name(version: int) -> str:
    return f"{version:04d}_{MIGRATIONS[version - 1].__name__}"


def upgrade(db: peewee.Database) -> list[str]:
    """Apply the pending migrations in order; returns the names of those applied."""
    applied: list[str] = []
    for version in range(1, len(MIGRATIONS) + 1):
        with db.atomic():
            _lock(db)
            if version in _applied_versions(db):
                continue
            MIGRATIONS[version - 1](db)
            execute_sql(
                db,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                (version, MIGRATIONS[version - 1].__name__, int(datetime.now(UTC).timestamp())),
            )
            applied.append(migration_name(version))
    return applied


def _lock(db: peewee.Database) -> None:
    """Serialise migrators; on SQLite the IMMEDIATE transaction already holds the lock."""
    if is_postgres(db):
        execute_sql(db, "SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
    execute_sql(
        db,
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )


def applied_versions(db: peewee.Database) -> list[int]:
    """The versions recorded as applied (none when the table does not exist yet)."""
    if "schema_migrations" not in db.get_tables():
        return []
    return sorted(_applied_versions(db))


def _applied_versions(db: peewee.Database) -> set[int]:
    cursor = execute_sql(db, "SELECT version FROM schema_migrations")
    return {int(row[0]) for row in cursor.fetchall()}


def _run(db: peewee.Database, *statements: str) -> None:
    for statement in statements:
        execute_sql(db, statement)
