"""Command handlers for the member directory and the type catalogue."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command, group, paging
from bot.cli.text import member_line, page_footer, type_line
from bot.words.jsonshapes import listing, member_json, type_json
from core.counts import count
from core.errors import SlackNotConfigured, UnreadableMembersFile
from core.people.members import (
    NewMember,
    add_member,
    import_members,
    list_members,
    read_member_rows,
)
from core.records.catalogue import add_type, list_types, parse_kind, rename_type, set_archived
from core.records.unavailability import check_page


def members_add(ctx: Context, args: argparse.Namespace) -> Output:
    new = NewMember(
        args.email, args.name, args.tz, args.slack_id, args.admin, external_id=args.external_id
    )
    member = add_member(ctx.store, ctx.actor, ctx.ws, new)
    return Output(member_json(member), "Added member " + member_line(member))


def members_import(ctx: Context, args: argparse.Namespace) -> Output:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableMembersFile(str(path), str(exc)) from exc
    added, updated = import_members(ctx.store, ctx.actor, ctx.ws, read_member_rows(text))
    result = {
        "ok": True,
        "added": [member_json(m) for m in added],
        "updated": [member_json(m) for m in updated],
    }
    return Output(
        result, f"{count(len(added), 'member')} added, {len(updated)} updated from {path.name}."
    )


def members_list(ctx: Context, args: argparse.Namespace) -> Output:
    check_page(args.page, args.page_size)
    page = list_members(ctx.store, ctx.ws, args.page, args.page_size)
    lines = [member_line(m) for m in page.items] + [page_footer(page, "members")]
    return Output(listing(page, member_json), "\n".join(lines))


def members_sync(ctx: Context, args: argparse.Namespace) -> Output:
    if not ctx.settings.slack_configured:
        raise SlackNotConfigured(
            "members sync",
            "Without Slack, use `availbot members add` or `availbot members import FILE.csv`.",
        )
    # Slack's libraries load only for the commands that talk to Slack (CLI start-up time).
    from bot.jobs.directory_sync import sync_directory
    from bot.main import slack_services

    workspace, plan = sync_directory(slack_services(ctx.settings, ctx.store, lambda: ctx.now))
    result = {
        "ok": True,
        "workspace": workspace.id,
        "added": [member_json(m) for m in plan.add],
        "updated": [member_json(m) for m in plan.update],
        "deactivated": [member_json(m) for m in plan.deactivate],
        "skipped": list(plan.skipped),
    }
    return Output(result, f"Synced the directory of {workspace.id} from Slack: {plan.summary}")


def types_list(ctx: Context, args: argparse.Namespace) -> Output:
    check_page(args.page, args.page_size)
    page = list_types(
        ctx.store,
        ctx.ws,
        archived=args.archived,
        name_contains=args.name,
        page=args.page,
        page_size=args.page_size,
    )
    lines = [type_line(t) for t in page.items] + [page_footer(page, "types")]
    return Output(listing(page, type_json), "\n".join(lines))


def types_add(ctx: Context, args: argparse.Namespace) -> Output:
    type_ = add_type(
        ctx.store,
        ctx.actor,
        ctx.ws,
        args.name,
        kind=parse_kind(args.kind),
        paid=args.paid,
        private=args.private,
        description=args.description,
    )
    return Output(type_json(type_), "Added type " + type_line(type_))


def types_rename(ctx: Context, args: argparse.Namespace) -> Output:
    type_ = rename_type(ctx.store, ctx.actor, ctx.ws, args.old, args.new)
    return Output(type_json(type_), f"Renamed {args.old!r} to {type_.name!r}.")


def types_archive(ctx: Context, args: argparse.Namespace) -> Output:
    type_ = set_archived(ctx.store, ctx.actor, ctx.ws, args.name, True)
    return Output(type_json(type_), f"Archived {type_.name!r}; its records keep it.")


def types_restore(ctx: Context, args: argparse.Namespace) -> Output:
    type_ = set_archived(ctx.store, ctx.actor, ctx.ws, args.name, False)
    return Output(type_json(type_), f"Restored {type_.name!r}.")


def register(commands: Group) -> None:
    _register_members(group(command(commands, "members", "the member directory")))
    _register_types(group(command(commands, "types", "unavailability types")))


def _register_members(members: Group) -> None:
    add = command(members, "add", "add a member", members_add)
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--tz", help="IANA time zone, e.g. Europe/Madrid")
    add.add_argument("--slack-id", dest="slack_id")
    add.add_argument("--admin", action="store_true")
    add.add_argument(
        "--external-id", dest="external_id", metavar="ID", help="the HR system's id for them"
    )
    imp = command(members, "import", "add or update members from a CSV", members_import)
    imp.add_argument("file", help="CSV with columns email,name,tz,slack_id,admin[,external_id]")
    paging(command(members, "list", "list members", members_list))
    command(members, "sync", "fill the directory from Slack", members_sync)


def _register_types(types: Group) -> None:
    listing = command(types, "list", "list types", types_list)
    listing.add_argument("--archived", action="store_true", help="list archived types")
    listing.add_argument("--name", help="only names containing this text")
    paging(listing)
    add = command(types, "add", "add a type", types_add)
    add.add_argument("name")
    add.add_argument("--kind", default="hard_unavailable", help="hard, soft or wants_pager")
    add.add_argument("--paid", action="store_true")
    add.add_argument("--private", action="store_true")
    add.add_argument("--description", default="")
    rename = command(types, "rename", "rename a type", types_rename)
    rename.add_argument("old")
    rename.add_argument("new")
    command(types, "archive", "archive a type", types_archive).add_argument("name")
    command(types, "restore", "restore an archived type", types_restore).add_argument("name")
