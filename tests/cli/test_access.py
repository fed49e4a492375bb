"""`availbot api-keys`, `availbot api` and members' external ids, through the command line."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.access.keys import authenticate
from core.access.model import Scope
from core.errors import NotAuthenticated
from storage.repositories import open_store
from tests.cli.conftest import Availbot

LATER = datetime(2030, 1, 1, tzinfo=UTC)


def _stored_rows(availbot: Availbot) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(availbot.db)) as conn:
        return conn.execute("SELECT * FROM api_key").fetchall()


class TestCreate:
    def test_prints_the_key_once_and_says_it_cannot_be_shown_again(self, team: Availbot) -> None:
        result = team.ok("api-keys", "create", "hr-sync", "--scope", "import")
        lines = result.out.splitlines()
        assert lines[0] == "Created API key hr-sync (scope import, acting as the operator):"
        assert lines[1].startswith("avb_")
        assert "cannot be shown again" in lines[2]
        assert "availbot api enable" in lines[3]  # the switch is still off
        listed = team.ok("api-keys", "list").out
        assert lines[1] not in listed and lines[1].split("_")[1] in listed

    def test_json_has_the_key_and_what_it_is(self, team: Availbot) -> None:
        made = team.ok("api-keys", "create", "ana", "--member", "BOB@example.com", "--json").json
        assert set(made) == {"ok", "name", "key", "prefix", "scope", "member", "created_at"}
        assert (made["ok"], made["name"], made["scope"]) == (True, "ana", "read")
        assert made["member"] == "bob@example.com"
        assert made["key"].startswith(f"avb_{made['prefix']}_")

    def test_the_printed_key_authenticates_and_the_row_holds_no_secret(
        self, team: Availbot
    ) -> None:
        made = team.ok("api-keys", "create", "w", "--member", "bob@example.com", "--scope", "write")
        text = made.out.splitlines()[1]
        with open_store(team.env["DATABASE_URL"]) as store:
            key = authenticate(store, text, LATER)
            bob = store.members.by_email(key.workspace_id, "bob@example.com")
        assert (key.name, key.scope, key.member_id) == ("w", Scope.WRITE, bob and bob.id)
        secret = text.split("_")[2]
        rows = _stored_rows(team)
        assert len(rows) == 1
        assert not [cell for cell in rows[0] if secret in str(cell) or text in str(cell)]
        assert secret.encode() not in Path(team.db).read_bytes()

    def test_an_unknown_member_is_refused(self, team: Availbot) -> None:
        result = team("api-keys", "create", "x", "--member", "zed@example.com", "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "UnknownMember"
        assert _stored_rows(team) == []

    def test_a_scope_off_the_ladder_is_a_usage_error(self, team: Availbot) -> None:
        result = team("api-keys", "create", "x", "--scope", "owner")
        assert result.status == 2
        assert "invalid choice: 'owner'" in result.err and "'import'" in result.err

    def test_a_live_name_in_any_case_is_refused_with_the_way_out(self, team: Availbot) -> None:
        team.ok("api-keys", "create", "HR-Sync")
        result = team("api-keys", "create", "hr-sync", "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "DuplicateKeyName"
        assert "`availbot api-keys revoke 'hr-sync'`" in result.json["error"]["message"]

    @pytest.mark.parametrize(("name", "code"), [("x" * 65, "NameTooLong"), ("", "MissingName")])
    def test_a_bad_name_is_refused(self, team: Availbot, name: str, code: str) -> None:
        result = team("api-keys", "create", name, "--json")
        assert (result.status, result.json["error"]["code"]) == (1, code)

    def test_members_may_not_make_keys(self, team: Availbot) -> None:
        result = team("--as", "bob@example.com", "api-keys", "create", "mine", "--json")
        assert (result.status, result.json["error"]["code"]) == (1, "NotPermitted")
        assert _stored_rows(team) == []


class TestListAndRevoke:
    def test_lists_name_prefix_scope_member_and_use(self, team: Availbot) -> None:
        ops = team.ok("api-keys", "create", "ops", "--scope", "admin", "--json").json
        team.ok("api-keys", "create", "bob", "--member", "bob@example.com")
        with open_store(team.env["DATABASE_URL"]) as store:
            authenticate(store, ops["key"], LATER)
        listed = team.ok("api-keys", "list").out.splitlines()
        assert listed[0].startswith("bob  ")
        assert "  read  bob@example.com  created " in listed[0]
        assert listed[0].endswith("last used never")
        assert listed[1].startswith(f"ops  {ops['prefix']}  admin  operator  created ")
        assert listed[1].endswith("last used 2030-01-01T00:00:00Z")
        shown = team.ok("api-keys", "list", "--json").json
        assert [k["name"] for k in shown] == ["bob", "ops"]
        assert set(shown[1]) == {"name", "prefix", "scope", "member", "created_at", "last_used_at"}
        assert (shown[0]["member"], shown[1]["member"]) == ("bob@example.com", None)

    def test_no_keys_says_how_to_make_one(self, team: Availbot) -> None:
        assert "availbot api-keys create NAME" in team.ok("api-keys", "list").out
        assert team.ok("api-keys", "list", "--json").json == []

    def test_a_revoked_key_is_refused_and_its_name_free(self, team: Availbot) -> None:
        made = team.ok("api-keys", "create", "hr-sync", "--json").json
        revoked = team.ok("api-keys", "revoke", "HR-SYNC", "--json").json
        assert (revoked["ok"], revoked["name"], revoked["prefix"]) == (
            True,
            "hr-sync",
            made["prefix"],
        )
        assert team.ok("api-keys", "list", "--json").json == []
        with open_store(team.env["DATABASE_URL"]) as store, pytest.raises(NotAuthenticated):
            authenticate(store, made["key"], LATER)
        team.ok("api-keys", "create", "hr-sync")

    def test_revoking_an_unknown_key_says_where_the_names_are(self, team: Availbot) -> None:
        result = team("api-keys", "revoke", "nope")
        assert result.status == 1
        assert "No live API key named 'nope'" in result.err
        assert "`availbot api-keys list` shows them." in result.err


class TestSwitch:
    def test_off_by_default_then_on_then_off(self, team: Availbot) -> None:
        status = team.ok("api", "status", "--json").json
        assert status == {"ok": True, "workspace": "T0LOCAL", "enabled": False}
        assert team.ok("api", "enable", "--json").json["enabled"] is True
        assert "enabled for T0LOCAL (0 live keys)" in team.ok("api", "status").out
        assert "refused" in team.ok("api", "disable").out
        assert team.ok("api", "status", "--json").json["enabled"] is False

    def test_a_key_made_while_on_says_nothing_of_the_switch(self, team: Availbot) -> None:
        team.ok("api", "enable")
        assert "api enable" not in team.ok("api-keys", "create", "x").out

    def test_members_may_not_turn_it_on(self, team: Availbot) -> None:
        result = team("--as", "bob@example.com", "api", "enable")
        assert result.status == 1 and "Only admins" in result.err
        assert team.ok("--as", "alice@example.com", "api", "enable", "--json").json["enabled"]


class TestExternalIds:
    def test_add_shows_and_lists_it(self, team: Availbot) -> None:
        added = team.ok("members", "add", "dan@example.com", "--name", "Dan", "--external-id", "E7")
        assert "external id E7" in added.out
        listed = team.ok("members", "list", "--json").json["items"]
        assert {m["email"]: m["external_id"] for m in listed}["dan@example.com"] == "E7"
        assert {m["external_id"] for m in listed} == {"E7", None}
        assert "external id" not in team.ok("members", "list").out.splitlines()[0]

    def test_a_taken_one_is_refused(self, team: Availbot) -> None:
        team.ok("members", "add", "dan@example.com", "--name", "Dan", "--external-id", "E7")
        result = team("members", "add", "eve@example.com", "--name", "Eve", "--external-id", "E7")
        assert result.status == 1
        assert "'E7' already belongs to dan@example.com" in result.err
        assert "`availbot members list`" in result.err

    def test_one_with_a_space_is_refused(self, team: Availbot) -> None:
        result = team("members", "add", "x@example.com", "--name", "X", "--external-id", "E 7")
        assert result.status == 1 and "The external id holds a space" in result.err

    def test_import_reads_the_column(self, team: Availbot, tmp_path: Path) -> None:
        people = tmp_path / "people.csv"
        people.write_text("email,name,external_id\nbob@example.com,Bob B,E1\nz@example.com,Z,\n")
        imported = team.ok("members", "import", str(people), "--json").json
        assert [m["external_id"] for m in imported["updated"]] == ["E1"]
        assert [m["external_id"] for m in imported["added"]] == [None]
