"""The directory's decisions: who Slack adds, updates, links, deactivates, and adoption."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.errors import InvalidInput, NotPermitted
from core.people.directory import (
    SlackProfile,
    member_for_profile,
    plan_sync,
    sync_members,
)
from core.people.members import NewMember, add_member
from core.people.model import LOCAL_WORKSPACE, OPERATOR, Member
from core.workspaces import connect_workspace, create_workspace
from tests.fakes import FakeStore

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
WS = "T0TEAM"


def profile(
    user_id: str,
    email: str | None,
    name: str = "Someone",
    *,
    tz: str | None = None,
    admin: bool = False,
    deleted: bool = False,
    bot: bool = False,
) -> SlackProfile:
    return SlackProfile(user_id, email, name, tz=tz, admin=admin, deleted=deleted, bot=bot)


@pytest.fixture
def team() -> FakeStore:
    store = FakeStore()
    create_workspace(store, WS, now=NOW)
    return store


class TestPlanSync:
    def test_adds_people_and_skips_bots_and_slackbot(self) -> None:
        plan = plan_sync(
            WS,
            [
                profile("U1", "ann@example.com", "Ann", tz="Europe/Madrid", admin=True),
                profile("UB", None, "Deploy", bot=True),
                profile("USLACKBOT", None, "Slackbot"),
            ],
            [],
        )
        [ann] = plan.add
        assert (ann.email, ann.name, ann.tz, ann.slack_user_id, ann.admin) == (
            "ann@example.com",
            "Ann",
            "Europe/Madrid",
            "U1",
            True,
        )
        assert plan.update == () and plan.deactivate == ()

    def test_links_a_command_line_member_by_email_in_any_case(self) -> None:
        known = Member("mem_1", WS, "Ann@Example.com", "Ann L", None)
        plan = plan_sync(WS, [profile("U1", "ann@example.com", "Ann")], [known])
        assert plan.add == ()
        [linked] = plan.update
        assert linked.id == "mem_1" and linked.slack_user_id == "U1"

    def test_unchanged_members_are_left_alone(self) -> None:
        known = Member("mem_1", WS, "ann@example.com", "Ann", "UTC", "U1")
        assert plan_sync(WS, [profile("U1", "ann@example.com", "Ann", tz="UTC")], [known]) == (
            plan_sync(WS, [], [])
        )

    def test_deleted_known_users_become_inactive_and_unknown_ones_are_ignored(self) -> None:
        known = Member("mem_1", WS, "ann@example.com", "Ann", None, "U1")
        plan = plan_sync(
            WS,
            [profile("U1", "ann@example.com", deleted=True), profile("U2", "x@y.z", deleted=True)],
            [known],
        )
        [gone] = plan.deactivate
        assert gone.id == "mem_1" and not gone.active
        assert plan.add == ()

    def test_a_returning_user_is_active_again(self) -> None:
        known = Member("mem_1", WS, "ann@example.com", "Ann", None, "U1", active=False)
        [back] = plan_sync(WS, [profile("U1", "ann@example.com", "Ann")], [known]).update
        assert back.active

    def test_configured_admins_and_unknown_zones(self) -> None:
        plan = plan_sync(
            WS, [profile("U1", "ann@example.com", "Ann", tz="Mars/Base")], [], ("ANN@example.com",)
        )
        [ann] = plan.add
        assert ann.admin and ann.tz is None

    def test_people_without_a_visible_email_are_skipped_and_named(self) -> None:
        plan = plan_sync(WS, [profile("U9", None, "Ghost")], [])
        assert plan.add == () and plan.skipped == ("U9",)
        assert "U9" in plan.summary

    def test_an_email_taken_by_another_member_is_not_stolen(self) -> None:
        linked = Member("mem_1", WS, "old@example.com", "Ann", None, "U1")
        other = Member("mem_2", WS, "new@example.com", "Other", None, "U2")
        plan = plan_sync(WS, [profile("U1", "new@example.com", "Ann")], [linked, other])
        assert [m.email for m in plan.update] == []


class TestSyncMembers:
    def test_applies_the_plan(self, team: FakeStore) -> None:
        add_member(team, OPERATOR, WS, NewMember("bob@example.com", "Bob CLI"))
        sync_members(
            team, WS, [profile("U1", "ann@example.com"), profile("U2", "bob@example.com")], ()
        )
        assert {m.email: m.slack_user_id for m in team.members.all(WS)} == {
            "ann@example.com": "U1",
            "bob@example.com": "U2",
        }


class TestMemberForProfile:
    def test_a_new_user_is_added_on_first_sight(self, team: FakeStore) -> None:
        found = member_for_profile(team, WS, profile("U1", "ann@example.com", "Ann"), ())
        assert found.slack_user_id == "U1" and team.members.by_slack_id(WS, "U1") == found

    def test_bots_and_deactivated_users_are_refused(self, team: FakeStore) -> None:
        with pytest.raises(NotPermitted):
            member_for_profile(team, WS, profile("UB", None, bot=True), ())
        with pytest.raises(NotPermitted):
            member_for_profile(team, WS, profile("U2", "x@example.com", deleted=True), ())

    def test_without_an_email_says_which_scope_is_needed(self, team: FakeStore) -> None:
        with pytest.raises(InvalidInput, match=r"users:read\.email"):
            member_for_profile(team, WS, profile("U1", None), ())
        assert team.members.all(WS) == []


class TestConnectWorkspace:
    def test_adopts_the_only_local_workspace_with_every_row(self) -> None:
        store = FakeStore()
        create_workspace(store, LOCAL_WORKSPACE, now=NOW)
        add_member(store, OPERATOR, LOCAL_WORKSPACE, NewMember("ann@example.com", "Ann"))
        workspace = connect_workspace(store, WS, now=NOW)
        assert workspace.id == WS
        assert [w.id for w in store.workspaces.list_all()] == [WS]
        assert [m.email for m in store.members.all(WS)] == ["ann@example.com"]
        assert len(store.types.all(WS)) == 5

    def test_an_empty_database_gets_a_new_workspace(self) -> None:
        store = FakeStore()
        assert connect_workspace(store, WS, now=NOW).id == WS
        assert len(store.types.all(WS)) == 5

    def test_a_known_team_is_returned_and_other_workspaces_are_not_adopted(self) -> None:
        store = FakeStore()
        create_workspace(store, LOCAL_WORKSPACE, now=NOW)
        create_workspace(store, "T0OTHER", now=NOW)
        assert connect_workspace(store, WS, now=NOW).id == WS
        assert [w.id for w in store.workspaces.list_all()] == [LOCAL_WORKSPACE, "T0OTHER", WS]
        assert connect_workspace(store, WS, now=NOW).id == WS
