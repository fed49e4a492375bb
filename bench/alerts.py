"""Benchmark: deciding the coverage alerts after one change, at two team sizes, next to the reads.

    python bench/alerts.py [--members 100,1000] [--rotations 20] [--per-rotation 5]
                           [--records-each 3] [--volunteers 20] [--repeat 15]

For each team size, builds a SQLite database in a temporary directory: that many members
(in four zones), 20 rotations of 5 members (daily and weekly), 3 records of time off, sick
leave, training or "prefer not" per member over the next three weeks, 20 volunteers
(wants_pager, on rotations), and three subscribed channels (all rotations looking 14 days
ahead, and each half of them looking 7). Volunteering is opt-in: how many volunteer, not
how big the team is, is what suggesting them costs (each gap ranks every volunteer who
covers it), so their number is the same at every size (`--volunteers`). A first pass of
the alert engine posts the gaps already there (to a Slack that only counts). Then one
change: the member on call for rotation-00 on a free day soon takes six hours off. Times,
best of --repeat:

- the database reads the decision makes, alone (the baseline);
- deciding the alerts (those reads, coverage of every followed rotation, matching gaps
  to the stored alerts): what the alert engine does each minute per workspace;
- for contrast, the team-wide reads the digest and `/oncall` make (every member, every
  record of the window), which grow with the team: the engine does not make them.

The cost of a decision must not grow with the team: the last line compares the largest
team's decision to the smallest's.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import best, team_arguments
from bench.oncall import FIRST_DAY, NOW, WS, ZONES, schedules_file
from bot.blocks.alerts import build_gap_alert
from core.alerts.decide import decide_alerts
from core.alerts.engine import run_alerts
from core.alerts.gaps import read_gap_data, window_of
from core.digest.due import Subscription
from core.people.members import NewMember, import_members
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.rotations.queries import on_call_at, read_coverage_data
from core.schedules.file import apply_schedules
from core.time.spans import Span, local_midnight, zone
from core.workspaces import create_workspace
from storage.repositories import SqlStore, open_store

KINDS = ("Time off", "Time off", "Sick", "Training", "Prefer not on call")
MOMENT = local_midnight(FIRST_DAY, zone("Europe/Berlin")) + timedelta(hours=8)
GROWTH_LIMIT = 1.5  # the largest team's decision may cost at most this much more


@dataclass
class CountingSlack:
    """Takes every post and edit, instantly; counts them."""

    posts: int = 0
    edits: int = 0
    keys: dict[str, str] = field(default_factory=dict)

    def post(self, channel: str, message: dict[str, Any], *, key: str) -> str:
        self.posts += 1
        self.keys[key] = f"{self.posts}.0"
        return self.keys[key]

    def find(self, channel: str, *, key: str, since: datetime) -> str | None:
        return self.keys.get(key)

    def update(self, channel: str, ts: str, message: dict[str, Any]) -> bool:
        self.edits += 1
        return True


def subscriptions(rotations: int) -> list[Subscription]:
    names = [f"rotation-{r:02d}" for r in range(rotations)]
    half = len(names) // 2
    made = NOW - timedelta(days=1)
    first, second = tuple(names[:half]), tuple(names[half:])
    return [
        Subscription("sub_all", WS, "C0ALL", time(9), "Europe/Berlin", lookahead=14,
                     created_at=made),
        Subscription("sub_a", WS, "C0A", time(9), "UTC", rotations=first, created_at=made),
        Subscription("sub_b", WS, "C0B", time(9), "Asia/Kolkata", rotations=second,
                     created_at=made),
    ]  # fmt: skip


def build(store: SqlStore, members: int, args: argparse.Namespace) -> None:
    create_workspace(store, WS, now=NOW)
    rows = [
        NewMember(f"p{i}@example.com", f"Person {i:04d}", ZONES[i % len(ZONES)])
        for i in range(members)
    ]
    import_members(store, OPERATOR, WS, rows)
    text = schedules_file(args.rotations, args.per_rotation)
    apply_schedules(store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW)
    add_time_off(store, members, args.records_each, 21)
    add_volunteers(store, args.volunteers)
    for subscription in subscriptions(args.rotations):
        store.digests.save(subscription)


def add_time_off(store: SqlStore, members: int, each: int, days: int) -> None:
    """Each member's records in their own slots of the window, so none overlap."""
    rng = random.Random(5)
    slot = timedelta(days=days) / each
    start_of = datetime.combine(FIRST_DAY, time(), UTC)
    people = {m.email: m for m in store.members.all(WS)}
    with store.transaction():
        for n in range(members * each):
            who = people[f"p{n % members}@example.com"]
            start = start_of + (n // members) * slot + timedelta(hours=rng.randint(0, 12))
            length = timedelta(hours=rng.randint(4, 60))
            add_unavailability(store, OPERATOR, workspace_id=WS, member_id=who.id,
                               span=Span(start, start + length), type_name=KINDS[n % len(KINDS)],
                               now=NOW)  # fmt: skip


def add_volunteers(store: SqlStore, count: int) -> None:
    """`count` rotation members volunteer for a day each, after their other records."""
    people = {m.email: m for m in store.members.all(WS)}
    start = datetime.combine(FIRST_DAY + timedelta(days=22), time(), UTC)
    for n in range(count):
        who = people[f"p{n}@example.com"]
        span = Span(start - timedelta(days=n % 20), start - timedelta(days=n % 20 - 1))
        if store.unavailability.overlapping(WS, who.id, span.start, span.end):
            continue
        add_unavailability(store, OPERATOR, workspace_id=WS, member_id=who.id, span=span,
                           type_name="Volunteer for on-call", now=NOW)  # fmt: skip


def one_change(store: SqlStore) -> None:
    """The member on call for rotation-00 at noon on the first free day from tomorrow (no
    record of theirs within 12 hours) takes six hours off: a new gap."""
    rotation = store.rotations.by_name(WS, "rotation-00")
    assert rotation is not None
    for day in range(1, 14):
        noon = MOMENT + timedelta(days=day, hours=4)
        duty = on_call_at(store, rotation, noon)
        near = (noon - timedelta(hours=12), noon + timedelta(hours=12))
        if duty is not None and not store.unavailability.overlapping(WS, duty.member_id, *near):
            span = Span(noon - timedelta(hours=3), noon + timedelta(hours=3))
            add_unavailability(store, OPERATOR, workspace_id=WS, member_id=duty.member_id,
                               span=span, now=NOW)  # fmt: skip
            return
    raise AssertionError("nobody on rotation-00 is free for two weeks")


def engine_reads(store: SqlStore) -> None:
    """What decide_alerts reads: subscriptions, live alerts, the rotations' narrow data."""
    subs = store.digests.subscriptions(WS)
    store.alerts.live(WS)
    windows = [window_of(s, MOMENT) for s in subs]
    read_gap_data(store, WS, min(w.anchor for w in windows), max(w.beyond for w in windows))


def team_reads(store: SqlStore) -> None:
    windows = [window_of(s, MOMENT) for s in store.digests.subscriptions(WS)]
    read_coverage_data(store, WS, min(w.anchor for w in windows), max(w.beyond for w in windows))


def measure(members: int, args: argparse.Namespace) -> dict[str, float]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store(f"sqlite:///{Path(tmp) / 'a.db'}") as store,
    ):
        build(store, members, args)
        slack = CountingSlack()
        first = run_alerts(store, slack, build_gap_alert, workspace_id=WS, holder="bench",
                           clock=lambda: MOMENT)  # fmt: skip
        one_change(store)
        decision = decide_alerts(store, WS, MOMENT)
        assert len(decision.plan.new) >= 1, "the change opened no gap"
        figures = {
            "records": float(members * args.records_each),
            "alerts": float(first.done.get("posted", 0)),
            "new": float(len(decision.plan.new)),
            "reads": best(args.repeat, lambda: engine_reads(store)),
            "decide": best(args.repeat, lambda: decide_alerts(store, WS, MOMENT)),
            "team": best(args.repeat, lambda: team_reads(store)),
        }
        after = run_alerts(store, slack, build_gap_alert, workspace_id=WS, holder="bench",
                           clock=lambda: MOMENT)  # fmt: skip
        figures["posted"] = float(after.done.get("posted", 0))
        return figures


