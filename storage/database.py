"""Open a database from DATABASE_URL: SQLite with its pragmas, or PostgreSQL."""

from __future__ import annotations

import io
import logging
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from itertools import islice
from typing import Any, cast
from urllib.parse import parse_qsl, unquote, urlsplit

import peewee
import psycopg2
import psycopg2.extensions
import psycopg2.extras
from psycopg2.errors import DeadlockDetected, LockNotAvailable, QueryCanceled

from core.errors import ConfigurationError, DatabaseBusy, DatabaseUnavailable

VALID_FORMS = (
    "sqlite:///relative/path.db (sqlite:////absolute/path.db, sqlite:///:memory:) "
    "or postgresql://user:password@host:5432/dbname"
)
SQLITE_PRAGMAS: tuple[tuple[str, object], ...] = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 10_000),
    ("synchronous", "normal"),
    # 64 MiB of page cache (SQLite's default is 2 MiB): bulk imports insert 100,000 records
    # under random ids, and a small cache turns each into disk reads of the index pages.
    ("cache_size", -65536),
)
BUSY_TIMEOUT_SECONDS = 10
# Work inside a Slack acknowledgement (a modal submission is saved in its ack) waits for
# another writer at most this long, so that "busy" reaches Slack within its 3 seconds.
HURRIED_BUSY_TIMEOUT_MS = 1500
POSTGRES_PARAMS = frozenset(
    {"options", "search_path", "sslmode", "connect_timeout", "application_name", "sslrootcert"}
)
_SEARCH_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*(,\s*[A-Za-z_][A-Za-z0-9_$]*)*$")
log = logging.getLogger(__name__)


class _Hurry(threading.local):
    """Per thread: whether the work running now must answer within Slack's 3 seconds."""

    active = False


COMMIT_UNSURE = (
    "The database went away while saving, so it may or may not have been saved. Check "
    "before trying again."
)


class SqliteDatabase(peewee.SqliteDatabase):
    """SQLite whose top-level transactions are IMMEDIATE, whose open failures are ours, and
    whose "database is locked" is DatabaseBusy. Inside `hurried()` this thread waits for
    another writer's lock at most HURRIED_BUSY_TIMEOUT_MS instead of the 10 seconds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._hurry = _Hurry()
        super().__init__(*args, **kwargs)

    def _connect(self) -> sqlite3.Connection:
        try:
            # types-peewee leaves out the private _connect these subclasses extend
            conn: sqlite3.Connection = super()._connect()  # type: ignore[misc]
        except sqlite3.Error as exc:
            raise ConfigurationError(
                f"Cannot open the SQLite database {self.database!r} named in DATABASE_URL "
                f"({exc}). Check that its directory exists and is writable."
            ) from exc
        if self._hurry.active:
            conn.execute(f"PRAGMA busy_timeout = {HURRIED_BUSY_TIMEOUT_MS}")
        return conn

    @contextmanager
    def hurried(self) -> Iterator[None]:
        if self._hurry.active:
            yield
            return
        self._hurry.active = True
        self._busy_timeout(HURRIED_BUSY_TIMEOUT_MS)
        try:
            yield
        finally:
            self._hurry.active = False
            self._busy_timeout(BUSY_TIMEOUT_SECONDS * 1000)

    def _busy_timeout(self, milliseconds: int) -> None:
        if not self.is_closed():
            with suppress(sqlite3.Error):
                _thread(self).conn.execute(f"PRAGMA busy_timeout = {milliseconds}")

    def renew(self) -> None:
        """A SQLite connection does not drop: nothing to renew."""

    @contextmanager
    def translated(self) -> Iterator[None]:
        try:
            yield
        except (peewee.OperationalError, sqlite3.OperationalError) as exc:
            if _locked(exc):
                raise DatabaseBusy() from exc
            raise

    # types-peewee leaves these unannotated; the overrides only translate their errors
    def execute_sql(self, sql: str, params: Any = None) -> Any:
        with self.translated():
            return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]

    def begin(self, lock_type: str | None = None) -> None:
        with self.translated():
            super().begin(lock_type)

    def commit(self) -> None:
        with self.translated():
            super().commit()


def _thread(db: peewee.Database) -> Any:
    """This thread's connection state in Peewee (`conn`, `closed`, `transactions`)."""
    return db._state  # type: ignore[attr-defined]  # private in types-peewee


