"""Fixtures for storage's integration tests: a fresh store per test on SQLite and PostgreSQL.

PostgreSQL comes from AVAILBOT_TEST_POSTGRES_URL (default below); each test gets its own
schema, passed to the store as `?search_path=t_<random>` and dropped afterwards. When the
server cannot be reached the PostgreSQL cases are skipped, unless AVAILBOT_REQUIRE_POSTGRES=1
(as in CI), which makes them fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest

from storage.repositories import SqlStore, open_store

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def postgres_base_url() -> str:
    return os.environ.get("AVAILBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}search_path={schema}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The base URL of a reachable PostgreSQL server, else a skip (or, in CI, a failure)."""
    url = postgres_base_url()
    try:
        with closing(psycopg2.connect(url, connect_timeout=3)):
            pass
    except psycopg2.OperationalError as exc:
        why = str(exc).strip().splitlines()[0]
        reason = (
            f"PostgreSQL not reachable at {url} ({why}). To run these cases, "
            "start a server (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) "
            "or point AVAILBOT_TEST_POSTGRES_URL at one."
        )
        if os.environ.get("AVAILBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"AVAILBOT_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return url


def _admin(url: str, sql: str) -> None:
    with closing(psycopg2.connect(url, connect_timeout=3)) as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A URL whose connections all use a fresh, empty schema."""
    schema = f"t_{secrets.token_hex(6)}"
    _admin(postgres_server, f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(postgres_server, schema)
    finally:
        _admin(postgres_server, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'availbot.db'}"


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(engine: str, request: pytest.FixtureRequest) -> str:
    """A URL naming an empty database on the engine under test."""
    return str(request.getfixturevalue(f"{engine}_url"))


@pytest.fixture
def store(database_url: str) -> Iterator[SqlStore]:
    """A migrated store on an empty database."""
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()
