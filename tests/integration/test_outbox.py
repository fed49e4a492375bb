"""The outbox ledger (docs/alerts.md#exactly-once) on SQLite and PostgreSQL: claims, leases,
releases, and `send_once` through a poster that fails the way Slack does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

import pytest

from core.alerts.outbox import LEASE, UNSURE_RETRY, OutboxState, Outcome, send_once
from core.errors import PostFailed
from storage.repositories import SqlStore, open_store
from tests.integration.racing import race

from .factories import NOW, WS

MINUTE = timedelta(minutes=1)


def claim(store: SqlStore, holder: str, now: datetime = NOW, key: str = "k") -> Any:
    return store.outbox.claim("test", key, workspace_id=WS, holder=holder, now=now, lease=LEASE)


class TestClaims:
    def test_a_fresh_key_is_claimed_once(self, store: SqlStore) -> None:
        first = claim(store, "a")
        assert first is not None and (first.maybe_sent, first.attempts) == (False, 1)
        assert claim(store, "b") is None
        assert claim(store, "a") is None  # not even by its holder: a claim is taken once

    def test_an_expired_lease_is_retaken_as_maybe_sent(self, store: SqlStore) -> None:
        claim(store, "a")
        assert claim(store, "b", NOW + LEASE - MINUTE) is None
        retaken = claim(store, "b", NOW + LEASE)
        assert retaken is not None and (retaken.maybe_sent, retaken.attempts) == (True, 2)
        assert retaken.first_claimed == NOW
        # the old holder has lost it: it can neither record nor give it back
        assert not store.outbox.sent("test", "k", holder="a", channel="C", ts="1", now=NOW)
        assert not store.outbox.release("test", "k", holder="a", now=NOW)
        assert not store.outbox.renew("test", "k", holder="a", now=NOW, lease=LEASE)

    def test_renewing_keeps_it_from_being_retaken(self, store: SqlStore) -> None:
        claim(store, "a")
        assert store.outbox.renew("test", "k", holder="a", now=NOW + 9 * MINUTE, lease=LEASE)
        assert claim(store, "b", NOW + LEASE) is None

    def test_sent_is_final(self, store: SqlStore) -> None:
        claim(store, "a")
        assert store.outbox.sent("test", "k", holder="a", channel="C1", ts="1.5", now=NOW)
        assert claim(store, "b", NOW + 100 * LEASE) is None
        entry = store.outbox.get("test", "k")
        assert entry is not None
        assert (entry.state, entry.channel, entry.ts) == (OutboxState.SENT, "C1", "1.5")

    def test_a_release_is_claimable_from_its_retry_time_and_remembers_maybe_sent(
        self, store: SqlStore
    ) -> None:
        claim(store, "a")
        store.outbox.release(
            "test", "k", holder="a", now=NOW, maybe_sent=True, retry_at=NOW + MINUTE
        )
        assert claim(store, "b", NOW) is None
        again = claim(store, "b", NOW + MINUTE)
        assert again is not None and again.maybe_sent
        store.outbox.release("test", "k", holder="b", now=NOW + MINUTE)  # a certain refusal
        third = claim(store, "c", NOW + MINUTE)
        assert third is not None and third.maybe_sent  # once maybe sent, always looked for

    def test_forgetting_drops_only_finished_rows_from_before(self, store: SqlStore) -> None:
        claim(store, "a", key="sent")
        store.outbox.sent("test", "sent", holder="a", channel="C", ts="1", now=NOW)
        claim(store, "a", key="held")
        assert store.outbox.forget(NOW + MINUTE) == 1
        assert store.outbox.get("test", "sent") is None
        assert store.outbox.get("test", "held") is not None


@dataclass
class Slack:
    """A poster that posts into `messages` and fails as told."""

    messages: list[tuple[str, str, str]] = field(default_factory=list)  # (channel, key, ts)
    failures: list[PostFailed | str] = field(default_factory=list)  # "drop": post, then fail

    def post(self, channel: str, message: dict[str, Any], *, key: str) -> str:
        failure = self.failures.pop(0) if self.failures else None
        if isinstance(failure, PostFailed):
            raise failure
        ts = f"{len(self.messages) + 1}.0"
        self.messages.append((channel, key, ts))
        if failure == "drop":
            raise PostFailed("chat.postMessage: connection dropped", certain=False)
        return ts

    def find(self, channel: str, *, key: str, since: datetime) -> str | None:
        return next((ts for c, k, ts in self.messages if (c, k) == (channel, key)), None)


def send(store: SqlStore, slack: Slack, holder: str, now: datetime = NOW) -> Outcome:
    return send_once(
        store,
        slack,
        kind="test",
        key="k",
        workspace_id=WS,
        channel="C1",
        render=lambda: {"text": "hello"},
        holder=holder,
        now=now,
    ).outcome


class TestSendOnce:
    def test_sends_once_however_often_asked(self, store: SqlStore) -> None:
        slack = Slack()
        assert [send(store, slack, h) for h in "abc"] == [Outcome.SENT, Outcome.HELD, Outcome.HELD]
        assert slack.messages == [("C1", "test:k", "1.0")]

    def test_a_certain_refusal_is_retried_after_retry_after(self, store: SqlStore) -> None:
        slack = Slack(failures=[PostFailed("ratelimited", certain=True, retry_after=30)])
        assert send(store, slack, "a") == Outcome.FAILED
        assert send(store, slack, "b", NOW + timedelta(seconds=29)) == Outcome.HELD
        assert send(store, slack, "b", NOW + timedelta(seconds=30)) == Outcome.SENT
        assert len(slack.messages) == 1

    def test_a_refusal_that_keeps_coming_is_tried_less_and_less_often(
        self, store: SqlStore
    ) -> None:
        refused = [PostFailed("not_in_channel", certain=True) for _ in range(3)]
        slack = Slack(failures=list(refused))
        assert send(store, slack, "a") == Outcome.FAILED
        assert send(store, slack, "a") == Outcome.FAILED  # at once, the first time
        assert send(store, slack, "a", NOW + timedelta(seconds=59)) == Outcome.HELD
        assert send(store, slack, "a", NOW + MINUTE) == Outcome.FAILED
        assert send(store, slack, "a", NOW + 2 * MINUTE) == Outcome.HELD
        assert send(store, slack, "a", NOW + 3 * MINUTE) == Outcome.SENT  # 2 min after

    def test_days_of_refusals_are_retried_hourly_without_overflowing(self, store: SqlStore) -> None:
        slack = Slack(failures=[PostFailed("not_in_channel", certain=True) for _ in range(80)])
        now = NOW
        for _ in range(80):
            assert send(store, slack, "a", now) == Outcome.FAILED
            entry = store.outbox.get("test", "k")
            assert entry is not None and entry.retry_at is not None
            assert entry.retry_at - now <= timedelta(hours=1)
            now = entry.retry_at
        assert now - NOW > timedelta(days=2)
        assert send(store, slack, "a", now) == Outcome.SENT

    def test_an_unclear_failure_is_looked_for_before_posting_again(self, store: SqlStore) -> None:
        slack = Slack(failures=["drop"])
        assert send(store, slack, "a") == Outcome.FAILED
        assert send(store, slack, "b", NOW + UNSURE_RETRY - timedelta(seconds=1)) == Outcome.HELD
        assert send(store, slack, "b", NOW + UNSURE_RETRY) == Outcome.FOUND
        assert len(slack.messages) == 1
        entry = store.outbox.get("test", "k")
        assert entry is not None and (entry.state, entry.ts) == (OutboxState.SENT, "1.0")

    def test_an_unclear_failure_that_did_not_post_is_posted_after_the_look(
        self, store: SqlStore
    ) -> None:
        slack = Slack(failures=[PostFailed("HTTP 500", certain=False)])
        assert send(store, slack, "a") == Outcome.FAILED
        assert send(store, slack, "b", NOW + UNSURE_RETRY) == Outcome.SENT
        assert len(slack.messages) == 1

    def test_a_holder_that_died_mid_send_is_looked_for_after_its_lease(
        self, store: SqlStore
    ) -> None:
        slack = Slack()
        claim(store, "dead")  # claimed, then the process died: posted or not, nobody knows
        slack.messages.append(("C1", "test:k", "9.0"))  # it had posted
        assert send(store, slack, "b", NOW + MINUTE) == Outcome.HELD
        assert send(store, slack, "b", NOW + LEASE) == Outcome.FOUND
        assert len(slack.messages) == 1


def _claim_at_once(url: str, worker: int, barrier: Barrier, results: Queue[bool]) -> None:
    with open_store(url, migrate=False) as store:
        barrier.wait(timeout=30)
        taken = store.outbox.claim(
            "race", "k", workspace_id=WS, holder=f"w{worker}", now=NOW, lease=LEASE
        )
        results.put(taken is not None)


@pytest.mark.slow
class TestRacingProcesses:
    def test_of_processes_claiming_at_once_exactly_one_wins(
        self, store: SqlStore, database_url: str
    ) -> None:
        seen, exits = race(_claim_at_once, lambda i: (database_url, i), 4)
        assert exits == [0] * 4
        assert sorted(seen) == [False, False, False, True]