def _locked(exc: BaseException) -> bool:
    words = str(exc).lower()
    return "database is locked" in words or "database table is locked" in words


class PostgresqlDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL that survives its server going away and coming back.

    A connection the server dropped (a restart, a failover, pg_terminate_backend, an idle
    timeout) is closed and replaced: by `renew()` at the start of each unit of work (one
    `SELECT 1`), and at once whenever psycopg2 already knows it is closed and no transaction
    is open, since then no statement has been sent. A statement whose connection breaks is
    never sent again: it raises DatabaseUnavailable (its transaction did not commit), and the
    next statement outside a transaction opens a new connection. Failing to connect raises
    ConfigurationError before the first connection succeeded (a wrong DATABASE_URL is the
    likelier cause), DatabaseUnavailable after it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._reached = False
        super().__init__(*args, **kwargs)

    def _connect(self) -> Any:
        try:
            conn = super()._connect()  # type: ignore[misc]  # as in SqliteDatabase
        except psycopg2.OperationalError as exc:
            params = self.connect_params
            where = f"{params.get('host') or 'localhost'}:{params.get('port') or 5432}"
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if self._reached:
                log.warning("cannot reach PostgreSQL at %s: %s", where, reason)
                raise DatabaseUnavailable() from exc
            raise ConfigurationError(
                f"Cannot reach the PostgreSQL server named in DATABASE_URL "
                f"({where}/{self.database}): {reason}. Check that the server is running and "
                "that DATABASE_URL names the right host, port, database and user."
            ) from exc
        self._reached = True
        return conn

    @contextmanager
    def hurried(self) -> Iterator[None]:
        """Connection failures answer at once (refused) or after connect_timeout."""
        yield

    def _lost(self) -> bool:
        """Whether this thread holds a connection psycopg2 knows to be broken."""
        conn = _thread(self).conn
        if _thread(self).closed or conn is None:
            return False
        return bool(conn.closed) or (
            conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_UNKNOWN
        )

    def _drop(self) -> None:
        """Forget this thread's connection (closing it quietly); the next use reconnects."""
        conn = _thread(self).conn
        with suppress(Exception):
            if conn is not None:
                conn.close()
        _thread(self).reset()

    def renew(self) -> None:
        """Start a unit of work: replace this thread's connection if the server dropped it."""
        if _thread(self).closed or self.in_transaction():
            return
        if not self._lost():
            try:
                with _thread(self).conn.cursor() as cursor:
                    cursor.execute("SELECT 1")
                return
            except psycopg2.Error:
                pass
        log.info("replacing a PostgreSQL connection the server dropped")
        self._drop()

    @contextmanager
    def translated(self) -> Iterator[None]:
        try:
            yield
        except (peewee.OperationalError, peewee.InterfaceError, psycopg2.Error) as exc:
            original = exc.args[0] if exc.args else None
            # a deadlock broken by the server rolled this transaction back: nothing was
            # changed, and trying again succeeds, as with a lock not granted in time
            busy = LockNotAvailable | QueryCanceled | DeadlockDetected
            if isinstance(original, busy) or isinstance(exc, busy):
                raise DatabaseBusy() from exc
            if self._lost() or _thread(self).closed:
                if not self.in_transaction():
                    self._drop()
                raise DatabaseUnavailable() from exc
            raise

    def cursor(self, named_cursor: Any = None) -> Any:
        if not self.in_transaction() and self._lost():
            self._drop()  # nothing sent on it yet: a new connection is safe
        return super().cursor(named_cursor)  # type: ignore[no-untyped-call]

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        with self.translated():
            return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]

    def begin(self, isolation_level: Any = None) -> None:
        with self.translated():
            super().begin(isolation_level)

    def commit(self) -> None:
        if self._lost():
            # Known broken before COMMIT was sent: the server rolled the transaction back.
            # (Letting cursor() reconnect would send COMMIT on a new connection: a no-op
            # that would report a lost transaction as saved.)
            raise DatabaseUnavailable()
        try:
            with self.translated():
                super().commit()
        except DatabaseBusy:
            raise
        except DatabaseUnavailable as lost:
            # The connection broke with COMMIT in flight: the server may have committed.
            raise DatabaseUnavailable(COMMIT_UNSURE) from lost.__cause__

    def rollback(self) -> None:
        if self.is_closed() or self._lost():
            return  # the server ended that transaction with the connection
        with self.translated():
            super().rollback()


