"""The API tested as a peer would: schemathesis reads the served OpenAPI document and throws
generated requests (valid and invalid) at the live server; every answer must be documented
(status, content type, headers, body schema) and none may be a 5xx.

Bounded (examples per operation, a fixed seed) so it runs in CI in well under a minute."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from openapi_spec_validator import validate

from bot.api.app import openapi_document
from core.access.model import Scope
from tests.api.conftest import Api

SEED = 20261201
EXAMPLES = int(os.environ.get("AVAILBOT_SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def test_the_document_is_valid_openapi_3_1() -> None:
    document = openapi_document()
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema


def test_every_route_is_described() -> None:
    """Each family's resources and the document list the same paths, each with the same
    methods (a method the document leaves out, schemathesis never sends)."""
    from bot.api import app as api_app

    described = {
        path: set(item) - {"parameters", "summary", "description"}
        for path, item in openapi_document()["paths"].items()
    }
    assert _routes(api_app) == described


@pytest.mark.slow
def test_schemathesis_finds_no_5xx_and_no_undocumented_answer(api: Api, tmp_path: Path) -> None:
    key = api.key(Scope.ADMIN, name="schemathesis")
    url = f"http://127.0.0.1:{api.server.port}"
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{url}/api/openapi.json",
        "--url",
        url,
        "--header",
        f"Authorization: Bearer {key}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--generation-database",
        "none",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--no-color",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]


def _routes(module: object) -> dict[str, set[str]]:
    """The URI templates the API's Falcon app routes and the methods each resource answers
    itself (not Falcon's default 405 and OPTIONS), built without a store: routes only."""
    from bot.api.app import create_api
    from bot.api.caller import ApiServices
    from bot.config import Settings

    app = create_api(ApiServices(cast(Any, None), Settings(), cast(Any, None)))
    templates: dict[str, set[str]] = {}

    def walk(nodes: list[Any]) -> None:
        for node in nodes:
            if node.resource is not None:
                templates[str(node.uri_template)] = {
                    method.lower()
                    for method, responder in node.method_map.items()
                    if getattr(responder, "__self__", None) is node.resource
                }
            walk(list(node.children))

    walk(list(cast(Any, app)._router._roots))
    return templates
