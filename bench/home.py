"""Benchmark: the App Home of an admin with 300 records in the next 90 days, next to the reads.

    python bench/home.py [--records 300] [--repeat 5]
    python bench/home.py --scale 30,300,3000

Builds a SQLite database in a temporary directory: the member (an admin, in Madrid) with
--records four-hour records over the next 90 days, a weekly rotation they are in, a few
imports and a digest subscription. Times (a) reading the member's records of the 90 days
alone, as the baseline, and (b) the App Home: home_page (reads included) and build_home.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import best, growth, on_fresh_store
from bot.blocks.home import build_home
from core.home import home_page
from core.model import new_id
from core.people.members import NewMember, import_members
from core.people.model import OPERATOR, Actor
from core.records.model import Unavailability
from core.schedules.file import apply_schedules
from core.time.spans import zone
from core.workspaces import create_workspace
from storage.repositories import SqlStore

WS = "T0BENCH"
NOW = datetime(2026, 3, 2, 8, tzinfo=UTC)
DAYS = 90
figures: list[tuple[int, float]] = []


def build(store: SqlStore, args: argparse.Namespace) -> None:
    create_workspace(store, WS, now=NOW)
    people = [NewMember(f"p{i}@example.com", f"Person {i}", "Europe/Madrid") for i in range(8)]
    import_members(
        store,
        OPERATOR,
        WS,
        [NewMember("me@example.com", "Me", "Europe/Madrid", admin=True), *people],
    )
    members = ", ".join(f'"p{i}@example.com"' for i in range(8))
    text = (
        f'[[rotation]]\nname = "primary"\ntimezone = "Europe/Madrid"\nshift = "1w"\n'
        f'handoff = "mon 09:00"\nstart = 2026-01-05\nmembers = ["me@example.com", {members}]\n'
    )
    apply_schedules(store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW)
    me = store.members.by_email(WS, "me@example.com")
    time_off = store.types.by_name(WS, "Time off")
    assert me is not None and time_off is not None
    step = timedelta(days=DAYS) / args.records
    records = [
        Unavailability(new_id("avail"), WS, me.id, time_off.id, NOW + i * step,
                       NOW + i * step + min(step, timedelta(hours=4)), False, "cli", None, NOW, NOW)
        for i in range(args.records)
    ]  # fmt: skip
    store.unavailability.add_many(records)


def measure(store: SqlStore, args: argparse.Namespace) -> None:
    me = store.members.by_email(WS, "me@example.com")
    assert me is not None
    viewer = Actor(me)
    tz = zone("Europe/Madrid")

    def reads() -> object:
        return store.unavailability.in_window(WS, NOW, NOW + timedelta(days=DAYS), [me.id])

    def home() -> object:
        page = home_page(store, viewer, workspace_id=WS, now=NOW)
        return build_home(page, viewer, lambda member: tz, NOW)

    baseline = best(args.repeat, reads)
    full = best(args.repeat, home)
    print(f"App Home of a member with {args.records} records in the next {DAYS} days")
    print(f"reading the member's records alone (baseline): {baseline * 1000:7.1f} ms")
    print(f"App Home (reads + build):                      {full * 1000:7.1f} ms")
    print(f"ratio to the baseline:                         {full / baseline:7.1f} x")
    figures.append((args.records, full))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="an empty database URL (default: SQLite in a temp dir)")
    parser.add_argument("--scale", help="record counts for a scale series, e.g. 30,300,3000")
    args = parser.parse_args()
    for records in [int(n) for n in args.scale.split(",")] if args.scale else [args.records]:
        args.records = records
        on_fresh_store(args, build, measure)
    if len(figures) > 1:
        print("App Home:", *growth(figures, "records"), sep="\n")


if __name__ == "__main__":
    main()
