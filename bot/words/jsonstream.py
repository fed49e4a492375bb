"""JSON written as it is made: a long list's items one at a time, never the whole text at once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, TextIO

INDENT = "  "


@dataclass(frozen=True)
class JsonItems:
    """A JSON array whose items are made only while it is written, each on a line of its own
    (an import's 100,000 records). `items()` is called once per writing; `encoded`: its
    items are JSON text already."""

    items: Callable[[], Iterable[Any]]
    encoded: bool = False


def json_chunks(value: Any, level: int = 0) -> Iterator[str]:
    """`value` as JSON indented by two (like json.dumps(value, indent=2)), but each item of
    a JsonItems on one line; dicts and lists holding no JsonItems are dumped whole."""
    if isinstance(value, JsonItems):
        yield from _array(value, level)
    elif streams(value):
        yield "{"
        pad = "\n" + INDENT * (level + 1)
        for index, (key, item) in enumerate(value.items()):
            yield ("," if index else "") + pad + json.dumps(key) + ": "
            yield from json_chunks(item, level + 1)
        yield "\n" + INDENT * level + "}"
    else:
        yield json.dumps(value, indent=2).replace("\n", "\n" + INDENT * level)


def write_json(value: Any, out: TextIO) -> None:
    """`value` as json_chunks, then a new line."""
    for chunk in json_chunks(value):
        out.write(chunk)
    out.write("\n")


def _array(value: JsonItems, level: int) -> Iterator[str]:
    """The items a thousand at a time: one write per thousand lines, not one per line."""
    pad = ",\n" + INDENT * (level + 1)
    encode = json.JSONEncoder().encode  # C-fast: no indentation
    items = iter(value.items() if value.encoded else map(encode, value.items()))
    batches = iter(lambda: list(islice(items, ITEMS_WRITTEN_AT_ONCE)), [])
    written = False
    for batch in batches:
        yield (pad if written else "[" + pad[1:]) + pad.join(batch)
        written = True
    yield "\n" + INDENT * level + "]" if written else "[]"


ITEMS_WRITTEN_AT_ONCE = 1_000


def streams(value: Any) -> bool:
    """Whether `value` holds a JsonItems: it cannot go through json.dumps as it is."""
    if isinstance(value, JsonItems):
        return True
    return isinstance(value, dict) and any(streams(v) for v in value.values())
