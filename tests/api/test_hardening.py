"""What a read-only review of the API found, each now a test of the documented behaviour:
racing syncs, numbers JSON cannot hold, far-future windows, keys of members who left,
uploads that must not hold the database, member keys that must not list members, and
external ids a path cannot carry."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

import pytest

import bot.api.hotpot
from core.access.model import Scope
from core.errors import UnacceptableText
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR
from core.schedules.file import apply_schedules
from tests.api.conftest import NOW, WS, Api, Reply
from tests.api.test_fieldaware import BOB, type_id
from tests.api.test_hotpot import stored, upload
from tests.api.test_oncall import SCHEDULES

T = TypeVar("T")


def at_once(count: int, call: Callable[[int], T]) -> list[T]:
    """`call(i)` for each i, in threads released together."""
    results: list[Any] = [None] * count
    start = threading.Barrier(count)

    def run(i: int) -> None:
        start.wait()
        results[i] = call(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class TestRacingSyncs:
    def test_syncs_of_one_source_racing_over_shared_members_never_fail_with_a_5xx(
        self, any_api: Api
    ) -> None:
        """Each sync locks all its members in one sorted batch: no deadlock between them."""
        key = any_api.key(Scope.ADMIN)
        files = [
            b"email,start_time,end_time\nbob@example.com,2026-05-01,2026-05-03\n"
            b"carol@example.com,2026-05-01,2026-05-03\n",
            b"email,start_time,end_time\nbob@example.com,2026-05-02,2026-05-04\n"
            b"ann@example.com,2026-05-01,2026-05-03\n",
            b"email,start_time,end_time\ncarol@example.com,2026-06-01,2026-06-03\n"
            b"ann@example.com,2026-05-02,2026-05-05\n",
            b"email,start_time,end_time\nann@example.com,2026-07-01,2026-07-03\n",
        ] * 2
        replies = at_once(
            len(files), lambda i: upload(any_api, key, files[i], "?commit=save&source=hr")
        )
        assert {r.status for r in replies} <= {200, 409, 503}, [r.body[:200] for r in replies]
        assert any(r.status == 200 for r in replies)

    def test_identical_saves_racing_count_every_row_as_created_or_duplicate(
        self, any_api: Api
    ) -> None:
        key = any_api.key(Scope.IMPORT)
        csv = (
            b"email,start_time,end_time\nbob@example.com,2026-05-01,2026-05-03\n"
            b"carol@example.com,2026-05-01,2026-05-03\n"
        )
        replies = at_once(4, lambda _: upload(any_api, key, csv, "?commit=save"))
        assert len(stored(any_api)) == 2
        assert sum(r.json["created"] for r in replies) == 2
        assert all(r.json["created"] + r.json["duplicates"] == 2 for r in replies), [
            (r.json["created"], r.json["duplicates"]) for r in replies
        ]


class TestInputsAtTheLimits:
    def test_a_json_integer_longer_than_python_converts_is_a_400(self, api: Api) -> None:
        reply = api.call(
            "POST",
            f"/user/{BOB}/unavailability",
            key=api.key(Scope.WRITE),
            body=b'{"start": 1' + b"0" * 5000 + b"}",
            headers={"Content-Type": "application/json"},
        )
        assert reply.status == 400, reply.body[:200]
        assert reply.json["error"]["code"] == "MalformedBody"

    def test_a_window_starting_near_the_end_of_time_is_a_400(self, api: Api) -> None:
        apply_schedules(
            api.store, OPERATOR, workspace_id=WS, text=SCHEDULES, fallback_zone="UTC", now=NOW
        )
        path = "/api/v1/rotations/primary/shifts?since=9999-12-25T00:00:00Z"
        reply = api.call("GET", path, key=api.key(Scope.READ))
        assert reply.status == 400, reply.body[:200]
        assert reply.json["error"]["code"] == "DateOutOfRange"

    def test_an_external_id_a_path_cannot_carry_is_refused(self, api: Api) -> None:
        for bad in ("HR/7", "HR?7", "HR#7", "HR%7"):
            with pytest.raises(UnacceptableText):
                add_member(
                    api.store,
                    OPERATOR,
                    WS,
                    NewMember(email="dan@example.com", name="Dan", external_id=bad),
                )


class TestMemberKeys:
    def test_the_key_of_a_member_no_longer_active_is_refused(self, api: Api) -> None:
        key = api.key(Scope.ADMIN, member="ann@example.com")
        assert api.call("GET", "/unavailability/types", key=key).status == 200
        api.store.members.update(replace(api.members["ann@example.com"], active=False))
        reply = upload(api, key, b"email,start_time\nbob@example.com,2026-02-01\n", "?commit=save")
        assert reply.status == 401
        assert stored(api) == []

    def test_a_member_key_cannot_tell_who_exists(self, api: Api) -> None:
        key = api.key(Scope.READ, member=BOB)
        known = api.call("GET", "/user/carol@example.com/unavailability", key=key)
        unknown = api.call("GET", "/user/nobody@example.com/unavailability", key=key)
        assert known.status == unknown.status == 403
        assert known.json["error"]["code"] == unknown.json["error"]["code"] == "NotPermitted"
        assert api.call("GET", f"/user/{BOB}/unavailability", key=key).status == 200


@pytest.fixture
def held_upload(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Uploads wait inside their work until the event is set."""
    go = threading.Event()
    original = bot.api.hotpot._answer

    def held(*args: Any) -> Any:
        assert go.wait(30)
        return original(*args)

    monkeypatch.setattr(bot.api.hotpot, "_answer", held)
    yield go
    go.set()


