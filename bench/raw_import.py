"""The raw floor an import is measured against: parse with `csv`, insert in one transaction.

    python bench/raw_import.py FILE.csv sqlite:///PATH.db | postgresql://…?search_path=S
    python bench/raw_import.py FILE.csv sqlite:///SEEDED.db --availbot-table

With --availbot-table, the rows go into a seeded availbot database's own `unavailability`
table (its indexes and foreign keys), emails and types matched by one query each and dates
read as UTC days: what storing the rows costs there before any of availbot's checks.

Standard library only on SQLite (sqlite3.executemany), psycopg2 on PostgreSQL (COPY, or
execute_values with `--executemany`), so that its own process start stays the smallest."""

from __future__ import annotations

import csv
import io
import sys

TABLE = (
    "CREATE TABLE raw_unavailability (id TEXT PRIMARY KEY, member TEXT, type TEXT, "
    "start_ts TEXT, end_ts TEXT, name TEXT)"
)


def rows(path: str) -> list[tuple[str, ...]]:
    with open(path, newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        return [(f"r{i}", r[0], r[4], r[1], r[2], r[3]) for i, r in enumerate(reader)]


def into_sqlite(path: str, db_path: str) -> None:
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute(TABLE)
    found = rows(path)
    with conn:
        conn.executemany("INSERT INTO raw_unavailability VALUES (?, ?, ?, ?, ?, ?)", found)
    conn.close()


def into_availbot_table(path: str, db_path: str) -> None:
    import sqlite3
    from datetime import UTC, date, datetime

    conn = sqlite3.connect(db_path)
    for pragma in ("foreign_keys = ON", "synchronous = NORMAL", "cache_size = -65536"):
        conn.execute(f"PRAGMA {pragma}")
    (ws,) = conn.execute("SELECT id FROM workspace").fetchone()
    members = dict(conn.execute("SELECT lower(email), id FROM member"))
    types = dict(conn.execute("SELECT lower(name), id FROM unavailability_type"))
    epoch: dict[str, int] = {}

    def day(text: str, after: int = 0) -> int:
        if text not in epoch:
            epoch[text] = int(
                datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC).timestamp()
            )
        return epoch[text] + after

    found = [
        (f"r{n:08d}", ws, members[email.lower()], types[(kind or "time off").lower()],
         day(start), day(end or start, 86_400), True, name, "import:raw", None, 0, 0)
        for n, (email, start, end, name, kind, *_) in enumerate(rows_of(path))
    ]  # fmt: skip
    with conn:
        conn.executemany(
            "INSERT INTO unavailability (id, workspace_id, member_id, type_id, start_ts, "
            "end_ts, all_day, name, source, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            found,
        )
    conn.close()


def rows_of(path: str) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        return list(reader)


def into_postgres(path: str, url: str, executemany: bool) -> None:
    import psycopg2
    import psycopg2.extras

    base, _, schema = url.partition("?search_path=")
    conn = psycopg2.connect(base, options=f"-c search_path={schema}" if schema else None)
    found = rows(path)
    with conn, conn.cursor() as cursor:
        cursor.execute(TABLE)
        if executemany:
            psycopg2.extras.execute_values(
                cursor, "INSERT INTO raw_unavailability VALUES %s", found, page_size=1000
            )
        else:
            text = io.StringIO()
            csv.writer(text, delimiter="\t", lineterminator="\n").writerows(found)
            text.seek(0)
            cursor.copy_expert("COPY raw_unavailability FROM STDIN", text)
    conn.close()


if __name__ == "__main__":
    file_path, url = sys.argv[1], sys.argv[2]
    if url.startswith("sqlite:///") and "--availbot-table" in sys.argv:
        into_availbot_table(file_path, url.removeprefix("sqlite:///"))
    elif url.startswith("sqlite:///"):
        into_sqlite(file_path, url.removeprefix("sqlite:///"))
    else:
        into_postgres(file_path, url, "--executemany" in sys.argv)
