"""`/unavailable`: acknowledge, then route the subcommand to one core call and one builder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import App, Respond

from bot.blocks.kit import LISTED, Message
from bot.blocks.records import build_record_added, build_record_list, build_record_removed
from bot.blocks.replies import build_help, build_import_help
from bot.ids import UNAVAILABLE_COMMAND
from bot.listeners import calendar, digest, feeds, settings, types, who
from bot.listeners.edit import open_edit_modal
from bot.listeners.modal import open_add_modal
from bot.listeners.replying import deferred, reply_with
from bot.payloads import (
    SlashCommand,
    first_word,
    leading_person,
    opens_modal,
    request_key,
    slash_command,
    split_type,
)
from bot.services import Services, Turn, turn_for
from core.alerts.clashes import clashes
from core.errors import MissingArgument
from core.people.model import Member
from core.records.unavailability import (
    add_unavailability,
    list_unavailability,
    remove_unavailability,
)
from core.time.phrases import parse_when, parse_when_prefix
from core.time.spans import Span
from core.time.words import describe_span

Handler = Callable[[Turn, str], Message]
UPCOMING = timedelta(days=90)


def register(app: App, services: Services) -> None:
    def unavailable(body: dict[str, Any], respond: Respond) -> None:
        command = slash_command(body)
        if opens_modal(command.text):  # `/unavailable` or `/unavailable add` alone
            reply_with(respond, lambda: open_add_modal(services, *_who(command)))
            return
        word, rest = first_word(command.text)
        if word == "edit":  # opens the edit modal: the trigger expires in ~3 s
            reply_with(respond, lambda: open_edit(services, command, rest))
            return

        def work() -> tuple[Message, dict[str, Any]] | None:
            turn = turn_for(services, command.team_id, command.user_id)
            word, rest = first_word(command.text)
            if word == "digest":  # the one subcommand that needs the channel
                said = digest.answer(turn, rest, command.channel_id, request=request_key(body))
                return None if said is None else (said, {})
            return answer(turn, command.text), {}

        reply_with(respond, work)

    app.command(UNAVAILABLE_COMMAND)(deferred(services, unavailable))


def _who(command: SlashCommand) -> tuple[str, str, str]:
    return command.team_id, command.user_id, command.trigger_id


def open_edit(services: Services, command: SlashCommand, text: str) -> None:
    """`edit ID`: the Add form, filled in with the record."""
    record_id, rest = first_word(text)
    if not record_id or rest:
        raise MissingArgument(
            "which record to change",
            "`/unavailable edit avail_…`, or Edit under a record in `/unavailable list`",
        )
    open_edit_modal(services, *_who(command), record_id)


def answer(turn: Turn, text: str) -> Message:
    word, rest = first_word(text)
    handler = SUBCOMMANDS.get(word)
    if handler is None:
        return build_help(unknown=word or None)
    return handler(turn, rest)


def add(turn: Turn, text: str) -> Message:
    """`add [@member] WHEN [TYPE] [NOTE]`."""
    if not text:
        return build_help()
    who_, text = leading_person(text)
    member = turn.find(who_) if who_ else turn.me
    tz = turn.zone_of(member)
    span, after = parse_when_prefix(text, tz=tz, now=turn.now, date_order=turn.date_order)
    type_name, note = split_type(after, [t.name for t in turn.store.types.all(turn.ws)])
    view = add_unavailability(
        turn.store,
        turn.actor,
        workspace_id=turn.ws,
        member_id=member.id,
        span=span,
        type_name=type_name,
        name=note or None,
        source="slack",
        now=turn.now,
    )
    return build_record_added(view, turn.actor, tz, turn.now, clashes(turn.store, view, turn.now))


def list_records(turn: Turn, text: str) -> Message:
    """`list [@member|all] [WHEN]`: by default mine, from now, the next 90 days."""
    who_, text = leading_person(text)
    word, rest = first_word(text)
    everyone = who_ is None and word == "all"
    text = rest if everyone else text
    member: Member | None = None if everyone else (turn.find(who_) if who_ else turn.me)
    tz = turn.zone_of(member or turn.me)
    span = (
        parse_when(text, tz=tz, now=turn.now, date_order=turn.date_order)
        if text
        else Span(turn.now, turn.now + UPCOMING)
    )
    page = list_unavailability(
        turn.store,
        workspace_id=turn.ws,
        member_id=member.id if member else None,
        start=span.start,
        end=span.end,
        page_size=LISTED,
    )
    whose = "Everyone" if member is None else ("Your" if member == turn.me else member.name)
    when = "upcoming (next 90 days)" if not text else describe_span(span, tz, now=turn.now)
    cli = "availbot list" + (f" {member.email}" if member else "") + " --start D --end D"
    return build_record_list(
        f"{whose} unavailability, {when}",
        page.items,
        page.count,
        turn.actor,
        lambda v: turn.zone_of(v.member),
        turn.now,
        cli,
    )


def remove(turn: Turn, text: str) -> Message:
    record_id, rest = first_word(text)
    if not record_id or rest:
        raise MissingArgument(
            "which record to remove",
            "`/unavailable remove avail_…` (`/unavailable list` shows the ids)",
        )
    view = remove_unavailability(turn.store, turn.actor, workspace_id=turn.ws, record_id=record_id)
    return build_record_removed(view, turn.actor, turn.zone_of(view.member), turn.now)


SUBCOMMANDS: dict[str, Handler] = {
    "add": add,
    "list": list_records,
    "remove": remove,
    "types": types.answer,
    "who": who.answer,
    "feeds": feeds.answer,
    "calendar": calendar.answer,
    "settings": settings.answer,
    "import": lambda turn, text: build_import_help(),
    "help": lambda turn, text: build_help(),
}
