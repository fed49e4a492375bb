"""`availbot import`: preview a CSV of time off, commit it now or later by id."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command
from bot.cli.progress import TerminalProgress
from bot.words.importjson import import_json
from core.counts import count
from core.errors import MissingArgument, UnopenableFile
from core.imports.preview import SyncRequest
from core.imports.read import check_size
from core.imports.results import Imported, import_file, save_import
from core.imports.sync import SyncPlan, SyncWindow, parse_window
from core.imports.view import UTC_ZONE, ImportView, import_message
from core.records.model import Unavailability
from core.records.sources import sync_source
from core.time.spans import zone
from core.time.words import describe_span
from core.workspaces import workspace_zone

SHOWN_ROWS = 10


def run_import(ctx: Context, args: argparse.Namespace) -> Output:
    if bool(args.file) == bool(args.commit_id):
        raise MissingArgument(
            "what to import", "a CSV file to preview, or --commit-id IMP to save a preview"
        )
    store = ctx.store
    if args.commit_id:
        result = save_import(
            store, ctx.actor, workspace_id=ctx.ws, import_id=args.commit_id, now=ctx.now
        )
        return _imported(ctx, result)
    tz = zone(workspace_zone(ctx.workspace, ctx.settings.timezone))
    sync = _sync_request(args, tz)
    progress = TerminalProgress(sys.stderr, Path(args.file).name, quiet=args.quiet)
    try:
        result = import_file(
            store,
            ctx.actor,
            workspace_id=ctx.ws,
            data=_read(Path(args.file)),
            file_name=Path(args.file).name,
            default_zone=workspace_zone(ctx.workspace, ctx.settings.timezone),
            now=ctx.now,
            commit=args.commit,
            sync=sync,
            progress=progress,
        )
    finally:
        progress.done()
    return _imported(ctx, result)


def _imported(ctx: Context, result: Imported) -> Output:
    words = import_message(
        result.view, already_saved=result.already_saved, tz=ctx.zone_of(ctx.actor.member)
    )
    return _output(ctx, result.view, words)


def _sync_request(args: argparse.Namespace, tz: ZoneInfo) -> SyncRequest | None:
    if args.source is None:
        if args.window is not None:
            raise MissingArgument("the source", "--window needs --source NAME")
        return None
    window = SyncWindow() if args.window is None else parse_window(args.window, tz)
    return SyncRequest(sync_source(args.source), window)


def _output(ctx: Context, view: ImportView, message: str) -> Output:
    """Neither shape is made unless shown: the JSON streams its rows, the summary reads ten."""
    return Output(
        import_json(view, message),
        lambda: _summary(ctx, view, message),
        0 if view.record.verdict.ok else 1,
    )


def _summary(ctx: Context, view: ImportView, message: str) -> str:
    record, verdict = view.record, view.record.verdict
    lines = [
        f"{record.file_name} ({record.id}): {count(record.rows_total, 'row')}, "
        f"{count(len(view.items), 'record')} for {count(view.people, 'person', 'people')}, "
        f"{count(record.duplicates, 'duplicate')}.",
        message,
    ]
    if view.sync is not None:
        lines += _sync_lines(ctx, view, view.sync)
    for item in view.items[:SHOWN_ROWS]:  # a page of ten, also of a stored import
        member = view.members[item.member_id]
        span = describe_span(item.span, ctx.zone_of(member), now=ctx.now)
        lines.append(f"  {member.name}: {view.types[item.type_id].name}, {span}")
    if len(view.items) > SHOWN_ROWS:
        lines.append(f"  … and {len(view.items) - SHOWN_ROWS} more (--json lists them all).")
    lines += [f"  unmatched email: {email}" for email in verdict.invalid]
    for error in verdict.errors:
        where = f"line {error.line}" if error.line else "file"
        lines.append(f"  {where}{f', {error.column}' if error.column else ''}: {error.message}")
    if verdict.unknown_columns:
        lines.append(f"  ignored columns: {', '.join(verdict.unknown_columns)}")
    if record.status.value == "previewed":
        lines.append(f"Save it with: availbot import --commit-id {record.id}")
    return "\n".join(lines)


def _sync_lines(ctx: Context, view: ImportView, plan: SyncPlan) -> list[str]:
    """The changes, removals and supersessions in words (the first 10 of each)."""

    def said(record: Unavailability) -> str:
        member = view.members.get(record.member_id)
        who = member.name if member else record.member_id
        type_ = view.types.get(record.type_id)
        span = describe_span(record.span, ctx.zone_of(member) if member else UTC_ZONE, now=ctx.now)
        return f"{who}: {type_.name if type_ else record.type_id}, {span} ({record.id})"

    lines = [f"  changed: {said(c.before)} → {said(c.after)}" for c in plan.changed[:SHOWN_ROWS]]
    lines += [f"  removed: {said(r)}" for r in plan.removed[:SHOWN_ROWS]]
    for gone in plan.superseded[:SHOWN_ROWS]:
        kept = ", ".join(said(k) for k in gone.kept) or "removed"
        lines.append(f"  superseded (entered by hand): {said(gone.record)} → {kept}")
    return lines


def _read(path: Path) -> bytes:
    try:
        check_size(path.stat().st_size)
        return path.read_bytes()
    except OSError as exc:
        raise UnopenableFile(str(path), str(exc.strerror)) from exc


def register(commands: Group) -> None:
    imp = command(commands, "import", "preview (and commit) a CSV of time off", run_import)
    imp.add_argument("file", nargs="?", help="CSV with email,start[,end,name,type] columns")
    imp.add_argument("--commit", action="store_true", help="save it if the preview is clean")
    imp.add_argument("--commit-id", metavar="IMP", help="save a stored preview")
    imp.add_argument(
        "--quiet", action="store_true", help="no progress line on the terminal for long files"
    )
    imp.add_argument(
        "--source",
        metavar="NAME",
        help="sync: the file is the whole truth for source NAME in its window",
    )
    imp.add_argument(
        "--window",
        metavar="FROM..TO",
        help="with --source: the span the file covers (default: from its first day on)",
    )
