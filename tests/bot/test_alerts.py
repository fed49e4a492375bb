"""Coverage alerts and hand-offs in Slack, through the real paths (docs/alerts.md): records
from Slack, the command line and CSV imports; the stand-in as Slack, failing as Slack does."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.ids import CONFIRM_COVER_ACTION, COVER_ACTION, UNDO_COVER_ACTION
from bot.jobs.alerts_tick import alerts_tick, handoffs_tick
from bot.jobs.digest_tick import digest_tick
from bot.main import Runtime
from bot.services import Services
from core.people.model import OPERATOR
from core.schedules.file import apply_schedules
from storage.repositories import SqlStore
from tests.bot.conftest import (
    ANN,
    BOB,
    CAROL,
    NOW,
    SignedClient,
    click_in_channel_message,
    text_of,
)
from tests.bot.cover_team import buttons
from tests.bot.slack_standin import TEAM_ID, Failure, SlackStandIn
from tests.cli.conftest import Availbot

SCHEDULE = """
timezone = "Europe/Madrid"
[[rotation]]
name = "primary"
shift = "1w"
handoff = "mon 09:00"
start = "2026-02-23"
members = ["ann@example.com", "bob@example.com", "carol@example.com"]
"""
MINUTE = timedelta(minutes=1)


@pytest.fixture
def channel(runtime: Runtime, slack: SignedClient, store: SqlStore) -> SignedClient:
    """Bob holds primary this week (from Mon 2 Mar 09:00 Madrid); C1 gets the digest."""
    apply_schedules(
        store, OPERATOR, workspace_id=TEAM_ID, text=SCHEDULE, fallback_zone="UTC", now=NOW
    )
    slack.ask("digest at 09:00 Europe/Madrid", user=ANN)
    return slack


@pytest.fixture
def cli(tmp_path: Path) -> Availbot:
    """The command line on the app's database (the same SQLite file)."""
    availbot = Availbot(tmp_path)
    availbot.env["AVAILBOT_TIMEZONE"] = "Europe/Madrid"
    return availbot


def at(services: Services, moment: datetime) -> Services:
    return replace(services, clock=lambda: moment)


def alerts(standin: SlackStandIn) -> list[dict[str, Any]]:
    """The alert messages posted, as they read now (edits applied)."""
    posted = [
        m
        for m in standin.messages
        if (m.get("metadata") or {}).get("event_type") == "availbot_alert"
    ]
    edits = [c.params for c in standin.calls_to("chat.update")]
    return [next((e for e in reversed(edits) if e["ts"] == m["ts"]), m) for m in posted]


def button_of(message: dict[str, Any]) -> dict[str, Any] | None:
    blocks = message.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    found = [b["accessory"] for b in blocks if "accessory" in b]
    return found[0] if found else None


