"""An admin's upload whose message says `sync NAME`: an authoritative sync, previewed, applied."""

from __future__ import annotations

from typing import Any

from bot.ids import SAVE_IMPORT_ACTION
from storage.repositories import SqlStore
from tests.bot.conftest import ANN, SignedClient, click_in_channel_message, text_of
from tests.bot.slack_standin import TEAM_ID, SlackStandIn
from tests.bot.test_upload import (
    CHANNEL,
    CSV,
    UPLOAD_TS,
    _window,
    file_share,
    file_shared,
    import_id,
    put_file,
)


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

    def test_a_file_shared_delivery_reads_the_sync_words_from_the_upload_message(
        self, slack: SignedClient, standin: SlackStandIn
    ) -> None:
        """`file_shared` carries no text: the words asking for a sync are read from the
        upload's message, so which event Slack delivers first does not matter."""
        put_file(standin, "F2", CSV)
        upload_message = {"channel": CHANNEL, "ts": UPLOAD_TS, "user": ANN}
        standin.messages.append({**upload_message, "text": "nightly export, sync BambooHR"})
        slack.event(file_shared("F2"), "Ev2")
        preview = standin.wait_for_call("chat.postMessage").params
        assert "Preview of a sync of BambooHR" in text_of(preview)
        [read] = standin.calls_to("conversations.history")
        assert (read.params["oldest"], read.params["latest"]) == (UPLOAD_TS, UPLOAD_TS)
