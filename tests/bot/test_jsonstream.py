"""JSON written as it is made (bot/words/jsonstream.py): the same JSON as json.dumps would
write, a long list's items on lines of their own, written a thousand lines at a time."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.words.jsonstream import JsonItems, write_json

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=10,
)


def written(value: Any) -> str:
    out = io.StringIO()
    write_json(value, out)
    return out.getvalue()


@given(VALUES)
def test_values_without_streamed_items_are_written_as_json_dumps_writes_them(value: Any) -> None:
    assert written(value) == json.dumps(value, indent=2) + "\n"


@given(st.lists(VALUES, max_size=5), st.booleans())
def test_streamed_items_read_back_as_the_items(items: list[Any], encoded: bool) -> None:
    made = [json.dumps(i) for i in items] if encoded else items
    value = {"count": len(items), "items": JsonItems(lambda: made, encoded=encoded)}
    assert json.loads(written(value)) == {"count": len(items), "items": items}


def test_each_of_many_items_has_a_line_of_its_own() -> None:
    items = [{"n": n} for n in range(2_500)]  # more than one batch of a thousand
    text = written({"items": JsonItems(lambda: items)})
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "items": [', '    {"n": 0},']
    assert lines[-3:] == ['    {"n": 2499}', "  ]", "}"]
    assert len(lines) == 2_500 + 4
    assert json.loads(text) == {"items": items}


def test_no_items_is_an_empty_list() -> None:
    assert json.loads(written({"items": JsonItems(lambda: [])})) == {"items": []}
    assert '"items": []' in written({"items": JsonItems(lambda: [])})
