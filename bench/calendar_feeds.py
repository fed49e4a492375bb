"""Benchmark: calendar feeds of a 1,000-member team over their window, next to the reads alone.

    python bench/calendar_feeds.py [--members 1000] [--rotations 20] [--records 4000] [--repeat 5]
                             [--db URL]

Builds a SQLite database in a temporary directory (or uses --db, which must be empty): 1,000
members in four zones, 20 rotations of 8 members (daily and weekly), and unavailability
records of every kind spread over the feeds' window (15 days back, 180 ahead). Then, for the
team feed (everyone's time off), one daily rotation's feed and one member's feed, times
through the API's Falcon app (no network): (a) the database reads the feed makes, alone, as
the baseline; (b) a refresh answered 304 (If-None-Match); (c) a full answer whose events
are written by icalendar from scratch; (d) the same with the events already written once
(as a running server has them). Prints the best of --repeat runs of each.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import falcon.testing

from bench.digest import build as build_team
from bench.harness import best, on_fresh_store
from bench.oncall import NOW, WS
from bot.api.app import create_api
from bot.api.caller import ApiServices
from bot.config import Settings
from core.calendar.feeds import feed_window
from core.calendar.links import TEAM, Subject, issue_link, of_rotation, personal
from storage.database import execute_sql
from storage.repositories import SqlStore

SECRET = "a benchmark's calendar secret, long enough"
TARGET_SECONDS = 1.0  # "well under a second": the figures should be a fraction of it


@dataclass(frozen=True)
class Case:
    name: str
    subject: Subject
    reads: Callable[[], object]


def build(store: SqlStore, args: argparse.Namespace) -> None:
    """bench/digest.py's team, its records spread over the feeds' window."""
    build_team(store, args, days=180)


def cases(store: SqlStore) -> list[Case]:
    """Each feed and the reads it makes (core.calendar.feeds), timed alone."""
    start, end = feed_window(NOW, "UTC")
    far = end + timedelta(days=7)  # rotation feeds read their whole shifts around the window
    rotation = store.rotations.all(WS)[0]  # rotation-00: daily
    member = store.members.by_email(WS, "p0@example.com")
    assert member is not None
    ids = list(rotation.definition.member_ids)

    def team() -> object:
        return (
            store.unavailability.in_window(WS, start, end),
            store.members.all(WS),
            store.types.all(WS),
        )

    def of_rotation_() -> object:
        return (
            store.rotations.get(WS, rotation.id),
            store.overrides.in_window(WS, start, far, rotation.id),
            store.members.many(WS, ids),
            store.unavailability.in_window(WS, start, far, ids),
            store.types.all(WS),
        )

    def personal_() -> object:
        return (
            store.members.get(WS, member.id),
            store.rotations.all(WS),
            store.overrides.in_window(WS, start, far),
            store.unavailability.in_window(WS, start, end, [member.id]),
            store.types.all(WS),
        )

    return [
        Case("team (who is out)", TEAM, team),
        Case(f"rotation {rotation.name} (daily)", of_rotation(rotation), of_rotation_),
        Case("personal (p0)", personal(member), personal_),
    ]


def measure(store: SqlStore, args: argparse.Namespace) -> None:
    client = falcon.testing.TestClient(
        create_api(
            ApiServices(store, Settings(timezone="UTC", calendar_secret=SECRET), lambda: NOW)
        )
    )
    print(f"{args.members} members, {args.rotations} rotations, {args.records} records")
    worst = max(timed(store, client, case, args.repeat) for case in cases(store))
    verdict = "within" if worst < TARGET_SECONDS else "OVER"
    print(f"\nslowest first fetch {worst * 1000:.0f} ms; target {TARGET_SECONDS:.1f} s: {verdict}")


def timed(store: SqlStore, client: falcon.testing.TestClient, case: Case, repeat: int) -> float:
    """Prints the case's figures; returns its first fetch's time."""
    path = f"/calendar/{issue_link(store, WS, case.subject, secret=SECRET, now=NOW).token}.ics"
    first = client.simulate_get(path)  # stores every event's version once
    assert first.status_code == 200, first.text
    tag = {"If-None-Match": first.headers["ETag"]}
    assert client.simulate_get(path, headers=tag).status_code == 304

    def written_anew() -> Any:
        execute_sql(store.db, "DELETE FROM calendar_event")  # as on the first fetch ever
        return client.simulate_get(path)

    reads = best(repeat, case.reads)
    refresh = best(repeat, partial(client.simulate_get, path, headers=tag))
    cold = best(repeat, written_anew)
    warm = best(repeat, partial(client.simulate_get, path))
    events = first.text.count("BEGIN:VEVENT")
    print(f"\n{case.name}: {events} events, {len(first.content) / 1024:.0f} KiB")
    print(f"  database reads alone (baseline): {reads * 1000:8.1f} ms")
    print(f"  refresh answered 304:            {refresh * 1000:8.1f} ms")
    print(f"  200, every event written anew:   {cold * 1000:8.1f} ms  (the first fetch)")
    print(f"  200, events as written before:   {warm * 1000:8.1f} ms")
    return cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rotations", type=int, default=20)
    parser.add_argument("--records", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="an empty database URL (default: SQLite in a temp dir)")
    on_fresh_store(parser.parse_args(), build, measure)


if __name__ == "__main__":
    main()
