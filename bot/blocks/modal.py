"""Builders for the Add unavailability modal: the form, its type options, the confirmation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot import ids
from bot.blocks.clashes import clash_blocks
from bot.blocks.kit import Block, context, esc, fit, section
from bot.blocks.records import changed_words, record_words
from core.alerts.clashes import Clash
from core.errors import (
    ArchivedType,
    AvailbotError,
    EndNotAfterStart,
    NameTooLong,
    NotPermitted,
    OverlappingUnavailability,
    UnknownMember,
    UnknownType,
)
from core.people.model import Actor, Member
from core.records.model import DEFAULT_TYPE, Kind, RecordView, UnavailabilityType

View = dict[str, Any]
ZoneOf = Callable[[Member], ZoneInfo]
STATIC_OPTIONS = 100  # a static select's limit, option groups included; beyond: external
OPTION_TEXT = 75
_GROUPS = (
    (Kind.HARD, "Cannot be on call"),
    (Kind.SOFT, "Would rather not be on call"),
    (Kind.WANTS_PAGER, "Volunteering for on-call"),
)
_FIELDS: tuple[tuple[type[AvailbotError], str], ...] = (
    (EndNotAfterStart, ids.END_DATE_BLOCK),
    (OverlappingUnavailability, ids.START_DATE_BLOCK),
    (UnknownType, ids.TYPE_BLOCK),
    (ArchivedType, ids.TYPE_BLOCK),
    (NameTooLong, ids.NOTE_BLOCK),
)


@dataclass(frozen=True)
class Filled:
    """What an edit form starts with: a stored record in its member's local dates and times."""

    member_user_id: str | None
    type_: UnavailabilityType
    start_date: date
    start_time: time | None
    end_date: date
    end_time: time | None
    note: str


def build_add_modal(
    types: Sequence[UnavailabilityType], *, admin: bool, user_id: str, today: date, metadata: str
) -> View:
    """Type, first and last day, optional times, note; admins also pick the member."""
    usable = [t for t in types if not t.archived]
    default = next((t for t in usable if t.name == DEFAULT_TYPE), usable[0] if usable else None)
    blocks = [
        *_member(admin, user_id),
        _input(ids.TYPE_BLOCK, "Type", _type_select(usable, default)),
    ]
    return {
        "type": "modal",
        "callback_id": ids.ADD_MODAL,
        "title": _plain("Add unavailability"),
        "submit": _plain("Save"),
        "close": _plain("Cancel"),
        "private_metadata": metadata[:3000],
        "blocks": blocks + _when_and_note(today),
    }


def build_edit_modal(
    view: RecordView,
    types: Sequence[UnavailabilityType],
    *,
    admin: bool,
    tz: ZoneInfo,
    metadata: str,
) -> View:
    """The Add form filled in with the record, its dates and times in `tz` (the member's);
    the record's own type is offered even when archived (keeping it is no change)."""
    filled = filled_in(view, tz)
    usable = [t for t in types if not t.archived or t.id == filled.type_.id]
    if all(t.id != filled.type_.id for t in usable):
        usable.append(filled.type_)
    type_select = _input(ids.TYPE_BLOCK, "Type", _type_select(usable, filled.type_))
    blocks = [*_member(admin, filled.member_user_id), type_select]
    return {
        "type": "modal",
        "callback_id": ids.EDIT_MODAL,
        "title": _plain("Change unavailability"),
        "submit": _plain("Save"),
        "close": _plain("Cancel"),
        "private_metadata": metadata[:3000],
        "blocks": blocks + _when_and_note(filled.start_date, filled),
    }


def filled_in(view: RecordView, tz: ZoneInfo) -> Filled:
    """A record as the form's fields: whole days as first and last day, or local times."""
    record = view.record
    start, end = record.start.astimezone(tz), record.end.astimezone(tz)
    start_time: time | None = None
    end_time: time | None = None
    last = max((end - timedelta(microseconds=1)).date(), start.date())  # midnight ends a day
    if not record.all_day:
        start_time, end_time, last = _clock(start), _clock(end), end.date()
    return Filled(view.member.slack_user_id, view.type, start.date(), start_time, last, end_time,
                  record.name or "")  # fmt: skip


def _clock(moment: datetime) -> time:
    return moment.time().replace(second=0, microsecond=0)


def _member(admin: bool, user_id: str | None) -> list[Block]:
    if not admin:
        return []
    picker: Block = {"type": "users_select", "action_id": ids.MEMBER_INPUT}
    if user_id:
        picker["initial_user"] = user_id
    return [_input(ids.MEMBER_BLOCK, "Who", picker, hint="Admins add for anyone.")]


