"""The digest in Slack, through the real path: subscribing, the tick, I'll cover, digest now."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.ids import CANCEL_COVER_ACTION, CONFIRM_COVER_ACTION, COVER_ACTION, UNDO_COVER_ACTION
from bot.jobs.digest_tick import digest_tick
from bot.main import Runtime
from core.digest.delivery import Delivery
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.schedules.file import apply_schedules
from core.time.spans import day_span, zone
from storage.database import execute_sql
from storage.repositories import SqlStore, open_store
from tests.bot.conftest import (
    ANN,
    BOB,
    CAROL,
    NOW,
    SignedClient,
    click_in_channel_message,
    text_of,
)
from tests.bot.cover_team import buttons
from tests.bot.slack_standin import DROPPED, SERVER_ERROR, TEAM_ID, Failure, SlackStandIn

SCHEDULE = """
timezone = "Europe/Madrid"
[[rotation]]
name = "primary"
timezone = "Europe/Madrid"
shift = "1w"
handoff = "mon 09:00"
start = "2026-02-23"
members = ["ann@example.com", "bob@example.com", "carol@example.com"]
"""


@pytest.fixture
def team(runtime: Runtime, store: SqlStore) -> SqlStore:
    """The synced Slack team with a rotation; Bob holds it this week and is out tomorrow."""
    apply_schedules(
        store, OPERATOR, workspace_id=TEAM_ID, text=SCHEDULE, fallback_zone="UTC", now=NOW
    )
    bob = store.members.by_slack_id(TEAM_ID, BOB)
    assert bob is not None
    tomorrow = NOW.date() + timedelta(days=1)
    add_unavailability(
        store,
        OPERATOR,
        workspace_id=TEAM_ID,
        member_id=bob.id,
        span=day_span(tomorrow, tomorrow, zone("Europe/Madrid")),
        now=NOW,
    )
    return store


class TestSubscribing:
    def test_an_admin_subscribes_the_channel_and_the_bot_says_so_there(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        reply = slack.ask(
            "digest at 09:00 Europe/Madrid weekdays rotations=primary lookahead=14", user=ANN
        )
        assert "at 09:00 (Europe/Madrid) on weekdays" in text_of(reply)
        [stored] = team.digests.subscriptions(TEAM_ID)
        assert (stored.channel, stored.lookahead, stored.rotations) == ("C1", 14, ("primary",))
        [note] = [m for m in standin.messages if m["channel"] == "C1"]
        assert "From now on this channel gets the availbot digest" in note["text"]
        shown = slack.ask("digest", user=BOB)
        assert "This channel gets the digest at 09:00" in text_of(shown)

    def test_a_member_may_not_subscribe_and_nothing_is_stored(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        reply = slack.ask("digest at 09:00", user=BOB)
        assert "Only admins" in text_of(reply)
        assert team.digests.subscriptions(TEAM_ID) == []

    def test_a_channel_without_the_bot_is_refused_with_how_to_invite(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        standin.fail_next("chat.postMessage", Failure(error="not_in_channel"))
        reply = slack.ask("digest at 09:00", user=ANN)
        assert "/invite @availbot" in text_of(reply)
        assert team.digests.subscriptions(TEAM_ID) == []

    @pytest.mark.parametrize(
        "text", ["digest at 25:00", "digest at 09:00 rotations=nope", "digest soon"]
    )
    def test_bad_settings_are_refused_and_nothing_is_stored(
        self, slack: SignedClient, team: SqlStore, text: str
    ) -> None:
        reply = slack.ask(text, user=ANN)
        assert ":warning:" in text_of(reply)
        assert team.digests.subscriptions(TEAM_ID) == []

    def test_a_zone_a_member_may_have_is_a_digest_zone(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        reply = slack.ask("digest at 09:00 PST8PDT", user=ANN)
        assert "at 09:00 (PST8PDT)" in text_of(reply)
        [stored] = team.digests.subscriptions(TEAM_ID)
        assert stored.zone == "PST8PDT"

    @pytest.mark.parametrize("name", ["posix/Europe/Madrid", "right/UTC"])
    def test_a_host_file_that_is_no_zone_is_refused(
        self, slack: SignedClient, team: SqlStore, name: str
    ) -> None:
        reply = slack.ask(f"digest at 09:00 {name}", user=ANN)
        assert "is not an IANA time zone" in text_of(reply)
        assert team.digests.subscriptions(TEAM_ID) == []

    def test_off_removes_it(self, slack: SignedClient, team: SqlStore) -> None:
        slack.ask("digest at 09:00", user=ANN)
        assert "turned off" in text_of(slack.ask("digest off", user=CAROL))
        assert team.digests.subscriptions(TEAM_ID) == []


class TestTheTick:
    """The app's clock reads 10:00 UTC: 11:00 in Madrid is due right now."""

    def test_the_due_digest_is_posted_once_with_metadata_however_often_it_ticks(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        first = digest_tick(runtime.services, "instance-a")
        again = digest_tick(runtime.services, "instance-b")  # a second instance, same database
        assert (first, again) == ([Delivery.POSTED], [Delivery.HELD])
        digests = [
            m
            for m in standin.messages
            if (m.get("metadata") or {})
            .get("event_payload", {})
            .get("key", "")
            .endswith(":2026-03-02")
        ]
        assert len(digests) == 1
        assert "1 coverage gap" in digests[0]["text"]
        assert "<@UBOB>" in text_of(digests[0])  # mentioned, so Slack notifies him

    def test_a_slack_error_leaves_it_for_the_next_tick(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        standin.fail_next("chat.postMessage", Failure(error="internal_error"))
        assert digest_tick(runtime.services, "a") == [Delivery.FAILED]
        # not surely refused: the claim waits out its lease, then history is checked first
        assert digest_tick(runtime.services, "b") == [Delivery.HELD]
        later = replace(runtime.services, clock=lambda: NOW + timedelta(minutes=11))
        assert digest_tick(later, "b") == [Delivery.POSTED]
        assert len(standin.calls_to("conversations.history")) == 1
        assert sum("coverage gap" in m["text"] for m in standin.messages) == 1

    def test_a_post_that_went_through_before_a_crash_is_found_not_repeated(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        assert digest_tick(runtime.services, "a") == [Delivery.POSTED]
        [claim] = team.digests.claims(team.digests.subscriptions(TEAM_ID)[0].id)
        execute_sql(  # as if instance a died between posting and recording it
            team.db, "UPDATE digest_claim SET status = 'claimed', message_ts = NULL"
        )
        later = replace(runtime.services, clock=lambda: NOW + timedelta(minutes=11))
        assert digest_tick(later, "b") == [Delivery.FOUND]
        assert sum("coverage gap" in m["text"] for m in standin.messages) == 1
        assert claim.status.value == "posted"

    def test_a_post_slack_took_but_whose_answer_was_lost_is_found_not_sent_again(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        standin.fail_next("chat.postMessage", DROPPED)
        assert digest_tick(runtime.services, "a") == [Delivery.FAILED]
        assert len(posted_digests(standin)) == 1  # Slack has it; the client must not re-send
        assert digest_tick(runtime.services, "a") == [Delivery.HELD]
        later = replace(runtime.services, clock=lambda: NOW + timedelta(minutes=11))
        assert digest_tick(later, "b") == [Delivery.FOUND]
        assert len(posted_digests(standin)) == 1

    def test_two_instances_racing_after_a_lost_answer_post_it_once(
        self,
        slack: SignedClient,
        standin: SlackStandIn,
        runtime: Runtime,
        team: SqlStore,
        database_url: str,
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        standin.fail_next("chat.postMessage", DROPPED)
        with open_store(database_url) as other:
            instances = {"a": runtime.services, "b": replace(runtime.services, store=other)}
            first = race({h: partial(digest_tick, s, h) for h, s in instances.items()})
            assert sorted(first) == [[Delivery.FAILED], [Delivery.HELD]]
            later = {
                h: replace(s, clock=lambda: NOW + timedelta(minutes=11))
                for h, s in instances.items()
            }
            again = race({h: partial(digest_tick, s, h) for h, s in later.items()})
            assert sorted(again) == [[Delivery.FOUND], [Delivery.HELD]]
        assert len(posted_digests(standin)) == 1

    def test_changing_the_time_after_todays_digest_does_not_post_another_today(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        [before] = team.digests.subscriptions(TEAM_ID)
        assert digest_tick(runtime.services, "a") == [Delivery.POSTED]
        slack.ask("digest at 17:00 Europe/Madrid weekdays", user=ANN)
        [after] = team.digests.subscriptions(TEAM_ID)
        assert (after.id, after.created_at) == (before.id, before.created_at)
        evening = replace(runtime.services, clock=lambda: NOW + timedelta(hours=6))
        assert digest_tick(evening, "a") == [Delivery.HELD]
        assert sum("coverage gap" in m["text"] for m in standin.messages) == 1

    def test_blocks_slack_refuses_are_posted_as_text_instead_of_retried_all_day(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        standin.fail_next("chat.postMessage", Failure(error="invalid_blocks"))
        assert digest_tick(runtime.services, "a") == [Delivery.POSTED]
        [digest] = [m for m in standin.messages if "coverage gap" in m["text"]]
        assert "blocks" not in digest


def posted_digests(standin: SlackStandIn) -> list[dict[str, Any]]:
    """The scheduled digests in the channel (carrying the tick's metadata key)."""
    return [
        m
        for m in standin.messages
        if (m.get("metadata") or {}).get("event_payload", {}).get("key", "").endswith(":2026-03-02")
    ]


def race(work: dict[str, Callable[[], list[Delivery]]]) -> list[list[Delivery]]:
    """Run each instance's tick at the same moment, in its own thread; their results."""
    start = threading.Barrier(len(work))
    results: list[list[Delivery]] = []

    def run(tick: Callable[[], list[Delivery]]) -> None:
        start.wait()
        results.append(tick())

    threads = [threading.Thread(target=run, args=(tick,)) for tick in work.values()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


class TestCoverButton:
    def click_cover(self, slack: SignedClient, standin: SlackStandIn, user: str) -> dict[str, Any]:
        [digest] = [
            m for m in standin.messages if "coverage gap" in m["text"] and m.get("metadata")
        ]
        [button] = [
            b["accessory"]
            for b in json.loads(json.dumps(digest["blocks"]))
            if b.get("accessory", {}).get("action_id") == COVER_ACTION
        ]
        question = click_in_channel_message(
            slack, COVER_ACTION, button["value"], channel="C1", ts=digest["ts"], user=user
        )
        confirm = buttons(question).get(CONFIRM_COVER_ACTION)
        if confirm is None:
            return question  # refused before asking
        assert "Cover the *primary* gap" in text_of(question)
        return slack.click(CONFIRM_COVER_ACTION, confirm, user=user)

    def test_i_will_cover_asks_first_and_nothing_changes_until_confirmed(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        digest_tick(runtime.services, "a")
        [digest] = [m for m in standin.messages if COVER_ACTION in buttons(m)]
        value = buttons(digest)[COVER_ACTION]
        question = click_in_channel_message(
            slack, COVER_ACTION, value, channel="C1", ts=digest["ts"], user=CAROL
        )
        assert set(buttons(question)) == {CONFIRM_COVER_ACTION, CANCEL_COVER_ACTION}
        assert team.overrides.in_window(TEAM_ID, None, None) == []
        cancelled = slack.click(CANCEL_COVER_ACTION, buttons(question)[CANCEL_COVER_ACTION])
        assert "Nothing changed" in text_of(cancelled)
        assert team.overrides.in_window(TEAM_ID, None, None) == []

    def test_undo_removes_the_override_and_brings_the_gap_back(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        digest_tick(runtime.services, "a")
        thanks = self.click_cover(slack, standin, CAROL)
        undo = buttons(thanks)[UNDO_COVER_ACTION]
        refused = slack.click(UNDO_COVER_ACTION, undo, user=BOB)
        assert "members remove only their own" in text_of(refused)
        undone = slack.click(UNDO_COVER_ACTION, undo, user=CAROL)
        assert "Undone: you no longer cover primary" in text_of(undone)
        assert team.overrides.in_window(TEAM_ID, None, None) == []
        redrawn = standin.calls_to("chat.update")[-1].params
        assert "I'll cover" in text_of(redrawn)

    def test_taking_a_gap_creates_the_override_and_updates_the_digest(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        digest_tick(runtime.services, "a")
        reply = self.click_cover(slack, standin, CAROL)
        assert "Thanks! You are on call for *primary*" in text_of(reply)
        assert UNDO_COVER_ACTION in buttons(reply)
        [override] = team.overrides.in_window(TEAM_ID, NOW, NOW + timedelta(days=7))
        carol = team.members.by_slack_id(TEAM_ID, CAROL)
        assert carol is not None and override.member_id == carol.id
        [update] = standin.calls_to("chat.update")
        assert "No coverage gaps" in text_of(update.params) or "None in the look-ahead" in text_of(
            update.params
        )

    def test_a_second_click_is_told_the_gap_is_covered(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        digest_tick(runtime.services, "a")
        self.click_cover(slack, standin, CAROL)
        reply = self.click_cover(slack, standin, ANN)
        assert "already covered" in text_of(reply)
        assert len(team.overrides.in_window(TEAM_ID, NOW, NOW + timedelta(days=7))) == 1

    def test_a_taker_who_is_out_then_is_refused(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        carol = team.members.by_slack_id(TEAM_ID, CAROL)
        assert carol is not None
        tomorrow = NOW.date() + timedelta(days=1)
        add_unavailability(
            team,
            OPERATOR,
            workspace_id=TEAM_ID,
            member_id=carol.id,
            span=day_span(tomorrow, tomorrow, zone("America/New_York")),
            type_name="Training",
            now=NOW,
        )
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        digest_tick(runtime.services, "a")
        reply = self.click_cover(slack, standin, CAROL)
        assert ":warning:" in text_of(reply)
        assert team.overrides.in_window(TEAM_ID, NOW, NOW + timedelta(days=7)) == []


class TestDigestNow:
    def test_digest_now_posts_here_besides_the_schedule(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        reply = slack.ask("digest now", user=ANN)
        assert "Posted today's digest here" in text_of(reply)
        assert digest_tick(runtime.services, "a") == [Delivery.POSTED]  # not replaced


class TestReplayedCommands:
    """Slack's five minutes let a signed request be sent again as is (a replay, or a retry
    with X-Slack-Retry-Num): the commands that post in the channel act once per request."""

    def twice(self, slack: SignedClient, text: str, *, retry: bool) -> str:
        """Send one `/unavailable` request twice (the same signed body); its response_url."""
        name = f"replayed-{text.split()[1]}-{retry}"
        form = {
            "team_id": TEAM_ID,
            "channel_id": "C1",
            "user_id": ANN,
            "command": "/unavailable",
            "text": text,
            "response_url": slack.standin.response_url(name),
            "trigger_id": f"trigger-{name}",
        }
        body, stamp = urlencode(form), int(time.time())
        assert slack.send(body, timestamp=stamp).status == 200
        slack.standin.wait_for_post(name)
        again = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        assert slack.send(body, timestamp=stamp, headers=again).status == 200
        return name

    @pytest.mark.parametrize("retry", [False, True])
    def test_digest_now_sent_twice_posts_once(
        self,
        slack: SignedClient,
        standin: SlackStandIn,
        runtime: Runtime,
        team: SqlStore,
        retry: bool,
    ) -> None:
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        name = self.twice(slack, "digest now", retry=retry)
        runtime.executor.shutdown(wait=True)  # every piece of work the requests started
        posted = [m for m in standin.messages if "coverage gap" in m["text"]]
        assert len(posted) == 1
        assert len(standin.posts[name]) == 1  # the replay is acknowledged, says nothing

    @pytest.mark.parametrize("retry", [False, True])
    def test_digest_at_sent_twice_confirms_once(
        self,
        slack: SignedClient,
        standin: SlackStandIn,
        runtime: Runtime,
        team: SqlStore,
        retry: bool,
    ) -> None:
        self.twice(slack, "digest at 09:00", retry=retry)
        runtime.executor.shutdown(wait=True)
        confirmations = [m for m in standin.messages if "From now on" in m["text"]]
        assert len(confirmations) == 1
        assert len(team.digests.subscriptions(TEAM_ID)) == 1

    def test_a_request_slack_may_have_posted_stays_used_up(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        """A 500 does not say the digest was not posted: sending the request again as is
        must not post it (a second time, perhaps); a new `digest now` may."""
        slack.ask("digest at 11:00 Europe/Madrid", user=ANN)
        standin.fail_next("chat.postMessage", SERVER_ERROR)
        self.twice(slack, "digest now", retry=True)
        runtime.executor.shutdown(wait=True)
        assert [m for m in standin.messages if "coverage gap" in m["text"]] == []

    def test_a_refused_request_is_not_used_up(
        self, slack: SignedClient, standin: SlackStandIn, runtime: Runtime, team: SqlStore
    ) -> None:
        standin.fail_next("chat.postMessage", Failure(error="not_in_channel"))
        name = self.twice(slack, "digest at 09:00", retry=True)  # invited meanwhile
        runtime.executor.shutdown(wait=True)
        assert "/invite @availbot" in text_of(standin.posts[name][0])
        assert "From now on" in text_of(standin.posts[name][1])
        assert len(team.digests.subscriptions(TEAM_ID)) == 1
