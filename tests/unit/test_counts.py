"""Counts read as English: one row, two rows, one person, two people."""

from __future__ import annotations

from core.counts import count


def test_singular_and_plural() -> None:
    assert count(1, "row") == "1 row"
    assert count(0, "row") == "0 rows"
    assert count(2, "record") == "2 records"
    assert count(1, "person", "people") == "1 person"
    assert count(3, "person", "people") == "3 people"
    assert count(1, "more rotation") == "1 more rotation"
