"""Reading an HR export: bytes → text → header map → raw rows with their first line numbers."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, compress, islice, repeat
from operator import itemgetter, not_
from typing import TYPE_CHECKING, NamedTuple

from core.errors import ImportTooLarge, UnreadableFile

if TYPE_CHECKING:
    from _csv import Reader  # the type csv.reader returns; csv does not export its name

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000
BATCH_ROWS = 5_000  # rows read, then planned, at a time: each column taken in C
REQUIRED = ("email", "start_time")
ALIASES = {
    "email": ("email", "e-mail", "work email", "user"),
    "start_time": ("start_time", "start", "start_date", "from"),
    "end_time": ("end_time", "end", "end_date", "to", "until"),
    "name": ("name", "label", "reason", "note", "details", "description"),
    "type": ("type", "leave_type", "kind"),
}


def _key(header: str) -> str:
    return "".join(c for c in header.strip().lower() if c not in " -_")


_CANONICAL = {_key(alias): column for column, names in ALIASES.items() for alias in names}


class RawRow(NamedTuple):
    """One record of the file: its first physical line and its trimmed cells by column (a
    NamedTuple, made 100,000 times a file: see core.imports.model.PlannedRow)."""

    line: int
    email: str
    start: str
    end: str
    name: str
    type: str


class RawBatch(NamedTuple):
    """Consecutive data rows of the file as columns (BATCH_ROWS at most): each row's first
    physical line and its trimmed cells, what a RawRow each would hold."""

    lines: list[int]
    emails: list[str]
    starts: list[str]
    ends: list[str]
    names: list[str]
    types: list[str]

    def rows(self) -> Iterator[RawRow]:
        return map(_raw_row, repeat(RawRow), zip(*self, strict=True))

    def kept(self, keep: list[bool]) -> RawBatch:
        """The batch's rows whose `keep` is true."""
        return RawBatch._make(list(compress(column, keep)) for column in self)


@dataclass(frozen=True)
class Header:
    columns: dict[str, int]
    unknown: tuple[str, ...]
    found: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in REQUIRED if c not in self.columns)


def check_size(size: int) -> None:
    """Refuse a file over the limit before reading it."""
    if size > MAX_BYTES:
        raise ImportTooLarge(limit=MAX_BYTES, size=size)


