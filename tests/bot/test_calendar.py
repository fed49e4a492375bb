"""`/unavailable calendar` and the App Home's links through the real path: signed requests to
the app, answers read from the Slack stand-in, and the links fetched from the same server."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.config import Settings
from core.people.model import OPERATOR
from core.schedules.file import apply_schedules
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, BOB, NOW, SignedClient, text_of
from tests.bot.slack_standin import TEAM_ID
from tests.bot.test_home import open_home, words

BASE = "https://availbot.example.com"
_LINK = re.compile(re.escape(BASE) + r"(/calendar/[a-z2-7]{32}\.ics)")
SCHEDULES = """[[rotation]]
name = "primary"
timezone = "Europe/Madrid"
shift = "1w"
handoff = "mon 09:00"
start = 2026-02-02
members = ["ann@example.com", "bob@example.com"]
"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings, public_url=BASE, calendar_secret="calendar-secret-of-the-slack-tests-0123"
    )


@pytest.fixture
def primary(slack: SignedClient, store: SqlStore) -> None:
    """The rotation, once the members are known (the first command links them)."""
    slack.ask("help", user=ANN)
    slack.ask("help", user=BOB)
    apply_schedules(
        store, OPERATOR, workspace_id=TEAM_ID, text=SCHEDULES, fallback_zone="UTC", now=NOW
    )


def paths(message: dict[str, object]) -> list[str]:
    """The feed paths of the links a message shows, in order."""
    return _LINK.findall(text_of(message))


def feed(slack: SignedClient, path: str) -> tuple[int, str]:
    reply = slack.request("GET", path)
    return reply.status, reply.body.decode("utf-8", "replace")


class TestCalendarCommand:
    def test_a_member_gets_their_own_link_privately_and_it_serves_their_feed(
        self, slack: SignedClient, primary: None
    ) -> None:
        message = slack.ask("calendar")
        assert message["response_type"] == "ephemeral"
        said = text_of(message)
        assert "Your calendar feed" in said and "Rotation feeds" not in said
        assert "Other calendars" in said and "Subscribe from web" in said
        [path] = paths(message)
        status, body = feed(slack, path)
        assert status == 200 and "X-WR-CALNAME:availbot: Bob" in body
        assert "SUMMARY:On call: primary" in body
        assert paths(slack.ask("calendar")) == [path]  # the same link every time

    def test_an_admin_also_gets_every_rotations_and_the_teams_links(
        self, slack: SignedClient, primary: None
    ) -> None:
        message = slack.ask("calendar", user=ANN)
        said = text_of(message)
        assert "Rotation feeds" in said and "*primary*" in said and "Team feed" in said
        own, rotation, team = paths(message)
        assert "X-WR-CALNAME:availbot: primary on call" in feed(slack, rotation)[1]
        assert "X-WR-CALNAME:availbot: who is out" in feed(slack, team)[1]
        assert "X-WR-CALNAME:availbot: Ann Admin" in feed(slack, own)[1]

    def test_new_replaces_the_link_and_the_old_one_is_gone(
        self, slack: SignedClient, primary: None
    ) -> None:
        [old] = paths(slack.ask("calendar"))
        message = slack.ask("calendar new")
        [new] = paths(message)
        assert new != old and "old one stopped working" in text_of(message)
        assert feed(slack, old)[0] == 404 and feed(slack, new)[0] == 200
        assert paths(slack.ask("calendar")) == [new]

    def test_an_admin_replaces_the_team_link_a_member_may_not(
        self, slack: SignedClient, primary: None
    ) -> None:
        refused = text_of(slack.ask("calendar new team"))
        assert "Only admins may have the team calendar links" in refused
        team = paths(slack.ask("calendar", user=ANN))[-1]
        [new] = paths(slack.ask("calendar new team", user=ANN))
        assert feed(slack, team)[0] == 404 and feed(slack, new)[0] == 200


class TestNotSetUp:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return dataclasses.replace(settings, public_url=None)

    def test_the_command_says_who_sets_it_up(self, slack: SignedClient) -> None:
        said = text_of(slack.ask("calendar"))
        assert "Calendar links are not set up" in said and "AVAILBOT_PUBLIC_URL" in said

    def test_the_home_tells_admins_only(self, slack: SignedClient) -> None:
        assert "Calendar feeds" not in words(open_home(slack, BOB))
        assert "are not set up" in words(open_home(slack, ANN, count=2))


class TestHome:
    def test_the_home_shows_my_link_and_an_admin_the_rotation_and_team_links(
        self, slack: SignedClient, primary: None
    ) -> None:
        mine = words(open_home(slack, BOB))
        assert "Calendar feeds" in mine and len(_LINK.findall(mine)) == 1
        admins = words(open_home(slack, ANN, count=2))
        assert len(_LINK.findall(admins)) == 3
