"""Text people typed never reaches Slack as markup (docs/slack.md, "Text in and out").

A hostile string sits in every input of every builder that people can type (names, notes,
types, file names, rotations, emails, errors, column names, reasons, refusal words); no
string Slack renders as mrkdwn (the message `text`, every mrkdwn text object: sections,
contexts, fields, confirm dialogs) may then carry it raw: no `<!channel>`, no mention, no
bold, italics, strike or code, no entity that would decode. Mentions availbot makes itself
(`<@U…>` of a member who saved an import) still work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks.alerts import build_gap_alert, build_handoff
from bot.blocks.digest import build_digest
from bot.blocks.feeds import build_feed_enabled, build_feed_list, build_feed_preview
from bot.blocks.home import build_home
from bot.blocks.kit import JOINER, esc
from bot.blocks.modal import (
    build_add_modal,
    build_added_view,
    build_changed_view,
    build_edit_modal,
    build_not_changed_view,
)
from bot.blocks.oncall import build_covered, build_oncall_overview, build_rotation
from bot.blocks.preview import (
    build_import_outcome,
    build_preview,
    build_upload_failed,
    build_upload_refused,
)
from bot.blocks.records import build_record_added, build_record_list, build_record_removed
from bot.blocks.replies import build_error, build_help, build_notice, build_types
from bot.blocks.who import build_member_days, build_who
from bot.words.digest import subscription_words
from core.alerts.engine import AlertView
from core.alerts.gaps import Absence, OpenGap
from core.alerts.handoffs import Handoff as HandOff
from core.alerts.plan import Alert, AlertStatus, Closure
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
    Override,
    Rotation,
    RotationDefinition,
    RotationVersion,
    ShiftLength,
)
from core.rotations.overrides import OverrideView
from core.time.spans import Span

CODE_SPAN = re.compile(f"(?<!{JOINER})`(?!{JOINER})[^`]*(?<!{JOINER})`(?!{JOINER})")
HOSTILE = ("<!channel>", "<@U123>", "*bold*", "_x_", "~s~", "`c`", "&amp;")
H = " ".join(HOSTILE)  # typed into every field
NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
TZ = ZoneInfo("Europe/Madrid")
ADMIN = Member("mem_admin", "T1", f"admin{H}@example.com", f"Admin {H}", "UTC", "U0", True)
VIEWER = Actor(ADMIN)
TYPE = UnavailabilityType("type_1", "T1", f"Type {H}", Kind.HARD, f"About {H}", private=False)


def person(i: int) -> Member:
    return Member(f"mem_{i}", "T1", f"p{i}{H}@example.com", f"Person {i} {H}", "Europe/Madrid")


def record(i: int = 1, *, all_day: bool = True, source: str = "slack") -> RecordView:
    start = NOW + timedelta(days=i)
    row = Unavailability(
        f"avail_{i}", "T1", "mem_1", TYPE.id, start, start + timedelta(days=1), all_day,
        source, None, NOW, NOW, f"Note {H}",
    )  # fmt: skip
    return RecordView(row, person(1), TYPE)


def rotation(i: int = 1) -> Rotation:
    definition = RotationDefinition(
        "Europe/Madrid", ShiftLength.parse("1w"), Handoff.parse("mon 09:00"), NOW.date(), ("m",)
    )
    return Rotation(
        f"rot_{i}", "T1", f"Rot {i} {H}", (RotationVersion(None, definition, NOW),), NOW
    )


def segment(i: int, *, gap: bool, soft: bool = False) -> Segment:
    return Segment(
        NOW + timedelta(hours=i), NOW + timedelta(hours=i + 1), person(i), None,
        (record(1),), gap=gap, soft=soft, suggestions=(person(7), person(8)),
    )  # fmt: skip


def import_view(status: ImportStatus) -> ImportView:
    planned = [
        PlannedRow(2, "avail_9", "mem_1", TYPE.id, NOW, NOW + timedelta(days=1), True, f"N {H}")
    ]
    verdict = ImportVerdict(
        (f"nobody{H}@example.com",),
        (RowError(3, f"col {H}", f"Could not read {H}."),),
        (f"extra {H}",),
    )
    done = status in (ImportStatus.COMMITTED, ImportStatus.CANCELLED)
    saved = ImportRecord(
        "imp_1", "T1", f"{H}.csv", "mem_admin", NOW, status, 1, 1, 0, verdict,
        committed_by="mem_admin" if done else None, committed_at=NOW if done else None,
        created=1 if status is ImportStatus.COMMITTED else 0,
    )  # fmt: skip
    return ImportView(saved, planned, {"mem_1": person(1)}, {TYPE.id: TYPE}, ADMIN)


def digest() -> Digest:
    away = Away(person(2), f"Type {H}", Kind.HARD, NOW, NOW + timedelta(days=2), True)
    gap = Gap(f"Rot {H}", "rot_1", NOW, NOW + timedelta(hours=4), person(3), f"Out {H}",
              (person(4),))  # fmt: skip
    now_on = RotationNow(f"Rot {H}", "UTC", person(5), NOW, person(6), record(1))
    empty = RotationNow(f"Empty {H}", "UTC", None, None, person(6), None)
    return Digest(
        "sub_1", NOW.date(), "Europe/Madrid", (now_on, empty), (gap,), {f"Type {H}": [away]},
        (away,), (away,), (away,),
    )  # fmt: skip


def subscription() -> Subscription:
    return Subscription("dig_1", "T1", "C1", time(9), "Europe/Madrid", Days.WEEKDAYS,
                        (f"{H}ops",), False, 7)  # fmt: skip


def feed(status: FeedStatus | None = FeedStatus.OK) -> Feed:
    """A feed whose name, address host, type, failure and unmatched names are all hostile."""
    return Feed(
        "feed_1", "T1", f"HR {H}", f"https://hr{H}.example/ics?key={H}", f"Type {H}",
        enabled=True, last_sync_at=NOW if status else None, last_status=status,
        last_why=f"Could not read {H}." if status is FeedStatus.FAILED else None,
        created=1, unmatched=(f"Pat {H}", f"Lee {H}"), last_good_at=NOW,
    )  # fmt: skip


def feed_preview() -> FeedPreview:
    made = record(1).record
    plan = SyncPlan(
        "feed:HR", NOW, None, created=[made], errors=[RowError(2, f"col {H}", f"Bad {H}.")]
    )
    return FeedPreview(feed(None), plan, FeedReading((), (f"Pat {H}",)))


def every_rendering() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every builder, hostile text in each of its typed inputs."""
    view = record(1)
    timed = record(2, all_day=False, source=f"sync:{H}")  # a source's name is typed too
    fed = record(3, source=f"feed:{H}")
    yield "added", build_record_added(view, VIEWER, TZ, NOW)
    yield "removed", build_record_removed(view, VIEWER, TZ, NOW)
    yield "removed synced", build_record_removed(fed, VIEWER, TZ, NOW)
    yield (
        "list",
        build_record_list(
            f"Title {H}", [view, timed, fed], 30, VIEWER, lambda v: TZ, NOW, f"availbot list {H}"
        ),
    )
    yield "help", build_help(unknown=H)
    yield "error", build_error(f"The type {H!r} is archived. `/unavailable types` {H}")
    yield "notice", build_notice(f"Renamed {H!r}.")
    yield (
        "subscribed",
        build_notice(f"This channel gets the digest {subscription_words(subscription())}."),
    )
    yield "types", build_types([TYPE] * 25, 25, admin=True)
    for status in ImportStatus:
        yield f"preview {status}", build_preview(import_view(status), lambda m: TZ, NOW)
    for status in (ImportStatus.COMMITTED, ImportStatus.CANCELLED):
        yield f"outcome {status}", build_import_outcome(import_view(status), lambda m: TZ, NOW)
    yield "upload failed", build_upload_failed(f"{H}.csv", H)
    yield "upload refused", build_upload_refused(H)
    page = HomePage(
        ADMIN, [view, timed, fed], 30, (OnCallShift(rotation(), NOW, NOW + timedelta(days=7)),),
        (import_view(ImportStatus.COMMITTED).record,), (subscription(),), {"mem_admin": ADMIN},
    )  # fmt: skip
    yield "home", build_home(page, VIEWER, lambda m: TZ, NOW, notice=esc(H))
    feeds = (feed(), feed(FeedStatus.FAILED))
    yield (
        "home feeds",
        build_home(replace(page, feeds=feeds, feed_count=9), VIEWER, lambda m: TZ, NOW),
    )
    yield (
        "feed preview",
        build_feed_preview(feed_preview(), {"mem_1": person(1)}, lambda m: TZ, NOW),
    )
    yield "feed enabled", build_feed_enabled(FeedSync(feed()))
    yield "feed failed", build_feed_enabled(FeedSync(feed(FeedStatus.FAILED)))
    yield "feed list", build_feed_list([feed(), feed(FeedStatus.FAILED), feed(None)], NOW)
    yield "modal", build_add_modal([TYPE], admin=True, user_id="U0", today=NOW.date(), metadata="")
    yield "added view", build_added_view(view, VIEWER, TZ, NOW)
    yield "edit modal", build_edit_modal(view, [TYPE], admin=True, tz=TZ, metadata=H)
    other = RecordView(replace(timed.record, name=f"Other {H}"), person(2), TYPE)
    yield "changed view", build_changed_view(view, other, VIEWER, lambda m: TZ, NOW)
    yield "unchanged view", build_changed_view(view, view, VIEWER, lambda m: TZ, NOW)
    yield "not changed", build_not_changed_view(f"No unavailability record {H!r}.")
    reports = [
        RotationCoverage(rotation(i), NOW, NOW + timedelta(days=14),
                         tuple(segment(j, gap=j % 2 == 0, soft=j == 1) for j in range(4)))
        for i in range(3)
    ]  # fmt: skip
    yield "overview", build_oncall_overview(reports, VIEWER, NOW, gaps_until=NOW + timedelta(7))
    yield "rotation", build_rotation(reports[0], VIEWER, NOW)
    override = Override("ovr_1", "T1", "rot_1", "mem_1", NOW, NOW + timedelta(hours=5), None, NOW)
    yield "covered", build_covered(OverrideView(override, rotation(), person(1)), NOW)
    span = Span(NOW, NOW + timedelta(days=2))
    on_call = [(rotation(), segment(0, gap=True))]
    yield "who", build_who(span, TZ, [view, timed], on_call, VIEWER, NOW)
    day = EffectiveDay(
        date(2026, 3, 3), Source.AVAILABILITY_PATTERN, "mem_1", False, ((NOW, NOW),),
        (Removed("avail_1", f"Type {H}", Kind.HARD, NOW, NOW),), (Duty(f"Rot {H}", NOW, NOW),),
    )  # fmt: skip
    yield "member days", build_member_days(person(1), span, TZ, [day], NOW)
    yield "digest", build_digest(digest())
    yield from alert_renderings()


