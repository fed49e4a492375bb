"""FieldAware's endpoints under pressure: keys and rights, replays, hostile bodies, races."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.access.keys import set_api
from core.access.model import Scope
from tests.api.conftest import WS, Api, Reply
from tests.api.test_fieldaware import BOB, DAY_OFF, made, path, post, stored, type_id

CAROL = "carol@example.com"
SPAN = ("2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z")


def body(api: Api, **fields: Any) -> dict[str, Any]:
    base = {"start": SPAN[0], "end": SPAN[1], "type": {"uuid": type_id(api, DAY_OFF)}}
    return {**base, **fields}


class TestKeysAndScopes:
    def test_every_endpoint_wants_a_key(self, api: Api) -> None:
        record = made(api, api.key(Scope.WRITE), BOB, *SPAN)["uuid"]
        for method, target in [
            ("GET", "/unavailability/types"),
            ("GET", f"/unavailability/types/{type_id(api, DAY_OFF)}"),
            ("GET", path(api, BOB)), ("POST", path(api, BOB)),
            ("GET", path(api, BOB, record)), ("PUT", path(api, BOB, record)),
            ("DELETE", path(api, BOB, record)),
        ]:  # fmt: skip
            for key in (None, "avb_nope_nope"):
                reply = api.call(method, target, key=key, json_body=body(api))
                assert reply.status == 401, (method, target, key)
        assert len(stored(api, BOB)) == 1

    def test_a_read_key_reads_but_never_writes(self, api: Api) -> None:
        record = made(api, api.key(Scope.WRITE), BOB, *SPAN)["uuid"]
        key = api.key(Scope.READ)
        assert api.call("GET", path(api, BOB), key=key).status == 200
        assert api.call("GET", path(api, BOB, record), key=key).status == 200
        for method, target in [
            ("POST", path(api, BOB)), ("PUT", path(api, BOB, record)),
            ("DELETE", path(api, BOB, record)),
        ]:  # fmt: skip
            reply = api.call(method, target, key=key, json_body=body(api, details="changed"))
            assert reply.status == 403 and "scope" in reply.json["message"]
        [kept] = stored(api, BOB)
        assert (kept.id, kept.name) == (record, None)

    def test_a_workspace_without_the_api_answers_403(self, api: Api) -> None:
        key = api.key(Scope.READ)
        set_api(api.store, WS, False)
        reply = api.call("GET", "/unavailability/types", key=key)
        assert reply.status == 403 and "not enabled" in reply.json["message"]


class TestMemberBoundKeys:
    def test_a_member_acts_on_their_own_records(self, api: Api) -> None:
        key = api.key(Scope.WRITE, member=BOB)
        created = made(api, key, BOB, *SPAN)
        assert stored(api, BOB)[0].created_by == api.members[BOB].id
        assert api.call("GET", path(api, BOB), key=key).json["count"] == 1
        change = {"details": "mine"}
        assert (
            api.call("PUT", path(api, BOB, created["uuid"]), key=key, json_body=change).status
            == 200
        )
        assert api.call("DELETE", path(api, BOB, created["uuid"]), key=key).status == 204

    def test_a_member_neither_reads_nor_changes_another_members_records(self, api: Api) -> None:
        theirs = made(api, api.key(Scope.WRITE), CAROL, *SPAN)["uuid"]
        key = api.key(Scope.WRITE, member=BOB)
        for method, target in [
            ("GET", path(api, CAROL)), ("POST", path(api, CAROL)),
            ("GET", path(api, CAROL, theirs)), ("PUT", path(api, CAROL, theirs)),
            ("DELETE", path(api, CAROL, theirs)), ("GET", path(api, CAROL, "avail_nope")),
        ]:  # fmt: skip
            reply = api.call(method, target, key=key, json_body=body(api, details="x"))
            assert reply.status == 403, (method, target)
            assert reply.json["error"]["code"] == "NotPermitted"
        [kept] = stored(api, CAROL)
        assert (kept.id, kept.name, kept.start) == (
            theirs,
            None,
            datetime(2026, 3, 10, 9, tzinfo=UTC),
        )

    def test_an_admins_key_acts_for_anyone(self, api: Api) -> None:
        key = api.key(Scope.WRITE, member="ann@example.com")
        made(api, key, CAROL, *SPAN)
        assert api.call("GET", path(api, CAROL), key=key).json["count"] == 1


class TestIdempotency:
    def test_a_replayed_post_answers_the_first_answer_and_stores_one_record(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        headers = {"Idempotency-Key": "create-1"}
        first = post(api, key, BOB, *SPAN, details="Dentist", headers=headers)
        again = post(api, key, BOB, *SPAN, details="Dentist", headers=headers)
        assert (first.status, again.status) == (201, 201)
        assert again.headers.get("Idempotent-Replayed") == "true"
        assert "Idempotent-Replayed" not in first.headers
        assert again.json == first.json and len(stored(api, BOB)) == 1

    def test_the_same_key_with_another_body_is_422(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        headers = {"Idempotency-Key": "create-1"}
        assert post(api, key, BOB, *SPAN, headers=headers).status == 201
        other = post(api, key, BOB, *SPAN, details="other", headers=headers)
        assert other.status == 422 and other.json["error"]["code"] == "IdempotencyKeyReused"
        assert [r.name for r in stored(api, BOB)] == [None]

    def test_a_refused_request_is_not_remembered(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        blocking = made(api, key, BOB, *SPAN)
        headers = {"Idempotency-Key": "retry-me"}
        assert post(api, key, BOB, *SPAN, headers=headers).status == 409
        api.call("DELETE", path(api, BOB, blocking["uuid"]), key=key)
        assert post(api, key, BOB, *SPAN, headers=headers).status == 201

    def test_a_replayed_put_is_answered_again(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        record = made(api, key, BOB, *SPAN)["uuid"]
        headers = {"Idempotency-Key": "put-1"}
        replies = [
            api.call("PUT", path(api, BOB, record), key=key, json_body={"details": "GP"},
                     headers=headers)
            for _ in range(2)
        ]  # fmt: skip
        assert [r.status for r in replies] == [200, 200]
        assert replies[1].headers.get("Idempotent-Replayed") == "true"
        assert replies[1].json == replies[0].json

    def test_a_malformed_idempotency_key_is_400(self, api: Api) -> None:
        reply = post(api, api.key(Scope.WRITE), BOB, *SPAN, headers={"Idempotency-Key": "x" * 256})
        assert reply.status == 400 and stored(api, BOB) == []


class TestHostileBodies:
    def send(self, api: Api, raw: bytes, content_type: str = "application/json") -> Reply:
        return api.call(
            "POST", path(api, BOB), key=api.key(Scope.WRITE), body=raw,
            headers={"Content-Type": content_type},
        )  # fmt: skip

    def test_a_body_over_64_kib_is_413(self, api: Api) -> None:
        raw = json.dumps(body(api, details="x" * (64 * 1024))).encode()
        assert self.send(api, raw).status == 413 and stored(api, BOB) == []

    def test_truncated_json_is_400_saying_where(self, api: Api) -> None:
        raw = json.dumps(body(api)).encode()[:-7]
        reply = self.send(api, raw)
        assert reply.status == 400 and "line 1, column" in reply.json["message"]

    def test_a_body_that_is_not_utf8_is_400(self, api: Api) -> None:
        sent = json.dumps(body(api, details="caf\u00e9"), ensure_ascii=False)
        reply = self.send(api, sent.encode("latin-1"))
        assert reply.status == 400 and "UTF-8" in reply.json["message"]

    def test_a_body_of_another_media_type_is_415(self, api: Api) -> None:
        assert self.send(api, b"start=x", "application/x-www-form-urlencoded").status == 415

    def test_fields_of_the_wrong_kind_are_400_naming_the_field(self, api: Api) -> None:
        cases: list[tuple[Any, str]] = [
            ([body(api)], "JSON object"),
            (body(api, type="x"), "'type'"),
            (body(api, type={"uuid": 5}), "'type.uuid'"),
            (body(api, type={}), "'type.uuid'"),
            (body(api, start=5), "'start'"),
            (body(api, end=None), "'end'"),
            (body(api, start="next tuesday"), "'start'"),
            (body(api, end="2026-02-30T10:00:00Z"), "'end'"),
            (body(api, details=["x"]), "'details'"),
            ({"end": SPAN[1], "type": body(api)["type"]}, "'start'"),
            ({"start": SPAN[0], "end": SPAN[1]}, "'type'"),
        ]
        for sent, named in cases:
            reply = self.send(api, json.dumps(sent).encode())
            assert reply.status == 400, sent
            assert named in reply.json["message"], (sent, reply.json["message"])
        assert stored(api, BOB) == []

    def test_a_put_with_fields_of_the_wrong_kind_changes_nothing(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        record = made(api, key, BOB, *SPAN)["uuid"]
        before = stored(api, BOB)
        wrong: list[Any] = [[], {"start": 5}, {"type": "x"}, {"end": "soon"}, {"details": 1}]
        for sent in wrong:
            reply = api.call("PUT", path(api, BOB, record), key=key, json_body=sent)
            assert reply.status == 400, sent
        assert stored(api, BOB) == before

    def test_traversal_in_the_user_ref_is_404(self, api: Api) -> None:
        for ref in ("..%2F..%2Fetc", "..", "%2e%2e", "bob%40example.com%00"):
            reply = api.call(
                "POST", f"/user/{ref}/unavailability", key=api.key(Scope.WRITE), json_body=body(api)
            )
            assert reply.status == 404, ref
        assert stored(api, BOB) == []


def at_once(count: int, act: Callable[[int], Reply]) -> list[Reply]:
    """`act(i)` in `count` threads released together."""
    barrier = threading.Barrier(count)
    replies: list[Reply | None] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        replies[i] = act(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(r is not None for r in replies)
    return [r for r in replies if r is not None]


class TestRaces:
    def test_of_overlapping_posts_at_once_exactly_one_is_stored(self, any_api: Api) -> None:
        api, key = any_api, any_api.key(Scope.WRITE)
        replies = at_once(
            6, lambda i: post(api, key, BOB, f"2026-03-10T0{i}:00:00Z", "2026-03-10T12:00:00Z")
        )
        assert sorted(r.status for r in replies) == [201, 409, 409, 409, 409, 409]
        [record] = stored(api, BOB)
        assert record.id == next(r.json["uuid"] for r in replies if r.status == 201)

    def test_the_same_idempotent_post_at_once_makes_one_record(self, any_api: Api) -> None:
        api, key = any_api, any_api.key(Scope.WRITE)
        headers = {"Idempotency-Key": "same"}
        replies = at_once(4, lambda i: post(api, key, BOB, *SPAN, headers=headers))
        assert [r.status for r in replies] == [201] * 4
        assert len({r.json["uuid"] for r in replies}) == 1 and len(stored(api, BOB)) == 1

    def test_partial_updates_at_once_keep_each_others_fields(self, any_api: Api) -> None:
        api, key = any_api, any_api.key(Scope.WRITE)
        record = made(api, key, BOB, *SPAN)["uuid"]
        for round_ in range(5):
            changes = [{"details": f"note {round_}"}, {"end": f"2026-03-10T1{round_}:30:00Z"}]

            def change(i: int, sent: list[dict[str, str]] = changes) -> Reply:
                return api.call("PUT", path(api, BOB, record), key=key, json_body=sent[i])

            replies = at_once(2, change)
            assert [r.status for r in replies] == [200, 200]
            [kept] = stored(api, BOB)
            assert (kept.name, kept.end.hour, kept.end.minute) == (
                f"note {round_}",
                10 + round_,
                30,
            )


JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
NAIVE = (datetime(1900, 1, 1), datetime(2300, 1, 1))  # noqa: DTZ001 (read in the member's zone)
INSTANTS = st.datetimes(*NAIVE).map(lambda d: d.isoformat()) | st.sampled_from(
    ["2026-03-10", "2026-03-10T23:59:59Z", "2026-03-10T10:00:00+14:00", "0001-01-01T00:00:00Z"]
)
FIELDS = {
    "start": INSTANTS | JSON_VALUES,
    "end": INSTANTS | JSON_VALUES,
    "details": st.text(max_size=250) | JSON_VALUES,
    "type": st.fixed_dictionaries({"uuid": st.just("TYPE") | st.text(max_size=40)}) | JSON_VALUES,
}
BODIES = st.fixed_dictionaries({}, optional={**FIELDS, "uuid": JSON_VALUES, "extra": JSON_VALUES})


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sent=BODIES)
def test_no_json_object_makes_post_or_put_fail_with_a_5xx(
    any_api: Api, sent: dict[str, Any]
) -> None:
    api = any_api
    if isinstance(sent.get("type"), dict) and sent["type"].get("uuid") == "TYPE":
        sent["type"] = {"uuid": type_id(api, DAY_OFF)}
    key = api.key(Scope.WRITE)
    created = api.call("POST", path(api, CAROL), key=key, json_body=sent)
    assert created.status in (201, 400, 404, 409), (sent, created.body)
    record = made_or_first(api, key)
    changed = api.call("PUT", path(api, CAROL, record), key=key, json_body=sent)
    assert changed.status in (200, 400, 404, 409), (sent, changed.body)


def made_or_first(api: Api, key: str) -> str:
    listed = api.call("GET", f"{path(api, CAROL)}?pageSize=1", key=key).json["items"]
    if listed:
        uuid: str = listed[0]["uuid"]
        return uuid
    uuid = made(api, key, CAROL, "2200-12-01T00:00:00Z", "2200-12-02T00:00:00Z")["uuid"]
    assert isinstance(uuid, str)
    return uuid
