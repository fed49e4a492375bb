"""Whose time off a feed event is: emails first, then the name in its summary, then aliases."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.people.model import Member

_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# "Jane Doe - Vacation", "Jane Doe – Vacation", "Jane Doe (Time off)", "Vacation: Jane Doe"
_NAME_FIRST = re.compile(r"^(?P<name>[^():]+?)\s+[-–—]\s+(?P<label>.+)$")
_NAME_THEN_PARENS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<label>.+)\)\s*$")
_LABEL_FIRST = re.compile(r"^(?P<label>[^:]+?)\s*:\s*(?P<name>.+)$")


def folded(text: str) -> str:
    """Text compared the way names are: no accents, no case, words split on anything else."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", plain.casefold()))


@dataclass(frozen=True)
class Summary:
    """A summary split into the person's name and the rest (`label`); `name` is the whole
    summary when no pattern fits, and `label` is then empty."""

    name: str
    label: str


def split_summary(summary: str) -> Summary:
    text = " ".join(summary.split())
    for pattern in (_NAME_FIRST, _NAME_THEN_PARENS, _LABEL_FIRST):
        found = pattern.match(text)
        if found:
            return Summary(found["name"].strip(), found["label"].strip())
    return Summary(text, "")


class People:
    """The members a feed may name, looked up by email, by folded name, and by alias."""

    def __init__(self, members: Sequence[Member], aliases: Mapping[str, str]) -> None:
        self._by_email = {m.email.casefold(): m for m in members if m.active}
        names: dict[str, list[Member]] = {}
        for member in self._by_email.values():
            names.setdefault(folded(member.name), []).append(member)
        # two active members of one name cannot be told apart by it: neither is matched
        self._by_name = {name: found[0] for name, found in names.items() if len(found) == 1}
        self._by_alias = {
            folded(name): self._by_email[email.casefold()]
            for name, email in aliases.items()
            if email.casefold() in self._by_email and folded(name)
        }

    def by_emails(self, emails: Iterable[str]) -> Member | None:
        for email in emails:
            found = self._by_email.get(email.casefold())
            if found is not None:
                return found
        return None

    def by_name(self, name: str) -> Member | None:
        key = folded(name)
        if not key:
            return None
        return self._by_alias.get(key) or self._by_name.get(key)

    def in_summary(self, summary: str) -> Member | None:
        """A member whose whole name (or alias) appears as words of the summary: the longest
        such name, when only one member has it."""
        text = f" {folded(summary)} "
        best: list[tuple[int, Member]] = []
        for table in (self._by_alias, self._by_name):
            for name, member in table.items():
                if f" {name} " in text:
                    best.append((len(name), member))
        if not best:
            return None
        longest = max(size for size, _ in best)
        winners = {m.id: m for size, m in best if size == longest}
        return next(iter(winners.values())) if len(winners) == 1 else None


def emails_in(text: str) -> list[str]:
    """The email addresses written in a text (a description), in order."""
    return _EMAIL.findall(text)


def mailto(address: str) -> str:
    """The email of an ATTENDEE or ORGANIZER value (`mailto:jane@example.com`)."""
    value = address.strip()
    return value[len("mailto:") :] if value.casefold().startswith("mailto:") else value


def mapped_type(text: str, keywords: Mapping[str, str]) -> str | None:
    """The type name of the first keyword (in the mapping's order) found as words of `text`."""
    haystack = f" {folded(text)} "
    for keyword, type_name in keywords.items():
        key = folded(keyword)
        if key and f" {key} " in haystack:
            return type_name
    return None
