"""`availbot calendar links|rotate|revoke` through the command line; what a link opens is
checked by fetching it from the API app over the same database."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import falcon.testing
import pytest

from bot.api.app import create_api
from bot.api.caller import ApiServices
from bot.config import Settings
from storage.repositories import open_store
from tests.cli.conftest import Availbot

BASE = "https://availbot.example.com/prefix"
SETTINGS = {"AVAILBOT_PUBLIC_URL": BASE + "/", "AVAILBOT_CALENDAR_SECRET": "k" * 32}
_URL = re.compile(re.escape(BASE) + r"(/calendar/([a-z2-7]{32})\.ics)")
SCHEDULES = """[[rotation]]
name = "primary desk"
timezone = "Europe/Madrid"
shift = "1w"
handoff = "mon 09:00"
start = 2026-02-02
members = ["alice@example.com", "bob@example.com"]
"""


@pytest.fixture
def cal(team: Availbot, tmp_path: Path) -> Availbot:
    (tmp_path / "schedules.toml").write_text(SCHEDULES, encoding="utf-8")
    team.ok("schedules", "apply", "schedules.toml")
    team.env.update(SETTINGS)
    return team


def served(availbot: Availbot, path: str) -> int:
    """The status the API answers for a feed path, over the command line's database."""
    with open_store(availbot.env["DATABASE_URL"]) as store:
        secret = availbot.env["AVAILBOT_CALENDAR_SECRET"]
        services = ApiServices(store, Settings(calendar_secret=secret), lambda: datetime.now(UTC))
        return falcon.testing.TestClient(create_api(services)).simulate_get(path).status_code


def stored_tokens(availbot: Availbot) -> str:
    with closing(sqlite3.connect(availbot.db)) as conn:
        return repr(conn.execute("SELECT * FROM calendar_link").fetchall())


class TestLinks:
    def test_a_members_link_is_made_once_shown_again_and_opens_their_feed(
        self, cal: Availbot
    ) -> None:
        first = cal.ok("calendar", "links", "bob@example.com").out
        [(path, token)] = _URL.findall(first)
        assert "on-call shifts and time off" in first and "never fetched yet" in first
        assert "Other calendars" in first and "Subscribe from web" in first
        assert _URL.findall(cal.ok("calendar", "links", "BOB@example.com").out) == [(path, token)]
        assert token not in stored_tokens(cal)  # only its hash is kept
        assert served(cal, path) == 200
        assert "last fetched" in cal.ok("calendar", "links", "bob@example.com").out

    def test_without_an_email_every_rotations_and_the_teams_links_as_json(
        self, cal: Availbot
    ) -> None:
        shown = cal.ok("calendar", "links", "--json").json
        assert [(s["feed"], s["subject"]) for s in shown] == [
            ("rotation", "primary desk"),
            ("team", "team"),
        ]
        assert set(shown[0]) == {"feed", "subject", "url", "created_at", "last_fetched_at"}
        assert all(served(cal, _URL.fullmatch(s["url"])[1]) == 200 for s in shown)  # type: ignore[index]

    def test_a_member_has_only_their_own_link(self, cal: Availbot) -> None:
        assert cal.ok("calendar", "links", "bob@example.com", "--as", "bob@example.com").out
        other = cal("calendar", "links", "carol@example.com", "--as", "bob@example.com", "--json")
        assert (other.status, other.json["error"]["code"]) == (1, "NotPermitted")
        shared = cal("calendar", "links", "--as", "bob@example.com")
        assert shared.status == 1 and "Only admins" in shared.err

    def test_without_the_settings_it_is_a_configuration_error(self, team: Availbot) -> None:
        refused = team("calendar", "links", "bob@example.com")
        assert refused.status == 2
        assert "AVAILBOT_PUBLIC_URL and AVAILBOT_CALENDAR_SECRET" in refused.err


class TestRotateAndRevoke:
    def test_rotate_gives_a_new_link_and_the_old_one_is_a_404(self, cal: Availbot) -> None:
        [(old, _)] = _URL.findall(cal.ok("calendar", "links", "bob@example.com").out)
        rotated = cal.ok("calendar", "rotate", "bob@example.com", "--json").json
        new = _URL.fullmatch(rotated["url"])
        assert new is not None and new[1] != old
        assert (served(cal, old), served(cal, new[1])) == (404, 200)

    def test_revoke_a_rotations_link_by_its_name_of_several_words(self, cal: Availbot) -> None:
        [rotation, _] = cal.ok("calendar", "links", "--json").json
        path = _URL.fullmatch(rotation["url"])[1]  # type: ignore[index]
        said = cal.ok("calendar", "revoke", "rotation", "Primary Desk").out
        assert said.startswith("Revoked the calendar link for rotation primary desk")
        assert served(cal, path) == 404
        again = cal("calendar", "revoke", "rotation", "primary desk", "--json")
        assert (again.status, again.json["error"]["code"]) == (1, "UnknownCalendarLink")
        assert cal.ok("calendar", "links", "--json").json[0]["url"] != rotation["url"]

    def test_a_rotation_without_its_name_is_a_usage_error(self, cal: Availbot) -> None:
        refused = cal("calendar", "revoke", "rotation")
        assert refused.status == 2 and "rotation's name" in refused.err

    def test_revoke_the_team_link_as_json(self, cal: Availbot) -> None:
        cal.ok("calendar", "links")
        revoked = cal.ok("calendar", "revoke", "team", "--json").json
        assert (revoked["ok"], revoked["feed"], revoked["subject"]) == (True, "team", "team")
        assert "revoked_at" in revoked

    def test_a_member_may_not_revoke_the_team_link(self, cal: Availbot) -> None:
        cal.ok("calendar", "links")
        refused = cal("calendar", "revoke", "team", "--as", "bob@example.com")
        assert refused.status == 1 and "Only admins" in refused.err

    def test_revoke_all_ends_every_link_members_too(self, cal: Availbot) -> None:
        shared = [_URL.fullmatch(s["url"])[1] for s in cal.ok("calendar", "links", "--json").json]  # type: ignore[index]
        [(bobs, _)] = _URL.findall(cal.ok("calendar", "links", "bob@example.com").out)
        refused = cal("calendar", "revoke", "--all", "--as", "bob@example.com")
        assert refused.status == 1 and "Only admins" in refused.err
        assert cal.ok("calendar", "revoke", "--all", "--json").json == {"ok": True, "revoked": 3}
        assert {served(cal, path) for path in [*shared, bobs]} == {404}
        said = cal.ok("calendar", "revoke", "--all").out
        assert said.startswith("Revoked 0 calendar links")
        [(new, _)] = _URL.findall(cal.ok("calendar", "links", "bob@example.com").out)
        assert new != bobs and served(cal, new) == 200

    def test_revoke_takes_a_link_or_all_never_both(self, cal: Availbot) -> None:
        both = cal("calendar", "revoke", "team", "--all")
        assert both.status == 2 and "not both" in both.err
        neither = cal("calendar", "revoke")
        assert neither.status == 2 and "which calendar link" in neither.err
