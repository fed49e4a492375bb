"""The one error tree of availbot: every refusal is a class named after the rule it enforces.

    AvailbotError                    base: `message` is what a person reads
    ├── NotFound
    │   ├── UnknownWorkspace
    │   ├── UnknownMember
    │   ├── UnknownSlackUser         a Slack user id Slack itself does not know
    │   ├── UnknownType
    │   ├── UnknownFeed              no calendar feed of that name in the workspace
    │   ├── UnknownUnavailability
    │   ├── UnknownImport
    │   ├── UnknownRotation
    │   ├── UnknownOverride
    │   ├── UnknownApiKey            no API key of that name in the workspace
    │   ├── UnknownCalendarLink      no live link to that calendar feed
    │   ├── UnknownCoverRequest      no cover request of that id
    │   ├── NoDigestHere             a channel without a digest subscription
    │   └── NoCoverChannel           no channel's digest covers the rotation: nowhere to ask
    ├── InvalidInput
    │   ├── UnreadableWhen           text that is no date, time or phrase we know
    │   ├── EndNotAfterStart         an end at or before its start
    │   ├── LastDayBeforeFirst       a window of days that ends before it starts
    │   ├── DateOutOfRange           a date or instant outside 1970-01-01 … 2200-12-31
    │   ├── UnacceptableText         text with characters availbot does not store (where, what)
    │   ├── NameTooLong
    │   ├── BadSourceName            a sync source name that is empty, too long or unprintable
    │   ├── BadSyncWindow            a sync window that is not FROM..TO or ends before it starts
    │   ├── BadFeedSetting           a feed interval, keyword map or address that cannot be used
    │   ├── MissingName              a type or member without a name
    │   ├── UnknownTimeZone
    │   ├── InvalidEmail
    │   ├── InvalidKind
    │   ├── WindowTooLong
    │   ├── UnreadableFile            an upload that is not a CSV we can decode
    │   ├── ImportTooLarge            over 10 MiB or 200,000 rows
    │   ├── UnreadableMembersFile     a members CSV that cannot be opened or decoded
    │   ├── MissingColumns            a members CSV without its required columns
    │   ├── InvalidMemberRow          a members CSV row breaking a rule (with its line)
    │   ├── NoProfileEmail            a Slack profile whose email availbot cannot see
    │   ├── InvalidDigestClock        a digest time that is not HH:MM
    │   ├── LookaheadOutOfRange       digest lookahead not a number of days within the limit
    │   ├── UnreadableDigestSettings  digest words that are not `at HH:MM …`
    │   ├── UnreadableReminderSettings  reminder words that are not `at HH:MM`, `on`, `off`
    │   ├── QuietReminderTime         a reminder time in the quiet hours (22:00 to 08:00)
    │   ├── AmbiguousRotation         a span one is on call in for several rotations, none named
    │   ├── InvalidSchedule           a schedules file with problems (key paths)
    │   ├── UnreadableSchedule        a schedules file that is not TOML
    │   ├── UnreadableExport          a file that is not that tool's schedule export
    │   ├── InvalidRotation           a rotation form with problems (by field)
    │   ├── BadParameter              an API query or path parameter that does not parse
    │   ├── MalformedBody             an API request body that does not parse (where)
    │   └── BodyTooLarge              an API request body over its size cap
    ├── Conflict
    │   ├── OverlappingUnavailability
    │   ├── ArchivedType
    │   ├── DuplicateTypeName
    │   ├── DuplicateFeedName
    │   ├── DuplicateEmail
    │   ├── DuplicateRotationName
    │   ├── DuplicateWorkspace
    │   ├── DuplicateId               a member or type id already taken
    │   ├── SlackUserAlreadyLinked    one Slack user, two members
    │   ├── UnstorableRecord          a record whose id is taken or whose member or type is gone
    │   ├── UnstorableOverride        an override whose id is taken or rotation or member gone
    │   ├── ImportNotCommittable      a failed, cancelled or already saved import
    │   ├── ImportCollides            a commit that now collides with stored records
    │   ├── OverlappingOverride
    │   ├── TakerUnavailable          covering while hard-unavailable or inactive
    │   ├── GapAlreadyCovered         covering a gap that is over or closed meanwhile
    │   ├── NotOnCall                 asking for cover of a span one is not on call in
    │   ├── CoverAlreadyRequested     asking twice for cover of the same on-call
    │   ├── CoverRequestClosed        taking a cover request filled, withdrawn or over
    │   ├── OwnCoverRequest           taking one's own cover request
    │   ├── OverrideFillsRequest      removing, out of Slack, an override a cover request made
    │   ├── SwapRefused               a shift swap answered already, or its shifts changed
    │   ├── DuplicateKeyName          an API key name (any case) already in use
    │   ├── DuplicateExternalId       a member external id already taken
    │   ├── IdempotencyKeyReused      an Idempotency-Key sent again with another request
    │   └── RequestInProgress         an Idempotency-Key whose first request is still running
    ├── NotPermitted                  a member acting beyond their rights (`code` is NotPermitted)
    │   ├── AdminOnly                 what only admins (and the operator) may do
    │   ├── OwnRecordsOnly            members add and remove only their own records
    │   ├── OwnCoverOnly              members cover on-call only for themselves
    │   ├── OwnOverridesOnly          members remove only their own overrides
    │   ├── NotYourSwap               only the teammate asked answers a shift swap
    │   ├── OwnCoverRequestsOnly      members withdraw only their own cover requests
    │   ├── UnlinkableSlackUser       a bot or deactivated Slack user
    │   ├── OwnCalendarOnly           members see only their own calendar link
    │   ├── ScopeTooNarrow            an API key whose scope does not cover the call
    │   └── ApiDisabled               the HTTP API is off for the workspace
    ├── UsageError                    the caller's words are off (CLI exit status 2)
    │   ├── ConfigurationError        a malformed setting such as DATABASE_URL
    │   │   ├── SlackNotConfigured    a command that needs Slack, without a bot token
    │   │   └── CalendarNotConfigured calendar links without their secret or public address
    │   ├── PageOutOfRange            a page number below 0 or a page size off the limits
    │   ├── FirstDayMissing           a form sent without its first day
    │   ├── SeveralWorkspaces         a database of several workspaces, none named
    │   ├── TakerMissing              a cover without who covers
    │   ├── MissingArgument           a command without a word it needs
    │   ├── UnexpectedArgument        a command with words it does not take
    │   └── UnopenableFile            a file named on the command line that cannot be opened
    ├── NotAuthenticated              an API request without a key, or with a bad or revoked one
    ├── PostFailed                    Slack did not take a message (`certain` it did not post)
    ├── FeedFailed                    a calendar feed could not be read; nothing was changed
    │   ├── FeedAddressRefused        not http(s), or a loopback or private address
    │   ├── FeedUnreachable           no answer, an HTTP error, a time-out, too many redirects
    │   ├── FeedTooLarge              a body over the size cap, or too many occurrences
    │   └── NotACalendar              an HTML page, JSON, an empty body, unreadable iCalendar
    └── DatabaseUnavailable           the database cannot be reached now; nothing was changed
        └── DatabaseBusy              another writer holds the database longer than we may wait

Messages say what and why, in words every adapter can show; advice about one adapter's
commands (`availbot …`, `/unavailable …`) is added where that adapter turns errors into
words (`refusal_words` in bot/cli/__init__.py and in bot/listeners/replying.py). `code` is
the class name, which is what `--json` prints as `error.code`; every permission refusal
keeps the one code `NotPermitted`.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from core.counts import count

if TYPE_CHECKING:
    from core.imports.model import RowError
    from core.records.model import Collision
    from core.schedules.sections import ScheduleProblem


class AvailbotError(Exception):
    """Base of every refusal: carries a message that says what, where and how to fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def code(self) -> str:
        return type(self).__name__


