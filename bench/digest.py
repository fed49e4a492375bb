"""Benchmark: compose and render the digest for 1,000 members and 20 rotations, next to the reads.

    python bench/digest.py [--members 1000] [--rotations 20] [--records 3000] [--repeat 5]
    python bench/digest.py --scale 100,1000,10000

Builds a SQLite database in a temporary directory: members in four zones, 20 rotations of 8
members, unavailability of every kind over the next weeks, and an `everyone` subscription
with a 14-day look-ahead. Times (a) the database reads the digest needs, alone, as the
baseline, and (b) composing the digest (reads included) and rendering it as Block Kit,
and checks the message stays within Slack's limits. Prints the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import best, growth
from bench.oncall import FIRST_DAY, NOW, WS, ZONES, add_records, schedules_file
from bot.blocks.digest import build_digest
from core.digest.compose import compose_digest
from core.digest.due import Subscription
from core.people.members import NewMember, import_members
from core.people.model import OPERATOR
from core.rotations.queries import read_coverage_data
from core.schedules.file import apply_schedules
from core.time.spans import local_midnight, zone
from core.workspaces import create_workspace
from storage.repositories import SqlStore, open_store

TARGET_SECONDS = 0.2
SUBSCRIPTION = Subscription(
    "sub_bench", WS, "C0BENCH", clock(9), "Europe/Berlin", everyone=True, lookahead=14
)


def build(store: SqlStore, args: argparse.Namespace, days: int = 14) -> None:
    """1,000 members in four zones, rotations of 8, records over the next `days`."""
    create_workspace(store, WS, now=NOW)
    rows = [
        NewMember(f"p{i}@example.com", f"Person {i:04d}", ZONES[i % len(ZONES)])
        for i in range(args.members)
    ]
    import_members(store, OPERATOR, WS, rows)
    text = schedules_file(args.rotations, 8)
    apply_schedules(store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW)
    add_records(store, args.members, args.records, days)


def reads(store: SqlStore) -> None:
    """What compose_digest reads: rotations, overrides, members, types and the records of
    the look-ahead (one read of each), nothing else."""
    tz = zone(SUBSCRIPTION.zone)
    start = local_midnight(FIRST_DAY, tz)
    end = local_midnight(FIRST_DAY + timedelta(days=SUBSCRIPTION.lookahead), tz)
    read_coverage_data(store, WS, start, end)
    store.rotations.all(WS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rotations", type=int, default=20)
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", help="member counts, e.g. 100,1000,10000 (3 records each)")
    args = parser.parse_args()
    figures = []
    for members in [int(n) for n in args.scale.split(",")] if args.scale else [args.members]:
        if args.scale:  # rotations of 8 need 160 members: fewer rotations for a small team
            args.members, args.records = members, 3 * members
            args.rotations = min(20, members // 8)
        figures.append((members, measure(args)))
    if len(figures) > 1:
        print("digest compose + render:", *growth(figures, "members"), sep="\n")


def measure(args: argparse.Namespace) -> float:
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store(f"sqlite:///{Path(tmp) / 'b.db'}") as store,
    ):
        build(store, args)
        now = local_midnight(FIRST_DAY, zone(SUBSCRIPTION.zone)) + timedelta(hours=8)

        def compose_and_render() -> dict[str, object]:
            return build_digest(compose_digest(store, SUBSCRIPTION, FIRST_DAY, now=now))

        message = compose_and_render()
        baseline = best(args.repeat, lambda: reads(store))
        full = best(args.repeat, compose_and_render)
    blocks = message["blocks"]
    assert isinstance(blocks, list)
    size = len(json.dumps(blocks))
    print(
        f"{args.members} members, {args.rotations} rotations, {args.records} records, "
        "14-day look-ahead"
    )
    print(f"message: {len(blocks)} blocks (limit 50), {size:,} characters of blocks")
    print(f"database reads alone (baseline): {baseline * 1000:8.1f} ms")
    print(f"compose + render:                {full * 1000:8.1f} ms  (reads included)")
    print(f"ratio to the baseline:           {full / baseline:8.1f} x")
    print(f"target {TARGET_SECONDS:.1f} s: {'within' if full < TARGET_SECONDS else 'OVER'}")
    return full


if __name__ == "__main__":
    main()
