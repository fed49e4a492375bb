"""Benchmark: `availbot import` of a large HR export as a user runs it, next to the raw floor.

    python bench/import_csv.py [--rows 100000] [--members 5000] [--repeat 3] [--db URL]
    python bench/import_csv.py --scale 10000,100000,200000

Each run is a fresh process (start included), on a fresh copy of the same database (5,000
members), importing the same file: the preview alone, `--commit`, and both with `--json`.
The baseline is `bench/raw_import.py` in its own process on the same file: `csv` and
`sqlite3.executemany` into a plain table (on PostgreSQL, psycopg2's COPY, and
execute_values); on SQLite the same rows also go, as plainly, into a seeded copy's own
`unavailability` table, beside which the commits are shown too. Runs alternate with the
baseline's, so both see the same machine; each figure is the best of --repeat, its ratio
against the best baseline. Peak memory is each
process's own (wait4). `--scale` prints the commit's figures and growth factors per size.
"""

from __future__ import annotations

import argparse
import csv
import random
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Run, growth, run_process
from core.people.members import NewMember, import_members
from core.people.model import OPERATOR
from core.workspaces import create_workspace
from storage.repositories import open_store

WS = "T0BENCH"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = ("Europe/Madrid", "America/New_York", "Asia/Kolkata", "UTC")
TYPES = ("", "Time off", "Sick", "Training")
HERE = Path(__file__).resolve().parent
AVAILBOT = str(Path(sys.executable).with_name("availbot"))
MODES = {
    "preview": [],
    "preview --json": ["--json"],
    "commit": ["--commit"],
    "commit --json": ["--commit", "--json"],
}
RAW_TARGET, PREVIEW_TARGET, MEMORY_TARGET_MB = 3.0, 2.0, 200


def email(m: int) -> str:
    """Short enough that 200,000 rows fit the 10 MiB a file may have (about 50 bytes a row)."""
    return f"p{m}@ex.io"


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
                writer.writerow([email(m), start, end, f"Leave {k}", TYPES[(m + k) % 4]])
                written += 1


def seed(url: str, members: int) -> None:
    with open_store(url) as store:
        create_workspace(store, WS, now=NOW)
        people = [NewMember(email(m), f"Person {m}", ZONES[m % len(ZONES)]) for m in range(members)]
        import_members(store, OPERATOR, WS, people)


class Databases:
    """A fresh database per run: a copy of one seeded SQLite file, or a new PostgreSQL
    schema seeded each time (not timed)."""

    def __init__(self, folder: Path, base: str | None, members: int) -> None:
        self.folder, self.base, self.members, self.count = folder, base, members, 0
        if base is None:
            seed(f"sqlite:///{folder / 'template.db'}", members)

    @contextmanager
    def fresh(self, seeded: bool = True) -> Iterator[str]:
        self.count += 1
        if self.base is None:
            path = self.folder / f"run{self.count}.db"
            if seeded:
                shutil.copy(self.folder / "template.db", path)
            yield f"sqlite:///{path}"
            path.unlink(missing_ok=True)
            return
        schema = f"bench_{secrets.token_hex(4)}"
        _admin(self.base, f"CREATE SCHEMA {schema}")
        url = f"{self.base}{'&' if '?' in self.base else '?'}search_path={schema}"
        try:
            if seeded:
                seed(url, self.members)
            yield url
        finally:
            _admin(self.base, f"DROP SCHEMA {schema} CASCADE")


def _admin(url: str, sql: str) -> None:
    with closing(psycopg2.connect(url)) as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)


def availbot(url: str, *, export: Path, flags: list[str]) -> list[str]:
    return [AVAILBOT, "--db", url, "--workspace", WS, "import", str(export), *flags]


def timed(dbs: Databases, command: Callable[[str], list[str]], seeded: bool = True) -> Run:
    """One run; an import refused (a file over its limits, say) fails the bench, never
    passes for a fast one."""
    with dbs.fresh(seeded) as url:
        run = run_process(command(url))
    if run.status != 0:
        raise RuntimeError(f"{' '.join(command(url))} exited {run.status}")
    return run


AVAILBOT_TABLE = "csv + sqlite3 into availbot's table"


