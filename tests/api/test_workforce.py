"""The workforce tool's effective availability over real HTTP, starting from its own example."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.access.keys import set_api
from core.access.model import Scope
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR, Member
from core.records.unavailability import add_unavailability
from core.schedules.file import apply_schedules
from core.time.spans import day_span, zone
from tests.api.conftest import NOW, WS, Api

# The tool's page: day type Morning on 2 May, weekends 16:00-22:00, Monday 5 May off.
EXAMPLE = """
[[day_type]]
name = "Morning"
intervals = ["08:00-13:00"]

[[day_assignment]]
member = "xx1@example.com"
day_type = "Morning"
dates = [2025-05-02]

[[availability_pattern]]
member = "xx1@example.com"
rrule = "FREQ=WEEKLY;BYDAY=SA,SU"
intervals = ["16:00-22:00"]

[[shift_pattern]]
member = "xx1@example.com"
cycle = ["off"]
start = 2025-05-05

[[availability_pattern]]
member = "bob@example.com"
rrule = "FREQ=DAILY"
intervals = ["08:00-13:00"]

[[rotation]]
name = "primary"
timezone = "UTC"
shift = "1d"
handoff = "00:00"
start = 2026-03-27
members = ["bob@example.com"]
"""
# The tool's page, word for word.
DOCUMENTED = [
    {"day": "2025-05-02", "type": "DAY_TYPE", "personId": "XX1", "free": False,
     "intervals": [{"from": "2025-05-02T08:00:00.000Z", "to": "2025-05-02T13:00:00.000Z"}]},
    {"day": "2025-05-03", "type": "AVAILABILITY_PATTERN", "personId": "XX1", "free": False,
     "intervals": [{"from": "2025-05-03T16:00:00.000Z", "to": "2025-05-03T22:00:00.000Z"}]},
    {"day": "2025-05-04", "type": "AVAILABILITY_PATTERN", "personId": "XX1", "free": False,
     "intervals": [{"from": "2025-05-04T16:00:00.000Z", "to": "2025-05-04T22:00:00.000Z"}]},
    {"day": "2025-05-05", "type": "SHIFT_PATTERN", "personId": "XX1", "free": True,
     "intervals": []},
]  # fmt: skip
NOT_FOUND = "Person not found for business"
TOO_LONG = "The maximum days to calculate must be 31 days"


def path(employee: str, first: str = "2025-05-02", last: str = "2025-05-05", *,
         business: str = WS, extra: str = "") -> str:  # fmt: skip
    return (
        f"/api/v1/businesses/{business}/people/{employee}/effectiveDisponibilities"
        f"?from={first}&to={last}{extra}"
    )


@pytest.fixture
def xx1(api: Api) -> Member:
    """The tool's example person: external id XX1, in UTC, with the example's schedules."""
    made = add_member(
        api.store,
        OPERATOR,
        WS,
        NewMember("xx1@example.com", "Xavier Xu", "UTC", external_id="XX1"),
    )
    api.members[made.email] = made
    apply_schedules(
        api.store, OPERATOR, workspace_id=WS, text=EXAMPLE, fallback_zone="UTC", now=NOW
    )
    return made


def refusal(reply: Any) -> dict[str, Any]:
    body: dict[str, Any] = reply.json
    assert body["ok"] is False and body["message"] == body["error"]["message"]
    return body


class TestTheDocumentedExample:
    def test_the_documented_request_answers_the_documented_array(
        self, api: Api, xx1: Member
    ) -> None:
        reply = api.call("GET", path("XX1"), key=api.key(Scope.READ))
        assert reply.status == 200, reply.body
        assert reply.headers["Content-Type"].startswith("application/json")
        assert reply.json == DOCUMENTED

    @pytest.mark.parametrize("ref", ["id", "email", "external id"])
    def test_the_person_by_member_id_email_or_external_id(
        self, api: Api, xx1: Member, ref: str
    ) -> None:
        employee = {"id": xx1.id, "email": xx1.email, "external id": "XX1"}[ref]
        reply = api.call("GET", path(quote(employee)), key=api.key(Scope.READ), scheme="Token")
        assert (reply.status, reply.json) == (200, DOCUMENTED)

    def test_person_id_is_the_member_id_without_an_external_id(self, api: Api, xx1: Member) -> None:
        bob = api.members["bob@example.com"]
        reply = api.call("GET", path(bob.email, "2026-03-02", "2026-03-02"), key=api.key())
        assert [d["personId"] for d in reply.json] == [bob.id]

    def test_nothing_defined_is_an_empty_array(self, api: Api, xx1: Member) -> None:
        key = api.key(Scope.READ)
        assert api.call("GET", path("carol@example.com"), key=key).json == []
        assert api.call("GET", path("XX1", "2025-04-28", "2025-05-01"), key=key).json == []

    def test_availbots_extras_ride_along_only_when_asked(self, api: Api, xx1: Member) -> None:
        bob = api.members["bob@example.com"]
        span = day_span(date(2026, 3, 30), date(2026, 3, 30), zone("Europe/Madrid"))
        add_unavailability(
            api.store, OPERATOR, workspace_id=WS, member_id=bob.id, span=span, type_name="Sick",
            now=NOW,
        )  # fmt: skip
        key = api.key(Scope.READ, member="carol@example.com")  # a teammate, not an admin
        extra = "&include=unavailable,onCall"
        days = api.call("GET", path(bob.id, "2026-03-30", "2026-03-30", extra=extra), key=key).json
        assert days == [
            {"day": "2026-03-30", "type": "AVAILABILITY_PATTERN", "personId": bob.id,
             "free": False, "intervals": [],
             "unavailable": [{"id": days[0]["unavailable"][0]["id"], "type": "Away",
                              "kind": "hard_unavailable", "from": "2026-03-29T22:00:00.000Z",
                              "to": "2026-03-30T22:00:00.000Z"}],
             "onCall": [{"rotation": "primary", "from": "2026-03-29T22:00:00.000Z",
                         "to": "2026-03-30T22:00:00.000Z"}]},
        ]  # fmt: skip
        plain = api.call("GET", path(bob.id, "2026-03-30", "2026-03-30"), key=key).json
        assert set(plain[0]) == {"day", "type", "personId", "free", "intervals"}


class TestDaylightSaving:
    def test_local_hours_keep_their_clock_across_the_spring_change(
        self, api: Api, xx1: Member
    ) -> None:
        """Madrid moves to summer time on Sunday 29 March 2026: 08:00 is 07:00Z, then 06:00Z."""
        reply = api.call("GET", path("bob@example.com", "2026-03-28", "2026-03-30"), key=api.key())
        assert [(d["day"], d["intervals"]) for d in reply.json] == [
            (f"2026-03-{day}", [{"from": f"2026-03-{day}T{start}:00:00.000Z",
                                 "to": f"2026-03-{day}T{end}:00:00.000Z"}])
            for day, start, end in (("28", "07", "12"), ("29", "06", "11"), ("30", "06", "11"))
        ]  # fmt: skip


class TestRefusals:
    def test_over_31_days_answers_the_documented_message(self, api: Api, xx1: Member) -> None:
        key = api.key(Scope.READ)
        assert api.call("GET", path("XX1", "2025-05-01", "2025-05-31"), key=key).status == 200
        reply = api.call("GET", path("XX1", "2025-05-01", "2025-06-01"), key=key)
        assert reply.status == 400
        assert refusal(reply)["message"] == TOO_LONG
        assert reply.json["error"]["code"] == "WindowTooLong"

    @pytest.mark.parametrize("business", ["BUSINESSID", "t0api", "T0OTHER", "%20T0API"])
    def test_another_business_is_answered_as_an_unknown_person(
        self, api: Api, xx1: Member, business: str
    ) -> None:
        key = api.key(Scope.READ)
        other = api.call("GET", path("XX1", business=business), key=key)
        unknown = api.call("GET", path("XX2"), key=key)
        assert (other.status, unknown.status) == (404, 404)
        assert refusal(other)["message"] == NOT_FOUND
        assert other.json == unknown.json  # a guess learns nothing

    @pytest.mark.parametrize(
        ("query", "named"),
        [
            ("to=2025-05-05", "from"),
            ("from=2025-05-02", "to"),
            ("from=2025-5-2&to=2025-05-05", "from"),
            ("from=2025-05-02&to=2025-05-32", "to"),
            ("from=02/05/2025&to=2025-05-05", "from"),
            ("from=2025-05-02&to=2025-05-05T00:00", "to"),
            ("from=2025-05-02&to=2025-05-05&include=holidays", "include"),
        ],
    )
    def test_a_missing_or_malformed_parameter_is_named(
        self, api: Api, xx1: Member, query: str, named: str
    ) -> None:
        reply = api.call(
            "GET", f"/api/v1/businesses/{WS}/people/XX1/effectiveDisponibilities?{query}",
            key=api.key(),
        )  # fmt: skip
        assert reply.status == 400
        assert f"'{named}'" in refusal(reply)["message"]
        assert reply.json["error"]["code"] == "BadParameter"

    def test_a_last_day_before_the_first_or_out_of_range_is_refused(
        self, api: Api, xx1: Member
    ) -> None:
        key = api.key()
        backwards = api.call("GET", path("XX1", "2025-05-05", "2025-05-02"), key=key)
        assert backwards.status == 400 and "before the first" in refusal(backwards)["message"]
        far = api.call("GET", path("XX1", "9999-12-30", "9999-12-31"), key=key)
        assert far.status == 400 and refusal(far)["error"]["code"] == "DateOutOfRange"

    def test_no_key_is_401_and_a_disabled_api_403(self, api: Api, xx1: Member) -> None:
        key = api.key(Scope.READ)
        assert api.call("GET", path("XX1")).status == 401
        assert api.call("GET", path("XX1"), key="avb_nope_nope").status == 401
        set_api(api.store, WS, False)
        assert api.call("GET", path("XX1"), key=key).status == 403

    def test_other_methods_are_405(self, api: Api, xx1: Member) -> None:
        reply = api.call("POST", path("XX1"), key=api.key(), json_body={})
        assert reply.status == 405 and refusal(reply)

    @pytest.mark.parametrize(
        "employee", ["..%2F..%2Fetc%2Fpasswd", "%00", "XX1%00", "%E2%80%8BXX1", "x" * 2000]
    )
    def test_hostile_refs_are_unknown_people_never_errors(
        self, any_api: Api, employee: str
    ) -> None:
        reply = any_api.call("GET", path(employee), key=any_api.key())
        assert reply.status == 404, reply.body
        assert refusal(reply)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    employee=st.text(min_size=1, max_size=40),
    first=st.dates(date(1960, 1, 1), date(2300, 1, 1)),
    days=st.integers(-3, 40),
)
def test_any_person_and_window_is_answered_without_a_server_error(
    api: Api, employee: str, first: date, days: int
) -> None:
    last = first + timedelta(days=days)
    reply = api.call("GET", path(quote(employee, safe=""), first.isoformat(), last.isoformat()),
                     key=api.key())  # fmt: skip
    assert reply.status in (200, 400, 404), reply.body
    if reply.status != 200:
        assert refusal(reply)