# --- not found ---


class NotFound(AvailbotError):
    pass


class UnknownWorkspace(NotFound):
    def __init__(self, workspace_id: str) -> None:
        self.workspace_id = workspace_id
        super().__init__(f"No workspace {workspace_id!r} in this database.")


class UnknownMember(NotFound):
    def __init__(self, who: str) -> None:
        self.who = who
        super().__init__(f"No member {who!r} in this workspace. Check the spelling.")


class UnknownSlackUser(NotFound):
    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        super().__init__(f"Slack does not know the user <@{user_id}>.")


class UnknownType(NotFound):
    def __init__(self, name: str, known: list[str] | None = None) -> None:
        self.name = name
        hint = f" Known types: {', '.join(known)}." if known else ""
        super().__init__(f"No unavailability type {name!r}.{hint}")


class UnknownFeed(NotFound):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"No calendar feed named {name!r} in this workspace.")


class UnknownUnavailability(NotFound):
    def __init__(self, record_id: str) -> None:
        self.record_id = record_id
        super().__init__(f"No unavailability record {record_id!r}.")


class UnknownImport(NotFound):
    def __init__(self, import_id: str) -> None:
        self.import_id = import_id
        super().__init__(f"No import {import_id!r}. Preview the file again to get a new id.")


class UnknownRotation(NotFound):
    def __init__(self, name: str, known: list[str] | None = None) -> None:
        self.name = name
        hint = f" Known rotations: {', '.join(known)}." if known else " No rotation is defined."
        super().__init__(f"No rotation {name!r}.{hint}")


