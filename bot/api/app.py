"""The API's Falcon app: middleware, the one error mapping, and every family's routes."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import falcon

from bot.api import calendar, fieldaware, hotpot, oncall, workforce
from bot.api.auth import Authentication
from bot.api.bodies import UPLOAD_BODY_BYTES
from bot.api.caller import ApiApp, ApiServices
from bot.api.errors import refused, serialize_http_error, unexpected
from core.errors import AvailbotError, BodyTooLarge
from core.ports import ApiStore

OPENAPI_PATH = "/api/openapi.json"
OPENAPI_FAMILIES = ("hotpot", "fieldaware", "workforce", "oncall", "calendar")
FAMILIES = (
    hotpot.register,
    fieldaware.register,
    workforce.register,
    oncall.register,
    calendar.register,
)


class Renewal:
    """Each request is a unit of work: its thread's connection is renewed first (as the
    Slack listeners' is), and a body longer than any endpoint takes is refused unread."""

    def __init__(self, store: ApiStore) -> None:
        self._store = store

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.content_length is not None and req.content_length > UPLOAD_BODY_BYTES:
            raise BodyTooLarge(UPLOAD_BODY_BYTES)
        self._store.renew()


class OpenApiDocument:
    """`GET /api/openapi.json`: the document every endpoint is described in (no key)."""

    public = True

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = openapi_document()


@cache
def openapi_document() -> dict[str, Any]:
    """bot/api/openapi/base.json with each family's paths and schemas (one file per family,
    beside its resources' module name) merged in."""
    folder = resources.files("bot.api").joinpath("openapi")
    document: dict[str, Any] = json.loads(folder.joinpath("base.json").read_text("utf-8"))
    for family in OPENAPI_FAMILIES:
        part = json.loads(folder.joinpath(f"{family}.json").read_text("utf-8"))
        document["paths"].update(part.get("paths", {}))
        for section, entries in part.get("components", {}).items():
            document["components"].setdefault(section, {}).update(entries)
    return document


def create_api(services: ApiServices) -> ApiApp:
    middleware: list[Any] = [Renewal(services.store), Authentication(services)]
    app: ApiApp = falcon.App(middleware=middleware)
    app.req_options.strip_url_path_trailing_slash = True
    app.add_error_handler(Exception, unexpected)
    app.add_error_handler(AvailbotError, refused)
    app.set_error_serializer(serialize_http_error)
    app.add_route(OPENAPI_PATH, OpenApiDocument())
    for register in FAMILIES:
        register(app, services)
    return app
