"""Exactly one digest per subscription and local date: claims with leases, on both engines,
raced by real processes, with crashes and failures in the middle of a post."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
from datetime import date, datetime, time, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from core.digest.delivery import Delivery, deliver, skip_expired
from core.digest.due import ClaimStatus, Due, Subscription
from core.errors import PostFailed
from storage.repositories import SqlStore, open_store

from .factories import NOW

SUB = Subscription("sub_1", "T0LOCAL", "C1", time(9), "Europe/Madrid")
DUE = Due(SUB, date(2026, 3, 2), NOW)
LATER = NOW + timedelta(minutes=11)  # past the 10-minute lease


class FilePoster:
    """A Slack stand-in shared by processes: each post is a line in a file."""

    def __init__(self, path: Path, fail: str | None = None) -> None:
        self.path = path
        self.fail = fail

    def post(self, channel: str, message: dict[str, Any], *, key: str) -> str:
        if self.fail == "certain":
            raise PostFailed("not_in_channel", certain=True)
        with self.path.open("a") as out:
            fcntl.flock(out, fcntl.LOCK_EX)
            out.write(json.dumps({"channel": channel, "key": key, "pid": os.getpid()}) + "\n")
        if self.fail == "crash":
            os._exit(3)  # died after Slack took the message, before recording it
        return f"ts-{os.getpid()}"

    def find(self, channel: str, *, key: str, since: datetime) -> str | None:
        for line in self.posts():
            if line["key"] == key and line["channel"] == channel:
                return f"ts-{line['pid']}"
        return None

    def posts(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines()]


def _deliver(
    url: str, path: str, now: datetime, fail: str | None, barrier: Barrier | None, out: Queue[str]
) -> None:
    with open_store(url, migrate=False) as store:
        if barrier is not None:
            barrier.wait(timeout=30)
        result = deliver(
            store,
            FilePoster(Path(path), fail),
            DUE,
            holder=f"p{os.getpid()}",
            now=now,
            render=lambda: {"text": "digest"},
        )
        out.put(result.value)


def run_processes(
    url: str, path: Path, count: int, now: datetime, fail: str | None = None
) -> tuple[list[str], list[int | None]]:
    """What each of `count` processes delivered (sorted), and their exit codes."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(count) if count > 1 else None
    out: Queue[str] = ctx.Queue()
    workers = [
        ctx.Process(target=_deliver, args=(url, str(path), now, fail, barrier, out))
        for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    results: list[str] = []
    while not out.empty():
        results.append(out.get(timeout=5))
    out.close()
    out.join_thread()
    return sorted(results), [w.exitcode for w in workers]


@pytest.fixture
def subscribed(store: SqlStore) -> SqlStore:
    store.digests.save(SUB)
    return store


class TestClaims:
    def test_subscription_round_trips_and_one_per_channel(self, store: SqlStore) -> None:
        store.digests.save(SUB)
        store.digests.save(Subscription("sub_2", "T0LOCAL", "C1", time(10, 30), "UTC"))
        assert [s.id for s in store.digests.subscriptions()] == ["sub_2"]
        kept = store.digests.for_channel("T0LOCAL", "C1")
        assert kept is not None and kept.at == time(10, 30)
        assert store.digests.remove("T0LOCAL", "C1")
        assert store.digests.subscriptions("T0LOCAL") == []

    def test_a_claim_is_taken_once_and_retaken_only_after_its_lease(self, store: SqlStore) -> None:
        lease = timedelta(minutes=5)
        first = store.digests.claim("s", date(2026, 3, 2), holder="a", now=NOW, lease=lease)
        assert first is not None
        assert not first.retaken
        assert store.digests.claim("s", date(2026, 3, 2), holder="b", now=NOW, lease=lease) is None
        again = store.digests.claim("s", date(2026, 3, 2), holder="b", now=LATER, lease=lease)
        assert again is not None
        assert again.retaken
        store.digests.posted("s", date(2026, 3, 2), holder="b", message_ts="1.2")
        late = LATER + timedelta(hours=1)
        assert store.digests.claim("s", date(2026, 3, 2), holder="c", now=late, lease=lease) is None
        [claim] = store.digests.claims("s")
        assert (claim.status, claim.message_ts) == (ClaimStatus.POSTED, "1.2")

    def test_a_missed_digest_is_skipped_and_logged_once(
        self, subscribed: SqlStore, caplog: pytest.LogCaptureFixture
    ) -> None:
        late = Due(SUB, date(2026, 3, 1), NOW - timedelta(hours=7))
        assert skip_expired(subscribed, [late], now=NOW) == [late]
        assert skip_expired(subscribed, [late], now=NOW + timedelta(minutes=1)) == []
        assert sum("skipped" in r.message for r in caplog.records) == 1


@pytest.mark.slow
class TestExactlyOnce:
    def test_instances_ticking_together_post_once(
        self, subscribed: SqlStore, database_url: str, tmp_path: Path
    ) -> None:
        results, codes = run_processes(database_url, tmp_path / "slack", 3, NOW)
        assert codes == [0, 0, 0]
        assert results == ["held", "held", "posted"]
        assert len(FilePoster(tmp_path / "slack").posts()) == 1

    def test_a_restart_after_posting_does_not_post_again(
        self, subscribed: SqlStore, database_url: str, tmp_path: Path
    ) -> None:
        run_processes(database_url, tmp_path / "slack", 1, NOW)
        results, _ = run_processes(database_url, tmp_path / "slack", 1, LATER)
        assert results == ["held"]
        assert len(FilePoster(tmp_path / "slack").posts()) == 1

    def test_a_crash_mid_post_is_found_in_history_not_posted_twice(
        self, subscribed: SqlStore, database_url: str, tmp_path: Path
    ) -> None:
        _, codes = run_processes(database_url, tmp_path / "slack", 1, NOW, fail="crash")
        assert codes == [3]
        during_lease, _ = run_processes(
            database_url, tmp_path / "slack", 1, NOW + timedelta(minutes=1)
        )
        after_lease, _ = run_processes(database_url, tmp_path / "slack", 1, LATER)
        assert during_lease == ["held"]
        assert after_lease == ["found"]
        assert len(FilePoster(tmp_path / "slack").posts()) == 1
        assert subscribed.digests.claims(SUB.id)[0].status is ClaimStatus.POSTED

    def test_a_failing_slack_is_retried_on_the_next_tick_not_dropped(
        self, subscribed: SqlStore, database_url: str, tmp_path: Path
    ) -> None:
        failed, _ = run_processes(database_url, tmp_path / "slack", 1, NOW, fail="certain")
        retried, _ = run_processes(database_url, tmp_path / "slack", 1, NOW + timedelta(minutes=1))
        assert (failed, retried) == (["failed"], ["posted"])
        assert len(FilePoster(tmp_path / "slack").posts()) == 1


class TestDeliverInProcess:
    def test_a_slow_slack_holds_the_claim_against_a_second_instance(
        self, subscribed: SqlStore, tmp_path: Path
    ) -> None:
        """While one instance is still inside its post, another gets HELD, not a second post."""
        poster = FilePoster(tmp_path / "slack")
        seen: list[Delivery] = []

        class Slow(FilePoster):
            def post(self, channel: str, message: dict[str, Any], *, key: str) -> str:
                seen.append(
                    deliver(
                        subscribed,
                        poster,
                        DUE,
                        holder="other",
                        now=NOW + timedelta(minutes=2),
                        render=lambda: {"text": "x"},
                    )
                )
                return super().post(channel, message, key=key)

        result = deliver(
            subscribed,
            Slow(tmp_path / "slack"),
            DUE,
            holder="me",
            now=NOW,
            render=lambda: {"text": "x"},
        )
        assert (result, seen) == (Delivery.POSTED, [Delivery.HELD])
        assert len(poster.posts()) == 1
