"""Opening databases from DATABASE_URL: the forms we accept, the ones we refuse, pragmas."""

from __future__ import annotations

import threading
from pathlib import Path

import peewee
import pytest

from core.errors import ConfigurationError
from storage.database import copy_rows, execute_sql, open_database
from storage.repositories import SqlStore, open_store

from .factories import workspace


def pragma(db: peewee.Database, name: str) -> object:
    return execute_sql(db, f"PRAGMA {name}").fetchone()[0]


class TestSqliteUrls:
    def test_relative_path_is_relative_to_the_working_directory(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "data").mkdir()
        with open_store("sqlite:///data/availbot.db"):
            pass
        assert (tmp_path / "data" / "availbot.db").is_file()

    def test_four_slashes_name_an_absolute_path(self, tmp_path: Path) -> None:
        path = tmp_path / "abs.db"
        with open_store(f"sqlite:///{path}"):
            pass
        assert f"sqlite:///{path}".startswith("sqlite:////")
        assert path.is_file()

    def test_file_database_gets_wal_foreign_keys_busy_timeout_and_normal_sync(
        self, tmp_path: Path
    ) -> None:
        with open_store(f"sqlite:///{tmp_path / 'p.db'}") as store:
            assert pragma(store.db, "journal_mode") == "wal"
            assert pragma(store.db, "foreign_keys") == 1
            assert pragma(store.db, "busy_timeout") == 10_000
            assert pragma(store.db, "synchronous") == 1  # NORMAL

    def test_memory_database_is_shared_by_the_threads_of_the_process(self) -> None:
        with open_store("sqlite:///:memory:") as store:
            assert pragma(store.db, "foreign_keys") == 1
            workspace(store)
            seen: list[object] = []

            def read() -> None:
                seen.append(store.workspaces.get("T0LOCAL"))
                store.close()

            thread = threading.Thread(target=read)
            thread.start()
            thread.join()
            assert seen[0] is not None

    def test_two_memory_databases_are_separate(self) -> None:
        with open_store("sqlite:///:memory:") as one, open_store("sqlite:///:memory:") as two:
            workspace(one)
            assert two.workspaces.list_all() == []

    def test_unwritable_location_is_a_configuration_error_naming_the_url(
        self, tmp_path: Path
    ) -> None:
        with pytest.raises(ConfigurationError, match="DATABASE_URL"):
            open_store(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")


class TestPostgresUrls:
    def test_parts_of_the_url_become_connection_parameters(self) -> None:
        db = open_database("postgresql://bob:s%40cret@db.example:6543/availbot?sslmode=require")
        assert isinstance(db, peewee.PostgresqlDatabase)
        assert db.database == "availbot"
        assert db.connect_params == {
            "user": "bob",
            "password": "s@cret",
            "host": "db.example",
            "port": 6543,
            "sslmode": "require",
            "connect_timeout": 10,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 5000,
        }

    def test_postgres_scheme_is_an_alias(self) -> None:
        assert isinstance(open_database("postgres://u@h/db"), peewee.PostgresqlDatabase)

    def test_search_path_parameter_sets_the_schema_of_every_connection(self) -> None:
        db = open_database("postgresql://u@h:5432/db?search_path=t_abc")
        assert db.connect_params["options"] == "-c search_path=t_abc"

    def test_unreachable_server_is_a_configuration_error_saying_so(self) -> None:
        with pytest.raises(ConfigurationError, match="Cannot reach the PostgreSQL server"):
            open_store("postgresql://nobody@127.0.0.1:1/db?connect_timeout=2")

    @pytest.mark.postgres
    def test_store_on_postgres_answers_ping(self, postgres_url: str) -> None:
        with open_store(postgres_url) as store:
            assert store.ping() is True


MALFORMED = [
    "",
    "availbot.db",
    "mysql://u@h/db",
    "sqlite://",
    "sqlite:///",
    "sqlite://relative.db",
    "sqlite://host/x.db",
    "sqlite:///x.db?mode=ro",
    "postgresql://u@h:5432",
    "postgresql://u@h:5432/",
    "postgresql://u@h:notaport/db",
    "postgresql://u@h/db?colour=blue",
    "postgresql://u@h/db?search_path=x;drop",
    "::garbage::",
]


class TestMalformedUrls:
    @pytest.mark.parametrize("url", MALFORMED)
    def test_is_refused_naming_database_url_and_both_valid_forms(
        self, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        with pytest.raises(ConfigurationError) as caught:
            open_store(url)
        assert "DATABASE_URL" in caught.value.message
        assert "sqlite:///" in caught.value.message
        assert "postgresql://" in caught.value.message
        assert list(tmp_path.iterdir()) == []

    def test_message_hides_the_password(self) -> None:
        with pytest.raises(ConfigurationError) as caught:
            open_database("postgresql://bob:hunter2@h:5432/")
        assert "hunter2" not in caught.value.message


class TestCopyRows:
    """Many rows at once (COPY on PostgreSQL, a column at a time): every value as given."""

    @pytest.mark.parametrize(
        "rows",
        [
            [("a", 1, True, "plain"), ("b", 2, False, "words, and more")],
            [("a", 1, True, None), ("b", None, False, "x")],
            [("a", 1, True, "tab\there"), ("b", 2, False, "back\\slash \\N"), ("c", 3, True, "")],
            [("a", 1, True, "two\nlines\r"), ("b", -2, False, "é ü 🎉")],
        ],
    )
    def test_rows_read_back_as_they_were_given(
        self, store: SqlStore, rows: list[tuple[object, ...]]
    ) -> None:
        db = store.db
        execute_sql(db, "CREATE TABLE copied (k TEXT, n BIGINT, b BOOLEAN, t TEXT)")
        with db.atomic():
            copy_rows(db, "copied", ["k", "n", "b", "t"], rows)
        found = execute_sql(db, "SELECT k, n, b, t FROM copied ORDER BY k").fetchall()
        assert [(k, n, None if b is None else bool(b), t) for k, n, b, t in found] == rows

    def test_rows_go_a_chunk_at_a_time(
        self, store: SqlStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("storage.database.COPY_ROWS", 3)
        rows = [(f"k{n:02d}", n, n % 2 == 0, "tab\there" if n == 7 else None) for n in range(10)]
        execute_sql(store.db, "CREATE TABLE copied (k TEXT, n BIGINT, b BOOLEAN, t TEXT)")
        with store.db.atomic():
            copy_rows(store.db, "copied", ["k", "n", "b", "t"], rows)
        found = execute_sql(store.db, "SELECT k, n, b, t FROM copied ORDER BY k").fetchall()
        assert [(k, n, bool(b), t) for k, n, b, t in found] == rows
