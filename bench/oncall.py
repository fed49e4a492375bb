"""Benchmark: segments, gaps and suggestions for every rotation, next to the reads alone.

    python bench/oncall.py [--rotations 20] [--members 8] [--days 31] [--records 2000]
                           [--repeat 5] [--db URL]
    python bench/oncall.py --scale 100,1000,10000

Builds a SQLite database in a temporary directory (or uses --db, which must be empty):
rotations of distinct members (daily and weekly, in several zones, started 30 days
before the window) and unavailability records of every kind spread over the window.
Then times, through the real store, (a) the database reads coverage needs, alone, as
the baseline, and (b) the whole report: those reads plus segments, gaps and ranked
suggestions for all rotations. Prints the best of --repeat runs of each and the ratio.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import best, growth, on_fresh_store
from core.people.members import NewMember, import_members
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.rotations.queries import coverage_report, read_coverage_data, rotation_window
from core.schedules.file import apply_schedules
from core.time.spans import Span
from core.workspaces import create_workspace
from storage.repositories import SqlStore

WS = "T0BENCH"
NOW = datetime(2026, 2, 20, tzinfo=UTC)
FIRST_DAY = date(2026, 3, 2)
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")
TYPES = ("Time off", "Time off", "Sick", "Training", "Prefer not on call", "Volunteer for on-call")
TARGET_SECONDS = 0.3


def schedules_file(rotations: int, members: int) -> str:
    lines = [f'timezone = "{ZONES[0]}"']
    for r in range(rotations):
        emails = ", ".join(f'"p{r * members + m}@example.com"' for m in range(members))
        weekly = r % 2 == 1
        lines += [
            "",
            "[[rotation]]",
            f'name = "rotation-{r:02d}"',
            f'timezone = "{ZONES[r % len(ZONES)]}"',
            f'shift = "{"1w" if weekly else "1d"}"',
            f'handoff = "{"mon 09:00" if weekly else "09:00"}"',
            f"start = {FIRST_DAY - timedelta(days=30)}",
            f"members = [{emails}]",
        ]
    return "\n".join(lines) + "\n"


def build(store: SqlStore, args: argparse.Namespace) -> None:
    create_workspace(store, WS, now=NOW)
    people = args.rotations * args.members
    rows = [
        NewMember(f"p{i}@example.com", f"Person {i:04d}", ZONES[i % len(ZONES)])
        for i in range(people)
    ]
    import_members(store, OPERATOR, WS, rows)
    text = schedules_file(args.rotations, args.members)
    apply_schedules(store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW)
    add_records(store, people, args.records, args.days)


def add_records(store: SqlStore, people: int, records: int, days: int) -> None:
    """Each member's records sit in their own slots of the window, so none overlap."""
    rng = random.Random(5)
    members = {m.email: m for m in store.members.all(WS)}
    per_member = -(-records // people)
    slot = timedelta(days=days) / per_member
    window_start = datetime.combine(FIRST_DAY, datetime.min.time(), UTC)
    with store.transaction():
        for n in range(records):
            who = members[f"p{n % people}@example.com"]
            start = window_start + (n // people) * slot + timedelta(hours=rng.randint(0, 6))
            length = timedelta(hours=rng.randint(2, max(3, int(slot.total_seconds() // 3600) - 7)))
            add_unavailability(
                store,
                OPERATOR,
                workspace_id=WS,
                member_id=who.id,
                span=Span(start, start + length),
                type_name=TYPES[n % len(TYPES)],
                now=NOW,
            )


figures: list[tuple[int, float]] = []


def measure(store: SqlStore, args: argparse.Namespace) -> None:
    last = FIRST_DAY + timedelta(days=args.days - 1)
    rotations = store.rotations.all(WS)
    windows = {r.id: rotation_window(r, FIRST_DAY, last, now=NOW) for r in rotations}
    start = min(w[0] for w in windows.values())
    end = max(w[1] for w in windows.values())
    report = coverage_report(store, WS, windows)
    segments = sum(len(c.segments) for c in report)
    gaps = sum(len(c.gaps) for c in report)
    reads = best(args.repeat, lambda: read_coverage_data(store, WS, start, end))
    full = best(args.repeat, lambda: coverage_report(store, WS, windows))
    print(
        f"{len(rotations)} rotations x {args.members} members, {args.days} days, "
        f"{args.records} unavailability records: {segments} segments, {gaps} gaps"
    )
    print(f"database reads alone (baseline): {reads * 1000:8.1f} ms")
    print(f"segments + gaps + suggestions:   {full * 1000:8.1f} ms  (reads included)")
    print(f"ratio to the baseline:           {full / reads:8.1f} x")
    verdict = "within" if full < TARGET_SECONDS else "OVER"
    print(f"target {TARGET_SECONDS:.1f} s: {verdict}")
    figures.append((args.rotations * args.members, full))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rotations", type=int, default=20)
    parser.add_argument("--members", type=int, default=8, help="members per rotation")
    parser.add_argument("--days", type=int, default=31)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="an empty database URL (default: SQLite in a temp dir)")
    parser.add_argument(
        "--scale",
        help="member counts for a scale series, e.g. 100,1000,10000: as many members per "
        "rotation as that takes, and two records a member",
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.scale.split(",")] if args.scale else []
    for people in sizes or [args.rotations * args.members]:
        if sizes:
            args.members, args.records = max(people // args.rotations, 1), 2 * people
        on_fresh_store(args, build, measure)
    if len(figures) > 1:
        print(f"oncall, {args.rotations} rotations:", *growth(figures, "members"), sep="\n")


if __name__ == "__main__":
    main()