def rows_about(data: bytes) -> int:
    """About how many data rows the file has, before reading it: its lines less the header
    (a quoted field holding line breaks makes this a little more)."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (docs/imports.md)."""
    check_size(len(data))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile("it starts like UTF-16 but is not valid UTF-16") from exc
    if b"\x00" in data:
        raise UnreadableFile("it is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableFile("it is neither UTF-8, UTF-16 nor Windows-1252 text") from exc


def read_rows(text: str) -> tuple[Header, Iterator[RawRow]]:
    """The header and a lazy iterator over the data rows; refuses files without a header."""
    header, batches = read_batches(text)
    return header, chain.from_iterable(batch.rows() for batch in batches)


def read_batches(text: str) -> tuple[Header, Iterator[RawBatch]]:
    """The header and a lazy iterator over the data rows, BATCH_ROWS at a time (read_rows
    one at a time); refuses files without a header."""
    first_line = next((line for line in lines(text) if line.strip()), "")
    if not first_line:
        raise UnreadableFile("it is empty; the first line must be a header such as email,start")
    reader = csv.reader(lines(text), delimiter=_delimiter(first_line))
    # blank lines before the header are skipped; a file of nothing else has no header
    cells = next((row for row in _checked(reader) if any(c.strip() for c in row)), None)
    if cells is None:
        raise UnreadableFile("it has no header line such as email,start")
    header = _header(cells)
    return header, _batches(reader, header)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# str.splitlines also breaks at these; csv (a file opened with newline="") does not
_OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
CHUNK = 1 << 20


def lines(text: str, chunk: int = CHUNK) -> Iterator[str]:
    """The text's lines with their ends (\\r\\n, \\r or \\n), as a file opened with
    newline="" gives them to csv, one chunk at a time: io.StringIO would hold four bytes a
    character of the whole file (40 MB for 10 MiB) while it is read. str.splitlines does the
    splitting in C when the text has none of the other breaks it knows."""
    if any(c in text for c in _OTHER_BREAKS):
        return (match.group() for match in _LINE.finditer(text))
    return chain.from_iterable(piece.splitlines(keepends=True) for piece in _pieces(text, chunk))


def _pieces(text: str, chunk: int) -> Iterator[str]:
    """The text cut after a line's end at least `chunk` characters on: no line is cut, nor
    a \\r\\n (a file of \\r-ended lines, as old Mac Excel saves, is cut too)."""
    at = 0
    while at < len(text):
        found = _END.search(text, at + chunk)
        end = len(text) if found is None else found.end()
        yield text[at:end]
        at = end


_END = re.compile(r"\r\n?|\n")


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(cells: list[str]) -> Header:
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        column = _CANONICAL.get(_key(cell))
        if column is None:
            if cell.strip():
                unknown.append(cell.strip())
        elif column not in columns:
            columns[column] = index
    return Header(columns, tuple(unknown), tuple(c.strip() for c in cells))


def _checked(reader: Reader) -> Iterator[list[str]]:
    """The reader's records; its own errors (a field over 128 KiB, say) in our words."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _unreadable(reader, exc) from None


def _unreadable(reader: Reader, exc: csv.Error) -> UnreadableFile:
    """The reader's own error (a field over 128 KiB, say) in our words."""
    return UnreadableFile(f"line {reader.line_num} is not CSV the reader can take ({exc})")


_raw_row = tuple.__new__  # a RawRow from one tuple: half the cost of its keyword __new__


def _batches(reader: Reader, header: Header) -> Iterator[RawBatch]:
    """The data rows, a batch at a time, each column cut and trimmed in C (a loop over
    100,000 rows cost more than the csv reader itself). Blank rows are left out; a row
    shorter than the header reads its missing cells as empty, and so does an absent
    optional column."""
    order = ("email", "start_time", "end_time", "name", "type")
    at = [header.columns.get(column, -1) for column in order]
    count = 0
    while True:
        before = reader.line_num
        records: list[list[str]] = []
        try:
            records.extend(islice(reader, BATCH_ROWS))  # what was read stays on an error
        except csv.Error as exc:
            unreadable = _unreadable(reader, exc)
            # the rows before the bad record count: a file already over the row limit there
            # is refused for that, as a reader going a row at a time would have
            if records:
                _counted(count, _batch(records, before, None, at))
            raise unreadable from None
        if not records:
            return
        batch = _batch(records, before, reader.line_num, at)
        count = _counted(count, batch)
        yield batch


def _batch(records: list[list[str]], before: int, after: int | None, at: list[int]) -> RawBatch:
    """The records read after line `before` (up to line `after`, None: not known), less the
    blank ones, with the cells of the columns at `at`."""
    width = max(at) + 1
    lines = _first_lines(records, before, after)
    if min(map(len, records)) < width:
        records = [r + [""] * (width - len(r)) if len(r) < width else r for r in records]
    return _without_blanks(RawBatch(lines, *(_column(records, i) for i in at)), records)


def _counted(count: int, batch: RawBatch) -> int:
    """The rows counted so far with the batch's, refusing the file at its first row over
    MAX_ROWS."""
    count += len(batch.lines)
    if count > MAX_ROWS:
        raise ImportTooLarge(limit=MAX_ROWS, line=batch.lines[MAX_ROWS - count])
    return count


def _first_lines(records: list[list[str]], before: int, after: int | None) -> list[int]:
    """Each record's first physical line, the reader having been at line `before` and, after
    them, at `after`: one line each, unless a quoted cell holds line breaks (a line more
    each)."""
    if after is not None and after - before == len(records):
        return list(range(before + 1, after + 1))
    found, line = [], before + 1
    for record in records:
        found.append(line)
        line += 1 + sum(len(_END.findall(cell)) for cell in record)
    return found


def _column(records: list[list[str]], index: int) -> list[str]:
    """The trimmed cells at `index` (-1: a column the file lacks, every cell empty)."""
    if index < 0:
        return [""] * len(records)
    return list(map(str.strip, map(itemgetter(index), records)))


def _without_blanks(batch: RawBatch, records: list[list[str]]) -> RawBatch:
    """The batch less its blank rows (every cell empty or spaces), which are no rows at all.
    Only rows without an email can be blank, so only those are looked at."""
    blank = [
        at
        for at in compress(range(len(records)), map(not_, batch.emails))
        if not (batch.starts[at] or batch.ends[at] or batch.names[at] or batch.types[at])
        and not "".join(records[at]).strip()
    ]
    if not blank:
        return batch
    keep = [True] * len(records)
    for at in blank:
        keep[at] = False
    return batch.kept(keep)
