"""Command handlers for unavailability records: add, list, update, remove."""

from __future__ import annotations

import argparse

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command, paging
from bot.cli.text import page_footer, record_line, record_saved
from bot.words.jsonshapes import listing, record_json
from core.people.members import find_member
from core.records.unavailability import (
    RecordChange,
    add_unavailability,
    get_unavailability,
    list_unavailability,
    remove_unavailability,
    update_unavailability,
)
from core.time.phrases import parse_date, parse_point, parse_when


def add(ctx: Context, args: argparse.Namespace) -> Output:
    member = find_member(ctx.store, ctx.ws, args.email)
    tz = ctx.zone_of(member)
    span = parse_when(" ".join(args.when), tz=tz, now=ctx.now, date_order=ctx.settings.date_order)
    view = add_unavailability(
        ctx.store,
        ctx.actor,
        workspace_id=ctx.ws,
        member_id=member.id,
        span=span,
        type_name=args.type_name,
        name=args.name,
        source="cli",
        now=ctx.now,
    )
    return Output(record_json(view, ctx.actor), record_saved("Added", view, ctx.actor, tz, ctx.now))


def list_records(ctx: Context, args: argparse.Namespace) -> Output:
    member = find_member(ctx.store, ctx.ws, args.email) if args.email else None
    tz = ctx.zone_of(member)
    order = ctx.settings.date_order
    first = parse_date(args.start, tz=tz, now=ctx.now, date_order=order) if args.start else None
    last = parse_date(args.end, tz=tz, now=ctx.now, date_order=order) if args.end else None
    start, end = ctx.window(first, last, tz)
    page = list_unavailability(
        ctx.store,
        workspace_id=ctx.ws,
        member_id=member.id if member else None,
        start=start,
        end=end,
        sort=args.sort,
        page=args.page,
        page_size=args.page_size,
    )
    lines = [record_line(v, ctx.actor, ctx.zone_of(v.member), ctx.now) for v in page.items]
    lines.append(page_footer(page, "records"))
    return Output(listing(page, lambda v: record_json(v, ctx.actor)), "\n".join(lines))


def update(ctx: Context, args: argparse.Namespace) -> Output:
    current = get_unavailability(ctx.store, workspace_id=ctx.ws, record_id=args.id)
    tz = ctx.zone_of(current.member)
    order = ctx.settings.date_order
    start = end = None
    start_date_only = end_date_only = False
    if args.start:
        start, start_date_only = parse_point(
            args.start, tz=tz, now=ctx.now, role="start", date_order=order
        )
    if args.end:
        end, end_date_only = parse_point(args.end, tz=tz, now=ctx.now, role="end", date_order=order)
    change = RecordChange(
        start=start,
        start_date_only=start_date_only,
        end=end,
        end_date_only=end_date_only,
        type_name=args.type_name,
        name=args.name,
        clear_name=args.name == "",
    )
    view = update_unavailability(
        ctx.store, ctx.actor, workspace_id=ctx.ws, record_id=args.id, change=change, now=ctx.now
    )
    return Output(
        record_json(view, ctx.actor), record_saved("Updated", view, ctx.actor, tz, ctx.now)
    )


def remove(ctx: Context, args: argparse.Namespace) -> Output:
    view = remove_unavailability(ctx.store, ctx.actor, workspace_id=ctx.ws, record_id=args.id)
    text = "Removed " + record_line(view, ctx.actor, ctx.zone_of(view.member), ctx.now)
    return Output({"ok": True, "id": view.record.id}, text)


def register(commands: Group) -> None:
    new = command(commands, "add", "record unavailability", add)
    new.add_argument("email")
    new.add_argument("when", nargs="+", help="WHEN, e.g. 2026-12-24 to 2026-12-26")
    new.add_argument("--type", dest="type_name")
    new.add_argument("--name")
    listing = command(commands, "list", "list unavailability", list_records)
    listing.add_argument("email", nargs="?")
    listing.add_argument("--start", help="first day of the window (inclusive)")
    listing.add_argument("--end", help="last day of the window (inclusive)")
    listing.add_argument("--sort", choices=("start", "id"), default="start")
    paging(listing)
    change = command(commands, "update", "change a record", update)
    change.add_argument("id")
    change.add_argument("--start")
    change.add_argument("--end")
    change.add_argument("--type", dest="type_name")
    change.add_argument("--name", help='a new note ("" clears it)')
    command(commands, "remove", "remove a record", remove).add_argument("id")
