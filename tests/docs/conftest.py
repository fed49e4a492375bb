"""Where the documentation lives, for the tests that keep it honest."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"

_FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)


def fenced_blocks(text: str, lang: str | None = None) -> list[str]:
    """The bodies of the fenced code blocks of a Markdown text (only `lang` ones if given)."""
    return [m["body"] for m in _FENCE.finditer(text) if lang is None or m["lang"] == lang]
