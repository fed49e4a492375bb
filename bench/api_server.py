"""The server half of bench/api.py: availbot's WSGI app (the HTTP API and /healthz) on
waitress, in its own process, over a SQLite file seeded with a team, a year of time off,
weekly availability patterns and a rotation with overrides.

    python -m bench.api_server DATABASE_URL MEMBERS

Prints one line, `PORT KEY`, once it listens, then serves until terminated.
"""

from __future__ import annotations

import logging
import random
import sys
from datetime import UTC, date, datetime, timedelta

from bot.api.app import create_api
from bot.config import Settings
from bot.http import HttpServer, wsgi_app
from bot.main import api_services
from core.access.keys import create_key, set_api
from core.access.model import Scope
from core.effective.model import AvailabilityPattern, LocalInterval
from core.model import new_id
from core.people.members import NewMember, import_members
from core.people.model import OPERATOR, Member
from core.records.model import Unavailability
from core.rotations.model import Override
from core.schedules.file import apply_schedules
from core.time.spans import day_span, zone
from core.workspaces import create_workspace
from storage.repositories import SqlStore, open_store

WS = "T0BENCH"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
YEAR = date(2026, 1, 1)
ZONES = ("Europe/Madrid", "America/New_York", "Asia/Kolkata", "UTC")
RULES = ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=DAILY;INTERVAL=3")
ROTATION_SIZE = 8


def seed(store: SqlStore, members: int) -> None:
    create_workspace(store, WS, now=NOW)
    set_api(store, WS, True)
    rows = [
        NewMember(f"p{i}@example.com", f"P {i:05d}", ZONES[i % len(ZONES)], external_id=f"E{i}")
        for i in range(members)
    ]
    import_members(store, OPERATOR, WS, rows)
    people = sorted(store.members.all(WS), key=lambda m: int(m.email[1:].partition("@")[0]))
    on_call = ", ".join(f'"{m.email}"' for m in people[:ROTATION_SIZE])
    text = (
        f'[[rotation]]\nname = "primary"\ntimezone = "Europe/Madrid"\nshift = "1w"\n'
        f'handoff = "mon 09:00"\nstart = 2026-01-05\nmembers = [{on_call}]\n'
    )
    apply_schedules(store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW)
    rng = random.Random(15)
    nine_to_five = (LocalInterval.parse("09:00-17:00"),)
    with store.transaction():
        store.availability.replace_patterns(
            WS,
            [
                AvailabilityPattern(m.id, RULES[i % len(RULES)], nine_to_five, date(2025, 1, 6))
                for i, m in enumerate(people)
            ],
        )
        store.unavailability.add_many(a_year_of_time_off(store, people, rng))
        rotation = store.rotations.by_name(WS, "primary")
        assert rotation is not None
        for week in range(0, 52, 3):  # an override every third week
            start = datetime(2026, 1, 7, 8, tzinfo=UTC) + timedelta(weeks=week)
            taker = people[(week + 1) % ROTATION_SIZE].id
            store.overrides.add(
                Override(new_id("ovr"), WS, rotation.id, taker, start, start + timedelta(hours=12),
                         None, NOW)
            )  # fmt: skip


def a_year_of_time_off(
    store: SqlStore, people: list[Member], rng: random.Random
) -> list[Unavailability]:
    """A day off in every month for every member, none overlapping."""
    time_off = store.types.by_name(WS, "Time off")
    assert time_off is not None  # a new workspace's default type
    records = []
    for member in people:
        tz = zone(member.tz or "UTC")
        for month in range(1, 13):
            day = date(2026, month, rng.randrange(1, 29))
            span = day_span(day, day, tz)
            records.append(
                Unavailability(new_id("avail"), WS, member.id, time_off.id, span.start, span.end,
                               True, "cli", None, NOW, NOW)
            )  # fmt: skip
    return records


def main() -> None:
    url, members = sys.argv[1], int(sys.argv[2])
    # 20 clients on 16 threads queue by design; waitress would warn at every request
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    with open_store(url) as store:
        seed(store, members)
        _, key = create_key(
            store, workspace_id=WS, name="bench", scope=Scope.READ, member=None, now=NOW
        )
        services = api_services(Settings(database_url=url), store)
        application = wsgi_app(None, store.ping, api=create_api(services))
        server = HttpServer(application, host="127.0.0.1", port=0)
        print(server.port, key, flush=True)
        server.serve_forever()  # until the benchmark terminates this process


if __name__ == "__main__":
    main()