def alert_renderings() -> Iterator[tuple[str, dict[str, Any]]]:
    """A coverage alert open and closed, and a hand-off: names, types, rotations typed."""
    sub = subscription()
    out = (Absence(person(1), f"Type {H}"), Absence(person(2), None))
    gap = OpenGap(sub, "rot_1", f"Rot {H}", NOW, NOW + timedelta(days=1), out, (person(3),))
    alert = Alert("alr_1", "T1", sub.id, "C1", "rot_1", f"Rot {H}", NOW, NOW + timedelta(days=1),
                  AlertStatus.OPEN, "open:x", NOW, NOW)  # fmt: skip
    yield "alert", build_gap_alert(AlertView(alert, gap, "Europe/Madrid", True))
    for why in Closure:
        closed = replace(alert, status=AlertStatus.CLOSING, closed_why=why)
        view = AlertView(closed, None, "Europe/Madrid", True, (person(4),))
        yield f"alert {why}", build_gap_alert(view)
    handoff = HandOff("dig_1", "C1", "Europe/Madrid", True, "rot_1", f"Rot {H}", NOW,
                      person(1), person(2), f"Type {H}")  # fmt: skip
    yield "handoff", build_handoff(handoff)


def rendered(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(kind, text) for every string Slack shows: `mrkdwn` or `plain_text`."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
            yield node["type"], node["text"]
        for name, value in node.items():
            if name == "text" and isinstance(value, str) and node.get("type") is None:
                yield "mrkdwn", value  # a message's `text`: the notification, rendered
            elif name == "alt_text" and isinstance(value, str):
                yield "plain_text", value
            else:
                yield from rendered(value, name)
    elif isinstance(node, list):
        for item in node:
            yield from rendered(item, key)


def raw_in(text: str) -> list[str]:
    """The hostile pieces that would act as markup in this mrkdwn string (formatting markers
    do nothing inside an inline code span, so spans are left out for those)."""
    outside = CODE_SPAN.sub("", text)
    found = [h for h in ("<!channel>", "<@U123>") if h in text]
    found += [h for h in ("*bold*", "_x_", "~s~", "`c`") if h in outside]
    if "&amp;" in text.replace("&amp;amp;", ""):  # `&amp;amp;` shows `&amp;`, as typed
        found.append("&amp;")
    return found


@pytest.mark.parametrize(("name", "built"), list(every_rendering()))
def test_typed_text_is_never_markup(name: str, built: dict[str, Any]) -> None:
    shown = list(rendered(built))
    assert shown, name
    for kind, text in shown:
        if kind == "mrkdwn":  # plain_text is shown literally: no mentions, no formatting
            assert not raw_in(text), (name, text)


def test_the_escaped_words_are_still_there() -> None:
    """Escaping keeps what people typed readable: `&lt;` shows `<`, the joiners are invisible."""
    message = build_record_added(record(1), VIEWER, TZ, NOW)
    assert esc("Note " + H) in message["text"]
    assert esc("Note " + H) in message["blocks"][0]["text"]["text"]
    visible = esc(H).replace("\u200d", "")
    assert visible == H.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_a_hostile_source_name_is_shown_escaped() -> None:
    """`from NAME` beside a synced record: the name readable, never markup."""
    listed = build_record_list(
        "T", [record(2, source=f"sync:{H}")], 1, VIEWER, lambda v: TZ, NOW, "x"
    )
    assert f"({esc('from ' + H)})" in listed["blocks"][1]["text"]["text"]
    removed = build_record_removed(record(3, source=f"feed:{H}"), VIEWER, TZ, NOW)
    assert f"({esc('from feed ' + H)})" in removed["text"]


def test_mentions_availbot_makes_still_work() -> None:
    """The member who saved an import is mentioned (`<@U0>`), whatever the file is called."""
    outcome = build_import_outcome(import_view(ImportStatus.COMMITTED), lambda m: TZ, NOW)
    assert "<@U0>" in outcome["blocks"][0]["text"]["text"]
    assert "<!date^" in outcome["blocks"][0]["text"]["text"]
