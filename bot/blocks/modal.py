"""Builders for the Add unavailability modal: the form, its type options, the confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import ids
from bot.blocks.kit import Block, context, fit, section
from bot.blocks.records import record_words
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
from core.people.model import Actor
from core.records.model import DEFAULT_TYPE, Kind, RecordView, UnavailabilityType

View = dict[str, Any]
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


def build_add_modal(
    types: Sequence[UnavailabilityType], *, admin: bool, user_id: str, today: date, metadata: str
) -> View:
    """Type, first and last day, optional times, note; admins also pick the member."""
    blocks: list[Block] = []
    if admin:
        picker = {"type": "users_select", "action_id": ids.MEMBER_INPUT, "initial_user": user_id}
        blocks.append(_input(ids.MEMBER_BLOCK, "Who", picker, hint="Admins add for anyone."))
    usable = [t for t in types if not t.archived]
    blocks.append(_input(ids.TYPE_BLOCK, "Type", _type_select(usable)))
    return {
        "type": "modal",
        "callback_id": ids.ADD_MODAL,
        "title": _plain("Add unavailability"),
        "submit": _plain("Save"),
        "close": _plain("Cancel"),
        "private_metadata": metadata[:3000],
        "blocks": blocks + _when_and_note(today),
    }


def _when_and_note(today: date) -> list[Block]:
    whole_days = "Leave the times empty for whole days."
    note = {
        "type": "plain_text_input",
        "action_id": ids.NOTE_INPUT,
        "max_length": NameTooLong.LIMIT,
    }
    return [
        _input(ids.START_DATE_BLOCK, "First day",
               _picker("datepicker", ids.START_DATE_INPUT, today)),
        _input(ids.START_TIME_BLOCK, "From (time)", _picker("timepicker", ids.START_TIME_INPUT),
               optional=True, hint=whole_days),
        _input(ids.END_DATE_BLOCK, "Last day", _picker("datepicker", ids.END_DATE_INPUT),
               optional=True, hint="Empty: the first day only."),
        _input(ids.END_TIME_BLOCK, "Until (time)", _picker("timepicker", ids.END_TIME_INPUT),
               optional=True),
        _input(ids.NOTE_BLOCK, "Note", note, optional=True),
    ]  # fmt: skip


def build_added_view(view: RecordView, viewer: Actor, tz: ZoneInfo, now: datetime) -> View:
    """What replaces the form once saved: the record in words."""
    words = record_words(view, viewer, tz, now)
    blocks = [
        section(f":white_check_mark: Added {words}."),
        context("Remove it from the Home tab or from `/unavailable list`."),
    ]
    return {"type": "modal", "title": _plain("Added"), "close": _plain("Done"), "blocks": blocks}


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


def _type_select(types: Sequence[UnavailabilityType]) -> Block:
    default = next((t for t in types if t.name == DEFAULT_TYPE), types[0] if types else None)
    select: Block = {"action_id": ids.TYPE_INPUT}
    if len(types) > STATIC_OPTIONS:
        select.update(type="external_select", min_query_length=0)
    else:
        groups = [
            {"label": _plain(label), "options": [_option(t) for t in types if t.kind is kind]}
            for kind, label in _GROUPS
        ]
        select.update(type="static_select", option_groups=[g for g in groups if g["options"]])
    if default is not None:
        select["initial_option"] = _option(default)
    return select


def _option(type_: UnavailabilityType) -> dict[str, Any]:
    option: dict[str, Any] = {"text": _plain(fit(type_.name, OPTION_TEXT)), "value": type_.id}
    if type_.description:
        option["description"] = _plain(fit(type_.description, OPTION_TEXT))
    return option


def _picker(kind: str, action_id: str, initial: date | None = None) -> Block:
    element: Block = {"type": kind, "action_id": action_id}
    if initial is not None:
        element["initial_date"] = initial.isoformat()
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
