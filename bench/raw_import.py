"""The raw floor an import is measured against: parse with `csv`, insert in one transaction.

    python bench/raw_import.py FILE.csv sqlite:///PATH.db | postgresql://…?search_path=S

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
    if url.startswith("sqlite:///"):
        into_sqlite(file_path, url.removeprefix("sqlite:///"))
    else:
        into_postgres(file_path, url, "--executemany" in sys.argv)
