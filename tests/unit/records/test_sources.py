"""Source values (core/records/sources.py) and the words shown beside synced records."""

from __future__ import annotations

import pytest

from core.errors import BadSourceName
from core.records.sources import is_synced, source_name, source_words, sync_source


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("sync:BambooHR", "from BambooHR"),
        ("feed:Personio", "from feed Personio"),
        ("sync:a:b", "from a:b"),
        ("slack", None),
        ("cli", None),
        ("api", None),
        ("import:imp_1", None),
    ],
)
def test_only_synced_records_say_where_they_came_from(source: str, words: str | None) -> None:
    assert source_words(source) == words
    assert is_synced(source) is (words is not None)
    assert (source_name(source) is None) is (words is None)


def test_a_source_name_is_checked() -> None:
    assert sync_source("  BambooHR ") == "sync:BambooHR"
    for bad in ("", "   ", "x" * 65, "tab\there"):
        with pytest.raises(BadSourceName):
            sync_source(bad)