class UnknownOverride(NotFound):
    def __init__(self, override_id: str) -> None:
        self.override_id = override_id
        super().__init__(f"No override {override_id!r}.")


class UnknownApiKey(NotFound):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"No live API key named {name!r} in this workspace.")


class UnknownCalendarLink(NotFound):
    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"No live calendar link for {what}.")


class UnknownCoverRequest(NotFound):
    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        super().__init__(f"No cover request {request_id!r}.")


class NoDigestHere(NotFound):
    def __init__(self, channel: str) -> None:
        self.channel = channel
        super().__init__("No digest is set up in this channel yet.")


class NoCoverChannel(NotFound):
    """Cover requests go to the channel whose digest covers the rotation; there is none."""

    def __init__(self, rotation: str) -> None:
        self.rotation = rotation
        super().__init__(
            f"No channel gets the digest for {rotation}, so there is nowhere to ask for cover."
        )


# --- invalid input ---


class InvalidInput(AvailbotError):
    pass


class UnreadableWhen(InvalidInput):
    """Text that could not be read as a date, time or phrase."""

    EXAMPLES = ("2026-03-10", "2026-03-10T14:00 to 2026-03-10T18:00")

    def __init__(self, text: str, examples: tuple[str, ...] | None = None, why: str = "") -> None:
        self.text = text
        self.examples = examples or self.EXAMPLES
        shown = " or ".join(f"`{e}`" for e in self.examples[:2])
        reason = f" ({why})" if why else ""
        super().__init__(f"Could not read {text!r} as a date or time{reason}. Try {shown}.")


class EndNotAfterStart(InvalidInput):
    """Shown in the zone the text was read in, quoting the text, when the caller knows them."""

    def __init__(
        self, start: datetime, end: datetime, *, tz: tzinfo | None = None, text: str = ""
    ) -> None:
        self.start = start
        self.end = end
        said = f"In {text!r}, the" if text else "The"
        super().__init__(
            f"{said} end ({_moment(end, tz)}) is not after the start ({_moment(start, tz)}). "
            "Give an end later than the start."
        )


def _moment(moment: datetime, tz: tzinfo | None) -> str:
    local = moment.astimezone(tz or UTC)
    return f"{local:%a %-d %b %Y %H:%M} {local.tzname() or ''}".rstrip()


class LastDayBeforeFirst(InvalidInput):
    def __init__(self, first: object, last: object) -> None:
        self.first = first
        self.last = last
        super().__init__(f"The last day ({last}) is before the first ({first}).")


class DateOutOfRange(InvalidInput):
    """A date or instant (`value`) outside the range availbot handles (`FIRST`..`LAST`)."""

    FIRST = date(1970, 1, 1)
    LAST = date(2200, 12, 31)

    def __init__(self, value: date, what: str = "The date") -> None:
        self.value = value
        self.what = what
        super().__init__(
            f"{what} ({_day_or_instant(value)}) is outside the dates availbot handles: "
            f"{self.FIRST.isoformat()} to {self.LAST.isoformat()}."
        )


def _day_or_instant(value: date) -> str:
    """`2026-03-10`, or an instant in UTC: `9999-12-29 23:00 UTC`."""
    if not isinstance(value, datetime):
        return value.isoformat()
    with suppress(OverflowError):
        value = value.astimezone(UTC)
    return f"{value.replace(tzinfo=None).isoformat(' ', 'minutes')} {value.tzname() or ''}".rstrip()


class UnacceptableText(InvalidInput):
    """`what` (e.g. `The note`) holds a character availbot does not store: `character`, at
    index `position` of the text."""

    def __init__(self, what: str, character: str, position: int, why: str) -> None:
        self.what = what
        self.character = character
        self.position = position
        self.why = why
        super().__init__(
            f"{what} holds {why} (U+{ord(character):04X}) at character {position + 1}; "
            "remove it and try again."
        )


class NameTooLong(InvalidInput):
    LIMIT = 200

    def __init__(self, length: int, limit: int = LIMIT, *, what: str = "The name") -> None:
        self.length = length
        self.limit = limit
        super().__init__(f"{what} is {length} characters long; at most {limit} are allowed.")