Database = SqliteDatabase | PostgresqlDatabase


def open_database(url: str) -> Database:
    """A Peewee database for `url`, not yet connected.

    Forms: `sqlite:///relative/path.db`, `sqlite:////absolute/path.db`, `sqlite:///:memory:`
    (a private in-memory database, shared by the threads of this process until closed),
    and `postgresql://user:password@host:port/dbname` (or `postgres://`). A PostgreSQL URL
    may carry libpq parameters in its query: `search_path=SCHEMA` (sets the schema every
    connection uses, e.g. `?search_path=t_abc`), `options=-c%20...`, `sslmode`,
    `connect_timeout` (default 10 seconds), `application_name`, `sslrootcert`.

    Raises ConfigurationError for a malformed URL (before touching anything) and, at
    connect time, for a database that cannot be opened or a server that cannot be reached.
    """
    scheme, sep, _ = url.partition("://")
    if not sep:
        raise _malformed(url, "no scheme")
    if scheme == "sqlite":
        return _open_sqlite(url)
    if scheme in ("postgresql", "postgres"):
        return _open_postgres(url)
    raise _malformed(url, f"unknown scheme {scheme!r}")


def _malformed(url: str, why: str) -> ConfigurationError:
    return ConfigurationError(
        f"DATABASE_URL {_redacted(url)!r} is not a database URL we can use ({why}). "
        f"Use {VALID_FORMS}."
    )


