"""The member directory through the real Slack path: sync at start, adoption, lazy look-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.blocks.kit import JOINER
from bot.config import Settings
from bot.main import start
from core.people.members import NewMember, add_member
from core.people.model import LOCAL_WORKSPACE, OPERATOR
from core.workspaces import create_workspace
from storage.repositories import SqlStore
from tests.bot.conftest import NOW, SignedClient
from tests.bot.slack_standin import BOT_TOKEN, TEAM_ID, Failure, SlackStandIn, slack_user
from tests.cli.conftest import Availbot, Result


class TestSyncAtStart:
    def test_pages_through_users_and_keeps_people_only(
        self, runtime: object, standin: SlackStandIn, store: SqlStore
    ) -> None:
        pages = standin.calls_to("users.list")
        assert len(pages) == 3  # six users, two per page
        assert [c.params.get("cursor") for c in pages] == [None, "2", "4"]
        assert all(c.params["limit"] == "200" for c in pages)
        members = {m.email: m for m in store.members.all(TEAM_ID)}
        assert sorted(members) == ["ann@example.com", "bob@example.com", "carol@example.com"]
        assert members["ann@example.com"].admin  # a Slack admin
        assert members["carol@example.com"].admin  # named in AVAILBOT_ADMINS
        assert not members["bob@example.com"].admin
        assert members["bob@example.com"].tz == "Europe/Madrid"
        assert members["bob@example.com"].name == "Bob"

    def test_every_call_carries_the_bot_token(self, runtime: object, standin: SlackStandIn) -> None:
        assert standin.calls
        assert all(c.headers["Authorization"] == f"Bearer {BOT_TOKEN}" for c in standin.calls)

    def test_rate_limited_calls_are_retried_after_retry_after(
        self, standin: SlackStandIn, settings: Settings, store: SqlStore
    ) -> None:
        standin.fail_next("users.list", Failure(status=429, retry_after=0))
        running = start(settings, store, now=lambda: NOW)
        running.close()
        assert len(standin.calls_to("users.list")) == 4  # the refused page, asked again
        assert len(store.members.all(TEAM_ID)) == 3


class TestAdoption:
    def test_local_workspace_is_adopted_and_cli_members_linked_not_duplicated(
        self, standin: SlackStandIn, settings: Settings, store: SqlStore
    ) -> None:
        create_workspace(store, LOCAL_WORKSPACE, now=NOW)
        bob = add_member(store, OPERATOR, LOCAL_WORKSPACE, NewMember("BOB@example.com", "Bob L"))
        start(settings, store, now=lambda: NOW).close()
        assert [w.id for w in store.workspaces.list_all()] == [TEAM_ID]
        linked = store.members.by_email(TEAM_ID, "bob@example.com")
        assert linked is not None and linked.id == bob.id and linked.slack_user_id == "UBOB"
        assert len(store.members.all(TEAM_ID)) == 3

    def test_deleted_users_that_are_known_become_inactive_and_keep_their_records(
        self, standin: SlackStandIn, settings: Settings, store: SqlStore
    ) -> None:
        start(settings, store, now=lambda: NOW).close()
        standin.users[1] = slack_user("UBOB", "bob@example.com", "Bob", deleted=True)
        start(settings, store, now=lambda: NOW).close()
        bob = store.members.by_slack_id(TEAM_ID, "UBOB")
        assert bob is not None and not bob.active


class TestLazyLookUp:
    def test_an_unknown_user_is_looked_up_on_first_interaction(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        standin.users.append(slack_user("UNEW", "new@example.com", "Newcomer", tz="Asia/Tokyo"))
        message = slack.ask("add tomorrow", user="UNEW")
        assert "for Newcomer" in message["text"] and "Asia/Tokyo" in message["text"]
        assert [c.params["user"] for c in standin.calls_to("users.info")] == ["UNEW"]
        assert store.members.by_slack_id(TEAM_ID, "UNEW") is not None

    def test_a_user_slack_does_not_know_gets_an_explanation(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        message = slack.ask("add tomorrow", user="UNOBODY")
        assert "Slack does not know the user" in message["text"]
        assert store.members.by_slack_id(TEAM_ID, "UNOBODY") is None

    def test_a_refusing_slack_is_reported_and_nothing_is_stored(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        standin.users.append(slack_user("UNEW", "new@example.com", "Newcomer"))
        standin.fail_next("users.info", Failure(error="not_in_channel"))
        message = slack.ask("list", user="UNEW")
        shown = message["text"].replace(JOINER, "")  # a refusal's backticks are shown as typed
        assert "Slack refused `users.info` (not_in_channel)" in shown
        assert store.members.by_slack_id(TEAM_ID, "UNEW") is None


class TestCommandLine:
    def _cli(self, tmp_path: Path, *args: str, **env: str) -> Result:
        """In this process, as tests/cli run the command line."""
        return Availbot(tmp_path)(*args, env=env)

    def _run(self, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """A real process, for `serve`: were it ever to start serving, the timeout ends it."""
        script = Path(sys.executable).parent / "availbot"
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVAILBOT_"))}
        clean = {k: v for k, v in clean.items() if "proxy" not in k.lower()}
        return subprocess.run(
            [str(script), *args],
            env={**clean, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def test_members_sync_fills_the_directory_from_slack(
        self, tmp_path: Path, standin: SlackStandIn
    ) -> None:
        done = self._cli(
            tmp_path,
            "members",
            "sync",
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_API_URL=standin.url,
        )
        assert done.status == 0, done.err
        assert "3 added, 0 updated, 0 deactivated" in done.out
        listed = self._cli(tmp_path, "members", "list")
        assert "UBOB" in listed.out

    def test_members_sync_without_slack_is_refused(self, tmp_path: Path) -> None:
        done = self._cli(tmp_path, "members", "sync")
        assert done.status == 2 and "members sync needs Slack" in done.err

    @pytest.mark.slow
    def test_serve_names_missing_settings_and_where_to_get_them(self, tmp_path: Path) -> None:
        done = self._run(tmp_path, "serve")
        assert done.returncode == 2
        assert "SLACK_BOT_TOKEN" in done.stderr and "OAuth & Permissions" in done.stderr
        assert "SLACK_SIGNING_SECRET" in done.stderr and "Basic Information" in done.stderr
        socket = self._run(tmp_path, "serve", "--socket", SLACK_BOT_TOKEN=BOT_TOKEN)
        assert socket.returncode == 2 and "SLACK_APP_TOKEN" in socket.stderr
        assert "connections:write" in socket.stderr
