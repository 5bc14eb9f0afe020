"""Reading an XLSX workbook's first sheet a row at a time (openpyxl's read-only mode).

Row 1 is the header, as in a CSV file; cells are read as the text a person sees, so a
row is validated as a CSV row is: a date cell is `YYYY-MM-DD` (a date-time cell
`YYYY-MM-DDTHH:MM:SS`, without an offset), a whole number `42`, a boolean `true`.

The sheet is parsed as it is read, so memory stays flat in its rows; openpyxl holds
the workbook's shared strings (its distinct texts) and styles in memory, so those parts
are bounded (`MAX_PART`). Before openpyxl sees a workbook, the archive is checked: its
expanded size is bounded (a small file cannot unpack into a huge one) and no XML part
may declare a document type (`<!DOCTYPE`, where entity expansion attacks live), nor an
encoding other than UTF-8.
"""

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, BinaryIO

from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from csp_common.imports.columns import BLANK, MAX_COLUMNS, Columns, FileRefused
from csp_common.imports.readers import FileRows, RawRow
from csp_common.imports.rows import Issue

MAX_EXPANDED = 1024 * 1024 * 1024
MAX_PART = 64 * 1024 * 1024
MAX_PARTS = 10_000
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit; openpyxl fills gaps up to a row's number
PROLOG_LIMIT = 64 * 1024
XML_PARTS = (".xml", ".rels", ".vml")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_NAME_START = re.compile(rb"<[A-Za-z_:]")
_TIME_CODES = re.compile(r"[hs]", re.IGNORECASE)
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _refused(detail: str) -> FileRefused:
    return FileRefused(
        f"The file is not a readable XLSX workbook: {detail}.",
        [Issue("#", "unreadable", detail)],
        kind="unreadable-file",
    )


def check_workbook(handle: BinaryIO, columns: Columns) -> None:
    """Refuse a workbook that cannot be imported, or whose header is wrong."""
    rows = read_workbook(handle, columns)
    rows.close()


def read_workbook(handle: BinaryIO, columns: Columns) -> FileRows:
    """The rows of the workbook's first sheet; `row` is the sheet's row number."""
    handle.seek(0)
    _check_archive(handle)
    handle.seek(0)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # anything openpyxl raises on a file is the file's fault
        raise _refused(f"it cannot be opened ({type(exc).__name__})") from None
    try:
        if not workbook.worksheets:
            raise _refused("it has no worksheet")
        sheet = workbook.worksheets[0]
        if not isinstance(sheet, ReadOnlyWorksheet):
            raise _refused("its first sheet is not a worksheet")
        names = columns.check_header(_header(sheet))
        total = _max_row(sheet)
    except BaseException:
        workbook.close()
        raise
    return FileRows(_rows(sheet, names, columns), total=total, closers=[workbook])


def _check_archive(handle: BinaryIO) -> None:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refused("it is not a ZIP archive") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _refused(f"it has over {MAX_PARTS} parts")
        if sum(part.file_size for part in parts) > MAX_EXPANDED:
            raise _refused(f"it expands to over {MAX_EXPANDED // 1024 // 1024} MB")
        for part in parts:
            if part.flag_bits & 0x1:
                raise _refused("it is encrypted")
            if not part.filename.startswith("xl/worksheets/") and part.file_size > MAX_PART:
                raise _refused(f"a part is over {MAX_PART // 1024 // 1024} MB")
            if part.filename.lower().endswith(XML_PARTS):
                _check_prolog(archive, part)


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """An XML part's prolog holds no document type and declares no encoding but UTF-8."""
    try:
        with archive.open(part) as stream:
            head = stream.read(PROLOG_LIMIT)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise _refused(f"a part cannot be unpacked ({type(exc).__name__})") from None
    at = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while head[at : at + 1] in (b" ", b"\t", b"\r", b"\n"):
            at += 1
        if at >= len(head):
            if len(head) < PROLOG_LIMIT:
                return  # an empty part: openpyxl decides
            raise _refused("an XML part's prolog is too long")
        if head.startswith(b"<?", at):
            end = head.find(b"?>", at)
            if end < 0:
                raise _refused("an XML part's prolog is too long")
            encoding = _ENCODING.search(head, at, end)
            if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
                raise _refused("an XML part is not UTF-8")
            at = end + 2
        elif head.startswith(b"<!--", at):
            end = head.find(b"-->", at)
            if end < 0:
                raise _refused("an XML part's prolog is too long")
            at = end + 3
        elif _NAME_START.match(head, at):
            return  # the root element: the prolog is over
        else:  # a document type (<!DOCTYPE), or bytes that are not UTF-8 XML
            raise _refused("an XML part declares a document type or is not UTF-8 XML")


def _header(sheet: ReadOnlyWorksheet) -> list[str]:
    try:
        for cells in sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS + 1):
            return [_text(cell) for cell in cells]
    except Exception as exc:
        raise _refused(f"its first sheet cannot be read ({type(exc).__name__})") from None
    return []


def _max_row(sheet: ReadOnlyWorksheet) -> int | None:
    try:
        rows = sheet.max_row
    except Exception:  # a dimension the sheet states wrongly: progress is then unknown
        return None
    return rows if isinstance(rows, int) and 0 < rows <= MAX_SHEET_ROWS else None


def _rows(sheet: ReadOnlyWorksheet, names: list[str], columns: Columns) -> Iterator[RawRow]:
    number = 1
    cells_in = sheet.iter_rows(min_row=2, max_row=MAX_SHEET_ROWS, max_col=len(names))
    while True:
        try:
            cells = next(cells_in, None)
        except Exception as exc:
            issue = Issue(
                "#",
                "unreadable",
                f"the sheet cannot be read from this row on ({type(exc).__name__})",
            )
            yield RawRow(row=number + 1, position=number + 1, issues=(issue,))
            return
        if cells is None:
            return
        number += 1
        texts = [_text(cell) for cell in cells]
        texts += [""] * (len(names) - len(texts))
        if any(text.strip(BLANK) for text in texts):
            yield RawRow(row=number, position=number, data=columns.row(names, texts))


def _text(cell: Any) -> str:
    """A cell as the text a person sees in it."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if _shows_time(getattr(cell, "number_format", None) or ""):
            return value.isoformat()
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _shows_time(number_format: str) -> bool:
    return bool(_TIME_CODES.search(_QUOTED_OR_BRACKETED.sub("", number_format)))
