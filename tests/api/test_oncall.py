"""availbot's rotations, resolved schedules and on-call over real HTTP, checked against
`availbot oncall --json` on the same database."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, date, datetime, time
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from core.access.keys import set_api
from core.access.model import Scope
from core.model import new_id
from core.people.model import OPERATOR
from core.records.unavailability import add_unavailability
from core.rotations.model import Handoff, Rotation, RotationDefinition, RotationVersion, ShiftLength
from core.rotations.overrides import cover
from core.schedules.file import apply_schedules
from core.time.spans import Span, day_span, zone
from tests.api.conftest import NOW, WS, Api

SCHEDULES = """
[[rotation]]
name = "primary"
timezone = "Europe/Berlin"
shift = "1w"
handoff = "mon 09:00"
start = 2026-03-02
members = ["ann@example.com", "bob@example.com", "carol@example.com"]
"""
SHIFTS = "/api/v1/rotations/primary/shifts"
WINDOW = "?since=2026-03-02&until=2026-03-15"  # Berlin days: 1 Mar 23:00Z to 15 Mar 23:00Z


def utc(day: int, hour: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def z(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def team(api: Api) -> Api:
    """primary: Ann from Mon 2 Mar 09:00 Berlin, then Bob, then Carol; Carol covers 4 Mar
    10:00-5 Mar 10:00 UTC; Bob is off sick (private) on Wed 11 Mar in Madrid: a gap."""
    apply_schedules(
        api.store, OPERATOR, workspace_id=WS, text=SCHEDULES, fallback_zone="UTC", now=NOW
    )
    carol = api.members["carol@example.com"]
    cover(api.store, OPERATOR, workspace_id=WS, rotation_name="primary",
          span=Span(utc(4, 10), utc(5, 10)), member=carol, now=NOW)  # fmt: skip
    span = day_span(date(2026, 3, 11), date(2026, 3, 11), zone("Europe/Madrid"))
    bob = api.members["bob@example.com"]
    add_unavailability(api.store, OPERATOR, workspace_id=WS, member_id=bob.id, span=span,
                       type_name="Sick", now=NOW)  # fmt: skip
    return api


def person(api: Api, email: str) -> dict[str, str]:
    member = api.members[email]
    return {"id": member.id, "name": member.name, "email": member.email}


def refusal(reply: Any, status: int) -> dict[str, Any]:
    assert reply.status == status, reply.body
    body: dict[str, Any] = reply.json
    assert body["ok"] is False and body["message"] == body["error"]["message"]
    return body


def cli_json(tmp_path: Path, *argv: str) -> Any:
    """`availbot ARGV --json` on the API's database (the fixture's SQLite file)."""
    out = io.StringIO()
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'availbot.db'}"}
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main([*argv, "--json"], env) == 0
    return json.loads(out.getvalue())


def joined(items: list[dict[str, Any]]) -> list[tuple[str, str, str, bool]]:
    """Back-to-back stretches of one member and override-ness as one (from, to, id, override)."""
    found = []
    for (member, override), run in groupby(items, lambda i: (i["member"]["id"], i["override"])):
        stretch = list(run)
        found.append((stretch[0]["from"], stretch[-1]["to"], member, override))
    return found


class TestRotations:
    def test_every_rotation_with_its_definition_and_members_in_order(self, team: Api) -> None:
        reply = team.call("GET", "/api/v1/rotations", key=team.key(Scope.READ))
        assert reply.status == 200
        [primary] = reply.json["rotations"]
        assert primary["id"].startswith("rot_")
        assert {k: v for k, v in primary.items() if k != "id"} == {
            "name": "primary",
            "timezone": "Europe/Berlin",
            "shift": "1w",
            "handoff": "mon 09:00",
            "start": "2026-03-02",
            "members": [
                person(team, e) for e in ("ann@example.com", "bob@example.com", "carol@example.com")
            ],
        }

    def test_none_is_an_empty_list(self, api: Api) -> None:
        assert api.call("GET", "/api/v1/rotations", key=api.key()).json == {"rotations": []}


class TestShifts:
    def test_scheduled_overrides_final_and_gaps(self, team: Api) -> None:
        reply = team.call("GET", SHIFTS + WINDOW, key=team.key(Scope.READ))
        assert reply.status == 200, reply.body
        found = reply.json
        ann, bob, carol = (person(team, f"{n}@example.com") for n in ("ann", "bob", "carol"))
        assert found["rotation"]["name"] == "primary"
        assert (found["since"], found["until"], found["computable"]) == (
            "2026-03-01T23:00:00Z", "2026-03-15T23:00:00Z", True,
        )  # fmt: skip
        assert found["scheduled"] == [
            {"from": "2026-03-02T08:00:00Z", "to": "2026-03-09T08:00:00Z", "member": ann},
            {"from": "2026-03-09T08:00:00Z", "to": "2026-03-15T23:00:00Z", "member": bob},
        ]
        [override] = found["overrides"]
        assert override["id"].startswith("ovr_")
        assert override | {"id": ""} == {
            "id": "", "from": "2026-03-04T10:00:00Z", "to": "2026-03-05T10:00:00Z",
            "member": carol,
        }  # fmt: skip
        assert [(f["from"], f["to"], f["member"], f["override"]) for f in found["final"]] == [
            ("2026-03-02T08:00:00Z", "2026-03-04T10:00:00Z", ann, False),
            ("2026-03-04T10:00:00Z", "2026-03-05T10:00:00Z", carol, True),
            ("2026-03-05T10:00:00Z", "2026-03-09T08:00:00Z", ann, False),
            ("2026-03-09T08:00:00Z", "2026-03-15T23:00:00Z", bob, False),
        ]
        [gap] = found["gaps"]
        assert gap | {"unavailable": []} == {
            "from": "2026-03-10T23:00:00Z", "to": "2026-03-11T23:00:00Z", "member": bob,
            "override": False, "why": "unavailable", "unavailable": [],
            "suggestions": [carol, ann],  # fewest on-call hours in the 30 days before first
        }  # fmt: skip
        assert [(u["type"], u["kind"]) for u in gap["unavailable"]] == [
            ("Sick", "hard_unavailable")
        ]

    def test_it_agrees_with_availbot_oncall_json_for_the_same_window(
        self, team: Api, tmp_path: Path
    ) -> None:
        found = team.call("GET", SHIFTS + WINDOW, key=team.key(Scope.READ)).json
        cli = cli_json(tmp_path, "oncall", "primary", "--from", "2026-03-02", "--to", "2026-03-15")
        assert joined(found["final"]) == joined(cli["segments"])
        assert found["gaps"] == [
            {k: s[k] for k in ("from", "to", "member", "override", "unavailable", "suggestions")}
            | {"why": "unavailable"}
            for s in cli["segments"]
            if s["gap"]
        ]

    def test_by_id_and_in_instants_with_the_default_window_from_now(self, team: Api) -> None:
        key = team.key(Scope.READ)
        rotation = team.call("GET", "/api/v1/rotations", key=key).json["rotations"][0]
        by_id = team.call("GET", f"/api/v1/rotations/{rotation['id']}/shifts", key=key).json
        assert (by_id["since"], by_id["until"]) == (z(NOW), "2026-03-16T10:00:00Z")
        exact = team.call(
            "GET", SHIFTS + "?since=2026-03-04T11:00:00%2B01:00&until=2026-03-04T12:00:00", key=key
        ).json
        assert [(f["from"], f["to"], f["override"]) for f in exact["final"]] == [
            ("2026-03-04T10:00:00Z", "2026-03-04T12:00:00Z", True)
        ]

    def test_a_teammate_reads_a_private_type_as_away(self, team: Api) -> None:
        key = team.key(Scope.READ, member="carol@example.com")
        gap = team.call("GET", SHIFTS + WINDOW, key=key).json["gaps"][0]
        assert [u["type"] for u in gap["unavailable"]] == ["Away"]

    @pytest.mark.parametrize(
        ("query", "words"),
        [
            ("?since=2026-03-02&until=2026-06-03", "at most 93 days"),
            ("?since=2026-03-02T00:00:00Z&until=2026-06-03T00:00:01Z", "at most 93 days"),
            ("?since=2026-03-05&until=2026-03-04", "not after"),
            ("?since=2026-03-05T00:00:00Z&until=2026-03-05T00:00:00Z", "not after"),
            ("?since=yesterday", "'since'"),
            ("?until=2026-02-30", "'until'"),
            ("?since=9999-12-31", "outside the dates"),
        ],
    )
    def test_a_bad_window_is_a_clear_400(self, team: Api, query: str, words: str) -> None:
        reply = team.call("GET", SHIFTS + query, key=team.key(Scope.READ))
        assert words in refusal(reply, 400)["message"]

    def test_93_whole_days_are_fine_and_94_are_too_long(self, team: Api) -> None:
        reply = team.call("GET", SHIFTS + "?since=2026-03-02&until=2026-06-02", key=team.key())
        assert reply.status == 200
        reply = team.call("GET", SHIFTS + "?since=2026-03-02&until=2026-06-03", key=team.key())
        assert refusal(reply, 400)["error"]["code"] == "WindowTooLong"

    @pytest.mark.parametrize("ref", ["secondary", "..%2F..%2Fetc", "%00", "primary%0A"])
    def test_an_unknown_rotation_is_404(self, any_api: Api, ref: str) -> None:
        apply_schedules(any_api.store, OPERATOR, workspace_id=WS, text=SCHEDULES,
                        fallback_zone="UTC", now=NOW)  # fmt: skip
        reply = any_api.call("GET", f"/api/v1/rotations/{ref}/shifts", key=any_api.key())
        refusal(reply, 404)

    def test_a_rotation_whose_shifts_cannot_be_computed_says_so(self, team: Api) -> None:
        plant_uncomputable(team)
        key = team.key()
        far = team.call("GET", "/api/v1/rotations/far/shifts", key=key).json
        assert (far["computable"], far["scheduled"], far["final"], far["gaps"]) == (
            False, [], [], [],
        )  # fmt: skip
        held = team.call("GET", "/api/v1/oncall", key=key).json["oncall"]
        assert [(h["rotation"]["name"], h["computable"]) for h in held] == [
            ("far", False), ("primary", True),
        ]  # fmt: skip


class TestOnCall:
    def test_now_during_an_override_and_before_the_rotation_starts(self, team: Api) -> None:
        key = team.key(Scope.READ)
        ann, carol = person(team, "ann@example.com"), person(team, "carol@example.com")
        now = team.call("GET", "/api/v1/oncall", key=key).json
        assert now["at"] == z(NOW)
        [held] = now["oncall"]
        assert held["rotation"]["name"] == "primary"
        assert held | {"rotation": None} == {
            "rotation": None, "member": ann, "from": "2026-03-02T08:00:00Z",
            "to": "2026-03-04T10:00:00Z", "override": False, "computable": True,
        }  # fmt: skip
        during = team.call("GET", "/api/v1/oncall?at=2026-03-04T12:00:00Z", key=key).json
        assert [(h["member"], h["from"], h["to"], h["override"]) for h in during["oncall"]] == [
            (carol, "2026-03-04T10:00:00Z", "2026-03-05T10:00:00Z", True)
        ]
        before = team.call("GET", "/api/v1/oncall?at=2026-03-01T12:00:00%2B01:00", key=key).json
        assert before["at"] == "2026-03-01T11:00:00Z"
        assert [(h["member"], h["from"], h["to"]) for h in before["oncall"]] == [(None, None, None)]

    @pytest.mark.parametrize("at", ["now", "2026-13-01T00:00:00Z", "9999-12-31T23:00:00Z"])
    def test_a_malformed_or_far_instant_is_400(self, team: Api, at: str) -> None:
        reply = team.call("GET", f"/api/v1/oncall?at={at}", key=team.key())
        refusal(reply, 400)


class TestWhoMayCall:
    @pytest.mark.parametrize("route", ["/api/v1/rotations", SHIFTS, "/api/v1/oncall"])
    def test_no_key_401_disabled_api_403_any_scope_reads(self, team: Api, route: str) -> None:
        assert team.call("GET", route).status == 401
        assert team.call("GET", route, key="avb_bad_key").status == 401
        for scope in Scope:
            assert team.call("GET", route, key=team.key(scope)).status == 200
        member_key = team.key(Scope.READ, member="bob@example.com")
        assert team.call("GET", route, key=member_key, scheme="Token").status == 200
        set_api(team.store, WS, False)
        refusal(team.call("GET", route, key=member_key), 403)

    def test_writes_are_405(self, team: Api) -> None:
        refusal(team.call("POST", "/api/v1/oncall", key=team.key(), json_body={}), 405)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(since=st.text(max_size=30), until=st.text(max_size=30))
def test_any_window_text_is_answered_without_a_server_error(
    team: Api, since: str, until: str
) -> None:
    query = urlencode({"since": since, "until": until})
    reply = team.call("GET", f"{SHIFTS}?{query}", key=team.key())
    assert reply.status in (200, 400), reply.body


def plant_uncomputable(api: Api) -> None:
    """A rotation starting on 9999-12-31, as a schedules file could store before its dates
    were checked (tests/cli/test_input_limits.py)."""
    ids = (api.members["ann@example.com"].id,)
    weekly = RotationDefinition(
        "UTC", ShiftLength(1, "w"), Handoff(time(9), 0), date(9999, 12, 31), ids
    )
    version = RotationVersion(None, weekly, NOW)
    api.store.rotations.add(Rotation(new_id("rot"), WS, "far", (version,), NOW))
