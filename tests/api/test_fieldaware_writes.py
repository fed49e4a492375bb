"""FieldAware's writes over real HTTP: create, partial update, delete, and the record rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.access.model import Scope
from core.people.model import OPERATOR
from core.records.catalogue import set_archived
from core.records.unavailability import add_unavailability
from core.time.spans import Span
from tests.api.conftest import WS, Api
from tests.api.test_fieldaware import BOB, DAY_OFF, made, path, post, stored, type_id


class TestCreate:
    def test_the_documents_sample_answers_utc_instants_an_hour_earlier(self, api: Api) -> None:
        training = type_id(api, "Training")
        reply = api.call(
            "POST", f"/user/{api.members[BOB].id}/unavailability", key=api.key(Scope.WRITE),
            scheme="Token", headers={"Host": "api.fieldaware.net"},
            json_body={
                "start": "2019-04-14T10:00:00+01:00", "end": "2019-04-14T12:00:00+01:00",
                "details": "Personal time off", "type": {"uuid": training},
            },
        )  # fmt: skip
        assert reply.status == 201, reply.body
        uuid = reply.json["uuid"]
        assert reply.json == {
            "start": "2019-04-14T09:00:00+00:00",
            "link": {
                "url": f"http://api.fieldaware.net{path(api, BOB, uuid)}",
                "rel": "detail",
            },
            "uuid": uuid,
            "end": "2019-04-14T11:00:00+00:00",
            "type": {"uuid": training},
            "details": "Personal time off",
        }
        [record] = stored(api, BOB)
        assert (record.id, record.start, record.end, record.name, record.source) == (
            uuid, datetime(2019, 4, 14, 9, tzinfo=UTC), datetime(2019, 4, 14, 11, tzinfo=UTC),
            "Personal time off", "api",
        )  # fmt: skip

    def test_instants_without_an_offset_are_the_members_wall_clock(self, api: Api) -> None:
        """Carol is in New York (UTC-4 from 8 March 2026)."""
        body = made(api, api.key(Scope.WRITE), "carol@example.com", "2026-03-10T09:00:00",
                    "2026-03-10T17:00:00")  # fmt: skip
        assert (body["start"], body["end"]) == (
            "2026-03-10T13:00:00+00:00", "2026-03-10T21:00:00+00:00",
        )  # fmt: skip

    def test_an_end_at_59_seconds_ends_that_second(self, api: Api) -> None:
        body = made(api, api.key(Scope.WRITE), BOB, "2019-03-20T00:00:00+00:00",
                    "2019-03-20T23:59:59+00:00")  # fmt: skip
        [record] = stored(api, BOB)
        assert record.end == datetime(2019, 3, 21, tzinfo=UTC)
        assert body["end"] == "2019-03-20T23:59:59+00:00"

    def test_details_are_optional(self, api: Api) -> None:
        body = made(api, api.key(Scope.WRITE), BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z")
        assert body["details"] == "" and stored(api, BOB)[0].name is None

    def test_an_overlap_with_the_users_record_is_409_and_stores_nothing(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        first = made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T12:00Z")
        reply = post(api, key, BOB, "2026-03-10T11:00Z", "2026-03-10T13:00Z")
        assert reply.status == 409 and first["uuid"] in reply.json["message"]
        assert len(stored(api, BOB)) == 1

    def test_touching_is_not_overlapping_nor_is_another_users_record(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T12:00Z")
        made(api, key, BOB, "2026-03-10T12:00Z", "2026-03-10T13:00Z")
        made(api, key, "carol@example.com", "2026-03-10T09:00Z", "2026-03-10T12:00Z")
        assert len(stored(api, BOB)) == 2

    def test_an_archived_type_is_409(self, api: Api) -> None:
        set_archived(api.store, OPERATOR, WS, "Training", True)
        reply = post(
            api, api.key(Scope.WRITE), BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z",
            type_name="Training",
        )  # fmt: skip
        assert reply.status == 409 and reply.json["error"]["code"] == "ArchivedType"
        assert stored(api, BOB) == []

    def test_an_unknown_type_is_404(self, api: Api) -> None:
        body = {"start": "2026-03-10T09:00Z", "end": "2026-03-10T10:00Z",
                "type": {"uuid": "type_nope"}}  # fmt: skip
        for uuid in ("type_nope", "\u0000", "x" * 1000):
            body["type"] = {"uuid": uuid}
            reply = api.call("POST", path(api, BOB), key=api.key(Scope.WRITE), json_body=body)
            assert reply.status == 404 and reply.json["error"]["code"] == "UnknownType"
        assert stored(api, BOB) == []

    def test_an_end_not_after_its_start_is_400(self, api: Api) -> None:
        reply = post(api, api.key(Scope.WRITE), BOB, "2026-03-10T09:00Z", "2026-03-10T09:00Z")
        assert reply.status == 400 and stored(api, BOB) == []

    def test_details_follow_the_text_rules(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        for details in ("x" * 201, "bell\u0007"):
            reply = post(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z", details=details)
            assert reply.status == 400, details
        assert stored(api, BOB) == []

    def test_an_unknown_user_is_404(self, api: Api) -> None:
        reply = post(api, api.key(Scope.WRITE), "x@example.com", "2026-03-10T09:00Z",
                     "2026-03-10T10:00Z")  # fmt: skip
        assert reply.status == 404 and reply.json["error"]["code"] == "UnknownMember"


class TestRead:
    def test_a_record_reads_as_listed_without_its_link(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        body = made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z", details="Dentist")
        reply = api.call("GET", path(api, BOB, body["uuid"]), key=key)
        assert reply.status == 200
        assert reply.json == {k: v for k, v in body.items() if k != "link"}

    def test_a_record_of_another_user_is_404_under_the_wrong_user(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        theirs = made(api, key, "carol@example.com", "2026-03-10T09:00Z", "2026-03-10T10:00Z")
        assert api.call("GET", path(api, BOB, theirs["uuid"]), key=key).status == 404

    def test_unknown_and_hostile_record_refs_are_404(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        for ref in ("avail_nope", "..", "..%2F..%2Fetc", "%2e%2e%2f%2e%2e", "%00", "x" * 500):
            for method in ("GET", "DELETE"):
                reply = api.call(method, path(api, BOB, ref), key=key)
                assert reply.status == 404, (method, ref)
            reply = api.call("PUT", path(api, BOB, ref), key=key, json_body={"details": "x"})
            assert reply.status == 404, ref


class TestUpdate:
    def test_the_documents_sample_moves_the_record_a_day(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        training = type_id(api, "Training")
        body = made(api, key, BOB, "2019-04-14T10:00:00+01:00", "2019-04-14T12:00:00+01:00",
                    details="Personal time off", type_name="Training")  # fmt: skip
        reply = api.call("PUT", path(api, BOB, body["uuid"]), key=key, scheme="Token", json_body={
            "start": "2019-04-15T10:00:00+01:00", "end": "2019-04-15T12:00:00+01:00",
            "details": "Other personal time off", "type": {"uuid": training},
        })  # fmt: skip
        assert reply.status == 200
        assert {k: reply.json[k] for k in ("uuid", "start", "end", "details", "type")} == {
            "uuid": body["uuid"], "start": "2019-04-15T09:00:00+00:00",
            "end": "2019-04-15T11:00:00+00:00", "details": "Other personal time off",
            "type": {"uuid": training},
        }  # fmt: skip
        assert reply.json["link"] == body["link"]
        [record] = stored(api, BOB)
        assert (record.start, record.name) == (
            datetime(2019, 4, 15, 9, tzinfo=UTC), "Other personal time off",
        )  # fmt: skip

    def test_only_the_fields_given_change(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        body = made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z", details="Dentist",
                    type_name="Training")  # fmt: skip
        [before] = stored(api, BOB)
        reply = api.call("PUT", path(api, BOB, body["uuid"]), key=key, json_body={"details": "GP"})
        assert reply.status == 200
        [after] = stored(api, BOB)
        assert (after.start, after.end, after.type_id, after.name) == (
            before.start, before.end, before.type_id, "GP",
        )  # fmt: skip
        api.call(
            "PUT", path(api, BOB, body["uuid"]), key=key, json_body={"end": "2026-03-10T11:00Z"}
        )
        [later] = stored(api, BOB)
        assert (later.start, later.end, later.name) == (
            before.start,
            before.end.replace(hour=11),
            "GP",
        )

    def test_details_null_or_empty_clears_them(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        body = made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z", details="Dentist")
        for cleared in (None, ""):
            api.call("PUT", path(api, BOB, body["uuid"]), key=key, json_body={"details": "x"})
            reply = api.call(
                "PUT", path(api, BOB, body["uuid"]), key=key, json_body={"details": cleared}
            )
            assert reply.json["details"] == "" and stored(api, BOB)[0].name is None

    def test_moving_onto_another_record_is_409_and_changes_nothing(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        first = made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z")
        made(api, key, BOB, "2026-03-10T12:00Z", "2026-03-10T13:00Z")
        before = stored(api, BOB)
        reply = api.call("PUT", path(api, BOB, first["uuid"]), key=key, json_body={
            "start": "2026-03-10T11:30Z", "end": "2026-03-10T12:30Z", "details": "moved",
        })  # fmt: skip
        assert reply.status == 409 and reply.json["error"]["code"] == "OverlappingUnavailability"
        assert stored(api, BOB) == before

    def test_changing_to_an_archived_type_is_409(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        body = made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z")
        set_archived(api.store, OPERATOR, WS, "Training", True)
        reply = api.call("PUT", path(api, BOB, body["uuid"]), key=key,
                         json_body={"type": {"uuid": type_id(api, "Training")}})  # fmt: skip
        assert reply.status == 409 and reply.json["error"]["code"] == "ArchivedType"
        assert stored(api, BOB)[0].type_id == type_id(api, DAY_OFF)

    def test_a_record_of_an_archived_type_may_change_its_other_fields(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        body = made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z", type_name="Training")
        set_archived(api.store, OPERATOR, WS, "Training", True)
        for change in ({"details": "Course"}, {**body, "end": "2026-03-10T11:00:00+00:00"}):
            reply = api.call("PUT", path(api, BOB, body["uuid"]), key=key, json_body=change)
            assert reply.status == 200, reply.body
        [record] = stored(api, BOB)
        assert (record.type_id, record.end.hour) == (type_id(api, "Training"), 11)

    def test_a_record_of_another_user_is_404_and_unchanged(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        theirs = made(api, key, "carol@example.com", "2026-03-10T09:00Z", "2026-03-10T10:00Z")
        reply = api.call("PUT", path(api, BOB, theirs["uuid"]), key=key, json_body={"details": "x"})
        assert reply.status == 404
        assert stored(api, "carol@example.com")[0].name is None


class TestRoundTrip:
    """A client that PUTs back what it GETs leaves the record as it was, whatever its span."""

    def put_back(self, api: Api, key: str, record_id: str) -> dict[str, Any]:
        got = api.call("GET", path(api, BOB, record_id), key=key).json
        for _ in range(3):
            reply = api.call("PUT", path(api, BOB, record_id), key=key, json_body=got)
            assert reply.status == 200, reply.body
        again: dict[str, Any] = api.call("GET", path(api, BOB, record_id), key=key).json
        assert again == got
        return again

    def test_whole_days_ending_at_23_59_59(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        for start, end in [
            ("2019-03-20T00:00:00+00:00", "2019-03-20T23:59:59+00:00"),  # a UTC day
            ("2019-03-22T00:00:00", "2019-03-23T23:59:59"),  # two days in Madrid
            ("2019-03-25T10:00:00+01:00", "2019-03-25T12:00:00+01:00"),  # timed
            ("2019-03-26T18:00:00Z", "2019-03-27T00:00:00Z"),  # an exclusive midnight end
        ]:
            body = made(api, key, BOB, start, end)
            before = [r for r in stored(api, BOB) if r.id == body["uuid"]]
            self.put_back(api, key, body["uuid"])
            assert [r for r in stored(api, BOB) if r.id == body["uuid"]] == before

    def test_a_day_in_the_members_zone_ends_at_its_last_local_second(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        body = made(api, key, BOB, "2019-03-22T00:00:00", "2019-03-22T23:59:59")
        assert (body["start"], body["end"]) == (
            "2019-03-21T23:00:00+00:00", "2019-03-22T22:59:59+00:00",
        )  # fmt: skip

    def test_whole_local_days_are_stored_as_all_day_records(self, api: Api) -> None:
        """As Slack's date ranges are: shown as days there; a UTC day is not Bob's day."""
        key = api.key(Scope.WRITE)
        made(api, key, BOB, "2019-03-22T00:00:00", "2019-03-23T23:59:59")
        made(api, key, BOB, "2019-03-25T00:00:00Z", "2019-03-25T23:59:59Z")
        assert [r.all_day for r in stored(api, BOB)] == [True, False]

    def test_a_slack_record_of_whole_days(self, api: Api) -> None:
        """Made in Slack: Madrid midnight to midnight, stored with an exclusive end."""
        from core.people.model import Actor

        madrid_day = Span(
            datetime(2026, 3, 9, 23, tzinfo=UTC), datetime(2026, 3, 10, 23, tzinfo=UTC), True
        )
        view = add_unavailability(
            api.store, Actor(api.members[BOB]), workspace_id=WS, member_id=api.members[BOB].id,
            span=madrid_day, source="slack", now=datetime(2026, 3, 2, tzinfo=UTC),
        )  # fmt: skip
        got = self.put_back(api, api.key(Scope.WRITE), view.record.id)
        assert got["end"] == "2026-03-10T22:59:59+00:00"
        [record] = stored(api, BOB)
        assert (record.start, record.end, record.all_day) == (
            madrid_day.start,
            madrid_day.end,
            True,
        )


class TestDelete:
    def test_delete_answers_204_then_the_record_is_404(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        body = made(api, key, BOB, "2026-03-10T09:00Z", "2026-03-10T10:00Z")
        reply = api.call("DELETE", path(api, BOB, body["uuid"]), key=key)
        assert (reply.status, reply.body) == (204, b"")
        assert api.call("GET", path(api, BOB, body["uuid"]), key=key).status == 404
        assert api.call("DELETE", path(api, BOB, body["uuid"]), key=key).status == 404
        assert stored(api, BOB) == []

    def test_a_record_of_another_user_is_404_and_kept(self, api: Api) -> None:
        key = api.key(Scope.WRITE)
        theirs = made(api, key, "carol@example.com", "2026-03-10T09:00Z", "2026-03-10T10:00Z")
        assert api.call("DELETE", path(api, BOB, theirs["uuid"]), key=key).status == 404
        assert len(stored(api, "carol@example.com")) == 1