def baselines(base: str | None) -> dict[str, Callable[[Path], Callable[[str], list[str]]]]:
    """The floor first (a plain table), then on SQLite the same rows into availbot's own
    `unavailability` table (its four indexes and two foreign keys), run on a seeded copy:
    what storing them there costs before any of availbot's work."""
    raw = [sys.executable, str(HERE / "raw_import.py")]
    if base is None:
        return {
            "csv + sqlite3.executemany": lambda f: lambda url: [*raw, str(f), url],
            AVAILBOT_TABLE: lambda f: lambda url: [*raw, str(f), url, "--availbot-table"],
        }
    return {
        "csv + psycopg2 COPY": lambda f: lambda url: [*raw, str(f), url],
        "csv + psycopg2 execute_values": lambda f: lambda url: [*raw, str(f), url, "--executemany"],
    }


def measure(args: argparse.Namespace, rows: int, modes: dict[str, list[str]]) -> dict[str, Run]:
    """The best run of each mode and baseline, alternating between them --repeat times."""
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.csv"
        write_export(export, rows, args.members)
        dbs = Databases(Path(folder), args.db, args.members)
        best: dict[str, Run] = {}
        for _ in range(args.repeat):
            for name, command in baselines(args.db).items():
                _keep(best, name, timed(dbs, command(export), seeded=name == AVAILBOT_TABLE))
            for name, flags in modes.items():
                _keep(best, name, timed(dbs, partial(availbot, export=export, flags=flags)))
        size = export.stat().st_size / 2**20
        print(f"rows: {rows:,} for {args.members:,} members ({size:.1f} MiB)")
    return best


def _keep(best: dict[str, Run], name: str, run: Run) -> None:
    """The fastest wall time and, apart, the least CPU time; the highest peak memory."""
    before = best.get(name, run)
    fastest = run if name not in best or run.seconds < before.seconds else before
    peak, cpu = max(run.peak_mb, before.peak_mb), min(run.cpu, before.cpu)
    best[name] = Run(fastest.seconds, peak, fastest.status, cpu)


def report(best: dict[str, Run], floor: str) -> None:
    """Wall time against the floor's (the goal), and CPU time against the floor's CPU time
    (what a busy machine disturbs least)."""
    raw, raw_cpu = best[floor].seconds, best[floor].cpu
    for name, run in best.items():
        target = PREVIEW_TARGET if name.startswith("preview") else RAW_TARGET
        ratio = run.seconds / raw
        verdict = (
            ""
            if name in baselines_names(best)
            else (
                f"  ×{ratio:4.2f} of the floor (target ≤ {target:g}: "
                f"{'within' if ratio <= target else 'OVER'}), CPU ×{run.cpu / raw_cpu:4.2f}"
            )
        )
        memory = "" if run.peak_mb < MEMORY_TARGET_MB else "  OVER the memory target"
        if name.startswith("commit") and AVAILBOT_TABLE in best:
            verdict += f"; ×{run.seconds / best[AVAILBOT_TABLE].seconds:4.2f} of {AVAILBOT_TABLE}"
        print(
            f"{name:35} {run.seconds:6.2f} s  cpu {run.cpu:5.2f} s  peak {run.peak_mb:5.0f} MB"
            f"{verdict}{memory}"
        )


def baselines_names(best: dict[str, Run]) -> list[str]:
    return [name for name in best if name.startswith("csv +")]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="a PostgreSQL server URL (default: SQLite files)")
    parser.add_argument("--scale", help="row counts for a scale series, e.g. 10000,100000,200000")
    args = parser.parse_args()
    if args.scale is None:
        best = measure(args, args.rows, MODES)
        report(best, baselines_names(best)[0])
        return
    series: list[tuple[int, float]] = []
    floors: list[tuple[int, float]] = []
    for rows in (int(n) for n in args.scale.split(",")):
        best = measure(args, rows, {"commit": ["--commit"]})
        report(best, baselines_names(best)[0])
        series.append((rows, best["commit"].seconds))
        floors.append((rows, best[baselines_names(best)[0]].seconds))
    print("availbot import --commit:", *growth(series), sep="\n")
    print("the raw floor:", *growth(floors), sep="\n")


if __name__ == "__main__":
    main()
