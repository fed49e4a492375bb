"""Builders are pure and respect Block Kit's limits, always with fallback text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.blocks.kit import fit
from bot.blocks.preview import build_reading
from bot.blocks.records import build_record_added, build_record_list
from bot.blocks.replies import build_error, build_help, build_import_help, build_types
from core.people.model import Actor, Member
from core.records.model import Kind, RecordView, Unavailability, UnavailabilityType

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANN = Member("mem_a", "T1", "ann@example.com", "Ann <&> Co", "UTC", "UANN")
SICK = UnavailabilityType("type_s", "T1", "Sick", Kind.HARD, private=True)


def view(day: int, note: str | None = None) -> RecordView:
    start = NOW + timedelta(days=day)
    record = Unavailability(
        f"avail_{day}",
        "T1",
        ANN.id,
        SICK.id,
        start,
        start + timedelta(days=1),
        True,
        "slack",
        None,
        NOW,
        NOW,
        note,
    )
    return RecordView(record, ANN, SICK)


def test_fit_cuts_at_a_word_boundary() -> None:
    assert fit("alpha beta gamma", 12) == "alpha beta…"
    assert len(fit("word " * 1000)) <= 3000


def test_added_reply_has_text_undo_and_escapes_names() -> None:
    message = build_record_added(view(1, "x" * 5000), Actor(ANN), ZoneInfo("UTC"), NOW)
    assert message["text"].startswith("Added Sick for Ann &lt;&amp;&gt; Co")
    assert all(len(b["text"]["text"]) <= 3000 for b in message["blocks"] if b["type"] == "section")
    assert message["blocks"][0]["accessory"]["text"]["text"] == "Undo"


def test_long_lists_stay_under_fifty_blocks_and_point_to_the_cli() -> None:
    views = [view(d) for d in range(200)]
    message = build_record_list(
        "All", views, 200, Actor(ANN), lambda v: ZoneInfo("UTC"), NOW, "availbot list"
    )
    assert len(message["blocks"]) <= 50
    shown = sum(b["type"] == "actions" for b in message["blocks"])
    assert shown >= 15  # as many as fit Slack's size limit, Edit and Remove included
    assert f"{200 - shown} more records" in message["blocks"][-1]["elements"][0]["text"]


def test_private_types_read_away_to_other_members() -> None:
    other = Actor(Member("mem_b", "T1", "b@example.com", "B", None))
    message = build_record_list("All", [view(1)], 1, other, lambda v: ZoneInfo("UTC"), NOW, "x")
    assert "*Away*" in message["blocks"][1]["text"]["text"]
    assert "accessory" not in message["blocks"][1]


def test_every_reply_has_fallback_text() -> None:
    for message in (
        build_help(),
        build_help("zzz"),
        build_import_help(),
        build_error("No."),
        build_types([SICK], 1, admin=True),
    ):
        assert message["text"]
        assert 0 < len(message["blocks"]) <= 50


def test_the_reading_notice_counts_rows_with_thousands_separated() -> None:
    assert "Reading 100,000 rows of hr.csv…" in build_reading("hr.csv", 100_000)["text"]
    assert "Reading 1 row of a.csv…" in build_reading("a.csv", 1)["text"]
