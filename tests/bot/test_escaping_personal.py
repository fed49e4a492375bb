"""Typed text never becomes markup in the covering and reminder messages either (the rule and
the hostile text of test_escaping.py), while the mentions availbot means still notify."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any

import pytest

from bot.blocks.cover import (
    build_gap_confirmation,
    build_request,
    build_request_posted,
    build_requester_dm,
    build_take_confirmation,
    build_thanks,
)
from bot.blocks.modal import build_added_view
from bot.blocks.oncall import build_rotation
from bot.blocks.records import build_record_added
from bot.blocks.reminders import build_clash_dm, build_moved, build_reminder, build_settings
from bot.ids import UNDO_COVER_ACTION
from core.alerts.clashes import Clash, ClashNotice
from core.alerts.cover_requests import RequestView
from core.alerts.model import CoverRequest, ReminderSetting, RequestStatus, WatchedShift
from core.alerts.reminders import ShiftBrief
from core.alerts.shift_watch import Move
from core.rotations.coverage import RotationCoverage
from core.rotations.model import Override
from core.rotations.overrides import OverrideView
from core.rotations.stints import Stint
from core.time.spans import Span
from tests.bot.test_escaping import (
    NOW,
    TZ,
    VIEWER,
    H,
    person,
    raw_in,
    record,
    rendered,
    rotation,
    segment,
)

LATER = NOW + timedelta(days=3)


def clashes() -> list[Clash]:
    return [Clash(rotation(), "mem_1", NOW, LATER)]


def request_view(status: RequestStatus) -> RequestView:
    asked = CoverRequest(
        "cov_1", "T1", "rot_1", "mem_1", NOW, LATER, "C1", status, "mem_1", NOW, "1.0",
        covered_by="mem_2" if status is RequestStatus.FILLED else None,
    )  # fmt: skip
    covered = person(2) if status is RequestStatus.FILLED else None
    return RequestView(asked, rotation(), person(1), "Europe/Madrid", (person(3),), covered)


def brief() -> ShiftBrief:
    stint = Stint(rotation(), NOW, LATER, "mem_1")
    return ShiftBrief(
        person(1), stint, (record(1),), ((date(2026, 3, 3), f"Calendar {H}"),), tuple(clashes())
    )


def every_rendering() -> Iterator[tuple[str, dict[str, Any]]]:
    yield "added with clash", build_record_added(record(1), VIEWER, TZ, NOW, clashes())
    yield "added view with clash", build_added_view(record(1), VIEWER, TZ, NOW, clashes())
    yield "clash dm", build_clash_dm(ClashNotice(record(1), tuple(clashes())), TZ, NOW)
    for status in RequestStatus:
        yield f"request {status}", build_request(request_view(status))
    yield "request posted", build_request_posted(request_view(RequestStatus.OPEN))
    yield "take?", build_take_confirmation(request_view(RequestStatus.OPEN), TZ)
    yield "gap?", build_gap_confirmation(f"Rot {H}", Span(NOW, LATER), TZ, "v")
    yield "thanks", build_thanks(f"Rot {H}", Span(NOW, LATER), TZ, UNDO_COVER_ACTION, "v")
    yield "covered dm", build_requester_dm(request_view(RequestStatus.FILLED))
    yield "undone dm", build_requester_dm(request_view(RequestStatus.OPEN), undone=True)
    yield (
        "settings",
        build_settings(ReminderSetting("mem_1", time(17, 0)), f"Zone {H}", changed=True),
    )
    yield "reminder", build_reminder(brief(), TZ)
    before = WatchedShift("mem_1", "rot_1", NOW, LATER, LATER)
    move = Move(person(1), before, brief().stint, before)
    yield "moved", build_moved(move, brief(), TZ, f"Rot {H} Mon 2 Mar")
    yield "moved away", build_moved(replace(move, after=None), None, TZ, f"Rot {H} Mon 2 Mar")
    report = RotationCoverage(rotation(), NOW, LATER, (segment(0, gap=True),))
    held = Override("ovr_1", "T1", "rot_1", "mem_1", NOW, LATER, None, NOW)
    yield (
        "rotation",
        build_rotation(report, VIEWER, NOW, [OverrideView(held, rotation(), person(1))]),
    )


@pytest.mark.parametrize(("name", "built"), list(every_rendering()))
def test_typed_text_is_never_markup(name: str, built: dict[str, Any]) -> None:
    shown = list(rendered(built))
    assert shown, name
    for kind, text in shown:
        if kind == "mrkdwn":
            assert not raw_in(text), (name, text)


def test_people_slack_knows_are_mentioned_so_slack_notifies_them() -> None:
    view = request_view(RequestStatus.OPEN)
    known = replace(view, member=replace(person(1), slack_user_id="UBOB"))
    known = replace(known, suggestions=(replace(person(3), slack_user_id="UANN"),))
    message = build_request(known)
    assert "<@UBOB> asks for cover" in message["text"]
    assert "Could cover: <@UANN>" in message["text"]
