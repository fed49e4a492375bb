"""Calendar feeds on both engines: the repository, aliases, and a scheduled sync that two
instances ticking at once run exactly once."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest

from core.errors import DuplicateFeedName
from core.imports.feed_sources import Feed, FeedStatus, sync_due
from core.time.bounds import EARLIEST
from storage.repositories import SqlStore, open_store
from tests.feed_calendars import bamboohr

from .factories import NOW, WS, member, utype, workspace

LEASE = timedelta(minutes=10)


def _feed(name: str = "BambooHR", **changes: object) -> Feed:
    feed = Feed(
        id=f"feed_{name.lower()}",
        workspace_id=WS,
        name=name,
        url="https://example.com/feeds/secret-key.ics",
        created_at=NOW,
    )
    return replace(feed, **changes)  # type: ignore[arg-type]


def test_feeds_are_stored_found_by_name_in_any_case_and_removed(store: SqlStore) -> None:
    workspace(store)
    feed = _feed(keywords=(("Sick", "Sick"), ("Vacation", "Time off")), every=timedelta(hours=2))
    store.feeds.add(feed)
    assert store.feeds.by_name(WS, "bamboohr") == feed
    assert store.feeds.all(WS) == [feed]
    assert store.feeds.enabled() == []
    with pytest.raises(DuplicateFeedName):
        store.feeds.add(replace(feed, id="feed_other", name="BAMBOOHR"))

    store.feeds.update(replace(feed, enabled=True, type_name="Sick"))
    assert [f.type_name for f in store.feeds.enabled()] == ["Sick"]
    status = replace(
        feed,
        last_sync_at=NOW,
        last_status=FeedStatus.FAILED,
        last_why="it did not return a calendar",
        created=3,
        changed=2,
        removed=1,
        unmatched=("Pat Unknown", "Zoë"),
        last_good_at=NOW - timedelta(hours=1),
    )
    store.feeds.update_status(status)
    assert store.feeds.by_name(WS, "BambooHR") == replace(status, enabled=True, type_name="Sick")

    store.feeds.remove(WS, feed.id)
    assert store.feeds.all(WS) == []


def test_aliases_replace_one_another_by_name_in_any_case(store: SqlStore) -> None:
    workspace(store)
    jane, other = member(store, "jane@example.com"), member(store, "other@example.com")
    store.feeds.add(_feed())
    store.feeds.set_alias("feed_bamboohr", "J. Doe", other.id)
    store.feeds.set_alias("feed_bamboohr", "j. doe", jane.id)
    assert store.feeds.aliases("feed_bamboohr") == {"j. doe": jane.id}
    store.feeds.remove(WS, "feed_bamboohr")
    assert store.feeds.aliases("feed_bamboohr") == {}


def test_a_claim_is_won_once_retaken_after_its_lease_and_never_once_done(store: SqlStore) -> None:
    workspace(store)
    store.feeds.add(_feed())
    slot = NOW.replace(minute=0)
    assert store.feeds.claim("feed_bamboohr", slot, holder="a", now=NOW, lease=LEASE)
    assert not store.feeds.claim("feed_bamboohr", slot, holder="b", now=NOW, lease=LEASE)
    later = NOW + LEASE + timedelta(seconds=1)
    assert store.feeds.claim("feed_bamboohr", slot, holder="b", now=later, lease=LEASE)
    store.feeds.finish("feed_bamboohr", slot, holder="b")
    much_later = later + 2 * LEASE
    assert not store.feeds.claim("feed_bamboohr", slot, holder="c", now=much_later, lease=LEASE)
    store.feeds.release("feed_bamboohr", slot, holder="b")  # done stays done
    assert not store.feeds.claim("feed_bamboohr", slot, holder="c", now=much_later, lease=LEASE)


def test_two_instances_ticking_at_once_sync_a_due_feed_once(
    store: SqlStore, database_url: str
) -> None:
    workspace(store)
    utype(store)
    member(store, "jane.doe@example.com", name="Jane Doe")
    store.feeds.add(_feed(enabled=True))
    fetched: list[str] = []
    barrier = threading.Barrier(2)
    results: list[int] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return bamboohr(date(2026, 3, 3))

    def instance(holder: str) -> None:
        with open_store(database_url) as mine:
            barrier.wait()
            done = sync_due(mine, fetch=fetch, holder=holder, now=NOW, zones={})
            results.append(len(done))

    threads = [threading.Thread(target=instance, args=(h,)) for h in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(fetched) == 1
    feed = store.feeds.by_name(WS, "BambooHR")
    assert feed is not None and feed.last_status == FeedStatus.OK
    assert (feed.created, feed.unmatched) == (1, ("Pat Unknown",))
    # the same slot again: already synced, so nobody syncs
    assert sync_due(store, fetch=fetch, holder="three", now=NOW, zones={}) == []
    later = sync_due(store, fetch=fetch, holder="three", now=NOW + timedelta(hours=1), zones={})
    assert [s.feed.unmatched for s in later] == [("Pat Unknown",)]
    assert len(fetched) == 2


def _feed_records(store: SqlStore, name: str) -> list[object]:
    return list(store.unavailability.of_source(WS, f"feed:{name}", EARLIEST, None))


def test_an_unexpected_exception_fails_its_feed_only_and_the_tick_goes_on(
    store: SqlStore,
) -> None:
    workspace(store)
    utype(store)
    member(store, "jane.doe@example.com", name="Jane Doe")
    store.feeds.add(_feed("Alpha", url="https://example.com/alpha-s3cret.ics", enabled=True))
    store.feeds.add(_feed("Beta", enabled=True))

    def fetch(url: str) -> bytes:
        if "alpha" in url:
            raise RuntimeError(f"a bug reading {url}")
        return bamboohr(date(2026, 3, 3))

    done = sync_due(store, fetch=fetch, holder="one", now=NOW, zones={})
    assert [(d.feed.name, d.ok) for d in done] == [("Alpha", False), ("Beta", True)]
    assert isinstance(done[0].error, RuntimeError)
    alpha = store.feeds.by_name(WS, "Alpha")
    assert alpha is not None and alpha.last_status == FeedStatus.FAILED
    assert alpha.last_why is not None and "could not be read" in alpha.last_why
    assert "s3cret" not in alpha.last_why and alpha.last_sync_at == NOW
    assert len(_feed_records(store, "Beta")) == 1
    # synced for this slot, failed or not: the next tick of the slot leaves both alone
    assert sync_due(store, fetch=fetch, holder="two", now=NOW, zones={}) == []


@pytest.mark.parametrize("how", ["removed", "disabled"])
def test_a_feed_removed_or_disabled_while_it_syncs_writes_nothing(
    store: SqlStore, how: str
) -> None:
    workspace(store)
    utype(store)
    member(store, "jane.doe@example.com", name="Jane Doe")
    feed = _feed(enabled=True)
    store.feeds.add(feed)

    def fetch(url: str) -> bytes:  # the admin acts while the feed is being fetched
        if how == "removed":
            store.feeds.remove(WS, feed.id)
        else:
            store.feeds.update(replace(feed, enabled=False))
        return bamboohr(date(2026, 3, 3))

    assert sync_due(store, fetch=fetch, holder="one", now=NOW, zones={}) == []
    assert _feed_records(store, "BambooHR") == []


def test_a_claim_for_a_feed_removed_since_it_was_listed_is_not_taken(store: SqlStore) -> None:
    workspace(store)
    store.feeds.add(_feed())
    store.feeds.remove(WS, "feed_bamboohr")
    slot = NOW.replace(minute=0)
    assert not store.feeds.claim("feed_bamboohr", slot, holder="a", now=NOW, lease=LEASE)
