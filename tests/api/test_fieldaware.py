"""FieldAware's Unavailable Time API over real HTTP: types, listings and the document's samples."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.access.model import Scope
from core.people.model import OPERATOR
from core.records.catalogue import add_type, set_archived
from core.records.model import Unavailability
from tests.api.conftest import WS, Api, Reply

DAY_OFF = "Time off"
BOB = "bob@example.com"


def type_id(api: Api, name: str) -> str:
    found = api.store.types.by_name(WS, name)
    assert found is not None
    return found.id


def member_id(api: Api, email: str) -> str:
    return api.members[email].id


def post(
    api: Api,
    key: str,
    user: str,
    start: str,
    end: str,
    *,
    type_name: str = DAY_OFF,
    details: str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    body: dict[str, Any] = {"start": start, "end": end, "type": {"uuid": type_id(api, type_name)}}
    if details is not None:
        body["details"] = details
    return api.call(
        "POST", f"/user/{user}/unavailability", key=key, json_body=body, headers=headers
    )


def made(api: Api, key: str, user: str, start: str, end: str, **extra: Any) -> dict[str, Any]:
    """POST that the test expects to succeed; the record's JSON."""
    reply = post(api, key, user, start, end, **extra)
    assert reply.status == 201, reply.body
    answer: dict[str, Any] = reply.json
    return answer


def stored(api: Api, email: str) -> list[Unavailability]:
    """The member's records as the database holds them, by start."""
    page = api.store.unavailability.paged(
        WS, member_id=member_id(api, email), start=None, end=None, sort="start", page=0,
        page_size=200,
    )  # fmt: skip
    return list(page.items)


def path(api: Api, email: str, record: str = "") -> str:
    tail = f"/{record}" if record else ""
    return f"/user/{member_id(api, email)}/unavailability{tail}"


class TestTypeList:
    def test_the_documents_sample_lists_two_of_five_by_name(self, api: Api) -> None:
        reply = api.call(
            "GET", "/unavailability/types?pageSize=2", key=api.key(Scope.READ), scheme="Token",
            headers={"Host": "api.fieldaware.net", "Accept": "application/json"},
        )  # fmt: skip
        assert reply.status == 200
        body = reply.json
        assert (body["count"], body["page"], body["pageSize"], body["sortedBy"]) == (
            5, 0, 2, ["name"],
        )  # fmt: skip
        assert [i["name"] for i in body["items"]] == ["Prefer not on call", "Sick"]
        first = body["items"][0]
        assert set(first) == {"uuid", "name", "description", "archived", "paid", "link"}
        assert first["uuid"] == type_id(api, "Prefer not on call")
        assert first["link"] == {
            "rel": "detail",
            "url": f"http://api.fieldaware.net/unavailability/types/{first['uuid']}",
        }

    def test_an_items_link_answers_the_type_without_its_link(self, api: Api) -> None:
        add_type(api.store, OPERATOR, WS, "PTO", description="Use to book personal time off")
        key = api.key(Scope.READ)
        item = api.call("GET", "/unavailability/types?name=PTO", key=key).json["items"][0]
        url = item.pop("link")["url"]
        assert url.startswith(f"http://127.0.0.1:{api.server.port}/")
        detail = api.call("GET", url.split(str(api.server.port), 1)[1], key=key)
        assert detail.status == 200
        assert detail.json == item == {
            "uuid": type_id(api, "PTO"), "name": "PTO",
            "description": "Use to book personal time off", "archived": False, "paid": False,
        }  # fmt: skip

    def test_pages_count_every_type_and_run_out_empty(self, api: Api) -> None:
        key = api.key(Scope.READ)
        last = api.call("GET", "/unavailability/types?pageSize=2&page=2", key=key).json
        assert (last["count"], [i["name"] for i in last["items"]]) == (5, ["Volunteer for on-call"])
        beyond = api.call("GET", "/unavailability/types?pageSize=2&page=3", key=key).json
        assert (beyond["count"], beyond["items"], beyond["page"]) == (5, [], 3)

    def test_name_filters_by_part_of_the_name_in_any_case(self, api: Api) -> None:
        reply = api.call("GET", "/unavailability/types?name=TIME", key=api.key(Scope.READ))
        assert [i["name"] for i in reply.json["items"]] == [DAY_OFF]
        assert reply.json["count"] == 1

    def test_archived_true_lists_only_archived_types_and_false_only_active(self, api: Api) -> None:
        set_archived(api.store, OPERATOR, WS, "Training", True)
        key = api.key(Scope.READ)
        archived = api.call("GET", "/unavailability/types?archived=true", key=key).json
        assert [(i["name"], i["archived"]) for i in archived["items"]] == [("Training", True)]
        active = api.call("GET", "/unavailability/types?archived=false", key=key).json
        absent = api.call("GET", "/unavailability/types", key=key).json
        assert active == absent and active["count"] == 4
        assert "Training" not in [i["name"] for i in active["items"]]

    def test_sorted_by_name_is_the_only_sort(self, api: Api) -> None:
        key = api.key(Scope.READ)
        assert api.call("GET", "/unavailability/types?sortedBy=name", key=key).status == 200
        reply = api.call("GET", "/unavailability/types?sortedBy=uuid", key=key)
        assert reply.status == 400 and "sortedBy" in reply.json["message"]

    def test_bad_parameters_answer_400_naming_them(self, api: Api) -> None:
        key = api.key(Scope.READ)
        for query, name in [
            ("archived=maybe", "archived"),
            ("pageSize=0", "pageSize"),
            ("pageSize=201", "pageSize"),
            ("page=-1", "page"),
        ]:
            reply = api.call("GET", f"/unavailability/types?{query}", key=key)
            assert reply.status == 400, query
            assert repr(name) in reply.json["message"], query

    def test_a_name_no_type_can_have_matches_nothing(self, any_api: Api) -> None:
        key = any_api.key(Scope.READ)
        for name in ("off%00", "%E2%80%8Boff", "x" * 400):
            reply = any_api.call("GET", f"/unavailability/types?name={name}", key=key)
            assert (reply.status, reply.json["count"], reply.json["items"]) == (200, 0, []), name

    def test_private_types_are_listed_by_name_to_any_reader(self, api: Api) -> None:
        """Types are a catalogue: only records of a private type are hidden from others."""
        key = api.key(Scope.READ, member=BOB)
        names = [i["name"] for i in api.call("GET", "/unavailability/types", key=key).json["items"]]
        assert "Sick" in names


