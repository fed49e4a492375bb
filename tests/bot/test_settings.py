"""`/unavailable settings` through the real path: each person's shift reminders."""

from __future__ import annotations

from datetime import time

import pytest

from storage.repositories import SqlStore
from tests.bot.conftest import BOB, SignedClient, text_of
from tests.bot.slack_standin import TEAM_ID


def bob_setting(store: SqlStore) -> tuple[time, bool] | None:
    bob = store.members.by_slack_id(TEAM_ID, BOB)
    assert bob is not None
    found = store.reminders.settings(TEAM_ID).get(bob.id)
    return None if found is None else (found.at, found.enabled)


class TestReminderSettings:
    def test_alone_it_shows_the_defaults_in_my_zone(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        shown = text_of(slack.ask("settings"))
        assert "Shift reminders: *on*, at 16:00 your time (Europe/Madrid)" in shown
        assert "No DM from 22:00 to 08:00 your time" in shown
        assert bob_setting(store) is None  # nothing stored until changed

    def test_a_new_time_is_saved_and_said(self, slack: SignedClient, store: SqlStore) -> None:
        shown = text_of(slack.ask("settings reminders at 17:30"))
        assert "Saved. Shift reminders: *on*, at 17:30" in shown
        assert bob_setting(store) == (time(17, 30), True)

    def test_off_and_on_keep_the_time(self, slack: SignedClient, store: SqlStore) -> None:
        slack.ask("settings reminders at 9:15")
        assert "*off*" in text_of(slack.ask("settings reminders off"))
        assert bob_setting(store) == (time(9, 15), False)
        slack.ask("settings on")
        assert bob_setting(store) == (time(9, 15), True)

    @pytest.mark.parametrize(
        ("text", "said"),
        [
            ("settings reminders at 23:00", "quiet hours"),
            ("settings reminders at 07:59", "quiet hours"),
            ("settings reminders at 25:00", "not a time of day"),
            ("settings reminders sometimes", "I don't understand 'sometimes'"),
        ],
    )
    def test_refusals_change_nothing(
        self, slack: SignedClient, store: SqlStore, text: str, said: str
    ) -> None:
        shown = text_of(slack.ask(text))
        assert said in shown
        assert bob_setting(store) is None
