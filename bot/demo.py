"""`availbot demo`: a small team in a fresh SQLite file, and today's digest, without Slack."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.cli.demo import DEMO_FILE
from bot.words.digest_text import digest_text
from core.digest.compose import compose_digest
from core.digest.due import Subscription
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR, Member
from core.records.unavailability import add_unavailability
from core.rotations.queries import find_rotation, on_call_at
from core.schedules.file import apply_schedules
from core.time.spans import Span, day_span, zone
from core.workspaces import create_workspace
from storage.repositories import SqlStore, open_store

WS = "T0DEMO"
MADRID = "Europe/Madrid"
PEOPLE = (
    ("ana@example.com", "Ana García", MADRID, True),
    ("ben@example.com", "Ben Ruiz", MADRID, False),
    ("chen@example.com", "Chen Li", "America/New_York", False),
    ("dee@example.com", "Dee Brown", "America/New_York", False),
)


def run_demo(folder: Path, now: datetime) -> tuple[Path, str]:
    """Write the demo database into `folder`; its path and what to print."""
    path = folder / DEMO_FILE
    for leftover in (path, path.with_name(DEMO_FILE + "-wal"), path.with_name(DEMO_FILE + "-shm")):
        leftover.unlink(missing_ok=True)
    with open_store(f"sqlite:///{path}") as store:
        subscription = build_team(store, now)
        today = now.astimezone(zone(MADRID)).date()
        digest = compose_digest(store, subscription, today, now=now)
    text = "\n".join(
        [
            f"Demo workspace written to {path.name}: 4 people in Madrid and New York, a weekly",
            "rotation, the Madrid holiday calendar, and time off that opens a coverage gap.",
            "",
            digest_text(digest),
            "",
            "Look around (the demo file is a normal availbot database):",
            f"  availbot --db sqlite:///{path.name} oncall primary",
            f"  availbot --db sqlite:///{path.name} list",
            f"  availbot --db sqlite:///{path.name} effective ben@example.com --from {today} "
            f"--to {today + timedelta(days=6)}",
        ]
    )
    return path, text


def build_team(store: SqlStore, now: datetime) -> Subscription:
    """The demo team; returns the digest subscription of its #on-call channel."""
    create_workspace(store, WS, now=now)
    people = {
        email: add_member(store, OPERATOR, WS, NewMember(email, name, tz, admin=admin))
        for email, name, tz, admin in PEOPLE
    }
    today = now.astimezone(zone(MADRID)).date()
    monday = today - timedelta(days=today.weekday())
    apply_schedules(
        store,
        OPERATOR,
        workspace_id=WS,
        text=_schedules(monday - timedelta(days=7)),
        fallback_zone=MADRID,
        now=now,
    )
    _time_off(store, people, on_call_tomorrow(store, today), today, now)
    subscription = Subscription("sub_demo", WS, "C0ONCALL", time(9), MADRID, lookahead=7)
    store.digests.save(subscription)
    return subscription


def on_call_tomorrow(store: SqlStore, today: date) -> str:
    rotation = find_rotation(store, WS, "primary")
    noon = datetime.combine(today + timedelta(days=1), time(12), zone(MADRID))
    duty = on_call_at(store, rotation, noon)
    assert duty is not None, "the demo rotation starts before today"
    return duty.member_id


def _time_off(
    store: SqlStore, people: dict[str, Member], holder: str, today: date, now: datetime
) -> None:
    """Tomorrow's on-call person is away for two days: a gap Ana volunteers to fill."""
    others = [m for m in people.values() if m.id != holder]

    def days(member: Member, first: date, last: date) -> Span:
        return day_span(first, last, zone(member.tz or MADRID))

    def add(member: Member, span: Span, type_name: str, name: str | None = None) -> None:
        add_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            member_id=member.id,
            span=span,
            type_name=type_name,
            name=name,
            source="cli",
            now=now,
        )

    tomorrow = today + timedelta(days=1)
    away = store_member(people, holder)
    add(away, days(away, tomorrow, tomorrow + timedelta(days=1)), "Time off", "Family wedding")
    add(others[0], days(others[0], today, today + timedelta(days=7)), "Volunteer for on-call")
    add(others[1], days(others[1], today, today), "Sick")
    in_three = today + timedelta(days=3)
    add(others[2], days(others[2], in_three, in_three + timedelta(days=2)), "Training", "Kubecon")


def store_member(people: dict[str, Member], member_id: str) -> Member:
    return next(m for m in people.values() if m.id == member_id)


def _schedules(start: date) -> str:
    return f"""
timezone = "{MADRID}"

[[calendar]]
name = "Spain (Madrid)"
holidays = {{ country = "ES", subdivision = "MD" }}
members = ["ana@example.com", "ben@example.com"]

[[availability_pattern]]
member = "ben@example.com"
rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
intervals = ["09:00-17:00"]

[[rotation]]
name = "primary"
timezone = "{MADRID}"
shift = "1w"
handoff = "mon 09:00"
start = "{start.isoformat()}"
members = ["ana@example.com", "ben@example.com", "chen@example.com", "dee@example.com"]
"""
