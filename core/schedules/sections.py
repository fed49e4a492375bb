"""What a section of the schedules file is: its reader of entries, its plan, its summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from core.errors import DateOutOfRange, UnknownTimeZone
from core.people.model import Member
from core.ports import AvailabilityStore
from core.text import name_problem, note_problem
from core.time.bounds import day_in_range
from core.time.spans import zone

Table = dict[str, Any]


@dataclass(frozen=True)
class ScheduleProblem:
    """One invalid entry of a schedules file, at its key path (`rotation[2].members[1]`)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Change:
    """One thing an apply added, changed or removed: `rotation primary`, say."""

    kind: str
    name: str
    effective_from: datetime | None = None


@dataclass(frozen=True)
class Changes:
    added: tuple[Change, ...] = ()
    changed: tuple[Change, ...] = ()
    removed: tuple[Change, ...] = ()

    def __add__(self, other: Changes) -> Changes:
        return Changes(
            self.added + other.added, self.changed + other.changed, self.removed + other.removed
        )


class Plan(Protocol):
    def apply(self, store: AvailabilityStore, workspace_id: str, *, now: datetime) -> Changes:
        """Inside the apply's transaction: make the stored section exactly the file's."""
        ...


class Section(Protocol):
    key: str  # the top-level key of its array of tables, e.g. "rotation"
    fields: tuple[str, ...]  # the keys an entry may have

    def read(self, entries: list[tuple[str, Table]], reader: Reader) -> Plan:
        """Each entry with its key path (`rotation[2]`); problems go to `reader`."""
        ...

    def show(self, store: AvailabilityStore, workspace_id: str) -> list[Table]:
        """The stored section as the file's entries would say it."""
        ...


@dataclass
class Reader:
    """What sections need while reading: members by email, the default zone, problems, and
    the names earlier sections defined (`defined["day_type"]`: folded name → name)."""

    members: dict[str, Member]
    default_zone: str
    problems: list[ScheduleProblem] = field(default_factory=list)
    defined: dict[str, dict[str, str]] = field(default_factory=dict)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(ScheduleProblem(path, message))

    def member(self, path: str, email: object) -> Member | None:
        if not isinstance(email, str):
            self.problem(path, f"expected an email as a string, found {shown(email)}")
            return None
        found = self.members.get(email.strip().casefold())
        if found is None:
            self.problem(path, f"no member with email {email!r}")
        return found

    def text(
        self, entry: Table, key: str, path: str, *, required: bool = True, lines: bool = False
    ) -> str | None:
        """The entry's string at `key`, trimmed: a name or word (core/text.py), or with
        `lines` free text, whose line breaks its reader refuses in its own words."""
        value = entry.get(key)
        if value is None:
            if required:
                self.problem(f"{path}.{key}", "missing; it is required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{path}.{key}", f"expected a non-empty string, found {shown(value)}")
            return None
        return self.words(f"{path}.{key}", value, lines=lines)

    def words(self, path: str, value: str, *, lines: bool = False) -> str | None:
        """`value` trimmed, or None with a problem when it holds a character names (or with
        `lines`, free text) may not hold (core/text.py)."""
        trimmed = value.strip()
        found = note_problem(trimmed) if lines else name_problem(trimmed)
        if found is None:
            return trimmed
        index, why = found
        self.problem(path, f"holds {why} (U+{ord(trimmed[index]):04X}) at character {index + 1}")
        return None

    def in_range(self, path: str, day: date) -> date | None:
        """`day`, or None with a problem when it is outside the dates availbot handles."""
        if day_in_range(day):
            return day
        first, last = DateOutOfRange.FIRST, DateOutOfRange.LAST
        self.problem(path, f"{day} is outside the dates availbot handles: {first} to {last}")
        return None

    def zone_name(self, path: str, value: str) -> str | None:
        try:
            return zone(value).key
        except UnknownTimeZone:
            self.problem(path, f"{value!r} is not an IANA time zone (e.g. Europe/Madrid, UTC)")
            return None

    def read(self, path: str, value: str, parse: Callable[[str], Any]) -> Any:
        """`parse(value)`, with a ValueError turned into a problem at `path`."""
        try:
            return parse(value)
        except ValueError as exc:
            self.problem(path, str(exc))
            return None


def shown(value: object) -> str:
    """How a TOML value is named in a problem: `a number (3)`, `an array`."""
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    kinds = {str: "a string", bool: "true/false", int: "a number", float: "a number"}
    kind = kinds.get(type(value), "a date" if isinstance(value, date | datetime) else "a value")
    return f"{kind} ({value!r})"
