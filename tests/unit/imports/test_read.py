"""Reading an export's text (core/imports/read.py): its lines as a file gives them to csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from hypothesis import given
from hypothesis import strategies as st

from core.imports.read import lines

TEXT = st.text(st.sampled_from(["a", ",", '"', "\r", "\n", " ", "é", "\x0c", "\u2028"]))
# without the breaks only str.splitlines knows: split in C, a chunk at a time
PLAIN_TEXT = st.text(st.sampled_from(["a", ",", '"', "\r", "\n", " ", "é"]))


@given(TEXT)
def test_lines_are_a_files_lines_read_with_newline_empty(text: str) -> None:
    assert list(lines(text)) == list(io.StringIO(text, newline=""))


@given(PLAIN_TEXT, st.integers(min_value=1, max_value=8))
def test_lines_cut_in_chunks_never_cut_a_line(text: str, chunk: int) -> None:
    assert list(lines(text, chunk)) == list(io.StringIO(text, newline=""))


@given(TEXT)
def test_csv_reads_the_same_records_from_them(text: str) -> None:
    def records(source: Iterable[str]) -> list[list[str]] | str:
        try:
            return list(csv.reader(source))
        except csv.Error as exc:
            return str(exc)

    assert records(lines(text)) == records(io.StringIO(text, newline=""))
