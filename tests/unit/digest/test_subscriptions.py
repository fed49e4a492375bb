"""Reading `/unavailable digest at …` settings."""

from __future__ import annotations

from datetime import time

import pytest

from core.digest.due import Days, parse_clock
from core.digest.subscriptions import read_subscription
from core.errors import InvalidInput, UnknownTimeZone


class TestReadSubscription:
    def test_every_setting(self) -> None:
        words = read_subscription(
            "at 09:30 Europe/Madrid weekdays rotations=Primary,secondary everyone lookahead=14"
        )
        assert words.at == "09:30"
        assert words.zone == "Europe/Madrid"
        assert words.days is Days.WEEKDAYS
        assert words.rotations == ("primary", "secondary")
        assert words.everyone
        assert words.lookahead == 14

    def test_defaults(self) -> None:
        words = read_subscription("at 9:00")
        assert (words.zone, words.days, words.rotations, words.everyone, words.lookahead) == (
            None,
            Days.EVERY_DAY,
            (),
            False,
            7,
        )
        assert parse_clock(words.at) == time(9)

    def test_handoffs_and_mentions_are_switched_on_and_off(self) -> None:
        assert (read_subscription("at 9:00").handoffs, read_subscription("at 9:00").mentions) == (
            False,
            True,
        )
        words = read_subscription("at 9:00 handoffs=on MENTIONS=off")
        assert (words.handoffs, words.mentions) == (True, False)
        words = read_subscription("at 9:00 handoffs=yes handoffs=no mentions=yes")
        assert (words.handoffs, words.mentions) == (False, True)

    @pytest.mark.parametrize(
        "text", ["at 9:00 handoffs=maybe", "at 9:00 mentions=", "at 9:00 alerts=on"]
    )
    def test_other_switch_values_are_refused_with_the_example(self, text: str) -> None:
        with pytest.raises(InvalidInput, match="handoffs=on"):
            read_subscription(text)

    @pytest.mark.parametrize("name", ["PST8PDT", "US/Pacific", "EST", "UTC", "Etc/GMT-2"])
    def test_takes_any_zone_a_member_may_have(self, name: str) -> None:
        assert read_subscription(f"at 09:00 {name} weekdays").zone == name

    @pytest.mark.parametrize(
        ("text", "error"),
        [
            ("09:00", InvalidInput),
            ("at noon", InvalidInput),
            ("at 09:00 Mars/Base", UnknownTimeZone),
            ("at 09:00 posix/Europe/Madrid", UnknownTimeZone),
            ("at 09:00 localtime", InvalidInput),
            ("at 09:00 posixrules", InvalidInput),
            ("at 09:00 lookahead=99", InvalidInput),
            ("at 09:00 lookahead=x", InvalidInput),
            ("at 09:00 sometimes", InvalidInput),
        ],
    )
    def test_refusals_say_what_and_show_an_example(self, text: str, error: type) -> None:
        with pytest.raises(error):
            read_subscription(text)
