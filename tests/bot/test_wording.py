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