class TestIdempotentUploads:
    def test_an_upload_in_progress_holds_no_lock_and_its_key_answers_409_meanwhile(
        self, api: Api, held_upload: threading.Event
    ) -> None:
        key = api.key(Scope.ADMIN)
        csv = b"email,start_time\nbob@example.com,2026-02-02\n"
        first: list[Reply] = []
        thread = threading.Thread(
            target=lambda: first.append(
                upload(api, key, csv, "?commit=save", headers={"Idempotency-Key": "nightly"})
            )
        )
        thread.start()
        time.sleep(0.3)  # the upload has claimed its key and waits inside its work
        began = time.monotonic()
        other = api.call(
            "POST",
            "/user/carol@example.com/unavailability",
            key=key,
            json_body={
                "start": "2026-03-01",
                "end": "2026-03-01",
                "type": {"uuid": type_id(api, "Time off")},
            },
        )
        assert other.status == 201 and time.monotonic() - began < 2
        again = upload(api, key, csv, "?commit=save", headers={"Idempotency-Key": "nightly"})
        assert again.status == 409 and again.json["error"]["code"] == "RequestInProgress"
        assert int(str(again.headers["Retry-After"])) > 0
        held_upload.set()
        thread.join()
        assert first[0].status == 200 and first[0].json["created"] == 1
        replay = upload(api, key, csv, "?commit=save", headers={"Idempotency-Key": "nightly"})
        assert replay.status == 200 and replay.headers["Idempotent-Replayed"] == "true"
        assert len(stored(api)) == 2  # Bob's upload once, Carol's record

    def test_a_claim_left_by_a_dead_process_is_taken_over_after_its_lease(
        self, any_api: Api
    ) -> None:
        answers = any_api.store.idempotency
        with any_api.store.transaction():
            assert answers.begin("key_1", "k", "f", NOW) is None
        assert not answers.retake("key_1", "k", NOW, NOW - timedelta(minutes=15))
        later = NOW + timedelta(minutes=16)
        assert answers.retake("key_1", "k", later, later - timedelta(minutes=15))
        assert not answers.retake("key_1", "k", later, later - timedelta(minutes=15))
        answers.release("key_1", "k")
        with any_api.store.transaction():
            assert answers.begin("key_1", "k", "g", later) is None  # free again


class TestLinksBehindAProxy:
    def test_links_start_with_the_public_url_when_it_is_set(self, tmp_path: Any) -> None:
        from bot.config import Settings
        from storage.repositories import open_store
        from tests.api.conftest import running

        url = f"sqlite:///{tmp_path / 'proxied.db'}"
        settings = Settings(database_url=url, public_url="https://availbot.example.com")
        with open_store(url) as store:
            for api in running(store, url, settings=settings):
                reply = api.call("GET", "/unavailability/types?pageSize=1", key=api.key(Scope.READ))
                link = reply.json["items"][0]["link"]["url"]
                assert link.startswith("https://availbot.example.com/unavailability/types/")