def main() -> None:
    parser = team_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    args = parser.parse_args()
    sizes = [int(n) for n in args.members.split(",")]
    print(
        f"{args.rotations} rotations x {args.per_rotation} members, {args.volunteers} volunteers, "
        "3 channels, one change"
    )
    print(
        "members  records  alerts  | reads alone  decide (reads incl.)  ratio "
        "| team-wide reads (not made)"
    )
    results = {}
    for size in sizes:
        f = results[size] = measure(size, args)
        ratio = f["decide"] / f["reads"]
        print(
            f"{size:7d}  {int(f['records']):7d}  {int(f['alerts']):6d}  | "
            f"{f['reads'] * 1000:8.1f} ms  {f['decide'] * 1000:12.1f} ms  {ratio:10.1f} x "
            f"| {f['team'] * 1000:8.1f} ms"
        )
        assert f["posted"] == f["new"], f  # the change's alert went out, once
    small, large = results[min(sizes)], results[max(sizes)]
    growth = large["decide"] / small["decide"]
    print(
        f"deciding at {max(sizes):,} members costs {growth:.2f} x what it costs at "
        f"{min(sizes):,} (limit {GROWTH_LIMIT} x): {'flat' if growth < GROWTH_LIMIT else 'GROWS'}"
    )


if __name__ == "__main__":
    main()
