"""Reading an export's text (core/imports/read.py): its lines as a file gives them to csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from hypothesis import given
from hypothesis import strategies as st

from core.imports.read import lines

TEXT = st.text(st.sampled_from(["a", ",", '"', "\r", "\n", " ", "é", "\x0c", "\u2028"]))


@given(TEXT)
def test_lines_are_a_files_lines_read_with_newline_empty(text: str) -> None:
    assert list(lines(text)) == list(io.StringIO(text, newline=""))


@given(TEXT)
def test_csv_reads_the_same_records_from_them(text: str) -> None:
    def records(source: Iterable[str]) -> list[list[str]] | str:
        try:
            return list(csv.reader(source))
        except csv.Error as exc:
            return str(exc)

    assert records(lines(text)) == records(io.StringIO(text, newline=""))
