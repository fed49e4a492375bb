"""What text availbot stores (docs/records.md#what-availbot-accepts), checked at the door.

Both databases must read back exactly what was stored, and every view must show it as
written, so two rules, one per kind of text:

- **Free text** (a record's note, a type's description, a CSV `name` cell): any text but
  control characters; tab, line feed and carriage return are allowed. PostgreSQL cannot
  store NUL at all, and lone surrogates are not text.
- **Names and words** (member, type, rotation, calendar and day type names; emails; the
  words of a schedules file): trimmed, and also no line breaks or tabs, and no invisible
  format characters (a BOM, zero-width spaces, bidirectional overrides), which would make
  two names look alike but differ. The zero-width joiner and non-joiner stay allowed:
  emoji and some scripts need them.

A refusal is UnacceptableText, saying what, which character and where.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from core.errors import UnacceptableText

_FREE_CONTROLS = frozenset("\t\n\r")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # ASCII's Cc less tab, LF, CR
_JOINERS = frozenset("\u200c\u200d")


def note_problem(text: str) -> tuple[int, str] | None:
    """(index, why) of the first character free text may not hold, or None."""
    if text.isascii():  # the common case, checked in C: imports check every cell
        found = _ASCII_CONTROL.search(text)
        return None if found is None else (found.start(), "a control character")
    return _first(text, _free_why)


def name_problem(text: str) -> tuple[int, str] | None:
    """(index, why) of the first character a name may not hold, or None."""
    if text.isprintable():  # no Cc, Cf, Cs, Zl or Zp at all: nothing to refuse
        return None
    return _first(text, _name_why)


def _first(text: str, why_not: Callable[[str], str]) -> tuple[int, str] | None:
    for index, char in enumerate(text):
        why = why_not(char)
        if why:
            return index, why
    return None


def checked_note(text: str, what: str = "The note") -> str:
    """`text` unchanged, or UnacceptableText."""
    found = note_problem(text)
    if found is not None:
        raise UnacceptableText(what, text[found[0]], *found)
    return text


def checked_name(text: str, what: str = "The name") -> str:
    """`text` trimmed, or UnacceptableText (the index counts in the trimmed text)."""
    trimmed = text.strip()
    found = name_problem(trimmed)
    if found is not None:
        raise UnacceptableText(what, trimmed[found[0]], *found)
    return trimmed


def cleaned_name(text: str) -> str:
    """`text` with each character a name may not hold made a space, trimmed: for names
    that come from elsewhere (a Slack profile) and cannot be refused."""
    if name_problem(text) is None:
        return text.strip()
    return " ".join("".join(" " if _name_why(char) else char for char in text).split())


def _free_why(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc" and char not in _FREE_CONTROLS:
        return "a control character"
    if category == "Cs":
        return "a lone surrogate, which is not text"
    return ""


def _name_why(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc":
        return "a control character" if char not in _FREE_CONTROLS else "a line break or tab"
    if category == "Cs":
        return "a lone surrogate, which is not text"
    if category in ("Zl", "Zp"):
        return "a line break"
    if category == "Cf" and char not in _JOINERS:
        return "an invisible format character"
    return ""
