"""Reading an import file from disk a row at a time: CSV, NDJSON or XLSX.

Memory stays flat whatever the file's size: a CSV or NDJSON file is read a line at a
time (a line over `MAX_LINE` bytes is a row error, never a buffer that grows), an XLSX
sheet a row at a time (see `xlsx`). A row that cannot be read is a row error; only a
file that cannot be imported at all (no header, a wrong header, not a workbook) is
refused, before a job is made.

A CSV row is one line. Valid CSV may quote a line break into a cell, but so does a
missing closing quote, which swallows the rows after it into one cell, often into a
row that passes. The two cannot be told apart, so a cell never spans lines: a quote
left open is an error of its own row, and the next line is the next row.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from csp_common.imports.columns import BLANK, Columns, FileRefused
from csp_common.imports.rows import Issue

FileFormat = Literal["csv", "ndjson", "xlsx"]
FORMATS: tuple[FileFormat, ...] = ("csv", "ndjson", "xlsx")
MEDIA_TYPES: dict[str, FileFormat] = {
    "text/csv": "csv",
    "application/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
    "application/x-jsonlines": "ndjson",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
EXTENSIONS: dict[str, FileFormat] = {
    ".csv": "csv",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".xlsx": "xlsx",
}

MAX_LINE = 1024 * 1024
TOO_LONG = f"the line is longer than {MAX_LINE // 1024 // 1024} MB"
BLOCK = 64 * 1024
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class RawRow:
    """One row as read: `json` (NDJSON) or `data` (CSV, XLSX), or `issues` if unreadable.

    `position` is how far the file has been read after it (bytes, or sheet rows)."""

    row: int
    position: int
    json: bytes | None = None
    data: dict[str, object] | None = None
    issues: tuple[Issue, ...] = ()


@dataclass
class FileRows:
    """The rows of a file and how far there is to go (`total` in `position` units)."""

    rows: Iterator[RawRow]
    total: int | None
    closers: list[object] = field(default_factory=list)

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        for closer in self.closers:
            getattr(closer, "close", lambda: None)()


def check_file(handle: BinaryIO, file_format: FileFormat, columns: Columns) -> None:
    """Refuse a file that cannot be imported at all, before anything is stored."""
    handle.seek(0)
    if not _has_content(handle):
        raise FileRefused(
            "The file has no rows.", [Issue("#", "empty", "the file is empty")], kind="empty-file"
        )
    handle.seek(0)
    if file_format == "csv":
        columns.check_header(_csv_header(handle))
    elif file_format == "xlsx":
        from csp_common.imports import xlsx

        xlsx.check_workbook(handle, columns)
    handle.seek(0)


def read_file(handle: BinaryIO, file_format: FileFormat, columns: Columns) -> FileRows:
    """The rows of a file that `check_file` accepted, from its start."""
    handle.seek(0)
    if file_format == "csv":
        return FileRows(read_csv(handle, columns), total=size_of(handle))
    if file_format == "ndjson":
        return FileRows(read_ndjson(handle), total=size_of(handle))
    from csp_common.imports import xlsx

    return xlsx.read_workbook(handle, columns)


def size_of(handle: BinaryIO) -> int:
    position = handle.tell()
    size = handle.seek(0, 2)
    handle.seek(position)
    return size


def _has_content(handle: BinaryIO) -> bool:
    first = True
    while block := handle.read(BLOCK):
        if first:
            block = block.removeprefix(UTF8_BOM)
            first = False
        if block.strip(BLANK.encode()):
            return True
    return False


def _lines(handle: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
    """(line without its line break, or None when over MAX_LINE bytes; bytes consumed)."""
    while raw := handle.readline(MAX_LINE):
        if len(raw) < MAX_LINE or raw.endswith(b"\n"):
            yield raw.rstrip(b"\r\n"), len(raw)
            continue
        size = len(raw)
        while (rest := handle.readline(MAX_LINE)) and not rest.endswith(b"\n"):
            size += len(rest)
        yield None, size + len(rest)


def _text(raw: bytes | None, *, first: bool) -> str | Issue:
    if raw is None:
        return Issue("#", "too_long", TOO_LONG)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Issue("#", "unreadable", "the row is not valid UTF-8")
    return text.removeprefix("\ufeff") if first else text


def _cells(line: str) -> list[str] | Issue:
    """The cells of one CSV line (a quote left open is an error, never the next line)."""
    try:
        cells = next(csv.reader([line], strict=True), [])
    except csv.Error as exc:
        return Issue("#", "csv", f"not valid CSV: {exc} (is a quote unbalanced?)")
    if any("\r" in cell or "\n" in cell for cell in cells):
        return Issue("#", "csv", "a cell holds a line break: a CSV row is one line")
    return cells


def _csv_header(handle: BinaryIO) -> list[str]:
    raw, _ = next(_lines(handle), (b"", 0))
    text = _text(raw, first=True)
    cells = _cells(text) if isinstance(text, str) else text
    if isinstance(cells, Issue):
        issue = Issue("#/header", cells.code, cells.detail)
        raise FileRefused(f"The CSV header is unreadable: {issue.detail}.", [issue])
    return cells


def read_csv(handle: BinaryIO, columns: Columns) -> Iterator[RawRow]:
    """Rows of a CSV file from its start; `row` is the line (the header is line 1)."""
    lines = _lines(handle)
    raw, position = next(lines, (b"", 0))
    text = _text(raw, first=True)
    header = _cells(text) if isinstance(text, str) else text
    if isinstance(header, Issue):  # checked when the file was accepted
        return
    names = columns.check_header(header)
    for number, (raw, size) in enumerate(lines, start=2):
        position += size
        text = _text(raw, first=False)
        if isinstance(text, str) and not text.strip(BLANK):
            continue
        cells = _cells(text) if isinstance(text, str) else text
        if isinstance(cells, Issue):
            yield RawRow(row=number, position=position, issues=(cells,))
        elif not any(cell.strip(BLANK) for cell in cells):
            continue  # a row of empty cells (",,,")
        elif len(cells) != len(names):
            issue = Issue("#", "cells", f"{len(cells)} cells where the header has {len(names)}")
            yield RawRow(row=number, position=position, issues=(issue,))
        else:
            yield RawRow(row=number, position=position, data=columns.row(names, cells))


def read_ndjson(handle: BinaryIO) -> Iterator[RawRow]:
    """Rows of an NDJSON file from its start; `row` is the line."""
    position = 0
    for number, (raw, size) in enumerate(_lines(handle), start=1):
        position += size
        text = _text(raw, first=number == 1)
        if isinstance(text, Issue):
            yield RawRow(row=number, position=position, issues=(text,))
        elif text.strip(BLANK):
            assert raw is not None
            yield RawRow(row=number, position=position, json=raw.removeprefix(UTF8_BOM))
