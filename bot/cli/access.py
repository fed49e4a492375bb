"""`availbot api-keys` and `availbot api`: keys for the HTTP API and its switch (docs/api.md).

A key's text is printed once, by `create`, and stored nowhere; lists show its prefix.
Keys and the switch are the operator's (and admins'): a member-bound key is made for a
member, never by one.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command, group
from bot.words.jsonshapes import Json, instant
from core.access.keys import create_key, list_keys, revoke_key, set_api
from core.access.model import ApiKey, Scope
from core.counts import count
from core.people.members import find_member
from core.people.model import Member
from core.people.permissions import require_admin

SCOPES = tuple(scope.value for scope in Scope)


def keys_create(ctx: Context, args: argparse.Namespace) -> Output:
    require_admin(ctx.actor, "manage API keys")
    member = find_member(ctx.store, ctx.ws, args.member) if args.member else None
    key, text = create_key(
        ctx.store,
        workspace_id=ctx.ws,
        name=args.name,
        scope=Scope(args.scope),
        member=member,
        now=ctx.now,
    )
    lines = [
        f"Created API key {key.name} (scope {key.scope.value}, acting as {_who(member)}):",
        text,
        "This key cannot be shown again: store it now. Send it as `Authorization: Bearer KEY`.",
    ]
    if not ctx.workspace.api_enabled:
        lines.append(
            "The HTTP API is off for this workspace: turn it on with `availbot api enable`."
        )
    shown = {"ok": True, **key_json(key, member), "key": text}
    del shown["last_used_at"]  # a new key is unused
    return Output(shown, "\n".join(lines))


def keys_list(ctx: Context, args: argparse.Namespace) -> Output:
    require_admin(ctx.actor, "manage API keys")
    keys = list_keys(ctx.store, ctx.ws)
    members = ctx.store.members.many(ctx.ws, [k.member_id for k in keys if k.member_id])
    shown = [(key, members.get(key.member_id or "")) for key in keys]
    lines = [_key_line(key, member) for key, member in shown]
    lines = lines or ["No API keys yet. Create one with `availbot api-keys create NAME`."]
    return Output([key_json(key, member) for key, member in shown], "\n".join(lines))


def keys_revoke(ctx: Context, args: argparse.Namespace) -> Output:
    require_admin(ctx.actor, "manage API keys")
    key = revoke_key(ctx.store, ctx.ws, args.name, ctx.now)
    return Output(
        {"ok": True, "name": key.name, "prefix": key.prefix, "revoked_at": _at(key.revoked_at)},
        f"Revoked API key {key.name} ({key.prefix}): it is refused from now on.",
    )


def api_enable(ctx: Context, args: argparse.Namespace) -> Output:
    return _switch(ctx, True)


def api_disable(ctx: Context, args: argparse.Namespace) -> Output:
    return _switch(ctx, False)


def api_status(ctx: Context, args: argparse.Namespace) -> Output:
    live = len(ctx.store.api_keys.all(ctx.ws))
    return Output(
        _status_json(ctx.ws, ctx.workspace.api_enabled),
        f"{_status_words(ctx.ws, ctx.workspace.api_enabled)} ({count(live, 'live key')}).",
    )


def _switch(ctx: Context, enabled: bool) -> Output:
    require_admin(ctx.actor, "turn the HTTP API on or off")
    workspace = set_api(ctx.store, ctx.ws, enabled)
    words = _status_words(workspace.id, enabled)
    more = (
        "Calls with a key are answered from now on."
        if enabled
        else "Every call with a key is refused until `availbot api enable`; the keys stay."
    )
    return Output(_status_json(workspace.id, enabled), f"{words}. {more}")


# --- words ---


def key_json(key: ApiKey, member: Member | None) -> Json:
    return {
        "name": key.name,
        "prefix": key.prefix,
        "scope": key.scope.value,
        "member": None if member is None else member.email,
        "created_at": instant(key.created_at),
        "last_used_at": _at(key.last_used_at),
    }


def _at(moment: datetime | None) -> str | None:
    return None if moment is None else instant(moment)


def _who(member: Member | None) -> str:
    return "the operator" if member is None else member.email


def _key_line(key: ApiKey, member: Member | None) -> str:
    who = "operator" if member is None else member.email
    used = _at(key.last_used_at) or "never"
    created = instant(key.created_at)
    return (
        f"{key.name}  {key.prefix}  {key.scope.value}  {who}  created {created}  last used {used}"
    )


def _status_json(workspace_id: str, enabled: bool) -> Json:
    return {"ok": True, "workspace": workspace_id, "enabled": enabled}


def _status_words(workspace_id: str, enabled: bool) -> str:
    return f"The HTTP API is {'enabled' if enabled else 'disabled'} for {workspace_id}"


def register(commands: Group) -> None:
    keys = group(command(commands, "api-keys", "keys for the HTTP API (admins)"))
    create = command(keys, "create", "make a key and print it, once", keys_create)
    create.add_argument("name", help="a name to tell the key apart (1 to 64 characters)")
    create.add_argument("--member", metavar="EMAIL", help="act with this member's rights")
    create.add_argument(
        "--scope", choices=SCOPES, default="read", help="what the key may do (default: read)"
    )
    command(keys, "list", "the live keys: name, prefix, scope, member, use", keys_list)
    command(keys, "revoke", "refuse the key from now on", keys_revoke).add_argument("name")
    api = group(command(commands, "api", "the workspace's HTTP API switch (off by default)"))
    command(api, "enable", "answer calls with a key", api_enable)
    command(api, "disable", "refuse every call with a key", api_disable)
    command(api, "status", "whether the API is on", api_status)
