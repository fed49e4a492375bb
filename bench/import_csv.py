"""Benchmark: preview and commit a large HR export, next to raw `csv` + `sqlite3` on the same file.

    python bench/import_csv.py [--rows 100000] [--members 5000]

Prints rows per second for preview, commit and the raw baseline (parse the same file
with `csv`, insert the same rows with `sqlite3.executemany` in one transaction), the
ratio of (preview + commit) to the baseline, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.imports.commit import commit_import
from core.imports.preview import preview_import
from core.model import OPERATOR
from core.people.members import NewMember, import_members
from core.people.workspaces import create_workspace
from storage.repositories import open_store

WS = "T0BENCH"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = ("Europe/Madrid", "America/New_York", "Asia/Kolkata", "UTC")
TYPES = ("", "Time off", "Sick", "Training")


def write_export(path: Path, rows: int, members: int) -> None:
    """Each member gets non-overlapping spans of 1–4 days, 10 days apart."""
    rng = random.Random(7)
    per_member = -(-rows // members)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Email", "Start Date", "End Date", "Reason", "Leave Type"])
        written = 0
        for k in range(per_member):
            for m in range(members):
                if written == rows:
                    return
                start = date(2026, 1, 5) + timedelta(days=10 * k + m % 3)
                end = start + timedelta(days=rng.randint(0, 3))
                writer.writerow(
                    [f"person{m}@example.com", start, end, f"Leave {k}", TYPES[(m + k) % 4]]
                )
                written += 1


def baseline(path: Path, db_path: Path) -> float:
    """The floor: parse with csv, insert with executemany, one transaction."""
    began = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "CREATE TABLE unavailability (id TEXT PRIMARY KEY, member TEXT, type TEXT, "
        "start_ts TEXT, end_ts TEXT, name TEXT)"
    )
    with path.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        rows = [(f"r{i}", r[0], r[4], r[1], r[2], r[3]) for i, r in enumerate(reader)]
    with conn:
        conn.executemany("INSERT INTO unavailability VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.close()
    return time.perf_counter() - began


def schema_baseline(path: Path, db_path: Path, members: int) -> float:
    """The same, into availbot's own schema (its indexes and foreign keys), for scale."""
    with open_store(f"sqlite:///{db_path}"):
        pass
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = ON")
    with conn:
        conn.executemany(
            "INSERT INTO member (id, workspace_id, email, email_key, name) VALUES (?, ?, ?, ?, ?)",
            [
                (f"m{m}", WS, f"person{m}@example.com", f"person{m}@example.com", "P")
                for m in range(members)
            ],
        )
        conn.execute(
            "INSERT INTO unavailability_type (id, workspace_id, name, name_key, kind) "
            "VALUES ('t', ?, 'Time off', 'time off', 'hard_unavailable')",
            (WS,),
        )
    began = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        rows = [
            (
                f"avail_{i:024x}",
                WS,
                f"m{r[0][6:].split('@')[0]}",
                "t",
                r[1],
                r[2],
                r[3],
                "csv",
                0,
                0,
            )
            for i, r in enumerate(reader)
        ]
    with conn:
        conn.executemany(
            "INSERT INTO unavailability (id, workspace_id, member_id, type_id, start_ts, end_ts, "
            "name, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=5_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        export = here / "export.csv"
        write_export(export, options.rows, options.members)
        with open_store(f"sqlite:///{here / 'availbot.db'}") as store:
            create_workspace(store, WS, now=NOW)
            people = [
                NewMember(f"person{m}@example.com", f"Person {m}", ZONES[m % len(ZONES)])
                for m in range(options.members)
            ]
            import_members(store, OPERATOR, WS, people)
            data = export.read_bytes()
            began = time.perf_counter()
            plan = preview_import(
                store,
                OPERATOR,
                workspace_id=WS,
                data=data,
                file_name=export.name,
                default_zone="UTC",
                now=NOW,
            )
            previewed = time.perf_counter()
            outcome = commit_import(
                store, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW
            )
            committed = time.perf_counter()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert plan.ok, plan.record.verdict.errors[:3]
        assert outcome.created == options.rows, outcome.created
        raw = baseline(export, here / "raw.db")
        same_schema = schema_baseline(export, here / "schema.db", options.members)
    preview_s, commit_s = previewed - began, committed - previewed
    rows = options.rows
    print(f"rows: {rows:,} for {options.members:,} members ({len(data) / 1048576:.1f} MiB)")
    print(f"preview:  {preview_s:6.2f} s  {rows / preview_s:10,.0f} rows/s")
    print(f"commit:   {commit_s:6.2f} s  {rows / commit_s:10,.0f} rows/s")
    print(f"baseline: {raw:6.2f} s  {rows / raw:10,.0f} rows/s  (csv + sqlite3.executemany)")
    print(f"baseline into availbot's indexed schema: {same_schema:6.2f} s")
    total = preview_s + commit_s
    print(f"ratio (preview + commit) / baseline: {total / raw:.2f}  (target ≤ 3)")
    print(f"ratio (preview + commit) / same-schema baseline: {total / same_schema:.2f}")
    print(f"peak memory: {peak_mb:.0f} MB  (target < 300 MB)")


if __name__ == "__main__":
    main()