class BadSourceName(InvalidInput):
    """A sync source name: 1–64 printable characters."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"The source name {name!r} cannot be used: give 1 to 64 printable characters."
        )


class BadSyncWindow(InvalidInput):
    """A sync window that is not FROM..TO (or FROM..) with FROM before TO."""

    def __init__(self, text: str, why: str) -> None:
        self.text = text
        super().__init__(f"The window {text!r} cannot be used: {why}.")


class BadFeedSetting(InvalidInput):
    """A feed's interval, keyword map or address that cannot be used (`what` names it)."""

    def __init__(self, what: str, value: str, why: str) -> None:
        self.what = what
        self.value = value
        super().__init__(f"The {what} {value!r} cannot be used: {why}.")


class MissingName(InvalidInput):
    """`email` names the member when it is a member's name that is missing."""

    def __init__(self, what: str, email: str | None = None) -> None:
        self.what = what
        self.email = email
        subject = f"{what.capitalize()} {email!r}" if email else f"A {what}"
        super().__init__(f"{subject} needs a name.")


class UnknownTimeZone(InvalidInput):
    def __init__(self, zone: str) -> None:
        self.zone = zone
        super().__init__(
            f"{zone!r} is not an IANA time zone. Use a name such as `Europe/Madrid` or `UTC`."
        )


class InvalidEmail(InvalidInput):
    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(f"{email!r} is not an email address (expected name@example.com).")


class InvalidKind(InvalidInput):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(
            f"{kind!r} is not a kind. Use one of: hard_unavailable, soft_unavailable, "
            "wants_pager (or hard, soft, wants_pager)."
        )


class WindowTooLong(InvalidInput):
    def __init__(self, days: int, limit: int) -> None:
        self.days = days
        self.limit = limit
        super().__init__(
            f"The window is {count(days, 'day')} long; at most {count(limit, 'day')} are allowed."
        )


class UnreadableFile(InvalidInput):
    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(
            f"Could not read the file: {why}. Upload a CSV file (UTF-8, UTF-16 or "
            "Windows-1252 text) whose first line is a header such as email,start,end."
        )


_MIB = 1048576


class ImportTooLarge(InvalidInput):
    """Over `limit` bytes (`size` given) or over `limit` data rows (`line` given)."""

    def __init__(self, *, limit: int, size: int | None = None, line: int | None = None) -> None:
        self.limit = limit
        self.size = size
        self.line = line
        if size is not None:
            over = f"The file is {size / _MIB:.1f} MiB; the limit is {limit // _MIB} MiB."
        else:
            over = f"Line {line}: the file has more than {limit:,} data rows."
        super().__init__(f"{over} Split it into smaller files.")


class UnreadableMembersFile(InvalidInput):
    def __init__(self, path: str, why: str) -> None:
        self.path = path
        self.why = why
        super().__init__(f"Could not read {path}: {why}. Give a UTF-8 CSV file.")


class MissingColumns(InvalidInput):
    def __init__(self, missing: list[str], found: list[str], expected: tuple[str, ...]) -> None:
        self.missing = missing
        self.found = found
        super().__init__(
            f"Line 1: the members file needs the columns {', '.join(missing)} "
            f"(found: {', '.join(found) or 'nothing'}). Expected: {','.join(expected)}."
        )


class InvalidMemberRow(InvalidInput):
    """A members CSV row that broke `error`'s rule, on `line`."""

    def __init__(self, line: int, error: AvailbotError) -> None:
        self.line = line
        self.error = error
        super().__init__(f"Line {line}: {error.message}")


class NoProfileEmail(InvalidInput):
    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        super().__init__(
            "availbot cannot see an email address on your Slack profile, and needs one to "
            "know you. Ask a workspace admin to check the app has the users:read.email scope."
        )


class InvalidDigestClock(InvalidInput):
    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"{text!r} is not a time of day; use HH:MM, e.g. 09:00.")


class LookaheadOutOfRange(InvalidInput):
    def __init__(self, given: str, limit: int) -> None:
        self.given = given
        self.limit = limit
        super().__init__(f"lookahead={given}: give a number of days from 1 to {limit}.")


class UnreadableDigestSettings(InvalidInput):
    """`word` is the first word not understood; None when `at HH:MM` is missing."""

    def __init__(self, word: str | None, example: str) -> None:
        self.word = word
        self.example = example
        if word is None:
            super().__init__(f"Say when: {example}.")
        else:
            super().__init__(
                f"I don't understand {word!r} in the digest settings. Example: {example}."
            )


