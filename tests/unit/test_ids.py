"""Ids (core/model.py): opaque, 96 random bits, drawn in batches that come in order."""

from __future__ import annotations

import re
from itertools import islice

from core.model import new_id, new_ids

ID = re.compile(r"^avail_[0-9a-f]{24}$")


def test_an_id_is_its_prefix_and_96_random_bits() -> None:
    assert ID.match(new_id("avail"))
    assert new_id("avail") != new_id("avail")


def test_drawn_ids_are_distinct_ids_increasing_within_each_batch() -> None:
    ids = list(islice(new_ids("avail", batch=64), 640))
    assert all(ID.match(i) for i in ids)
    assert len(set(ids)) == 640
    batches = [ids[at : at + 64] for at in range(0, 640, 64)]
    assert all(batch == sorted(batch) for batch in batches)
    assert ids != sorted(ids)  # each batch is drawn anew, not one run across all
