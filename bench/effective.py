"""Benchmark: effective availability of a whole team over 31 days, next to the reads alone.

    python bench/effective.py [--members 1000] [--days 31] [--repeat 5] [--db URL]
    python bench/effective.py --scale 100,1000,5000

Builds a SQLite database in a temporary directory (or uses --db, which must be empty):
members in several zones, each with a weekly availability pattern (one of a few rules,
some every other week), membership of one of three holiday calendars (with closure days
and special hours), a few day-type assignments, a shift cycle for every fifth member,
time off and a weekly rotation. Then times, through the real store, (a) the database
reads effective availability needs, alone, as the baseline, and (b) the whole use case:
those reads plus every member's days. Prints the best of --repeat runs and the ratio, and
the first run's ("cold": caches empty), after loading the holiday calendars as `availbot
serve` does at its start (their load, once per process, is printed apart).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import best, growth, on_fresh_store
from core.effective.days import EffectiveDay
from core.effective.model import (
    AvailabilityPattern,
    Calendar,
    DayAssignment,
    DayType,
    LocalInterval,
    ShiftPattern,
)
from core.effective.queries import team_availability
from core.model import new_id
from core.people.members import NewMember, import_members
from core.people.model import OPERATOR
from core.records.model import Unavailability
from core.schedules.file import apply_schedules
from core.time.calendars import load_holidays
from core.time.spans import day_span, zone
from core.workspaces import create_workspace
from storage.repositories import SqlStore

WS = "T0BENCH"
NOW = datetime(2026, 4, 20, tzinfo=UTC)
FIRST_DAY = date(2026, 5, 1)
ZONES = ("Europe/Madrid", "America/New_York", "Asia/Kolkata", "UTC")
PLACES = (("ES", "MD"), ("US", "NY"), ("IN", None))
RULES = (
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=WEEKLY;BYDAY=SA,SU",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
    "FREQ=DAILY;INTERVAL=3",
)
TARGET_SECONDS = 0.5


def hours(*texts: str) -> tuple[LocalInterval, ...]:
    return tuple(LocalInterval.parse(t) for t in texts)


def build(store: SqlStore, args: argparse.Namespace) -> None:
    create_workspace(store, WS, now=NOW)
    rows = [
        NewMember(f"p{i}@example.com", f"Person {i:04d}", ZONES[i % len(ZONES)])
        for i in range(args.members)
    ]
    import_members(store, OPERATOR, WS, rows)
    ids = [m.id for m in sorted(store.members.all(WS), key=lambda m: int(m.email[1:-12]))]
    rotation = ", ".join(f'"p{i}@example.com"' for i in range(0, args.members, 50))
    text = (
        f'[[rotation]]\nname = "primary"\ntimezone = "Europe/Madrid"\nshift = "1w"\n'
        f'handoff = "mon 09:00"\nstart = 2026-01-05\nmembers = [{rotation}]\n'
    )
    apply_schedules(store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW)
    with store.transaction():
        write_definitions(store, ids, random.Random(6))
        add_time_off(store, ids, random.Random(7))


def write_definitions(store: SqlStore, ids: list[str], rng: random.Random) -> None:
    repo = store.availability
    repo.replace_calendars(
        WS,
        [
            Calendar(
                f"{country}-{sub}", tuple(ids[p :: len(PLACES)]), country, sub,
                (FIRST_DAY + timedelta(days=20 + p),),
                {FIRST_DAY + timedelta(days=10): hours("09:00-13:00")},
            )
            for p, (country, sub) in enumerate(PLACES)
        ],
    )  # fmt: skip
    repo.replace_day_types(WS, [DayType("Morning", hours("08:00-13:00")), DayType("Off", ())])
    repo.replace_assignments(
        WS,
        [
            DayAssignment(m, rng.choice(("Morning", "Off")), tuple(
                FIRST_DAY + timedelta(days=rng.randrange(31)) for _ in range(3)
            ))
            for m in ids
        ],
    )  # fmt: skip
    repo.replace_patterns(
        WS,
        [
            AvailabilityPattern(m, RULES[i % len(RULES)], hours("09:00-17:00"), date(2025, 1, 6))
            for i, m in enumerate(ids)
        ],
    )
    cycle = (hours("08:00-20:00"), hours("08:00-20:00"), None, None)
    repo.replace_shifts(WS, [ShiftPattern(m, cycle, date(2026, 1, 1)) for m in ids[::5]])


def add_time_off(store: SqlStore, ids: list[str], rng: random.Random) -> None:
    """Two records a member: a whole day and an afternoon, never overlapping."""
    time_off = store.types.by_name(WS, "Time off")
    assert time_off is not None  # a new workspace's default type
    type_id = time_off.id
    records = []
    for i, member_id in enumerate(ids):
        tz = zone(ZONES[i % len(ZONES)])
        day = FIRST_DAY + timedelta(days=rng.randrange(15))
        whole = day_span(day, day, tz)
        afternoon = day_span(day + timedelta(days=10), day + timedelta(days=10), tz)
        for start, end, all_day in (
            (whole.start, whole.end, True),
            (afternoon.start + timedelta(hours=13), afternoon.start + timedelta(hours=18), False),
        ):
            records.append(
                Unavailability(
                    new_id("avail"), WS, member_id, type_id, start, end, all_day,
                    "cli", None, NOW, NOW,
                )
            )  # fmt: skip
    store.unavailability.add_many(records)


def reads(store: SqlStore, first: date, last: date) -> None:
    """The database reads the use case makes, alone."""
    start = datetime.combine(first - timedelta(days=1), datetime.min.time(), UTC)
    end = datetime.combine(last + timedelta(days=2), datetime.min.time(), UTC)
    store.members.all(WS)
    store.workspaces.get(WS)
    store.availability.definitions(WS)
    store.types.all(WS)
    store.unavailability.in_window(WS, start, end)
    store.rotations.all(WS)
    store.overrides.in_window(WS, start, end)


def measure(store: SqlStore, args: argparse.Namespace) -> None:
    figures.append((args.members, measured(store, args)))


figures: list[tuple[int, float]] = []


def measured(store: SqlStore, args: argparse.Namespace) -> float:
    """Prints the figures; the whole use case's least CPU time (what a busy machine disturbs
    least: the scale series compares it across sizes)."""
    last = FIRST_DAY + timedelta(days=args.days - 1)

    def whole() -> dict[str, list[EffectiveDay]]:
        return team_availability(store, OPERATOR, workspace_id=WS, first=FIRST_DAY, last=last)

    began = time.perf_counter()
    load_holidays()  # as `availbot serve` does at start: the process start is not measured
    loading = time.perf_counter() - began
    began = time.perf_counter()
    found = whole()
    cold = time.perf_counter() - began
    defined, members = sum(len(days) for days in found.values()), len(found)
    del found  # its days would weigh on the collector in every run after, as no caller's do
    baseline = best(args.repeat, lambda: reads(store, FIRST_DAY, last))
    full = best(args.repeat, whole)
    cpu = best(args.repeat, whole, time.process_time)
    print(f"{members} members x {args.days} days: {defined} defined days")
    print(f"database reads alone (baseline): {baseline * 1000:8.1f} ms")
    print(f"effective availability:          {full * 1000:8.1f} ms  (reads included)")
    print(f"  its CPU time:                   {cpu * 1000:8.1f} ms  (the scale series' figure)")
    print(f"  the first run, caches cold:     {cold * 1000:8.1f} ms")
    print(f"  (holiday calendars loaded first: {loading * 1000:6.1f} ms, once per process)")
    print(f"ratio to the baseline:           {full / baseline:8.1f} x  (target ≤ 5)")
    print(f"  cold, to the baseline:          {cold / baseline:8.1f} x  (target ≤ 5)")
    verdict = "within" if full < TARGET_SECONDS else "OVER"
    print(f"target {TARGET_SECONDS:.1f} s: {verdict}")
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--days", type=int, default=31)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="an empty database URL (default: SQLite in a temp dir)")
    parser.add_argument("--scale", help="member counts for a scale series, e.g. 100,1000,5000")
    args = parser.parse_args()
    for members in [int(n) for n in args.scale.split(",")] if args.scale else [args.members]:
        args.members = members
        on_fresh_store(args, build, measure)
    if len(figures) > 1:
        print(f"effective availability, {args.days} days:", *growth(figures, "members"), sep="\n")


if __name__ == "__main__":
    main()
