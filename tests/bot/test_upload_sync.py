"""An admin's upload whose message says `sync NAME`: an authoritative sync, previewed, applied."""

from __future__ import annotations

from typing import Any

from bot.ids import SAVE_IMPORT_ACTION
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, SignedClient, click_in_channel_message, text_of
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_upload import CSV, _window, file_share, import_id, put_file


def sync_upload(slack: SignedClient, file_id: str, text: str) -> dict[str, Any]:
    event = file_share(slack.standin, file_id)
    event["text"] = text
    slack.event(event, f"Ev{file_id}")
    return slack.standin.wait_for_call("chat.postMessage").params


class TestSyncUpload:
    def test_sync_preview_names_the_source_and_applies_once(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV)
        preview = sync_upload(slack, "F1", "nightly export, sync BambooHR")
        assert "Preview of a sync of BambooHR" in text_of(preview)
        assert "2 created" in text_of(preview)
        found = import_id(preview)
        told = click_in_channel_message(
            slack, SAVE_IMPORT_ACTION, found, channel="C1", ts="1.0", user=ANN
        )
        assert told["text"].startswith("Synced BambooHR: 2 created")
        stored = store.unavailability.in_window(TEAM_ID, *_window())
        assert {r.source for r in stored} == {"sync:BambooHR"}
