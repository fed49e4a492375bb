"""Calendar links and event versions on both engines; processes asking for one link at once
all get the same one, and two serving the same change count it once."""

from __future__ import annotations

from datetime import timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import pytest

from core.calendar.feeds import Writer, written_events
from core.calendar.links import TEAM, issue_link, open_link, revoke_link, rotate_link, token_hash
from core.calendar.model import CalendarEvent, CalendarLink, EventVersion, Feed, FeedKind
from storage.repositories import SqlStore, open_store
from tests.integration.racing import race

from .factories import NOW, OTHER_WS, WS, workspace

SECRET = "an integration test's secret, 32+ characters"
OTHER_SECRET = "another secret, also 32 characters"
LATER = NOW + timedelta(minutes=5)


def _link(link_id: str = "cal_1") -> CalendarLink:
    """A team link whose token hashes to `hash-<id>`."""
    return CalendarLink(link_id, WS, FeedKind.TEAM, "", f"hash-{link_id}", NOW)


def _version(
    uid: str, fingerprint: str, sequence: int, at: timedelta = timedelta()
) -> EventVersion:
    return EventVersion(uid, fingerprint, sequence, NOW + at, NOW + timedelta(days=1), f"<{uid}>")


class TestLinks:
    def test_one_live_link_per_subject_the_second_add_returns_the_first(
        self, store: SqlStore
    ) -> None:
        workspace(store)
        first = store.calendars.add(_link("cal_1"))
        assert store.calendars.add(_link("cal_2")) == first
        assert store.calendars.by_hash("hash-cal_2") is None
        store.calendars.revoke("cal_1", NOW)
        assert store.calendars.by_hash("hash-cal_1") is None  # revoked reads as unknown
        assert store.calendars.add(_link("cal_2")).id == "cal_2"
        assert [link.id for link in store.calendars.all_live(WS)] == ["cal_2"]

    def test_a_fetch_is_recorded_never_backwards_and_a_served_hash_once(
        self, store: SqlStore
    ) -> None:
        workspace(store)
        store.calendars.add(_link())
        store.calendars.touch("cal_1", LATER)
        store.calendars.touch("cal_1", NOW)  # an answer that finished late
        store.calendars.served("cal_1", "abc", NOW)
        store.calendars.served("cal_1", "abc", LATER)  # the same content: not a change
        found = store.calendars.live(WS, FeedKind.TEAM, "")
        assert found is not None
        assert (found.last_fetched_at, found.content_hash, found.changed_at) == (LATER, "abc", NOW)

    def test_a_token_opens_only_its_live_link_and_the_hash_is_all_that_is_stored(
        self, store: SqlStore
    ) -> None:
        workspace(store)
        issued = issue_link(store, WS, TEAM, secret=SECRET, now=NOW)
        assert issued.link.token_hash == token_hash(issued.token) != issued.token
        assert issue_link(store, WS, TEAM, secret=SECRET, now=LATER) == issued
        opened = open_link(store, issued.token, LATER, secret=SECRET)
        assert opened is not None and opened.id == issued.link.id
        rotated = rotate_link(store, WS, TEAM, secret=SECRET, now=LATER)
        assert open_link(store, issued.token, LATER, secret=SECRET) is None
        assert open_link(store, rotated.token, LATER, secret=SECRET) is not None
        revoke_link(store, WS, TEAM, now=LATER)
        assert open_link(store, rotated.token, LATER, secret=SECRET) is None

    def test_a_link_made_under_another_secret_is_replaced_when_asked_for(
        self, store: SqlStore
    ) -> None:
        workspace(store)
        old = issue_link(store, WS, TEAM, secret=SECRET, now=NOW)
        new = issue_link(store, WS, TEAM, secret=OTHER_SECRET, now=LATER)
        assert new.link.id != old.link.id
        assert open_link(store, old.token, LATER, secret=OTHER_SECRET) is None
        assert open_link(store, new.token, LATER, secret=OTHER_SECRET) is not None

    def test_under_another_secret_or_none_a_token_opens_nothing_before_anyone_asks(
        self, store: SqlStore
    ) -> None:
        workspace(store)
        issued = issue_link(store, WS, TEAM, secret=SECRET, now=NOW)
        assert open_link(store, issued.token, LATER, secret=OTHER_SECRET) is None
        assert open_link(store, issued.token, LATER, secret=None) is None
        found = store.calendars.live(WS, FeedKind.TEAM, "")
        assert found is not None and found.last_fetched_at is None  # no fetch recorded
        assert open_link(store, issued.token, LATER, secret=SECRET) is not None

    def test_adopting_a_workspace_moves_its_links_and_versions(self, store: SqlStore) -> None:
        workspace(store)
        store.calendars.add(_link())
        store.calendars.save_versions(WS, FeedKind.TEAM, [_version("u1", "a", 0)])
        assert store.workspaces.adopt(WS, OTHER_WS)
        assert store.calendars.live(OTHER_WS, FeedKind.TEAM, "") is not None
        assert set(store.calendars.versions(OTHER_WS, FeedKind.TEAM, ["u1"])) == {"u1"}


