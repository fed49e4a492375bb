"""Every message and view the app builds stays inside Slack's Block Kit limits (docs/slack.md),
however large the input: a 5,000-row preview, 300 records, 200 types, a busy App Home."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks.digest import build_digest
from bot.blocks.feeds import build_feed_enabled, build_feed_list, build_feed_preview
from bot.blocks.home import build_home
from bot.blocks.modal import (
    build_add_modal,
    build_added_view,
    build_changed_view,
    build_edit_modal,
    type_options,
)
from bot.blocks.oncall import build_oncall_overview, build_rotation
from bot.blocks.preview import build_import_outcome, build_preview, build_upload_failed
from bot.blocks.records import build_record_added, build_record_list
from bot.blocks.replies import build_error, build_help, build_import_help, build_types
from bot.blocks.who import build_member_days, build_who
from core.digest.compose import Away, Digest, Gap, RotationNow
from core.digest.due import Days, Subscription
from core.effective.days import Duty, EffectiveDay, Removed
from core.effective.model import Source
from core.home import HomePage, OnCallShift
from core.imports.feed_sources import Feed, FeedPreview, FeedStatus, FeedSync
from core.imports.feeds import FeedReading
from core.imports.model import ImportRecord, ImportStatus, ImportVerdict, PlannedRow, RowError
from core.imports.sync import SyncPlan
from core.imports.view import ImportView
from core.people.model import Actor, Member
from core.records.model import Kind, RecordView, Unavailability, UnavailabilityType
from core.rotations.coverage import RotationCoverage, Segment
from core.rotations.model import (
    Handoff,
    Rotation,
    RotationDefinition,
    RotationVersion,
    ShiftLength,
)
from core.time.spans import Span

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")
LONG = "Bartholomew-Alexandrina " * 9  # 216 characters of wide words
# by hand, and synced from sources with the longest names (64), which escaping widens most
SOURCES = ("slack", f"sync:{'<&>' * 21}*", f"feed:{'<&>' * 21}_")
ADMIN_MEMBER = Member(
    "mem_admin", "T1", "admin@example.com", "Admin " + LONG[:60], "UTC", "U0", True
)
ADMIN = Actor(ADMIN_MEMBER)


# --- the limits -------------------------------------------------------------------------


def check_message(message: dict[str, Any]) -> None:
    assert message["text"].strip() and len(message["text"]) <= 40_000
    assert len(message["blocks"]) <= 50
    assert len(json.dumps(message["blocks"], ensure_ascii=False)) < 12_500  # Slack: ~13,000
    check_blocks(message["blocks"])


def check_view(view: dict[str, Any]) -> None:
    assert len(view["blocks"]) <= 100
    for key in ("title", "submit", "close"):
        if key in view:
            assert len(view[key]["text"]) <= 24, view[key]
    assert len(view.get("private_metadata", "")) <= 3000
    assert len(view.get("callback_id", "")) <= 255
    check_blocks(view["blocks"])


def check_blocks(blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        assert len(block.get("block_id", "")) <= 255
        kind = block["type"]
        if kind == "section":
            assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            check_element(block.get("accessory"))
        elif kind == "header":
            assert len(block["text"]["text"]) <= 150
        elif kind == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e.get("text", "")) <= 3000 for e in block["elements"])
        elif kind == "actions":
            assert len(block["elements"]) <= 25
            for element in block["elements"]:
                check_element(element)
        elif kind == "input":
            assert len(block["label"]["text"]) <= 2000
            check_element(block["element"])


def check_element(element: dict[str, Any] | None) -> None:
    if element is None:
        return
    assert len(element.get("action_id", "")) <= 255
    if element["type"] == "button":
        assert len(element["text"]["text"]) <= 75
        assert len(element.get("value", "")) <= 2000
        if "confirm" in element:
            dialog = element["confirm"]
            assert len(dialog["title"]["text"]) <= 100 and len(dialog["text"]["text"]) <= 300
    options = element.get("options", []) + [
        o for g in element.get("option_groups", []) for o in g["options"]
    ]
    assert len(options) <= 100
    assert len(element.get("option_groups", [])) <= 100
    for option in options:
        check_option(option)


def check_option(option: dict[str, Any]) -> None:
    assert len(option["text"]["text"]) <= 75 and len(option["value"]) <= 150
    assert len(option.get("description", {}).get("text", "")) <= 75


# --- big inputs ---------------------------------------------------------------------------


def member(i: int) -> Member:
    return Member(f"mem_{i}", "T1", f"person{i}@example.com", f"Person {i} {LONG[:40]}", "UTC")


def types(count: int) -> list[UnavailabilityType]:
    kinds = list(Kind)
    return [
        UnavailabilityType(f"type_{i:040d}", "T1", f"Type {i} {LONG[:80]}", kinds[i % 3], LONG)
        for i in range(count)
    ]


def record(i: int) -> RecordView:
    start = NOW + timedelta(days=i)
    row = Unavailability(
        f"avail_{i:024d}",
        "T1",
        "mem_1",
        "type_0",
        start,
        start + timedelta(days=1),
        True,
        SOURCES[i % len(SOURCES)],
        None,
        NOW,
        NOW,
        LONG[:200],
    )
    return RecordView(row, member(1), types(1)[0])


def import_view(rows: int, errors: int, invalid: int, status: ImportStatus) -> ImportView:
    members = {m.id: m for m in map(member, range(50))}
    planned = [
        PlannedRow(
            i + 2,
            f"avail_{i}",
            f"mem_{i % 50}",
            "type_0",
            NOW,
            NOW + timedelta(days=1),
            True,
            LONG[:200],
        )
        for i in range(rows)
    ]
    verdict = ImportVerdict(
        tuple(f"nobody{i}-{LONG[:30].strip()}@example.com" for i in range(invalid)),
        tuple(
            RowError(i + 2, "start_time", f"Could not read {LONG[:100]!r}.") for i in range(errors)
        ),
        tuple(f"column {i}" for i in range(40)),
    )
    saved = status is ImportStatus.COMMITTED
    record = ImportRecord(
        "imp_1",
        "T1",
        f"{LONG[:150]}.csv",
        "mem_admin",
        NOW,
        status,
        rows,
        rows,
        7,
        verdict,
        committed_by="mem_admin" if saved else None,
        committed_at=NOW if saved else None,
        created=rows if saved else 0,
    )
    return ImportView(record, planned, members, {t.id: t for t in types(1)}, ADMIN.member)


def rotation(i: int) -> Rotation:
    definition = RotationDefinition(
        "Europe/Madrid", ShiftLength.parse("1w"), Handoff.parse("mon 09:00"), NOW.date(), ("m",)
    )
    versions = (RotationVersion(None, definition, NOW),)
    return Rotation(f"rot_{i}", "T1", f"Rotation {i} {LONG[:100]}", versions, NOW)


# --- the tests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "errors", "invalid", "status"),
    [
        (5000, 0, 0, ImportStatus.PREVIEWED),
        (5000, 5000, 5000, ImportStatus.FAILED),
        (0, 0, 5000, ImportStatus.FAILED),
        (0, 5000, 0, ImportStatus.FAILED),
        (5000, 0, 0, ImportStatus.COMMITTED),
        (5000, 0, 0, ImportStatus.CANCELLED),
    ],
)
def test_a_5000_row_preview_and_its_outcome(
    rows: int, errors: int, invalid: int, status: ImportStatus
) -> None:
    view = import_view(rows, errors, invalid, status)
    message = build_preview(view, lambda m: UTC_ZONE, NOW)
    check_message(message)
    if errors:
        assert "more row errors; see every one with `availbot import" in json.dumps(message)
    if status in (ImportStatus.COMMITTED, ImportStatus.CANCELLED):
        check_message(build_import_outcome(view, lambda m: UTC_ZONE, NOW))


def test_a_300_record_list_and_records_with_long_notes() -> None:
    views = [record(i) for i in range(300)]
    check_message(build_record_list(LONG, views, 300, ADMIN, lambda v: UTC_ZONE, NOW, "cli"))
    check_message(build_record_added(views[0], ADMIN, UTC_ZONE, NOW))
    check_view(build_added_view(views[0], ADMIN, UTC_ZONE, NOW))


@pytest.mark.parametrize("count", [1, 99, 100, 101, 200])
def test_the_modal_with_many_types(count: int) -> None:
    view = build_add_modal(
        types(count), admin=True, user_id="U0", today=NOW.date(), metadata="x" * 5000
    )
    check_view(view)
    for option in type_options(types(count), ""):
        check_option(option)
    assert len(type_options(types(count), "")) <= 100
    edit = build_edit_modal(record(0), types(count), admin=True, tz=UTC_ZONE, metadata="x" * 5000)
    check_view(edit)


def test_the_change_of_a_record_with_long_notes() -> None:
    moved = RecordView(record(1).record, member(2), types(2)[1])
    check_view(build_changed_view(record(0), moved, ADMIN, lambda m: UTC_ZONE, NOW))


def test_a_busy_app_home() -> None:
    shifts = tuple(OnCallShift(rotation(i), NOW, NOW + timedelta(days=7)) for i in range(5))
    imports = tuple(import_view(5000, 0, 0, ImportStatus.COMMITTED).record for _ in range(5))
    subscriptions = tuple(
        Subscription(
            f"dig_{i}",
            "T1",
            f"C{i:010d}",
            time(9),
            "America/Argentina/Buenos_Aires",
            Days.WEEKDAYS,
            tuple(f"rotation-{j}-{LONG[:20]}" for j in range(10)),
            True,
            31,
        )
        for i in range(300)
    )
    page = HomePage(
        ADMIN_MEMBER,
        [record(i) for i in range(20)],
        300,
        shifts,
        imports,
        subscriptions,
        {"mem_admin": ADMIN_MEMBER},
    )
    check_view(build_home(page, ADMIN, lambda m: UTC_ZONE, NOW, notice=LONG * 20))


def big_feed(i: int, status: FeedStatus | None = FeedStatus.OK) -> Feed:
    """A feed with a 64-character name, a long failure and 500 long unmatched names."""
    return Feed(
        f"feed_{i}",
        "T1",
        f"{i} {LONG}"[:64],
        f"https://{'h' * 60}.example/{LONG}",
        LONG[:60],
        enabled=True,
        last_sync_at=NOW if status else None,
        last_status=status,
        last_why=LONG * 20 if status is FeedStatus.FAILED else None,
        unmatched=tuple(f"Name {j} {LONG[:80]}" for j in range(500)),
    )


def test_many_feeds_and_many_unmatched_names() -> None:
    feeds = [big_feed(i, [FeedStatus.OK, FeedStatus.FAILED, None][i % 3]) for i in range(300)]
    check_message(build_feed_list(feeds, NOW))
    made = [
        Unavailability(
            f"avail_{i}", "T1", f"mem_{i}", "type_1", NOW, NOW + timedelta(days=1), True,
            "feed:x", None, NOW, NOW, LONG,
        )
        for i in range(2000)
    ]  # fmt: skip
    errors = [RowError(i, LONG[:40], LONG * 3) for i in range(300)]
    plan = SyncPlan("feed:x", NOW, None, created=made, errors=errors)
    reading = FeedReading((), tuple(f"Name {j} {LONG[:80]}" for j in range(500)))
    people = {f"mem_{i}": member(i) for i in range(2000)}
    preview = FeedPreview(big_feed(1, None), plan, reading)
    check_message(build_feed_preview(preview, people, lambda m: UTC_ZONE, NOW))
    check_message(build_feed_enabled(FeedSync(big_feed(1))))
    check_message(build_feed_enabled(FeedSync(big_feed(1, FeedStatus.FAILED))))
    page = HomePage(
        ADMIN_MEMBER,
        [record(i) for i in range(20)],
        300,
        (),
        feeds=tuple(feeds[:10]),
        feed_count=300,
    )
    check_view(build_home(page, ADMIN, lambda m: UTC_ZONE, NOW))


def test_short_replies() -> None:
    for message in (
        build_help(unknown=LONG),
        build_import_help(),
        build_error(LONG * 30),
        build_types(types(200), 200, admin=True),
        build_upload_failed(LONG, LONG * 30),
    ):
        check_message(message)


# --- on-call, who and the digest ----------------------------------------------------------


def segments(count: int) -> tuple[Segment, ...]:
    views = (record(0), record(1))
    return tuple(
        Segment(
            NOW + timedelta(hours=i),
            NOW + timedelta(hours=i + 1),
            member(i % 7),
            None,
            views,
            gap=i % 2 == 0,
            soft=i % 3 == 0,
            suggestions=tuple(member(j) for j in range(20)),
        )
        for i in range(count)
    )


def coverage(i: int, count: int) -> RotationCoverage:
    return RotationCoverage(rotation(i), NOW, NOW + timedelta(days=31), segments(count))


def test_oncall_overview_and_a_long_rotation() -> None:
    reports = [coverage(i, 60) for i in range(40)]
    check_message(build_oncall_overview(reports, ADMIN, NOW, gaps_until=NOW + timedelta(days=7)))
    check_message(build_rotation(coverage(0, 800), ADMIN, NOW))


def test_who_for_everyone_and_a_members_month() -> None:
    out = [record(i) for i in range(300)]
    on_call = [(rotation(i % 20), s) for i, s in enumerate(segments(300))]
    span = Span(NOW, NOW + timedelta(days=31))
    check_message(build_who(span, UTC_ZONE, out, on_call, ADMIN, NOW))
    removed = [Removed(f"avail_{i}", LONG[:120], Kind.HARD, NOW, NOW) for i in range(5)]
    duties = [Duty(LONG[:100], NOW, NOW + timedelta(hours=3)) for _ in range(5)]
    days = [
        EffectiveDay(
            (NOW + timedelta(days=i)).date(),
            Source.AVAILABILITY_PATTERN,
            "mem_1",
            False,
            ((NOW, NOW + timedelta(hours=1)),) * 6,
            tuple(removed),
            tuple(duties),
        )
        for i in range(31)
    ]
    check_message(build_member_days(member(1), span, UTC_ZONE, days, NOW))


def test_a_digest_for_a_thousand_people_and_twenty_rotations() -> None:
    people = [member(i) for i in range(1000)]
    away = [
        Away(p, f"Type {i % 5} {LONG[:60]}", Kind.HARD, NOW, NOW + timedelta(days=3), True)
        for i, p in enumerate(people)
    ]
    rotations = tuple(
        RotationNow(f"Rotation {i} {LONG[:80]}", "UTC", people[i], NOW, people[i + 1], record(i))
        for i in range(20)
    )
    gaps = tuple(
        Gap(
            f"Rotation {i % 20}",
            f"rot_{i % 20}",
            NOW,
            NOW + timedelta(hours=5),
            people[i],
            f"{people[i].name} is out ({LONG[:60]})",
            tuple(people[:20]),
        )
        for i in range(300)
    )
    groups: dict[str, list[Away]] = {}
    for item in away:
        groups.setdefault(item.type, []).append(item)
    digest = Digest(
        "sub_1",
        NOW.date(),
        "UTC",
        rotations,
        gaps,
        groups,
        tuple(away[:300]),
        tuple(away[300:600]),
        tuple(away),
    )
    check_message(build_digest(digest))
