"""`availbot import`: preview a CSV of time off, commit it now or later by id."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.context import Context, Output
from bot.cli.parser import Group, command
from bot.words.jsonshapes import import_json
from core.counts import count
from core.errors import MissingArgument, UnopenableFile
from core.imports.commit import CommitOutcome, commit_import
from core.imports.model import PlannedRow
from core.imports.preview import preview_import
from core.imports.read import check_size
from core.imports.view import ImportView, import_message, import_view
from core.ports import ImportStore
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
        return _commit(ctx, store, args.commit_id)
    plan = preview_import(
        store,
        ctx.actor,
        workspace_id=ctx.ws,
        data=_read(Path(args.file)),
        file_name=Path(args.file).name,
        default_zone=workspace_zone(ctx.workspace, ctx.settings.timezone),
        now=ctx.now,
    )
    if args.commit and plan.ok:
        return _commit(ctx, store, plan.record.id)
    view = import_view(store, plan.record, plan.rows)
    return _output(ctx, view, import_message(view))


def _commit(ctx: Context, store: ImportStore, import_id: str) -> Output:
    outcome = commit_import(store, ctx.actor, workspace_id=ctx.ws, import_id=import_id, now=ctx.now)
    view = import_view(store, outcome.record, _created_rows(store, outcome))
    words = import_message(
        view, already_saved=outcome.already_saved, tz=ctx.zone_of(ctx.actor.member)
    )
    return _output(ctx, view, words)


def _created_rows(store: ImportStore, outcome: CommitOutcome) -> list[PlannedRow]:
    """The rows this commit saved (rows found identical to a stored record are skipped)."""
    if outcome.created == 0:
        return []
    rows = store.imports.rows(outcome.record.workspace_id, outcome.record.id)
    if len(rows) == outcome.created:
        return rows
    ws = outcome.record.workspace_id
    return [r for r in rows if store.unavailability.get(ws, r.record_id) is not None]


def _output(ctx: Context, view: ImportView, message: str) -> Output:
    return Output(
        import_json(view, message), _summary(ctx, view, message), 0 if view.record.verdict.ok else 1
    )


def _summary(ctx: Context, view: ImportView, message: str) -> str:
    record, verdict = view.record, view.record.verdict
    lines = [
        f"{record.file_name} ({record.id}): {count(record.rows_total, 'row')}, "
        f"{count(len(view.items), 'record')} for {count(view.people, 'person', 'people')}, "
        f"{count(record.duplicates, 'duplicate')}.",
        message,
    ]
    for item in view.items[:SHOWN_ROWS]:
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
