"""The alert engine's promise, for any history (docs/alerts.md#coverage-alerts): after each
tick, the channel's open alert messages are exactly the current gaps of its look-ahead, one
message each, never posted twice. Gaps are found again here the long way (every record and
member read, coverage_report), independently of the engine's narrow reads."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.alerts.gaps import window_of
from core.alerts.plan import AlertStatus
from core.errors import AvailbotError
from core.people.model import OPERATOR, Member
from core.records.unavailability import add_unavailability, remove_unavailability
from core.rotations.cover import gap_runs
from core.rotations.overrides import cover, remove_override
from core.rotations.queries import coverage_report
from core.schedules.file import apply_schedules
from core.time.spans import Span
from storage.database import execute_sql
from storage.repositories import SqlStore, open_store

from .alerting import NOW, WS, FakeSlack, make_team, subscription, tick

NAMES = ("ann", "bob", "carol", "dan")
TYPES = ("Time off", "Sick", "Training", "Prefer not on call", "Volunteer for on-call")
HOUR = timedelta(hours=1)

hours = st.integers(min_value=-24, max_value=16 * 24)
lengths = st.integers(min_value=1, max_value=96)
member = st.integers(min_value=0, max_value=len(NAMES) - 1)
steps = st.one_of(
    st.tuples(st.just("off"), member, hours, lengths, st.integers(0, len(TYPES) - 1)),
    st.tuples(st.just("back"), st.integers(0, 20)),
    st.tuples(st.just("cover"), member, hours, lengths),
    st.tuples(st.just("uncover"), st.integers(0, 20)),
    st.tuples(
        st.just("rotations"),
        st.permutations(NAMES).map(lambda p: p[:3]),
        st.sampled_from(["1w", "1d", "12h"]),
    ),
    st.tuples(st.just("wait"), st.integers(1, 60)),
    st.tuples(st.just("lookahead"), st.integers(1, 10)),
)


def schedules(primary: tuple[str, ...], shift: str) -> str:
    def rotation(name: str, members: tuple[str, ...], length: str) -> str:
        handoff = "mon 09:00" if length.endswith("w") else "09:00"
        listed = ", ".join(f'"{m}@example.com"' for m in members)
        return (
            f'[[rotation]]\nname = "{name}"\nshift = "{length}"\nhandoff = "{handoff}"\n'
            f'start = "2026-02-23"\nmembers = [{listed}]\n'
        )

    return (
        'timezone = "Europe/Madrid"\n'
        + rotation("primary", primary, shift)
        + rotation("secondary", ("dan", "carol"), "1d")
    )


@dataclass
class World:
    store: SqlStore
    people: dict[str, Member]
    now: datetime = NOW
    records: list[str] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)

    def do(self, step: tuple[object, ...]) -> None:
        kind, *args = step
        with suppress(AvailbotError):  # refused by a rule (an overlap, an absent taker)
            getattr(self, f"_{kind}")(*args)

    def _off(self, who: int, at: int, length: int, type_index: int) -> None:
        start = self.now + at * HOUR
        view = add_unavailability(
            self.store,
            OPERATOR,
            workspace_id=WS,
            member_id=self.people[NAMES[who]].id,
            span=Span(start, start + length * HOUR),
            type_name=TYPES[type_index],
            now=self.now,
        )
        self.records.append(view.record.id)

    def _back(self, index: int) -> None:
        if self.records:
            record = self.records.pop(index % len(self.records))
            remove_unavailability(self.store, OPERATOR, workspace_id=WS, record_id=record)

    def _cover(self, who: int, at: int, length: int) -> None:
        start = self.now + at * HOUR
        taken = cover(
            self.store,
            OPERATOR,
            workspace_id=WS,
            rotation_name="primary",
            span=Span(start, start + length * HOUR),
            member=self.people[NAMES[who]],
            now=self.now,
        )
        self.overrides.append(taken.override.id)

    def _uncover(self, index: int) -> None:
        if self.overrides:
            found = self.overrides.pop(index % len(self.overrides))
            remove_override(self.store, OPERATOR, workspace_id=WS, override_id=found)

    def _rotations(self, primary: tuple[str, ...], shift: str) -> None:
        text = schedules(primary, shift)
        apply_schedules(
            self.store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=self.now
        )

    def _wait(self, hours_: int) -> None:
        self.now += hours_ * HOUR

    def _lookahead(self, days: int) -> None:
        self.store.digests.save(subscription(lookahead=days))


def gaps_the_long_way(store: SqlStore, now: datetime) -> set[tuple[str, str, datetime]]:
    """(rotation id, start or "begun", end) of every gap the channel should be told of."""
    [sub] = store.digests.subscriptions(WS)
    window = window_of(sub, now)
    rotations = {r.id: (window.anchor, window.beyond) for r in store.rotations.all(WS)}
    found = set()
    for covered in coverage_report(store, WS, rotations):
        for run in gap_runs(covered.segments):
            start, end = max(run[0].start, window.anchor), min(run[-1].end, window.beyond)
            if start < window.horizon and end > now:
                found.add((covered.rotation.id, _start(start, now), end))
    return found


def _start(start: datetime, now: datetime) -> str:
    return start.isoformat() if start > now else "begun"


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(history=st.lists(steps, min_size=1, max_size=10))
def test_open_alert_messages_are_exactly_the_current_gaps(
    history: list[tuple[object, ...]],
) -> None:
    with open_store("sqlite:///:memory:") as store:
        world = World(store, make_team(store))
        world.do(("rotations", ("ann", "bob", "carol"), "1w"))
        slack = FakeSlack()
        for turn, step in enumerate(history):
            world.do(step)
            tick(store, slack, world.now, holder="ab"[turn % 2])  # two instances, in turn
            expected = gaps_the_long_way(store, world.now)
            alerts = [a for a in store.alerts.live(WS)]
            assert all(a.status is AlertStatus.OPEN and a.shown == a.said for a in alerts)
            shapes = {(a.rotation_id, _start(a.start, world.now), a.end) for a in alerts}
            assert shapes == expected
            assert len(shapes) == len(alerts)  # one alert per gap
            open_messages = {ts for ts, m in slack.messages.items() if m.open}
            assert open_messages == {a.message_ts for a in alerts}
            posted = execute_sql(
                store.db, "SELECT COUNT(*) FROM gap_alert WHERE message_ts IS NOT NULL"
            ).fetchone()[0]
            assert slack.posts == len(slack.messages) == posted  # each alert posted once