def _redacted(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def _open_sqlite(url: str) -> Database:
    if not url.startswith("sqlite:///"):
        raise _malformed(url, "a SQLite URL has three slashes: sqlite:///path")
    path = url[len("sqlite:///") :]
    if "?" in path or "#" in path:
        raise _malformed(url, "a SQLite URL takes no query")
    if not path.strip() or path.endswith("/"):
        raise _malformed(url, "the path to the database file is empty")
    if path == ":memory:":
        # A named shared-cache database, so every thread of this process sees the same data.
        name = f"file:availbot-{uuid.uuid4().hex}?mode=memory&cache=shared"
        pragmas = [(k, v) for k, v in SQLITE_PRAGMAS if k != "journal_mode"]
        return SqliteDatabase(
            name, pragmas=pragmas, timeout=BUSY_TIMEOUT_SECONDS, lock_type="IMMEDIATE", uri=True
        )
    return SqliteDatabase(
        path, pragmas=list(SQLITE_PRAGMAS), timeout=BUSY_TIMEOUT_SECONDS, lock_type="IMMEDIATE"
    )


def _open_postgres(url: str) -> Database:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _malformed(url, str(exc)) from exc
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or "/" in dbname:
        raise _malformed(url, "name one database after the host: .../dbname")
    if parts.fragment:
        raise _malformed(url, "a fragment (#...) means nothing here")
    # A server that vanishes without closing its connections (a failover, a network split)
    # must fail a query in seconds, not after the kernel's ~15 minutes of retransmissions:
    # every request checks its connection before Slack's 3 seconds run out.
    params: dict[str, Any] = {
        "connect_timeout": 10,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 5000,
    }
    if parts.username:
        params["user"] = unquote(parts.username)
    if parts.password:
        params["password"] = unquote(parts.password)
    if parts.hostname:
        params["host"] = parts.hostname
    if port is not None:
        params["port"] = port
    params.update(_postgres_query(url, parts.query))
    return PostgresqlDatabase(dbname, **params)


def _postgres_query(url: str, query: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    options: list[str] = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in POSTGRES_PARAMS:
            known = ", ".join(sorted(POSTGRES_PARAMS))
            raise _malformed(url, f"unknown parameter {key!r}; known: {known}")
        if key == "search_path":
            if not _SEARCH_PATH.match(value):
                raise _malformed(url, f"search_path {value!r} is not a list of schema names")
            options.append(f"-c search_path={value.replace(' ', '')}")
        elif key == "options":
            options.append(value)
        elif key == "connect_timeout":
            if not value.isdigit():
                raise _malformed(url, "connect_timeout is a whole number of seconds")
            params[key] = int(value)
        else:
            params[key] = value
    if options:
        params["options"] = " ".join(options)
    return params


def execute_sql(db: peewee.Database, sql: str, params: Sequence[object] = ()) -> Any:
    """Run raw SQL (placeholders written as `%s`, rewritten for the engine); a cursor back."""
    # types-peewee declares execute_sql without annotations
    return db.execute_sql(sql.replace("%s", db.param), tuple(params))  # type: ignore[no-untyped-call]


def is_postgres(db: peewee.Database) -> bool:
    return isinstance(db, peewee.PostgresqlDatabase)


def execute_many(
    db: peewee.Database, sql: str, rows: Sequence[Sequence[object]], *, page_size: int = 1000
) -> None:
    """Insert many rows with one statement: `sql` is `INSERT INTO t (cols) VALUES %s`.

    SQLite's executemany is fast in-process; psycopg2's is a round trip per row, so
    PostgreSQL gets multi-row VALUES lists instead."""
    if not rows:
        return
    translated: AbstractContextManager[None] = (
        db.translated() if isinstance(db, Database) else nullcontext()
    )
    with translated:
        cursor = db.cursor()  # type: ignore[no-untyped-call]  # unannotated in types-peewee
        if is_postgres(db):
            psycopg2.extras.execute_values(cursor, sql, rows, page_size=page_size)
        else:
            marks = "(" + ", ".join("?" * len(rows[0])) + ")"
            cursor.executemany(sql.replace("%s", marks), rows)


def copy_rows(
    db: peewee.Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert many rows into `table`, taking them as they come (made as they are sent, they
    need not all be in memory at once): PostgreSQL's COPY, COPY_ROWS at a time (one stream
    instead of a statement per thousand rows), else SQLite's executemany. Values are None,
    bools, ints or text."""
    translated: AbstractContextManager[None] = (
        db.translated() if isinstance(db, Database) else nullcontext()
    )
    names = ", ".join(columns)
    with translated:
        cursor = db.cursor()  # type: ignore[no-untyped-call]  # unannotated in types-peewee
        if not is_postgres(db):
            marks = ", ".join("?" * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            return
        pending = iter(rows)
        chunks = iter(lambda: list(islice(pending, COPY_ROWS)), [])
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", _Chunks(map(copy_text, chunks)))


COPY_ROWS = 10_000  # rows made into COPY's text at once: 100,000 would hold 20 MB more


class _Chunks(io.TextIOBase):
    """A file COPY reads from, made a chunk at a time as it reads."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        return next(self._chunks, "")  # any length will do: COPY reads until ""


def copy_text(rows: Sequence[Sequence[object]]) -> str:
    """The rows in COPY's text format, made a column at a time: a column of one type is
    converted in one pass, and its text escaped only when it holds a character COPY
    escapes (100,000 rows of ids, numbers and a few repeated names need none)."""
    columns = [_copy_column(column) for column in zip(*rows, strict=True)]
    return "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"


def _copy_column(values: tuple[object, ...]) -> Sequence[str]:
    kinds = set(map(type, values))
    if kinds == {int}:
        return list(map(str, values))
    if kinds == {bool}:
        return ["t" if value else "f" for value in values]
    if kinds == {str}:
        texts = cast(tuple[str, ...], values)
        joined = "".join(texts)
        if not any(c in joined for c in _COPY_SPECIAL):
            return texts
    return [_copy_text(value) for value in values]


def _copy_text(value: object) -> str:
    """One value in COPY's text format: \\N for NULL, its escapes for the rest."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    return str(value).translate(_COPY_ESCAPES)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = "\\\t\n\r"
