"""What a new user reads: counts of one in the singular, in every builder."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.bot.test_escaping import every_rendering

NOUNS = "rows|records|people|rotations|emails|row errors|duplicates|days|gaps|coverage gaps|"
NOUNS += "segments|channels|types|defined days|members|problems"
ONE_PLURAL = re.compile(rf"(?<![\d.,])1 (more )?({NOUNS})\b")


@pytest.mark.parametrize(("name", "built"), list(every_rendering()))
def test_a_count_of_one_is_singular(name: str, built: dict[str, Any]) -> None:
    shown = json.dumps(built, ensure_ascii=False)
    assert not ONE_PLURAL.search(shown), (name, ONE_PLURAL.findall(shown))


def visible_text(built: dict[str, Any]) -> str:
    """What people read: `text` and every text object, not the buttons' values."""
    parts = [str(built.get("text", ""))]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                parts.append(str(node.get("text", "")))
            for key, value in node.items():
                if key != "value":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(built.get("blocks", []))
    return "\n".join(parts)


@pytest.mark.parametrize(
    "name", ["added", "list", "home", "added view"], ids=lambda name: str(name)
)
def test_record_ids_stay_in_the_buttons(name: str) -> None:
    """A record shown with a button (Undo, Remove) is not shown with its internal id."""
    built = dict(every_rendering())[name]
    assert "avail_" not in visible_text(built), name
    if name != "added view":  # the modal's confirmation has no button
        assert "avail_" in json.dumps(built)  # the buttons still carry it
