"""The API's gate over real HTTP: keys, scopes, the workspace's switch, and the one error shape
for whatever goes wrong (no such path, a body too large, a database down, a bug)."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import falcon
import pytest

from bot.api.auth import caller_of
from core.access.keys import revoke_key, set_api
from core.access.model import Scope
from core.errors import DatabaseUnavailable
from tests.api.conftest import NOW, WS, Api, Reply

PROBE = "/api/v1/probe"


class Probe:
    """A resource the tests add: GET needs `read`, POST `write`, PUT fails unexpectedly."""

    scopes: ClassVar = {
        "GET": Scope.READ,
        "POST": Scope.WRITE,
        "PUT": Scope.READ,
        "DELETE": Scope.READ,
    }

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        caller = caller_of(req)
        resp.media = {"workspace": caller.ws, "admin": caller.actor.is_admin}

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"written": True}

    def on_put(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise KeyError("a bug with a secret in it: avb_SECRET")

    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise DatabaseUnavailable()


@pytest.fixture
def probed(api: Api) -> Api:
    api.app.add_route(PROBE, Probe())
    return api


def assert_error(reply: Reply, status: int, code: str) -> dict[str, Any]:
    assert reply.status == status, reply.body
    assert str(reply.headers["Content-Type"]).startswith("application/json")
    body: dict[str, Any] = reply.json
    assert body["ok"] is False
    assert body["error"]["code"] == code
    assert body["message"] == body["error"]["message"] and body["message"]
    assert b"Traceback" not in reply.body
    return body


class TestKeys:
    @pytest.mark.parametrize("scheme", ["Bearer", "Token", "bearer"])
    def test_both_vendors_schemes_are_accepted(self, probed: Api, scheme: str) -> None:
        reply = probed.call("GET", PROBE, key=probed.key(Scope.READ), scheme=scheme)
        assert reply.status == 200
        assert reply.json == {"workspace": WS, "admin": True}

    @pytest.mark.parametrize(
        "header",
        [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer avb_nope_nope", "Token x"],
    )
    def test_no_key_or_a_bad_one_is_401(self, probed: Api, header: str | None) -> None:
        headers = {} if header is None else {"Authorization": header}
        reply = probed.call("GET", PROBE, headers=headers)
        body = assert_error(reply, 401, "NotAuthenticated")
        assert str(reply.headers["WWW-Authenticate"]).startswith("Bearer")
        assert "Authorization" in body["message"]

    def test_a_revoked_key_is_401_like_an_unknown_one(self, probed: Api) -> None:
        key = probed.key(Scope.READ, name="old")
        assert probed.call("GET", PROBE, key=key).status == 200
        revoke_key(probed.store, WS, "old", now=NOW)
        revoked = assert_error(probed.call("GET", PROBE, key=key), 401, "NotAuthenticated")
        unknown = assert_error(
            probed.call("GET", PROBE, key=key[:-4] + "abcd"), 401, "NotAuthenticated"
        )
        assert revoked == unknown

    def test_a_key_whose_scope_does_not_cover_the_call_is_403(self, probed: Api) -> None:
        reader = probed.key(Scope.READ)
        body = assert_error(probed.call("POST", PROBE, key=reader), 403, "NotPermitted")
        assert "'write'" in body["message"]
        assert probed.call("POST", PROBE, key=probed.key(Scope.WRITE)).status == 200
        assert probed.call("POST", PROBE, key=probed.key(Scope.ADMIN)).status == 200

    def test_a_member_bound_key_acts_with_that_members_rights(self, probed: Api) -> None:
        bob = probed.call("GET", PROBE, key=probed.key(Scope.READ, member="bob@example.com"))
        ann = probed.call("GET", PROBE, key=probed.key(Scope.READ, member="ann@example.com"))
        assert bob.json["admin"] is False
        assert ann.json["admin"] is True

    def test_the_api_is_off_until_enabled(self, probed: Api) -> None:
        key = probed.key(Scope.READ)
        set_api(probed.store, WS, False)
        body = assert_error(probed.call("GET", PROBE, key=key), 403, "NotPermitted")
        assert "not enabled" in body["message"]
        assert "availbot api enable" in body["message"]
        set_api(probed.store, WS, True)
        assert probed.call("GET", PROBE, key=key).status == 200


class TestErrors:
    def test_an_unknown_path_is_a_json_404(self, api: Api) -> None:
        assert_error(api.call("GET", "/api/v1/nothing-here", key=api.key()), 404, "NotFound")
        assert_error(api.call("GET", "/../../etc/passwd"), 404, "NotFound")

    def test_a_method_the_path_does_not_take_is_a_json_405(self, probed: Api) -> None:
        reply = probed.call("PATCH", PROBE, key=probed.key())
        assert_error(reply, 405, "MethodNotAllowed")
        assert "GET" in str(reply.headers["Allow"])

    def test_a_bug_is_a_500_without_a_traceback_and_is_logged(
        self, probed: Api, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR):
            reply = probed.call("PUT", PROBE, key=probed.key(), json_body={})
        body = assert_error(reply, 500, "InternalError")
        assert "SECRET" not in body["message"] and "KeyError" not in body["message"]
        assert any(r.exc_info for r in caplog.records)

    def test_a_database_down_is_a_503_with_retry_after(self, probed: Api) -> None:
        reply = probed.call("DELETE", PROBE, key=probed.key())
        assert_error(reply, 503, "DatabaseUnavailable")
        assert int(str(reply.headers["Retry-After"])) > 0

    def test_a_body_over_every_cap_is_a_json_413(self, probed: Api) -> None:
        reply = probed.call("POST", PROBE, key=probed.key(), body=b"x" * (11 * 1024 * 1024))
        assert_error(reply, 413, "BodyTooLarge")

    def test_the_openapi_document_needs_no_key(self, api: Api) -> None:
        reply = api.call("GET", "/api/openapi.json")
        assert reply.status == 200
        assert reply.json["openapi"].startswith("3.1")

    def test_healthz_still_answers_beside_the_api(self, api: Api) -> None:
        assert api.call("GET", "/healthz").status == 200

    def test_the_slack_path_is_not_served_without_a_slack_app(self, api: Api) -> None:
        assert_error(api.call("POST", "/slack/events", body=b"{}"), 404, "NotFound")