class UnreadableReminderSettings(InvalidInput):
    """`word` is the first word not understood in a member's reminder settings."""

    def __init__(self, word: str, example: str) -> None:
        self.word = word
        self.example = example
        super().__init__(
            f"I don't understand {word!r} in the reminder settings. Example: {example}."
        )


class QuietReminderTime(InvalidInput):
    """No reminder is sent in the quiet hours, so none may be asked for then."""

    def __init__(self, clock: str, quiet: str) -> None:
        self.clock = clock
        super().__init__(
            f"{clock} is in the quiet hours ({quiet}), when availbot sends no reminders. "
            "Pick a time outside them."
        )


class AmbiguousRotation(InvalidInput):
    def __init__(self, who: str, names: list[str]) -> None:
        self.names = names
        super().__init__(
            f"{who} is on call for {', '.join(names[:-1])} and {names[-1]} then: name the rotation."
        )


class InvalidSchedule(InvalidInput):
    """A schedules file with invalid entries: every problem, each with its key path."""

    def __init__(self, problems: list[ScheduleProblem]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"Nothing was changed: the schedules file has {count(len(problems), 'problem')}:"
            f"\n{listed}"
        )


class UnreadableSchedule(InvalidInput):
    """A schedules file that is not TOML (or cannot be read at all)."""

    def __init__(self, why: str, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(
            f"Nothing was changed: could not read the schedules file{where}: {why}. "
            'It must be TOML, e.g. `[[rotation]]` followed by `name = "primary"`.'
        )


class UnreadableExport(InvalidInput):
    """A schedule export from `tool` (Opsgenie, PagerDuty) that cannot be read as one."""

    def __init__(self, tool: str, why: str) -> None:
        self.tool = tool
        super().__init__(f"Nothing was changed: could not read the {tool} schedule export: {why}.")


class InvalidRotation(InvalidInput):
    """A rotation given field by field (a form), with problems: field name → what is wrong."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields
        listed = "; ".join(f"{k}: {v}" for k, v in fields.items())
        super().__init__(f"Nothing was changed: the rotation has problems: {listed}")


class BadParameter(InvalidInput):
    """An API parameter (query, path or body field) `name` whose value `value` does not
    parse; `expected` says what does."""

    def __init__(self, name: str, value: str, expected: str) -> None:
        self.name = name
        self.value = value
        super().__init__(f"The parameter {name!r} is {value[:80]!r}; expected {expected}.")


class MalformedBody(InvalidInput):
    """An API request body that does not parse: `where` says where (line and column of
    JSON, or the field), `expected` what the endpoint takes."""

    def __init__(self, where: str, why: str, expected: str) -> None:
        self.where = where
        self.why = why
        super().__init__(f"The request body could not be read {where}: {why}. Send {expected}.")


class BodyTooLarge(InvalidInput):
    def __init__(self, limit: int, what: str = "request body") -> None:
        self.limit = limit
        super().__init__(
            f"The {what} is larger than {limit:,} bytes. Send less at once "
            "(split a CSV into several uploads)."
        )


# --- conflicts with what is stored ---


class Conflict(AvailbotError):
    pass


class OverlappingUnavailability(Conflict):
    def __init__(self, collision: Collision, described: str | None = None) -> None:
        self.collision = collision
        span = described or f"{collision.start.isoformat()} – {collision.end.isoformat()}"
        super().__init__(
            f"This overlaps record {collision.record_id} ({span}). "
            "Change or remove that record first, or pick a span that does not overlap it."
        )


class ArchivedType(Conflict):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"The type {name!r} is archived and cannot be used for new records. "
            "Pick another type, or restore this one."
        )


class DuplicateTypeName(Conflict):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"A type named {name!r} already exists (names ignore case).")


class DuplicateFeedName(Conflict):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"A calendar feed named {name!r} already exists (names ignore case).")


class DuplicateEmail(Conflict):
    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(f"A member with email {email!r} already exists (emails ignore case).")


class DuplicateRotationName(Conflict):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"A rotation named {name!r} already exists.")


class DuplicateWorkspace(Conflict):
    def __init__(self, workspace_id: str) -> None:
        self.workspace_id = workspace_id
        super().__init__(f"Workspace {workspace_id!r} already exists.")


class DuplicateId(Conflict):
    def __init__(self, what: str, taken_id: str) -> None:
        self.what = what
        self.taken_id = taken_id
        super().__init__(f"A {what} with id {taken_id!r} already exists.")


class SlackUserAlreadyLinked(Conflict):
    def __init__(self, user_id: str, email: str) -> None:
        self.user_id = user_id
        self.email = email
        super().__init__(f"Slack user {user_id} is already linked to {email}.")


class UnstorableRecord(Conflict):
    """The database refused a record; None for a batch."""

    def __init__(self, record_id: str | None) -> None:
        self.record_id = record_id
        which = f"Record {record_id!r}" if record_id else "Records"
        super().__init__(
            f"{which} could not be stored: an id is taken, or a member or type does not exist."
        )


class UnstorableOverride(Conflict):
    def __init__(self, override_id: str) -> None:
        self.override_id = override_id
        super().__init__(
            f"Override {override_id!r} could not be stored: its id is taken, or its "
            "rotation or member does not exist."
        )


class ImportNotCommittable(Conflict):
    """`status` is the import's: failed, cancelled, or committed (`created` records)."""

    def __init__(self, import_id: str, status: str, created: int = 0) -> None:
        self.import_id = import_id
        self.status = status
        why = {
            "failed": "has errors and cannot be saved. Fix the file and upload it again.",
            "cancelled": "was cancelled. Upload the file again to import it.",
            "committed": f"was already saved ({count(created, 'record')}); "
            "remove records one by one if they are wrong.",
        }[status]
        super().__init__(f"Import {import_id} {why}")


class ImportCollides(Conflict):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        first = "; ".join(f"line {e.line}: {e.message}" for e in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(
            f"Nothing was saved: {count(len(errors), 'row')} now "
            f"{'collides' if len(errors) == 1 else 'collide'} with stored records: "
            f"{first}{more}. Preview the file again to see the current state."
        )


class OverlappingOverride(Conflict):
    """`described`: the other override's span in the refused person's zone."""

    def __init__(
        self, override_id: str, start: datetime, end: datetime, who: str, described: str = ""
    ) -> None:
        self.override_id = override_id
        span = described or f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} UTC"
        super().__init__(
            f"This overlaps override {override_id} ({who}, {span}). "
            "Remove that override or pick a span that does not overlap it."
        )


class TakerUnavailable(Conflict):
    """The member taking on-call is hard-unavailable (or inactive) in the span."""

    def __init__(self, who: str, why: str) -> None:
        self.who = who
        super().__init__(f"{who} cannot be on call then: {why}. Pick someone else or another span.")


class GapAlreadyCovered(Conflict):
    """An I'll-cover click on a gap that is over, or that someone (or something) has closed
    meanwhile."""

    def __init__(self, rotation: str, *, over: bool = False) -> None:
        self.rotation = rotation
        self.over = over
        if over:
            super().__init__("This gap is over; nothing to cover.")
        else:
            super().__init__(f"This {rotation} gap is already covered.")


class NotOnCall(Conflict):
    """Asking for cover of a span in which the member holds no on-call (after overrides)."""

    def __init__(self, who: str, rotation: str | None, span: str) -> None:
        self.who = who
        self.rotation = rotation
        where = f"for {rotation}" if rotation else "in any rotation"
        super().__init__(f"{who} is not on call {where} in {span}: there is nothing to cover.")


class CoverAlreadyRequested(Conflict):
    def __init__(self, rotation: str, span: str) -> None:
        self.rotation = rotation
        super().__init__(f"Cover for {rotation} in {span} is already being asked for.")


class CoverRequestClosed(Conflict):
    """Taking (or withdrawing) a cover request that was filled, withdrawn or is over; `why`
    says which, in words (`Ana covers it`)."""

    def __init__(self, rotation: str, why: str) -> None:
        self.rotation = rotation
        self.why = why
        super().__init__(f"This request for cover of {rotation} is closed: {why}.")


class OverrideFillsRequest(Conflict):
    """Removing, where the request's message cannot be redrawn, an override that filled a
    cover request: Undo on the request removes it and opens the request again."""

    def __init__(self, rotation: str, taker: str) -> None:
        self.rotation = rotation
        super().__init__(
            f"This override filled a request for cover of {rotation} ({taker} covers it): "
            "undo it on the request in Slack, which opens the request again."
        )


class SwapRefused(Conflict):
    """Answering a shift swap that is no longer open, or whose shifts changed meanwhile
    (started, overridden); `why` says which, in words."""

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(f"This shift swap cannot go ahead: {why}.")


class OwnCoverRequest(Conflict):
    def __init__(self, rotation: str) -> None:
        self.rotation = rotation
        super().__init__(
            f"You asked for this cover of {rotation}: someone else takes it, or you withdraw it."
        )


class DuplicateKeyName(Conflict):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"An API key named {name!r} already exists (names ignore case). Pick another "
            "name, or revoke that key first."
        )