class TestTypeDetail:
    def test_an_archived_type_is_found_too(self, api: Api) -> None:
        set_archived(api.store, OPERATOR, WS, "Training", True)
        reply = api.call(
            "GET", f"/unavailability/types/{type_id(api, 'Training')}", key=api.key(Scope.READ)
        )
        assert reply.status == 200 and reply.json["archived"] is True

    def test_an_unknown_type_is_404(self, api: Api) -> None:
        key = api.key(Scope.READ)
        for ref in ("type_nope", "..%2F..%2Fetc", "%00", "x" * 400):
            assert api.call("GET", f"/unavailability/types/{ref}", key=key).status == 404, ref

    def test_types_are_read_only(self, api: Api) -> None:
        key = api.key(Scope.ADMIN)
        one = f"/unavailability/types/{type_id(api, DAY_OFF)}"
        for method, target in [
            ("POST", "/unavailability/types"), ("PUT", one), ("DELETE", one), ("POST", one),
            ("PUT", "/unavailability/types"), ("DELETE", "/unavailability/types"),
        ]:  # fmt: skip
            reply = api.call(method, target, key=key, json_body={"name": "New"})
            assert reply.status == 405, (method, target)
            assert "GET" in reply.headers["Allow"]
        assert api.store.types.by_name(WS, "New") is None


