"""Who may call: the key in the Authorization header, its scope, the workspace's switch."""

from __future__ import annotations

from typing import Any

import falcon

from bot.api.caller import ApiServices, Caller
from core.access.keys import authenticate, require_scope
from core.access.model import ApiKey, Scope
from core.errors import ApiDisabled, NotAuthenticated
from core.people.model import Actor
from core.people.permissions import with_configured_admins

SCHEMES = ("bearer", "token")  # Hotpot's and FieldAware's


def presented_key(header: str | None) -> str:
    """The key of `Bearer KEY` or `Token KEY` (any case of the scheme)."""
    scheme, _, key = (header or "").strip().partition(" ")
    if scheme.lower() not in SCHEMES or not key.strip():
        raise NotAuthenticated()
    return key.strip()


class Authentication:
    """Falcon middleware: every resource but the public ones (`public = True`) needs a key
    whose scope covers `resource.scopes[method]`; the caller lands in `req.context.caller`."""

    def __init__(self, services: ApiServices) -> None:
        self._services = services

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: Any, params: Any
    ) -> None:
        if resource is None or getattr(resource, "public", False):
            return
        needed: dict[str, Scope] = resource.scopes
        if req.method not in needed:
            return  # Falcon answers 405
        req.context.caller = self.caller(req.get_header("Authorization"), needed[req.method])

    def caller(self, header: str | None, needed: Scope) -> Caller:
        services = self._services
        now = services.clock()
        key = authenticate(services.store, presented_key(header), now)
        workspace = services.store.workspaces.get(key.workspace_id)
        if workspace is None:
            raise NotAuthenticated()
        if not workspace.api_enabled:
            raise ApiDisabled(workspace.id)
        require_scope(key, needed)
        return Caller(services, key, workspace, self._actor(key), now)

    def _actor(self, key: ApiKey) -> Actor:
        if key.member_id is None:
            return Actor()  # the operator, within the key's scope
        member = self._services.store.members.get(key.workspace_id, key.member_id)
        if member is None:
            raise NotAuthenticated()
        return Actor(with_configured_admins(member, self._services.settings.admins))


def caller_of(req: falcon.Request) -> Caller:
    caller: Caller = req.context.caller
    return caller
