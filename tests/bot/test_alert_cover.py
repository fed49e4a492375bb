"""I'll cover on a coverage alert takes the whole gap the alert shows, however many records
make it up (docs/alerts.md#coverage-alerts)."""

from __future__ import annotations

from bot.ids import CONFIRM_COVER_ACTION, COVER_ACTION
from bot.jobs.alerts_tick import alerts_tick
from bot.main import Runtime
from storage.repositories import SqlStore
from tests.bot.conftest import BOB, CAROL, SignedClient, click_in_channel_message, text_of
from tests.bot.cover_team import buttons
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_alerts import alerts, button_of, channel  # noqa: F401


def test_ill_cover_takes_every_segment_of_the_gap_the_alert_joined(
    channel: SignedClient,  # noqa: F811
    standin: SlackStandIn,
    runtime: Runtime,
    store: SqlStore,
) -> None:
    channel.ask("add wed", user=BOB)
    channel.ask("add thu type sick", user=BOB)  # a second record: one hole, two segments
    assert alerts_tick(runtime.services, "a") == {"posted": 1}
    [alert] = alerts(standin)
    assert "from Wed 4 Mar 00:00 to Fri 6 Mar 00:00" in text_of(alert)
    button = button_of(alert)
    assert button is not None
    question = click_in_channel_message(
        channel, COVER_ACTION, button["value"], channel="C1", ts=alert["ts"], user=CAROL
    )
    assert "Tue 3 Mar 18:00 – Thu 5 Mar 18:00" in text_of(question)  # Carol is in New York
    reply = channel.click(CONFIRM_COVER_ACTION, buttons(question)[CONFIRM_COVER_ACTION], user=CAROL)
    assert "Tue 3 Mar 18:00 – Thu 5 Mar 18:00" in text_of(reply)
    [override] = store.overrides.in_window(TEAM_ID, None, None)
    assert (override.start.isoformat(), override.end.isoformat()) == (
        "2026-03-03T23:00:00+00:00",
        "2026-03-05T23:00:00+00:00",
    )
    standin.wait_for_call("chat.update")
    [alert] = alerts(standin)
    assert "Covered by <@UCAROL>." in text_of(alert) and button_of(alert) is None
