"""Where a record came from, shown where it helps (issue 14): a synced record says
"from BambooHR" (or "from feed Personio") in the App Home and the `/unavailable list`
reply; records entered by hand say nothing extra."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ids import SAVE_IMPORT_ACTION
from core.imports.model import PlannedRow
from core.imports.sync import SyncWindow, commit_sync
from core.model import new_id
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, BOB, NOW, SignedClient, click_in_channel_message, text_of
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_home import open_home, words
from tests.bot.test_upload import put_file
from tests.bot.test_upload_sync import sync_upload

CSV = (
    b"email,start,end,type,name\n"
    b"bob@example.com,2026-03-16,2026-03-18,Time off,Skiing\n"
    b"ann@example.com,2026-03-10,2026-03-12,Time off,\n"
)


def synced_by_upload(slack: SignedClient, standin: SlackStandIn) -> None:
    """An admin's upload saying `sync BambooHR`, applied with its button."""
    put_file(standin, "F1", CSV)
    preview = sync_upload(slack, "F1", "sync BambooHR")
    found = preview["blocks"]
    value = next(
        e["value"]
        for b in found
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == SAVE_IMPORT_ACTION
    )
    told = click_in_channel_message(
        slack, SAVE_IMPORT_ACTION, value, channel="C1", ts="1.0", user=ANN
    )
    assert told["text"].startswith("Synced BambooHR: 2 created"), text_of(told)


def feed_record(store: SqlStore, user: str, name: str | None, source: str) -> None:
    """A record kept by a sync of `source`, written through core's commit_sync."""
    member = store.members.by_slack_id(TEAM_ID, user)
    kind = store.types.by_name(TEAM_ID, "Time off")
    assert member is not None and kind is not None
    start = datetime(2026, 3, 23, tzinfo=UTC)
    row = PlannedRow(
        1,
        new_id("avail"),
        member.id,
        kind.id,
        start,
        datetime(2026, 3, 25, tzinfo=UTC),
        False,
        name,
    )
    plan = commit_sync(store, TEAM_ID, source, [row], SyncWindow(), NOW)
    assert len(plan.created) == 1


class TestWhereFrom:
    def test_a_synced_record_says_where_it_came_from_in_home_and_list(
        self, slack: SignedClient, standin: SlackStandIn
    ) -> None:
        slack.ask("add mar 10 Training")  # by hand: nothing extra
        synced_by_upload(slack, standin)
        home = words(open_home(slack))
        assert "Skiing (from BambooHR)" in home
        assert home.count("from ") == 1
        listed = words(slack.ask("list"))
        assert "Skiing (from BambooHR)" in listed
        assert listed.count("(from ") == 1

    def test_a_feed_record_says_feed_and_a_hostile_name_is_escaped(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        slack.ask("types")
        feed_record(store, BOB, None, "feed:<!channel> *HR*")
        listed = words(slack.ask("list"))
        assert "(from feed &lt;!channel&gt; \u200d*\u200dHR\u200d*\u200d)" in listed
        assert "<!channel>" not in listed
        home = words(open_home(slack))
        assert "from feed &lt;!channel&gt;" in home
