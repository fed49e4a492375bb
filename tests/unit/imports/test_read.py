"""Reading an export's text (core/imports/read.py): its lines as a file gives them to csv, and
its rows, read a batch of columns at a time, as a plain loop over csv's records reads them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

import core.imports.read
from core.errors import AvailbotError, ImportTooLarge, UnreadableFile
from core.imports.read import RawRow, lines, read_rows

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


# Files with quoted cells across lines, \r and \r\n ends, blank and short rows, spaces,
# header columns in any order or missing, and sometimes a broken quote.
PIECES = st.sampled_from(
    ["a", "b", ",", '"', "\r", "\n", "\r\n", " ", "é", "\x0c", "\u2028", "longcell"]
)
CELLS = st.lists(PIECES, max_size=60).map("".join)
HEADERS = st.lists(
    st.sampled_from(["email", "start", "end", "name", "type", "team", ""]), min_size=1, max_size=6
)


@given(
    HEADERS,
    CELLS,
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=6),
    st.booleans(),
)
# over the row limit before a cell csv refuses, in the same batch: refused for its rows
@example(["email", "start"], "a\nb\nlongcell\n", 3, 1, True)
@example(["email", "start"], "a\n\nb\nc\nlongcell\n", 4, 2, True)
# a cell csv refuses before the row limit is reached
@example(["email", "start"], "a\nlongcell\nb\nc\n", 4, 2, True)
def test_rows_read_in_batches_are_the_rows_a_plain_loop_reads(
    header: list[str], body: str, batch: int, limit: int, small_fields: bool
) -> None:
    """`small_fields`: csv refuses a cell over 6 characters (`longcell`), so that a file can
    be refused by the reader after rows over the row limit, or before them."""
    text = ",".join(header) + "\n" + body
    field_limit = csv.field_size_limit()
    with (
        mock.patch.object(core.imports.read, "BATCH_ROWS", batch),
        mock.patch.object(core.imports.read, "MAX_ROWS", limit),
    ):
        try:
            if small_fields:
                csv.field_size_limit(6)
            batched = _outcome(lambda: list(read_rows(text)[1]))
            plain = _outcome(lambda: _plain(text))
        finally:
            csv.field_size_limit(field_limit)
    assert batched == plain


def _outcome(read: Callable[[], list[RawRow]]) -> list[RawRow] | str:
    """The rows, or the message that refused the file (rows read before it do not count)."""
    try:
        return read()
    except AvailbotError as exc:
        return f"{type(exc).__name__}: {exc}"


def _plain(text: str) -> list[RawRow]:
    """The rows as the reader made them one record at a time, before batches."""
    header, _ = read_rows(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",")
    next(row for row in reader if any(c.strip() for c in row))
    order = ("email", "start_time", "end_time", "name", "type")
    at = [header.columns.get(column, -1) for column in order]
    return list(_records(reader, at))


def _records(reader: Iterator[list[str]], at: list[int]) -> Iterator[RawRow]:
    line = reader.line_num + 1  # type: ignore[attr-defined]
    count = 0
    try:
        for cells in reader:
            first, line = line, reader.line_num + 1  # type: ignore[attr-defined]
            cells = [*cells, *[""] * (max(at) + 1 - len(cells)), ""]  # an absent column: -1
            picked = [cells[i].strip() for i in at]
            if not any(picked) and not "".join(cells).strip():
                continue
            count += 1
            if count > core.imports.read.MAX_ROWS:
                raise ImportTooLarge(limit=core.imports.read.MAX_ROWS, line=first)
            yield RawRow(first, *picked)
    except csv.Error as exc:
        raise UnreadableFile(
            f"line {reader.line_num} is not CSV the reader can take ({exc})"  # type: ignore[attr-defined]
        ) from None