class TestVersions:
    def test_a_change_replaces_the_version_and_the_same_change_twice_counts_once(
        self, store: SqlStore
    ) -> None:
        store.calendars.save_versions(WS, FeedKind.TEAM, [_version("u1", "a", 0)])
        store.calendars.save_versions(WS, FeedKind.TEAM, [_version("u1", "b", 1, timedelta(1))])
        # another process saw "a" too and serves the same change a moment later
        store.calendars.save_versions(WS, FeedKind.TEAM, [_version("u1", "b", 1, timedelta(2))])
        found = store.calendars.versions(WS, FeedKind.TEAM, ["u1", "u2"])
        assert found == {"u1": _version("u1", "b", 1, timedelta(1))}

    def test_versions_are_kept_per_feed_kind_and_read_in_chunks(self, store: SqlStore) -> None:
        many = [_version(f"u{n:04d}", "a", 0) for n in range(1200)]
        store.calendars.save_versions(WS, FeedKind.TEAM, many)
        store.calendars.save_versions(WS, FeedKind.PERSONAL, [_version("u0001", "p", 3)])
        team = store.calendars.versions(WS, FeedKind.TEAM, [v.uid for v in many])
        assert len(team) == 1200 and team["u0001"].fingerprint == "a"
        assert store.calendars.versions(WS, FeedKind.PERSONAL, ["u0001"])["u0001"].sequence == 3

    def test_versions_of_events_long_over_are_forgotten(self, store: SqlStore) -> None:
        store.calendars.save_versions(WS, FeedKind.TEAM, [_version("u1", "a", 0)])
        assert store.calendars.forget_versions(NOW) == 0
        assert store.calendars.forget_versions(NOW + timedelta(days=2)) == 1
        assert store.calendars.versions(WS, FeedKind.TEAM, ["u1"]) == {}


class TestWrittenEvents:
    def test_an_event_is_written_once_per_version_and_again_by_a_new_edition(
        self, store: SqlStore
    ) -> None:
        workspace(store)
        link = store.calendars.add(_link())
        written: list[tuple[str, int]] = []

        def write(event: CalendarEvent, version: EventVersion) -> str:
            written.append((event.uid, version.sequence))
            return f"{event.uid}:{event.summary}:{version.sequence}:{version.modified_at:%H%M}"

        def feed(*summaries: str) -> Feed:
            events = tuple(
                CalendarEvent(f"u{n}", said, NOW, LATER, "UTC") for n, said in enumerate(summaries)
            )
            return Feed(link, "title", "UTC", NOW, LATER, events, "hash")

        first = written_events(store, feed("a", "b"), NOW, Writer("one", write))
        assert first == ["u0:a:0:0900", "u1:b:0:0900"] and len(written) == 2
        assert written_events(store, feed("a", "b"), LATER, Writer("one", write)) == first
        changed = written_events(store, feed("a", "c"), LATER, Writer("one", write))
        assert changed == ["u0:a:0:0900", "u1:c:1:0905"] and len(written) == 3
        again = written_events(store, feed("a", "c"), LATER, Writer("two", write))
        assert again == ["u0:a:1:0905", "u1:c:2:0905"]


def _issue_once(url: str, barrier: Barrier, results: Queue[object]) -> None:
    with open_store(url, migrate=False) as store:
        barrier.wait(timeout=30)
        try:
            results.put(issue_link(store, WS, TEAM, secret=SECRET, now=NOW).token)
        except Exception as exc:
            results.put(f"error: {exc!r}")


@pytest.mark.slow
class TestRacingAsks:
    def test_processes_asking_for_one_link_at_once_all_get_the_same(
        self, store: SqlStore, database_url: str
    ) -> None:
        workspace(store)
        seen, exits = race(_issue_once, lambda _: (database_url,), 3)
        assert exits == [0, 0, 0]
        assert len(set(seen)) == 1 and not str(seen[0]).startswith("error")
        assert len(store.calendars.all_live(WS)) == 1
