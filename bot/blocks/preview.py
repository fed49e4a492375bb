"""Builders for a CSV upload: the preview in the upload's thread, its Save/Cancel outcome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.blocks.kit import (
    Block,
    Message,
    button,
    code,
    confirm_dialog,
    context,
    esc,
    message,
    section,
    within_section,
)
from bot.ids import CANCEL_IMPORT_ACTION, PREVIEW_ACTIONS_BLOCK, SAVE_IMPORT_ACTION
from core.counts import count
from core.imports.model import ImportStatus, PlannedRow, SyncSummary
from core.imports.view import ImportView, sync_counts, sync_words
from core.people.model import Member
from core.records.sources import source_name
from core.time.words import describe_span

ZoneOfMember = Callable[[Member | None], ZoneInfo]
PREVIEW_ROWS = 10


def build_preview(view: ImportView, zone_of: ZoneOfMember, now: datetime) -> Message:
    """Counts, the first rows in words, every error (summarised within Slack's limits), and
    Save/Cancel buttons when there is something to save."""
    record = view.record
    blocks = [section(_counts(view)), *_rows(view, zone_of, now), *_problems(view)]
    blocks += _superseded(view, zone_of, now)
    summary = sync_counts(view)
    if summary is not None and record.status is ImportStatus.PREVIEWED and _touches(summary):
        blocks.append(_sync_buttons(view, summary))
    elif record.status is ImportStatus.PREVIEWED and record.to_create:
        blocks.append(_buttons(view))
    elif record.status is ImportStatus.PREVIEWED:
        blocks.append(context("Nothing new to save: every row is already stored."))
    return message(_fallback(view), blocks)


def build_import_outcome(view: ImportView, zone_of: ZoneOfMember, now: datetime) -> Message:
    """The preview after Save or Cancel: who did it and when, and no more buttons."""
    record = view.record
    who = _person(view.committer)
    when = _when(record.committed_at or now)
    summary = sync_counts(view)
    if record.status is ImportStatus.COMMITTED and summary is not None:
        name = esc(source_name(summary.source) or summary.source)
        done = f":white_check_mark: *Synced {name}* by {who} {when}: {sync_words(summary)}."
    elif record.status is ImportStatus.COMMITTED:
        done = f":white_check_mark: *Saved {count(record.created, 'record')}* by {who} {when}."
    else:
        done = f":no_entry_sign: *Cancelled* by {who} {when}; nothing was saved."
    blocks = [section(done), section(_counts(view)), *_rows(view, zone_of, now)]
    return message(f"{_fallback(view)} {_plain_status(view)}", blocks)


def build_upload_failed(file_name: str, words: str) -> Message:
    """A file that could not be previewed (unreadable, too large, not the CSV)."""
    text = esc(f"Could not preview {file_name or 'the file'}: {words} Nothing was saved.")
    return message(text, [section(f":warning: {text}")])


def build_reading(file_name: str, rows: int) -> Message:
    """Said in the thread when a preview takes a while: the file is big, not lost."""
    rows_read = f"{rows:,} row{'' if rows == 1 else 's'}"  # 100,000 rows: a big file, legibly
    text = f":hourglass_flowing_sand: Reading {rows_read} of {esc(file_name)}…"
    return message(text, [section(text)])


def build_upload_refused(words: str) -> Message:
    """The ephemeral answer to a member who is not an admin."""
    text = (
        f"{esc(words)} availbot did not read the file and saved nothing. Ask an admin to "
        "upload it, or add your own time off with `/unavailable add`."
    )
    return message(text, [section(text)])


def build_upload_lost(file_name: str, error: str, *, unsure: bool = False) -> Message:
    """The ephemeral answer when Slack failed an upload midway (availbot could not read the
    file, or Slack would not take its preview): nothing was kept, so it can be uploaded
    again. `unsure`: Slack's answer was lost, so the preview may be in the thread after all."""
    if unsure:
        text = (
            f"Slack did not confirm the preview of {file_name}. If it is not in the upload's "
            "thread, upload the file again."
        )
    else:
        what = f"take the preview of {file_name}" if file_name else "hand over the file you shared"
        text = (
            f"Slack would not {what} ({error}), so availbot saved nothing. "
            "Upload the file again in a minute."
        )
    return message(text, [section(f":warning: {esc(text)}")])


def _counts(view: ImportView) -> str:
    record = view.record
    summary = sync_counts(view)
    if summary is not None:
        name = esc(source_name(summary.source) or summary.source)
        return (
            f"*Preview of a sync of {name}* from {esc(record.file_name)}: "
            f"{count(record.rows_total, 'row')} · {sync_words(summary)} · "
            f"{count(record.duplicates, 'duplicate')}"
        )
    return (
        f"*Preview of {esc(record.file_name)}*: {count(record.rows_total, 'row')} · "
        f"{record.to_create} to create · {count(record.duplicates, 'duplicate')} · "
        f"{count(view.people, 'person', 'people')}"
    )


def _rows(view: ImportView, zone_of: ZoneOfMember, now: datetime) -> list[Block]:
    if not view.items:
        return []
    lines = [_row_words(view, row, zone_of, now) for row in view.items[:PREVIEW_ROWS]]
    more = len(view.items) - PREVIEW_ROWS
    tail = f"\n…and {more} more." if more > 0 else ""
    head = f"*First {count(len(lines), 'record')}*" if len(view.items) > 1 else "*The record*"
    return [section(within_section(lines, head, tail)[0])]


def _row_words(view: ImportView, row: PlannedRow, zone_of: ZoneOfMember, now: datetime) -> str:
    member = view.members.get(row.member_id)
    type_ = view.types.get(row.type_id)
    shown = "Away" if type_ is None or type_.private else type_.name  # the channel sees it
    span = describe_span(row.span, zone_of(member), now=now)
    name = member.name if member else row.member_id
    label = f" — {esc(row.name)}" if row.name else ""
    return f"• line {row.line}: *{esc(shown)}* for {esc(name)}: {span}{label}"


def _problems(view: ImportView) -> list[Block]:
    verdict, cli = view.record.verdict, code(f"availbot import {view.record.file_name}")
    blocks: list[Block] = []
    if verdict.invalid:
        emails = count(len(verdict.invalid), "email")
        head = f"*{emails} {'matches' if len(verdict.invalid) == 1 else 'match'} no member* "
        head += "(looked up in Slack too)"
        shown, rest = within_section([f"• {esc(e)}" for e in verdict.invalid], head, "")
        blocks.append(
            section(shown + (f"\n…and {rest} more; see them all with {cli}." * bool(rest)))
        )
    if verdict.errors:
        lines = [
            f"• line {e.line if e.line is not None else '—'}"
            f"{f' ({esc(e.column)})' if e.column else ''}: {esc(e.message)}"
            for e in verdict.errors
        ]
        shown, rest = within_section(lines, f"*{count(len(verdict.errors), 'row error')}*", "")
        more = f"\n…and {rest} more row errors; see every one with {cli}." if rest else ""
        blocks.append(section(shown + more))
    if verdict.unknown_columns:
        blocks.append(context(f"Ignored columns: {esc(', '.join(verdict.unknown_columns))}"))
    if not verdict.ok:
        blocks.append(context("Nothing was saved. Fix the file and upload it again."))
    return blocks


def _touches(summary: SyncSummary) -> bool:
    return bool(summary.created or summary.changed or summary.removed or summary.superseded)


def _superseded(view: ImportView, zone_of: ZoneOfMember, now: datetime) -> list[Block]:
    """The records entered by hand that the sync would remove or trim, named."""
    if view.sync is None or not view.sync.superseded:
        return []
    lines = []
    for gone in view.sync.superseded[:PREVIEW_ROWS]:
        member = view.members.get(gone.record.member_id)
        span = describe_span(gone.record.span, zone_of(member), now=now)
        what = "trimmed" if gone.kept else "removed"
        who = esc(member.name if member else gone.record.member_id)
        lines.append(f"• {who}: {span} ({gone.record.id}), {what}")
    head = "*Entered by hand, superseded by the sync*"
    return [section(within_section(lines, head, "")[0])]


def _sync_buttons(view: ImportView, summary: SyncSummary) -> Block:
    name = esc(source_name(summary.source) or summary.source)
    words = sync_words(summary)
    dialog = confirm_dialog(f"Sync {name}?", f"Apply the sync of {name}: {words}.", "Apply")
    dialog["style"] = "primary"
    save = button(
        f"Apply sync of {name}", SAVE_IMPORT_ACTION, view.record.id, style="primary", confirm=dialog
    )
    cancel = button("Cancel", CANCEL_IMPORT_ACTION, view.record.id)
    return {"type": "actions", "block_id": PREVIEW_ACTIONS_BLOCK, "elements": [save, cancel]}


def _buttons(view: ImportView) -> Block:
    records, name = count(view.record.to_create, "record"), view.record.file_name
    people = count(view.people, "person", "people")
    dialog = confirm_dialog(
        f"Save {records}?", f"Create {records} from {esc(name)} for {people}.", f"Save {records}"
    )
    dialog["style"] = "primary"
    save = button(
        f"Save {records}", SAVE_IMPORT_ACTION, view.record.id, style="primary", confirm=dialog
    )
    cancel = button("Cancel", CANCEL_IMPORT_ACTION, view.record.id)
    return {"type": "actions", "block_id": PREVIEW_ACTIONS_BLOCK, "elements": [save, cancel]}


def _fallback(view: ImportView) -> str:
    r = view.record
    return f"Preview of {esc(r.file_name)}: {count(r.rows_total, 'row')}, {r.to_create} to create."


def _plain_status(view: ImportView) -> str:
    r = view.record
    return (
        f"Saved {count(r.created, 'record')}."
        if r.status is ImportStatus.COMMITTED
        else "Cancelled."
    )


def _person(member: Member | None) -> str:
    if member is None:
        return "the operator"
    return f"<@{member.slack_user_id}>" if member.slack_user_id else esc(member.name)


def _when(moment: datetime) -> str:
    """Slack shows it in each reader's own zone; the fallback is UTC."""
    epoch = int(moment.timestamp())
    return f"<!date^{epoch}^on {{date_short_pretty}} at {{time}}|at {moment:%Y-%m-%d %H:%M} UTC>"
