"""CSV uploads through the real path: events in, one preview in the thread, Save and Cancel."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.config import Settings
from bot.ids import CANCEL_IMPORT_ACTION, SAVE_IMPORT_ACTION
from bot.main import Patience, Runtime, start
from core.imports.model import ImportRecord
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
from tests.bot.slack_standin import SERVER_ERROR, TEAM_ID, SlackStandIn, slack_user

CHANNEL, UPLOAD_TS = "C1", "100.000200"
CSV = (
    b"email,start,end,type,name\n"
    b"ann@example.com,2026-03-10,2026-03-12,Time off,Skiing\n"
    b"bob@example.com,2026-04-01,,Sick,\n"
)


def file_share(standin: SlackStandIn, file_id: str, user: str = ANN) -> dict[str, Any]:
    """The `message` event (subtype file_share) of an upload, with full file objects."""
    return {
        "type": "message",
        "subtype": "file_share",
        "channel": CHANNEL,
        "user": user,
        "ts": UPLOAD_TS,
        "text": "",
        "files": [standin.file_object(file_id)],
    }


def file_shared(file_id: str, user: str = ANN) -> dict[str, Any]:
    """The `file_shared` event of the same upload: ids only."""
    return {
        "type": "file_shared",
        "file_id": file_id,
        "user_id": user,
        "channel_id": CHANNEL,
        "file": {"id": file_id},
        "event_ts": UPLOAD_TS,
    }


def put_file(standin: SlackStandIn, file_id: str, data: bytes, **meta: Any) -> None:
    standin.files[file_id] = data
    shares = {"public": {CHANNEL: [{"ts": UPLOAD_TS}]}}
    standin.file_meta[file_id] = {"shares": shares, **meta}


def settle(runtime: Runtime) -> None:
    """Wait for every lazy listener the deliveries started (the test ends after this)."""
    runtime.executor.shutdown(wait=True)


def upload(slack: SignedClient, file_id: str = "F1", user: str = ANN) -> dict[str, Any]:
    """Upload (message event), wait for the preview; the preview as posted."""
    slack.event(file_share(slack.standin, file_id, user), f"Ev{file_id}")
    return slack.standin.wait_for_call("chat.postMessage").params


def import_id(preview: dict[str, Any]) -> str:
    actions = [b for b in preview["blocks"] if b["type"] == "actions"]
    return str(actions[0]["elements"][0]["value"])


def imports(store: SqlStore) -> list[ImportRecord]:
    return store.imports.recent(TEAM_ID, 10)


def records(store: SqlStore) -> int:
    return len(store.unavailability.in_window(TEAM_ID, *_window()))


def _window() -> tuple[datetime, datetime]:
    return datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)


class TestOncePerFile:
    def test_duplicate_and_retried_events_give_exactly_one_preview(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV)
        for reply in (
            slack.event(file_share(standin, "F1"), "Ev1"),
            slack.event(file_shared("F1"), "Ev2"),
            slack.event(file_share(standin, "F1"), "Ev1", retry=1),
            slack.event(file_shared("F1"), "Ev2", retry=2),
        ):
            assert reply.status == 200 and reply.seconds < 3.0
        settle(runtime)
        [post] = standin.calls_to("chat.postMessage")
        assert post.params["channel"] == CHANNEL and post.params["thread_ts"] == UPLOAD_TS
        assert "2 rows · 2 to create · 0 duplicates · 2 people" in text_of(post.params)
        assert "*Away* for Bob" in text_of(post.params)  # Sick is private in a channel
        assert len(standin.calls_to("reactions.add")) == 1
        assert len(standin.calls_to("GET /files/F1")) == 1
        assert len(imports(store)) == 1 and records(store) == 0

    def test_file_shared_alone_is_enough(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F2", CSV)
        slack.event(file_shared("F2"), "Ev3")
        post = standin.wait_for_call("chat.postMessage")
        assert post.params["thread_ts"] == UPLOAD_TS
        assert "Save 2 records" in text_of(post.params)

    def test_files_that_are_not_csv_are_ignored(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, store: SqlStore
    ) -> None:
        put_file(standin, "F3", b"\x89PNG", name="photo.png", filetype="png")
        slack.event(file_share(standin, "F3"), "Ev4")
        settle(runtime)
        assert not standin.calls_to("chat.postMessage") and not standin.calls_to("reactions.add")
        assert imports(store) == []


class TestRefusals:
    def test_non_admin_gets_an_ephemeral_explanation_and_nothing_is_read(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV)
        slack.event(file_share(standin, "F1", BOB), "Ev1")
        slack.event(file_shared("F1", BOB), "Ev2")
        settle(runtime)
        [told] = standin.calls_to("chat.postEphemeral")
        assert told.params["user"] == BOB
        assert "Only admins may import time off" in told.params["text"]
        assert not standin.calls_to("GET /files/F1") and not standin.calls_to("chat.postMessage")
        assert imports(store) == []

    def test_a_sign_in_page_instead_of_the_file_is_refused_in_the_thread(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV)
        standin.sign_in_for.add("F1")
        preview = upload(slack)
        assert preview["thread_ts"] == UPLOAD_TS
        assert "Slack answered with a web page (a sign-in page?)" in preview["text"]
        assert imports(store) == []

    def test_files_elsewhere_are_not_fetched(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV, url_private_download="https://evil.example.com/F1")
        preview = upload(slack)
        assert "not on Slack's file host" in preview["text"]
        assert imports(store) == []

    def test_oversized_files_are_refused_before_downloading(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV, size=11 * 1024 * 1024)
        preview = upload(slack)
        assert "the limit is 10 MiB" in preview["text"]
        assert not standin.calls_to("GET /files/F1")

    def test_errors_are_listed_with_lines_and_unknown_emails_looked_up_first(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        standin.users.append(slack_user("UDAN", "dan@example.com", "Dan"))  # after the sync
        data = CSV + b"dan@example.com,2026-05-04,,,\nzed@example.com,2026-05-04,,,\n"
        put_file(standin, "F1", data + b"carol@example.com,someday,,,\n")
        words = text_of(upload(slack))
        assert "1 email matches no member" in words and "zed@example.com" in words
        assert "line 6 (start_time)" in words
        assert "Save" not in words and "Nothing was saved" in words
        assert store.members.by_email(TEAM_ID, "dan@example.com") is not None


def previews(standin: SlackStandIn) -> list[dict[str, Any]]:
    """The previews Slack took (posted in the upload's thread)."""
    return [m for m in standin.messages if "Preview of" in m.get("text", "")]


class TestSlackFailsMidway:
    """Slack errors must not lose an upload: retried, else the admin is told and the
    delivery given back, so Slack's retry (or the next delivery) is handled."""

    @pytest.fixture
    def pauses(self) -> list[float]:
        return []

    @pytest.fixture
    def runtime(
        self, settings: Settings, store: SqlStore, pauses: list[float]
    ) -> Iterator[Runtime]:
        running = start(settings, store, now=lambda: NOW, patience=Patience(sleep=pauses.append))
        try:
            yield running
        finally:
            running.close()

    def test_a_preview_slack_fails_once_is_posted_again(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, pauses: list[float]
    ) -> None:
        put_file(standin, "F1", CSV)
        standin.fail_next("chat.postMessage", SERVER_ERROR)
        slack.event(file_share(standin, "F1"), "Ev1")
        settle(runtime)
        [preview] = previews(standin)
        assert preview["thread_ts"] == UPLOAD_TS
        assert pauses == [1.0] and not standin.calls_to("chat.postEphemeral")

    def test_a_preview_slack_keeps_failing_is_reported_and_the_upload_freed(
        self, slack: SignedClient, standin: SlackStandIn, pauses: list[float]
    ) -> None:
        put_file(standin, "F1", CSV)
        standin.fail_next("chat.postMessage", *[SERVER_ERROR] * 3)
        slack.event(file_share(standin, "F1"), "Ev1")
        told = standin.wait_for_call("chat.postEphemeral").params
        assert told["user"] == ANN and pauses == [1.0, 2.0]
        assert told["text"] == (
            "Slack would not take the preview of F1.csv (internal_error), so availbot saved "
            "nothing. Upload the file again in a minute."
        )
        assert previews(standin) == []
        slack.event(file_share(standin, "F1"), "Ev1", retry=1)  # Slack's retry now works
        standin.wait_for_call("chat.postMessage", count=4)
        assert len(previews(standin)) == 1

    def test_files_info_failing_once_is_retried(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        put_file(standin, "F2", CSV)
        standin.fail_next("files.info", SERVER_ERROR)
        slack.event(file_shared("F2"), "Ev3")
        settle(runtime)
        assert len(previews(standin)) == 1 and not standin.calls_to("chat.postEphemeral")

    def test_files_info_failing_is_reported_and_slack_s_retry_handled(
        self, slack: SignedClient, standin: SlackStandIn
    ) -> None:
        put_file(standin, "F2", CSV)
        standin.fail_next("files.info", *[SERVER_ERROR] * 3)  # the call and the client's retries
        slack.event(file_shared("F2"), "Ev3")
        told = standin.wait_for_call("chat.postEphemeral").params
        assert told["user"] == ANN and told["channel"] == CHANNEL
        assert "Slack would not hand over the file you shared (internal_error)" in told["text"]
        assert "Upload the file again" in told["text"]
        slack.event(file_shared("F2"), "Ev3", retry=1)
        standin.wait_for_call("chat.postMessage")
        assert len(previews(standin)) == 1


class TestSaveAndCancel:
    def test_save_stores_the_records_and_updates_the_preview(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV)
        preview = upload(slack)
        ts = str(standin.calls_to("chat.postMessage")[0].params.get("ts") or "1.0")
        told = click_in_channel_message(
            slack, SAVE_IMPORT_ACTION, import_id(preview), channel=CHANNEL, ts=ts, user=ANN
        )
        assert told["text"] == "Saved 2 records."
        update = standin.wait_for_call("chat.update").params
        assert update["ts"] == ts
        assert "Saved 2 records* by <@UANN>" in text_of(update)
        assert all(b["type"] != "actions" for b in update["blocks"])
        assert records(store) == 2

    def test_a_second_save_is_harmless_and_says_who_saved(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV)
        found = import_id(upload(slack))
        click_in_channel_message(
            slack, SAVE_IMPORT_ACTION, found, channel=CHANNEL, ts="1.0", user=ANN
        )
        again = click_in_channel_message(
            slack, SAVE_IMPORT_ACTION, found, channel=CHANNEL, ts="1.0", user=CAROL
        )
        assert "Already saved by Ann Admin at 2026-03-02 05:00 America/New_York" in again["text"]
        assert records(store) == 2

    def test_two_admins_saving_at_once_store_the_records_once(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV)
        found = import_id(upload(slack))
        answers: list[str] = []

        def click(user: str) -> None:
            told = click_in_channel_message(
                slack, SAVE_IMPORT_ACTION, found, channel=CHANNEL, ts="1.0", user=user
            )
            answers.append(told["text"])

        clickers = [threading.Thread(target=click, args=(u,)) for u in (ANN, CAROL)]
        for t in clickers:
            t.start()
        for t in clickers:
            t.join()
        assert sorted(a.split(" ")[0] for a in answers) == ["Already", "Saved"]
        assert records(store) == 2

    def test_members_may_not_save(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore
    ) -> None:
        put_file(standin, "F1", CSV)
        found = import_id(upload(slack))
        told = click_in_channel_message(
            slack, SAVE_IMPORT_ACTION, found, channel=CHANNEL, ts="1.0", user=BOB
        )
        assert "Only admins may save imports" in told["text"]
        assert records(store) == 0 and not standin.calls_to("chat.update")

    @pytest.mark.parametrize("then_save", [False, True])
    def test_cancel_saves_nothing_and_says_so(
        self, slack: SignedClient, standin: SlackStandIn, store: SqlStore, then_save: bool
    ) -> None:
        put_file(standin, "F1", CSV)
        found = import_id(upload(slack))
        told = click_in_channel_message(
            slack, CANCEL_IMPORT_ACTION, found, channel=CHANNEL, ts="1.0", user=ANN
        )
        assert told["text"] == "Cancelled: nothing was saved."
        assert "*Cancelled* by <@UANN>" in text_of(standin.wait_for_call("chat.update").params)
        if then_save:
            late = click_in_channel_message(
                slack, SAVE_IMPORT_ACTION, found, channel=CHANNEL, ts="1.0", user=ANN
            )
            assert "was cancelled" in late["text"]
        assert records(store) == 0


class TestLongPreviews:
    def test_a_slow_preview_says_it_is_reading_the_rows_in_the_thread_first(
        self,
        slack: SignedClient,
        standin: SlackStandIn,
        runtime: Runtime,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The notice waits NOTICE_AFTER_SECONDS; here none, so no test waits for it."""
        monkeypatch.setattr("bot.listeners.reading.NOTICE_AFTER_SECONDS", 0.0)
        put_file(standin, "F1", CSV)
        slack.event(file_share(standin, "F1"), "EvF1")
        notice = standin.wait_for_call("chat.postMessage").params
        preview = standin.wait_for_call("chat.postMessage", count=2).params
        settle(runtime)
        assert notice["thread_ts"] == preview["thread_ts"] == UPLOAD_TS
        assert "Reading 2 rows of" in notice["text"]
        assert "Save 2 records" in str(preview["blocks"])
        assert len(standin.calls_to("chat.postMessage")) == 2

    def test_a_quick_preview_posts_only_the_preview(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime
    ) -> None:
        put_file(standin, "F1", CSV)
        upload(slack)
        settle(runtime)
        [post] = standin.calls_to("chat.postMessage")
        assert "Reading" not in post.params["text"]