class DuplicateExternalId(Conflict):
    def __init__(self, external_id: str, holder: str) -> None:
        self.external_id = external_id
        self.holder = holder
        super().__init__(
            f"The external id {external_id!r} already belongs to {holder}; each member's "
            "external id is unique in the workspace."
        )


class IdempotencyKeyReused(Conflict):
    """The same Idempotency-Key with a request other than the one that first used it."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"The Idempotency-Key {key!r} was already used for a different request. Send "
            "a new key for a new request, or the same request to get its first answer."
        )


class RequestInProgress(Conflict):
    """The same Idempotency-Key while its first request is still being answered."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"A request with the Idempotency-Key {key!r} is still being answered. Send it "
            "again in a moment to get its answer."
        )


# --- permissions ---


class NotPermitted(AvailbotError):
    """Every permission refusal answers the one code `NotPermitted` (docs/cli.md): scripts
    check one code, the subclass names the rule."""

    @property
    def code(self) -> str:
        return NotPermitted.__name__


class AdminOnly(NotPermitted):
    def __init__(self, actor: str, what: str) -> None:
        self.actor = actor
        self.what = what
        super().__init__(f"Only admins may {what}; {actor} is not an admin.")


class OwnRecordsOnly(NotPermitted):
    """`actor` tried to `what` for `member`, someone else."""

    def __init__(self, actor: str, what: str, member: str) -> None:
        self.actor = actor
        self.what = what
        self.member = member
        super().__init__(
            f"{actor} may not {what} for {member}: members act only on their own records. "
            "Ask an admin, or leave out the other member."
        )