def _when_and_note(today: date, filled: Filled | None = None) -> list[Block]:
    whole_days = "Leave the times empty for whole days."
    note: Block = {
        "type": "plain_text_input",
        "action_id": ids.NOTE_INPUT,
        "max_length": NameTooLong.LIMIT,
    }
    if filled is not None and filled.note:
        note["initial_value"] = filled.note
    start_time, end_date, end_time = (
        (filled.start_time, filled.end_date, filled.end_time) if filled else (None, None, None)
    )
    return [
        _input(ids.START_DATE_BLOCK, "First day",
               _picker("datepicker", ids.START_DATE_INPUT, today)),
        _input(ids.START_TIME_BLOCK, "From (time)",
               _picker("timepicker", ids.START_TIME_INPUT, start_time),
               optional=True, hint=whole_days),
        _input(ids.END_DATE_BLOCK, "Last day",
               _picker("datepicker", ids.END_DATE_INPUT, end_date),
               optional=True, hint="Empty: the first day only."),
        _input(ids.END_TIME_BLOCK, "Until (time)",
               _picker("timepicker", ids.END_TIME_INPUT, end_time), optional=True),
        _input(ids.NOTE_BLOCK, "Note", note, optional=True),
    ]  # fmt: skip


def build_added_view(
    view: RecordView, viewer: Actor, tz: ZoneInfo, now: datetime, clashes: Sequence[Clash] = ()
) -> View:
    """What replaces the form once saved: the record in words, and the gaps it opens in its
    member's own on-call, each with Find cover."""
    words = record_words(view, viewer, tz, now)
    blocks = [
        section(f":white_check_mark: Added {words}."),
        context("Remove it from the Home tab or from `/unavailable list`."),
    ]
    blocks += clash_blocks(clashes, view.member, viewer.member_id == view.member.id, tz)
    return {"type": "modal", "title": _plain("Added"), "close": _plain("Done"), "blocks": blocks}


def build_changed_view(
    before: RecordView,
    after: RecordView,
    viewer: Actor,
    zone_of: ZoneOf,
    now: datetime,
    clashes: Sequence[Clash] = (),
) -> View:
    """What replaces the edit form once saved: what changed, in words, and the gaps the
    record now opens in its member's own on-call, each with Find cover."""
    blocks = [section(f":white_check_mark: {changed_words(before, after, viewer, zone_of, now)}")]
    mine = viewer.member_id == after.member.id
    blocks += clash_blocks(clashes, after.member, mine, zone_of(after.member))
    return {"type": "modal", "title": _plain("Changed"), "close": _plain("Done"), "blocks": blocks}


def build_not_changed_view(words: str) -> View:
    """The edit form's answer when its record is gone (removed meanwhile): nothing to fix."""
    blocks = [section(f":warning: {esc(words)}")]
    return {
        "type": "modal",
        "title": _plain("Not changed"),
        "close": _plain("Done"),
        "blocks": blocks,
    }


def type_options(types: Sequence[UnavailabilityType], typed: str) -> list[dict[str, Any]]:
    """The external select's options: active types whose name contains the typed text."""
    wanted = typed.casefold()
    found = [t for t in types if not t.archived and wanted in t.name.casefold()]
    return [_option(t) for t in sorted(found, key=lambda t: t.name.casefold())[:STATIC_OPTIONS]]


def error_field(error: AvailbotError | None, *, admin: bool) -> str:
    """The input block a refusal is shown under."""
    for kind, block in _FIELDS:
        if isinstance(error, kind):
            return block
    if admin and isinstance(error, NotPermitted | UnknownMember):
        return ids.MEMBER_BLOCK
    return ids.START_DATE_BLOCK


def _type_select(types: Sequence[UnavailabilityType], initial: UnavailabilityType | None) -> Block:
    select: Block = {"action_id": ids.TYPE_INPUT}
    if len(types) > STATIC_OPTIONS:
        select.update(type="external_select", min_query_length=0)
    else:
        groups = [
            {"label": _plain(label), "options": [_option(t) for t in types if t.kind is kind]}
            for kind, label in _GROUPS
        ]
        select.update(type="static_select", option_groups=[g for g in groups if g["options"]])
    if initial is not None:
        select["initial_option"] = _option(initial)
    return select


def _option(type_: UnavailabilityType) -> dict[str, Any]:
    option: dict[str, Any] = {"text": _plain(fit(type_.name, OPTION_TEXT)), "value": type_.id}
    if type_.description:
        option["description"] = _plain(fit(type_.description, OPTION_TEXT))
    return option


def _picker(kind: str, action_id: str, initial: date | time | None = None) -> Block:
    element: Block = {"type": kind, "action_id": action_id}
    if isinstance(initial, date):
        element["initial_date"] = initial.isoformat()
    elif isinstance(initial, time):
        element["initial_time"] = f"{initial:%H:%M}"
    return element


def _input(
    block_id: str, label: str, element: Block, *, optional: bool = False, hint: str = ""
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
