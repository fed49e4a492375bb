"""Counts in words, for every message core, the command line and the Slack app write."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`1 row`, `2 rows`, `0 rows`; `plural` for nouns that do not just take an s
    (`count(n, "person", "people")`, `count(n, "gap", "gaps")`)."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