class OwnCalendarOnly(NotPermitted):
    def __init__(self, actor: str, member: str) -> None:
        self.actor = actor
        self.member = member
        super().__init__(
            f"{actor} may not have the calendar link of {member}: members have only their own. "
            "Ask an admin."
        )


class OwnCoverOnly(NotPermitted):
    def __init__(self, actor: str, member: str) -> None:
        self.actor = actor
        self.member = member
        super().__init__(
            f"{actor} may not cover on-call for {member}: members cover only for themselves. "
            "Leave out the member, or ask an admin."
        )


class NotYourSwap(NotPermitted):
    def __init__(self, actor: str, teammate: str) -> None:
        self.actor = actor
        self.teammate = teammate
        super().__init__(f"{actor} may not answer this shift swap: it asks {teammate}.")


class OwnOverridesOnly(NotPermitted):
    def __init__(self, actor: str, member: str) -> None:
        self.actor = actor
        self.member = member
        super().__init__(
            f"{actor} may not remove {member}'s override: members remove only their own. "
            "Ask an admin."
        )


class OwnCoverRequestsOnly(NotPermitted):
    def __init__(self, actor: str, member: str) -> None:
        self.actor = actor
        self.member = member
        super().__init__(
            f"{actor} may not withdraw {member}'s cover request: members withdraw only their "
            "own. Ask an admin."
        )


class UnlinkableSlackUser(NotPermitted):
    def __init__(self, user_id: str, why: str) -> None:
        self.user_id = user_id
        self.why = why
        super().__init__(f"Slack user {user_id} cannot use availbot: {why}.")


class ScopeTooNarrow(NotPermitted):
    def __init__(self, key: str, scope: str, needed: str) -> None:
        self.key = key
        self.scope = scope
        self.needed = needed
        super().__init__(
            f"The API key {key!r} has scope {scope!r}; this call needs {needed!r}. Use a key "
            f"whose scope covers {needed!r}."
        )


class ApiDisabled(NotPermitted):
    def __init__(self, workspace_id: str) -> None:
        self.workspace_id = workspace_id
        super().__init__(
            f"The HTTP API is not enabled for workspace {workspace_id}. An operator must "
            "enable it before any key can be used."
        )


# --- the caller's words ---


class UsageError(AvailbotError):
    pass


class ConfigurationError(UsageError):
    pass


class SlackNotConfigured(ConfigurationError):
    """`what` needs Slack; `instead` says what works without it."""

    def __init__(self, what: str, instead: str) -> None:
        self.what = what
        super().__init__(
            f"{what} needs Slack: set SLACK_BOT_TOKEN (see docs/slack-setup.md). {instead}"
        )


