"""Benchmark: one minute of the personal tick's deciding (reminders, shifts moved, time off
from elsewhere), at two team sizes, next to the database reads alone.

    python bench/personal.py [--members 100,1000] [--rotations 20] [--per-rotation 5]
                             [--records-each 3] [--imported 50] [--repeat 15]

Builds bench/alerts.py's team (members in four zones, every one in Slack; 20 rotations of 5
members; 3 records each over three weeks; three digest channels), then `--imported` records
added by an import in the last day for people on call. Measured at Friday 16:00 Berlin time
(reminders due for the Berlin members of Monday's shifts), after a first pass recorded
everyone's next shift. Times, best of --repeat:

- the reads the decision makes, alone (the baseline): members, rotations, overrides,
  records changed in the last day, reminder settings, watched shifts, calendars;
- deciding (those reads, every stint from 35 days back to 70 ahead once, each member's
  reminder instant, next shift and clashes): what the personal tick does each minute per
  workspace before sending anything.

Deciding is per member (every member's next shift is compared each minute), so it grows
with the team; the figures show by how much, per member.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.alerts import build
from bench.harness import best, team_arguments
from bench.oncall import WS
from core.alerts.personal import personal_due
from core.alerts.shift_watch import BEHIND, READ_AHEAD
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.rotations.stints import read_stints
from core.time.spans import Span
from storage.repositories import SqlStore, open_store

FRIDAY_4PM_BERLIN = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)


def in_slack(store: SqlStore) -> None:
    """Every member gets a Slack id: only people Slack knows are told anything."""
    for i, member in enumerate(store.members.all(WS)):
        store.members.update(replace(member, slack_user_id=f"U{i:06d}"))


def imported(store: SqlStore, count: int, now: datetime) -> int:
    """Records an import added an hour ago for people on call next week (as many as fit)."""
    made = 0
    for stint in read_stints(store, WS, now + timedelta(days=3), now + timedelta(days=10)):
        if made == count:
            break
        span = Span(stint.start + timedelta(hours=1), stint.start + timedelta(hours=7))
        if store.unavailability.overlapping(WS, stint.member_id, span.start, span.end):
            continue
        add_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            member_id=stint.member_id,
            span=span,
            source="import:imp_bench",
            now=now - timedelta(hours=1),
        )
        made += 1
    return made


def reads(store: SqlStore, now: datetime) -> None:
    members = store.members.all(WS)
    store.rotations.all(WS)
    store.overrides.in_window(WS, now - BEHIND, now + READ_AHEAD)
    store.unavailability.changed_since(WS, now - timedelta(days=1))
    store.types.all(WS)
    store.reminders.settings(WS)
    store.reminders.watched(WS)
    store.availability.definitions(WS, [m.id for m in members[:100]])


def measure(members: int, args: argparse.Namespace) -> dict[str, float]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store(f"sqlite:///{Path(tmp) / 'p.db'}") as store,
    ):
        build(store, members, args)
        in_slack(store)
        now = FRIDAY_4PM_BERLIN
        first = personal_due(store, WS, fallback_zone="UTC", now=now - timedelta(hours=1))
        for record in first.silent:
            store.reminders.watch(WS, record)
        count = imported(store, args.imported, now)
        due = personal_due(store, WS, fallback_zone="UTC", now=now)
        return {
            "imported": float(count),
            "clashes": float(len(due.clashes)),
            "reminders": float(len(due.reminders)),
            "moves": float(len(due.moves)),
            "reads": best(args.repeat, lambda: reads(store, now)),
            "decide": best(
                args.repeat, lambda: personal_due(store, WS, fallback_zone="UTC", now=now)
            ),
        }


def main() -> None:
    parser = team_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--imported", type=int, default=50)
    args = parser.parse_args()
    print(f"{args.rotations} rotations x {args.per_rotation} members, Fri 6 Mar 16:00 Berlin")
    print("members  due: clash remind moved | reads alone  decide (reads incl.)  per member")
    for size in (int(n) for n in args.members.split(",")):
        f = measure(size, args)
        print(
            f"{size:7d}       {int(f['clashes']):5d} {int(f['reminders']):6d} "
            f"{int(f['moves']):5d} | {f['reads'] * 1000:8.1f} ms  {f['decide'] * 1000:12.1f} ms"
            f"  {f['decide'] / size * 1e6:8.1f} µs"
        )


if __name__ == "__main__":
    main()
