"""Opsgenie and PagerDuty schedule exports read into availbot rotations (docs/schedules.md)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.rotations.model import RotationVersion
from core.rotations.shifts import shift_at, shifts
from core.schedules.imports.model import ImportedRotation, ScheduleExport
from core.schedules.imports.preview import entry, merged, preview, read_export
from core.schedules.imports.shape import rotation, shift_length
from core.schedules.sections import Table
from core.time.spans import zone

EXPORTS = Path(__file__).parent / "exports"
MEMBERS = {"alice@example.com", "bob@example.com", "carol@example.com"}


def read(tool: str, name: str) -> ScheduleExport:
    return read_export(tool, (EXPORTS / name).read_text())


def on_call(found: ImportedRotation, start: datetime, end: datetime) -> list[tuple[str, str]]:
    """Who availbot puts on call, each shift's start in the rotation's zone."""
    version = RotationVersion(None, found.definition(found.emails), start)
    return [
        (f"{s.start.astimezone(found.anchor.tzinfo):%a %d %b %H:%M %Z}", s.member_id)
        for s in shifts((version,), start, end)
    ]


def reasons(export: ScheduleExport) -> dict[str, tuple[str, ...]]:
    return {s.source: s.reasons for s in export.skipped}


class TestOpsgenie:
    def test_the_documented_example_names_everything_that_does_not_map(self) -> None:
        export = read("opsgenie", "opsgenie_docs.json")
        assert export.rotations == ()
        first, second = reasons(export).values()
        assert any("time-of-day" in r for r in first)
        assert any("ends on 2017-02-23T06:00:00Z" in r for r in first)
        assert any("team ops_team" in r for r in first)
        assert any("escalation ops_escalation" in r for r in first)
        assert any("only on some days" in r for r in second)
        assert any("nobody (type none)" in r for r in second)

    def test_a_weekly_hand_off_stays_at_local_time_across_daylight_saving(self) -> None:
        weekly = read("opsgenie", "opsgenie_berlin.json").rotations[0]
        assert (weekly.name, weekly.timezone, str(weekly.shift)) == (
            "Platform / Weekly",
            "Europe/Berlin",
            "1w",
        )
        assert (str(weekly.handoff), weekly.start.isoformat()) == ("mon 09:00", "2026-03-02")
        assert weekly.emails == ("alice@example.com", "bob@example.com", "carol@example.com")
        seen = on_call(
            weekly, datetime(2026, 3, 16, 12, tzinfo=UTC), datetime(2026, 4, 7, tzinfo=UTC)
        )
        assert seen[1:] == [
            ("Mon 23 Mar 09:00 CET", "alice@example.com"),
            ("Mon 30 Mar 09:00 CEST", "bob@example.com"),
            ("Mon 06 Apr 09:00 CEST", "carol@example.com"),
        ]

    def test_hour_shifts_keep_who_is_due_at_the_exports_hand_off(self) -> None:
        halves = read("opsgenie", "opsgenie_berlin.json").rotations[1]
        assert (str(halves.shift), str(halves.handoff)) == ("12h", "20:00")
        seen = on_call(
            halves, datetime(2026, 3, 2, 19, tzinfo=UTC), datetime(2026, 3, 30, tzinfo=UTC)
        )
        assert seen[:2] == [
            ("Mon 02 Mar 20:00 CET", "bob@example.com"),
            ("Tue 03 Mar 08:00 CET", "carol@example.com"),
        ]
        assert ("Sun 29 Mar 20:00 CEST", "bob@example.com") in seen

    def test_restrictions_and_unknown_emails_are_skipped_not_guessed(self) -> None:
        export = read("opsgenie", "opsgenie_berlin.json")
        found = preview(export, MEMBERS, [])
        assert [r.name for r in found.rotations] == ["Platform / Weekly", "Platform / Half days"]
        why = {s.source: s.reasons for s in found.skipped}
        assert "only on some days" in why["rotation 'Office hours'"][0]
        assert why["rotation 'Backup'"] == ("no member with email dave@example.com",)

    @pytest.mark.parametrize(
        ("text", "says"),
        [("{", "not JSON (line 1"), ('{"data": {}}', "expand=rotation"), ("[]", "not an Opsgenie")],
    )
    def test_what_is_no_export_is_refused(self, text: str, says: str) -> None:
        with pytest.raises(ValueError, match=re.escape(says)):
            read_export("opsgenie", text)

    def test_a_length_availbot_cannot_express_is_named(self) -> None:
        text = (EXPORTS / "opsgenie_berlin.json").read_text().replace('"length": 12', '"length": 0')
        why = reasons(read_export("opsgenie", text))["rotation 'Half days'"]
        assert "is not a number of hours, days or weeks" in why[0]

    def test_two_rotations_of_one_name_are_refused_not_merged(self) -> None:
        text = (EXPORTS / "opsgenie_berlin.json").read_text().replace("Half days", "Weekly")
        found = preview(read_export("opsgenie", text), MEMBERS, [])
        assert [r.name for r in found.rotations] == ["Platform / Weekly"]
        assert ("another rotation of this export is also named 'Platform / Weekly'",) in [
            s.reasons for s in found.skipped
        ]

    def test_a_disabled_schedule_is_read_with_a_note(self) -> None:
        text = (
            (EXPORTS / "opsgenie_berlin.json")
            .read_text()
            .replace('"enabled": true', '"enabled": false')
        )
        assert "is disabled in Opsgenie" in read_export("opsgenie", text).notes[0]


class TestPagerDuty:
    def test_the_documented_example_names_the_restriction_and_the_missing_email(self) -> None:
        export = read("pagerduty", "pagerduty_docs.json")
        assert export.rotations == ()
        (layer,) = reasons(export).values()
        assert "restrictions: daily_restriction" in layer[0]
        assert "PXPGF42 (Earline Greenholt) has no email in the export" in layer[1]

    def test_the_first_layer_with_emails_from_the_users_list_crosses_us_daylight_saving(
        self,
    ) -> None:
        export = read("pagerduty", "pagerduty_newyork.json")
        (layer,) = export.rotations
        assert (layer.name, layer.timezone, str(layer.shift), str(layer.handoff)) == (
            "Payments Primary",
            "America/New_York",
            "1w",
            "mon 09:00",
        )
        seen = on_call(
            layer, datetime(2026, 3, 2, 14, tzinfo=UTC), datetime(2026, 3, 17, tzinfo=UTC)
        )
        assert seen == [
            ("Mon 02 Mar 09:00 EST", "bob@example.com"),
            ("Mon 09 Mar 09:00 EDT", "carol@example.com"),
            ("Mon 16 Mar 09:00 EDT", "alice@example.com"),
        ]
        assert reasons(export) == {"layer 'Layer 1'": ("availbot imports the first layer only",)}

    def test_an_uneven_turn_length_is_named(self) -> None:
        text = (EXPORTS / "pagerduty_newyork.json").read_text().replace("604800", "5400")
        why = reasons(read_export("pagerduty", text))["layer 'Layer 2'"]
        assert why == ("its turn length (5400 seconds) is not whole hours, days or weeks",)


class TestMerge:
    def test_the_workspaces_other_rotations_stay_and_a_same_name_is_replaced(self) -> None:
        weekly = read("opsgenie", "opsgenie_berlin.json").rotations[0]
        current: Table = {
            "timezone": "Europe/Madrid",
            "day_type": [{"name": "Off", "intervals": []}],
            "rotation": [{"name": "secondary"}, {"name": "PLATFORM / weekly"}],
        }
        found = preview(
            read("opsgenie", "opsgenie_berlin.json"), MEMBERS, [{"name": "PLATFORM / weekly"}]
        )
        assert found.status == {"Platform / Weekly": "replaces", "Platform / Half days": "new"}
        same = preview(read("opsgenie", "opsgenie_berlin.json"), MEMBERS, [entry(weekly)])
        assert same.status["Platform / Weekly"] == "unchanged"
        result = merged(current, (weekly,))
        assert result["timezone"] == "Europe/Madrid"
        assert result["day_type"] == current["day_type"]
        assert result["rotation"] == [{"name": "secondary"}, entry(weekly)]


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]


def _steady_day(local: datetime) -> bool:
    """No clock change from the anchor's midnight to a day after it (squeezed shifts and
    repeated hours are docs/time.md's business, not the import's)."""
    midnight = local.replace(hour=0, minute=0)
    offsets = {(midnight + timedelta(hours=h)).utcoffset() for h in range(0, 49)}
    return len(offsets) == 1


class TestWhoHasTheExportsHandOff:
    @settings(max_examples=80, deadline=None)
    @given(
        tz=st.sampled_from(ZONES),
        minutes=st.integers(0, 365 * 24 * 60 - 1),
        seconds=st.sampled_from([3600, 3 * 3600, 5 * 3600, 8 * 3600, 86400, 2 * 86400, 604800]),
        size=st.integers(1, 5),
    )
    def test_the_exports_first_person_has_the_shift_at_its_hand_off(
        self, tz: str, minutes: int, seconds: int, size: int
    ) -> None:
        anchor = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
        assume(_steady_day(anchor.astimezone(zone(tz))))
        people = tuple(f"p{i}@example.com" for i in range(size))
        shift = shift_length(seconds)
        assert shift is not None
        found = rotation("r", "rotation 'r'", tz, anchor, shift, people)
        assert isinstance(found, ImportedRotation)
        version = RotationVersion(None, found.definition(found.emails), anchor)
        running = shift_at((version,), anchor)
        assert running is not None
        assert (running.start, running.member_id) == (anchor, people[0])
        following = shift_at((version,), running.end)
        assert following is not None
        assert following.member_id == people[1 % size]
