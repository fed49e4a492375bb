"""Builders for short replies: help, how to import, the type catalogue, refusals."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.kit import LISTED, Message, code, context, esc, message, more_line, section
from core.records.model import UnavailabilityType

HELP = """*`/unavailable`* — tell availbot when you are unavailable
• `/unavailable add fri for 3 days` — time off (the default type)
• `/unavailable add tomorrow 9am-1pm Training Kubecon` — a type, then a note
• `/unavailable add @ann mar 10-12 Sick` — for someone else (admins)
• `/unavailable list` · `list all next week` · `list @ann` — upcoming records
• `/unavailable edit avail_…` — change one of yours in a form (or Edit under it in `list`)
• `/unavailable remove avail_…` — remove one of yours
• `/unavailable who` · `who tomorrow` · `who @ann next week` — who is out and on call
• `/unavailable types` — the types (admins: `types add NAME [hard|soft|wants_pager] [paid] \
[private]`, `types rename OLD to NEW`, `types archive NAME`, `types restore NAME`)
• `/unavailable import` — load time off from a CSV file
• `/unavailable calendar` — your calendar feed link for Google Calendar or Outlook (admins \
also get every rotation's and the team's) · `calendar new` replaces yours
• `/unavailable settings` · `settings reminders at 17:30` · `settings reminders off` — \
your shift reminders
• `/unavailable feeds` — the HR calendar feeds availbot follows (admins: \
`feeds add NAME URL [type=TYPE] [every=60m]` previews one, then *Enable*)
• `/unavailable digest at 09:00 [Europe/Madrid] [weekdays] [rotations=primary] [everyone] \
[lookahead=14] [handoffs=on] [mentions=off]` — a daily digest in this channel, and an alert \
the minute coverage breaks (admins) · `digest` · `digest off` · `digest now`
*`/oncall`* — rotations: `/oncall` · `/oncall primary next week` · \
`/oncall cover primary sat 09:00 for 24h` · `/oncall cover me fri` (asks the team) · \
`/oncall swap` (your shift for a teammate's) · `/oncall new` (admins: a rotation in a form)
WHEN can be `today`, `fri`, `next week`, `mar 10`, `2026-03-10 to 2026-03-12`, \
`tomorrow 14:00-18:00`, `fri for 3 days`; times are read in your Slack time zone."""

IMPORT_HELP = """*Importing time off from a CSV file* (admins)
Drop a `.csv` file into a channel availbot is in, or send it to availbot in a direct \
message. availbot replies in a thread with a preview and a *Save* button; nothing is saved \
before you click it.
*Columns* (header row required, any order, case ignored):
• `email` — required; the person's Slack email
• `start` (or `start_time`, `from`) — required: `2026-03-10` or `2026-03-10T09:00+01:00`
• `end` (or `end_time`, `to`, `until`) — optional; a date alone is the last day off
• `type` (or `leave_type`) — optional, default `Time off`
• `name` (or `note`, `reason`) — optional label
*Example*
```email,start,end,type,name
ann@example.com,2026-03-10,2026-03-12,Time off,Skiing
bob@example.com,2026-04-01,,Sick,```
Dates must carry their year. UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab.
From a shell: `availbot import FILE.csv` (preview) and `availbot import FILE.csv --commit`."""


def build_help(unknown: str | None = None) -> Message:
    lead = f"I don't know {code(unknown)}. " if unknown else ""
    return message(f"{lead}Usage of /unavailable and /oncall.", [section(lead + HELP)])


def build_import_help() -> Message:
    return message("How to import time off from a CSV file.", [section(IMPORT_HELP)])


def build_error(text: str) -> Message:
    """A refusal, in the words of the rule it enforces; nothing was changed. The words are a
    plain sentence that may quote what was typed: escaped whole, `text` included."""
    return message(esc(text), [section(f":warning: {esc(text)}")])


def build_notice(text: str) -> Message:
    """A plain sentence (which may name a type, a rotation, a file): escaped whole."""
    return message(esc(text), [section(esc(text))])


def build_types(types: Sequence[UnavailabilityType], total: int, admin: bool) -> Message:
    lines = [f"• *{esc(t.name)}* — {_kind_words(t)}" for t in types[:LISTED]]
    blocks = [section("*Unavailability types*\n" + "\n".join(lines or ["(none)"]))]
    more = more_line(min(len(types), LISTED), total, "type", "availbot types list")
    if more:
        blocks.append(context(more))
    if admin:
        blocks.append(
            context(
                "Admins: `types add NAME [hard|soft|wants_pager] [paid] [private]` · "
                "`types rename OLD to NEW` · `types archive NAME` · `types restore NAME`"
            )
        )
    names = ", ".join(esc(t.name) for t in types)
    return message(f"Unavailability types: {names or 'none'}.", blocks)


def _kind_words(type_: UnavailabilityType) -> str:
    words = {
        "hard_unavailable": "cannot be on call",
        "soft_unavailable": "prefers not to be on call",
        "wants_pager": "volunteers for on-call",
    }[type_.kind.value]
    flags = [f for f, on in (("paid", type_.paid), ("private", type_.private)) if on]
    return words + (f" ({', '.join(flags)})" if flags else "")
