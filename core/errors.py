"""The one error tree of availbot: every refusal is a class named after the rule it enforces.

    AvailbotError                    base: `message` is what a person reads
    ├── NotFound
    │   ├── UnknownWorkspace
    │   ├── UnknownMember
    │   ├── UnknownType
    │   ├── UnknownUnavailability
    │   ├── UnknownImport
    │   ├── UnknownRotation
    │   └── UnknownOverride
    ├── InvalidInput
    │   ├── UnreadableWhen           text that is no date, time or phrase we know
    │   ├── EndNotAfterStart         an end at or before its start
    │   ├── NameTooLong
    │   ├── UnknownTimeZone
    │   ├── InvalidEmail
    │   ├── InvalidKind
    │   ├── WindowTooLong
    │   ├── UnreadableFile            an upload that is not a CSV we can decode
    │   ├── ImportTooLarge            over 10 MiB or 200,000 rows
    │   ├── InvalidSchedule           a schedules file with problems (key paths)
    │   └── UnreadableSchedule        a schedules file that is not TOML
    ├── Conflict
    │   ├── OverlappingUnavailability
    │   ├── ArchivedType
    │   ├── DuplicateTypeName
    │   ├── DuplicateEmail
    │   ├── ImportNotCommittable      a failed or cancelled import
    │   ├── ImportCollides            a commit that now collides with stored records
    │   ├── OverlappingOverride
    │   └── TakerUnavailable          covering while hard-unavailable or inactive
    ├── NotPermitted                  a member acting beyond their rights
    └── UsageError                    the caller's words are off (CLI exit status 2)
        └── ConfigurationError        a malformed setting such as DATABASE_URL

The CLI and the Slack app each turn these into words in one place; `code` is the class
name, which is what `--json` prints as `error.code`.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

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


class NotFound(AvailbotError):
    pass


class UnknownWorkspace(NotFound):
    pass


class UnknownMember(NotFound):
    def __init__(self, who: str) -> None:
        super().__init__(
            f"No member {who!r} in this workspace. "
            "Check the spelling, or add them with `availbot members add EMAIL --name NAME`."
        )
        self.who = who


class UnknownType(NotFound):
    def __init__(self, name: str, known: list[str] | None = None) -> None:
        hint = f" Known types: {', '.join(known)}." if known else ""
        super().__init__(f"No unavailability type {name!r}.{hint}")
        self.name = name


class UnknownUnavailability(NotFound):
    def __init__(self, record_id: str) -> None:
        super().__init__(
            f"No unavailability record {record_id!r}. "
            "List records with `availbot list` to find the id."
        )
        self.record_id = record_id


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


class NameTooLong(InvalidInput):
    LIMIT = 200

    def __init__(self, length: int) -> None:
        super().__init__(f"The name is {length} characters long; at most {self.LIMIT} are allowed.")


class UnknownTimeZone(InvalidInput):
    def __init__(self, zone: str) -> None:
        self.zone = zone
        super().__init__(
            f"{zone!r} is not an IANA time zone. Use a name such as `Europe/Madrid` or `UTC`."
        )


class InvalidEmail(InvalidInput):
    def __init__(self, email: str) -> None:
        super().__init__(f"{email!r} is not an email address (expected name@example.com).")


class InvalidKind(InvalidInput):
    def __init__(self, kind: str) -> None:
        super().__init__(
            f"{kind!r} is not a kind. Use one of: hard_unavailable, soft_unavailable, "
            "wants_pager (or hard, soft, wants_pager)."
        )


class WindowTooLong(InvalidInput):
    def __init__(self, days: int, limit: int) -> None:
        self.days = days
        self.limit = limit
        super().__init__(f"The window is {days} days long; at most {limit} days are allowed.")


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
            f"Pick another type, or restore it with `availbot types restore {name!r}`."
        )


class DuplicateTypeName(Conflict):
    def __init__(self, name: str) -> None:
        super().__init__(f"A type named {name!r} already exists (names ignore case).")


class DuplicateEmail(Conflict):
    def __init__(self, email: str) -> None:
        super().__init__(f"A member with email {email!r} already exists (emails ignore case).")


class UnknownImport(NotFound):
    def __init__(self, import_id: str) -> None:
        super().__init__(f"No import {import_id!r}. Preview the file again to get a new id.")


class UnreadableFile(InvalidInput):
    def __init__(self, why: str) -> None:
        super().__init__(
            f"Could not read the file: {why}. Upload a CSV file (UTF-8, UTF-16 or "
            "Windows-1252 text) whose first line is a header such as email,start,end."
        )


class ImportTooLarge(InvalidInput):
    pass


class ImportNotCommittable(Conflict):
    pass


class ImportCollides(Conflict):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        first = "; ".join(f"line {e.line}: {e.message}" for e in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(
            f"Nothing was saved: {len(errors)} rows now collide with stored records: "
            f"{first}{more}. Preview the file again to see the current state."
        )


class NotPermitted(AvailbotError):
    pass


class UsageError(AvailbotError):
    pass


class ConfigurationError(UsageError):
    pass


# --- on-call rotations and the schedules file (docs/rotations.md, docs/schedules.md) ---


class UnknownRotation(NotFound):
    def __init__(self, name: str, known: list[str] | None = None) -> None:
        hint = f" Known rotations: {', '.join(known)}." if known else " No rotation is defined."
        super().__init__(
            f"No rotation {name!r}.{hint} Rotations come from `availbot schedules apply FILE.toml`."
        )
        self.name = name


class UnknownOverride(NotFound):
    def __init__(self, override_id: str) -> None:
        super().__init__(
            f"No override {override_id!r}. List overrides with `availbot overrides` to find the id."
        )
        self.override_id = override_id


class InvalidSchedule(InvalidInput):
    """A schedules file with invalid entries: every problem, each with its key path."""

    def __init__(self, problems: list[ScheduleProblem]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"Nothing was changed: the schedules file has {len(problems)} "
            f"problem{'s' if len(problems) != 1 else ''}:\n{listed}"
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


class OverlappingOverride(Conflict):
    def __init__(self, override_id: str, start: datetime, end: datetime, who: str) -> None:
        self.override_id = override_id
        span = f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} UTC"
        super().__init__(
            f"This overlaps override {override_id} ({who}, {span}). Remove it with "
            f"`availbot overrides remove {override_id}` or pick a span that does not overlap it."
        )


class TakerUnavailable(Conflict):
    """The member taking on-call is hard-unavailable (or inactive) in the span."""

    def __init__(self, who: str, why: str) -> None:
        self.who = who
        super().__init__(f"{who} cannot be on call then: {why}. Pick someone else or another span.")


class GapAlreadyCovered(Conflict):
    """An I'll-cover click on a gap that someone (or something) has closed meanwhile."""