class CalendarNotConfigured(ConfigurationError):
    """`missing` names the settings calendar links need and the server lacks."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            "Calendar links are not set up on this availbot: whoever runs it sets "
            f"{' and '.join(missing)} (docs/calendar.md)."
        )


class PageOutOfRange(UsageError):
    def __init__(self, page: int, page_size: int, limit: int) -> None:
        self.page = page
        self.page_size = page_size
        if page < 0:
            super().__init__(f"Pages are numbered from 0; {page} is not a page.")
        else:
            super().__init__(f"A page holds 1 to {limit} items; {page_size} is out of range.")


class FirstDayMissing(UsageError):
    def __init__(self) -> None:
        super().__init__("Pick the first day.")


class SeveralWorkspaces(UsageError):
    def __init__(self, workspace_ids: list[str]) -> None:
        self.workspace_ids = workspace_ids
        super().__init__(
            f"This database holds several workspaces ({', '.join(workspace_ids)}); say which one."
        )


class TakerMissing(UsageError):
    def __init__(self) -> None:
        super().__init__("Say who covers: name the member taking on-call.")


class MissingArgument(UsageError):
    """The command lacks `what`; `usage` is the adapter's own syntax for it."""

    def __init__(self, what: str, usage: str) -> None:
        self.what = what
        self.usage = usage
        super().__init__(f"Say {what}: {usage}.")


class UnexpectedArgument(UsageError):
    """The command got words it does not take; `usage` is the adapter's own syntax."""

    def __init__(self, said: str, usage: str) -> None:
        self.said = said
        self.usage = usage
        super().__init__(f"{said}. Use {usage}.")


class UnopenableFile(UsageError):
    def __init__(self, path: str, why: str) -> None:
        self.path = path
        self.why = why
        super().__init__(f"Could not open {path}: {why}.")


# --- who calls the HTTP API ---


class NotAuthenticated(AvailbotError):
    """No API key, or one that is unknown or revoked; the message never says which, so a
    guess learns nothing."""

    def __init__(self) -> None:
        super().__init__(
            "Missing or invalid API key. Send the header `Authorization: Bearer KEY` (or "
            "`Token KEY`) with a key that has not been revoked."
        )


# --- delivery ---


class PostFailed(AvailbotError):
    """Slack did not take the message. `certain` when it said so (then a retry is safe);
    not certain after a time-out or a broken connection (it may have posted).
    `retry_after`: the seconds Slack asked to wait (HTTP 429), if it said."""

    def __init__(self, message: str, *, certain: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.certain = certain
        self.retry_after = retry_after


# --- calendar feeds ---


class FeedFailed(AvailbotError):
    """A "who's out" calendar feed could not be read. `where` is the feed's scheme and host
    only: feed addresses often carry a secret key in their path or query."""

    def __init__(self, where: str, why: str) -> None:
        self.where = where
        self.why = why
        super().__init__(f"Could not read the calendar feed at {where}: {why}.")


class FeedAddressRefused(FeedFailed):
    """An address availbot does not fetch: another scheme, or (unless allowed) a loopback,
    private, link-local or otherwise non-public IP address, at the start or after a redirect."""


class FeedUnreachable(FeedFailed):
    """No calendar came back: the connection failed or timed out, the server answered with
    an HTTP error (`status`), or it redirected too many times."""

    def __init__(self, where: str, why: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(where, why)


class FeedTooLarge(FeedFailed):
    """A body over the size cap (bytes), or a calendar expanding to more occurrences in the
    window than availbot reads."""

    def __init__(self, where: str, *, limit: int, what: str) -> None:
        self.limit = limit
        self.what = what
        super().__init__(where, f"it has more than {limit:,} {what}")


class NotACalendar(FeedFailed):
    """What came back is not an iCalendar (`found` says what it was: an HTML page, JSON,
    an empty body), or iCalendar the reader cannot take (`found` says why)."""

    def __init__(self, where: str, found: str) -> None:
        self.found = found
        super().__init__(where, f"it did not return a calendar but {found}")


# --- the database ---


class DatabaseUnavailable(AvailbotError):
    """The database could not be reached (down, restarting, failing over, or the connection
    was cut). Storage raises it in place of its driver's errors; whatever the work was, its
    transaction did not commit, unless the connection broke with COMMIT itself in flight,
    and then the message says the outcome is unknown."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or "The database is unavailable: nothing was changed. Try again in a minute."
        )


class DatabaseBusy(DatabaseUnavailable):
    """Another writer held the database for longer than this work may wait (SQLite's one
    write lock, a PostgreSQL lock timeout): nothing was changed."""

    def __init__(self) -> None:
        super().__init__("The database is busy: nothing was changed. Try again in a moment.")