class TestRecordList:
    def test_the_documents_sample_pages_two_records_by_start_then_uuid(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        for day in (20, 23, 25, 27, 29):
            made(api, key, BOB, f"2019-03-{day}T00:00:00+00:00",
                 f"2019-03-{day}T23:59:59+00:00", details="Personal time off")  # fmt: skip
        reply = api.call("GET", f"{path(api, BOB)}?pageSize=2", key=key)
        body = reply.json
        assert (body["count"], body["page"], body["pageSize"], body["sortedBy"]) == (
            5, 0, 2, ["start", "uuid"],
        )  # fmt: skip
        first = body["items"][0]
        assert first == {
            "uuid": first["uuid"],
            "start": "2019-03-20T00:00:00+00:00",
            "end": "2019-03-20T23:59:59+00:00",
            "details": "Personal time off",
            "type": {"uuid": type_id(api, DAY_OFF)},
            "link": {
                "rel": "detail",
                "url": f"http://127.0.0.1:{api.server.port}{path(api, BOB, first['uuid'])}",
            },
        }
        assert body["items"][1]["start"] == "2019-03-23T00:00:00+00:00"

    def test_pages_beyond_the_end_are_empty_but_counted(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        for day in (10, 11, 12):
            made(api, key, BOB, f"2026-03-{day}T09:00Z", f"2026-03-{day}T10:00Z")
        reply = api.call("GET", f"{path(api, BOB)}?pageSize=2&page=5", key=key)
        assert (reply.json["count"], reply.json["items"]) == (3, [])

    def test_sorted_by_uuid_or_start(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        ids = [
            made(api, key, BOB, f"2026-03-{d}T09:00Z", f"2026-03-{d}T10:00Z")["uuid"]
            for d in (14, 10, 12)
        ]
        by_uuid = api.call("GET", f"{path(api, BOB)}?sortedBy=uuid", key=key).json
        assert [i["uuid"] for i in by_uuid["items"]] == sorted(ids)
        assert by_uuid["sortedBy"] == ["uuid"]
        by_start = api.call("GET", f"{path(api, BOB)}?sortedBy=start", key=key).json
        assert [i["uuid"] for i in by_start["items"]] == [ids[1], ids[2], ids[0]]
        bad = api.call("GET", f"{path(api, BOB)}?sortedBy=end", key=key)
        assert bad.status == 400 and "'sortedBy'" in bad.json["message"]

    def test_a_window_keeps_the_records_overlapping_it(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        for day in (10, 12, 14):
            made(api, key, BOB, f"2026-03-{day}T00:00Z", f"2026-03-{day + 1}T00:00Z")
        window = "start=2026-03-11T00:00:00%2B00:00&end=2026-03-14T00:00:00Z"
        reply = api.call("GET", f"{path(api, BOB)}?{window}", key=key)
        assert [i["start"] for i in reply.json["items"]] == ["2026-03-12T00:00:00+00:00"]
        assert reply.json["count"] == 1

    def test_an_offsets_plus_sent_unencoded_still_reads_as_plus(self, api: Api) -> None:
        """A query's `+` arrives as a space; FieldAware asks clients to encode it, not all do."""
        key = api.key(Scope.WRITE)
        made(api, key, BOB, "2026-03-10T22:00Z", "2026-03-10T23:30Z")
        for start in (
            "2026-03-11T00:00:00+01:00",
            "2026-03-11%2000:00:00+01:00",
            "2026-03-11T00:00+01",
        ):
            reply = api.call("GET", f"{path(api, BOB)}?start={start}", key=key)
            assert (reply.status, reply.json["count"]) == (200, 1), start
        late = api.call("GET", f"{path(api, BOB)}?start=2026-03-11T00:00:00+00:00", key=key)
        assert late.json["count"] == 0

    def test_a_window_without_offsets_is_read_in_the_members_zone(self, api: Api) -> None:
        """Bob is in Madrid (UTC+1 in March): midnight there is 23:00 UTC the day before."""
        key = api.key(Scope.WRITE)
        made(api, key, BOB, "2026-03-10T22:00Z", "2026-03-10T23:30Z")
        local = api.call("GET", f"{path(api, BOB)}?start=2026-03-11T00:00:00", key=key)
        utc = api.call("GET", f"{path(api, BOB)}?start=2026-03-11T00:00:00Z", key=key)
        assert (local.json["count"], utc.json["count"]) == (1, 0)

    def test_a_window_that_does_not_parse_or_ends_first_is_400(self, api: Api) -> None:
        key = api.key(Scope.READ)
        for query, name in [
            ("start=yesterday", "'start'"),
            ("end=2026-13-01T00:00Z", "'end'"),
            ("start=9999-12-31T23:59:59Z", "'start'"),
            ("start=2026-03-12T00:00Z&end=2026-03-11T00:00Z", "end"),
        ]:
            reply = api.call("GET", f"{path(api, BOB)}?{query}", key=key)
            assert reply.status == 400, query
            assert name in reply.json["message"], (query, reply.json["message"])

    def test_a_user_is_found_by_id_email_in_any_case_or_external_id(self, api: Api) -> None:
        bob = api.members[BOB]
        api.store.members.update(replace(bob, external_id="E-17"))
        key = api.key(Scope.WRITE)
        made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z")
        for ref in (bob.id, BOB, "BOB@Example.com", "E-17"):
            reply = api.call("GET", f"/user/{ref}/unavailability", key=key)
            assert (reply.status, reply.json["count"]) == (200, 1), ref

    def test_an_unknown_user_is_404(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        for ref in ("nobody@example.com", "mem_nope", "..", "..%2F..%2Fetc", "%00", "%C3%A9" * 400):
            reply = api.call("GET", f"/user/{ref}/unavailability", key=key)
            assert reply.status == 404, ref
