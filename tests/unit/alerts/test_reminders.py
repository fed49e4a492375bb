"""Shift reminders: at the member's time on the last working day before the shift, in their
zone, across daylight-saving changes; due for six hours, never in the quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from core.alerts.model import ReminderSetting
from core.alerts.reminders import Reminder, due_reminders, read_settings, reminder_instant
from core.errors import QuietReminderTime, UnreadableReminderSettings
from core.people.model import Member
from core.rotations.stints import Stint
from core.time.spans import zone
from tests.unit.alerts.people import member, rotation, stint

BERLIN, MADRID, NEW_YORK = zone("Europe/Berlin"), zone("Europe/Madrid"), zone("America/New_York")
FOUR_PM = time(16, 0)


def never_off(day: object) -> None:
    return None


def due(
    who: Member, shift: Stint, now: datetime, setting: ReminderSetting | None = None
) -> list[Reminder]:
    settings = {who.id: setting} if setting else {}
    zones = {who.id: zone(who.tz or "UTC")}
    return due_reminders([who], [shift], settings, (), zone_of=zones, now=now)


class TestWhenAShiftIsAnnounced:
    def test_a_monday_shift_is_announced_on_friday_at_16_the_members_time(self) -> None:
        start = datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN)
        assert reminder_instant(start, MADRID, FOUR_PM, never_off) == datetime(
            2026, 3, 6, 16, 0, tzinfo=MADRID
        )

    def test_a_member_in_new_york_on_a_berlin_rotation_hears_at_16_new_york_time(self) -> None:
        """Mon 9 Mar 09:00 CET is 04:00 in New York, the day after its clocks went forward."""
        start = datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN)
        instant = reminder_instant(start, NEW_YORK, FOUR_PM, never_off)
        assert instant == datetime(2026, 3, 6, 21, 0, tzinfo=UTC)  # 16:00 EST

    def test_a_berlin_monday_02_00_is_sunday_evening_in_new_york_so_friday_still(self) -> None:
        start = datetime(2026, 3, 16, 2, 0, tzinfo=BERLIN)  # Sun 15 Mar 21:00 EDT
        instant = reminder_instant(start, NEW_YORK, FOUR_PM, never_off)
        assert instant == datetime(2026, 3, 13, 20, 0, tzinfo=UTC)  # Fri 16:00 EDT

    def test_a_monday_after_the_last_sunday_of_march_in_madrid(self) -> None:
        """Summer time starts on Sun 29 Mar 2026: the shift is CEST, the Friday still CET."""
        start = datetime(2026, 3, 30, 9, 0, tzinfo=MADRID)
        instant = reminder_instant(start, MADRID, FOUR_PM, never_off)
        assert instant == datetime(2026, 3, 27, 15, 0, tzinfo=UTC)
        assert start.utcoffset() == timedelta(hours=2)

    def test_a_monday_after_the_last_sunday_of_october_in_madrid(self) -> None:
        start = datetime(2026, 10, 26, 9, 0, tzinfo=MADRID)
        instant = reminder_instant(start, MADRID, FOUR_PM, never_off)
        assert instant == datetime(2026, 10, 23, 14, 0, tzinfo=UTC)  # Fri 16:00 CEST


class TestDue:
    ANA = member("Ana", "Europe/Madrid")
    SHIFT = stint(
        ANA, datetime(2026, 3, 9, 8, 0, tzinfo=UTC), datetime(2026, 3, 16, 8, 0, tzinfo=UTC)
    )
    AT = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)  # Fri 16:00 in Madrid

    def test_due_from_its_instant_for_six_hours(self) -> None:
        assert due(self.ANA, self.SHIFT, self.AT - timedelta(minutes=1)) == []
        [found] = due(self.ANA, self.SHIFT, self.AT)
        assert found.due == self.AT
        assert due(self.ANA, self.SHIFT, self.AT + timedelta(hours=5, minutes=59))
        assert due(self.ANA, self.SHIFT, self.AT + timedelta(hours=6)) == []

    def test_never_in_the_quiet_hours(self) -> None:
        late = datetime(2026, 3, 6, 21, 30, tzinfo=UTC)  # 22:30 in Madrid, within the 6 hours
        setting = ReminderSetting(self.ANA.id, time(17, 0))
        assert due(self.ANA, self.SHIFT, late - timedelta(hours=1), setting)
        assert due(self.ANA, self.SHIFT, late, setting) == []

    def test_a_members_own_time_counts_and_off_means_none(self) -> None:
        later = ReminderSetting(self.ANA.id, time(18, 30))
        assert due(self.ANA, self.SHIFT, self.AT, later) == []
        assert due(self.ANA, self.SHIFT, self.AT + timedelta(hours=2, minutes=30), later)
        off = ReminderSetting(self.ANA.id, FOUR_PM, enabled=False)
        assert due(self.ANA, self.SHIFT, self.AT, off) == []

    def test_nobody_slack_cannot_reach_is_reminded(self) -> None:
        for who in (
            member("Ana", "Europe/Madrid", slack=False),
            member("Ana", "UTC", active=False),
        ):
            assert due(who, self.SHIFT, self.AT) == []

    def test_one_key_per_member_rotation_and_local_day(self) -> None:
        [first] = due(self.ANA, self.SHIFT, self.AT)
        later_that_day = Stint(
            rotation(), self.SHIFT.start + timedelta(hours=3), self.SHIFT.end, self.ANA.id
        )
        [second] = due(self.ANA, later_that_day, self.AT)
        assert first.key == second.key == "reminder:mem_ana:rot_primary:2026-03-09"


class TestSettingsWords:
    CURRENT = ReminderSetting("mem_ana", time(16, 0))

    @pytest.mark.parametrize(
        ("text", "at", "enabled"),
        [
            ("reminders at 17:30", time(17, 30), True),
            ("at 9:05", time(9, 5), True),
            ("reminders 21:59", time(21, 59), True),
            ("reminders off", time(16, 0), False),
            ("ON", time(16, 0), True),
        ],
    )
    def test_reads(self, text: str, at: time, enabled: bool) -> None:
        assert read_settings(text, self.CURRENT) == ReminderSetting("mem_ana", at, enabled)

    @pytest.mark.parametrize("text", ["reminders at 22:00", "at 07:59", "0:00"])
    def test_quiet_hours_are_refused(self, text: str) -> None:
        with pytest.raises(QuietReminderTime):
            read_settings(text, self.CURRENT)

    @pytest.mark.parametrize("text", ["reminders", "sometimes", "at 17:30 please"])
    def test_other_words_are_refused(self, text: str) -> None:
        with pytest.raises(UnreadableReminderSettings):
            read_settings(text, self.CURRENT)