class TestFromEverySource:
    def test_time_off_from_the_command_line_alerts_once_then_edits_then_closes(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime, cli: Availbot
    ) -> None:
        added = cli.ok("--workspace", TEAM_ID, "--json", "add", "bob@example.com", "2026-03-04")
        assert alerts_tick(runtime.services, "a") == {"posted": 1}
        assert alerts_tick(runtime.services, "b") == {}
        [alert] = alerts(standin)
        words = text_of(alert)
        assert "*primary* has no cover from Wed 4 Mar 00:00 to Thu 5 Mar 00:00" in words
        assert "<@UBOB> is out (Time off)" in words and "<@UANN>" in words
        assert button_of(alert) is not None and alert["channel"] == "C1"

        record = added.json["id"]
        cli.ok("--workspace", TEAM_ID, "update", record, "--end", "2026-03-05")
        assert alerts_tick(runtime.services, "a") == {"updated": 1}
        [alert] = alerts(standin)
        assert "to Fri 6 Mar 00:00" in text_of(alert)

        cli.ok("--workspace", TEAM_ID, "remove", record)
        assert alerts_tick(runtime.services, "a") == {"closed": 1}
        [alert] = alerts(standin)
        assert "No longer a gap" in text_of(alert) and button_of(alert) is None
        assert len(standin.calls_to("chat.postMessage")) == 2  # the confirmation, one alert

    def test_time_off_added_in_slack_alerts_the_channel(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        channel.ask("add wed for 2 days", user=BOB)
        assert alerts_tick(runtime.services, "a") == {"posted": 1}
        assert "<@UBOB> is out (Time off)" in text_of(alerts(standin)[0])

    def test_a_csv_import_alerts_the_channel(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime, cli: Availbot
    ) -> None:
        csv = cli.cwd / "leave.csv"
        csv.write_text("email,start,end,type\nbob@example.com,2026-03-05,2026-03-06,Training\n")
        cli.ok("--workspace", TEAM_ID, "import", str(csv), "--commit")
        assert alerts_tick(runtime.services, "a") == {"posted": 1}
        assert "<@UBOB> is out (Training)" in text_of(alerts(standin)[0])

    def test_an_override_from_oncall_cover_closes_it_as_covered(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        channel.ask("add wed", user=BOB)
        alerts_tick(runtime.services, "a")
        channel.ask("cover primary wed", user=CAROL, command="/oncall")
        assert alerts_tick(runtime.services, "a") == {"closed": 1}
        [alert] = alerts(standin)
        assert "Covered by <@UCAROL>." in text_of(alert) and button_of(alert) is None


class TestIllCover:
    def test_the_alerts_button_covers_the_gap_and_the_alert_says_who_at_once(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime, store: SqlStore
    ) -> None:
        channel.ask("add wed", user=BOB)
        alerts_tick(runtime.services, "a")
        [alert] = alerts(standin)
        button = button_of(alert)
        assert button is not None and button["action_id"] == COVER_ACTION
        question = click_in_channel_message(
            channel, COVER_ACTION, button["value"], channel="C1", ts=alert["ts"], user=CAROL
        )
        assert "Cover the *primary* gap" in text_of(question)  # it asks first
        assert standin.calls_to("chat.update") == []
        reply = channel.click(
            CONFIRM_COVER_ACTION, buttons(question)[CONFIRM_COVER_ACTION], user=CAROL
        )
        assert "Thanks! You are on call for *primary*" in text_of(reply)
        standin.wait_for_call("chat.update")
        [alert] = alerts(standin)
        assert "Covered by <@UCAROL>." in text_of(alert) and button_of(alert) is None
        assert "digest" not in text_of(alert).lower()  # the alert, not a digest, redrawn
        undone = channel.click(UNDO_COVER_ACTION, buttons(reply)[UNDO_COVER_ACTION], user=CAROL)
        assert "Undone: you no longer cover primary" in text_of(undone)
        assert store.overrides.in_window(TEAM_ID, None, None) == []
        assert button_of(alerts(standin)[-1]) is not None  # the gap is told again, with its button


class TestSlackTrouble:
    def test_429s_for_a_while_then_one_alert(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        channel.ask("add wed", user=BOB)
        limited = Failure(status=429, retry_after=1)
        standin.fail_next("chat.postMessage", *[limited] * 4)  # the client retries 3 times
        assert alerts_tick(runtime.services, "a") == {"failed": 1}
        assert alerts_tick(at(runtime.services, NOW + MINUTE), "a") == {"posted": 1}
        assert len(alerts(standin)) == 1

    def test_500s_for_a_while_then_one_alert_however_many_instances_tick(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        channel.ask("add wed", user=BOB)
        standin.fail_next("chat.postMessage", Failure(status=500), Failure(status=500))
        assert alerts_tick(runtime.services, "a") == {"failed": 1}
        assert alerts_tick(runtime.services, "b") == {"held": 1}  # not yet: Slack may have it
        assert alerts_tick(at(runtime.services, NOW + MINUTE), "b") == {"failed": 1}
        assert alerts_tick(at(runtime.services, NOW + 2 * MINUTE), "a") == {"posted": 1}
        assert len(alerts(standin)) == 1
        assert len(standin.calls_to("conversations.history")) == 2  # looked before each retry

    def test_a_post_slack_took_whose_answer_was_lost_is_not_posted_again(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        channel.ask("add wed", user=BOB)
        standin.fail_next("chat.postMessage", Failure(drop=True))
        assert alerts_tick(runtime.services, "a") == {"failed": 1}
        assert alerts_tick(at(runtime.services, NOW + MINUTE), "b") == {"updated": 1}
        assert len(alerts(standin)) == 1

    def test_no_quiet_hours_for_channels_an_alert_goes_out_at_three_in_the_morning(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        channel.ask("add wed", user=BOB)
        night = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # 03:00 in Madrid
        assert alerts_tick(at(runtime.services, night), "a") == {"posted": 1}


class TestHandoffs:
    def test_a_channel_that_asked_hears_each_handoff_once(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        reply = channel.ask("digest at 09:00 Europe/Madrid handoffs=on", user=ANN)
        assert "announcing hand-offs" in text_of(reply)
        handoff = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # Mon 9 Mar 09:00 Madrid
        assert handoffs_tick(at(runtime.services, handoff - MINUTE), "a") == []
        sent = handoffs_tick(at(runtime.services, handoff), "a")
        again = handoffs_tick(at(runtime.services, handoff + 5 * MINUTE), "b")
        assert ([s.value for s in sent], [s.value for s in again]) == (["sent"], ["held"])
        [said] = [m for m in standin.messages if "takes over" in m["text"]]
        assert said["text"] == "*primary*: <@UCAROL> takes over from <@UBOB>"
        assert handoffs_tick(at(runtime.services, handoff + 31 * MINUTE), "c") == []

    def test_without_handoffs_on_nothing_is_announced(
        self, channel: SignedClient, runtime: Runtime
    ) -> None:
        assert handoffs_tick(at(runtime.services, datetime(2026, 3, 9, 8, tzinfo=UTC)), "a") == []


class TestMentions:
    def test_the_digest_mentions_whom_it_names_unless_mentions_are_off(
        self, channel: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        channel.ask("add wed", user=BOB)
        later = at(runtime.services, datetime(2026, 3, 3, 8, 30, tzinfo=UTC))  # Tue 09:30
        digest_tick(later, "a")
        [digest] = [m for m in standin.messages if "coverage gap" in m["text"]]
        assert "<@UBOB>" in text_of(digest)
        reply = channel.ask("digest at 09:00 Europe/Madrid mentions=off", user=ANN)
        assert "naming people without mentions" in text_of(reply)
        digest_tick(at(runtime.services, datetime(2026, 3, 4, 8, 30, tzinfo=UTC)), "a")
        latest = [m for m in standin.messages if "coverage gap" in m["text"]][-1]
        assert "<@U" not in text_of(latest) and "Bob" in text_of(latest)
