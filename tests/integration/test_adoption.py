"""Adoption on real engines: every table with a workspace_id moves to the Slack team."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from core.model import LOCAL_WORKSPACE, OPERATOR
from core.people.directory import SlackProfile, connect_workspace, sync_members
from core.people.members import NewMember, add_member
from core.people.workspaces import create_workspace
from core.records.unavailability import add_unavailability
from core.time.phrases import parse_when
from storage.database import execute_sql
from storage.members import workspace_tables
from storage.repositories import SqlStore

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TEAM = "T0TEAM"


def test_finds_every_table_with_a_workspace_column(store: SqlStore) -> None:
    tables = workspace_tables(store.db)
    assert {"member", "unavailability", "unavailability_type", "csv_import"} <= set(tables)
    assert "workspace" not in tables


def test_adopts_the_local_workspace_and_links_members_by_email(store: SqlStore) -> None:
    create_workspace(store, LOCAL_WORKSPACE, now=NOW)
    ann = add_member(store, OPERATOR, LOCAL_WORKSPACE, NewMember("Ann@example.com", "Ann"))
    span = parse_when("2026-03-10", tz=ZoneInfo("UTC"), now=NOW)
    record = add_unavailability(
        store, OPERATOR, workspace_id=LOCAL_WORKSPACE, member_id=ann.id, span=span, now=NOW
    )
    assert connect_workspace(store, TEAM, now=NOW).id == TEAM
    sync_members(store, TEAM, [SlackProfile("U1", "ann@example.com", "Ann S")], ())
    assert [w.id for w in store.workspaces.list_all()] == [TEAM]
    [linked] = store.members.all(TEAM)
    assert (linked.id, linked.slack_user_id) == (ann.id, "U1")
    assert store.unavailability.get(TEAM, record.record.id) is not None
    for table in workspace_tables(store.db):
        left = execute_sql(
            store.db, f"SELECT COUNT(*) FROM {table} WHERE workspace_id = %s", (LOCAL_WORKSPACE,)
        ).fetchone()[0]
        assert left == 0, table


def test_adopting_twice_is_harmless(store: SqlStore) -> None:
    create_workspace(store, LOCAL_WORKSPACE, now=NOW)
    assert store.workspaces.adopt(LOCAL_WORKSPACE, TEAM)
    assert not store.workspaces.adopt(LOCAL_WORKSPACE, TEAM)
    assert connect_workspace(store, TEAM, now=NOW).id == TEAM
